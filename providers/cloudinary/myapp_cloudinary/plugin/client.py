"""Cloudinary's Admin API upload-preset calls over httpx: Basic auth, bounded retries, clear errors.

Why not the official `cloudinary` SDK: its Admin API functions (`create_upload_preset` and the
rest) raise exceptions that keep neither the HTTP status nor the headers (`Retry-After`,
`X-FeatureRateLimit-Reset` are lost), turn a timeout and a 502 alike into `GeneralError`, and
send through one module-global connection pool configured from global state. A provider must
tell "throttled, wait N s" from "the answer was lost" from "refused", so it speaks the same
documented requests (`admin_api.REQUESTS`, JSON bodies as the SDK sends them) itself.

Faults and what happens to them:
- 420 and 429 (rate limited): retried after `Retry-After` or, failing that, after
  `X-FeatureRateLimit-Reset` when that is near; never processed, so any request is retried.
- Connection refused, connect timeout: never reached Cloudinary; retried.
- Read timeout, lost connection, 500/502/503/504: the request may have been applied. Every
  request here may be sent again: a preset's name is unique, so a create sent twice is refused
  409 the second time, never made twice; `resources` resolves such a 409 (see there).
- 401/403: `CloudinaryCredentialsError`, naming where the key came from. 404: `CloudinaryNotFound`.
  409: `CloudinaryConflict`. Other 4xx: `CloudinaryRequestError` quoting Cloudinary's message.

The key and secret live only in the Authorization header; every quoted answer is redacted of them.
"""

from __future__ import annotations

import email.utils
import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

import httpx

from .admin_api import API_VERSION, DEFAULT_API_BASE
from .errors import (
    CloudinaryConflict,
    CloudinaryCredentialsError,
    CloudinaryNotFound,
    CloudinaryOutcomeUnknown,
    CloudinaryRequestError,
    CloudinaryUnavailable,
)

LOG = logging.getLogger(__name__)
_RATE_LIMITED = {420, 429}
_SERVER_FAILURE = {500, 502, 503, 504}
QUOTED_ANSWER_LENGTH = 200


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 5
    base_delay: float = 0.5
    max_delay: float = 8.0
    # A wait longer than this is not sat out: the error says when to come back.
    max_retry_after: float = 60.0

    def backoff(self, retry_number: int) -> float:
        return min(self.max_delay, self.base_delay * 2 ** (retry_number - 1))


@dataclass(frozen=True)
class Credentials:
    cloud_name: str
    api_key: str
    api_secret: str
    source: str = "the provider configuration"


@dataclass(frozen=True)
class _Failure:
    description: str
    delay: float | None = None
    may_have_applied: bool = False


