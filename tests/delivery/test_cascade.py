"""A replaced resource gets a new id on apply: the inputs that carry that id change with it, and
replace their holders where they force a replacement, as `pulumi preview` shows it."""

from __future__ import annotations

import json
from pathlib import Path

from infra.plan.diff import REPLACE, UPDATE, PropertyChange, diff_stack, render_diff

STACK = "production"
RAILWAY = "railway:index:"
# What the Railway SDK sets as each resource's replaceOnChanges: its schema's replacing inputs.
RAILWAY_SCHEMA = json.loads((Path(__file__).resolve().parents[2] / "providers" / "railway" / "schema.json").read_text())
REPLACES = {
    token: sorted(name for name, prop in spec["inputProperties"].items() if prop.get("replaceOnChanges"))
    for token, spec in RAILWAY_SCHEMA["resources"].items()
}
PROJECT, SERVICE, INSTANCE, DOMAIN = (RAILWAY + kind for kind in ("Project", "Service", "ServiceInstance", "CustomDomain"))
RECORD = "cloudflare:index/dnsRecord:DnsRecord"


def urn(type_, name):
    return f"urn:pulumi:{STACK}::myapp-infra::{type_}::{name}"


def resource(type_, name, inputs, depends_on=None):
    """`depends_on`: input name -> (type, name) of the resource whose id it carries (`offline-NAME`)."""
    depends_on = depends_on or {}
    inputs = {**inputs, **{key: f"offline-{target}" for key, (_, target) in depends_on.items()}}
    return {
        "urn": urn(type_, name),
        "type": type_,
        "name": name,
        "parent": None,
        "custom": True,
        "inputs": inputs,
        "propertyDependencies": {key: [urn(*target)] for key, target in depends_on.items()},
        "options": {"protect": False, "replaceOnChanges": REPLACES.get(type_, [])},
    }


def backend(workspace: str, record_content=None) -> dict:
    resources = [
        resource(PROJECT, "api-project", {"name": "api", "workspaceId": workspace}),
        resource(SERVICE, "api-service", {"name": "api"}, {"projectId": (PROJECT, "api-project")}),
        resource(INSTANCE, "api-instance", {"numReplicas": 1}, {"serviceId": (SERVICE, "api-service")}),
        resource(DOMAIN, "api-domain", {"domain": "api.example.com"}, {"serviceId": (SERVICE, "api-service")}),
    ]
    if record_content == "id":
        resources.append(resource(RECORD, "api-record", {"type": "CNAME"}, {"content": (DOMAIN, "api-domain")}))
    elif record_content:
        resources.append(
            {
                **resource(RECORD, "api-record", {"type": "CNAME", "content": record_content}),
                "propertyDependencies": {"content": [urn(DOMAIN, "api-domain")]},
            }
        )
    return {"stack": STACK, "resources": resources, "outputs": {}}


def moved(record_content=None):
    return diff_stack(backend("ws_old", record_content), backend("ws_new", record_content), "before")


def test_replacing_a_railway_project_replaces_the_service_whose_project_id_it_feeds():
    diff = moved()
    service = next(c for c in diff.changes if c.name == "api-service")
    assert service.action == REPLACE, render_diff(diff)
    assert service.properties == (PropertyChange("projectId", "<id of api-project>", "<new id of api-project>", replaces=True),)
    assert service.follows == ("api-project",)


def test_the_cascade_goes_on_to_whatever_holds_the_id_of_a_replaced_child():
    diff = moved()
    assert {(c.action, c.name) for c in diff.changes} == {
        (REPLACE, "api-project"),
        (REPLACE, "api-service"),
        (REPLACE, "api-instance"),
        (REPLACE, "api-domain"),
    }, render_diff(diff)
    assert '~ serviceId: "<id of api-service>" => "<new id of api-service>"  (forces replacement)' in render_diff(diff)


def test_an_input_carrying_a_replaced_id_that_forces_nothing_is_an_update():
    diff = moved(record_content="id")
    record = next(c for c in diff.changes if c.name == "api-record")
    assert (record.action, record.properties) == (UPDATE, (PropertyChange("content", "<id of api-domain>", "<new id of api-domain>"),))


def test_a_dependency_on_a_replaced_resource_that_is_not_its_id_is_no_change():
    diff = moved(record_content="api.up.railway.app")
    assert "api-record" not in {c.name for c in diff.changes}, render_diff(diff)


def test_an_update_in_place_changes_no_id_and_cascades_nothing():
    before = backend("ws")
    after = {
        **before,
        "resources": [{**r, "inputs": {**r["inputs"], "name": "api-2"}} if r["name"] == "api-project" else r for r in before["resources"]],
    }
    diff = diff_stack(before, after, "before")
    assert [(c.action, c.name) for c in diff.changes] == [(UPDATE, "api-project")], render_diff(diff)
