"""`make plan STACK=x ARGS=--diff`: a config change shows up as exactly the resources and
properties it changes, marked like `pulumi preview --diff` marks them, and nothing else."""

from __future__ import annotations

import subprocess
import sys

import pytest

from infra.plan.diff import CREATE, DELETE, UPDATE, PropertyChange, diff_stack, render_diff
from infra.plan.model import SECRET_MASK, revealed
from infra.plan.reviewed import dumps, plans_document, reviewed_document
from tests.delivery.support import NAMESPACE, REPO_ROOT, diff_between, plan_with_config

OLD_SUPABASE_URL = "https://xxxxx.supabase.co"
NEW_SUPABASE_URL = "https://yyyyy.supabase.co"
STAGING_DOMAIN = "staging.myapp.com"


def actions(diff) -> set[tuple[str, str]]:
    return {(change.action, change.name) for change in diff.changes}


def carriers(plan, text: str) -> set[str]:
    """Names of the resources whose inputs hold `text` (secrets looked into: in-process only)."""
    return {r.name for r in plan.resources if text in str(revealed(r.inputs))}


def marker_lines(rendered: str) -> list[str]:
    """The `+`/`~`/`-`/`=`/`+-` lines of a rendered diff, before its totals."""
    body = rendered.split("\nResources:")[0]
    return [line.strip() for line in body.splitlines() if line.strip()[:1] in ("+", "~", "-", "=")]


@pytest.fixture(scope="module")
def frame_options_diff(staging_plan):
    def edit(config):
        config[f"{NAMESPACE}:securityHeaders"] = {"frameOptions": "SAMEORIGIN"}

    return diff_between(staging_plan, plan_with_config("staging", edit))


@pytest.fixture(scope="module")
def supabase_url_diff(staging_plan):
    def edit(config):
        config[f"{NAMESPACE}:supabase"]["url"] = NEW_SUPABASE_URL

    return diff_between(staging_plan, plan_with_config("staging", edit))


@pytest.fixture(scope="module")
def replicas_diff(staging_plan):
    def edit(config):
        config[f"{NAMESPACE}:backend"]["replicas"] = 3

    return diff_between(staging_plan, plan_with_config("staging", edit))


@pytest.fixture(scope="module")
def domain_plan(staging_plan):
    def edit(config):
        config[f"{NAMESPACE}:frontend"]["domain"] = STAGING_DOMAIN

    return plan_with_config("staging", edit)


def test_a_changed_header_value_updates_only_the_headers_route_and_only_that_header(frame_options_diff):
    assert actions(frame_options_diff) == {(UPDATE, "myapp-frontend-security-headers")}, render_diff(frame_options_diff)
    (change,) = frame_options_diff.changes
    assert change.properties == (PropertyChange("route.headers.X-Frame-Options", "DENY", "SAMEORIGIN"),)
    assert not frame_options_diff.outputs


def test_a_changed_header_prints_one_update_line_and_one_property_line(frame_options_diff):
    assert marker_lines(render_diff(frame_options_diff)) == [
        "~  vercel:index/projectRoute:ProjectRoute: (update)",
        '~ route.headers.X-Frame-Options: "DENY" => "SAMEORIGIN"',
    ]


def test_a_changed_variable_updates_exactly_the_resources_that_carry_it(staging_plan, supabase_url_diff):
    expected = carriers(staging_plan, OLD_SUPABASE_URL)
    assert "myapp-frontend-env-NEXT_PUBLIC_SUPABASE_URL" in expected
    assert actions(supabase_url_diff) == {(UPDATE, name) for name in expected}, render_diff(supabase_url_diff)


def test_a_changed_value_the_provider_keeps_secret_shows_as_a_masked_change(supabase_url_diff):
    variable = next(c for c in supabase_url_diff.changes if c.name == "myapp-frontend-env-NEXT_PUBLIC_SUPABASE_URL")
    assert variable.properties == (PropertyChange("value", SECRET_MASK, SECRET_MASK),)


def test_a_changed_replica_count_updates_only_the_railway_service_instance_in_place(replicas_diff):
    assert actions(replicas_diff) == {(UPDATE, "myapp-backend-instance")}, render_diff(replicas_diff)
    (change,) = replicas_diff.changes
    assert change.properties == (PropertyChange("numReplicas", 1, 3),)


def test_a_new_domain_creates_its_domain_resource_and_changes_the_frontend_url(staging_plan, domain_plan):
    diff = diff_between(staging_plan, domain_plan)
    updated = {(UPDATE, name) for name in carriers(staging_plan, "myapp-staging.vercel.app")}
    assert actions(diff) == {(CREATE, f"myapp-frontend-domain-{STAGING_DOMAIN}")} | updated, render_diff(diff)
    assert diff.outputs == (PropertyChange("frontendUrl", "https://myapp-staging.vercel.app", f"https://{STAGING_DOMAIN}"),)


def test_a_removed_domain_deletes_its_domain_resource(staging_plan, domain_plan):
    diff = diff_between(domain_plan, staging_plan)
    deleted = [c for c in diff.changes if c.action == DELETE]
    assert [c.name for c in deleted] == [f"myapp-frontend-domain-{STAGING_DOMAIN}"], render_diff(diff)
    assert "-  vercel:index/projectDomain:ProjectDomain: (delete)" in marker_lines(render_diff(diff))


def test_an_unchanged_stack_prints_no_changes(production_plan):
    document = reviewed_document(production_plan)
    rendered = render_diff(diff_stack(document, document, "plans/production.json"))
    assert rendered.startswith("production: no changes against plans/production.json")


def test_the_diff_command_compares_against_a_plans_directory(staging_plan, tmp_path):
    (tmp_path / "staging.json").write_text(dumps(plans_document([staging_plan], reviewed=True)))
    result = subprocess.run(
        [sys.executable, "-m", "infra.plan", "staging", "--diff", "--against", str(tmp_path), "--label", "the base branch"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "HOME": "/nonexistent"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"staging: no changes against the base branch ({len(staging_plan.resources)} resources unchanged)."
