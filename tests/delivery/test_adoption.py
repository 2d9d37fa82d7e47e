"""Adopting live objects by `myapp-infra:adopt`: an import (`=`) of any resource, our own Railway
provider's included, which the diff, the gate and the comment show as such."""

from __future__ import annotations

import pytest

from infra.config import ConfigError
from infra.plan.diff import IMPORT, render_diff
from infra.plan.gate import evaluate
from tests.delivery.support import NAMESPACE, diff_between, plan_with_config

LIVE_PROJECT_ID = "prj_live0123456789"
LIVE_RAILWAY_PROJECT_ID = "8d5c7e1f-0000-4000-8000-railwaylive01"
RAILWAY_PROJECT = "myapp-backend-project"


@pytest.fixture(scope="module")
def adoption_diff(production_plan):
    def edit(config):
        config[f"{NAMESPACE}:adopt"] = {"myapp-frontend-project": LIVE_PROJECT_ID}

    return diff_between(production_plan, plan_with_config("production", edit))


def test_an_adopt_entry_makes_exactly_that_resource_an_import(adoption_diff):
    assert [(c.action, c.name, c.import_id) for c in adoption_diff.changes] == [(IMPORT, "myapp-frontend-project", LIVE_PROJECT_ID)], (
        render_diff(adoption_diff)
    )
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


@pytest.fixture(scope="module")
def railway_adoption_diff(production_plan):
    def edit(config):
        config[f"{NAMESPACE}:adopt"] = {RAILWAY_PROJECT: LIVE_RAILWAY_PROJECT_ID}

    return diff_between(production_plan, plan_with_config("production", edit))


def test_adopting_the_live_railway_project_is_an_import_of_it_by_id(railway_adoption_diff):
    assert [(c.action, c.name, c.import_id) for c in railway_adoption_diff.changes] == [
        (IMPORT, RAILWAY_PROJECT, LIVE_RAILWAY_PROJECT_ID)
    ], render_diff(railway_adoption_diff)


def test_adopting_the_railway_project_is_not_destructive(railway_adoption_diff):
    assert not evaluate(railway_adoption_diff, confirmed=False).blocked


def test_the_old_project_id_key_is_refused_with_the_import_to_run_instead():
    def edit(config):
        config[f"{NAMESPACE}:backend"]["project"] = {"name": "myapp-backend", "id": LIVE_RAILWAY_PROJECT_ID}

    with pytest.raises(ConfigError) as refused:
        plan_with_config("production", edit)
    message = str(refused.value)
    assert f"pulumi config set --path 'adopt.{RAILWAY_PROJECT}' {LIVE_RAILWAY_PROJECT_ID}" in message, message
