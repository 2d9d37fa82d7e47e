"""`make plan STACK=x ARGS="--diff --state FILE"`: the program against a deployed state, from
`pulumi stack export`. The sample export (data/staging.stack-export.json) is staging as deployed
a while ago: the project built with another command, the API URL variable not created yet, and a
legacy variable the program no longer declares."""

from __future__ import annotations

import argparse
import json

import pytest

from infra.plan.baselines import diffs_from_arguments, stack_diff
from infra.plan.diff import CREATE, DELETE, UPDATE, PropertyChange, render_diff
from infra.plan.state_export import StateExportError, read_state_export

EXPORT_NAME = "staging.stack-export.json"
RESOURCE_V3_FIELDS = {
    "urn",
    "custom",
    "delete",
    "id",
    "type",
    "inputs",
    "outputs",
    "parent",
    "protect",
    "external",
    "dependencies",
    "initErrors",
    "provider",
    "propertyDependencies",
    "pendingReplacement",
    "additionalSecretOutputs",
    "aliases",
    "customTimeouts",
    "importID",
    "snippetID",
    "owner",
}


@pytest.fixture(scope="module")
def export_path(data_dir):
    return data_dir / EXPORT_NAME


@pytest.fixture(scope="module")
def state_diff(export_path, staging_plan):
    return stack_diff("staging", state=export_path)


def change_named(diff, name):
    return next((change for change in diff.changes if change.name == name), None)


def test_the_sample_export_follows_pulumis_deployment_format_v3(export_path):
    export = json.loads(export_path.read_text())
    assert set(export) == {"version", "deployment"} and export["version"] == 3
    assert set(export["deployment"]) <= {"manifest", "secrets_providers", "resources", "pending_operations"}
    assert {"time", "magic", "version"} <= set(export["deployment"]["manifest"])
    for resource in export["deployment"]["resources"]:
        assert set(resource) <= RESOURCE_V3_FIELDS and "urn" in resource, resource["urn"]


def test_a_property_that_differs_from_the_deployed_one_is_an_update_of_that_property_only(state_diff):
    project = change_named(state_diff, "myapp-frontend-project")
    assert project is not None and project.action == UPDATE, render_diff(state_diff)
    assert project.properties == (PropertyChange("buildCommand", "npm run build:staging", "npm run build"),)


def test_a_resource_not_deployed_yet_is_a_create_and_one_no_longer_declared_a_delete(state_diff):
    assert change_named(state_diff, "myapp-frontend-env-NEXT_PUBLIC_API_URL").action == CREATE
    assert change_named(state_diff, "myapp-frontend-env-NEXT_PUBLIC_LEGACY_API_URL").action == DELETE


def test_resources_deployed_as_declared_show_no_change_despite_real_ids_and_encrypted_secrets(state_diff):
    for name in ("myapp-frontend-env-NEXT_PUBLIC_SUPABASE_URL", "myapp-frontend-security-headers", "myapp-frontend"):
        assert change_named(state_diff, name) is None, f"{name} should be unchanged:\n{render_diff(state_diff)}"


def test_the_default_provider_and_provider_bookkeeping_never_show_as_changes(state_diff):
    rendered = render_diff(state_diff)
    assert "pulumi:providers" not in rendered and "__defaults" not in rendered and "autoAssignCustomDomains" not in rendered


def test_encrypted_state_secrets_stay_masked(state_diff, export_path):
    rendered = render_diff(state_diff)
    ciphertexts = [value for value in _strings(json.loads(export_path.read_text())) if value.startswith("v1:")]
    assert ciphertexts and not [c for c in ciphertexts if c in rendered]


def test_the_diff_names_the_deployed_state_it_compares_against(state_diff):
    assert f"against the deployed state ({EXPORT_NAME})" in render_diff(state_diff)


def test_a_file_that_is_no_stack_export_is_refused_with_the_command_that_makes_one(tmp_path):
    path = tmp_path / "plan.json"
    path.write_text('{"format": "myapp-infra/plan@1", "stacks": []}')
    with pytest.raises(StateExportError, match="not a `pulumi stack export` file"):
        read_state_export(path, "staging")


def test_an_export_of_another_stack_is_refused(export_path):
    with pytest.raises(StateExportError, match="export it with `pulumi stack export --stack production`"):
        read_state_export(export_path, "production")


def test_a_state_is_one_stack_so_naming_two_is_an_error(export_path, capsys):
    args = argparse.Namespace(stacks=["production", "staging"], state=export_path, preview_json=None, against=None, label=None)
    assert diffs_from_arguments(args) is None
    assert "--state describes one stack" in capsys.readouterr().err


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
