"""What replaces rather than updates: the program's `replaceOnChanges`, the Railway provider's
own fields (an input left unset being no change, as in its own diff), the provider schemas where
they say so; an unknown is an update."""

from __future__ import annotations

import pytest

import infra.railway
from infra.plan.diff import REPLACE, UPDATE, PropertyChange, diff_stack, render_diff
from infra.plan.replacement import ReplacementRules, railway_replacing_properties
from infra.railway import ProjectProvider

RAILWAY_PROJECT = "pulumi-python:dynamic/railway:Project"
# Where a provider records the inputs the program set (its `diff` tells a removed input by it).
DECLARED = getattr(infra.railway.resources._base, "DECLARED", "declaredInputs")
RAILWAY_PROVIDERS = [v for v in vars(infra.railway).values() if isinstance(v, type) and issubclass(v, infra.railway.resources._base.RailwayProvider) and hasattr(v, "kind")]


def document(type_, inputs, options=None, stack="staging"):
    urn = f"urn:pulumi:{stack}::myapp-infra::{type_}::thing"
    resource = {"urn": urn, "type": type_, "name": "thing", "parent": None, "custom": True, "inputs": inputs, "options": {"protect": False, **(options or {})}}
    return {"stack": stack, "resources": [resource], "outputs": {}}


def action_of(type_, before, after, options=None):
    (change,) = diff_stack(document(type_, before, options), document(type_, after, options), "before").changes
    return change


def test_a_railway_replica_count_is_updated_in_place():
    instance = "pulumi-python:dynamic/railway:ServiceInstance"
    change = action_of(instance, {"serviceId": "s", "environmentId": "e", "numReplicas": 1}, {"serviceId": "s", "environmentId": "e", "numReplicas": 3})
    assert (change.action, change.properties) == (UPDATE, (PropertyChange("numReplicas", 1, 3),))


def test_moving_a_railway_service_instance_to_another_environment_replaces_it():
    instance = "pulumi-python:dynamic/railway:ServiceInstance"
    change = action_of(instance, {"serviceId": "s", "environmentId": "e1"}, {"serviceId": "s", "environmentId": "e2"})
    assert (change.action, change.replace_reasons) == (REPLACE, ("environmentId",))


def test_the_railway_table_is_the_one_the_railway_providers_declare():
    assert "domain" in railway_replacing_properties()["CustomDomain"]
    assert "numReplicas" not in railway_replacing_properties()["ServiceInstance"]


def test_a_property_the_provider_schema_says_forces_a_new_resource_replaces(shared_dir):
    rules = ReplacementRules(schemas_dir=shared_dir / "schemas")
    assert rules.replacing({"type": "vercel:index/kmsIssuer:KmsIssuer"}, ["algorithm", "name"]) == {"algorithm"}


def test_a_property_the_schema_says_nothing_about_is_an_update():
    change = action_of("vercel:index/projectRoute:ProjectRoute", {"description": "a"}, {"description": "b"})
    assert change.action == UPDATE


def test_a_property_listed_in_replace_on_changes_replaces():
    options = {"replaceOnChanges": ["route.src"]}
    change = action_of("vercel:index/projectRoute:ProjectRoute", {"route": {"src": "/a"}}, {"route": {"src": "/b"}}, options)
    assert (change.action, change.replace_reasons) == (REPLACE, ("route.src",))


def test_without_its_schema_a_provider_resource_is_only_ever_updated(tmp_path):
    rules = ReplacementRules(schemas_dir=tmp_path)
    assert rules.replacing({"type": "vercel:index/kmsIssuer:KmsIssuer"}, ["algorithm"]) == set()


def test_removing_a_railway_identity_input_never_replaces_and_says_nothing_changes_in_railway():
    change = action_of(RAILWAY_PROJECT, {"name": "api", "defaultEnvironmentName": "production"}, {"name": "api"})
    (removed,) = change.properties
    assert (change.action, removed.path, removed.replaces) == (UPDATE, "defaultEnvironmentName", False)
    assert '- defaultEnvironmentName: "production"  (unset: nothing changes in Railway)' in removed.render()


def test_the_offline_verdict_on_a_railway_change_is_the_one_the_providers_own_diff_gives():
    olds = {"name": "api", "defaultEnvironmentName": "production"}
    news = {"projectId": "prj_live", "workspaceId": "ws_1"}
    answer = ProjectProvider().diff("prj_old", {**olds, DECLARED: sorted(olds)}, news)
    change = action_of(RAILWAY_PROJECT, olds, news)
    assert sorted(change.replace_reasons) == sorted(answer.replaces), render_diff(diff_stack(document(RAILWAY_PROJECT, olds), document(RAILWAY_PROJECT, news), "before"))


@pytest.mark.parametrize("provider", RAILWAY_PROVIDERS, ids=lambda provider: provider.kind)
def test_removing_any_railway_input_replaces_exactly_when_the_providers_own_diff_says_so(provider):
    for spec in provider.fields:
        olds = {spec.name: "x"}
        answer = provider().diff("id", {**olds, DECLARED: [spec.name]}, {})
        change = action_of(f"pulumi-python:dynamic/railway:{provider.kind}", olds, {})
        assert list(change.replace_reasons) == list(answer.replaces), f"{provider.kind}.{spec.name}: offline {change.replace_reasons}, provider {answer.replaces}"