class CloudinaryClient:
    """Sends the documented upload-preset requests for one cloud. Use as a context manager, or `close()`."""

    def __init__(
        self,
        credentials: Credentials,
        *,
        api_base: str = DEFAULT_API_BASE,
        timeout: float = 30.0,
        retry: RetryPolicy = RetryPolicy(),
        sleep: Callable[[float], None] = time.sleep,
    ):
        self._credentials = credentials
        self._base = f"{api_base.rstrip('/')}/{API_VERSION}/{quote(credentials.cloud_name, safe='')}"
        self._retry = retry
        self._sleep = sleep
        self._http = httpx.Client(
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
            auth=httpx.BasicAuth(credentials.api_key, credentials.api_secret),
        )

    def __repr__(self) -> str:
        return f"CloudinaryClient(cloud_name={self._credentials.cloud_name!r})"

    def __enter__(self) -> CloudinaryClient:
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    # -- the upload-preset calls ------------------------------------------------------------
    def get_preset(self, name: str) -> dict[str, Any]:
        return self.request("GET", f"upload_presets/{quote(name, safe='')}", what=f"upload preset {name!r}")

    def create_preset(self, body: Mapping[str, Any]) -> dict[str, Any]:
        return self.request("POST", "upload_presets", body, what=f"upload preset {body['name']!r}")

    def update_preset(self, name: str, body: Mapping[str, Any]) -> dict[str, Any]:
        return self.request("PUT", f"upload_presets/{quote(name, safe='')}", body, what=f"upload preset {name!r}")

    def delete_preset(self, name: str) -> None:
        self.request("DELETE", f"upload_presets/{quote(name, safe='')}", what=f"upload preset {name!r}")

    def list_presets(self) -> list[dict[str, Any]]:
        answer = self.request("GET", "upload_presets", what="the upload presets", query={"max_results": 500})
        return list(answer.get("presets") or [])

    # -- the frame --------------------------------------------------------------------------
    def request(
        self, method: str, path: str, body: Mapping[str, Any] | None = None, *, what: str, query: Mapping[str, Any] | None = None
    ) -> dict[str, Any]:
        """One documented request, retried within the policy; the answer's JSON object."""
        where = f"{method} {path} for {what}"
        outcome: _Failure | dict[str, Any] = _Failure("not sent")
        attempt = 0
        lost = False
        for attempt in range(1, self._retry.attempts + 1):
            try:
                outcome = self._attempt(method, path, body, query, where)
            except CloudinaryConflict as conflict:
                conflict.after_lost_answer = lost
                raise
            if not isinstance(outcome, _Failure):
                return outcome
            lost = lost or outcome.may_have_applied
            delay = outcome.delay if outcome.delay is not None else self._retry.backoff(attempt)
            if attempt == self._retry.attempts or delay > self._retry.max_retry_after:
                break
            LOG.warning("%s: %s; retry %d of %d in %.1f s", where, outcome.description, attempt, self._retry.attempts - 1, delay)
            self._sleep(delay)
        assert isinstance(outcome, _Failure)
        kind = CloudinaryOutcomeUnknown if lost and method != "GET" else CloudinaryUnavailable
        raise kind(f"{where}: {outcome.description} after {attempt} attempt(s); try again later", attempts=attempt)

    def _attempt(
        self, method: str, path: str, body: Mapping[str, Any] | None, query: Mapping[str, Any] | None, where: str
    ) -> dict[str, Any] | _Failure:
        try:
            response = self._http.request(method, f"{self._base}/{path}", json=dict(body) if body is not None else None, params=query)
        except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as error:
            return _Failure(f"could not connect ({type(error).__name__})")
        except (httpx.TimeoutException, httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError) as error:
            return _Failure(f"the answer was lost ({type(error).__name__})", may_have_applied=True)
        status = response.status_code
        if status in _RATE_LIMITED:
            delay = _wait_asked(response)
            asked = f", asked to wait {delay:g} s" if delay is not None else ""
            return _Failure(f"rate limited (HTTP {status}{asked})", delay=delay)
        if status in _SERVER_FAILURE:
            return _Failure(f"HTTP {status}", may_have_applied=True)
        return self._answer(response, where)

    def _answer(self, response: httpx.Response, where: str) -> dict[str, Any]:
        status = response.status_code
        try:
            body = response.json()
        except ValueError:
            body = None
        message = self._redact(_message(body) or response.text[:QUOTED_ANSWER_LENGTH])
        if status in (401, 403):
            raise CloudinaryCredentialsError(
                f"{where}: Cloudinary refused the API key from {self._credentials.source} (HTTP {status}: {message}): check "
                "cloudinary:apiKey and cloudinary:apiSecret (or CLOUDINARY_URL) belong to the cloud "
                f"{self._credentials.cloud_name!r} and the key has Admin API access"
            )
        if status == 404:
            raise CloudinaryNotFound(f"{where}: Cloudinary answered 404 ({message})")
        if status == 409:
            raise CloudinaryConflict(f"{where}: Cloudinary answered 409 ({message})")
        if status >= 400 or not isinstance(body, dict):
            raise CloudinaryRequestError(f"{where}: Cloudinary refused the request (HTTP {status}): {message}", status=status)
        return body

    def _redact(self, text: str) -> str:
        for secret in (self._credentials.api_secret, self._credentials.api_key):
            if secret and len(secret) >= 4:
                text = text.replace(secret, "[secret]")
        return text


def _message(body: Any) -> str | None:
    """Cloudinary's `{"error": {"message": ...}}`."""
    error = body.get("error") if isinstance(body, dict) else None
    return str(error.get("message")) if isinstance(error, dict) and error.get("message") else None


def _wait_asked(response: httpx.Response) -> float | None:
    """Seconds to wait: `Retry-After` (seconds or HTTP date), else the rate limit's `X-FeatureRateLimit-Reset`."""
    for header in ("Retry-After", "X-FeatureRateLimit-Reset"):
        value = response.headers.get(header)
        if value is None:
            continue
        try:
            return max(0.0, float(value))
        except ValueError:
            pass
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            continue
        when = when if when.tzinfo is not None else when.replace(tzinfo=UTC)
        return max(0.0, (when - datetime.now(UTC)).total_seconds())
    return None
