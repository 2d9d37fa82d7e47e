"""What production declares in Cloudflare is what provider 6.23.1 and Cloudflare's API accept.

Two references in ../shared/schemas: the provider schema rebuilt from the pinned SDK (inputs,
required inputs, types, nested object types) and Cloudflare's API spec (2024-08 subset: zone
setting values, ruleset phases and rule shapes, DNS record and health check bodies, alert types).
"""

from __future__ import annotations

import pytest

from infra.plan import PlannedResource, StackPlan
from tests.schema_conformance import OpenApiSpec, PulumiSchema, all_problems

RECORD = "cloudflare:index/dnsRecord:DnsRecord"
SETTING = "cloudflare:index/zoneSetting:ZoneSetting"
RULESET = "cloudflare:index/ruleset:Ruleset"
HEALTHCHECK = "cloudflare:index/healthcheck:Healthcheck"
POLICY = "cloudflare:index/notificationPolicy:NotificationPolicy"
CLOUDFLARE_TYPES = (RECORD, SETTING, RULESET, HEALTHCHECK, POLICY)


@pytest.fixture(scope="module")
def provider(shared_dir) -> PulumiSchema:
    return PulumiSchema.load(shared_dir / "schemas" / "cloudflare-6.23.1.sdk-derived.schema.json.gz")


@pytest.fixture(scope="module")
def api(shared_dir) -> OpenApiSpec:
    return OpenApiSpec.load(shared_dir / "schemas" / "cloudflare-api-subset.openapi.json.gz")


def declared(plan: StackPlan, type_token: str) -> list[PlannedResource]:
    resources = plan.by_type(type_token)
    assert resources, f"{plan.stack} declares no {type_token}: nothing to check"
    return resources


def body(provider: PulumiSchema, resource: PlannedResource, *path_parameters: str) -> dict:
    """The resource as an API request body: API names, without the ids that go in the URL."""
    return {k: v for k, v in provider.api_form(resource).items() if k not in path_parameters}


@pytest.mark.parametrize("type_token", CLOUDFLARE_TYPES)
def test_every_cloudflare_resource_has_the_inputs_the_provider_schema_defines(production_plan, provider, type_token):
    problems = [(r.urn, provider.problems(r)) for r in declared(production_plan, type_token)]
    assert not any(p for _, p in problems), all_problems(problems)


def test_every_zone_setting_is_one_the_api_defines(production_plan, api):
    unknown = [r.urn for r in declared(production_plan, SETTING) if not api.has_schema(f"zones_{r.inputs['settingId']}_value")]
    assert not unknown, f"zone settings the API does not define: {unknown}"


def test_every_zone_setting_value_is_one_the_api_accepts(production_plan, api):
    problems = [
        (r.urn, api.problems(r.inputs["value"], f"zones_{r.inputs['settingId']}_value", r.inputs["settingId"]))
        for r in declared(production_plan, SETTING)
    ]
    assert not any(p for _, p in problems), all_problems(problems)


def test_every_ruleset_phase_is_one_the_api_defines(production_plan, api):
    problems = [(r.urn, api.problems(r.inputs["phase"], "rulesets_RulesetPhase", "phase")) for r in declared(production_plan, RULESET)]
    assert not any(p for _, p in problems), all_problems(problems)


def test_every_ruleset_is_a_valid_create_request_with_rules_of_known_actions(production_plan, provider, api):
    schema = api.request_schema("/zones/{zone_id}/rulesets", "post")
    problems = [(r.urn, api.problems(body(provider, r, "zone_id"), schema)) for r in declared(production_plan, RULESET)]
    assert not any(p for _, p in problems), all_problems(problems)


def test_every_dns_record_is_a_valid_record_of_its_type(production_plan, provider, api):
    problems = [
        (r.urn, api.problems(body(provider, r, "zone_id"), f"dns-records_{r.inputs['type']}Record"))
        for r in declared(production_plan, RECORD)
    ]
    assert not any(p for _, p in problems), all_problems(problems)


def test_every_health_check_is_a_valid_create_request(production_plan, provider, api):
    schema = api.request_schema("/zones/{zone_id}/healthchecks", "post")
    problems = [(r.urn, api.problems(body(provider, r, "zone_id"), schema)) for r in declared(production_plan, HEALTHCHECK)]
    assert not any(p for _, p in problems), all_problems(problems)


def test_every_alert_type_is_one_the_api_defines(production_plan, api):
    problems = [(r.urn, api.problems(r.inputs["alertType"], "aaa_alert_type", "alertType")) for r in declared(production_plan, POLICY)]
    assert not any(p for _, p in problems), all_problems(problems)


# The checkers themselves: each catches the mistake it exists for.


def fake(type_token: str, inputs: dict) -> PlannedResource:
    return PlannedResource(urn=f"urn:test::{type_token}::fake", type=type_token, name="fake", parent=None, custom=True, inputs=inputs)


def test_the_provider_check_reports_a_missing_required_input(provider):
    problems = provider.problems(fake(RECORD, {"name": "myapp.com", "type": "A", "ttl": 1}))
    assert problems == ["required input 'zoneId' is missing"], problems


def test_the_provider_check_reports_a_misspelled_nested_property(provider):
    rule = {"action": "redirect", "expression": "true", "actionParameters": {"fromValue": {"targetURL": {"value": "https://x"}}}}
    problems = provider.problems(fake(RULESET, {"kind": "zone", "name": "r", "phase": "http_request_dynamic_redirect", "rules": [rule]}))
    assert any("rules[0].actionParameters.fromValue: 'targetURL' is not a property" in p for p in problems), problems


def test_the_provider_check_reports_a_wrong_type(provider):
    problems = provider.problems(fake(RECORD, {"zoneId": "z", "name": "myapp.com", "type": "A", "ttl": "auto"}))
    assert problems == ['ttl: "auto" is not of type number'], problems


def test_the_api_check_reports_a_setting_value_cloudflare_refuses(api):
    problems = api.problems("1.4", "zones_min_tls_version_value", "min_tls_version")
    assert problems == ["min_tls_version: \"1.4\" is not one of ['1.0', '1.1', '1.2', '1.3']"], problems


def test_the_api_check_reports_a_redirect_with_a_status_cloudflare_refuses(api):
    rule = {
        "action": "redirect",
        "expression": "true",
        "action_parameters": {"from_value": {"status_code": 300, "target_url": {"value": "https://x"}}},
    }
    problems = api.problems(rule, "rulesets_RequestRule", "rule")
    assert problems == ["rule.action_parameters.from_value.status_code: 300 is not one of [301, 302, 303, 307, 308]"], problems


def test_the_api_check_reports_a_property_the_api_does_not_define(api):
    rule = {"action": "rewrite", "expression": "true", "action_parameters": {"header": {}}}
    problems = api.problems(rule, "rulesets_RequestRule", "rule")
    assert problems == ["rule.action_parameters: 'header' is not a property the API defines here"], problems
