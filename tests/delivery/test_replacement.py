"""What replaces rather than updates: the `replaceOnChanges` a resource carries (the program's, or the
one our providers' generated SDKs set from their schemas), the provider schemas where they say so;
an unknown is an update."""

from __future__ import annotations

import json
from pathlib import Path

from infra.plan.diff import REPLACE, UPDATE, PropertyChange, diff_stack
from infra.plan.replacement import ReplacementRules

RAILWAY_SCHEMA = json.loads((Path(__file__).resolve().parents[2] / "providers" / "railway" / "schema.json").read_text())
INSTANCE = "railway:index:ServiceInstance"
INSTANCE_OPTIONS = {"replaceOnChanges": ["environmentId", "serviceId"]}


def document(type_, inputs, options=None, stack="staging"):
    urn = f"urn:pulumi:{stack}::myapp-infra::{type_}::thing"
    resource = {
        "urn": urn,
        "type": type_,
        "name": "thing",
        "parent": None,
        "custom": True,
        "inputs": inputs,
        "options": {"protect": False, **(options or {})},
    }
    return {"stack": stack, "resources": [resource], "outputs": {}}


def action_of(type_, before, after, options=None):
    (change,) = diff_stack(document(type_, before, options), document(type_, after, options), "before").changes
    return change


def test_a_railway_replica_count_is_updated_in_place():
    change = action_of(
        INSTANCE,
        {"serviceId": "s", "environmentId": "e", "numReplicas": 1},
        {"serviceId": "s", "environmentId": "e", "numReplicas": 3},
        INSTANCE_OPTIONS,
    )
    assert (change.action, change.properties) == (UPDATE, (PropertyChange("numReplicas", 1, 3),))


def test_moving_a_railway_service_instance_to_another_environment_replaces_it():
    change = action_of(INSTANCE, {"serviceId": "s", "environmentId": "e1"}, {"serviceId": "s", "environmentId": "e2"}, INSTANCE_OPTIONS)
    assert (change.action, change.replace_reasons) == (REPLACE, ("environmentId",))


def test_every_planned_railway_resource_replaces_on_exactly_the_inputs_its_schema_says(stack_plan):
    for resource in (r for r in stack_plan.resources if r.type.startswith("railway:")):
        spec = RAILWAY_SCHEMA["resources"][resource.type]["inputProperties"]
        wanted = sorted(name for name, prop in spec.items() if prop.get("replaceOnChanges"))
        assert sorted(resource.options.get("replaceOnChanges", [])) == wanted, f"{resource.urn} replaces on the wrong inputs"


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
