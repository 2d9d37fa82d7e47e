"""A new environment (a review stack, a disaster-recovery rebuild) is one new stack file.

Each test plans a stack that has no file in the repository: a copy of a real stack's file under
another name, as `cp Pulumi.staging.yaml Pulumi.review-42.yaml` would make it.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from infra.plan.render import render_plan
from infra.plan.stack_files import read_stack_file
from tests.planning import plan_edited

FRONTEND, BACKEND = "myapp-infra:frontend", "myapp-infra:backend"


def copied(stack: str, new_name: str):
    return replace(read_stack_file(stack), stack=new_name)


def renamed(config: dict) -> None:
    """What the README's "New environment" steps change in a copied staging file."""
    config[FRONTEND]["projectName"] = "myapp-review-42"
    config[BACKEND]["project"]["name"] = "myapp-backend-review-42"
    config[BACKEND]["domain"] = "myapp-backend-review-42.up.railway.app"
    config[BACKEND]["environment"] = "review-42"


@pytest.fixture(scope="module")
def review_stack():
    return plan_edited(copied("staging", "review-42"), renamed)


def test_a_renamed_copy_of_a_stack_plans_without_warnings(review_stack):
    assert review_stack.stack == "review-42"
    assert review_stack.warnings == ()
    names = {r.inputs.get("name") for r in review_stack.resources}
    assert {"myapp-review-42", "myapp-backend-review-42"} <= names


def test_the_real_stacks_share_no_object(stack_plan):
    assert stack_plan.warnings == ()


def test_an_unrenamed_copy_is_warned_about_each_object_it_would_share():
    plan = plan_edited(copied("production", "dr"), {})
    keys = [w.split("(", 1)[1].split(")", 1)[0] for w in plan.warnings]
    assert keys == [
        "myapp-infra:frontend.projectName",
        "myapp-infra:backend.project.name",
        "myapp-infra:backend.domain",
        "myapp-infra:frontend.domain",
        "myapp-infra:frontend.redirectDomains[0]",
        "myapp-infra:edge.zone",
    ]
    assert all("also managed by stack 'production'" in w and "pulumi config set --stack dr --path" in w for w in plan.warnings)


def test_a_warning_is_shown_with_the_plan_and_does_not_stop_it():
    plan = plan_edited(copied("staging", "copy"), {})
    assert plan.resources
    assert "warning: Vercel project 'myapp-staging' (myapp-infra:frontend.projectName) is also managed by stack 'staging'" in render_plan(
        plan
    )
