"""A bad `myapp-infra:edge` section fails before any resource, naming the key and the fix."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from infra.config import ConfigError, load_from_pulumi, load_stack_config
from infra.config.edge import edge_wiring_problems
from infra.plan.recorder import record_program
from infra.plan.stack_files import StackFile, read_stack_file
from infra.stack import build_stack

NS = "myapp-infra"
TOKEN = "cloudflare:apiToken"


@pytest.fixture(scope="module")
def production_file() -> StackFile:
    return read_stack_file("production")


@pytest.fixture(scope="module")
def staging_file() -> StackFile:
    return read_stack_file("staging")


def edge_with(stack_file: StackFile, **changes) -> dict:
    """Production's edge section with `changes` merged in, one level deep per key."""
    edge = json.loads(stack_file.config[f"{NS}:edge"])
    for key, value in changes.items():
        edge[key] = {**edge.get(key, {}), **value} if isinstance(value, dict) else value
    return {f"{NS}:edge": edge}


def load(stack_file: StackFile, changes: dict | None = None, removed: tuple[str, ...] = ()):
    raw = {k: v for k, v in stack_file.config.items() if k not in removed}
    raw.update({k: v if isinstance(v, str) else json.dumps(v) for k, v in (changes or {}).items()})
    return load_stack_config(stack_file.stack, raw, set(stack_file.secret_keys) - set(removed))


def problems_of(stack_file: StackFile, changes: dict | None = None, removed: tuple[str, ...] = ()) -> str:
    with pytest.raises(ConfigError) as caught:
        load(stack_file, changes, removed)
    return str(caught.value)


def wiring_problems_of(stack_file: StackFile, changes: dict) -> str:
    """Problems only the whole stack can see (edge against frontend/backend), found when the
    config is loaded, before the program declares anything."""
    config = {**stack_file.config, **{k: json.dumps(v) for k, v in changes.items()}}
    declared = []

    def program() -> None:
        stack = load_from_pulumi()
        declared.append("resources")
        build_stack(stack)

    with pytest.raises(ConfigError) as caught:
        record_program(replace(stack_file, config=config), program)  # config edited above, encoded as the stack file holds it
    assert declared == [], "the program went on to declare resources with an inconsistent edge"
    return str(caught.value)


def test_production_loads_its_edge_section(production_file):
    assert load(production_file).edge.zone == "myapp.com"


def test_one_health_check_key_overrides_one_default_and_keeps_the_rest(production_file):
    check = load(production_file, edge_with(production_file, healthChecks={"backend": {"timeout": 8}})).edge.health_checks.backend
    assert (check.path, check.interval, check.timeout, check.expected_body) == ("/health", 30, 8, '"status":"healthy"'), check


def test_staging_has_no_edge_and_needs_no_cloudflare_token(staging_file):
    assert load(staging_file, removed=(TOKEN,)).edge is None


def test_a_stack_with_an_edge_requires_the_cloudflare_token(production_file):
    message = problems_of(production_file, removed=(TOKEN,))
    assert f"{TOKEN}: missing secret" in message and f"pulumi config set --secret --stack production {TOKEN}" in message


def test_a_record_name_outside_the_zone_is_refused_with_its_key(production_file):
    message = problems_of(production_file, edge_with(production_file, records={"api": {"name": "api.myapp.org"}}))
    assert f"{NS}:edge.records.api.name: is outside the Cloudflare zone 'myapp.com'" in message
    assert "'api.myapp.org'" in message and "--path 'edge.records.api.name'" in message


def test_two_records_with_one_name_are_refused(production_file):
    message = problems_of(production_file, edge_with(production_file, records={"www": {"name": "myapp.com"}}))
    assert f"{NS}:edge.records.www.name: is already the apex record's name" in message


def test_a_minimum_tls_version_cloudflare_does_not_have_is_refused(production_file):
    message = problems_of(production_file, edge_with(production_file, minTlsVersion="1.4"))
    assert f"{NS}:edge.minTlsVersion: must be one of '1.2' or '1.3' (got '1.4')" in message


def test_a_minimum_tls_version_below_1_2_is_refused(production_file):
    message = problems_of(production_file, edge_with(production_file, minTlsVersion="1.0"))
    assert f"{NS}:edge.minTlsVersion: must be one of '1.2' or '1.3' (got '1.0')" in message


