"""What Check refuses and what Diff decides, asked of the plugin over gRPC as the engine asks it."""

from __future__ import annotations

import grpc
import pytest
from plugin_harness import UNKNOWN, Secret, from_struct

SERVICE = {"projectId": "p1", "name": "myapp-backend", "sourceRepo": "myapp/myapp-backend", "sourceRepoBranch": "main"}
INSTANCE = {"serviceId": "s1", "environmentId": "e1", "healthcheckPath": "/health", "numReplicas": 2}
DOMAIN = {"projectId": "p1", "environmentId": "e1", "serviceId": "s1", "domain": "api.myapp.com", "targetPort": 8080}
VARIABLES = {
    "projectId": "p1",
    "environmentId": "e1",
    "serviceId": "s1",
    "variables": {"PORT": "8080", "JWT_SECRET": "x"},
    "sealed": ["JWT_SECRET"],
}
ENVIRONMENT = {"projectId": "p1", "name": "staging"}
NO_CHANGE = 1  # DiffResponse.DIFF_NONE
DELETE = 2  # PropertyDiff.DELETE


def failures(plugin, kind: str, inputs: dict) -> dict[str, str]:
    return {f.property: f.reason for f in plugin.check(kind, inputs).failures}


def test_check_reports_one_failure_per_bad_input(plugin_process):
    bad = {**INSTANCE, "healthcheckPath": "health", "numReplicas": 0, "restartPolicyType": "SOMETIMES"}
    assert set(failures(plugin_process, "ServiceInstance", bad)) == {"healthcheckPath", "numReplicas", "restartPolicyType"}


def test_a_check_failure_names_the_resource_the_input_and_the_bad_value(plugin_process):
    reason = failures(plugin_process, "Service", {**SERVICE, "sourceRepo": "myapp-backend"})["sourceRepo"]
    assert all(part in reason for part in ("Service 'myapp-backend'", "sourceRepo", "'myapp-backend'", "owner/name")), reason


@pytest.mark.parametrize(
    ("kind", "inputs", "field"),
    [
        ("Project", {"name": ""}, "name"),
        ("Environment", {**ENVIRONMENT, "name": "  "}, "name"),
        ("Service", {**SERVICE, "name": ""}, "name"),
        ("ServiceInstance", {**INSTANCE, "serviceId": ""}, "serviceId"),
        ("VariableCollection", {**VARIABLES, "environmentId": ""}, "environmentId"),
        ("ServiceDomain", {"environmentId": "e1", "serviceId": "s1", "subdomain": ""}, "subdomain"),
        ("CustomDomain", {**DOMAIN, "domain": ""}, "domain"),
    ],
)
def test_check_refuses_an_empty_name_or_id_of_any_resource(plugin_process, kind, inputs, field):
    reason = failures(plugin_process, kind, inputs).get(field, "")
    assert "must not be empty" in reason, f"{kind} with an empty {field} passed check: {reason!r}"


def test_check_refuses_a_region_railway_does_not_offer_and_names_the_valid_ones(plugin_process):
    reason = failures(plugin_process, "ServiceInstance", {**INSTANCE, "region": "us-east4"})["region"]
    assert "'us-east4'" in reason and all(r in reason for r in ("us-west2", "us-east4-eqdc4a", "europe-west4-drams3a")), reason


def test_check_accepts_every_region_railway_offers(plugin_process):
    for region in ("us-west2", "us-east4-eqdc4a", "europe-west4-drams3a", "asia-southeast1-eqsg3a"):
        assert not failures(plugin_process, "ServiceInstance", {**INSTANCE, "region": region}), region


def test_check_refuses_a_missing_required_input(plugin_process):
    assert "serviceId" in failures(plugin_process, "ServiceInstance", {"environmentId": "e1"})


def test_check_refuses_an_input_the_resource_does_not_have(plugin_process):
    reason = failures(plugin_process, "Service", {**SERVICE, "adoptExisting": True}).get("adoptExisting", "")
    assert "railway:index:Service" in reason, reason


def test_check_refuses_a_service_with_both_a_repo_and_an_image(plugin_process):
    assert "sourceImage" in failures(plugin_process, "Service", {**SERVICE, "sourceImage": "node:18"})


