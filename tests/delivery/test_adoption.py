"""Adopting live objects (`myapp-infra:adopt`): the plan says which resources are imported, not created."""

from __future__ import annotations

import pytest

from infra.config import ConfigError
from infra.plan.diff import IMPORT, render_diff
from tests.delivery.support import NAMESPACE, diff_between, plan_with_config

LIVE_PROJECT_ID = "prj_live0123456789"


@pytest.fixture(scope="module")
def adoption_diff(production_plan):
    def edit(config):
        config[f"{NAMESPACE}:adopt"] = {"myapp-frontend-project": LIVE_PROJECT_ID}

    return diff_between(production_plan, plan_with_config("production", edit))


def test_an_adopt_entry_makes_exactly_that_resource_an_import(adoption_diff):
    assert [(c.action, c.name, c.import_id) for c in adoption_diff.changes] == [
        (IMPORT, "myapp-frontend-project", LIVE_PROJECT_ID)
    ], render_diff(adoption_diff)
    assert not adoption_diff.outputs


def test_the_diff_marks_an_adopted_resource_with_an_equals_sign_and_its_live_id(adoption_diff):
    rendered = render_diff(adoption_diff)
    assert "=  vercel:index/project:Project: (import)" in rendered
    assert f"[id={LIVE_PROJECT_ID}]" in rendered
    assert "= 1 to import" in rendered


def test_an_adopt_entry_naming_no_declared_resource_is_refused_with_the_fix():
    def edit(config):
        config[f"{NAMESPACE}:adopt"] = {"myapp-frontend-projekt": LIVE_PROJECT_ID}

    with pytest.raises(ConfigError) as refused:
        plan_with_config("staging", edit)
    message = str(refused.value)
    assert f"{NAMESPACE}:adopt.myapp-frontend-projekt: names no resource this stack declares" in message
    assert "make plan STACK=staging" in message