def test_an_hsts_max_age_under_a_year_is_refused_for_the_edge_too(production_file):
    message = problems_of(production_file, {f"{NS}:securityHeaders": {"hsts": {"maxAge": 86400}}})
    assert f"{NS}:securityHeaders.hsts.maxAge: should be greater than or equal to 31536000 (got 86400)" in message


def test_an_interval_below_the_plans_minimum_is_refused_with_the_range(production_file):
    message = problems_of(production_file, edge_with(production_file, healthChecks={"frontend": {"interval": 5, "timeout": 2}}))
    assert (
        f"{NS}:edge.healthChecks.frontend.interval: must be 15..3600 seconds on the Cloudflare business plan (edge.plan) (got 5)" in message
    )


def test_the_status_documents_30_second_interval_is_refused_on_a_pro_plan(production_file):
    message = problems_of(production_file, edge_with(production_file, plan="pro"))
    assert f"{NS}:edge.healthChecks.frontend.interval: must be 60..3600 seconds on the Cloudflare pro plan" in message
    assert f"{NS}:edge.healthChecks.backend.interval:" in message


def test_an_interval_over_an_hour_is_refused(production_file):
    message = problems_of(production_file, edge_with(production_file, healthChecks={"backend": {"interval": 7200}}))
    assert f"{NS}:edge.healthChecks.backend.interval: must be 15..3600 seconds" in message


def test_a_timeout_not_shorter_than_the_interval_is_refused(production_file):
    message = problems_of(production_file, edge_with(production_file, healthChecks={"backend": {"timeout": 30}}))
    assert f"{NS}:edge.healthChecks.backend.timeout: must be shorter than the interval (30 s)" in message


def test_a_free_plan_is_refused_because_it_has_no_health_checks(production_file):
    message = problems_of(production_file, edge_with(production_file, plan="free"))
    assert f"{NS}:edge.plan: must be one of 'pro', 'business' or 'enterprise' (got 'free')" in message


def test_alerts_without_any_channel_are_refused(production_file):
    message = problems_of(production_file, edge_with(production_file, alerts={"emails": []}))
    assert f"{NS}:edge.alerts: needs at least one channel" in message


def test_a_malformed_zone_id_is_refused(production_file):
    message = problems_of(production_file, edge_with(production_file, zoneId="myapp.com"))
    assert f"{NS}:edge.zoneId: has an invalid format" in message


def test_a_proxied_record_with_a_manual_ttl_is_refused(production_file):
    message = problems_of(production_file, edge_with(production_file, records={"www": {"ttl": 300}}))
    assert f"{NS}:edge.records.www: a proxied record's ttl is always 1 (automatic)" in message


def test_an_edge_record_for_a_host_the_backend_does_not_serve_is_refused_before_any_resource(production_file):
    message = wiring_problems_of(production_file, edge_with(production_file, records={"api": {"name": "backend.myapp.com"}}))
    assert f"{NS}:edge.records.api.name: is 'backend.myapp.com', but backend.domain is 'api.myapp.com'" in message


def test_a_www_record_vercel_does_not_redirect_is_refused(production_file):
    message = wiring_problems_of(
        production_file,
        {
            **edge_with(production_file),
            f"{NS}:frontend": {
                **json.loads(production_file.config[f"{NS}:frontend"]),
                "redirectDomains": [],
            },
        },
    )
    assert f"{NS}:edge.records.www.name: is 'www.myapp.com', which frontend.redirectDomains does not list" in message


def test_an_api_record_without_any_target_is_refused(production_file):
    """Only reachable when no backend component hands the edge a target (no custom domain)."""
    edge = load(production_file).edge
    records = edge.records.model_copy(update={"api": edge.records.api.model_copy(update={"target": None})})
    untargeted = edge.model_copy(update={"records": records})
    problems = edge_wiring_problems("production", untargeted, "myapp.com", ("www.myapp.com",), "api.myapp.com", api_target_given=False)
    assert [p.key for p in problems] == [f"{NS}:edge.records.api.target"]
    assert "no backend component provides" in problems[0].problem
