"""No secret reaches what reviewers read: committed plans, diffs, job summaries, PR comments, gate
messages. Every secret of the stack is set to a distinctive value in memory, as if the user had
set it, and the stack planned once."""

from __future__ import annotations

import uuid

import pytest

from infra.config import all_secret_specs
from infra.plan.analyzer.verdict import Violation
from infra.plan.comment import render_comment
from infra.plan.diff import UPDATE, PropertyChange, render_diff, render_markdown
from infra.plan.gate import evaluate
from infra.plan.model import SECRET_MASK
from infra.plan.reviewed import dumps, plans_document
from tests.delivery.support import diff_between, plan_with_config


@pytest.fixture(scope="module")
def planted(production_plan):
    values = {spec.key: f"planted-{uuid.uuid4().hex}" for spec in all_secret_specs()}

    def edit(config):
        config.update({key: value for key, value in values.items() if key in config})

    plan = plan_with_config("production", edit)
    return values, plan, diff_between(production_plan, plan)


def leaked(values: dict[str, str], text: str) -> list[str]:
    return [key for key, value in values.items() if value in text]


def test_the_committed_plan_form_holds_no_planted_secret(planted):
    values, plan, _diff = planted
    assert not leaked(values, dumps(plans_document([plan], reviewed=True)))


def test_the_diff_and_the_job_summary_hold_no_planted_secret(planted):
    values, _plan, diff = planted
    assert not leaked(values, render_diff(diff) + render_markdown(diff))


def test_the_pr_comment_and_the_gate_hold_no_planted_secret(planted):
    values, _plan, diff = planted
    verdicts = [
        Violation(diff.stack, "myapp-security", "0.1.0", "secret-handling", "", SECRET_MASK, "advisory", change.urn)
        for change in diff.changes
    ]
    assert not leaked(values, render_comment(diff, evaluate(diff, confirmed=False), verdicts) + evaluate(diff, False).message())


def test_a_changed_secret_shows_as_changed_yet_masked(planted):
    _values, _plan, diff = planted
    variable = next(c for c in diff.changes if c.name == "myapp-frontend-env-NEXT_PUBLIC_SUPABASE_ANON_KEY")
    assert (variable.action, variable.properties) == (UPDATE, (PropertyChange("value", SECRET_MASK, SECRET_MASK),))
