"""`railway:index:ServiceDomain` (a `*.up.railway.app` name) and `railway:index:CustomDomain` (your own name).

A service domain gets a generated name on create; a declared `subdomain` is then set by a second
request, and if that one fails the domain just made is deleted again, so a failed create leaves
nothing behind. A create whose answer was lost (timeout, 5xx) is looked for among the
instance's service domains made since it was sent (Railway may finish it late), kept as this
resource's own, and given its subdomain. A custom domain's DNS target (what the CNAME must point
to) is an output.

Railway reads a domain only within its place (no query takes a domain id alone), so an import
names the place too: `<environmentId>/<serviceId>/<domainId>` for a service domain,
`<projectId>/<domainId>` for a custom domain; the resource then keeps Railway's domain id.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..documents import OPERATIONS
from ..errors import RailwayError, RailwayOutcomeUnknown
from ..handler import place_of, Context, ResourceHandler, now, recover_lost_create
from ..spec import Output, ResourceSpec, port, text
from ..values import Props

SUBDOMAIN = r"[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?"
HOSTNAME = r"(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}"
CNAME = "DNS_RECORD_TYPE_CNAME"
TRAFFIC = "DNS_RECORD_PURPOSE_TRAFFIC_ROUTE"
PLACE = ("environmentId", "serviceId")

SERVICE_DOMAIN = ResourceSpec(
    kind="ServiceDomain",
    description="A Railway-provided domain (`<subdomain>.up.railway.app`) for a service in an environment.",
    inputs=(
        text("environmentId", "The environment.", required=True, replaces=True),
        text("serviceId", "The service.", required=True, replaces=True),
        text(
            "subdomain",
            "The domain's first label (Railway generates one when unset).",
            pattern=SUBDOMAIN,
            hint="a DNS label: lowercase letters, digits and -, e.g. myapp-backend",
        ),
        port("targetPort", "The port of the service the domain routes to."),
    ),
    outputs=(
        Output("domain", "The full domain name."),
        Output("suffix", "The part after the subdomain, e.g. `up.railway.app`."),
    ),
    unique_by=("subdomain",),
    import_id="`<environmentId>/<serviceId>/<domainId>`",
)

CUSTOM_DOMAIN = ResourceSpec(
    kind="CustomDomain",
    description="Your own domain on a service; publish `cnameTarget` as the CNAME of `domain` at your DNS host.",
    inputs=(
        text("projectId", "The project.", required=True, replaces=True),
        text("environmentId", "The environment.", required=True, replaces=True),
        text("serviceId", "The service.", required=True, replaces=True),
        text(
            "domain",
            "The domain name, e.g. `api.myapp.com`.",
            required=True,
            replaces=True,
            pattern=HOSTNAME,
            hint="a lowercase host name, e.g. api.myapp.com",
        ),
        port("targetPort", "The port of the service the domain routes to."),
    ),
    outputs=(
        Output("cnameTarget", "What the domain's CNAME record must point to.", always_set=False),
        Output("dnsRecords", "The DNS records Railway asks for: type, name, fqdn, zone, value, purpose, status.", kind="record-list"),
        Output("verified", "Whether Railway has seen the DNS records.", kind="boolean"),
    ),
    unique_by=("domain",),
    import_id="`<projectId>/<domainId>`",
)


class ServiceDomainHandler(ResourceHandler):
    spec = SERVICE_DOMAIN

    def label(self, props: Mapping[str, Any], id_: str | None = None) -> str:
        name = props.get("domain") or props.get("subdomain") or id_
        return f"ServiceDomain {name!r}" if name else f"ServiceDomain of service {props.get('serviceId')!r}"

    def _api_create(self, ctx: Context, props: Props) -> tuple[str, Props]:
        label = self.label(props)
        create = self.wire(props, ("environmentId", "serviceId", "targetPort"))
        sent_at = now()
        try:
            made = ctx.client.execute(OPERATIONS["ServiceDomainCreate"], {"input": create}, resource=label)["serviceDomainCreate"]
        except RailwayOutcomeUnknown as error:
            find = lambda: self._instance_domains(ctx, props)  # noqa: E731
            made = recover_lost_create(ctx, error, find, sent_at, "service domain of this service")
        live = _service_domain(made)
        if props.get("subdomain") and live["subdomain"] != props["subdomain"]:
            try:
                live = self._rename(ctx, made["id"], props, live["suffix"])
            except RailwayError:
                self._roll_back(ctx, made, label)
                raise
        return made["id"], live

    def _roll_back(self, ctx: Context, made: dict[str, Any], label: str) -> None:
        try:
            ctx.client.execute(OPERATIONS["ServiceDomainDelete"], {"id": made["id"]}, resource=label)
        except RailwayError as error:
            raise RailwayError(
                f"{label}: setting the subdomain failed, and deleting the domain {made['domain']!r} (id {made['id']}) "
                f"made just before failed too ({error}); delete it in Railway's dashboard",
                operation="ServiceDomainDelete",
                resource=label,
            ) from error

    def _rename(self, ctx: Context, id_: str, props: Props, suffix: str) -> Props:
        domain = f"{props['subdomain']}.{suffix}"
        update = {**self.wire(props, (*PLACE, "targetPort")), "serviceDomainId": id_, "domain": domain}
        ctx.client.execute(OPERATIONS["ServiceDomainUpdate"], {"input": update}, resource=self.label(props))
        return {"domain": domain, "subdomain": props["subdomain"], "suffix": suffix}

    def _instance_domains(self, ctx: Context, where: Props, id_: str | None = None) -> list[dict[str, Any]]:
        """The service domains of the service in the environment."""
        variables = {name: where[name] for name in PLACE}
        found = ctx.client.execute(OPERATIONS["ServiceDomainRead"], variables, resource=self.label(where, id_))
        return found["serviceInstance"]["domains"]["serviceDomains"]

    def _api_read(self, ctx: Context, id_: str, props: Props) -> Props | None:
        where, domain_id = _place(id_, props, PLACE)
        found = next((d for d in self._instance_domains(ctx, where, domain_id) if d["id"] == domain_id), None)
        return None if found is None else {**where, **_service_domain(found), "targetPort": found.get("targetPort")}

    def canonical_id(self, id_: str, live: Props) -> str:
        return id_.rsplit("/", 1)[-1]

    def outputs_changed_by(self, changed: set[str]) -> set[str]:
        return {"domain"} if "subdomain" in changed else set()

    def _api_update(self, ctx: Context, id_: str, olds: Props, news: Props, changed: set[str]) -> Props:
        if not changed & {"subdomain", "targetPort"}:
            return {}
        wanted = {**news, "subdomain": news.get("subdomain") or olds["subdomain"]}
        return self._rename(ctx, self.canonical_id(id_, olds), wanted, olds["suffix"])

    def _api_delete(self, ctx: Context, id_: str, props: Props) -> None:
        ctx.client.execute(OPERATIONS["ServiceDomainDelete"], {"id": self.canonical_id(id_, props)}, resource=self.label(props, id_))


def _service_domain(found: dict[str, Any]) -> Props:
    domain = found["domain"]
    suffix = found.get("suffix") or domain.partition(".")[2]
    return {"domain": domain, "subdomain": domain.removesuffix(f".{suffix}"), "suffix": suffix}


class CustomDomainHandler(ResourceHandler):
    spec = CUSTOM_DOMAIN

    def _api_create(self, ctx: Context, props: Props) -> tuple[str, Props]:
        create = self.wire(props, ("domain", "projectId", *PLACE, "targetPort"))
        sent_at = now()
        try:
            made = ctx.client.execute(OPERATIONS["CustomDomainCreate"], {"input": create}, resource=self.label(props))
            found = made["customDomainCreate"]
        except RailwayOutcomeUnknown as error:
            find = lambda: self._attached(ctx, props)  # noqa: E731
            found = recover_lost_create(ctx, error, find, sent_at, f"custom domain {props['domain']!r}")
        return found["id"], _custom_domain(found)

    def _attached(self, ctx: Context, props: Props) -> list[dict[str, Any]]:
        """The service's custom domains of that name: a domain is attached once."""
        where = {name: props[name] for name in ("projectId", *PLACE)}
        found = ctx.client.execute(OPERATIONS["CustomDomainFind"], where, resource=self.label(props))
        return [d for d in found["domains"]["customDomains"] if d["domain"] == props["domain"]]

    def _api_read(self, ctx: Context, id_: str, props: Props) -> Props:
        where, domain_id = _place(id_, props, ("projectId",))
        variables = {"id": domain_id, "projectId": where["projectId"]}
        found = ctx.client.execute(OPERATIONS["CustomDomainRead"], variables, resource=self.label(props, domain_id))
        live = _custom_domain(found["customDomain"])
        # projectId is nullable in Railway's schema: the one the domain was read under stands.
        return {**live, "projectId": live.get("projectId") or where["projectId"]}

    def canonical_id(self, id_: str, live: Props) -> str:
        return id_.rsplit("/", 1)[-1]

    def _api_update(self, ctx: Context, id_: str, olds: Props, news: Props, changed: set[str]) -> Props:
        if "targetPort" in changed:
            variables = {"id": self.canonical_id(id_, olds), "environmentId": news["environmentId"], **self.wire(news, ("targetPort",))}
            ctx.client.execute(OPERATIONS["CustomDomainUpdate"], variables, resource=self.label(news, id_))
        return {}

    def _api_delete(self, ctx: Context, id_: str, props: Props) -> None:
        ctx.client.execute(OPERATIONS["CustomDomainDelete"], {"id": self.canonical_id(id_, props)}, resource=self.label(props, id_))


