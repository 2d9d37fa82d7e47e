"""The default security headers: the status document's set, corrected by current guidance."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from infra.config.headers import ONE_YEAR_SECONDS, SecurityHeadersConfig


@pytest.fixture(scope="module")
def headers() -> dict[str, str]:
    return SecurityHeadersConfig().render()


def csp_directives(value: str) -> dict[str, list[str]]:
    directives = {}
    for part in filter(None, (p.strip() for p in value.split(";"))):
        name, *sources = part.split()
        directives[name.lower()] = sources
    return directives


def test_hsts_lasts_at_least_a_year_and_covers_subdomains(headers):
    params = {p.strip().split("=")[0].lower(): p.strip() for p in headers["Strict-Transport-Security"].split(";")}
    assert int(params["max-age"].split("=")[1]) >= ONE_YEAR_SECONDS
    assert "includesubdomains" in params


def test_hsts_preload_is_off_unless_opted_in(headers):
    assert "preload" not in headers["Strict-Transport-Security"].lower()


def test_the_obsolete_xss_auditor_is_switched_off_not_enabled(headers):
    assert headers["X-XSS-Protection"] == "0", "OWASP/MDN: '1; mode=block' is harmful; send '0' or nothing"


def test_framing_is_denied_twice_for_old_and_new_browsers(headers):
    assert headers["X-Frame-Options"] == "DENY"
    assert csp_directives(headers["Content-Security-Policy"])["frame-ancestors"] == ["'none'"]


def test_csp_keeps_the_status_document_sources_and_never_allows_eval(headers):
    directives = csp_directives(headers["Content-Security-Policy"])
    assert directives["default-src"] == ["'self'"]
    assert "*.stripe.com" in directives["script-src"]
    assert "'unsafe-eval'" not in directives["script-src"]


def test_csp_blocks_plugins_and_base_tag_hijacking(headers):
    directives = csp_directives(headers["Content-Security-Policy"])
    assert directives["object-src"] == ["'none'"] and directives["base-uri"] == ["'self'"]


def test_referrers_leave_the_site_as_origin_only(headers):
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_mime_sniffing_is_off(headers):
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_an_hsts_max_age_under_a_year_is_refused():
    with pytest.raises(ValidationError, match="greater than or equal to 31536000"):
        SecurityHeadersConfig.model_validate({"hsts": {"maxAge": ONE_YEAR_SECONDS - 1}})


def test_hsts_without_include_subdomains_is_refused():
    with pytest.raises(ValidationError, match="must stay true"):
        SecurityHeadersConfig.model_validate({"hsts": {"includeSubDomains": False}})


def test_a_csp_without_default_src_is_refused():
    with pytest.raises(ValidationError, match="default-src"):
        SecurityHeadersConfig.model_validate({"contentSecurityPolicy": {"script-src": ["'self'"]}})


def test_preload_is_added_when_opted_in():
    rendered = SecurityHeadersConfig.model_validate({"hsts": {"preload": True}}).render()
    assert rendered["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
