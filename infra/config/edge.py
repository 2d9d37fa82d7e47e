"""The `myapp-infra:edge` section: the Cloudflare zone in front of a stack (absent: no edge).

Values follow the status document ("Domain Configuration", "SSL/TLS Configuration",
"Health Checks", "Alert Configuration"); limits follow Cloudflare's API and docs, so a value
Cloudflare would refuse at `pulumi up` is refused here first, with the key that holds it.
"""

from __future__ import annotations

import ipaddress
import re
from typing import Annotated, Literal, TypeVar

from pydantic import AfterValidator, Field, ValidationError, ValidationInfo, field_validator, model_validator
from pydantic_core import InitErrorDetails, PydanticCustomError

from .base import PROJECT_NAMESPACE, ConfigModel, DomainName
from .errors import ConfigProblem
from .platform import Platform
from .secrets import SecretSpec

# Vercel's documented DNS targets (vercel.com/docs/domains): an A record for an apex domain,
# a CNAME for a subdomain. Vercel now also shows project-specific targets; set `target` to use one.
VERCEL_APEX_IP = "76.76.21.21"
VERCEL_CNAME = "cname.vercel-dns.com"

AUTOMATIC_TTL = 1
# Cloudflare's DNS API: ttl is 1 (automatic) or 60..86400 seconds (30 on Enterprise zones).
MANUAL_TTL_RANGE = (60, 86_400)

Plan = Literal["pro", "business", "enterprise"]
# Standalone health checks need a Pro plan or above (x-cfPlanAvailability of
# /zones/{zone_id}/healthchecks in Cloudflare's API spec), which is why "free" is not offered.
# The API spec gives interval and timeout no bounds, only defaults (60 s, 5 s); the bounds are
# Cloudflare's per-plan minimums from its docs: 60 s on Pro everywhere; for Business and
# Enterprise the load-balancing monitor docs say 10 s / 5 s and the standalone health-check
# limits 15 s / 10 s, so the stricter pair is used. The one-hour ceiling is ours: no Cloudflare
# source here states a maximum, and a check run less often than hourly watches nothing.
MIN_INTERVAL_SECONDS: dict[str, int] = {"pro": 60, "business": 15, "enterprise": 10}
MAX_INTERVAL_SECONDS = 3600

_CLOUDFLARE_ID = r"^[0-9a-f]{32}$"
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]{2,63}$")
_UUID = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"


def _ipv4(value: str) -> str:
    try:
        ipaddress.IPv4Address(value)
    except ValueError:
        raise ValueError(f"{value!r} is not an IPv4 address") from None
    return value


def _email(value: str) -> str:
    if not _EMAIL.match(value):
        raise ValueError(f"{value!r} is not an email address")
    return value


IPv4 = Annotated[str, AfterValidator(_ipv4)]
Email = Annotated[str, AfterValidator(_email)]
CloudflareId = Annotated[str, Field(pattern=_CLOUDFLARE_ID)]
DestinationId = Annotated[str, Field(pattern=_UUID)]


class _Record(ConfigModel):
    """One DNS record. `name` defaults from the zone; proxied by default because the status
    document's SSL mode, Full (strict), only means something for proxied traffic."""

    name: DomainName | None = None
    proxied: bool = True
    ttl: int = AUTOMATIC_TTL

    @model_validator(mode="after")
    def _ttl_fits_the_mode(self) -> _Record:
        if self.proxied and self.ttl != AUTOMATIC_TTL:
            raise ValueError(f"a proxied record's ttl is always {AUTOMATIC_TTL} (automatic); remove ttl or set proxied: false")
        low, high = MANUAL_TTL_RANGE
        if self.ttl != AUTOMATIC_TTL and not low <= self.ttl <= high:
            raise ValueError(f"ttl must be {AUTOMATIC_TTL} (automatic) or {low}..{high} seconds, not {self.ttl}")
        return self


class ApexRecord(_Record):
    """The frontend's apex: an A record to Vercel."""

    target: IPv4 = VERCEL_APEX_IP


class WwwRecord(_Record):
    """www: a CNAME to Vercel, answered at the edge by the www -> apex redirect."""

    target: DomainName = VERCEL_CNAME


class ApiRecord(_Record):
    """The API host: a CNAME to the Railway service. `target` is the fallback used until the
    Railway backend component hands its custom domain's DNS target to the edge."""

    target: DomainName | None = None


