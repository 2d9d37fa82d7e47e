"""Security headers (as the Vercel route and the Cloudflare rule send them) and the API's CORS origins."""

from __future__ import annotations

from infra.config.headers import ONE_YEAR_SECONDS
from tests.status.support import section, subsection, table_rows


def header_rows(text: str) -> dict[str, str]:
    rows = [line.strip("|").split("|") for line in text.splitlines() if line.startswith("| ") and not line.startswith("| Header")]
    return {cells[0].strip(): cells[-1].strip() for cells in rows}


def cors(document: str) -> dict[str, str]:
    """CORS variable -> its value, as the document lists it."""
    return {
        name: cells[0]
        for name, cells in table_rows(subsection(section(document, "Security headers and CORS"), "CORS (backend API)")).items()
    }


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


def test_the_production_api_allows_only_the_production_origin(production_document):
    assert cors(production_document)["CORS_ORIGINS"] == "https://myapp.com"


def test_the_staging_api_allows_only_the_staging_origin(staging_document):
    assert cors(staging_document)["CORS_ORIGINS"] == "https://myapp-staging.vercel.app"


def test_the_api_allows_the_configured_methods(declared, document):
    assert cors(document)["CORS_METHODS"] == ", ".join(declared.config.backend.cors.methods), declared.stack


def test_without_a_backend_cors_is_not_managed(vercel_only_document):
    assert "not managed by this stack" in subsection(section(vercel_only_document, "Security headers and CORS"), "CORS (backend API)")
