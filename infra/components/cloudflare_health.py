"""Health monitoring at the edge: the status document's HTTP checks and who hears about them."""

from __future__ import annotations

from dataclasses import dataclass

import pulumi
import pulumi_cloudflare as cloudflare

from infra.config.edge import Alerts, HealthCheck

from .options import ChildOptions

HTTPS_PORT = 443
# Cloudflare's alert type for standalone health checks changing status (healthy <-> unhealthy).
HEALTH_CHECK_ALERT = "health_check_status_notification"


@dataclass(frozen=True)
class MonitoredEndpoint:
    role: str
    host: str
    check: HealthCheck
    # The DNS record the host resolves through, when this stack declares it: checks start after it.
    record: pulumi.Resource | None = None


@dataclass(frozen=True)
class CloudflareHealthMonitorArgs:
    zone_id: str
    account_id: str
    stack: str
    endpoints: tuple[MonitoredEndpoint, ...]
    alerts: Alerts
    options: ChildOptions


class CloudflareHealthMonitor(pulumi.ComponentResource):
    """One HTTPS health check per endpoint, and one notification policy covering them all."""

    def __init__(self, name: str, args: CloudflareHealthMonitorArgs, opts: pulumi.ResourceOptions | None = None):
        super().__init__("myapp:cloudflare:HealthMonitor", name, None, opts)
        self._name = name
        self._args = args
        self.checks = {endpoint.role: self._create_check(endpoint) for endpoint in args.endpoints}
        self.policy = self._create_policy()
        self.register_outputs({"healthCheckIds": [check.id for check in self.checks.values()], "policyId": self.policy.id})

    def _create_check(self, endpoint: MonitoredEndpoint) -> cloudflare.Healthcheck:
        check = endpoint.check
        name = f"{self._name}-{endpoint.role}"
        return cloudflare.Healthcheck(
            name,
            zone_id=self._args.zone_id,
            # Letters, digits, hyphens and underscores only (Cloudflare).
            name=f"{endpoint.role}-{endpoint.host.replace('.', '-')}",
            description=f"{endpoint.role} health, GET https://{endpoint.host}{check.path} (myapp-infra/{self._args.stack})",
            address=endpoint.host,
            type="HTTPS",
            interval=check.interval,
            timeout=check.timeout,
            retries=check.retries,
            http_config=cloudflare.HealthcheckHttpConfigArgs(
                method="GET",
                path=check.path,
                # The provider defaults the port to 80 whatever the type, so HTTPS needs it said.
                port=HTTPS_PORT,
                expected_codes=list(check.expected_codes),
                expected_body=check.expected_body,
                follow_redirects=False,
                allow_insecure=False,
            ),
            opts=self._args.options.for_child(name, parent=self, depends_on=[endpoint.record] if endpoint.record else None),
        )

    def _create_policy(self) -> cloudflare.NotificationPolicy:
        alerts = self._args.alerts
        name = f"{self._name}-alerts"
        return cloudflare.NotificationPolicy(
            name,
            account_id=self._args.account_id,
            name=f"myapp-infra/{self._args.stack}: health check status changes",
            description="A monitored endpoint turned unhealthy or recovered (site downtime is a critical alert).",
            alert_type=HEALTH_CHECK_ALERT,
            enabled=True,
            filters=cloudflare.NotificationPolicyFiltersArgs(health_check_ids=[check.id for check in self.checks.values()]),
            mechanisms=cloudflare.NotificationPolicyMechanismsArgs(
                emails=[cloudflare.NotificationPolicyMechanismsEmailArgs(id=address) for address in alerts.emails] or None,
                webhooks=[cloudflare.NotificationPolicyMechanismsWebhookArgs(id=id_) for id_ in alerts.webhook_ids] or None,
                pagerduties=[cloudflare.NotificationPolicyMechanismsPagerdutyArgs(id=id_) for id_ in alerts.pagerduty_ids] or None,
            ),
            opts=self._args.options.for_child(name, parent=self),
        )
