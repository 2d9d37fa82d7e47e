"""The provider's own configuration: `railway:token` and `railway:endpoint`, checked once.

The token is a secret (the schema says so, and the engine encrypts it in the provider's state);
when the stack sets none it comes from `RAILWAY_TOKEN`. Errors name the key or variable the bad
value came from and how to fix it; none quotes a token.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlparse

from .errors import RailwayConfigError, RailwayCredentialsError
from .spec import Input
from .values import is_unknown

TOKEN_ENV = "RAILWAY_TOKEN"
ENDPOINT_ENV = "RAILWAY_API_URL"
DEFAULT_ENDPOINT = "https://backboard.railway.com/graphql/v2"
# Plain http only for a server on this machine (a test double, a local proxy).
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")

CONFIG = (
    Input(
        "token",
        "A Railway account or workspace token (Authorization: Bearer). Falls back to the `RAILWAY_TOKEN` environment variable.",
        secret=True,
    ),
    Input(
        "endpoint",
        f"Railway's GraphQL endpoint; `RAILWAY_API_URL` also sets it. Default `{DEFAULT_ENDPOINT}`.",
    ),
)


@dataclass(frozen=True)
class Settings:
    token: str | None
    token_source: str
    endpoint: str

    def require_token(self) -> str:
        if not self.token:
            raise RailwayCredentialsError(
                f"no Railway token: set one with `pulumi config set --secret railway:token <token>` or in the {TOKEN_ENV} "
                "environment variable (an account or workspace token from railway.com/account/tokens)"
            )
        return self.token


def problems(config: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(key, reason) for each bad provider setting; a token is never quoted. A value not known yet
    (a token from another resource's output, during preview) is checked once it is known."""
    found = []
    token = config.get("token")
    if token is not None and not is_unknown(token) and (not isinstance(token, str) or not token.strip()):
        found.append(("token", "railway:token must be a non-empty string: `pulumi config set --secret railway:token <token>`"))
    endpoint = config.get("endpoint")
    if endpoint is not None and not is_unknown(endpoint):
        reason = _endpoint_problem(endpoint)
        if reason:
            found.append(("endpoint", f"railway:endpoint {reason}"))
    return found


def _endpoint_problem(endpoint: Any) -> str | None:
    if not isinstance(endpoint, str):
        return f"must be a URL string, got {type(endpoint).__name__}"
    url = urlparse(endpoint)
    if url.scheme == "https" and url.hostname:
        return None
    if url.scheme == "http" and url.hostname in LOOPBACK_HOSTS:
        return None
    return f"must be an https:// URL (plain http only on this machine), got {endpoint!r}; e.g. {DEFAULT_ENDPOINT}"


def settings(config: Mapping[str, Any], environ: Mapping[str, str] = os.environ) -> Settings:
    """The checked settings, with the environment's fallbacks; the token may still be missing (preview needs none)."""
    if config.get("token"):
        token, source = config["token"], "the railway:token config key"
    else:
        token, source = environ.get(TOKEN_ENV), f"the {TOKEN_ENV} environment variable"
    endpoint = config.get("endpoint") or environ.get(ENDPOINT_ENV) or DEFAULT_ENDPOINT
    reason = _endpoint_problem(endpoint)
    if reason:
        where = "railway:endpoint" if config.get("endpoint") else ENDPOINT_ENV
        raise RailwayConfigError(f"{where} {reason}")
    return Settings(token, source, endpoint)
