"""TLS and domains: which host serves what, the redirects, DNS records, and TLS settings."""

from __future__ import annotations

from ..inventory import (
    CLOUDFLARE_DNS_RECORD,
    CLOUDFLARE_RULESET,
    CLOUDFLARE_ZONE_SETTING,
    RAILWAY_SERVICE_DOMAIN,
    VERCEL_DOMAIN,
    VERCEL_ROUTE,
    Shown,
    objects_on,
    plain,
    served_host,
)
from ..live import LiveState
from ..markdown import code, not_managed, table
from ..sources import Declared

REDIRECT_PHASE = "http_request_dynamic_redirect"
HSTS = "Strict-Transport-Security"
SECONDS_PER_DAY = 86_400


def render_domains(declared: Declared, live: LiveState) -> list[str]:
    shown = Shown(declared)
    lines = ["## TLS and domains", "", "### Domains", ""]
    lines += _domains(declared, shown)
    lines += ["", "### Redirects", ""]
    lines += _redirects(declared, shown)
    lines += ["", "### DNS records (Cloudflare)", ""]
    lines += _dns(declared, shown)
    lines += ["", "### TLS", ""]
    lines += _tls(declared, shown)
    return lines


def _domains(declared: Declared, shown: Shown) -> list[str]:
    rows = []
    for domain in (r for r in objects_on(declared.plan, "vercel") if r.type == VERCEL_DOMAIN):
        target = plain(domain, "redirect")
        role = (
            f"redirects to {target} ({plain(domain, 'redirectStatusCode', 'Vercel default status')})" if target else "serves the frontend"
        )
        rows.append((shown.value(domain.inputs.get("domain")), "Vercel", code(domain.name), role))
    railway = objects_on(declared.plan, "railway")
    for domain in railway:
        host = served_host(domain)
        if host is not None:
            role = "serves the backend API on Railway's own name" if domain.type == RAILWAY_SERVICE_DOMAIN else "serves the backend API"
            rows.append((shown.value(host), "Railway", code(domain.name), role))
    lines = table(["Host", "Platform", "Declared by", "Role"], rows) if rows else []
    if not any(row[1] == "Vercel" for row in rows):
        lines += ([""] if lines else []) + [
            f"The frontend has no custom domain: it is served on https://{declared.config.frontend.host}, the Vercel project's own domain."
        ]
    if not any(row[1] == "Railway" for row in rows):
        api_host = f"The API host {declared.config.backend.domain} (config `myapp-infra:backend.domain`)"
        lines += ([""] if lines else []) + [
            not_managed(api_host, "Railway") if not railway else f"{api_host}: no Railway domain object declares it."
        ]
    return lines


def _redirects(declared: Declared, shown: Shown) -> list[str]:
    rows = [
        (plain(d, "domain"), plain(d, "redirect"), plain(d, "redirectStatusCode"), "Vercel domain")
        for d in objects_on(declared.plan, "vercel")
        if d.type == VERCEL_DOMAIN and plain(d, "redirect")
    ]
    for ruleset in objects_on(declared.plan, "cloudflare"):
        if ruleset.type == CLOUDFLARE_RULESET and plain(ruleset, "phase") == REDIRECT_PHASE:
            for rule in shown.value(ruleset.inputs.get("rules") or []):
                redirect = ((rule.get("actionParameters") or {}).get("fromValue")) or {}
                target = redirect.get("targetUrl") or {}
                rows.append(
                    (
                        code(rule.get("expression")),
                        target.get("value") or code(target.get("expression")),
                        redirect.get("statusCode"),
                        f"Cloudflare rule {code(ruleset.name)}",
                    )
                )
    return table(["From", "To", "Status", "Declared by"], rows) if rows else ["No redirect is declared."]


def _dns(declared: Declared, shown: Shown) -> list[str]:
    cloudflare = objects_on(declared.plan, "cloudflare")
    if not cloudflare:
        return [not_managed("DNS", "Cloudflare")]
    records = [r for r in cloudflare if r.type == CLOUDFLARE_DNS_RECORD]
    rows = [
        tuple(shown.input(record, key) for key in ("name", "type", "content", "proxied", "ttl"))
        for record in sorted(records, key=lambda r: (str(plain(r, "name")), str(plain(r, "type"))))
    ]
    return table(["Name", "Type", "Content", "Proxied", "TTL"], rows) if rows else ["No DNS record is declared."]


def _tls(declared: Declared, shown: Shown) -> list[str]:
    lines = [f"- HSTS on frontend responses: {_hsts(value)}" for value in _hsts_values(declared, shown)]
    lines.append("- Certificates: issued by the platforms for the domains above; none is declared as a resource.")
    cloudflare = objects_on(declared.plan, "cloudflare")
    if not cloudflare:
        return lines + ["", not_managed("Zone TLS settings (SSL mode, minimum TLS version)", "Cloudflare")]
    settings = [(code(plain(s, "settingId")), shown.value(s.inputs.get("value"))) for s in cloudflare if s.type == CLOUDFLARE_ZONE_SETTING]
    if not settings:
        return lines + ["", "No Cloudflare zone setting is declared."]
    return lines + ["", "Cloudflare zone settings:", ""] + table(["Setting", "Value"], sorted(settings))


def _hsts_values(declared: Declared, shown: Shown) -> list[str]:
    routes = (r for r in objects_on(declared.plan, "vercel") if r.type == VERCEL_ROUTE)
    values = [(shown.value(route.inputs.get("route")) or {}).get("headers", {}).get(HSTS) for route in routes]
    return [value for value in values if value] or ["not declared"]


def _hsts(value: str) -> str:
    parts = [part.strip() for part in value.split(";") if part.strip()]
    max_age = next((p.split("=", 1)[1] for p in parts if p.lower().startswith("max-age=")), None)
    days = f" ({int(max_age) // SECONDS_PER_DAY} days)" if max_age and max_age.isdigit() else ""
    return f"{code(value)}{days}"
