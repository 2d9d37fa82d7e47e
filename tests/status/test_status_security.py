"""Security headers (as the Vercel route and the Cloudflare rule send them) and the API's CORS origins."""

from __future__ import annotations

import pytest

from infra.config.headers import ONE_YEAR_SECONDS
from tests.status.support import CORS_ORIGIN, RAILWAY, section, subsection


def header_rows(text: str) -> dict[str, str]:
    rows = [line.strip("|").split("|") for line in text.splitlines() if line.startswith("| ") and not line.startswith("| Header")]
    return {cells[0].strip(): cells[-1].strip() for cells in rows}


def test_the_frontend_sends_every_configured_header(declared, document):
    shown = header_rows(subsection(section(document, "Security headers and CORS"), "Frontend responses (Vercel)"))
    assert shown == declared.config.security_headers.render(), f"{declared.stack}: headers differ from myapp-infra:securityHeaders"


def test_hsts_lasts_the_configured_max_age(declared, document):
    shown = header_rows(subsection(section(document, "Security headers and CORS"), "Frontend responses (Vercel)"))
    assert f"max-age={declared.config.security_headers.hsts.max_age}" in shown["Strict-Transport-Security"]
    assert declared.config.security_headers.hsts.max_age >= ONE_YEAR_SECONDS


def test_production_api_responses_carry_the_same_headers_through_cloudflare(production_declared, production_document):
    shown = header_rows(subsection(section(production_document, "Security headers and CORS"), "API responses (Cloudflare)"))
    assert shown == production_declared.config.security_headers.render(), shown


def test_staging_api_headers_are_not_managed_without_an_edge(staging_document):
    api = subsection(section(staging_document, "Security headers and CORS"), "API responses (Cloudflare)")
    assert "not managed by this stack" in api, api


def test_the_backend_cors_origins_are_listed(backend_document):
    cors = subsection(section(backend_document, "Security headers and CORS"), "CORS (backend API)")
    assert f"- {CORS_ORIGIN}" in cors, cors


def test_the_real_backend_allows_the_frontend_origins(declared, document):
    if not any(r.type.startswith(RAILWAY) for r in declared.plan.resources):
        pytest.skip(f"{declared.stack} declares no Railway backend yet")
    cors = subsection(section(document, "Security headers and CORS"), "CORS (backend API)")
    for origin in declared.config.frontend.origins:
        assert f"- {origin}" in cors, f"{declared.stack}: CORS origins lack {origin}:\n{cors}"


def test_without_a_backend_cors_is_not_managed(declared, document):
    if any(r.type.startswith(RAILWAY) for r in declared.plan.resources):
        pytest.skip(f"{declared.stack} declares a Railway backend")
    assert "not managed by this stack" in subsection(section(document, "Security headers and CORS"), "CORS (backend API)")
