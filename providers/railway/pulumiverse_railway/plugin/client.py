"""A small GraphQL client for Railway's public API: bearer token, bounded retries, clear errors.

Faults and what happens to them:
- HTTP 429: retried after the server's `Retry-After` (seconds or an HTTP date); the request was
  not processed, so every operation may be retried.
- Connection refused, connect timeout: never reached the API; always retried.
- Read timeout, HTTP 500/502/503/504, connection dropped mid-answer: the request may have been
  applied (a 503 from a proxy can come after the API did the work). Queries, updates, upserts
  and deletes are idempotent and are retried; a create is not sent twice and raises
  `RailwayOutcomeUnknown` instead, which the resources resolve by looking for what it made.
- A refused token: HTTP 401/403, or what Railway really answers, HTTP 200 with the GraphQL
  error "Not Authorized" (it says the same for a token that lacks access to the object):
  `RailwayCredentialsError`, naming where the token came from.
- Other GraphQL `errors` (HTTP 200): one `RailwayGraphQLError` naming the operation and the resource.

Backoff is exponential (`base_delay * 2**n`, capped at `max_delay`) and the sleep function is
injectable, so tests run the whole retry path without waiting. The token lives only in the
`Authorization` header.

Redaction: GraphQL servers quote rejected variables back in their error messages, so a refused
`variableCollectionUpsert` would otherwise print the values it carried (database URLs, API keys)
into `pulumi up` output and CI logs. Every text quoted from an answer is therefore redacted before
it reaches a message, a log line or an exception: the token, and every string of the request's
`variables` at least `REDACT_MIN_LENGTH` long (also in its JSON- and repr-escaped forms; short
ones as whole words only), each replaced by the path it came from
(`[redacted $input.variables.DATABASE_URL]`), so the message still says which input Railway
objected to. Whole answers are redacted before they are shortened.
"""

from __future__ import annotations

import email.utils
import functools
import json
import logging
import re
import ssl
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, NoReturn

import certifi
import httpx

from .config import DEFAULT_ENDPOINT
from .documents import Operation
from .errors import (
    RailwayCredentialsError,
    RailwayGraphQLError,
    RailwayNotFound,
    RailwayOutcomeUnknown,
    RailwayRequestError,
    RailwayUnavailable,
)

LOG = logging.getLogger(__name__)

_NEVER_PROCESSED = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
_MAYBE_PROCESSED = (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError)
_RETRY_ALWAYS_STATUS = {429}
_RETRY_IF_IDEMPOTENT_STATUS = {500, 502, 503, 504}
# What Railway's GraphQL errors say for a token it refuses (or one without access to the object).
_REFUSED_TOKEN = re.compile(r"not authori[sz]ed|project token not found|unauthenticated", re.IGNORECASE)
# Strings shorter than this are not redacted: too common ("us", "v1") to hide anything, and
# replacing them everywhere would make Railway's messages unreadable.
REDACT_MIN_LENGTH = 4
# Strings shorter than this are redacted only as whole words ("true" is hidden, "struct" is not
# mangled by it); longer ones wherever they appear, even run into other text.
REDACT_ANYWHERE_LENGTH = 8
# How much of an answer that is not GraphQL is quoted in an error (after redaction).
QUOTED_ANSWER_LENGTH = 200


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 5
    base_delay: float = 0.5
    max_delay: float = 8.0
    # A Retry-After longer than this is not waited out: the error says when to come back.
    max_retry_after: float = 60.0

    def backoff(self, retry_number: int) -> float:
        return min(self.max_delay, self.base_delay * 2 ** (retry_number - 1))


@dataclass(frozen=True)
class _Failure:
    """One failed attempt: what went wrong, whether retrying is safe, and how long to wait first."""

    description: str
    retryable: bool
    delay: float | None = None


