"""The deploy workflow verifies after `pulumi up` and, on failure, rolls back, tells Slack and fails."""

from __future__ import annotations

import yaml

from tests.delivery.support import REPO_ROOT

STEPS = yaml.safe_load((REPO_ROOT / ".github" / "workflows" / "deploy-stack.yml").read_text())["jobs"]["deploy"]["steps"]


def index_of(text: str) -> int:
    return next(i for i, step in enumerate(STEPS) if text in (step.get("run", "") + str(step.get("with", {}))))


def test_verify_runs_after_up_and_retries_for_two_minutes_without_failing_the_job_itself():
    verify = STEPS[index_of("-m infra.operations verify")]
    assert index_of("'command': 'up'") < index_of("-m infra.operations verify")
    assert "--retry-for 120" in verify["run"] and verify["continue-on-error"] is True and verify["id"] == "verify"


def test_a_failed_verify_rolls_back_what_the_run_changed_then_tells_slack_then_fails_the_run():
    rollback, slack, fail = (index_of(text) for text in ("-m infra.operations rollback", "SLACK_WEBHOOK_URL", "exit 1"))
    assert index_of("-m infra.operations verify") < rollback < slack < fail
    assert '--changed-by "$RUNNER_TEMP/preview.json" --yes' in STEPS[rollback]["run"]
    assert STEPS[rollback]["if"] == STEPS[fail]["if"] == "steps.verify.outcome == 'failure'"
    assert STEPS[slack]["if"] == "always() && steps.verify.outcome == 'failure'"
    assert set(STEPS[rollback]["env"]) == {"VERCEL_API_TOKEN", "RAILWAY_TOKEN"}
