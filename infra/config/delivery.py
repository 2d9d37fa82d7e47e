"""Config of the delivery stack (`delivery/`): the GitHub side of how the app stacks ship."""

from __future__ import annotations

import json
from collections.abc import Mapping

import pulumi
from pydantic import Field, ValidationError

from .base import ConfigModel
from .errors import ConfigError, ConfigProblem

DELIVERY_NAMESPACE = "myapp-delivery"
# GitHub's limit: "up to 6 IDs for teams" and as many users per environment.
MAX_REVIEWERS = 6


class Reviewers(ConfigModel):
    # Numeric ids (`gh api orgs/<org>/teams/<slug> --jq .id`, `gh api users/<login> --jq .id`).
    teams: tuple[int, ...] = Field(default=(), max_length=MAX_REVIEWERS)
    users: tuple[int, ...] = Field(default=(), max_length=MAX_REVIEWERS)


class DeliveryEnvironment(ConfigModel):
    # Whether app stacks deploy in it (its jobs choose it at run time, by stack name).
    deploys: bool = False
    reviewers: Reviewers = Reviewers()
    prevent_self_review: bool = True
    # Branch name patterns that may deploy to it; empty: any branch (a preview environment).
    branches: tuple[str, ...] = ()


class MainBranch(ConfigModel):
    pattern: str = "main"
    required_approvals: int = Field(default=1, ge=1, le=6)


class DeliveryConfig(ConfigModel):
    repository: str = Field(pattern=r"^[A-Za-z0-9_.-]+$")
    environments: dict[str, DeliveryEnvironment] = Field(min_length=1)
    main_branch: MainBranch = MainBranch()


def secret_key(environment: str, name: str) -> str:
    """The config key holding one Actions secret of one environment."""
    return f"{DELIVERY_NAMESPACE}:{environment}-{name}"


def load_delivery_config(stack: str, raw: Mapping[str, str]) -> DeliveryConfig:
    prefix = f"{DELIVERY_NAMESPACE}:"
    sections = {
        key[len(prefix) :]: _decoded(value) for key, value in raw.items() if key.startswith(prefix) and "-" not in key[len(prefix) :]
    }
    try:
        return DeliveryConfig.model_validate(sections)
    except ValidationError as error:
        problems = [
            ConfigProblem(
                f"{prefix}{'.'.join(str(part) for part in detail['loc'])}",
                detail["msg"],
                f"set it: pulumi config set --stack {stack} --path '{'.'.join(str(part) for part in detail['loc'])}' <value> (cwd delivery/)",
            )
            for detail in error.errors()
        ]
        raise ConfigError(stack, problems) from None


def environment_secrets(
    stack: str, config: DeliveryConfig, needed: Mapping[str, frozenset[str]], raw: Mapping[str, str], secret_keys: set[str]
) -> dict[str, dict[str, pulumi.Output[str]]]:
    """Each environment's Actions secrets, as secret outputs; every missing or plaintext one reported at once."""
    problems: list[ConfigProblem] = []
    values: dict[str, dict[str, pulumi.Output[str]]] = {}
    for environment, names in needed.items():
        if environment not in config.environments:
            problems.append(
                ConfigProblem(
                    f"{DELIVERY_NAMESPACE}:environments.{environment}",
                    "is used by a workflow job but not declared",
                    f"declare it: pulumi config set --stack {stack} --path 'environments.{environment}.deploys' false",
                )
            )
            continue
        values[environment] = {}
        for name in sorted(names):
            key = secret_key(environment, name)
            if key not in raw or key not in secret_keys:
                problems.append(
                    ConfigProblem(
                        key,
                        "is read by the workflows but not set as a secret" if key not in raw else "is stored in plaintext",
                        f"pulumi config set --secret --stack {stack} '{key}' <value> (cwd delivery/)",
                    )
                )
                continue
            values[environment][name] = pulumi.Output.secret(raw[key])
    if problems:
        raise ConfigError(stack, problems)
    return values


def _decoded(value: str) -> object:
    return json.loads(value) if value[:1] in ("{", "[") else value