def test_check_refuses_a_fractional_replica_count(plugin_process):
    assert "numReplicas" in failures(plugin_process, "ServiceInstance", {**INSTANCE, "numReplicas": 1.5})


def test_check_refuses_a_sealed_name_with_no_variable(plugin_process):
    reason = failures(plugin_process, "VariableCollection", {**VARIABLES, "sealed": ["JWT_SECRET", "STRIPE_KEY"]}).get("sealed", "")
    assert "STRIPE_KEY" in reason and "JWT_SECRET" not in reason, reason


def test_check_refuses_an_invalid_variable_name_and_never_prints_its_value(plugin_process):
    bad = {**VARIABLES, "variables": {"API-KEY": "value-that-must-not-show"}, "sealed": []}
    found = failures(plugin_process, "VariableCollection", bad)
    assert 'variables["API-KEY"]' in found and "value-that-must-not-show" not in str(found), found


def test_check_accepts_values_not_known_until_apply(plugin_process):
    assert not failures(plugin_process, "ServiceInstance", {**INSTANCE, "serviceId": UNKNOWN, "numReplicas": UNKNOWN})


def test_check_stores_whole_numbers_as_whole_numbers(plugin_process):
    checked = from_struct(plugin_process.check("ServiceInstance", {**INSTANCE, "numReplicas": 2.0}).inputs)
    assert checked["numReplicas"] == 2 and isinstance(checked["numReplicas"], int)


def test_an_unknown_resource_type_is_refused_with_the_known_ones(plugin_process):
    with pytest.raises(grpc.RpcError) as refused:
        plugin_process.check("Volume", {"name": "data"})
    assert "railway:index:Service" in refused.value.details(), refused.value.details()


def diff(plugin, kind: str, olds: dict, news: dict, old_inputs: dict | None = None):
    return plugin.diff(kind, "id1", olds, olds if old_inputs is None else old_inputs, news)


def test_moving_a_service_to_another_project_replaces_it(plugin_process):
    answer = diff(plugin_process, "Service", SERVICE, {**SERVICE, "projectId": "p2"})
    assert list(answer.replaces) == ["projectId"], f"moving Service 'myapp-backend' gives replaces={list(answer.replaces)}"


def test_renaming_a_service_updates_it_in_place_and_names_the_property(plugin_process):
    answer = diff(plugin_process, "Service", SERVICE, {**SERVICE, "name": "api"})
    assert answer.changes == answer.DIFF_SOME and not answer.replaces and list(answer.detailedDiff) == ["name"]


def test_identical_inputs_make_no_change(plugin_process):
    assert diff(plugin_process, "Service", SERVICE, dict(SERVICE)).changes == NO_CHANGE


def test_an_optional_input_never_declared_is_not_a_change(plugin_process):
    refreshed = {**INSTANCE, "region": "us-west2"}
    assert diff(plugin_process, "ServiceInstance", refreshed, INSTANCE, old_inputs=INSTANCE).changes == NO_CHANGE


def test_a_value_unknown_during_preview_counts_as_a_change(plugin_process):
    answer = diff(plugin_process, "Service", SERVICE, {**SERVICE, "projectId": UNKNOWN})
    assert list(answer.replaces) == ["projectId"]


def test_a_variable_change_names_the_variable_not_its_value(plugin_process):
    answer = diff(plugin_process, "VariableCollection", VARIABLES, {**VARIABLES, "variables": {"PORT": "3000", "JWT_SECRET": "x"}})
    assert list(answer.detailedDiff) == ['variables["PORT"]'], list(answer.detailedDiff)


def test_a_custom_domain_moved_to_another_service_is_deleted_before_it_is_recreated(plugin_process):
    answer = diff(plugin_process, "CustomDomain", DOMAIN, {**DOMAIN, "serviceId": "s2"})
    assert list(answer.replaces) == ["serviceId"] and answer.deleteBeforeReplace, "api.myapp.com would be attached twice"


def test_a_custom_domain_with_a_new_name_is_created_before_the_old_one_is_deleted(plugin_process):
    answer = diff(plugin_process, "CustomDomain", DOMAIN, {**DOMAIN, "domain": "api2.myapp.com"})
    assert list(answer.replaces) == ["domain"] and not answer.deleteBeforeReplace