class Records(ConfigModel):
    apex: ApexRecord = ApexRecord()
    www: WwwRecord = WwwRecord()
    api: ApiRecord = ApiRecord()


class HealthCheck(ConfigModel):
    path: str = Field(pattern=r"^/")
    interval: int = Field(ge=1)
    timeout: int = Field(ge=1)
    expected_codes: tuple[Annotated[str, Field(pattern=r"^[1-5]([0-9]{2}|xx)$")], ...] = ("200",)
    expected_body: str | None = None
    retries: int = Field(default=2, ge=0)


class FrontendHealthCheck(HealthCheck):
    """Status document: GET https://myapp.com/api/health, 200 OK, every 30 s, 10 s timeout."""

    path: str = Field(default="/api/health", pattern=r"^/")
    interval: int = Field(default=30, ge=1)
    timeout: int = Field(default=10, ge=1)


class BackendHealthCheck(HealthCheck):
    """Status document: GET https://api.myapp.com/health answering {"status": "healthy", ...},
    every 30 s, 5 s timeout. Cloudflare matches `expectedBody` as a case-insensitive substring
    of the raw body, and Node's JSON.stringify (Express's res.json) writes no space after the
    colon: the document's spaced form would never match."""

    path: str = Field(default="/health", pattern=r"^/")
    interval: int = Field(default=30, ge=1)
    timeout: int = Field(default=5, ge=1)
    expected_body: str | None = '"status":"healthy"'


class HealthChecks(ConfigModel):
    """The status document's two HTTP checks (its database check is not an HTTP check). Each
    key overrides one default: `edge.healthChecks.backend.timeout: 8` keeps the rest."""

    frontend: FrontendHealthCheck = FrontendHealthCheck()
    backend: BackendHealthCheck = BackendHealthCheck()


class Alerts(ConfigModel):
    """Where health-check status changes are sent. Slack and PagerDuty are reached through
    Cloudflare notification destinations (webhook / PagerDuty), referred to by their ids."""

    emails: tuple[Email, ...] = ()
    webhook_ids: tuple[DestinationId, ...] = ()
    pagerduty_ids: tuple[DestinationId, ...] = ()

    @model_validator(mode="after")
    def _has_a_channel(self) -> Alerts:
        if not (self.emails or self.webhook_ids or self.pagerduty_ids):
            raise ValueError("needs at least one channel: emails, webhookIds or pagerdutyIds")
        return self


Role = Literal["apex", "www", "api"]
ROLES: tuple[Role, ...] = ("apex", "www", "api")


class EdgeConfig(ConfigModel):
    # Field order matters: each check below reads fields declared before it (`info.data`), so
    # records and health checks are checked even while other keys have problems of their own.
    zone: DomainName
    zone_id: CloudflareId
    account_id: CloudflareId
    plan: Plan
    min_tls_version: Literal["1.2", "1.3"] = "1.2"
    records: Records = Records()
    health_checks: HealthChecks = HealthChecks()
    alerts: Alerts

    @model_validator(mode="before")
    @classmethod
    def _check_defaults_too(cls, data: object) -> object:
        """Unset records and health checks are checked like set ones (the status document's
        30 s interval is not valid on every plan), and under their own keys."""
        if not isinstance(data, dict):
            return data
        unset: dict[str, dict[str, object]] = {
            alias: {}
            for name, alias in (("records", "records"), ("health_checks", "healthChecks"))
            if name not in data and alias not in data
        }
        return {**unset, **data}

    @field_validator("records")
    @classmethod
    def _records_fit_the_zone(cls, records: Records, info: ValidationInfo) -> Records:
        zone = info.data.get("zone")
        if zone is None:
            return records
        problems = []
        seen: dict[str, str] = {}
        for role in ROLES:
            name = _hostname(records, zone, role)
            if name != zone and not name.endswith(f".{zone}"):
                problems.append(
                    _problem(
                        (role, "name"),
                        "outside_zone",
                        "is outside the Cloudflare zone '{zone}' (edge.zone): use the zone or a name under it",
                        name,
                        zone=zone,
                    )
                )
            elif name in seen:
                problems.append(
                    _problem(
                        (role, "name"),
                        "duplicate_record",
                        "is already the {other} record's name: each record needs its own host",
                        name,
                        other=seen[name],
                    )
                )
            seen.setdefault(name, role)
        return _raise_any(problems, records)

    @field_validator("health_checks")
    @classmethod
    def _checks_fit_the_plan(cls, checks: HealthChecks, info: ValidationInfo) -> HealthChecks:
        plan = info.data.get("plan")
        # None: edge.plan has a problem of its own
        minimum = None if plan is None else MIN_INTERVAL_SECONDS.get(plan)
        problems = []
        for role in ("frontend", "backend"):
            check: HealthCheck = getattr(checks, role)
            if minimum is not None and not minimum <= check.interval <= MAX_INTERVAL_SECONDS:
                problems.append(
                    _problem(
                        (role, "interval"),
                        "interval_out_of_range",
                        "must be {minimum}..{maximum} seconds on the Cloudflare {plan} plan (edge.plan)",
                        check.interval,
                        minimum=minimum,
                        maximum=MAX_INTERVAL_SECONDS,
                        plan=plan,
                    )
                )
            if check.timeout >= check.interval:
                problems.append(
                    _problem(
                        (role, "timeout"),
                        "timeout_not_below_interval",
                        "must be shorter than the interval ({interval} s), or checks overlap",
                        check.timeout,
                        interval=check.interval,
                    )
                )
        return _raise_any(problems, checks)

    def hostname(self, role: Role) -> str:
        return _hostname(self.records, self.zone, role)


