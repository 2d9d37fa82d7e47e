"""Adopting live objects: a provider resource by `myapp-infra:adopt` (an import, `=`), and the
Railway project by `backend.project.id` (Railway resources are dynamic, which Pulumi cannot
import: pulumi/pulumi#16175). Against a committed plan that created the project by name, the
latter is a replace of the project, and of what holds its id, which the diff, the gate and the
comment say is the adoption of the live project."""

from __future__ import annotations

import pytest

from infra.config import ConfigError
from infra.plan.comment import render_comment
from infra.plan.diff import IMPORT, REPLACE, render_diff
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


@pytest.fixture(scope="module")
def railway_adoption_diff(production_plan):
    def edit(config):
        config[f"{NAMESPACE}:backend"]["project"] = {"id": LIVE_RAILWAY_PROJECT_ID}

    return diff_between(production_plan, plan_with_config("production", edit))


def railway_project(diff):
    return next(change for change in diff.changes if change.name == RAILWAY_PROJECT)


def test_adopting_the_live_railway_project_replaces_the_created_one_because_its_project_id_appears(railway_adoption_diff):
    project = railway_project(railway_adoption_diff)
    assert (project.action, project.replace_reasons, project.adopts) == (REPLACE, ("projectId",), LIVE_RAILWAY_PROJECT_ID), render_diff(railway_adoption_diff)


def test_the_inputs_an_adopted_railway_project_no_longer_sets_are_no_reason_to_replace_it(railway_adoption_diff):
    unset = [p for p in railway_project(railway_adoption_diff).properties if p.path in ("name", "defaultEnvironmentName")]
    assert unset and all(p.on_removal and not p.replaces for p in unset), render_diff(railway_adoption_diff)


def test_what_holds_the_railway_project_id_is_replaced_with_it(railway_adoption_diff):
    followers = {change.name for change in railway_adoption_diff.changes if RAILWAY_PROJECT in change.follows}
    assert {"myapp-backend-environment", "myapp-backend-service", "myapp-backend-variables"} <= followers, render_diff(railway_adoption_diff)


def test_the_diff_the_gate_and_the_comment_say_the_live_railway_project_is_adopted(railway_adoption_diff):
    said = f"adopts the live Railway project {LIVE_RAILWAY_PROJECT_ID}"
    verdict = evaluate(railway_adoption_diff, confirmed=False)
    assert said in render_diff(railway_adoption_diff)
    assert verdict.blocked and said in verdict.message()
    assert said in render_comment(railway_adoption_diff, verdict, verdicts=[])
