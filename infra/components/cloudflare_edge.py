"""Cloudflare in front of a stack: its DNS, the zone's TLS and HTTPS settings, the www -> apex
redirect, the API host's security headers, and health monitoring.

Zone settings and rules act only on proxied traffic; which records are proxied is config
(`edge.records.<role>.proxied`), and README ("Cloudflare edge") explains the trade-off.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pulumi
import pulumi_cloudflare as cloudflare

from infra.config.edge import EdgeConfig
from infra.config.headers import SecurityHeadersConfig

from .cloudflare_dns import CloudflareDns, CloudflareDnsArgs
from .cloudflare_health import CloudflareHealthMonitor, CloudflareHealthMonitorArgs, MonitoredEndpoint
from .options import ChildOptions

PERMANENT_REDIRECT = 301
REDIRECT_PHASE = "http_request_dynamic_redirect"
RESPONSE_HEADERS_PHASE = "http_response_headers_transform"


@dataclass(frozen=True)
class CloudflareEdgeArgs:
    config: EdgeConfig
    security_headers: SecurityHeadersConfig
    stack: str
    options: ChildOptions
    # The Railway backend's custom-domain DNS target (None without a custom domain); see `_api_target`.
    api_target: pulumi.Input[str | None] | None = None


class CloudflareEdge(pulumi.ComponentResource):
    """Everything a stack declares in its Cloudflare zone and account."""

    def __init__(self, name: str, args: CloudflareEdgeArgs, opts: pulumi.ResourceOptions | None = None):
        super().__init__("myapp:cloudflare:Edge", name, None, opts)
        self._name = name
        self._args = args
        self._config = args.config
        self.dns = self._create_dns()
        self.settings = [self._create_setting(setting_id, value) for setting_id, value in self._zone_settings()]
        self.redirect = self._create_www_redirect()
        self.api_headers = self._create_api_headers()
        self.health = self._create_health_monitor()
        self.register_outputs(
            {
                "zone": self._config.zone,
                "apiHost": self._config.hostname("api"),
                "healthCheckIds": [check.id for check in self.health.checks.values()],
            }
        )

    def _create_dns(self) -> CloudflareDns:
        return CloudflareDns(
            f"{self._name}-dns",
            CloudflareDnsArgs(config=self._config, stack=self._args.stack, api_target=self._api_target(), options=self._args.options),
            pulumi.ResourceOptions(parent=self),
        )

    def _api_target(self) -> pulumi.Input[str]:
        """The only place the API record's target is decided: the CNAME target Railway names for the
        custom domain once it exists, else `edge.records.api.target` (config checks one of them is there)."""
        fallback = self._config.records.api.target
        if self._args.api_target is None:
            return fallback or ""
        railway_target: pulumi.Output[str | None] = pulumi.Output.from_input(self._args.api_target)
        return railway_target.apply(lambda target: target or fallback or "")

    def _zone_settings(self) -> tuple[tuple[str, Any], ...]:
        """(setting id, value) in Cloudflare's API terms: the status document's TLS posture."""
        hsts = self._args.security_headers.hsts
        return (
            ("ssl", "strict"),  # Full (strict): the origin's certificate must be valid for the host
            ("min_tls_version", self._config.min_tls_version),
            ("tls_1_3", "on"),
            ("always_use_https", "on"),
            ("automatic_https_rewrites", "on"),
            # The same HSTS policy the Vercel routes send, from the same model.
            (
                "security_header",
                {
                    "strict_transport_security": {
                        "enabled": True,
                        "max_age": hsts.max_age,
                        "include_subdomains": hsts.include_sub_domains,
                        "preload": hsts.preload,
                        "nosniff": self._args.security_headers.content_type_options == "nosniff",
                    }
                },
            ),
        )

    def _create_setting(self, setting_id: str, value: Any) -> cloudflare.ZoneSetting:
        name = f"{self._name}-setting-{setting_id.replace('_', '-')}"
        return cloudflare.ZoneSetting(
            name,
            zone_id=self._config.zone_id,
            setting_id=setting_id,
            value=value,
            opts=self._args.options.for_child(name, parent=self),
        )

    def _create_www_redirect(self) -> cloudflare.Ruleset:
        www, apex = self._config.hostname("www"), self._config.hostname("apex")
        redirect = cloudflare.RulesetRuleActionParametersFromValueArgs(
            status_code=PERMANENT_REDIRECT,
            target_url=cloudflare.RulesetRuleActionParametersFromValueTargetUrlArgs(
                expression=f'concat("https://{apex}", http.request.uri.path)',
            ),
            preserve_query_string=True,
        )
        rule = cloudflare.RulesetRuleArgs(
            ref="www_to_apex",  # a stable rule id across updates
            description=f"{www} -> https://{apex}, keeping path and query",
            expression=f'(http.host eq "{www}")',
            action="redirect",
            action_parameters=cloudflare.RulesetRuleActionParametersArgs(from_value=redirect),
            enabled=True,
        )
        return self._create_ruleset("redirects", REDIRECT_PHASE, "Redirects (managed by myapp-infra)", rule)

    def _create_api_headers(self) -> cloudflare.Ruleset:
        api = self._config.hostname("api")
        headers = {
            header: cloudflare.RulesetRuleActionParametersHeadersArgs(operation="set", value=value)
            for header, value in self._args.security_headers.render().items()
        }
        rule = cloudflare.RulesetRuleArgs(
            ref="api_security_headers",
            description=f"Security response headers on {api} (the same set the Vercel frontend sends)",
            expression=f'(http.host eq "{api}")',
            action="rewrite",
            action_parameters=cloudflare.RulesetRuleActionParametersArgs(headers=headers),
            enabled=True,
        )
        return self._create_ruleset("response-headers", RESPONSE_HEADERS_PHASE, "Response headers (managed by myapp-infra)", rule)

    def _create_ruleset(self, purpose: str, phase: str, title: str, rule: cloudflare.RulesetRuleArgs) -> cloudflare.Ruleset:
        # A zone has one entry-point ruleset per phase; an existing one is adopted (`adopt`).
        name = f"{self._name}-{purpose}"
        return cloudflare.Ruleset(
            name,
            zone_id=self._config.zone_id,
            name=title,
            kind="zone",
            phase=phase,
            rules=[rule],
            opts=self._args.options.for_child(name, parent=self),
        )

    def _create_health_monitor(self) -> CloudflareHealthMonitor:
        checks = self._config.health_checks
        return CloudflareHealthMonitor(
            f"{self._name}-health",
            CloudflareHealthMonitorArgs(
                zone_id=self._config.zone_id,
                account_id=self._config.account_id,
                stack=self._args.stack,
                endpoints=(
                    MonitoredEndpoint("frontend", self._config.hostname("apex"), checks.frontend, self.dns.records["apex"]),
                    MonitoredEndpoint("backend", self._config.hostname("api"), checks.backend, self.dns.records["api"]),
                ),
                alerts=self._config.alerts,
                options=self._args.options,
            ),
            pulumi.ResourceOptions(parent=self),
        )
