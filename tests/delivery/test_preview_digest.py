"""A real `pulumi preview --json` digest read as a diff, so the gate and the comment judge it too."""

from __future__ import annotations

from infra.plan.diff import CREATE, DELETE, REPLACE, UPDATE, PropertyChange
from infra.plan.preview_json import diff_from_preview

BASE = "urn:pulumi:production::myapp-infra::"
PROJECT = BASE + "myapp:vercel:Frontend$vercel:index/project:Project::myapp-frontend-project"
ROUTE = BASE + "myapp:vercel:Frontend$vercel:index/projectRoute:ProjectRoute::myapp-frontend-security-headers"
RECORD = BASE + "myapp:cloudflare:Edge$cloudflare:index/dnsRecord:DnsRecord::myapp-edge-dns-api"
OLD_VAR = BASE + "myapp:vercel:Frontend$vercel:index/projectEnvironmentVariable:ProjectEnvironmentVariable::myapp-frontend-env-OLD"


def state(urn, inputs, protect=False):
    return {"urn": urn, "type": urn.split("::")[-2].rsplit("$", 1)[-1], "inputs": inputs, "protect": protect}


DIGEST = {
    "steps": [
        {"op": "same", "urn": BASE + "pulumi:pulumi:Stack::myapp-infra-production"},
        {
            "op": "update",
            "urn": PROJECT,
            "oldState": state(PROJECT, {"buildCommand": "a"}),
            "newState": state(PROJECT, {"buildCommand": "b"}),
            "diffReasons": ["buildCommand"],
            "detailedDiff": {"buildCommand": {"kind": "update", "inputDiff": True}},
        },
        {
            "op": "create-replacement",
            "urn": RECORD,
            "oldState": state(RECORD, {"zoneId": "z1"}, True),
            "newState": state(RECORD, {"zoneId": "z2"}),
            "replaceReasons": ["zoneId"],
            "detailedDiff": {"zoneId": {"kind": "update-replace", "inputDiff": True}},
        },
        {"op": "replace", "urn": RECORD, "oldState": state(RECORD, {"zoneId": "z1"}, True), "newState": state(RECORD, {"zoneId": "z2"})},
        {"op": "delete-replaced", "urn": RECORD, "oldState": state(RECORD, {"zoneId": "z1"}, True)},
        {"op": "delete", "urn": OLD_VAR, "oldState": state(OLD_VAR, {"value": "[secret]"})},
        {"op": "create", "urn": ROUTE, "newState": state(ROUTE, {"route": {"headers": {"X-Frame-Options": "DENY"}}})},
    ],
    "changeSummary": {"same": 1, "update": 1, "replace": 1, "delete": 1, "create": 1},
}


def test_each_step_of_a_preview_becomes_one_change_and_a_replacement_one_replace():
    diff = diff_from_preview(DIGEST, "production")
    assert sorted((c.action, c.name) for c in diff.changes) == [
        (CREATE, "myapp-frontend-security-headers"),
        (DELETE, "myapp-frontend-env-OLD"),
        (REPLACE, "myapp-edge-dns-api"),
        (UPDATE, "myapp-frontend-project"),
    ]
    assert diff.unchanged == 1


def test_the_detailed_diff_gives_each_property_with_its_old_and_new_value():
    diff = diff_from_preview(DIGEST, "production")
    project = next(c for c in diff.changes if c.name == "myapp-frontend-project")
    record = next(c for c in diff.changes if c.name == "myapp-edge-dns-api")
    assert project.properties == (PropertyChange("buildCommand", "a", "b"),)
    assert record.properties == (PropertyChange("zoneId", "z1", "z2", replaces=True),) and record.protected
