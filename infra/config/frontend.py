"""The `myapp-infra:frontend` section: the Vercel project of a stack."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from .base import ConfigModel, DomainName
from .platform import Platform
from .secrets import SecretSpec

# Vercel's function regions (vercel.com/docs/edge-network/regions); a typo here would only
# surface at deploy time, so it is refused at config time instead.
VercelRegion = Literal[
    "arn1",
    "bom1",
    "cdg1",
    "cle1",
    "cpt1",
    "dub1",
    "dxb1",
    "fra1",
    "gru1",
    "hkg1",
    "hnd1",
    "iad1",
    "icn1",
    "kix1",
    "lhr1",
    "pdx1",
    "sfo1",
    "sin1",
    "syd1",
    "yul1",
]
VercelTarget = Literal["production", "preview", "development"]


class GitRepository(ConfigModel):
    type: Literal["github", "gitlab", "bitbucket"] = "github"
    repo: str = Field(pattern=r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")
    production_branch: str = Field(default="main", min_length=1)


class FrontendConfig(ConfigModel):
    project_name: str = Field(pattern=r"^[a-z0-9]([a-z0-9._-]{0,98}[a-z0-9])?$")
    domain: DomainName | None = None
    redirect_domains: tuple[DomainName, ...] = ()
    framework: str = "nextjs"
    install_command: str = "npm ci"
    build_command: str = "npm run build"
    output_directory: str = ".next"
    function_regions: tuple[VercelRegion, ...] = Field(min_length=1)
    env_targets: tuple[VercelTarget, ...] = Field(default=("production",), min_length=1)
    git_repository: GitRepository | None = None

    @model_validator(mode="after")
    def _redirects_need_a_domain(self) -> FrontendConfig:
        if self.redirect_domains and self.domain is None:
            raise ValueError("redirectDomains need a custom 'domain' to redirect to")
        if self.domain in self.redirect_domains:
            raise ValueError(f"'{self.domain}' cannot redirect to itself")
        return self

    @property
    def host(self) -> str:
        """Where the app is served: the custom domain, else the project's vercel.app domain."""
        return self.domain or f"{self.project_name}.vercel.app"


PLATFORM = Platform(
    "vercel",
    "Vercel",
    "Frontend",
    sdk_distribution="pulumiverse_vercel",
    credentials=(SecretSpec("vercel:apiToken", "Vercel API token (team scope)", "<vercel token>", env_var="VERCEL_API_TOKEN"),),
)
