"""The API of a stack on Railway: project, service, its settings, variables, domains.

Each stack owns one Railway project, whose default environment is the stack's (named after it,
as the community Terraform provider's `default_environment`). The service deploys a GitHub
branch with Railway's Railpack builder on Node 18, answers its health check on GET /health within
the configured timeout, and runs a fixed number of replicas (Railway has no CPU autoscaling).
Its variables are one collection: the secrets come from the stack's secret config, stay secret
Outputs and are sealed by Railway; CORS origins are the frontend's own origins. Live objects are
adopted like any other resource's, by import (`myapp-infra:adopt`).
"""

from __future__ import annotations

from dataclasses import dataclass

import pulumi

from infra.config.backend import BackendConfig
from infra.config.secrets import StackSecrets
from infra.config.services import SupabaseConfig
from pulumiverse_railway import CustomDomain, Project, Service, ServiceDomain, ServiceInstance, VariableCollection

from .options import ChildOptions

# Railway's current builder; its Node version comes from the RAILPACK_NODE_VERSION variable.
BUILDER = "RAILPACK"
RESTART_ON_FAILURE = "ON_FAILURE"


@dataclass(frozen=True)
class RailwayBackendArgs:
    config: BackendConfig
    secrets: StackSecrets
    supabase: SupabaseConfig
    # The browser origins of the frontend calling this API (the frontend component's output):
    # CORS_ORIGINS, never typed twice, and a real dependency on the resources serving them.
    cors_origins: pulumi.Input[list[str]]
    options: ChildOptions


@dataclass(frozen=True)
class BackendVariable:
    name: str
    value: pulumi.Input[str]
    sealed: bool = False  # a secret: wrapped as a secret Output and sealed by Railway


def backend_variables(args: RailwayBackendArgs) -> tuple[BackendVariable, ...]:
    """Every variable the API runs with, in the status document's order ("Production Environment Variables")."""
    config, secrets = args.config, args.secrets
    return (
        BackendVariable("NODE_ENV", config.node_env),
        BackendVariable("PORT", str(config.port)),
        BackendVariable("API_VERSION", config.api_version),
        BackendVariable("DATABASE_URL", secrets.database_url, sealed=True),
        BackendVariable("DATABASE_POOL_SIZE", str(config.database.pool_size)),
        BackendVariable("DATABASE_TIMEOUT", config.database.timeout),
        BackendVariable("JWT_SECRET", secrets.jwt_secret, sealed=True),
        BackendVariable("JWT_EXPIRY", config.auth.jwt_expiry),
        BackendVariable("REFRESH_TOKEN_EXPIRY", config.auth.refresh_token_expiry),
        BackendVariable("SUPABASE_URL", args.supabase.url),
        BackendVariable("SUPABASE_SERVICE_KEY", secrets.supabase_service_key, sealed=True),
        BackendVariable("STRIPE_SECRET_KEY", secrets.stripe_secret_key, sealed=True),
        BackendVariable("STRIPE_WEBHOOK_SECRET", secrets.stripe_webhook_secret, sealed=True),
        BackendVariable("SENDGRID_API_KEY", secrets.sendgrid_api_key, sealed=True),
        BackendVariable("CLOUDINARY_URL", secrets.cloudinary_url, sealed=True),
        BackendVariable("SENTRY_DSN", secrets.sentry_dsn, sealed=True),
        BackendVariable("POSTHOG_PROJECT_API_KEY", secrets.posthog_project_api_key, sealed=True),
        BackendVariable("CDN_URL", config.cdn_url),
        BackendVariable("CORS_ORIGINS", pulumi.Output.from_input(args.cors_origins).apply(",".join)),
        BackendVariable("CORS_METHODS", ",".join(config.cors.methods)),
        BackendVariable("CORS_CREDENTIALS", "true" if config.cors.credentials else "false"),
        BackendVariable("RAILPACK_NODE_VERSION", config.node_version),
    )


class RailwayBackend(pulumi.ComponentResource):
    """One Railway service serving the API, with its settings, variables and public domain."""

    def __init__(self, name: str, args: RailwayBackendArgs, opts: pulumi.ResourceOptions | None = None):
        super().__init__("myapp:railway:Backend", name, None, opts)
        self._name = name
        self._args = args
        self._config = args.config
        self.project = self._create_project()
        # The project's default environment is the stack's: made with the project, renamed in place.
        self.environment_id = self.project.default_environment_id
        self.service = self._create_service()
        self.settings = self._create_settings()
        self.variables = self._create_variables()
        self.service_domain = self._create_service_domain()
        self.custom_domain = self._create_custom_domain()
        public = self.custom_domain or self.service_domain
        # The declared host, once the domain serving it exists: what the frontend calls.
        self.url = public.id.apply(lambda _id: self._config.public_url)
        # What the API host's CNAME must point at (None without a custom domain).
        self.dns_target = self.custom_domain.cname_target if self.custom_domain else None
        self.register_outputs({"projectId": self.project.id, "serviceId": self.service.id, "url": self.url, "dnsTarget": self.dns_target})

    def _child(self, suffix: str, holds_traffic_or_data: bool = True, **extra) -> tuple[str, pulumi.ResourceOptions]:
        name = f"{self._name}-{suffix}"
        return name, self._args.options.for_child(name, parent=self, holds_traffic_or_data=holds_traffic_or_data, **extra)

    def _where(self) -> dict[str, pulumi.Input[str]]:
        return {"environment_id": self.environment_id, "service_id": self.service.id}

    def _create_project(self) -> Project:
        name, opts = self._child("project")
        return Project(name, name=self._config.project.name, default_environment_name=self._config.environment, opts=opts)

    def _create_service(self) -> Service:
        name, opts = self._child("service")
        source = self._config.source
        return Service(
            name,
            project_id=self.project.id,
            name=self._config.service_name,
            source_repo=source.repo,
            source_repo_branch=source.branch,
            opts=opts,
        )

    def _create_settings(self) -> ServiceInstance:
        # Settings, not data: recreated in one request, so not protected.
        name, opts = self._child("instance", holds_traffic_or_data=False)
        config = self._config
        return ServiceInstance(
            name,
            service_id=self.service.id,
            environment_id=self.environment_id,
            builder=BUILDER,
            start_command=config.start_command,
            healthcheck_path=config.healthcheck_path,
            healthcheck_timeout=config.healthcheck_timeout,
            num_replicas=config.replicas,
            region=config.region,
            restart_policy_type=RESTART_ON_FAILURE,
            v_cpus=config.vcpus,
            memory_gb=config.memory_gb,
            opts=opts,
        )

    def _create_variables(self) -> VariableCollection:
        name, opts = self._child("variables")
        variables = backend_variables(self._args)
        return VariableCollection(
            name,
            project_id=self.project.id,
            environment_id=self.environment_id,
            service_id=self.service.id,
            variables={variable.name: variable.value for variable in variables},
            sealed=[variable.name for variable in variables if variable.sealed],
            opts=opts,
        )

    def _create_service_domain(self) -> ServiceDomain:
        name, opts = self._child("service-domain")
        return ServiceDomain(name, **self._where(), subdomain=self._config.railway_subdomain, target_port=self._config.port, opts=opts)

    def _create_custom_domain(self) -> CustomDomain | None:
        if self._config.custom_domain is None:
            return None
        name, opts = self._child("domain")
        return CustomDomain(
            name,
            project_id=self.project.id,
            **self._where(),
            domain=self._config.custom_domain,
            target_port=self._config.port,
            opts=opts,
        )
