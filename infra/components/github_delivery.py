"""The GitHub side of delivery: the environments the workflows deploy through, who approves a
deployment, which branches may deploy, the checks `main` requires, and the Actions secrets each
environment holds. Declared here so the approval gate is itself reviewed in a pull request."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pulumi
import pulumi_github as github

from infra.config.delivery import DeliveryConfig, DeliveryEnvironment


@dataclass(frozen=True)
class GithubDeliveryArgs:
    config: DeliveryConfig
    # environment -> secret name -> value (secret outputs), what the workflows read there.
    secrets: Mapping[str, Mapping[str, pulumi.Output[str]]]
    required_checks: tuple[str, ...]


class GithubDelivery(pulumi.ComponentResource):
    def __init__(self, name: str, args: GithubDeliveryArgs, opts: pulumi.ResourceOptions | None = None):
        super().__init__("myapp:github:Delivery", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        repository = github.get_repository_output(name=args.config.repository, opts=pulumi.InvokeOptions(parent=self))
        self.environments = {
            env_name: self._environment(name, args.config.repository, env_name, env, args.secrets.get(env_name, {}), child)
            for env_name, env in sorted(args.config.environments.items())
        }
        branch = args.config.main_branch
        self.main_protection = github.BranchProtection(
            f"{name}-main-protection",
            repository_id=repository.node_id,
            pattern=branch.pattern,
            enforce_admins=True,
            allows_deletions=False,
            allows_force_pushes=False,
            required_linear_history=True,
            require_conversation_resolution=True,
            required_status_checks=[github.BranchProtectionRequiredStatusCheckArgs(contexts=list(args.required_checks), strict=True)],
            required_pull_request_reviews=[
                github.BranchProtectionRequiredPullRequestReviewArgs(
                    required_approving_review_count=branch.required_approvals,
                    dismiss_stale_reviews=True,
                    require_last_push_approval=True,
                )
            ],
            opts=child,
        )
        self.register_outputs({"environments": sorted(self.environments)})

    def _environment(
        self,
        name: str,
        repository: str,
        env_name: str,
        env: DeliveryEnvironment,
        secrets: Mapping[str, pulumi.Output[str]],
        child: pulumi.ResourceOptions,
    ) -> github.RepositoryEnvironment:
        reviewers = env.reviewers
        environment = github.RepositoryEnvironment(
            f"{name}-{env_name}",
            repository=repository,
            environment=env_name,
            prevent_self_review=env.prevent_self_review,
            can_admins_bypass=False,
            reviewers=[github.RepositoryEnvironmentReviewerArgs(teams=list(reviewers.teams), users=list(reviewers.users))]
            if reviewers.teams or reviewers.users
            else None,
            deployment_branch_policy=github.RepositoryEnvironmentDeploymentBranchPolicyArgs(
                protected_branches=False, custom_branch_policies=True
            )
            if env.branches
            else None,
            opts=child,
        )
        in_environment = pulumi.ResourceOptions(parent=self, depends_on=[environment])
        for pattern in env.branches:
            github.RepositoryEnvironmentDeploymentPolicy(
                f"{name}-{env_name}-branch-{pattern}",
                repository=repository,
                environment=environment.environment,
                branch_pattern=pattern,
                opts=in_environment,
            )
        for secret_name, value in sorted(secrets.items()):
            github.ActionsEnvironmentSecret(
                f"{name}-{env_name}-{secret_name.lower()}",
                repository=repository,
                environment=environment.environment,
                secret_name=secret_name,
                value=value,
                opts=in_environment,
            )
        return environment
