"""`railway:ServiceDomain` (a `*.up.railway.app` name) and `railway:CustomDomain` (your own name).

A service domain gets a generated name on create; a declared `subdomain` is then set by a second
request, and if that one fails the domain just made is deleted again, so a failed create leaves
nothing behind. A create whose answer was lost (timeout, 5xx) takes the instance's service
domain made since it was sent as its own, then goes on to set the subdomain. A custom domain's
DNS target (what the CNAME must point to) is an output.
"""

from __future__ import annotations

import re
from typing import Any

import pulumi

from ..client import RailwayClient
from ..documents import OPERATIONS
from ..errors import RailwayError, RailwayOutcomeUnknown
from ._base import Field, OnChange, Props, RailwayProvider, RailwayResource, now, recover_lost_create, text, token_field, whole

SUBDOMAIN = re.compile(r"[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?")
HOSTNAME = re.compile(r"(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}")
CNAME = "DNS_RECORD_TYPE_CNAME"
TRAFFIC = "DNS_RECORD_PURPOSE_TRAFFIC_ROUTE"


def port(name: str) -> Field:
    return whole(name, minimum=1, maximum=65535)


class ServiceDomainProvider(RailwayProvider):
    kind = "ServiceDomain"
    fields = (
        text("environmentId", required=True, on_change=OnChange.REPLACE),
        text("serviceId", required=True, on_change=OnChange.REPLACE),
        text("subdomain", pattern=SUBDOMAIN, hint="a DNS label: lowercase letters, digits and -, e.g. myapp-backend"),
        port("targetPort"),
        token_field(),
    )
    unique_by = ("subdomain",)

    def label(self, props: Props, id_: str | None = None) -> str:
        name = props.get("domain") or props.get("subdomain") or id_
        return f"ServiceDomain {name!r}" if name else f"ServiceDomain of service {props.get('serviceId')!r}"

    def _api_create(self, client: RailwayClient, props: Props) -> tuple[str, Props]:
        label = self.label(props)
        create = self.wire(props, ("environmentId", "serviceId", "targetPort"))
        sent_at = now()
        try:
            made = client.execute(OPERATIONS["ServiceDomainCreate"], {"input": create}, resource=label)["serviceDomainCreate"]
        except RailwayOutcomeUnknown as error:
            made = recover_lost_create(error, lambda: self._instance_domains(client, props), sent_at, "service domains of this service")
        live = _service_domain(made)
        if props.get("subdomain") and live["subdomain"] != props["subdomain"]:
            try:
                live = self._rename(client, made["id"], props, live["suffix"])
            except RailwayError:
                self._roll_back(client, made, label)
                raise
        return made["id"], live

    def _roll_back(self, client: RailwayClient, made: dict[str, Any], label: str) -> None:
        try:
            client.execute(OPERATIONS["ServiceDomainDelete"], {"id": made["id"]}, resource=label)
        except RailwayError as error:
            raise RailwayError(
                f"{label}: setting the subdomain failed, and deleting the domain {made['domain']!r} (id {made['id']}) "
                f"made just before failed too ({error}); delete it in Railway's dashboard",
                operation="ServiceDomainDelete",
                resource=label,
            ) from error

    def _rename(self, client: RailwayClient, id_: str, props: Props, suffix: str) -> Props:
        domain = f"{props['subdomain']}.{suffix}"
        update = {**self.wire(props, ("environmentId", "serviceId", "targetPort")), "serviceDomainId": id_, "domain": domain}
        client.execute(OPERATIONS["ServiceDomainUpdate"], {"input": update}, resource=self.label(props))
        return {"domain": domain, "subdomain": props["subdomain"], "suffix": suffix}

    def _instance_domains(self, client: RailwayClient, props: Props, id_: str | None = None) -> list[dict[str, Any]]:
        """The service domains of the service in the environment."""
        where = {"environmentId": props["environmentId"], "serviceId": props["serviceId"]}
        instance = client.execute(OPERATIONS["ServiceDomainRead"], where, resource=self.label(props, id_))["serviceInstance"]
        return instance["domains"]["serviceDomains"]

    def _api_read(self, client: RailwayClient, id_: str, props: Props) -> Props | None:
        where = {"environmentId": props["environmentId"], "serviceId": props["serviceId"]}
        found = next((d for d in self._instance_domains(client, props, id_) if d["id"] == id_), None)
        return None if found is None else {**where, **_service_domain(found), "targetPort": found.get("targetPort")}

    def _api_update(self, client: RailwayClient, id_: str, olds: Props, news: Props, changed: set[str]) -> Props:
        if not changed & {"subdomain", "targetPort"}:
            return {}
        wanted = {**news, "subdomain": news.get("subdomain") or olds["subdomain"]}
        return self._rename(client, id_, wanted, olds["suffix"])

    def _api_delete(self, client: RailwayClient, id_: str, props: Props) -> None:
        client.execute(OPERATIONS["ServiceDomainDelete"], {"id": id_}, resource=self.label(props, id_))


