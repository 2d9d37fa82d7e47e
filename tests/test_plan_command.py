"""`make plan`: the offline plan as people read it and as machines read it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
RESOURCE_FIELDS = {"urn", "type", "name", "parent", "custom", "provider", "inputs", "dependencies", "propertyDependencies", "options"}


def run_plan(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "infra.plan", *args],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "HOME": "/nonexistent"},  # no credentials, no Pulumi CLI
    )


@pytest.fixture(scope="module")
def both_stacks_json() -> dict:
    result = run_plan("production", "staging", "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def staging_text() -> str:
    result = run_plan("staging")
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_both_stacks_are_planned_in_one_run(both_stacks_json):
    assert both_stacks_json["format"] == "myapp-infra/plan@1"
    assert [s["stack"] for s in both_stacks_json["stacks"]] == ["production", "staging"]


def test_every_resource_carries_the_documented_fields(both_stacks_json):
    for stack in both_stacks_json["stacks"]:
        for resource in stack["resources"]:
            assert set(resource) == RESOURCE_FIELDS, f"{resource['urn']} has fields {sorted(resource)}"
            assert "protect" in resource["options"], f"{resource['urn']} does not say whether it is protected"


def test_children_name_their_parent_and_dependencies_are_declared_resources(both_stacks_json):
    for stack in both_stacks_json["stacks"]:
        urns = {r["urn"] for r in stack["resources"]}
        for resource in stack["resources"]:
            assert resource["parent"] is None or resource["parent"] in urns, f"{resource['urn']} has an unknown parent"
            assert set(resource["dependencies"]) <= urns, f"{resource['urn']} depends on undeclared resources"


def test_the_tree_shows_each_resource_under_its_parent(staging_text):
    assert " +   pulumi:pulumi:Stack" in staging_text
    assert "└─ myapp:vercel:Frontend" in staging_text
    assert "vercel:index/projectRoute:ProjectRoute" in staging_text


def test_the_summary_counts_resources_per_type(staging_text):
    summary = staging_text.split("By type:")[1]
    assert "4  vercel:index/projectEnvironmentVariable:ProjectEnvironmentVariable" in summary


def test_secret_values_are_replaced_by_marked_placeholders_and_masked(both_stacks_json):
    text = json.dumps(both_stacks_json)
    assert "OFFLINE-PLACEHOLDER" not in text, "placeholders must be masked like real secrets"
    assert "[secret]" in text


def test_an_unknown_stack_is_a_clear_error_not_a_traceback():
    result = run_plan("prodution")
    assert result.returncode == 2
    assert "Pulumi.prodution.yaml: does not exist" in result.stderr and "production, staging" in result.stderr
    assert "Traceback" not in result.stderr


def test_bin_plan_keeps_the_plans_exit_status_for_scripts():
    """make reports every failure as 2; `bin/plan` hands on the plan's own 0 / 1 / 2."""

    def status(*args: str) -> int:
        return subprocess.run([str(REPO_ROOT / "bin" / "plan"), *args], cwd=REPO_ROOT, capture_output=True, timeout=120).returncode

    assert status("staging", "--no-policy") == 0
    assert status("no-such-stack") == 2
