"""`.github/scripts/upsert-plan-comment.sh`: one comment per stack, edited in place, found by its
marker among the bot's own comments. `gh` is a stand-in that serves canned comments and records
each call; `jq` is the real one."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from infra.plan.comment import marker
from tests.delivery.support import REPO_ROOT

SCRIPT = REPO_ROOT / ".github" / "scripts" / "upsert-plan-comment.sh"
BOT = "github-actions[bot]"
FAKE_GH = """#!{python}
import json, pathlib, sys
here = pathlib.Path(__file__).parent
args = sys.argv[1:]
if "--method" in args:
    method, path = args[args.index("--method") + 1], args[args.index("--method") + 2]
    with open(here / "calls.jsonl", "a") as log:
        log.write(json.dumps({{"method": method, "path": path, "payload": json.loads(sys.stdin.read())}}) + "\\n")
else:
    print((here / "comments.json").read_text())
"""


@pytest.fixture
def run_script(tmp_path):
    if shutil.which("jq") is None:
        pytest.fail("jq is not installed (GitHub's runners have it; locally: apt-get install jq)")
    gh = tmp_path / "gh"
    gh.write_text(FAKE_GH.format(python=sys.executable))
    gh.chmod(0o755)

    def run(stack: str, existing: list[dict]) -> list[dict]:
        (tmp_path / "comments.json").write_text(json.dumps(existing))
        body = tmp_path / "comment.md"
        body.write_text(f"{marker(stack)}\n### Plan for `{stack}`: 1 to update\n")
        env = {"PATH": f"{tmp_path}:/usr/bin:/bin", "GITHUB_REPOSITORY": "myapp/myapp-infra", "PR_NUMBER": "7"}
        result = subprocess.run(["bash", str(SCRIPT), stack, str(body)], capture_output=True, text=True, env=env, timeout=60)
        assert result.returncode == 0, result.stderr
        calls = tmp_path / "calls.jsonl"
        return [json.loads(line) for line in calls.read_text().splitlines()] if calls.exists() else []

    return run


def comment(id_: int, login: str, body: str) -> dict:
    return {"id": id_, "user": {"login": login}, "body": body}


def test_the_bots_previous_comment_of_the_stack_is_edited_not_posted_again(run_script):
    calls = run_script(
        "production",
        [
            comment(11, "someone", f"{marker('production')}\nlooks like a plan"),
            comment(12, BOT, f"{marker('staging')}\nstaging's plan"),
            comment(13, BOT, f"{marker('production')}\nthe old plan"),
        ],
    )
    assert [(c["method"], c["path"]) for c in calls] == [("PATCH", "repos/myapp/myapp-infra/issues/comments/13")]
    assert calls[0]["payload"]["body"].startswith(marker("production"))


def test_the_first_plan_of_a_stack_is_posted(run_script):
    calls = run_script("staging", [comment(11, "someone", f"{marker('staging')}\nnot the bot's")])
    assert [(c["method"], c["path"]) for c in calls] == [("POST", "repos/myapp/myapp-infra/issues/7/comments")]
