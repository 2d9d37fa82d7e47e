"""A wrong "before" file is a user's mistake: every command refuses it with exit status 2 and one
line that names the file and says which file to give instead, never a traceback, and never a
diff against the wrong thing (another stack's plan would make every resource look new)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from infra.plan.cli import main as plan_main
from infra.plan.gate import main as gate_main
from infra.plan.reviewed import dumps, plans_document
from tests.delivery.support import REPO_ROOT

DELETE_STEP = {"op": "delete", "oldState": {"type": "cloudflare:index/dnsRecord:DnsRecord", "protect": False}}
EDGE_API = "urn:pulumi:production::myapp-infra::cloudflare:index/dnsRecord:DnsRecord::myapp-edge-dns-api"


def refusal(command, argv, capsys) -> str:
    """The one-line error of a refused command; fails if it ran, or printed a traceback."""
    status = command(argv)
    err = capsys.readouterr().err
    assert status == 2, f"expected exit status 2, got {status}: {err}"
    assert err.startswith("error: ") and "Traceback" not in err, err
    return err


def written(tmp_path, name: str, content) -> str:
    path = tmp_path / name
    path.write_text(content if isinstance(content, str) else json.dumps(content))
    return str(path)


def test_a_plan_file_holding_a_json_array_is_refused_naming_the_file_and_the_plan_to_give(tmp_path, capsys):
    path = written(tmp_path, "plans.json", [1, 2])
    err = refusal(plan_main, ["staging", "--diff", "--against", path], capsys)
    assert f"{path}: not a myapp-infra/plan@1 document (a JSON array)" in err and "make plan STACK=staging ARGS=--json" in err


def test_a_plan_file_that_is_not_json_is_refused_naming_the_file(tmp_path, capsys):
    path = written(tmp_path, "plans.json", "plan: yes\n")
    err = refusal(plan_main, ["staging", "--diff", "--against", path], capsys)
    assert f"{path}: not JSON" in err and "plans/staging.json" in err


def test_the_plan_of_another_stack_is_refused_rather_than_compared(tmp_path, capsys, production_plan):
    path = written(tmp_path, "production.json", dumps(plans_document([production_plan], reviewed=True)))
    err = refusal(plan_main, ["staging", "--diff", "--against", path], capsys)
    assert f"{path}: holds the plan of production, not of staging" in err


def test_a_plan_path_that_does_not_exist_is_refused_rather_than_read_as_no_plan(tmp_path, capsys):
    missing = str(tmp_path / "plan")
    err = refusal(plan_main, ["staging", "--diff", "--against", missing], capsys)
    assert f"{missing}: no such file or directory" in err


def test_a_preview_step_without_a_urn_is_refused_naming_the_file_and_the_command_that_writes_one(tmp_path, capsys):
    path = written(tmp_path, "preview.json", {"steps": [DELETE_STEP]})
    err = refusal(gate_main, ["production", "--preview-json", path, "--confirmed", "false"], capsys)
    assert f"{path}: step 1 (delete) has no urn" in err and f"pulumi preview --stack production --json > {path}" in err


def test_a_preview_of_another_stack_is_refused(tmp_path, capsys):
    path = written(tmp_path, "preview.json", {"steps": [{**DELETE_STEP, "urn": EDGE_API}]})
    err = refusal(gate_main, ["staging", "--preview-json", path], capsys)
    assert "previews stack production, not staging" in err


def test_a_failed_preview_is_refused_rather_than_passed_as_changing_nothing(tmp_path, capsys):
    path = written(
        tmp_path, "preview.json", {"diagnostics": [{"severity": "error", "message": "railway: unauthorized"}], "changeSummary": {}}
    )
    err = refusal(gate_main, ["production", "--preview-json", path], capsys)
    assert "the preview failed (railway: unauthorized)" in err


@pytest.mark.parametrize("export", [{"version": 3}, {"version": 3, "deployment": {"resources": [{"type": "x"}]}}, ["a list"]])
def test_a_state_file_that_is_no_stack_export_is_refused_with_the_command_that_makes_one(tmp_path, capsys, export):
    path = written(tmp_path, "state.json", export)
    err = refusal(plan_main, ["staging", "--diff", "--state", path], capsys)
    assert path in err and "pulumi stack export --stack staging" in err and "supported versions" not in err


def test_a_state_export_without_a_deployment_says_so_not_that_its_version_is_unsupported(tmp_path, capsys):
    path = written(tmp_path, "state.json", {"version": 3})
    assert "has no `deployment`" in refusal(plan_main, ["staging", "--diff", "--state", path], capsys)


def test_the_command_line_refuses_a_wrong_file_without_a_traceback(tmp_path):
    path = written(tmp_path, "plans.json", [1, 2])
    result = subprocess.run(
        [sys.executable, "-m", "infra.plan", "staging", "--diff", "--against", path],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "HOME": "/nonexistent"},
    )
    assert (result.returncode, result.stdout) == (2, ""), result.stderr
    assert result.stderr.startswith(f"error: {path}: not a myapp-infra/plan@1 document") and "Traceback" not in result.stderr
