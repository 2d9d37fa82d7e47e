"""TLS and domains: which host serves what, redirects, DNS records and the zone's TLS settings."""

from __future__ import annotations

from infra.plan import revealed
from infra.plan.model import UNKNOWN_SENTINEL
from infra.status.sources import KNOWN_AFTER_APPLY
from tests.status.support import section, subsection

DNS_RECORD = "cloudflare:index/dnsRecord:DnsRecord"


def test_production_serves_the_apex_on_vercel(production_document):
    domains = subsection(section(production_document, "TLS and domains"), "Domains")
    assert "| myapp.com | Vercel | `myapp-frontend-domain-myapp.com` | serves the frontend |" in domains, domains


def test_production_redirects_www_to_the_apex_permanently(production_document):
    redirects = subsection(section(production_document, "TLS and domains"), "Redirects")
    assert "| www.myapp.com | myapp.com | 301 | Vercel domain |" in redirects, redirects


def test_staging_is_served_on_its_vercel_app_domain(staging_document):
    domains = subsection(section(staging_document, "TLS and domains"), "Domains")
    assert "https://myapp-staging.vercel.app" in domains, domains


def test_every_declared_dns_record_is_listed(production_declared, production_document):
    dns = subsection(section(production_document, "TLS and domains"), "DNS records (Cloudflare)")
    for record in production_declared.plan.by_type(DNS_RECORD):
        inputs = revealed(record.inputs)
        assert f"| {inputs['name']} | {inputs['type']} |" in dns, f"{record.urn} missing:\n{dns}"


def test_a_dns_record_whose_content_is_declared_shows_it(production_declared, production_document):
    dns = subsection(section(production_document, "TLS and domains"), "DNS records (Cloudflare)")
    known = [r for r in production_declared.plan.by_type(DNS_RECORD) if revealed(r.inputs)["content"] != UNKNOWN_SENTINEL]
    assert known, "production declares no DNS record with known content"
    for record in known:
        inputs = revealed(record.inputs)
        assert f"| {inputs['name']} | {inputs['type']} | {inputs['content']} |" in dns, f"{record.urn} content missing:\n{dns}"


def test_the_api_cname_target_reads_known_after_apply_from_the_railway_custom_domain(production_document):
    dns = subsection(section(production_document, "TLS and domains"), "DNS records (Cloudflare)")
    assert f"| api.myapp.com | CNAME | {KNOWN_AFTER_APPLY}, from `myapp-backend-domain` |" in dns, dns


def test_no_raw_unknown_marker_reaches_the_document(document):
    assert UNKNOWN_SENTINEL not in document


def test_staging_dns_is_not_managed_without_an_edge(staging_document):
    assert "not managed by this stack" in subsection(section(staging_document, "TLS and domains"), "DNS records (Cloudflare)")


def test_the_hsts_line_gives_the_max_age_in_days(declared, document):
    tls = subsection(section(document, "TLS and domains"), "TLS")
    days = declared.config.security_headers.hsts.max_age // 86_400
    assert f"max-age={declared.config.security_headers.hsts.max_age}" in tls and f"({days} days)" in tls, tls


def test_production_zone_uses_full_strict_tls(production_document):
    tls = subsection(section(production_document, "TLS and domains"), "TLS")
    assert "| `ssl` | strict |" in tls, tls


def test_production_zone_refuses_tls_below_the_configured_minimum(production_declared, production_document):
    tls = subsection(section(production_document, "TLS and domains"), "TLS")
    assert f"| `min_tls_version` | {production_declared.config.edge.min_tls_version} |" in tls, tls


def test_production_serves_the_api_on_its_railway_custom_domain(production_document):
    domains = subsection(section(production_document, "TLS and domains"), "Domains")
    assert "| api.myapp.com | Railway | `myapp-backend-domain` | serves the backend API |" in domains, domains


def test_staging_serves_the_api_on_its_railway_service_domain(staging_document):
    domains = subsection(section(staging_document, "TLS and domains"), "Domains")
    row = (
        "| myapp-backend-staging.up.railway.app | Railway | `myapp-backend-service-domain` | serves the backend API on Railway's own name |"
    )
    assert row in domains, domains


def test_without_railway_the_api_host_is_not_managed(vercel_only_document):
    domains = subsection(section(vercel_only_document, "TLS and domains"), "Domains")
    assert "The API host api.myapp.com (config `myapp-infra:backend.domain`): not managed by this stack" in domains, domains
