"""DNS records in front of the app: where a stack sets a Cloudflare SSL mode for a zone, it
assumes traffic passes through Cloudflare's proxy, so the records serving the app or the API
in that zone must be proxied (a DNS-only record sends browsers straight to the origin,
past the edge's TLS settings, redirects and header rules)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from pulumi_policy import Severity

from . import tokens
from .base import UNKNOWN, Resource, Settings, problem, quoted, stack_policy
from .tls import setting_id, zone_key

WEB_RECORD_TYPES = frozenset({"A", "AAAA", "CNAME"})


def serves_web(name: str, served: Sequence[str]) -> bool:
    """Does a record named `name` (FQDN, relative, or "@") carry one of the `served` hosts?
    With no hosts configured, every name but underscore ones (_acme-challenge, DKIM) does."""
    name = name.lower().rstrip(".")
    if not served:
        return not name.startswith("_")
    return name == "@" or name in served or any(host.startswith(name + ".") for host in served)


def check_proxied(resources: Sequence[Resource], settings: Settings) -> Iterable[tuple[str, str | None]]:
    ssl_zones = {zone_key(r) for r in resources if r.type == tokens.CLOUDFLARE_ZONE_SETTING and setting_id(r) == "ssl"}
    served = [host.lower().rstrip(".") for host in settings["servedHostnames"]]
    for record in resources:
        if record.type != tokens.CLOUDFLARE_DNS_RECORD or zone_key(record) not in ssl_zones:
            continue
        kind, name, proxied = record.props.get("type"), record.props.get("name"), record.props.get("proxied")
        if str(kind).upper() not in WEB_RECORD_TYPES or not isinstance(name, str) or not serves_web(name, served):
            continue
        if proxied is True or proxied is UNKNOWN:
            continue
        shown = quoted(proxied) if "proxied" in record.props else "absent (Cloudflare's default is false)"
        yield (
            problem(
                record,
                "proxied",
                shown,
                f"{kind} {name} serves the app or API in a zone whose SSL mode this stack sets, but DNS-only "
                "records bypass Cloudflare's TLS settings, HTTPS redirect and header rules",
                "set proxied=True (and leave ttl at 1, automatic)",
            ),
            record.urn,
        )


POLICIES = [
    stack_policy(
        "dns-proxied",
        "Records that serve the app or API are proxied through Cloudflare where the stack sets the zone's SSL mode.",
        check_proxied,
        Severity.HIGH,
        {
            "servedHostnames": {
                "type": "array",
                "items": {"type": "string"},
                "default": [],
                "description": "Hostnames that serve the app or API; empty means every A/AAAA/CNAME record except _-prefixed names.",
            },
        },
    ),
]
