"""The reviewed plans (`plans/<stack>.json`): current, stable, and masked."""

from __future__ import annotations

from dataclasses import replace

from infra.plan.model import SECRET_MASK
from infra.plan.reviewed import dumps, plans_document, staleness, write_plan
from tests.delivery.support import REPO_ROOT


def test_the_committed_plan_of_each_stack_is_current(stack_plan):
    problem = staleness(stack_plan)
    assert problem is None, problem


def test_a_stale_plan_says_to_run_make_plan_update_and_shows_what_changed(staging_plan, tmp_path):
    route = next(r for r in staging_plan.resources if r.name == "myapp-frontend-security-headers")
    older = replace(route, inputs={**route.inputs, "description": "an older description"})
    stale = replace(staging_plan, resources=tuple(older if r is route else r for r in staging_plan.resources))
    write_plan(stale, tmp_path)
    problem = staleness(staging_plan, tmp_path)
    assert problem is not None and "run `make plan-update`" in problem
    assert '~ description: "an older description" =>' in problem


def test_a_missing_plan_says_to_run_make_plan_update(staging_plan, tmp_path):
    assert "staging.json is missing: run `make plan-update`" in staleness(staging_plan, tmp_path)


def test_a_plan_reads_the_same_however_often_it_is_written(production_plan):
    assert dumps(plans_document([production_plan], reviewed=True)) == dumps(plans_document([production_plan], reviewed=True))


def test_a_plan_names_no_path_of_this_checkout(stack_plan):
    assert str(REPO_ROOT) not in dumps(plans_document([stack_plan], reviewed=True))


def test_a_committed_plan_holds_no_secret_placeholder_only_masks(stack_plan):
    text = dumps(plans_document([stack_plan], reviewed=True))
    assert "OFFLINE-PLACEHOLDER" not in text and SECRET_MASK in text
