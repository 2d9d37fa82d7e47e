"""Health checks and alert channels, from the Cloudflare edge and the Railway service."""

from __future__ import annotations

from tests.status.support import section, subsection


def test_production_checks_the_frontend_health_url(production_document):
    checks = subsection(section(production_document, "Health checks and alerts"), "Health checks (Cloudflare)")
    assert "| https://myapp.com/api/health | GET | 200 | 30 s | 10 s |" in checks, checks


def test_production_checks_the_api_health_url(production_document):
    checks = subsection(section(production_document, "Health checks and alerts"), "Health checks (Cloudflare)")
    assert '| https://api.myapp.com/health | GET | 200, body contains `"status":"healthy"` | 30 s | 5 s |' in checks, checks


def test_production_alerts_go_to_the_configured_emails(production_declared, production_document):
    alerts = subsection(section(production_document, "Health checks and alerts"), "Alert channels (Cloudflare notifications)")
    for email in production_declared.config.edge.alerts.emails:
        assert f"email {email}" in alerts, alerts


def test_staging_health_checks_are_not_managed_without_an_edge(staging_document):
    checks = subsection(section(staging_document, "Health checks and alerts"), "Health checks (Cloudflare)")
    assert "not managed by this stack" in checks, checks


def test_the_backend_deploy_health_check_path_is_shown(declared, document):
    railway = subsection(section(document, "Health checks and alerts"), "Deploy health checks (Railway)")
    assert f"| `myapp-backend-instance` | {declared.config.backend.healthcheck_path} |" in railway, railway


def test_an_unset_deploy_health_check_timeout_reads_as_railways_default(document):
    railway = subsection(section(document, "Health checks and alerts"), "Deploy health checks (Railway)")
    assert "| Railway default (300 s) |" in railway, railway
