"""Health checks (Cloudflare's probes, Railway's deploy-time check) and where alerts go."""

from __future__ import annotations

from typing import Any

from infra.plan import PlannedResource

from ..inventory import CLOUDFLARE_HEALTHCHECK, CLOUDFLARE_NOTIFICATION_POLICY, Shown, objects_on, plain
from ..live import LiveState
from ..markdown import code, not_managed, table
from ..sources import Declared

PROVIDER_DEFAULT = "provider default"
DEFAULT_PORTS = {"http": 80, "https": 443}
# Railway inputs that configure the check it runs before switching traffic to a new deploy.
RAILWAY_HEALTHCHECK_INPUTS = ("healthcheckPath", "healthcheckTimeout")
# How long Railway waits for a new deploy's check when no timeout is set (docs.railway.com/reference/healthchecks).
RAILWAY_DEFAULT_TIMEOUT = "Railway default (300 s)"
# Notification mechanisms of a Cloudflare policy, as the page names them.
CHANNELS = {"emails": "email", "webhooks": "webhook", "pagerduties": "PagerDuty"}


def render_monitoring(declared: Declared, live: LiveState) -> list[str]:
    shown = Shown(declared)
    lines = ["## Health checks and alerts", "", "### Health checks (Cloudflare)", ""]
    lines += _cloudflare_checks(declared, shown)
    lines += ["", "### Deploy health checks (Railway)", ""]
    lines += _railway_checks(declared, shown)
    lines += ["", "### Alert channels (Cloudflare notifications)", ""]
    lines += _alerts(declared, shown)
    return lines


def health_check_url(check: dict[str, Any]) -> str:
    """The URL a Cloudflare health check probes, from its (shown) settings."""
    config = check.get("httpConfig") or {}
    scheme = str(check.get("type") or "HTTP").lower()
    port = f":{config['port']}" if config.get("port") and config["port"] != DEFAULT_PORTS.get(scheme) else ""
    return f"{scheme}://{check.get('address')}{port}{config.get('path') or '/'}"


def _cloudflare_checks(declared: Declared, shown: Shown) -> list[str]:
    cloudflare = objects_on(declared.plan, "cloudflare")
    if not cloudflare:
        return [not_managed("Health checks", "Cloudflare")]
    rows = []
    for resource in (r for r in cloudflare if r.type == CLOUDFLARE_HEALTHCHECK):
        check = shown.value(resource.inputs)
        config = check.get("httpConfig") or {}
        rows.append(
            (
                check.get("name") or resource.name,
                health_check_url(check),
                config.get("method") or PROVIDER_DEFAULT,
                _expected(config),
                _seconds(check.get("interval")),
                _seconds(check.get("timeout")),
                check.get("retries", PROVIDER_DEFAULT),
                check.get("checkRegions") or PROVIDER_DEFAULT,
            )
        )
    headers = ["Check", "URL", "Method", "Expected", "Every", "Timeout", "Retries", "Regions"]
    return table(headers, rows) if rows else ["No Cloudflare health check is declared."]


def _expected(http_config: dict[str, Any]) -> str:
    codes = ", ".join(str(code_) for code_ in http_config.get("expectedCodes") or ()) or PROVIDER_DEFAULT
    body = http_config.get("expectedBody")
    return f"{codes}, body contains `{body}`" if body else codes


def _railway_checks(declared: Declared, shown: Shown) -> list[str]:
    railway = objects_on(declared.plan, "railway")
    if not railway:
        return [not_managed("Deploy health checks", "Railway")]
    rows = [
        (
            code(r.name),
            shown.value(r.inputs.get("healthcheckPath")),
            _seconds(shown.value(r.inputs.get("healthcheckTimeout")), default=RAILWAY_DEFAULT_TIMEOUT),
        )
        for r in railway
        if any(key in r.inputs for key in RAILWAY_HEALTHCHECK_INPUTS)
    ]
    return table(["Declared by", "Path", "Timeout"], rows) if rows else ["No Railway health check path is declared."]


def _alerts(declared: Declared, shown: Shown) -> list[str]:
    cloudflare = objects_on(declared.plan, "cloudflare")
    if not cloudflare:
        return [not_managed("Alert channels", "Cloudflare")]
    rows = [
        (plain(p, "name", p.name), code(plain(p, "alertType")), _enabled(p), _channels(shown.value(p.inputs.get("mechanisms"))))
        for p in cloudflare
        if p.type == CLOUDFLARE_NOTIFICATION_POLICY
    ]
    return table(["Policy", "Alert type", "Enabled", "Channels"], rows) if rows else ["No Cloudflare notification policy is declared."]


def _channels(mechanisms: Any) -> str:
    if not isinstance(mechanisms, dict):
        return str(mechanisms)
    named = [
        f"{CHANNELS.get(kind, kind)} {target.get('id') if isinstance(target, dict) else target}"
        for kind, targets in sorted(mechanisms.items())
        for target in targets or []
    ]
    return "; ".join(named) or "none"


def _enabled(policy: PlannedResource) -> str:
    return "yes" if plain(policy, "enabled", True) else "no"


def _seconds(value: Any, default: str = PROVIDER_DEFAULT) -> str:
    return f"{value} s" if isinstance(value, (int, float)) else (value or default)
