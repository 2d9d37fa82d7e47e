"""CORS, wherever a stack configures allowed origins: the API's Railway variables
(`CORS_ORIGINS`, `CORS_METHODS`, `CORS_CREDENTIALS`) and any Access-Control-Allow-* response
header a Vercel route or Cloudflare ruleset sets.

Each origin gets exactly one verdict: `*`, `null` and wildcard subdomains are judged by
cors-credentials-wildcard when credentials are allowed (by cors-allowed-origins otherwise);
any other entry must first be an exact https origin (cors-origin-format), and only a
well-formed origin is then looked up in the stack's allowed list (cors-allowed-origins).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from pulumi_policy import Severity

from . import tokens
from .base import UNKNOWN, Resource, Settings, problem, quoted, resource_policy
from .header_sources import HEADER_SOURCE_TYPES, response_headers

CORS_TYPES = (tokens.RAILWAY_VARIABLES, *HEADER_SOURCE_TYPES)
_HOST = re.compile(r"^[a-z0-9-]+(\.[a-z0-9-]+)*$")


@dataclass(frozen=True)
class Setting:
    path: str
    raw: str
    items: tuple[str, ...]


@dataclass(frozen=True)
class Cors:
    origins: Setting
    methods: Setting | None
    credentials: bool


def _setting(path: str, value: object) -> Setting | None:
    if not isinstance(value, str):
        return None
    return Setting(path, value, tuple(item.strip() for item in value.split(",") if item.strip()))


def _credentials(value: object) -> bool:
    # Unknown until apply counts as allowed: the stricter reading.
    return value is UNKNOWN or (isinstance(value, str) and value.strip().lower() == "true")


def cors_of(resource: Resource) -> Cors | None:
    """The CORS a resource configures, or None when it configures none (or it is unknown)."""
    if resource.type == tokens.RAILWAY_VARIABLES:
        variables = resource.props.get("variables")
        if not isinstance(variables, dict):
            return None
        origins = _setting('variables["CORS_ORIGINS"]', variables.get("CORS_ORIGINS"))
        methods = _setting('variables["CORS_METHODS"]', variables.get("CORS_METHODS"))
        credentials = variables.get("CORS_CREDENTIALS")
    else:
        headers = response_headers(resource, every_path_only=False)
        if headers is None:
            return None
        origin, allow_methods, allow_credentials = (
            headers.get(f"Access-Control-Allow-{name}") for name in ("Origin", "Methods", "Credentials")
        )
        origins = _setting(origin.path, origin.value) if origin else None
        methods = _setting(allow_methods.path, allow_methods.value) if allow_methods else None
        credentials = allow_credentials.value if allow_credentials else None
    return Cors(origins, methods, _credentials(credentials)) if origins else None


def is_wildcard(origin: str) -> bool:
    return origin == "*" or origin.lower() == "null" or "*" in origin


def origin_issue(origin: str) -> str | None:
    """Why `origin` is not an exact https origin (scheme://host[:port]), or None."""
    parts = urlsplit(origin)
    scheme = parts.scheme.lower()
    if scheme == "http":
        return "it uses http: a page served over plain HTTP can be altered in transit, and the API would trust it"
    if scheme != "https" or not parts.netloc:
        return "it is not an origin of the form https://host[:port]"
    if parts.username is not None or parts.password is not None:
        return "it carries credentials, which an origin never does"
    if parts.path == "/" and not parts.query and not parts.fragment:
        return "it ends with a slash, but browsers send the Origin without one, so it never matches"
    if parts.path or parts.query or parts.fragment:
        return "it has a path, but an origin is only scheme, host and port"
    try:
        _ = parts.port  # urllib checks the port only when it is read
    except ValueError:
        return "its port is not a number from 0 to 65535"
    if not _HOST.match(parts.hostname or ""):
        return "its host is not a valid hostname"
    return None


def normalized(origin: str) -> str:
    parts = urlsplit(origin.strip())
    try:
        port = f":{parts.port}" if parts.port not in (None, 443) else ""
    except ValueError:
        port = ""
    return f"https://{(parts.hostname or '').lower()}{port}"


def _origin_message(resource: Resource, origins: Setting, origin: str, issue: str, fix: str) -> str:
    return problem(resource, origins.path, quoted(origins.raw), f'origin "{origin}": {issue}', fix)


def check_format(resource: Resource, settings: Settings) -> Iterable[str]:
    cors = cors_of(resource)
    if cors is None:
        return
    for origin in cors.origins.items:
        issue = None if is_wildcard(origin) else origin_issue(origin)
        if issue:
            yield _origin_message(resource, cors.origins, origin, issue, f'write it as "{normalized(origin)}"')


_WILDCARD_RISK = {
    "*": "every site could then make logged-in requests (browsers refuse *, so servers end up reflecting any Origin)",
    "null": "null is the Origin of sandboxed iframes and local files, which any attacker can produce",
}


def check_credentials(resource: Resource, settings: Settings) -> Iterable[str]:
    cors = cors_of(resource)
    if not cors or not cors.credentials:
        return
    for origin in filter(is_wildcard, cors.origins.items):
        risk = _WILDCARD_RISK.get(
            origin.lower(), "any subdomain, including a taken-over or user-controlled one, could then make logged-in requests"
        )
        yield _origin_message(
            resource,
            cors.origins,
            origin,
            f"credentials are allowed and {risk}",
            "list each of this stack's origins exactly (https://host), or turn credentials off",
        )


def check_allowed(resource: Resource, settings: Settings) -> Iterable[str]:
    cors = cors_of(resource)
    if not cors:
        return
    allowed = [normalized(origin) for origin in settings["allowedOrigins"]]
    fix = f"allow only this stack's origins: {', '.join(allowed) or '(none configured: set cors-allowed-origins.allowedOrigins)'}"
    for origin in cors.origins.items:
        if is_wildcard(origin):
            if not cors.credentials:
                yield _origin_message(resource, cors.origins, origin, "it admits sites that are not this stack's", fix)
        elif origin_issue(origin) is None and normalized(origin) not in allowed:
            yield _origin_message(resource, cors.origins, origin, "it is not one of this stack's own origins", fix)


def check_methods(resource: Resource, settings: Settings) -> Iterable[str]:
    cors = cors_of(resource)
    if not cors or not cors.methods:
        return
    allowed = [method.upper() for method in settings["allowedMethods"]]
    for method in cors.methods.items:
        if method.upper() not in allowed:
            yield problem(
                resource,
                cors.methods.path,
                quoted(cors.methods.raw),
                f'method "{method}" is outside the methods this stack allows',
                f"allow only {', '.join(allowed)}",
            )


POLICIES = [
    resource_policy(
        "cors-origin-format",
        "Each allowed CORS origin is an exact https origin: scheme, host and optional port, no path or trailing slash.",
        CORS_TYPES,
        check_format,
        Severity.MEDIUM,
    ),
    resource_policy(
        "cors-credentials-wildcard",
        "With CORS credentials allowed, no origin is *, null or a wildcard subdomain.",
        CORS_TYPES,
        check_credentials,
        Severity.CRITICAL,
    ),
    resource_policy(
        "cors-allowed-origins",
        "Allowed CORS origins are only the stack's own origins (the list is this pack's config).",
        CORS_TYPES,
        check_allowed,
        Severity.HIGH,
        {
            "allowedOrigins": {
                "type": "array",
                "items": {"type": "string", "pattern": "^https://"},
                "default": [],
                "description": "This stack's own origins, e.g. https://myapp.com.",
            },
        },
    ),
    resource_policy(
        "cors-methods",
        "Allowed CORS methods stay within the set the stack allows.",
        CORS_TYPES,
        check_methods,
        Severity.MEDIUM,
        {
            "allowedMethods": {
                "type": "array",
                "items": {"type": "string"},
                "default": ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"],
                "description": "Methods the API may allow cross-origin.",
            },
        },
    ),
]
