"""`verify`: a deployed stack checked against its config, over real TLS and HTTP on 127.0.0.1."""

from __future__ import annotations

import json

import pytest

from infra.operations.cli import main
from infra.operations.connect import trust_context
from infra.operations.expectations import FOREIGN_ORIGIN, expectations_of, load_config
from infra.operations.verify import Check, Probe, verify

from .site import CORRECT, Faults, connect_to_arguments


def failed(checks: list[Check]) -> set[str]:
    return {check.name for check in checks if not check.passed}


def run(site, ca, expected, faults=CORRECT) -> list[Check]:
    with site(expected, faults) as routes:
        return verify(expected, Probe(routes, trust_context(str(ca.bundle)), timeout=5))


def test_a_correct_production_site_passes_every_check(site, ca, production):
    checks = run(site, ca, production)
    assert failed(checks) == set()
    names = {check.name for check in checks}
    assert {"health: frontend", "health: backend", "redirect: www.myapp.com -> myapp.com"} <= names
    assert {f"tls: {host} minimum version" for host in ("myapp.com", "www.myapp.com", "api.myapp.com")} <= names


def test_expected_values_come_from_the_stack_config():
    config = load_config("production")
    expected = expectations_of(config)
    assert expected.frontend_headers == config.security_headers.render() == expected.api_headers
    assert expected.public_hosts == ("myapp.com", "www.myapp.com", "api.myapp.com")
    assert expected.backend_fields == {"status": "healthy"}
    assert config.edge is not None and expected.min_tls_version == config.edge.min_tls_version


def test_staging_has_no_edge_so_no_www_and_no_api_header_checks(site, ca):
    staging = expectations_of(load_config("staging"))
    checks = run(site, ca, staging)
    assert failed(checks) == set()
    names = {check.name for check in checks}
    assert staging.frontend_host == "myapp-staging.vercel.app"
    assert not any("www." in name for name in names)
    assert not any(name.startswith("header:") and staging.api_host in name for name in names)


@pytest.mark.parametrize("header", ["Content-Security-Policy", "X-Frame-Options", "Strict-Transport-Security"])
def test_a_missing_header_fails_only_that_header_on_each_host_that_omits_it(site, ca, production, header):
    checks = run(site, ca, production, Faults(missing_header=header))
    expected = {f"header: {header} on myapp.com", f"header: {header} on api.myapp.com"}
    assert failed(checks) == expected
    assert {c.seen for c in checks if c.name in expected} == {"(absent)"}


def test_a_server_accepting_tls_1_0_fails_the_minimum_version_of_every_host(site, ca, production):
    checks = run(site, ca, production, Faults(accepts_tls_1_0=True))
    assert failed(checks) == {f"tls: {host} minimum version" for host in production.public_hosts}
    assert all("accepted TLSv1" in c.seen for c in checks if not c.passed)


def test_a_302_instead_of_301_fails_every_redirect_but_keeps_path_and_query(site, ca, production):
    checks = run(site, ca, production, Faults(redirect_status=302))
    assert failed(checks) == {
        "redirect: http://myapp.com -> https",
        "redirect: http://www.myapp.com -> https",
        "redirect: http://api.myapp.com -> https",
        "redirect: www.myapp.com -> myapp.com",
    }
    assert all(c.seen.startswith("302 -> ") and c.seen.endswith("?probe=1&keep=yes") for c in checks if not c.passed)


def test_cors_reflecting_any_origin_fails_the_foreign_origin_check_only(site, ca, production):
    checks = run(site, ca, production, Faults(cors_reflects_any_origin=True))
    assert failed(checks) == {f"cors: preflight from {FOREIGN_ORIGIN}"}


def test_a_wrong_health_body_fails_the_backend_health_check_only(site, ca, production):
    checks = run(site, ca, production, Faults(backend_health={"status": "degraded", "database": "disconnected"}))
    assert failed(checks) == {"health: backend"}
    (check,) = [c for c in checks if c.name == "health: backend"]
    assert check.seen == "200 with status='degraded'"


def test_a_certificate_about_to_expire_fails_the_certificate_checks(site, ca, production):
    checks = run(site, ca, production, Faults(certificate_days=3))
    assert failed(checks) == {f"tls: {host} certificate" for host in production.public_hosts}


def test_a_certificate_from_an_untrusted_ca_fails_every_https_check(site, production):
    with site(production) as routes:
        checks = verify(production, Probe(routes, trust_context(None), timeout=5))
    assert "tls: myapp.com certificate" in failed(checks)
    assert "health: frontend" in failed(checks)
    assert all(c.passed for c in checks if c.name.startswith("redirect: http://") or "minimum version" in c.name)


def test_the_command_prints_json_and_exits_zero_on_a_correct_site(site, ca, production, capsys):
    with site(production) as routes:
        code = main(["verify", "production", "--json", "--ca-bundle", str(ca.bundle), *connect_to_arguments(routes)])
    answer = json.loads(capsys.readouterr().out)
    assert code == 0 and answer["passed"] is True
    assert {"name", "expected", "seen", "passed"} == set(answer["checks"][0])


def test_the_command_prints_a_table_and_exits_one_when_a_check_fails(site, ca, production, capsys):
    with site(production, Faults(redirect_status=302)) as routes:
        code = main(["verify", "production", "--ca-bundle", str(ca.bundle), *connect_to_arguments(routes)])
    out = capsys.readouterr().out
    assert code == 1
    assert "FAIL" in out and "25 passed, 4 failed" in out


def test_a_malformed_connect_to_is_refused_naming_the_option_and_its_form(capsys):
    assert main(["verify", "production", "--connect-to", "myapp.com:443"]) == 2
    assert "--connect-to 'myapp.com:443': expected HOST:PORT:ADDRESS:PORT" in capsys.readouterr().err


def test_an_unknown_stack_is_refused_with_the_stacks_there_are(capsys):
    assert main(["verify", "nosuch"]) == 2
    assert "Pulumi.nosuch.yaml" in capsys.readouterr().err
