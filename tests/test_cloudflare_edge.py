"""The Cloudflare edge each stack declares: DNS, TLS settings, redirect, API headers, health checks."""

from __future__ import annotations

import json

import pulumi
import pytest

from infra.components.cloudflare_edge import CloudflareEdge, CloudflareEdgeArgs
from infra.components.options import ChildOptions
from infra.config import load_from_pulumi
from infra.config.headers import SecurityHeadersConfig
from infra.plan import PlannedResource, StackPlan, revealed
from infra.plan.render import render_plan
from infra.plan.stack_files import read_stack_file
from tests.planning import plan_edited

RECORD = "cloudflare:index/dnsRecord:DnsRecord"
SETTING = "cloudflare:index/zoneSetting:ZoneSetting"
RULESET = "cloudflare:index/ruleset:Ruleset"
HEALTHCHECK = "cloudflare:index/healthcheck:Healthcheck"
POLICY = "cloudflare:index/notificationPolicy:NotificationPolicy"
CLOUDFLARE_TYPES = (RECORD, SETTING, RULESET, HEALTHCHECK, POLICY)
RAILWAY_TARGET = "k7x2abcd.up.railway.app"


def named(plan: StackPlan, type_token: str, name: str) -> PlannedResource:
    matches = [r for r in plan.by_type(type_token) if r.name == name]
    assert len(matches) == 1, f"{plan.stack} declares {len(matches)} {type_token} named {name}, expected one"
    return matches[0]


def inputs(plan: StackPlan, type_token: str, name: str) -> dict:
    return revealed(named(plan, type_token, name).inputs)


def setting(plan: StackPlan, setting_id: str) -> PlannedResource:
    matches = [r for r in plan.by_type(SETTING) if r.inputs["settingId"] == setting_id]
    assert len(matches) == 1, f"{plan.stack} declares {len(matches)} zone settings '{setting_id}', expected one"
    return matches[0]


def only_rule(plan: StackPlan, name: str) -> dict:
    rules = inputs(plan, RULESET, name)["rules"]
    assert len(rules) == 1, f"{plan.stack} ruleset {name} has {len(rules)} rules, expected one"
    return rules[0]


@pytest.fixture(scope="module")
def variant_plan() -> StackPlan:
    """Production's edge alone, with options changed in config and the API record's target
    handed in as an Output, as the Railway backend component will hand it."""
    stack_file = read_stack_file("production")
    edge = json.loads(stack_file.config["myapp-infra:edge"])
    edge["minTlsVersion"] = "1.3"
    edge["records"]["www"] = {"proxied": False, "ttl": 300}
    changed = {"myapp-infra:edge": json.dumps(edge), "myapp-infra:securityHeaders": json.dumps({"hsts": {"preload": True}})}

    def program() -> None:
        config = load_from_pulumi()
        assert config.edge is not None, "production has an edge"
        CloudflareEdge(
            "myapp-edge",
            CloudflareEdgeArgs(
                config=config.edge,
                security_headers=config.security_headers,
                stack=config.stack,
                options=ChildOptions({}, protect=False),
                api_target=pulumi.Output.from_input(RAILWAY_TARGET),
            ),
        )

    return plan_edited(stack_file, {key: json.loads(value) if value[:1] == "{" else value for key, value in changed.items()}, program)


# DNS


def test_the_apex_points_at_vercels_documented_address(production_plan):
    record = inputs(production_plan, RECORD, "myapp-edge-dns-apex")
    assert (record["name"], record["type"], record["content"]) == ("myapp.com", "A", "76.76.21.21"), f"apex record is {record}"


def test_www_points_at_vercels_documented_cname(production_plan):
    record = inputs(production_plan, RECORD, "myapp-edge-dns-www")
    assert (record["name"], record["type"], record["content"]) == ("www.myapp.com", "CNAME", "cname.vercel-dns.com"), (
        f"www record is {record}"
    )


def test_the_api_record_targets_the_railway_custom_domain(production_plan):
    record = next(r for r in production_plan.by_type(RECORD) if r.name == "myapp-edge-dns-api")
    custom_domains = {r.urn for r in production_plan.by_type("railway:index:CustomDomain")}
    assert (record.inputs["name"], record.inputs["type"]) == ("api.myapp.com", "CNAME"), f"api record is {record.inputs}"
    assert custom_domains and custom_domains <= set(record.property_dependencies.get("content", ())), (
        f"{record.urn}: content does not come from the Railway custom domain"
    )


def test_an_api_target_handed_in_by_the_backend_replaces_the_config_fallback(variant_plan):
    record = inputs(variant_plan, RECORD, "myapp-edge-dns-api")
    assert record["content"] == RAILWAY_TARGET, f"api record targets {record['content']}"


