"""The delivery stack's program (`delivery/`): GitHub environments, approvals, branch protection
and Actions secrets, from its own config and from what the workflows read."""

from __future__ import annotations

import pulumi

from infra.components.github_delivery import GithubDelivery, GithubDeliveryArgs
from infra.config.delivery import environment_secrets, load_delivery_config
from infra.pulumi_internals import stack_config

from .workflows import WorkflowNeeds, read_workflow_needs


def build_delivery(needs: WorkflowNeeds | None = None) -> None:
    needs = needs or read_workflow_needs()
    raw, secret_keys = stack_config()
    stack = pulumi.get_stack()
    config = load_delivery_config(stack, raw)
    named = {env: needs.secrets_of(env, settings.deploys) for env, settings in config.environments.items()}
    undeclared = {env: names for env, names in needs.secrets_by_environment.items() if env != "*" and env not in named}
    secrets = environment_secrets(stack, config, {**named, **undeclared}, raw, set(secret_keys))
    GithubDelivery("myapp-delivery", GithubDeliveryArgs(config=config, secrets=secrets, required_checks=needs.required_checks))
