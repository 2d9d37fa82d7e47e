"""Checks a live stack against what its config declares: health, TLS, headers, redirects, CORS.

Each check is one row (name, expected, seen, pass). Nothing here is typed a second time: every
expected value comes from `Expectations`, which comes from the stack's config models.
"""

from __future__ import annotations

import socket
import ssl
import time
import warnings
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime

import httpx

from infra.config.edge import HealthCheck

from .connect import ConnectTo, http_client
from .expectations import FOREIGN_ORIGIN, MIN_DAYS_TO_EXPIRY, Expectations

TLS_VERSIONS = {"1.0": ssl.TLSVersion.TLSv1, "1.1": ssl.TLSVersion.TLSv1_1, "1.2": ssl.TLSVersion.TLSv1_2, "1.3": ssl.TLSVersion.TLSv1_3}
_NAMES = {version: name for name, version in TLS_VERSIONS.items()}
# A path and query no page has, so a redirect that drops or rewrites them shows.
PROBE_PATH = "/__verify/path?probe=1&keep=yes"
# What a client too old for the stack would offer: its versions below the minimum.
_OLDEST = ssl.TLSVersion.TLSv1


@dataclass(frozen=True)
class Check:
    name: str
    expected: str
    seen: str
    passed: bool


@dataclass(frozen=True)
class Probe:
    """How checks reach the stack: where to connect, whom to trust, how long to wait."""

    connect_to: ConnectTo
    trust: ssl.SSLContext
    timeout: float = 10.0


def verify(expected: Expectations, probe: Probe) -> list[Check]:
    with http_client(probe.connect_to, probe.trust, probe.timeout) as client:
        checks = [
            *_health(client, expected),
            *_tls(expected, probe),
            *_headers(client, expected),
            *_redirects(client, expected),
            *_cors(client, expected),
        ]
    return checks


def verify_until_passing(expected: Expectations, probe: Probe, retry_for: float, interval: float = 10.0) -> list[Check]:
    """Verify, again every `interval` seconds while anything fails, for at most `retry_for` seconds."""
    deadline = time.monotonic() + retry_for
    while True:
        checks = verify(expected, probe)
        if all(check.passed for check in checks) or time.monotonic() + interval > deadline:
            return checks
        time.sleep(interval)


def as_json(checks: list[Check]) -> dict[str, object]:
    return {"passed": all(c.passed for c in checks), "checks": [asdict(c) for c in checks]}


# Health


def _health(client: httpx.Client, expected: Expectations) -> Iterator[Check]:
    yield _health_check(client, "health: frontend", expected.frontend_host, expected.frontend_health, {})
    yield _health_check(client, "health: backend", expected.api_host, expected.backend_health, expected.backend_fields)


def _health_check(client: httpx.Client, name: str, host: str, check: HealthCheck, fields: dict[str, object]) -> Check:
    url = f"https://{host}{check.path}"
    wanted = f"GET {url} -> {'|'.join(check.expected_codes)}"
    if fields:
        wanted += " with " + ", ".join(f"{key}={value!r}" for key, value in fields.items())
    response, failure = _send(client, "GET", url, timeout=check.timeout)
    if response is None:
        return Check(name, wanted, failure, False)
    seen = str(response.status_code)
    passed = _code_matches(response.status_code, check.expected_codes)
    if fields:
        body, problem = _json_object(response)
        seen += f" {problem}" if problem else " with " + ", ".join(f"{key}={body.get(key)!r}" for key in fields)
        passed = passed and not problem and all(body.get(key) == value for key, value in fields.items())
    return Check(name, wanted, seen, passed)


def _code_matches(status: int, codes: tuple[str, ...]) -> bool:
    text = str(status)
    return any(code == text or (code.endswith("xx") and text[0] == code[0]) for code in codes)


def _json_object(response: httpx.Response) -> tuple[dict[str, object], str]:
    try:
        body = response.json()
    except ValueError:
        return {}, f"body is not JSON: {response.text[:60]!r}"
    return (body, "") if isinstance(body, dict) else ({}, "body is not a JSON object")


# TLS


def _tls(expected: Expectations, probe: Probe) -> Iterator[Check]:
    minimum = TLS_VERSIONS[expected.min_tls_version]
    for host in expected.public_hosts:
        address = probe.connect_to.address(host, 443)
        yield _certificate_check(host, address, probe)
        yield _minimum_version_check(host, address, minimum, probe.timeout)


def _certificate_check(host: str, address: tuple[str, int], probe: Probe) -> Check:
    name = f"tls: {host} certificate"
    wanted = f"valid for {host}, >= {MIN_DAYS_TO_EXPIRY} days left"
    try:
        with _handshake(address, host, probe.trust, probe.timeout) as tls:
            certificate = tls.getpeercert() or {}
            version = tls.version() or "?"
    except (OSError, ssl.SSLError) as error:
        return Check(name, wanted, f"handshake failed: {_reason(error)}", False)
    expires = datetime.fromtimestamp(ssl.cert_time_to_seconds(str(certificate["notAfter"])), UTC)
    days = (expires - datetime.now(UTC)).days
    return Check(name, wanted, f"valid, {version}, {days} days left", days >= MIN_DAYS_TO_EXPIRY)


