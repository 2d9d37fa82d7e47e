"""Wires one stack's components together; values flow from one component to the next."""

from __future__ import annotations

from collections.abc import Callable

import pulumi

from infra.components.cloudflare_edge import CloudflareEdge, CloudflareEdgeArgs
from infra.components.options import ChildOptions
from infra.components.railway_backend import RailwayBackend, RailwayBackendArgs
from infra.components.vercel_frontend import PublicVariable, VercelFrontend, VercelFrontendArgs
from infra.config import PROJECT_NAMESPACE, ConfigError, ConfigProblem, StackConfig
from infra.config.neighbours import PROJECT_DIR, neighbour_sections, shared_with_neighbours


def build_stack(config: StackConfig) -> None:
    for warning in shared_with_neighbours(config.stack, config, neighbour_sections(PROJECT_DIR, config.stack)):
        pulumi.log.warn(warning)
    options = ChildOptions(config.adopt, protect=config.protect)
    # The frontend calls the API and the API trusts the frontend's origins: each depends on the
    # other's resources, so the API URL is handed to the frontend once the backend exists.
    api_url: pulumi.Output[str]
    resolve_api_url: Callable[[pulumi.Output[str]], None]
    api_url, resolve_api_url = pulumi.deferred_output()
    frontend = VercelFrontend(
        "myapp-frontend",
        VercelFrontendArgs(
            config=config.frontend,
            variables=_frontend_variables(config, api_url),
            response_headers=config.security_headers.render(),
            options=options,
        ),
    )
    backend = RailwayBackend(
        "myapp-backend",
        RailwayBackendArgs(
            config=config.backend,
            secrets=config.secrets,
            supabase=config.supabase,
            cors_origins=frontend.origins,
            options=options,
        ),
    )
    resolve_api_url(backend.url)
    pulumi.export("frontendUrl", frontend.url)
    pulumi.export("apiUrl", api_url)
    if config.edge is not None:
        CloudflareEdge(
            "myapp-edge",
            CloudflareEdgeArgs(
                config=config.edge,
                security_headers=config.security_headers,
                stack=config.stack,
                options=options,
                api_target=backend.dns_target,
            ),
        )
    _refuse_unclaimed_adoptions(config.stack, options)


def _refuse_unclaimed_adoptions(stack: str, options: ChildOptions) -> None:
    """Runs after declaration (names exist only then); `make check` in CI meets it before any deploy."""
    problems = [
        ConfigProblem(
            f"{PROJECT_NAMESPACE}:adopt.{name}",
            "names no resource this stack declares",
            f"use a name from `make plan STACK={stack}` or remove it: pulumi config rm --stack {stack} --path 'adopt.{name}'",
        )
        for name in options.unclaimed()
    ]
    if problems:
        raise ConfigError(stack, problems)


def _frontend_variables(config: StackConfig, api_url: pulumi.Input[str]) -> tuple[PublicVariable, ...]:
    return (
        PublicVariable("NEXT_PUBLIC_SUPABASE_URL", config.supabase.url),
        PublicVariable("NEXT_PUBLIC_SUPABASE_ANON_KEY", config.secrets.supabase_anon_key),
        PublicVariable("NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY", config.secrets.stripe_publishable_key),
        PublicVariable("NEXT_PUBLIC_API_URL", api_url),
    )
