"""The Next.js frontend of a stack on Vercel: project, domains, public variables, headers."""

from __future__ import annotations

from dataclasses import dataclass

import pulumi
import pulumiverse_vercel as vercel

from infra.config.base import origin_of
from infra.config.frontend import FrontendConfig

from .options import ChildOptions

PERMANENT_REDIRECT = 301
EVERY_PATH = "/(.*)"


@dataclass(frozen=True)
class PublicVariable:
    """A `NEXT_PUBLIC_*` variable: compiled into the browser bundle, so never a secret by nature,
    though its value may still arrive as a secret Output (then it stays encrypted in state)."""

    key: str
    value: pulumi.Input[str]


@dataclass(frozen=True)
class VercelFrontendArgs:
    config: FrontendConfig
    variables: tuple[PublicVariable, ...]
    response_headers: dict[str, str]
    options: ChildOptions


class VercelFrontend(pulumi.ComponentResource):
    """One Vercel project serving the app, with its domains, variables and security headers."""

    def __init__(self, name: str, args: VercelFrontendArgs, opts: pulumi.ResourceOptions | None = None):
        super().__init__("myapp:vercel:Frontend", name, None, opts)
        self._name = name
        self._config = args.config
        self._options = args.options
        self.project = self._create_project()
        self.domains = self._create_domains()
        self.variables = [self._create_variable(variable) for variable in args.variables]
        self.headers_route = self._create_headers_route(args.response_headers)
        self.url = pulumi.Output.from_input(f"https://{self._config.host}")
        self.origins = self._origins()
        self.register_outputs({"projectId": self.project.id, "url": self.url, "origins": self.origins})

    def _origins(self) -> pulumi.Output[list[str]]:
        """The browser origins the app runs on, read from the resource that makes each one serve
        (the custom domain, else the project's own vercel.app name), so that whatever trusts
        them (the API's CORS) depends on that resource."""
        if self.domains:
            return self.domains[0].domain.apply(lambda domain: [origin_of(domain)])
        return self.project.name.apply(lambda project: [origin_of(f"{project}.vercel.app")])

    def _child(self, name: str, **extra) -> pulumi.ResourceOptions:
        return self._options.for_child(name, parent=self, **extra)

    def _create_project(self) -> vercel.Project:
        config = self._config
        git = config.git_repository
        name = f"{self._name}-project"
        return vercel.Project(
            name,
            name=config.project_name,
            framework=config.framework,
            install_command=config.install_command,
            build_command=config.build_command,
            output_directory=config.output_directory,
            resource_config=vercel.ProjectResourceConfigArgs(function_default_regions=list(config.function_regions)),
            git_repository=vercel.ProjectGitRepositoryArgs(type=git.type, repo=git.repo, production_branch=git.production_branch)
            if git
            else None,
            opts=self._child(name, holds_traffic_or_data=True),
        )

    def _create_domains(self) -> list[vercel.ProjectDomain]:
        config = self._config
        if config.domain is None:
            return []
        apex = self._create_domain(config.domain)
        redirects = [
            self._create_domain(domain, redirect=config.domain, redirect_status_code=PERMANENT_REDIRECT, depends_on=[apex])
            for domain in config.redirect_domains
        ]
        return [apex, *redirects]

    def _create_domain(self, domain: str, depends_on: list[pulumi.Resource] | None = None, **redirect) -> vercel.ProjectDomain:
        name = f"{self._name}-domain-{domain}"
        return vercel.ProjectDomain(
            name,
            project_id=self.project.id,
            domain=domain,
            **redirect,
            opts=self._child(name, holds_traffic_or_data=True, depends_on=depends_on),
        )

    def _create_variable(self, variable: PublicVariable) -> vercel.ProjectEnvironmentVariable:
        name = f"{self._name}-env-{variable.key}"
        return vercel.ProjectEnvironmentVariable(
            name,
            project_id=self.project.id,
            key=variable.key,
            value=variable.value,
            targets=list(self._config.env_targets),
            # Readable in the dashboard on purpose: these ship to every browser anyway.
            sensitive=False,
            opts=self._child(name),
        )

    def _create_headers_route(self, headers: dict[str, str]) -> vercel.ProjectRoute:
        name = f"{self._name}-security-headers"
        return vercel.ProjectRoute(
            name,
            project_id=self.project.id,
            name="security-headers",
            description="Security response headers on every path (managed by myapp-infra)",
            route=vercel.ProjectRouteRouteArgs(src=EVERY_PATH, headers=dict(headers)),
            position=vercel.ProjectRoutePositionArgs(placement="start"),
            opts=self._child(name),
        )