def test_every_record_is_proxied_by_default_as_full_strict_ssl_implies(production_plan):
    unproxied = [r.urn for r in production_plan.by_type(RECORD) if not r.inputs["proxied"]]
    assert not unproxied, f"records not proxied: {unproxied}"


def test_proxied_records_use_the_automatic_ttl(production_plan):
    manual = [f"{r.urn} ttl={r.inputs['ttl']}" for r in production_plan.by_type(RECORD) if r.inputs["proxied"] and r.inputs["ttl"] != 1]
    assert not manual, f"proxied records with a manual ttl: {manual}"


def test_a_record_can_be_dns_only_with_its_own_ttl(variant_plan):
    record = inputs(variant_plan, RECORD, "myapp-edge-dns-www")
    assert (record["proxied"], record["ttl"]) == (False, 300), f"www record is {record}"


def test_every_record_comment_names_the_stack_that_owns_it(production_plan):
    unowned = [r.urn for r in production_plan.by_type(RECORD) if "myapp-infra/production" not in r.inputs.get("comment", "")]
    assert not unowned, f"records whose comment does not name their stack: {unowned}"


def test_production_protects_its_dns_records(production_plan):
    unprotected = [r.urn for r in production_plan.by_type(RECORD) if not r.options["protect"]]
    assert not unprotected, f"DNS records not protected in production: {unprotected}"


# TLS and HTTPS zone settings


@pytest.mark.parametrize(
    "setting_id, value",
    [
        ("ssl", "strict"),
        ("min_tls_version", "1.2"),
        ("tls_1_3", "on"),
        ("always_use_https", "on"),
        ("automatic_https_rewrites", "on"),
    ],
)
def test_production_zone_settings_follow_the_status_document(production_plan, setting_id, value):
    resource = setting(production_plan, setting_id)
    assert resource.inputs["value"] == value, f"{resource.urn} is {resource.inputs['value']!r}, expected {value!r}"


def test_config_can_raise_the_minimum_tls_version(variant_plan):
    resource = setting(variant_plan, "min_tls_version")
    assert resource.inputs["value"] == "1.3", f"{resource.urn} is {resource.inputs['value']!r}"


def test_the_hsts_setting_renders_the_security_headers_model(production_plan):
    hsts = SecurityHeadersConfig().hsts
    resource = setting(production_plan, "security_header")
    value = resource.inputs["value"]["strict_transport_security"]
    assert (value["enabled"], value["max_age"], value["include_subdomains"], value["preload"]) == (
        True,
        hsts.max_age,
        hsts.include_sub_domains,
        hsts.preload,
    ), f"{resource.urn} HSTS is {value}"


def test_hsts_preload_is_sent_only_when_config_opts_in(variant_plan):
    resource = setting(variant_plan, "security_header")
    assert resource.inputs["value"]["strict_transport_security"]["preload"] is True, f"{resource.urn} ignores hsts.preload"


# www -> apex redirect


def test_the_redirect_ruleset_runs_in_the_dynamic_redirect_phase(production_plan):
    ruleset = inputs(production_plan, RULESET, "myapp-edge-redirects")
    assert (ruleset["kind"], ruleset["phase"]) == ("zone", "http_request_dynamic_redirect"), (
        f"redirect ruleset is {ruleset['kind']}/{ruleset['phase']}"
    )


def test_the_redirect_answers_only_the_www_host(production_plan):
    rule = only_rule(production_plan, "myapp-edge-redirects")
    assert rule["expression"] == '(http.host eq "www.myapp.com")', f"redirect matches {rule['expression']}"


def test_www_redirects_permanently(production_plan):
    rule = only_rule(production_plan, "myapp-edge-redirects")
    assert (rule["action"], rule["actionParameters"]["fromValue"]["statusCode"]) == ("redirect", 301), f"redirect rule is {rule}"


def test_the_redirect_keeps_the_path(production_plan):
    target = only_rule(production_plan, "myapp-edge-redirects")["actionParameters"]["fromValue"]["targetUrl"]
    assert target == {"expression": 'concat("https://myapp.com", http.request.uri.path)'}, f"redirect target is {target}"


def test_the_redirect_keeps_the_query_string(production_plan):
    from_value = only_rule(production_plan, "myapp-edge-redirects")["actionParameters"]["fromValue"]
    assert from_value.get("preserveQueryString") is True, f"redirect drops the query string: {from_value}"


# Security headers on the API host


def test_the_header_ruleset_runs_in_the_response_headers_phase(production_plan):
    ruleset = inputs(production_plan, RULESET, "myapp-edge-response-headers")
    assert ruleset["phase"] == "http_response_headers_transform", f"header ruleset is in {ruleset['phase']}"


