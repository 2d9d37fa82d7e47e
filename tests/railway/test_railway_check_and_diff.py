"""What `check` refuses and what `diff` decides (update in place, replace, delete first): no server needed."""

from __future__ import annotations

import pulumi
import pytest
from pulumi.output import Unknown

from infra.railway import (
    CustomDomainProvider,
    EnvironmentProvider,
    ServiceInstanceProvider,
    ServiceProvider,
    VariableCollectionProvider,
)
from infra.railway.resources._base import DECLARED

SERVICE = {"projectId": "p1", "name": "myapp-backend", "sourceRepo": "myapp/myapp-backend", "sourceRepoBranch": "main"}
INSTANCE = {"serviceId": "s1", "environmentId": "e1", "healthcheckPath": "/health", "numReplicas": 2.0}
DOMAIN = {"projectId": "p1", "environmentId": "e1", "serviceId": "s1", "domain": "api.myapp.com", "targetPort": 8080.0}
VARIABLES = {"projectId": "p1", "environmentId": "e1", "serviceId": "s1", "variables": {"PORT": "8080", "JWT_SECRET": "x"}, "sealed": ["JWT_SECRET"]}


def failures(provider, inputs) -> dict[str, str]:
    return {f.property: f.reason for f in provider.check({}, inputs).failures}


def test_check_reports_one_failure_per_bad_field():
    bad = {**INSTANCE, "healthcheckPath": "health", "numReplicas": 0.0, "restartPolicyType": "SOMETIMES"}
    assert set(failures(ServiceInstanceProvider(), bad)) == {"healthcheckPath", "numReplicas", "restartPolicyType"}


def test_a_check_failure_names_the_resource_the_field_and_the_value():
    reason = failures(ServiceProvider(), {**SERVICE, "sourceRepo": "myapp-backend"})["sourceRepo"]
    assert all(part in reason for part in ("Service 'myapp-backend'", "sourceRepo", "'myapp-backend'", "owner/name")), reason


def test_check_refuses_a_missing_required_input():
    assert "serviceId" in failures(ServiceInstanceProvider(), {"environmentId": "e1"}), "ServiceInstance without serviceId passed check"


def test_check_refuses_a_service_with_both_a_repo_and_an_image():
    assert "sourceImage" in failures(ServiceProvider(), {**SERVICE, "sourceImage": "node:18"})


def test_check_refuses_a_fractional_replica_count():
    assert "numReplicas" in failures(ServiceInstanceProvider(), {**INSTANCE, "numReplicas": 1.5})


def test_check_refuses_a_sealed_name_with_no_variable():
    reason = failures(VariableCollectionProvider(), {**VARIABLES, "sealed": ["JWT_SECRET", "STRIPE_KEY"]}).get("sealed", "")
    assert "STRIPE_KEY" in reason and "JWT_SECRET" not in reason, reason


def test_check_refuses_an_invalid_variable_name():
    bad = {**VARIABLES, "variables": {"API-KEY": "x"}, "sealed": []}
    assert "variables.API-KEY" in failures(VariableCollectionProvider(), bad)


def test_check_never_prints_a_variable_value():
    bad = {**VARIABLES, "variables": {"API-KEY": "value-that-must-not-show"}, "sealed": []}
    assert not [r for r in failures(VariableCollectionProvider(), bad).values() if "value-that-must-not-show" in r]


def test_check_accepts_values_not_known_until_apply():
    assert not failures(ServiceInstanceProvider(), {**INSTANCE, "serviceId": Unknown(), "numReplicas": Unknown()})


def test_check_stores_whole_numbers_as_integers():
    checked = ServiceInstanceProvider().check({}, INSTANCE).inputs
    assert type(checked["numReplicas"]) is int, f"numReplicas stored as {checked['numReplicas']!r}"


def test_moving_a_service_to_another_project_replaces_it():
    diff = ServiceProvider().diff("s1", SERVICE, {**SERVICE, "projectId": "p2"})
    assert diff.replaces == ["projectId"], f"moving Service 'myapp-backend' gives replaces={diff.replaces}"


def test_renaming_a_service_updates_it_in_place():
    diff = ServiceProvider().diff("s1", SERVICE, {**SERVICE, "name": "api"})
    assert diff.changes and not diff.replaces, f"renaming Service 'myapp-backend' gives replaces={diff.replaces}"


def test_a_new_branch_updates_the_service_in_place():
    diff = ServiceProvider().diff("s1", SERVICE, {**SERVICE, "sourceRepoBranch": "staging"})
    assert diff.changes and not diff.replaces, f"a new branch for Service 'myapp-backend' gives replaces={diff.replaces}"


