"""What the plan declares, grouped the way the status document talks about it.

Every section reads the plan through these queries, so a platform whose component does not
exist yet simply has no objects, and its sections say it is not managed by this stack.
"""

from __future__ import annotations

import re
from typing import Any

from infra.config.backend import RAILWAY_DOMAIN_SUFFIX
from infra.config.platform import Platform
from infra.config.platform import platform_of as declared_platform_of
from infra.nested import transformed, whole_numbers
from infra.plan import PlannedResource, StackPlan, revealed
from infra.plan.model import is_secret
from infra.plan.recorder import mock_id

from .markdown import code
from .sources import KNOWN_AFTER_APPLY, Declared

PROVIDER_TYPE_PREFIX = "pulumi:providers:"


VERCEL_PROJECT = "vercel:index/project:Project"
VERCEL_DOMAIN = "vercel:index/projectDomain:ProjectDomain"
VERCEL_VARIABLE = "vercel:index/projectEnvironmentVariable:ProjectEnvironmentVariable"
VERCEL_ROUTE = "vercel:index/projectRoute:ProjectRoute"
CLOUDFLARE_DNS_RECORD = "cloudflare:index/dnsRecord:DnsRecord"
CLOUDFLARE_ZONE_SETTING = "cloudflare:index/zoneSetting:ZoneSetting"
CLOUDFLARE_RULESET = "cloudflare:index/ruleset:Ruleset"
CLOUDFLARE_HEALTHCHECK = "cloudflare:index/healthcheck:Healthcheck"
CLOUDFLARE_NOTIFICATION_POLICY = "cloudflare:index/notificationPolicy:NotificationPolicy"
RAILWAY_SERVICE_DOMAIN = "railway:index:ServiceDomain"
RAILWAY_VARIABLES = "railway:index:VariableCollection"
# Inputs of Railway objects that hold a service's variables as one name -> value map.
VARIABLE_MAPS = ("variables",)
# The input listing which of those variables Railway holds sealed (write-only).
SEALED_VARIABLES = "sealed"
CORS_VARIABLE = re.compile(r"CORS|ALLOWED_ORIGINS", re.IGNORECASE)


def platform_of(type_token: str) -> Platform:
    """The platform a type token belongs to; one no config module declares is named after its package."""
    declared = declared_platform_of(type_token)
    if declared is not None:
        return declared
    package = type_token.split(":")[0]
    return Platform(package, package.title(), f"{package.title()} resources")


def type_name(type_token: str) -> str:
    """The class part of a type token: `vercel:index/project:Project` -> `Project`."""
    return type_token.rsplit(":", 1)[-1]


def platform_objects(plan: StackPlan) -> list[PlannedResource]:
    """What the stack declares on the platforms: custom resources, not components or providers."""
    return [r for r in plan.resources if r.custom and not r.type.startswith(PROVIDER_TYPE_PREFIX)]


def objects_on(plan: StackPlan, platform_key: str) -> list[PlannedResource]:
    return [r for r in platform_objects(plan) if platform_of(r.type).key == platform_key]


def in_dependency_order(objects: list[PlannedResource]) -> list[PlannedResource]:
    """`objects` with each after those it is built from (a project before its services), else in plan order."""
    urns = {r.urn for r in objects}
    placed: set[str] = set()
    ordered: list[PlannedResource] = []
    while len(ordered) < len(objects):
        ready = [r for r in objects if r.urn not in placed and not (set(r.dependencies) & urns) - placed - {r.urn}]
        # A cycle cannot come from a plan, but must not loop forever: place the rest as they come.
        for resource in ready or [r for r in objects if r.urn not in placed]:
            placed.add(resource.urn)
            ordered.append(resource)
    return ordered


def taken_from(plan: StackPlan, resource: PlannedResource, key: str) -> list[str]:
    """The names of the declared objects whose outputs input `key` of `resource` takes."""
    names = {r.urn: r.name for r in plan.resources}
    return [names[urn] for urn in resource.property_dependencies.get(key, ()) if urn in names]


def served_host(resource: PlannedResource) -> str | None:
    """The host name a domain object serves: its `domain`, or for a Railway service domain
    `<subdomain>.up.railway.app` (a name Railway generates on create when none is declared)."""
    if resource.type == RAILWAY_SERVICE_DOMAIN:
        subdomain = plain(resource, "subdomain")
        return f"{subdomain}{RAILWAY_DOMAIN_SUFFIX}" if isinstance(subdomain, str) else f"*{RAILWAY_DOMAIN_SUFFIX} ({KNOWN_AFTER_APPLY})"
    domain = plain(resource, "domain")
    return domain if isinstance(domain, str) else None


def settings(resource: PlannedResource) -> dict[str, Any]:
    """The inputs a resource declares, in wire form."""
    return dict(resource.inputs)


def plain(resource: PlannedResource, key: str, default: Any = None) -> Any:
    """One input's value, for deciding what to show; shown as such only where it cannot be a
    secret (names, keys, types), else through `Shown`."""
    return tidy(revealed(resource.inputs).get(key, default))


tidy = whole_numbers


def variable_map(resource: PlannedResource) -> dict:
    """A Railway object's variables, name -> wire value. A map held secret as a whole is opened
    for its names; its values are only ever classified, never shown."""
    for key in VARIABLE_MAPS:
        variables = resource.inputs.get(key)
        if is_secret(variables):
            variables = revealed(variables)
        if isinstance(variables, dict):
            return variables
    return {}


def cors_variables(resource: PlannedResource) -> dict:
    return {name: value for name, value in variable_map(resource).items() if CORS_VARIABLE.search(name)}


class Shown:
    """Turns a declared value into what the page shows: secrets masked, and the offline ids
    of other declared objects written as references to them (`→ name`)."""

    def __init__(self, declared: Declared):
        self._redactor = declared.redactor
        self._plan = declared.plan
        self._references = {mock_id(r.name): f"→ {r.name}" for r in declared.plan.resources}

    def value(self, wire_value: Any) -> Any:
        return self._resolve(tidy(self._redactor.shown(wire_value)))

    def input(self, resource: PlannedResource, key: str) -> Any:
        """One input of `resource`; one known only after apply says which object it comes from."""
        value = self.value(resource.inputs.get(key))
        sources = taken_from(self._plan, resource, key)
        if value == KNOWN_AFTER_APPLY and sources:
            return f"{KNOWN_AFTER_APPLY}, from {', '.join(code(name) for name in sources)}"
        return value

    def settings(self, resource: PlannedResource, leave_out: tuple[str, ...] = ()) -> dict[str, Any]:
        """The declared settings; an input left unset (null) was not declared, so it is left out."""
        return {key: self.value(value) for key, value in sorted(settings(resource).items()) if key not in leave_out and value is not None}

    def _resolve(self, value: Any) -> Any:
        return transformed(value, leaf=lambda scalar: self._references.get(scalar, scalar) if isinstance(scalar, str) else scalar)
