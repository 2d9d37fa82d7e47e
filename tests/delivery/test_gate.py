"""The destructive-change gate: production deletes and replaces, and protected resources
anywhere, fail the delivery job until confirmed; everything else passes."""

from __future__ import annotations

import json
import subprocess
import sys

from infra.plan.diff import DELETE, REPLACE, diff_stack
from infra.plan.gate import CONFIRM_LABEL, evaluate
from infra.plan.gate import main as gate_main
from infra.plan.reviewed import reviewed_document
from tests.delivery.support import REPO_ROOT

WWW = "myapp-frontend-domain-www.myapp.com"
EDGE_API = "urn:pulumi:production::myapp-infra::cloudflare:index/dnsRecord:DnsRecord::myapp-edge-dns-api"


def without(document, name):
    return {**document, "resources": [r for r in document["resources"] if r["name"] != name]}


def railway_domain(stack: str, domain: str, protect: bool) -> dict:
    urn = f"urn:pulumi:{stack}::myapp-infra::railway:index:CustomDomain::myapp-api-domain"
    resource = {
        "urn": urn,
        "type": "railway:index:CustomDomain",
        "name": "myapp-api-domain",
        "parent": None,
        "custom": True,
        "inputs": {"domain": domain, "serviceId": "svc", "environmentId": "env", "projectId": "prj"},
        # As the Railway SDK sets it, from the schema: a custom domain is replaced when any of these changes.
        "options": {"protect": protect, "replaceOnChanges": ["domain", "environmentId", "projectId", "serviceId"]},
    }
    return {"stack": stack, "resources": [resource], "outputs": {}}


def test_deleting_a_production_resource_is_blocked_until_confirmed(production_plan):
    document = reviewed_document(production_plan)
    diff = diff_stack(document, without(document, WWW), "plans/production.json")
    blocked = evaluate(diff, confirmed=False)
    assert [(c.action, c.name) for c in blocked.destructive] == [(DELETE, WWW)]
    assert blocked.blocked and CONFIRM_LABEL in blocked.message()
    assert not evaluate(diff, confirmed=True).blocked


def test_deleting_a_protected_resource_says_how_to_unprotect_it(production_plan):
    document = reviewed_document(production_plan)
    verdict = evaluate(diff_stack(document, without(document, WWW), "plans/production.json"), confirmed=False)
    assert "pulumi state unprotect" in verdict.message()


def test_replacing_a_protected_resource_is_blocked_in_any_stack():
    diff = diff_stack(railway_domain("staging", "api.old.example", True), railway_domain("staging", "api.new.example", True), "state")
    verdict = evaluate(diff, confirmed=False)
    assert [(c.action, c.replace_reasons) for c in verdict.destructive] == [(REPLACE, ("domain",))]
    assert verdict.blocked


def test_replacing_or_deleting_an_unprotected_staging_resource_passes(staging_plan):
    replaced = diff_stack(railway_domain("staging", "a.example", False), railway_domain("staging", "b.example", False), "state")
    document = reviewed_document(staging_plan)
    deleted = diff_stack(document, without(document, "myapp-frontend-security-headers"), "plans/staging.json")
    assert not evaluate(replaced, confirmed=False).blocked
    assert not evaluate(deleted, confirmed=False).blocked


def test_a_plan_without_deletes_or_replaces_passes(production_plan):
    document = reviewed_document(production_plan)
    verdict = evaluate(diff_stack(document, document, "plans/production.json"), confirmed=False)
    assert not verdict.blocked and not verdict.destructive


def test_the_gate_command_fails_a_real_preview_that_deletes_in_production_unless_confirmed(tmp_path, capsys):
    digest = {
        "steps": [
            {
                "op": "delete",
                "urn": EDGE_API,
                "oldState": {"type": "cloudflare:index/dnsRecord:DnsRecord", "urn": EDGE_API, "protect": False},
            }
        ]
    }
    path = tmp_path / "preview.json"
    path.write_text(json.dumps(digest))
    refused = subprocess.run(
        [sys.executable, "-m", "infra.plan.gate", "production", "--preview-json", str(path), "--confirmed", "false"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "HOME": "/nonexistent"},
    )
    assert refused.returncode == 1, refused.stderr
    assert "blocked until confirmed" in refused.stdout and "myapp-edge-dns-api" in refused.stdout
    assert gate_main(["production", "--preview-json", str(path), "--confirmed", "true"]) == 0
    assert "confirmed with `confirm-destructive`" in capsys.readouterr().out