def _service_domain(found: dict[str, Any]) -> Props:
    domain = found["domain"]
    suffix = found.get("suffix") or domain.partition(".")[2]
    return {"domain": domain, "subdomain": domain.removesuffix(f".{suffix}"), "suffix": suffix}


class CustomDomainProvider(RailwayProvider):
    kind = "CustomDomain"
    fields = (
        text("projectId", required=True, on_change=OnChange.REPLACE),
        text("environmentId", required=True, on_change=OnChange.REPLACE),
        text("serviceId", required=True, on_change=OnChange.REPLACE),
        text("domain", required=True, on_change=OnChange.REPLACE, pattern=HOSTNAME, hint="a lowercase host name, e.g. api.myapp.com"),
        port("targetPort"),
        token_field(),
    )
    unique_by = ("domain",)

    def _api_create(self, client: RailwayClient, props: Props) -> tuple[str, Props]:
        create = self.wire(props, ("domain", "projectId", "environmentId", "serviceId", "targetPort"))
        try:
            made = client.execute(OPERATIONS["CustomDomainCreate"], {"input": create}, resource=self.label(props))["customDomainCreate"]
        except RailwayOutcomeUnknown:
            made = self._find(client, props)
            if made is None:
                raise
        return made["id"], _custom_domain(made)

    def _find(self, client: RailwayClient, props: Props) -> dict[str, Any] | None:
        """The domain a create of unknown outcome attached, if it did: a domain is attached once."""
        where = {name: props[name] for name in ("projectId", "environmentId", "serviceId")}
        found = client.execute(OPERATIONS["CustomDomainFind"], where, resource=self.label(props))["domains"]["customDomains"]
        return next((d for d in found if d["domain"] == props["domain"]), None)

    def _api_read(self, client: RailwayClient, id_: str, props: Props) -> Props:
        variables = {"id": id_, "projectId": props["projectId"]}
        found = client.execute(OPERATIONS["CustomDomainRead"], variables, resource=self.label(props, id_))["customDomain"]
        return _custom_domain(found)

    def _api_update(self, client: RailwayClient, id_: str, olds: Props, news: Props, changed: set[str]) -> Props:
        if "targetPort" in changed:
            variables = {"id": id_, "environmentId": news["environmentId"], **self.wire(news, ("targetPort",))}
            client.execute(OPERATIONS["CustomDomainUpdate"], variables, resource=self.label(news, id_))
        return {}

    def _api_delete(self, client: RailwayClient, id_: str, props: Props) -> None:
        client.execute(OPERATIONS["CustomDomainDelete"], {"id": id_}, resource=self.label(props, id_))


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


class ServiceDomain(RailwayResource, module="railway", name="ServiceDomain"):
    """A Railway-provided domain for a service in an environment; `subdomain` picks its first label."""

    domain: pulumi.Output[str]
    subdomain: pulumi.Output[str]
    suffix: pulumi.Output[str]

    def __init__(
        self,
        resource_name: str,
        *,
        environment_id: pulumi.Input[str],
        service_id: pulumi.Input[str],
        subdomain: pulumi.Input[str] | None = None,
        target_port: pulumi.Input[int] | None = None,
        api_token: pulumi.Input[str] | None = None,
        opts: pulumi.ResourceOptions | None = None,
    ):
        props = {"environmentId": environment_id, "serviceId": service_id, "subdomain": subdomain, "targetPort": target_port}
        super().__init__(ServiceDomainProvider(), resource_name, props, opts, api_token, outputs=("domain", "suffix"))


class CustomDomain(RailwayResource, module="railway", name="CustomDomain"):
    """Your own domain on a service; publish `cname_target` as the CNAME of `domain` at your DNS host."""

    domain: pulumi.Output[str]
    cname_target: pulumi.Output[str | None]
    dns_records: pulumi.Output[list[dict[str, str]]]
    verified: pulumi.Output[bool]

    def __init__(
        self,
        resource_name: str,
        *,
        project_id: pulumi.Input[str],
        environment_id: pulumi.Input[str],
        service_id: pulumi.Input[str],
        domain: pulumi.Input[str],
        target_port: pulumi.Input[int] | None = None,
        api_token: pulumi.Input[str] | None = None,
        opts: pulumi.ResourceOptions | None = None,
    ):
        props = {
            "projectId": project_id,
            "environmentId": environment_id,
            "serviceId": service_id,
            "domain": domain,
            "targetPort": target_port,
        }
        outputs = ("cnameTarget", "dnsRecords", "verified")
        super().__init__(CustomDomainProvider(), resource_name, props, opts, api_token, outputs)