def _minimum_version_check(host: str, address: tuple[str, int], minimum: ssl.TLSVersion, timeout: float) -> Check:
    """The server must refuse a client that offers only versions below the stack's minimum."""
    name = f"tls: {host} minimum version"
    below = ssl.TLSVersion(minimum - 1) if minimum > _OLDEST else None
    wanted = f"refuses TLS <= {_NAMES[below]}" if below is not None else "nothing to refuse"
    if below is None:
        return Check(name, wanted, "minimum is the oldest version", True)
    context = _old_client(below)
    try:
        with _handshake(address, host, context, timeout) as tls:
            return Check(name, wanted, f"accepted {tls.version()}", False)
    except ssl.SSLError as error:
        return Check(name, wanted, f"refused ({_reason(error)})", True)
    except OSError as error:
        return Check(name, wanted, f"no connection: {_reason(error)}", False)


def _old_client(highest: ssl.TLSVersion) -> ssl.SSLContext:
    """A client that offers TLS 1.0 up to `highest` only, with the ciphers such clients have."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        context.minimum_version = _OLDEST
        context.maximum_version = highest
        context.set_ciphers("ALL:@SECLEVEL=0")
    return context


def _handshake(address: tuple[str, int], host: str, context: ssl.SSLContext, timeout: float) -> ssl.SSLSocket:
    raw = socket.create_connection(address, timeout=timeout)
    try:
        return context.wrap_socket(raw, server_hostname=host)
    except BaseException:
        raw.close()
        raise


def _reason(error: BaseException) -> str:
    return getattr(error, "reason", None) or getattr(error, "verify_message", None) or str(error) or type(error).__name__


# Response headers


def _headers(client: httpx.Client, expected: Expectations) -> Iterator[Check]:
    targets = (
        (expected.frontend_host, "/", expected.frontend_headers),
        (expected.api_host, expected.backend_health.path, expected.api_headers),
    )
    for host, path, headers in targets:
        yield from _header_checks(client, f"https://{host}{path}", host, headers)
    hsts = expected.frontend_headers.get("Strict-Transport-Security")
    for host in expected.redirect_hosts:
        if hsts is not None:
            yield from _header_checks(client, f"https://{host}/", f"{host} (redirect)", {"Strict-Transport-Security": hsts})


def _header_checks(client: httpx.Client, url: str, label: str, headers: dict[str, str]) -> Iterator[Check]:
    if not headers:
        return
    response, failure = _send(client, "GET", url)
    for header, value in headers.items():
        name = f"header: {header} on {label}"
        if response is None:
            yield Check(name, value, failure, False)
            continue
        served = response.headers.get_list(header)
        seen = " | ".join(served) if served else "(absent)"
        yield Check(name, value, seen, served == [value])


# Redirects


def _redirects(client: httpx.Client, expected: Expectations) -> Iterator[Check]:
    for host in expected.public_hosts:
        yield _redirect_check(client, f"redirect: http://{host} -> https", f"http://{host}{PROBE_PATH}", f"https://{host}{PROBE_PATH}")
    for host in expected.redirect_hosts:
        target = f"https://{expected.frontend_host}{PROBE_PATH}"
        yield _redirect_check(client, f"redirect: {host} -> {expected.frontend_host}", f"https://{host}{PROBE_PATH}", target)


def _redirect_check(client: httpx.Client, name: str, url: str, location: str) -> Check:
    wanted = f"301 -> {location}"
    response, failure = _send(client, "GET", url)
    if response is None:
        return Check(name, wanted, failure, False)
    seen = f"{response.status_code} -> {response.headers.get('location', '(no Location)')}"
    return Check(name, wanted, seen, response.status_code == 301 and response.headers.get("location") == location)


# CORS


def _cors(client: httpx.Client, expected: Expectations) -> Iterator[Check]:
    url = f"https://{expected.api_host}/{expected.api_version}/"
    method = expected.cors_methods[0]
    own = expected.own_origin
    response, failure = _preflight(client, url, own, method)
    credentials = "true" if expected.cors_credentials else None
    wanted = f"2xx, Allow-Origin {own}" + (", Allow-Credentials true" if credentials else "")
    if response is None:
        yield Check(f"cors: preflight from {own}", wanted, failure, False)
    else:
        allowed = response.headers.get("access-control-allow-origin")
        given = response.headers.get("access-control-allow-credentials")
        seen = f"{response.status_code}, Allow-Origin {allowed or '(absent)'}, Allow-Credentials {given or '(absent)'}"
        passed = response.is_success and allowed == own and (credentials is None or given == credentials)
        yield Check(f"cors: preflight from {own}", wanted, seen, passed)
    yield _foreign_preflight(client, url, method)


def _foreign_preflight(client: httpx.Client, url: str, method: str) -> Check:
    name = f"cors: preflight from {FOREIGN_ORIGIN}"
    wanted = "refused: no Allow-Origin for it, nor *"
    response, failure = _preflight(client, url, FOREIGN_ORIGIN, method)
    if response is None:
        return Check(name, wanted, failure, False)
    allowed = response.headers.get("access-control-allow-origin")
    return Check(name, wanted, f"{response.status_code}, Allow-Origin {allowed or '(absent)'}", allowed not in (FOREIGN_ORIGIN, "*"))


def _preflight(client: httpx.Client, url: str, origin: str, method: str) -> tuple[httpx.Response | None, str]:
    headers = {"Origin": origin, "Access-Control-Request-Method": method, "Access-Control-Request-Headers": "content-type"}
    return _send(client, "OPTIONS", url, headers=headers)


def _send(
    client: httpx.Client, method: str, url: str, *, timeout: float | None = None, headers: dict[str, str] | None = None
) -> tuple[httpx.Response | None, str]:
    """The answer, or None and why there was none (a refused certificate, a timeout)."""
    try:
        return client.request(method, url, headers=headers, timeout=httpx.USE_CLIENT_DEFAULT if timeout is None else timeout), ""
    except httpx.HTTPError as error:
        return None, f"no answer: {type(error).__name__}: {_reason(error.__cause__ or error)}"
