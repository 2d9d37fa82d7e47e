"""Security response headers (per host, as the routes and rules set them) and the API's CORS origins."""

from __future__ import annotations

import re
from typing import Any

from ..inventory import CLOUDFLARE_RULESET, VERCEL_ROUTE, Shown, cors_variables, objects_on, plain
from ..live import LiveState
from ..markdown import code, not_managed, table
from ..sources import Declared

RESPONSE_HEADERS_PHASE = "http_response_headers_transform"


def render_security(declared: Declared, live: LiveState) -> list[str]:
    shown = Shown(declared)
    lines = ["## Security headers and CORS", "", "### Frontend responses (Vercel)", ""]
    lines += _vercel_headers(declared, shown)
    lines += ["", "### API responses (Cloudflare)", ""]
    lines += _cloudflare_headers(declared, shown)
    lines += ["", "### CORS (backend API)", ""]
    lines += _cors(declared, shown)
    return lines


def _vercel_headers(declared: Declared, shown: Shown) -> list[str]:
    routes = [r for r in objects_on(declared.plan, "vercel") if r.type == VERCEL_ROUTE]
    if not routes:
        return [not_managed("Frontend response headers", "Vercel")]
    lines = []
    for route in routes:
        spec = shown.value(route.inputs.get("route", {}))
        headers = spec.get("headers") or {}
        lines += [
            f"Route {code(plain(route, 'name', route.name))} on paths {code(spec.get('src'))} of {shown.value(route.inputs.get('projectId'))}:",
            "",
        ]
        lines += table(["Header", "Value"], sorted(headers.items())) + [""]
    return lines[:-1]


def _cloudflare_headers(declared: Declared, shown: Shown) -> list[str]:
    cloudflare = objects_on(declared.plan, "cloudflare")
    if not cloudflare:
        return [not_managed("API response headers", "Cloudflare")]
    rulesets = [r for r in cloudflare if r.type == CLOUDFLARE_RULESET and plain(r, "phase") == RESPONSE_HEADERS_PHASE]
    if not rulesets:
        return ["No Cloudflare response-header rule is declared."]
    lines = []
    for ruleset in rulesets:
        for rule in shown.value(ruleset.inputs.get("rules") or []):
            headers = (rule.get("actionParameters") or {}).get("headers") or {}
            lines += [f"Rule {code(rule.get('description') or ruleset.name)} when {code(rule.get('expression'))}:", ""]
            rows = [(name, spec.get("operation"), spec.get("value")) for name, spec in sorted(headers.items())]
            lines += table(["Header", "Operation", "Value"], rows) + [""]
    return lines[:-1] if lines else ["No Cloudflare response-header rule is declared."]


def _cors(declared: Declared, shown: Shown) -> list[str]:
    railway = objects_on(declared.plan, "railway")
    if not railway:
        return [not_managed("CORS", "Railway")]
    lines = []
    for resource in (r for r in railway if cors_variables(r)):
        rows = [(code(name), _items(shown.value(value))) for name, value in sorted(cors_variables(resource).items())]
        lines += [f"Set by {code(resource.name)}:", "", *table(["Variable", "Value"], rows), ""]
    return lines[:-1] if lines else ["The backend declares no CORS variable (a name containing CORS or ALLOWED_ORIGINS)."]


def _items(value: Any) -> list[str]:
    """A list-valued variable's items: a list, or comma-separated text (`a, b`)."""
    if isinstance(value, list):
        return [str(item) for item in value]
    return [item for item in re.split(r"\s*,\s*", str(value).strip()) if item]
