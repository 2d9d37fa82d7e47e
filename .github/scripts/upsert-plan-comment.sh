#!/usr/bin/env bash
# Creates or edits the one pull-request comment of a stack's plan, so a pull request carries one
# comment per stack, kept up to date, rather than one more per push.
#
# Usage: upsert-plan-comment.sh STACK BODY_FILE
# Needs GH_TOKEN (pull-requests: write), GITHUB_REPOSITORY and PR_NUMBER in the environment.
# The previous comment is the one this workflow's bot wrote whose body opens with the stack's
# hidden marker (infra/plan/comment.py, `marker`): a comment someone else writes with the same
# marker is never edited.
set -euo pipefail

stack="$1"
body_file="$2"
marker="<!-- myapp-infra:plan:${stack} -->"
bot="github-actions[bot]"

if [ "$(head -n 1 "$body_file")" != "$marker" ]; then
  echo "error: $body_file does not open with the marker of stack '$stack'" >&2
  exit 2
fi

existing=$(
  gh api --paginate "repos/${GITHUB_REPOSITORY}/issues/${PR_NUMBER}/comments" \
    | jq --raw-output --arg bot "$bot" --arg marker "$marker" \
      '.[] | select(.user.login == $bot and (.body | startswith($marker))) | .id' \
    | head -n 1
)

payload=$(jq --null-input --rawfile body "$body_file" '{body: $body}')
if [ -n "$existing" ]; then
  gh api --method PATCH "repos/${GITHUB_REPOSITORY}/issues/comments/${existing}" --input - <<< "$payload" > /dev/null
  echo "edited the plan comment of ${stack} (${existing})"
else
  gh api --method POST "repos/${GITHUB_REPOSITORY}/issues/${PR_NUMBER}/comments" --input - <<< "$payload" > /dev/null
  echo "posted the plan comment of ${stack}"
fi