def _place(id_: str, props: Props, names: tuple[str, ...]) -> tuple[Props, str]:
    """Where a domain lives and its own id (the last part of an import id that names the place)."""
    return place_of(id_, props, names, own_id=True), id_.rsplit("/", 1)[-1]


def _custom_domain(found: dict[str, Any]) -> Props:
    records = [
        {
            "type": record["recordType"].removeprefix("DNS_RECORD_TYPE_"),
            "name": record["hostlabel"],
            "fqdn": record["fqdn"],
            "zone": record["zone"],
            "value": record["requiredValue"],
            "purpose": record["purpose"].removeprefix("DNS_RECORD_PURPOSE_"),
            "status": record["status"].removeprefix("DNS_RECORD_STATUS_"),
        }
        for record in found["status"]["dnsRecords"]
    ]
    cnames = [r for r in found["status"]["dnsRecords"] if r["recordType"] == CNAME]
    route = next((r for r in cnames if r["purpose"] == TRAFFIC), cnames[0] if cnames else None)
    return {
        "domain": found["domain"],
        "projectId": found.get("projectId"),
        "environmentId": found["environmentId"],
        "serviceId": found["serviceId"],
        "targetPort": found.get("targetPort"),
        "dnsRecords": records,
        "cnameTarget": route["requiredValue"] if route else None,
        "verified": found["status"]["verified"],
    }
