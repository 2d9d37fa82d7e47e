"""The `myapp-infra:backend` section: the API service of a stack, on Railway.

Values follow the status document ("Backend API (Railway)", "Production Environment Variables",
"Scaling Configuration"); what only a stack can say (its Railway project and environment, the
branch it deploys, its replicas and region, its public host) is set in its stack file.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from .base import ConfigModel, DomainName, HttpsUrl, origin_of
from .platform import REPO_ROOT, Platform
from .secrets import SecretSpec

# The *.up.railway.app names Railway gives a service; any other host is a custom domain.
RAILWAY_DOMAIN_SUFFIX = ".up.railway.app"
# Railway's deployment regions, by the identifier its API takes (docs.railway.com/deployments/regions);
# the older us-east4, europe-west4, ... are no longer offered.
RailwayRegion = Literal["us-west2", "us-east4-eqdc4a", "europe-west4-drams3a", "asia-southeast1-eqsg3a"]
HttpMethod = Literal["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
_NAME = r"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$"


# The plan's name of the stack's Railway project: what `myapp-infra:adopt` names to import a live one.
PROJECT_RESOURCE = "myapp-backend-project"


class RailwayProjectRef(ConfigModel):
    """The stack's Railway project, by name; a live one is adopted by import (`myapp-infra:adopt`)."""

    name: str = Field(pattern=_NAME)
    id: str | None = None

    @model_validator(mode="after")
    def _adopted_by_import(self) -> RailwayProjectRef:
        if self.id is not None:
            raise ValueError(
                "a live project is now adopted by import, like any other resource: remove backend.project.id and run "
                f"pulumi config set --path 'adopt.{PROJECT_RESOURCE}' {self.id}"
            )
        return self


class BackendSource(ConfigModel):
    repo: str = Field(pattern=r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")
    branch: str = Field(min_length=1)


class DatabaseSettings(ConfigModel):
    pool_size: int = Field(default=20, ge=1)
    timeout: str = Field(default="30s", pattern=r"^[0-9]+(ms|s|m)$")


class AuthSettings(ConfigModel):
    jwt_expiry: str = Field(default="24h", pattern=r"^[0-9]+[smhd]$")
    refresh_token_expiry: str = Field(default="30d", pattern=r"^[0-9]+[smhd]$")


class CorsSettings(ConfigModel):
    """Origins are not configured here: they are the frontend's own (`frontend.domain`)."""

    methods: tuple[HttpMethod, ...] = Field(default=("GET", "POST", "PUT", "PATCH", "DELETE"), min_length=1)
    credentials: bool = True


class BackendConfig(ConfigModel):
    # The API's public host: a custom domain (api.myapp.com) or the service's own
    # <name>.up.railway.app; either way the one the frontend and the edge point at.
    domain: DomainName
    project: RailwayProjectRef
    # Each stack owns a project and one environment in it (a Railway service exists in every
    # environment of its project, so two stacks sharing one project would share their service).
    environment: str = Field(pattern=_NAME)
    service_name: str = Field(default="myapp-backend", pattern=_NAME)
    source: BackendSource
    region: RailwayRegion
    # Railway scales by a fixed replica count, not on CPU: the status document's "1-3
    # instances at 70% CPU" becomes the count each stack sets here.
    replicas: int = Field(ge=1, le=50)
    vcpus: float = Field(default=1.0, gt=0)
    memory_gb: float = Field(default=1.0, gt=0)
    port: int = Field(default=8080, ge=1, le=65535)
    node_version: str = Field(default="18", pattern=r"^[0-9]+(\.[0-9]+){0,2}$")
    node_env: Literal["production", "staging", "development"] = "production"
    api_version: str = Field(default="v1", pattern=r"^v[0-9]+$")
    healthcheck_path: str = Field(default="/health", pattern=r"^/")
    # Seconds a new deploy has to answer its health check before Railway fails it. Unset: Railway's
    # default, 300 s (docs.railway.com/reference/healthchecks). Railway documents no maximum; the
    # ceiling is what its API's Int can carry.
    healthcheck_timeout: int | None = Field(default=None, ge=1, le=2**31 - 1)
    start_command: str | None = None
    cdn_url: HttpsUrl
    database: DatabaseSettings = DatabaseSettings()
    auth: AuthSettings = AuthSettings()
    cors: CorsSettings = CorsSettings()

    @property
    def public_url(self) -> str:
        return origin_of(self.domain)

    @property
    def railway_subdomain(self) -> str | None:
        """The label to ask Railway for when `domain` is one of its own names, else None."""
        return self.domain.removesuffix(RAILWAY_DOMAIN_SUFFIX) if self.domain.endswith(RAILWAY_DOMAIN_SUFFIX) else None

    @property
    def custom_domain(self) -> str | None:
        return None if self.railway_subdomain is not None else self.domain

    @model_validator(mode="after")
    def _railway_name_is_one_label(self) -> BackendConfig:
        if self.railway_subdomain is not None and "." in self.railway_subdomain:
            raise ValueError(
                f"{self.domain!r}: a Railway domain is one label before {RAILWAY_DOMAIN_SUFFIX}, e.g. myapp-backend-staging{RAILWAY_DOMAIN_SUFFIX}"
            )
        return self


PLATFORM = Platform(
    "railway",
    "Railway",
    "Backend API",
    schema_file=REPO_ROOT / "providers" / "railway" / "schema.json",
    credentials=(SecretSpec("railway:token", "Railway account or workspace token", "<railway token>", env_var="RAILWAY_TOKEN"),),
)