class RailwayClient:
    """Sends the package's documents to Railway. Use as a context manager, or call `close()`."""

    def __init__(
        self,
        token: str,
        *,
        endpoint: str = DEFAULT_ENDPOINT,
        timeout: float = 30.0,
        retry: RetryPolicy = RetryPolicy(),
        sleep: Callable[[float], None] = time.sleep,
        transport: httpx.BaseTransport | None = None,
        token_source: str = "the token given",
    ):
        if not token:
            raise RailwayCredentialsError(f"no Railway API token in {token_source}")
        self._token = token
        self._token_source = token_source
        self._endpoint = endpoint
        self._retry = retry
        self._sleep = sleep
        self._http = httpx.Client(
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
            transport=transport,
            verify=_tls_context(),
        )

    def __repr__(self) -> str:
        return f"RailwayClient(endpoint={self._endpoint!r})"

    def __enter__(self) -> RailwayClient:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    def execute(self, operation: Operation, variables: Mapping[str, Any], *, resource: str) -> dict[str, Any]:
        """Send one operation and return its `data`; `resource` names what it acts for, in errors and logs."""
        payload: dict[str, Any] = {"query": operation.text, "variables": dict(variables), "operationName": operation.name}
        context = {"operation": operation.name, "resource": resource}
        redact = _Redactor(self._token, payload["variables"])
        for attempt in range(1, self._retry.attempts + 1):
            outcome = self._attempt(payload, operation, context, redact)
            if not isinstance(outcome, _Failure):
                return outcome
            if not outcome.retryable:
                raise RailwayOutcomeUnknown(
                    f"{operation.name} for {resource}: {outcome.description}; it may have been applied, so it was "
                    "not sent again: check Railway for it before the next run",
                    attempts=attempt,
                    last_failure=outcome.description,
                    **context,
                )
            delay = outcome.delay if outcome.delay is not None else self._retry.backoff(attempt)
            if attempt == self._retry.attempts or delay > self._retry.max_retry_after:
                break
            LOG.warning(
                "%s for %s: %s; retry %d of %d in %.1f s",
                operation.name, redact(resource), outcome.description, attempt, self._retry.attempts - 1, delay,
            )
            self._sleep(delay)
        assert isinstance(outcome, _Failure), "the loop only ends after a failed attempt"
        raise RailwayUnavailable(
            f"{operation.name} for {resource}: {outcome.description} after {attempt} attempt(s); try again later",
            attempts=attempt,
            last_failure=outcome.description,
            **context,
        )

    def _attempt(
        self, payload: dict[str, Any], operation: Operation, context: dict[str, str], redact: _Redactor
    ) -> dict[str, Any] | _Failure:
        try:
            response = self._http.post(self._endpoint, json=payload)
        except _NEVER_PROCESSED as error:
            return _Failure(f"could not connect ({type(error).__name__})", retryable=True)
        except httpx.TimeoutException as error:
            return _Failure(f"no answer in time ({type(error).__name__})", retryable=operation.idempotent)
        except _MAYBE_PROCESSED as error:
            return _Failure(f"connection lost ({type(error).__name__})", retryable=operation.idempotent)
        status = response.status_code
        if status in _RETRY_ALWAYS_STATUS:
            delay = _retry_after(response)
            asked = f" (Retry-After {delay:g} s)" if delay is not None else ""
            return _Failure(f"HTTP {status}{asked}", retryable=True, delay=delay)
        if status in _RETRY_IF_IDEMPOTENT_STATUS:
            return _Failure(f"HTTP {status}", retryable=operation.idempotent)
        return self._answer(response, context, redact)

    def _answer(self, response: httpx.Response, context: dict[str, str], redact: _Redactor) -> dict[str, Any]:
        where = f"{context['operation']} for {context['resource']}"
        status = response.status_code
        if status in (401, 403):
            self._refused(where, f"HTTP {status}", context)
        try:
            body = response.json()
        except ValueError:
            body = None
        errors = body.get("errors") if isinstance(body, dict) else None
        raw = [str(error.get("message", error)) if isinstance(error, dict) else str(error) for error in errors or ()]
        messages = [redact(message) for message in raw]
        if status != 200:
            detail = "; ".join(messages) or repr(redact(response.text)[:QUOTED_ANSWER_LENGTH])
            raise RailwayRequestError(f"{where}: Railway refused the request (HTTP {status}): {detail}", status=status, **context)
        if messages and all(_REFUSED_TOKEN.search(m) for m in raw):
            self._refused(where, f"Railway answered {'; '.join(messages)!r}", context)
        if messages:
            kind = RailwayNotFound if all("not found" in m.lower() for m in raw) else RailwayGraphQLError
            raise kind(f"{where}: Railway answered: {'; '.join(messages)}", messages=messages, **context)
        if not isinstance(body, dict) or not isinstance(body.get("data"), dict):
            quoted = redact(response.text)[:QUOTED_ANSWER_LENGTH]
            raise RailwayRequestError(f"{where}: the answer holds no GraphQL data: {quoted!r}", status=status, **context)
        return body["data"]

    def _refused(self, where: str, answer: str, context: dict[str, str]) -> NoReturn:
        raise RailwayCredentialsError(
            f"{where}: Railway refused the token from {self._token_source} ({answer}): check that it is a valid account or "
            "workspace token (not a project token), not expired or revoked, with access to this project",
            **context,
        )


class _Redactor:
    """Replaces, in text quoted from Railway, the token and every string the request carried.

    Each value is replaced by the path it had in the variables (`[redacted $input.name]`), in the
    forms an echo may take: as sent, JSON-escaped and repr-escaped. Longer values go first, so a
    value that contains another is hidden whole; one pass, so a replacement is never re-read.
    """

    def __init__(self, token: str, variables: Mapping[str, Any]):
        labels: dict[str, str] = {}
        for path, value in _string_leaves(variables, "$"):
            for form in _echoed_forms(value):
                labels.setdefault(form, f"[redacted {path}]")
        for form in _echoed_forms(token):
            labels[form] = "[token]"
        self._labels = labels
        alternatives = [_as_pattern(form) for form in sorted(labels, key=len, reverse=True)]
        self._pattern = re.compile("|".join(alternatives)) if alternatives else None

    def __call__(self, text: str) -> str:
        if self._pattern is None:
            return text
        return self._pattern.sub(lambda match: self._labels[match.group(0)], text)


def _string_leaves(value: Any, path: str) -> Iterator[tuple[str, str]]:
    """(path, string) for every string in a JSON-like value, e.g. ("$input.variables.PORT", "8080")."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield from _string_leaves(item, f"{path}{key}" if path == "$" else f"{path}.{key}")
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from _string_leaves(item, f"{path}[{index}]")


def _as_pattern(form: str) -> str:
    if len(form) >= REDACT_ANYWHERE_LENGTH:
        return re.escape(form)
    return rf"(?<![A-Za-z0-9]){re.escape(form)}(?![A-Za-z0-9])"


def _echoed_forms(value: str) -> set[str]:
    """The ways a server may quote `value`: as is, JSON-escaped (ASCII or not), repr-escaped."""
    forms = {value, json.dumps(value)[1:-1], json.dumps(value, ensure_ascii=False)[1:-1], repr(value)[1:-1]}
    return {form for form in forms if len(form) >= REDACT_MIN_LENGTH}


@functools.cache
def _tls_context() -> ssl.SSLContext:
    """One verifying TLS context per process: building it costs ~20 ms, and providers make a client per operation."""
    return ssl.create_default_context(cafile=certifi.where())


def _retry_after(response: httpx.Response) -> float | None:
    """Seconds the server asked us to wait: `Retry-After` as a number or an HTTP date."""
    value = response.headers.get("Retry-After")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())
