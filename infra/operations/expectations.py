"""What a deployed stack must show, derived from its config models (nothing retyped here)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from infra.config import StackConfig, load_stack_config
from infra.config.base import origin_of
from infra.config.edge import HealthCheck, HealthChecks
from infra.plan.stack_files import read_stack_file

# The origin a foreign site's page would send: never one of a stack's own.
FOREIGN_ORIGIN = "https://verify-foreign-origin.example"
# Cloudflare and Vercel renew their certificates 30 days before expiry; under 14 days left
# means renewal has failed and someone must look.
MIN_DAYS_TO_EXPIRY = 14
# Without an edge, hosts are served by Vercel and Railway directly, which accept TLS 1.2 and up.
PLATFORM_MIN_TLS = "1.2"


@dataclass(frozen=True)
class Expectations:
    stack: str
    frontend_host: str
    api_host: str
    redirect_hosts: tuple[str, ...]
    min_tls_version: str
    frontend_headers: dict[str, str]
    # The API host's headers are declared by the edge's response-header rule: none without an edge.
    api_headers: dict[str, str]
    frontend_health: HealthCheck
    backend_health: HealthCheck
    api_version: str
    cors_methods: tuple[str, ...]
    cors_credentials: bool

    @property
    def public_hosts(self) -> tuple[str, ...]:
        return (self.frontend_host, *self.redirect_hosts, self.api_host)

    @property
    def own_origin(self) -> str:
        return origin_of(self.frontend_host)

    @property
    def backend_fields(self) -> dict[str, Any]:
        """The JSON fields the backend's expected body names (`"status":"healthy"` -> status=healthy)."""
        return fields_of(self.backend_health.expected_body)


def fields_of(expected_body: str | None) -> dict[str, Any]:
    """An expected body written as JSON members is compared field by field; other text is not JSON fields."""
    if not expected_body:
        return {}
    try:
        parsed = json.loads("{" + expected_body + "}")
    except json.JSONDecodeError:
        return {}
    return parsed if isinstance(parsed, dict) else {}


def expectations_of(config: StackConfig) -> Expectations:
    checks = config.edge.health_checks if config.edge is not None else HealthChecks()
    headers = config.security_headers.render()
    return Expectations(
        stack=config.stack,
        frontend_host=config.frontend.host,
        api_host=config.backend.domain,
        redirect_hosts=config.frontend.redirect_domains,
        min_tls_version=config.edge.min_tls_version if config.edge is not None else PLATFORM_MIN_TLS,
        frontend_headers=headers,
        api_headers=headers if config.edge is not None else {},
        frontend_health=checks.frontend,
        backend_health=checks.backend,
        api_version=config.backend.api_version,
        cors_methods=config.backend.cors.methods,
        cors_credentials=config.backend.cors.credentials,
    )


def load_config(stack: str) -> StackConfig:
    """The stack's config as the program loads it, from `Pulumi.<stack>.yaml` (secrets are not needed)."""
    stack_file = read_stack_file(stack)
    return load_stack_config(stack, stack_file.config, set(stack_file.secret_keys), environ={})
