"""Where responses get headers in these stacks, and which headers each place sets.

- A Vercel project route (`vercel:index/projectRoute:ProjectRoute`) sets `route.headers` on the
  paths its `src` matches; a route matching every path with no `has`/`missing` condition is the
  one that must carry the security headers.
- A Cloudflare ruleset in the `http_response_headers_transform` phase sets, adds or removes
  headers through its enabled `rewrite` rules; the rules are merged in order (a ruleset can
  only ever set what its rules together set).
"""

from __future__ import annotations

from . import tokens
from .base import UNKNOWN, Resource, lookup
from .http_headers import Header, HeaderSet

RESPONSE_HEADERS_PHASE = "http_response_headers_transform"
# Route sources that match every path (Vercel's path-to-regexp and regex spellings).
EVERY_PATH_SOURCES = frozenset({"/(.*)", "/(.*)?", "/.*", "(.*)", ".*", "/:path*", "/(.*)/?"})


def covers_every_path(route: Resource) -> bool:
    spec = route.props.get("route") or {}
    return spec.get("src") in EVERY_PATH_SOURCES and not spec.get("has") and not spec.get("missing")


def _route_headers(route: Resource) -> HeaderSet:
    headers = (route.props.get("route") or {}).get("headers") or {}
    if not isinstance(headers, dict):
        headers = {}
    return HeaderSet((Header(name, value, f'route.headers["{name}"]') for name, value in headers.items()), 'route.headers["{name}"]')


def _ruleset_headers(ruleset: Resource) -> HeaderSet:
    merged: dict[str, list[Header]] = {}
    for index, rule in enumerate(ruleset.props.get("rules") or []):
        if not isinstance(rule, dict) or rule.get("enabled") is False or rule.get("action") != "rewrite":
            continue
        for name, spec in (lookup(lookup(rule, "actionParameters"), "headers") or {}).items():
            spec = spec if isinstance(spec, dict) else {}
            operation = spec.get("operation", "set")
            value = spec.get("value") if "value" in spec else UNKNOWN  # an expression: known only per request
            header = Header(name, value, f'rules[{index}].actionParameters.headers["{name}"].value')
            key = name.strip().lower()
            if operation == "remove":
                merged.pop(key, None)
            elif operation == "add":
                merged.setdefault(key, []).append(header)
            else:
                merged[key] = [header]
    return HeaderSet((header for headers in merged.values() for header in headers), 'rules[*].actionParameters.headers["{name}"]')


def response_headers(resource: Resource, every_path_only: bool) -> HeaderSet | None:
    """The headers `resource` puts on responses, or None when it puts none there.
    With `every_path_only`, a Vercel route counts only if it matches every path."""
    if resource.type == tokens.VERCEL_PROJECT_ROUTE:
        if every_path_only and not covers_every_path(resource):
            return None
        headers = _route_headers(resource)
    elif resource.type == tokens.CLOUDFLARE_RULESET and resource.props.get("phase") == RESPONSE_HEADERS_PHASE:
        headers = _ruleset_headers(resource)
    else:
        return None
    return headers or None


HEADER_SOURCE_TYPES = (tokens.VERCEL_PROJECT_ROUTE, tokens.CLOUDFLARE_RULESET)