def test_identical_inputs_make_no_change():
    assert ServiceProvider().diff("s1", SERVICE, dict(SERVICE)).changes is False


def test_an_optional_input_left_unset_is_not_a_change():
    olds = {**INSTANCE, "region": "us-west2"}
    assert ServiceInstanceProvider().diff("e1/s1", olds, INSTANCE).changes is False, "an unset region counted as a change"


def test_a_value_unknown_during_preview_counts_as_a_change():
    diff = ServiceProvider().diff("s1", SERVICE, {**SERVICE, "projectId": Unknown()})
    assert diff.replaces == ["projectId"], f"an unknown projectId gives replaces={diff.replaces}"


def test_a_custom_domain_moved_to_another_service_is_deleted_before_it_is_recreated():
    diff = CustomDomainProvider().diff("d1", DOMAIN, {**DOMAIN, "serviceId": "s2"})
    assert diff.replaces == ["serviceId"] and diff.delete_before_replace, "api.myapp.com would be attached twice during the replace"


def test_a_custom_domain_with_a_new_name_is_created_before_the_old_one_is_deleted():
    diff = CustomDomainProvider().diff("d1", DOMAIN, {**DOMAIN, "domain": "api2.myapp.com"})
    assert diff.replaces == ["domain"] and not diff.delete_before_replace, "a renamed custom domain goes down before its successor"


def test_a_new_target_port_updates_a_custom_domain_in_place():
    diff = CustomDomainProvider().diff("d1", DOMAIN, {**DOMAIN, "targetPort": 3000.0})
    assert diff.changes and not diff.replaces


def test_an_environment_moved_to_another_project_is_created_first():
    olds = {"projectId": "p1", "name": "staging"}
    diff = EnvironmentProvider().diff("e1", olds, {**olds, "projectId": "p2"})
    assert diff.replaces == ["projectId"] and not diff.delete_before_replace


def test_an_environment_recreated_under_the_same_name_is_deleted_first():
    olds = {"projectId": "p1", "name": "staging"}
    diff = EnvironmentProvider().diff("e1", olds, {**olds, "sourceEnvironmentId": "e0"})
    assert diff.replaces == ["sourceEnvironmentId"] and diff.delete_before_replace, "two environments named staging at once"


def test_moving_a_variable_collection_to_another_service_replaces_it():
    diff = VariableCollectionProvider().diff("p1/e1/s1", VARIABLES, {**VARIABLES, "serviceId": "s2"})
    assert diff.replaces == ["serviceId"]


# Removing an input from the program: reset where Railway can, else warn that Railway keeps it.


@pytest.fixture
def warnings(monkeypatch) -> list[str]:
    """What the provider tells the engine as warnings (a dynamic provider's only channel to the user)."""
    said: list[str] = []
    monkeypatch.setattr(pulumi.log, "warn", lambda message, *args, **kwargs: said.append(message))
    return said


def as_created(inputs: dict) -> dict:
    """The outputs of a resource created from `inputs`: the inputs, and which of them were declared."""
    return {**inputs, DECLARED: sorted(inputs)}


def test_removing_a_start_command_is_an_update_that_resets_it():
    olds = as_created({**INSTANCE, "startCommand": "node dist/server.js"})
    assert ServiceInstanceProvider().changed_fields(olds, INSTANCE) == ["startCommand"], "removing startCommand changes nothing"


def test_removing_a_setting_railway_cannot_unset_warns_with_the_resource_field_and_kept_value(warnings):
    ServiceInstanceProvider().diff("e1/s1", as_created({**INSTANCE, "region": "europe-west4"}), INSTANCE)
    assert any(all(part in w for part in ("ServiceInstance of service 's1'", "region", "'europe-west4'")) for w in warnings), warnings


def test_a_removed_setting_railway_keeps_is_warned_about_until_the_update_records_it(warnings):
    provider = ServiceInstanceProvider()
    olds = as_created({**INSTANCE, "region": "europe-west4"})
    recorded = {**olds, DECLARED: sorted(INSTANCE)}  # the outputs the update writes: region is no longer declared
    provider.diff("e1/s1", recorded, INSTANCE)
    assert not warnings, f"ServiceInstance of service 's1' warns again after the removal was recorded: {warnings}"


def test_a_live_value_never_declared_is_neither_reset_nor_warned_about(warnings):
    refreshed = {**as_created(INSTANCE), "region": "us-west2", "startCommand": "npm start"}  # read fills in live values
    diff = ServiceInstanceProvider().diff("e1/s1", refreshed, INSTANCE)
    assert not diff.changes and not warnings, f"undeclared live settings of ServiceInstance of service 's1' were acted on: {warnings}"
