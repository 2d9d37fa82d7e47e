"""Parsers for the response headers the rules judge, following the specs rather than strings:
header names are case-insensitive (RFC 9110), HSTS directives are case-insensitive and
order-free (RFC 6797), a CSP header is a comma-separated list of policies whose directive
names are case-insensitive and whose first occurrence wins (CSP Level 3), and a
Referrer-Policy list is read right to left, the last known token winning (W3C Referrer Policy).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Header:
    name: str
    value: Any  # a string, or UNKNOWN during a preview
    path: str  # where the resource sets it, e.g. route.headers["X-Frame-Options"]


class HeaderSet:
    """The headers one resource puts on responses, looked up case-insensitively.
    `missing_path` says where a header absent from the set would be written."""

    def __init__(self, headers: Iterable[Header], missing_path: str = 'headers["{name}"]'):
        self._missing_path = missing_path
        self._headers: dict[str, list[Header]] = {}
        for header in headers:
            self._headers.setdefault(header.name.strip().lower(), []).append(header)

    def get(self, name: str) -> Header | None:
        found = self._headers.get(name.lower())
        return found[0] if found else None

    def all(self, name: str) -> list[Header]:
        return list(self._headers.get(name.lower(), []))

    def path_for(self, name: str) -> str:
        return self._missing_path.format(name=name)

    def __bool__(self) -> bool:
        return bool(self._headers)


# --- Strict-Transport-Security -------------------------------------------------------------


@dataclass(frozen=True)
class Hsts:
    max_age: int | None
    include_subdomains: bool
    preload: bool
    errors: tuple[str, ...]


def parse_hsts(value: str) -> Hsts:
    max_age: int | None = None
    include_subdomains = preload = False
    errors: list[str] = []
    seen: set[str] = set()
    for directive in filter(None, (part.strip() for part in value.split(";"))):
        name, _, raw = directive.partition("=")
        name, raw = name.strip().lower(), raw.strip().strip('"')
        if name in seen:
            errors.append(f"the {name} directive appears twice, so browsers ignore the whole header")
        seen.add(name)
        if name == "max-age":
            if raw.isdigit():
                max_age = int(raw)
            else:
                errors.append(f"max-age {raw!r} is not a number of seconds")
        elif name == "includesubdomains":
            include_subdomains = True
        elif name == "preload":
            preload = True
    return Hsts(max_age, include_subdomains, preload, tuple(errors))


# --- Content-Security-Policy ----------------------------------------------------------------

# Which directive governs a kind of fetch when it is itself absent (CSP3 §6.8.3).
FALLBACKS: dict[str, tuple[str, ...]] = {
    "script-src": ("script-src", "default-src"),
    "script-src-elem": ("script-src-elem", "script-src", "default-src"),
    "frame-ancestors": ("frame-ancestors",),  # deliberately no fallback to default-src
}


@dataclass(frozen=True)
class Csp:
    """One policy of a Content-Security-Policy header."""

    directives: dict[str, tuple[str, ...]]

    def effective(self, kind: str) -> tuple[str, tuple[str, ...]] | None:
        """(directive that applies, its sources) for `kind`, or None when nothing restricts it."""
        for directive in FALLBACKS[kind]:
            if directive in self.directives:
                return directive, self.directives[directive]
        return None


def parse_csp(value: str) -> list[Csp]:
    policies = []
    for serialized in value.split(","):
        directives: dict[str, tuple[str, ...]] = {}
        for token in serialized.split(";"):
            parts = token.split()
            if parts and parts[0].lower() not in directives:
                directives[parts[0].lower()] = tuple(parts[1:])
        if directives:
            policies.append(Csp(directives))
    return policies


def is_unsafe_eval(source: str) -> bool:
    return source.lower() == "'unsafe-eval'"


# Source expressions (CSP3 §2.3.1), as ABNF; string literals in ABNF are case-insensitive:
#   scheme-source = scheme-part ":"
#   host-source   = [ scheme-part "://" ] host-part [ ":" port-part ] [ path-part ]
#   scheme-part   = scheme  ; RFC 3986: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )
#   host-part     = "*" / [ "*." ] 1*host-char *( "." 1*host-char ) [ "." ]
#   port-part     = 1*DIGIT / "*"
#   path-part     = path-absolute (RFC 3986), i.e. it begins with "/"
#   keyword-source, nonce-source = "'nonce-" base64-value "'", hash-source = "'" hash-algorithm "-" base64-value "'"
_SCHEME = r"[a-z][a-z0-9+.-]*"
_SCHEME_SOURCE = re.compile(rf"(?P<scheme>{_SCHEME}):", re.IGNORECASE)
_HOST_SOURCE = re.compile(
    rf"(?:(?P<scheme>{_SCHEME})://)?"
    r"(?P<host>\*|(?:\*\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.?)"
    r"(?::(?P<port>[0-9]+|\*))?"
    r"(?P<path>/[^\s;,]*)?",
    re.IGNORECASE,
)
_BASE64_VALUE = r"[a-z0-9+/_-]+={0,2}"
_NONCE_SOURCE = re.compile(rf"'nonce-{_BASE64_VALUE}'", re.IGNORECASE)
_HASH_SOURCE = re.compile(rf"'sha(?:256|384|512)-{_BASE64_VALUE}'", re.IGNORECASE)
KEYWORDS = frozenset(
    {
        "'self'",
        "'unsafe-inline'",
        "'unsafe-eval'",
        "'strict-dynamic'",
        "'unsafe-hashes'",
        "'report-sample'",
        "'unsafe-allow-redirects'",
        "'wasm-unsafe-eval'",
        "'none'",
    }
)


@dataclass(frozen=True)
class Source:
    """One source expression of a CSP source list, classified by the CSP3 grammar.
    `kind` is keyword, nonce, hash, scheme, host, or invalid (which browsers ignore)."""

    text: str
    kind: str
    scheme: str | None = None
    host: str | None = None
    port: str | None = None
    path: str | None = None


def parse_source(text: str) -> Source:
    if text.lower() in KEYWORDS:
        return Source(text, "keyword")
    if _NONCE_SOURCE.fullmatch(text):
        return Source(text, "nonce")
    if _HASH_SOURCE.fullmatch(text):
        return Source(text, "hash")
    # Tried before host-source: "https:" is a scheme, never a host named "https" with an empty port.
    if match := _SCHEME_SOURCE.fullmatch(text):
        return Source(text, "scheme", scheme=match["scheme"].lower())
    if match := _HOST_SOURCE.fullmatch(text):
        scheme = match["scheme"].lower() if match["scheme"] else None
        return Source(text, "host", scheme=scheme, host=match["host"].lower(), port=match["port"], path=match["path"])
    return Source(text, "invalid")


def is_wildcard_or_scheme_only(source: str) -> bool:
    """A source that admits code from any host: a scheme-source such as `https:` or `data:`, or a
    host-source whose host-part is the bare `*`, whatever its scheme, port and path (`*`,
    `https://*`, `*:*`, `http://*:443`, `*/js/`). A subdomain wildcard such as `*.stripe.com`
    is restricted to that domain and does not count."""
    parsed = parse_source(source)
    return parsed.kind == "scheme" or (parsed.kind == "host" and parsed.host == "*")


# --- Referrer-Policy ------------------------------------------------------------------------

REFERRER_POLICIES = frozenset(
    {
        "no-referrer",
        "no-referrer-when-downgrade",
        "same-origin",
        "origin",
        "strict-origin",
        "origin-when-cross-origin",
        "strict-origin-when-cross-origin",
        "unsafe-url",
    }
)


def effective_referrer_policy(value: str) -> str | None:
    """The token a browser applies: the last one it knows; None when it knows none."""
    known = [token for token in (part.strip().lower() for part in value.split(",")) if token in REFERRER_POLICIES]
    return known[-1] if known else None
