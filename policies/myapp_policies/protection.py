"""Protection of the resources that hold traffic or data: with `protect`, no diff can delete
or replace them without an explicit unprotect first.

A resource policy on purpose: `Analyze` runs before each resource is created or changed, so a
mandatory violation stops `pulumi up` before an unprotected resource exists; `AnalyzeStack`
would only speak once the update is over.
"""

from __future__ import annotations

from collections.abc import Iterable

from pulumi_policy import Severity

from . import tokens
from .base import Resource, Settings, problem, resource_policy

# Traffic: the project serving the app, its domains, the DNS records and Railway's domains.
# Data: the Railway project (everything in it), its services and their variables.
# Routes, zone settings, rulesets and single env variables are config: recreated in seconds.
PROTECTED_BY_DEFAULT = [
    tokens.VERCEL_PROJECT,
    tokens.VERCEL_PROJECT_DOMAIN,
    tokens.CLOUDFLARE_DNS_RECORD,
    tokens.RAILWAY_PROJECT,
    tokens.RAILWAY_SERVICE,
    tokens.RAILWAY_VARIABLES,
    tokens.RAILWAY_CUSTOM_DOMAIN,
]


def check_protected(resource: Resource, settings: Settings) -> Iterable[str]:
    if resource.type in settings["protectedTypes"] and not resource.protect:
        yield problem(
            resource,
            "the protect option",
            "false",
            f"a {resource.type} holds traffic or data, and an unprotected one can be deleted or replaced by any diff",
            "declare it with pulumi.ResourceOptions(protect=True) (this pack's resource-protection.protectedTypes lists its type)",
        )


POLICIES = [
    resource_policy(
        "resource-protection",
        "Resources that hold traffic or data (Vercel project and domains, DNS records, Railway project, services, variables) are protected.",
        None,
        check_protected,
        Severity.HIGH,
        {
            "protectedTypes": {
                "type": "array",
                "items": {"type": "string"},
                "default": PROTECTED_BY_DEFAULT,
                "description": "Type tokens whose resources must be declared with protect.",
            },
        },
    ),
]
