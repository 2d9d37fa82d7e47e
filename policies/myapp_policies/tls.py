"""TLS at the Cloudflare edge: the zone settings (`cloudflare:index/zoneSetting:ZoneSetting`,
one resource per `settingId`) that decide how browsers and the origin are spoken to.

The single-value settings are data (`ZONE_SETTING_RULES`) turned into one policy each, so a
stack can set each enforcement level on its own; the HSTS setting, an object, has its own check.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from pulumi_policy import Severity

from . import tokens
from .base import UNKNOWN, Resource, Settings, lookup, problem, quoted, resource_policy, stack_policy
from .security_headers import ONE_YEAR

TLS_VERSIONS = ["1.0", "1.1", "1.2", "1.3"]


def setting_id(resource: Resource) -> Any:
    return lookup(resource.props, "settingId")


def zone_key(resource: Resource) -> str:
    """Which zone a resource belongs to: its zoneId, or what that id will come from."""
    zone = resource.props.get("zoneId")
    if isinstance(zone, str):
        return zone
    return " ".join(resource.property_dependencies.get("zoneId", ())) or "<zone known after apply>"


def _version(value: str) -> tuple[int, ...]:
    return tuple(int(part) for part in value.split("."))


def _judge_ssl(value: Any, settings: Settings) -> str | None:
    if str(value).lower() == "strict":
        return None
    return {
        "full": "full encrypts to the origin but accepts any certificate there, so the hop can be intercepted",
        "flexible": "flexible speaks plain HTTP to the origin",
        "off": "off serves the site without TLS",
    }.get(str(value).lower(), "only strict (Full (strict)) verifies the origin's certificate")


def _judge_min_tls(value: Any, settings: Settings) -> str | None:
    minimum = settings["minimumVersion"]
    if str(value) in TLS_VERSIONS and _version(str(value)) >= _version(minimum):
        return None
    return f"TLS versions below {minimum} have known weaknesses and are retired by browsers"


def _judge_on(*accepted: str) -> Callable[[Any, Settings], str | None]:
    def judge(value: Any, settings: Settings) -> str | None:
        return None if str(value).lower() in accepted else f"it must be {' or '.join(accepted)}"

    return judge


@dataclass(frozen=True)
class ZoneSettingRule:
    policy: str
    setting_id: str
    description: str
    severity: Severity
    judge: Callable[[Any, Settings], str | None]
    fix: str
    config: dict | None = None


ZONE_SETTING_RULES = (
    ZoneSettingRule(
        "ssl-mode-strict",
        "ssl",
        "Cloudflare's SSL mode is strict: TLS to the origin with a verified certificate.",
        Severity.CRITICAL,
        _judge_ssl,
        'set value "strict"',
    ),
    ZoneSettingRule(
        "min-tls-version",
        "min_tls_version",
        "Cloudflare refuses TLS versions below the minimum (1.2 by default).",
        Severity.HIGH,
        _judge_min_tls,
        'set value "{minimumVersion}" or higher',
        {"minimumVersion": {"type": "string", "enum": TLS_VERSIONS, "default": "1.2", "description": "Lowest TLS version accepted."}},
    ),
    ZoneSettingRule(
        "tls-1-3-enabled",
        "tls_1_3",
        "Cloudflare offers TLS 1.3.",
        Severity.MEDIUM,
        _judge_on("on", "zrt"),
        'set value "on"',
    ),
    ZoneSettingRule(
        "always-use-https",
        "always_use_https",
        "Cloudflare redirects every plain-HTTP request to HTTPS.",
        Severity.HIGH,
        _judge_on("on"),
        'set value "on"',
    ),
)


def _setting_policy(rule: ZoneSettingRule):
    def check(resource: Resource, settings: Settings) -> Iterable[str]:
        value = resource.props.get("value")
        if setting_id(resource) != rule.setting_id or not isinstance(value, str):
            return
        issue = rule.judge(value, settings)
        if issue:
            yield problem(resource, f"value (settingId {rule.setting_id})", quoted(value), issue, rule.fix.format(**settings))

    return resource_policy(rule.policy, rule.description, [tokens.CLOUDFLARE_ZONE_SETTING], check, rule.severity, rule.config)


def check_zone_hsts(resource: Resource, settings: Settings) -> Iterable[str]:
    if setting_id(resource) != "security_header" or not isinstance(resource.props.get("value"), dict):
        return
    sts = lookup(resource.props["value"], "strict_transport_security")
    minimum = settings["minMaxAgeSeconds"]
    fix = f"set value.strict_transport_security to {{enabled: true, max_age: {max(minimum, ONE_YEAR)}, include_subdomains: true}}"
    if not isinstance(sts, dict):
        yield problem(resource, "value.strict_transport_security", "absent", "the zone then sends no HSTS", fix)
        return
    enabled, max_age, subdomains = lookup(sts, "enabled"), lookup(sts, "max_age"), lookup(sts, "include_subdomains")
    if enabled is not True and enabled is not UNKNOWN:
        yield problem(resource, "value.strict_transport_security.enabled", quoted(enabled), "the zone then sends no HSTS", fix)
    if max_age is not UNKNOWN and not (isinstance(max_age, (int, float)) and max_age >= minimum):
        yield problem(
            resource,
            "value.strict_transport_security.max_age",
            quoted(max_age),
            f"it must be a number of seconds of at least {minimum}, as the header rule requires",
            fix,
        )
    if subdomains is not True and subdomains is not UNKNOWN:
        yield problem(
            resource,
            "value.strict_transport_security.include_subdomains",
            quoted(subdomains),
            "subdomains then stay reachable over HTTP, unlike what the header rule requires",
            fix,
        )


def check_declared(resources: Sequence[Resource], settings: Settings) -> Iterable[tuple[str, str | None]]:
    """Each zone this stack configures declares every TLS setting (else Cloudflare's defaults apply:
    SSL flexible or full, TLS 1.0 accepted, no HTTPS redirect)."""
    declared: dict[str, set[str]] = {}
    for resource in resources:
        if resource.type == tokens.CLOUDFLARE_ZONE_SETTING:
            declared.setdefault(zone_key(resource), set()).add(str(setting_id(resource)))
    for zone, ids in sorted(declared.items()):
        for missing in [s for s in settings["requiredSettings"] if s not in ids]:
            yield (
                f"Zone {zone}: the ZoneSetting with settingId {missing} is absent: Cloudflare's default then applies, "
                f"which is weaker than this pack requires. Fix: declare cloudflare.ZoneSetting(zone_id=..., "
                f'setting_id="{missing}", value=...) in this stack.',
                None,
            )


POLICIES = [
    *(_setting_policy(rule) for rule in ZONE_SETTING_RULES),
    resource_policy(
        "zone-hsts-setting",
        "Cloudflare's HSTS zone setting matches the header rule: enabled, max_age of a year or more, include_subdomains.",
        [tokens.CLOUDFLARE_ZONE_SETTING],
        check_zone_hsts,
        Severity.HIGH,
        {"minMaxAgeSeconds": {"type": "integer", "minimum": 0, "default": ONE_YEAR, "description": "Smallest accepted max_age."}},
    ),
    stack_policy(
        "zone-tls-settings-declared",
        "Every Cloudflare zone the stack configures declares each TLS setting rather than inheriting defaults.",
        check_declared,
        Severity.HIGH,
        {
            "requiredSettings": {
                "type": "array",
                "items": {"type": "string"},
                "default": ["ssl", "min_tls_version", "tls_1_3", "always_use_https"],
                "description": "settingIds every configured zone must declare.",
            },
        },
    ),
]