def test_a_new_copy_source_for_an_environment_is_no_change_as_railway_copies_only_at_creation(plugin_process):
    answer = diff(plugin_process, "Environment", ENVIRONMENT, {**ENVIRONMENT, "sourceEnvironmentId": "e0"})
    assert answer.changes == NO_CHANGE and not answer.replaces, "a new copy source would destroy Environment 'staging'"


def test_removing_a_start_command_is_an_update_that_resets_it(plugin_process):
    olds = {**INSTANCE, "startCommand": "node dist/server.js"}
    answer = diff(plugin_process, "ServiceInstance", olds, INSTANCE)
    assert list(answer.diffs) == ["startCommand"] and answer.detailedDiff["startCommand"].kind == DELETE


def test_removing_a_setting_railway_cannot_unset_warns_the_user_through_the_engine(plugin_process, engine):
    engine.logs.clear()
    olds = {**INSTANCE, "region": "europe-west4-drams3a"}
    answer = diff(plugin_process, "ServiceInstance", olds, INSTANCE)
    warned = engine.warnings()
    assert answer.changes == NO_CHANGE, "a setting Railway keeps is no change to make"
    assert any(all(p in w for p in ("ServiceInstance of service 's1'", "region", "'europe-west4-drams3a'")) for w in warned), warned


def test_a_live_value_never_declared_is_neither_reset_nor_warned_about(plugin_process, engine):
    engine.logs.clear()
    refreshed = {**INSTANCE, "region": "us-west2", "startCommand": "npm start"}
    answer = diff(plugin_process, "ServiceInstance", refreshed, INSTANCE, old_inputs=INSTANCE)
    assert answer.changes == NO_CHANGE and not engine.warnings(), engine.warnings()


def test_taking_a_name_out_of_sealed_warns_that_railway_cannot_unseal(plugin_process, engine):
    engine.logs.clear()
    diff(plugin_process, "VariableCollection", VARIABLES, {**VARIABLES, "sealed": []})
    assert any("cannot unseal" in w and "JWT_SECRET" in w for w in engine.warnings()), engine.warnings()


def test_a_secret_input_is_never_quoted_in_a_check_failure(plugin_process):
    failed = failures(plugin_process, "ServiceInstance", {**INSTANCE, "healthcheckPath": Secret("no-slash-SECRETVALUE")})
    assert "healthcheckPath" in failed and "SECRETVALUE" not in str(failed), failed


def test_a_secret_input_railway_keeps_is_never_quoted_in_the_warning(plugin_process, engine):
    engine.logs.clear()
    olds = {**SERVICE, "sourceRepo": None, "sourceRepoBranch": None, "sourceImage": Secret("registry/user:SECRETPASS@img")}
    olds = {k: v for k, v in olds.items() if v is not None}
    plugin_process.diff("Service", "s1", olds, olds, {k: v for k, v in olds.items() if k != "sourceImage"})
    warned = engine.warnings()
    assert warned and not [w for w in warned if "SECRETPASS" in w], warned


def test_a_malformed_sealed_list_is_a_clear_check_failure_not_a_crash(plugin_process):
    reason = failures(plugin_process, "VariableCollection", {**VARIABLES, "sealed": [{"x": 1}]}).get("sealed", "")
    assert "a list of strings" in reason, reason


def test_a_new_value_of_a_creation_only_input_is_no_change(plugin_process):
    olds = {**ENVIRONMENT, "skipInitialDeploys": False}
    assert diff(plugin_process, "Environment", olds, {**olds, "skipInitialDeploys": True}).changes == NO_CHANGE


def test_a_provider_token_not_known_yet_passes_check_config(plugin_process):
    assert not plugin_process.check_config({"token": UNKNOWN, "endpoint": UNKNOWN}).failures


def test_a_secret_number_is_never_quoted_in_a_check_failure(plugin_process):
    failed = failures(plugin_process, "ServiceInstance", {**INSTANCE, "numReplicas": Secret(98765432.5)})
    assert "numReplicas" in failed and "98765432" not in str(failed), failed