def test_the_header_rule_matches_the_api_host_only(production_plan):
    rule = only_rule(production_plan, "myapp-edge-response-headers")
    assert rule["expression"] == '(http.host eq "api.myapp.com")', f"header rule matches {rule['expression']}"


def test_the_header_rule_sets_every_configured_header_to_its_configured_value(production_plan):
    rule = only_rule(production_plan, "myapp-edge-response-headers")
    sent = {name: (h["operation"], h.get("value")) for name, h in rule["actionParameters"]["headers"].items()}
    wanted = {name: ("set", value) for name, value in SecurityHeadersConfig().render().items()}
    assert (rule["action"], sent) == ("rewrite", wanted), f"header rule sends {sent}"


# Health checks and alerts


@pytest.mark.parametrize(
    "name, host, path",
    [
        ("myapp-edge-health-frontend", "myapp.com", "/api/health"),
        ("myapp-edge-health-backend", "api.myapp.com", "/health"),
    ],
)
def test_each_health_check_gets_the_status_document_url_over_https(production_plan, name, host, path):
    check = inputs(production_plan, HEALTHCHECK, name)
    http = check["httpConfig"]
    assert (check["type"], check["address"], http["port"], http["method"], http["path"]) == ("HTTPS", host, 443, "GET", path), (
        f"{name} checks {check['type']} {check['address']}:{http.get('port')}{http.get('path')}"
    )


@pytest.mark.parametrize(
    "name, interval, timeout",
    [
        ("myapp-edge-health-frontend", 30, 10),
        ("myapp-edge-health-backend", 30, 5),
    ],
)
def test_each_health_check_uses_the_status_document_interval_and_timeout(production_plan, name, interval, timeout):
    check = inputs(production_plan, HEALTHCHECK, name)
    assert (check["interval"], check["timeout"]) == (interval, timeout), (
        f"{name} runs every {check['interval']} s, timeout {check['timeout']} s"
    )


def test_the_frontend_check_expects_200(production_plan):
    http = inputs(production_plan, HEALTHCHECK, "myapp-edge-health-frontend")["httpConfig"]
    assert http["expectedCodes"] == ["200"], f"frontend check expects {http['expectedCodes']}"


def test_the_backend_check_expects_a_healthy_status_in_the_body(production_plan):
    http = inputs(production_plan, HEALTHCHECK, "myapp-edge-health-backend")["httpConfig"]
    assert '"status":"healthy"' in http.get("expectedBody", ""), f"backend check expects body {http.get('expectedBody')!r}"


def test_the_alert_policy_fires_on_health_check_status_changes(production_plan):
    policy = inputs(production_plan, POLICY, "myapp-edge-health-alerts")
    assert (policy["alertType"], policy["enabled"]) == ("health_check_status_notification", True), f"alert policy is {policy['alertType']}"


def test_the_alert_policy_covers_both_health_checks(production_plan):
    policy = named(production_plan, POLICY, "myapp-edge-health-alerts")
    checks = {r.urn for r in production_plan.by_type(HEALTHCHECK)}
    assert set(policy.dependencies) >= checks and len(policy.inputs["filters"]["healthCheckIds"]) == len(checks), (
        f"{policy.urn} filters {policy.inputs['filters']}, not the stack's {len(checks)} checks"
    )


def test_the_alert_policy_notifies_the_configured_email(production_plan):
    mechanisms = inputs(production_plan, POLICY, "myapp-edge-health-alerts")["mechanisms"]
    assert mechanisms == {"emails": [{"id": "dev-team@myapp.com"}]}, f"alerts go to {mechanisms}"


# Stacks


def test_staging_declares_no_cloudflare_resources(staging_plan):
    declared = [r.urn for r in staging_plan.resources if r.type.startswith("cloudflare:") or r.type.startswith("myapp:cloudflare:")]
    assert not declared, f"staging has no zone but declares {declared}"


def test_every_cloudflare_resource_sits_under_the_edge_component(production_plan):
    edge = named(production_plan, "myapp:cloudflare:Edge", "myapp-edge").urn
    by_urn = production_plan.by_urn()

    def under_edge(resource: PlannedResource) -> bool:
        while resource.parent and resource.parent != edge:
            resource = by_urn[resource.parent]
        return resource.parent == edge

    stray = [r.urn for r in production_plan.resources if r.type in CLOUDFLARE_TYPES and not under_edge(r)]
    assert not stray, f"Cloudflare resources outside myapp-edge: {stray}"


def test_the_printed_production_plan_shows_every_cloudflare_resource_type(production_plan):
    text = render_plan(production_plan)
    missing = [token for token in ("myapp:cloudflare:Edge", *CLOUDFLARE_TYPES) if token not in text]
    assert not missing, f"`python -m infra.plan production` does not show {missing}"
