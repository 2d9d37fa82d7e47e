"""Service architecture: per platform, the settings each declared object carries.

Objects with a section of their own (variables, domains, headers, health checks...) are
counted here and shown there; every other object's settings are shown as declared.
"""

from __future__ import annotations

from collections import Counter

from infra.config.platform import Platform, declared_platforms
from infra.plan import PlannedResource

from ..inventory import (
    CLOUDFLARE_DNS_RECORD,
    CLOUDFLARE_HEALTHCHECK,
    CLOUDFLARE_NOTIFICATION_POLICY,
    CLOUDFLARE_RULESET,
    CLOUDFLARE_ZONE_SETTING,
    SEALED_VARIABLES,
    VARIABLE_MAPS,
    VERCEL_DOMAIN,
    VERCEL_ROUTE,
    VERCEL_VARIABLE,
    Shown,
    in_dependency_order,
    objects_on,
    platform_objects,
    platform_of,
    type_name,
)
from ..live import LiveState
from ..markdown import code, not_managed, yaml_block
from ..sources import Declared

SHOWN_ELSEWHERE = {
    VERCEL_VARIABLE: "Environment variables",
    VERCEL_ROUTE: "Security headers and CORS",
    VERCEL_DOMAIN: "TLS and domains",
    CLOUDFLARE_DNS_RECORD: "TLS and domains",
    CLOUDFLARE_ZONE_SETTING: "TLS and domains",
    CLOUDFLARE_RULESET: "Security headers and CORS, TLS and domains",
    CLOUDFLARE_HEALTHCHECK: "Health checks and alerts",
    CLOUDFLARE_NOTIFICATION_POLICY: "Health checks and alerts",
}


def render_services(declared: Declared, live: LiveState) -> list[str]:
    lines = ["## Service architecture"]
    known = {platform.key for platform in declared_platforms()}
    others = sorted({platform_of(r.type).key for r in platform_objects(declared.plan)} - known)
    for platform in [*declared_platforms(), *(platform_of(f"{key}:") for key in others)]:
        lines += ["", f"### {platform.role} ({platform.title})", ""]
        lines += _platform(declared, platform)
    lines += _managed_elsewhere(declared)
    return lines


def _platform(declared: Declared, platform: Platform) -> list[str]:
    objects = objects_on(declared.plan, platform.key)
    if not objects:
        return [not_managed(platform.role, platform.title)]
    shown = Shown(declared)
    lines: list[str] = []
    for resource in in_dependency_order([r for r in objects if r.type not in SHOWN_ELSEWHERE]):
        lines += [f"{code(resource.name)} ({type_name(resource.type)}):", ""]
        lines += yaml_block(_settings(resource, shown)) + [""]
    counts = Counter(r.type for r in objects if r.type in SHOWN_ELSEWHERE)
    lines += [f"- {count} × {type_name(kind)}: see *{SHOWN_ELSEWHERE[kind]}*" for kind, count in sorted(counts.items())]
    return lines if lines[-1] else lines[:-1]


def _settings(resource: PlannedResource, shown: Shown) -> dict:
    """The declared settings; a variable map (and its list of sealed names) is only counted here."""
    settings = shown.settings(resource)
    for key in VARIABLE_MAPS:
        if isinstance(settings.get(key), dict):
            sealed = settings.pop(SEALED_VARIABLES, None) or ()
            count = f"{len(settings[key])}, {len(sealed)} of them sealed" if sealed else str(len(settings[key]))
            settings[key] = f"{count} (see Environment variables)"
    return settings or {"(no settings)": None}


def _managed_elsewhere(declared: Declared) -> list[str]:
    """Services the program configures others with but does not declare as resources."""
    config = declared.config
    services = (
        ("Database (Supabase)", "supabase", config.supabase.model_dump(by_alias=True)),
        ("File storage (Cloudinary)", "cloudinary", config.cloudinary.model_dump(by_alias=True)),
    )
    lines = []
    for title, section, values in services:
        lines += [
            "",
            f"### {title}",
            "",
            f"Not managed by this stack: its settings ({code(f'myapp-infra:{section}')}) are passed to the "
            "services above; its keys are secrets.",
            "",
        ]
        lines += yaml_block(values)
    return lines
