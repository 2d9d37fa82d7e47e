"""The delivery stack (`delivery/`): the approval gate the workflows rely on, declared and reviewed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from infra.config import ConfigError
from infra.config.delivery import secret_key
from infra.delivery import build_delivery
from infra.delivery.workflows import read_workflow_needs
from infra.plan.model import is_secret
from infra.plan.recorder import record_program
from infra.plan.stack_files import StackFile

DELIVERY = Path(__file__).resolve().parents[1] / "delivery"


def stack_file(leave_out: str | None = None) -> StackFile:
    document = yaml.safe_load((DELIVERY / "Pulumi.github.yaml").read_text())["config"]
    config = {key: value if isinstance(value, str) else json.dumps(value) for key, value in document.items()}
    needs = read_workflow_needs()
    environments = document["myapp-delivery:environments"]
    secrets = {
        secret_key(env, name): f"OFFLINE-PLACEHOLDER-{env}-{name}"
        for env, settings in environments.items()
        for name in needs.secrets_of(env, settings.get("deploys", False))
    }
    if leave_out is not None:
        secrets.pop(leave_out)
    return StackFile("myapp-delivery", "github", {**config, **secrets}, frozenset(secrets))


@pytest.fixture(scope="module")
def plan():
    return record_program(stack_file(), build_delivery)


def of_type(plan, token):
    return [r for r in plan.resources if r.type == token]


def test_production_deploys_need_a_reviewer_who_did_not_start_the_run(plan):
    (production,) = [
        r for r in of_type(plan, "github:index/repositoryEnvironment:RepositoryEnvironment") if r.inputs["environment"] == "production"
    ]
    assert production.inputs["preventSelfReview"] is True
    assert production.inputs["canAdminsBypass"] is False
    assert production.inputs["reviewers"][0]["teams"]


def test_only_main_may_deploy_to_staging_and_production(plan):
    policies = {
        (r.inputs["branchPattern"], r.name.split("-")[2])
        for r in of_type(plan, "github:index/repositoryEnvironmentDeploymentPolicy:RepositoryEnvironmentDeploymentPolicy")
    }
    assert policies == {("main", "staging"), ("main", "production")}


def test_every_environment_the_workflows_name_is_declared(plan):
    declared = {r.inputs["environment"] for r in of_type(plan, "github:index/repositoryEnvironment:RepositoryEnvironment")}
    named = {env for env in read_workflow_needs().secrets_by_environment if env != "*"}
    assert named <= declared
    assert {"staging", "production"} <= declared


def test_each_environment_holds_exactly_the_secrets_its_jobs_read_and_as_secrets(plan):
    secrets = of_type(plan, "github:index/actionsEnvironmentSecret:ActionsEnvironmentSecret")
    held = {(r.name.split("-")[2], r.inputs["secretName"]) for r in secrets}
    needs = read_workflow_needs()
    expected = {("preview", n) for n in needs.secrets_of("preview", False)} | {
        (e, n) for e in ("staging", "production") for n in needs.secrets_of(e, True)
    }
    assert held == expected
    assert all(is_secret(r.inputs["value"]) for r in secrets)
    assert not any("OFFLINE-PLACEHOLDER" in json.dumps(r.to_json()) for r in secrets)


def test_main_requires_the_pull_request_checks_and_a_fresh_approval(plan):
    (protection,) = of_type(plan, "github:index/branchProtection:BranchProtection")
    checks = protection.inputs["requiredStatusChecks"][0]["contexts"]
    assert "Offline checks and plan diff (no secrets)" in checks
    assert {"Preview staging (pulumi preview with the policy pack)", "Preview production (pulumi preview with the policy pack)"} <= set(
        checks
    )
    reviews = protection.inputs["requiredPullRequestReviews"][0]
    assert reviews["requiredApprovingReviewCount"] >= 1 and reviews["dismissStaleReviews"] is True
    assert protection.inputs["allowsForcePushes"] is False


def test_a_secret_the_workflows_read_but_nobody_set_is_named_with_its_command():
    missing = secret_key("production", "RAILWAY_TOKEN")
    with pytest.raises(ConfigError) as raised:
        record_program(stack_file(leave_out=missing), build_delivery)
    assert missing in str(raised.value)
    assert f"pulumi config set --secret --stack github '{missing}'" in str(raised.value)
