"""The DNS records of a stack's Cloudflare zone: apex and www to Vercel, the API host to Railway."""

from __future__ import annotations

from dataclasses import dataclass

import pulumi
import pulumi_cloudflare as cloudflare

from infra.config.edge import EdgeConfig, Role

from .options import ChildOptions


@dataclass(frozen=True)
class CloudflareDnsArgs:
    config: EdgeConfig
    stack: str
    # The API host's target: the Railway backend's custom-domain DNS target once that
    # component exists; `edge.records.api.target` until then.
    api_target: pulumi.Input[str]
    options: ChildOptions


@dataclass(frozen=True)
class _RecordSpec:
    role: Role
    type: str
    target: pulumi.Input[str]
    serves: str


class CloudflareDns(pulumi.ComponentResource):
    """One record per host the stack serves; each says in its comment which stack owns it."""

    def __init__(self, name: str, args: CloudflareDnsArgs, opts: pulumi.ResourceOptions | None = None):
        super().__init__("myapp:cloudflare:Dns", name, None, opts)
        self._name = name
        self._args = args
        records = args.config.records
        specs = (
            _RecordSpec("apex", "A", records.apex.target, "Vercel frontend"),
            _RecordSpec("www", "CNAME", records.www.target, "Vercel frontend, redirected to the apex"),
            _RecordSpec("api", "CNAME", args.api_target, "Railway API"),
        )
        self.records = {spec.role: self._create_record(spec) for spec in specs}
        self.register_outputs({role: record.id for role, record in self.records.items()})

    def _create_record(self, spec: _RecordSpec) -> cloudflare.DnsRecord:
        config = self._args.config
        record = getattr(config.records, spec.role)
        name = f"{self._name}-{spec.role}"
        return cloudflare.DnsRecord(
            name,
            zone_id=config.zone_id,
            name=config.hostname(spec.role),
            type=spec.type,
            content=spec.target,
            proxied=record.proxied,
            ttl=record.ttl,
            # Cloudflare keeps comments to 100 characters on some plans: short, and says who owns it.
            comment=f"Owned by Pulumi stack myapp-infra/{self._args.stack}: {spec.serves}",
            opts=self._args.options.for_child(name, parent=self, holds_traffic_or_data=True),
        )