def _hostname(records: Records, zone: str, role: Role) -> str:
    """A record's name: as configured, else the role's usual name in the zone."""
    return getattr(records, role).name or {"apex": zone, "www": f"www.{zone}", "api": f"api.{zone}"}[role]


_Model = TypeVar("_Model", bound=ConfigModel)


def _raise_any(problems: list[InitErrorDetails], value: _Model) -> _Model:
    """Raised from a field check, each problem keeps its own key under that field."""
    if problems:
        raise ValidationError.from_exception_data(type(value).__name__, problems)
    return value


def _problem(loc: tuple[str, ...], kind: str, message: str, value: object, **context: object) -> InitErrorDetails:
    return InitErrorDetails(type=PydanticCustomError(kind, message, context), loc=loc, input=value)


def edge_wiring_problems(
    stack: str,
    edge: EdgeConfig,
    frontend_domain: str | None,
    redirect_domains: tuple[str, ...],
    backend_domain: str,
    api_target_given: bool,
) -> list[ConfigProblem]:
    """What the edge section must agree on with the other sections: each record names a host the
    frontend or backend answers for, and the API record gets a target from somewhere."""
    key = f"{PROJECT_NAMESPACE}:edge.records"
    served: tuple[tuple[Role, str, str | None], ...] = (
        ("apex", "frontend.domain", frontend_domain),
        ("api", "backend.domain", backend_domain),
    )
    problems = [
        ConfigProblem(
            f"{key}.{role}.name",
            f"is {edge.hostname(role)!r}, but {section} is {host!r}: the record would point at a host nothing serves",
            f"make them one host: pulumi config set --stack {stack} --path 'edge.records.{role}.name' {host}",
        )
        for role, section, host in served
        if host is not None and edge.hostname(role) != host
    ]
    if frontend_domain is None:
        problems.append(
            ConfigProblem(
                f"{PROJECT_NAMESPACE}:frontend.domain",
                "is not set, so Vercel would not answer for the edge's apex record",
                f"pulumi config set --stack {stack} --path 'frontend.domain' {edge.hostname('apex')}",
            )
        )
    if edge.hostname("www") not in redirect_domains:
        problems.append(
            ConfigProblem(
                f"{key}.www.name",
                f"is {edge.hostname('www')!r}, which frontend.redirectDomains does not list, so Vercel would not answer for it",
                f"add it: pulumi config set --stack {stack} --path 'frontend.redirectDomains[{len(redirect_domains)}]' {edge.hostname('www')}",
            )
        )
    if not api_target_given and edge.records.api.target is None:
        problems.append(
            ConfigProblem(
                f"{key}.api.target",
                "is not set, and no backend component provides the API host's DNS target",
                f"pulumi config set --stack {stack} --path 'edge.records.api.target' <the Railway custom domain's CNAME target>",
            )
        )
    return problems


PLATFORM = Platform(
    "cloudflare",
    "Cloudflare",
    "Edge: DNS, TLS, health checks",
    sdk_distribution="pulumi_cloudflare",
    credentials=(
        SecretSpec(
            "cloudflare:apiToken",
            "Cloudflare API token (zone DNS, settings, rules, health checks; account notifications)",
            "<cloudflare token>",
            needed=lambda sections: "edge" in sections,
            env_var="CLOUDFLARE_API_TOKEN",
        ),
    ),
)
