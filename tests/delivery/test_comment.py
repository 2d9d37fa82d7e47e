"""The pull-request comment of a stack: found again by its marker, grouped by action, the gate
and the policy verdicts in their own sections, and never longer than GitHub accepts."""

from __future__ import annotations

import pytest

from infra.plan.analyzer.verdict import Violation
from infra.plan.comment import GITHUB_COMMENT_LIMIT, marker, render_comment
from infra.plan.diff import CREATE, DELETE, REPLACE, UPDATE, PropertyChange, ResourceChange, StackDiff
from infra.plan.gate import evaluate

PROJECT = "vercel:index/project:Project"
RECORD = "cloudflare:index/dnsRecord:DnsRecord"


def change(action, name, type_=RECORD, properties=(), protected=False):
    urn = f"urn:pulumi:production::myapp-infra::{type_}::{name}"
    return ResourceChange(action, urn, type_, name, protected=protected, properties=tuple(properties))


@pytest.fixture
def mixed_diff() -> StackDiff:
    return StackDiff(
        "production",
        "plans/production.json",
        (
            change(CREATE, "myapp-edge-dns-status"),
            change(UPDATE, "myapp-frontend-project", PROJECT, [PropertyChange("buildCommand", "npm run build", "npm run build:prod")]),
            change(REPLACE, "myapp-edge-dns-api", properties=[PropertyChange("zoneId", "a", "b", replaces=True)], protected=True),
            change(DELETE, "myapp-edge-dns-www", protected=True),
        ),
        unchanged=23,
    )


def headings(body: str) -> list[str]:
    return [line for line in body.splitlines() if line.startswith("#### ")]


def test_the_body_opens_with_the_stacks_hidden_marker(mixed_diff):
    assert render_comment(mixed_diff).startswith(marker("production") + "\n")
    assert marker("production") != marker("staging")


def test_changes_are_grouped_create_update_replace_delete_and_unchanged_resources_are_not_listed(mixed_diff):
    body = render_comment(mixed_diff, verdicts=[])
    assert headings(body) == ["#### Policy verdicts", "#### Create (1)", "#### Update (1)", "#### Replace (1)", "#### Delete (1)"]
    assert '~ buildCommand: "npm run build" => "npm run build:prod"' in body
    assert "23 resources unchanged" in body


def test_a_destructive_change_is_said_up_front_with_how_to_confirm_it(mixed_diff):
    body = render_comment(mixed_diff, evaluate(mixed_diff, confirmed=False), verdicts=[])
    caution = body.index("> [!CAUTION]")
    assert caution < body.index("#### Policy verdicts") < body.index("#### Create")
    assert "`confirm-destructive`" in body[caution : body.index("#### Policy verdicts")]
    assert "myapp-edge-dns-www" in body[caution : body.index("#### Policy verdicts")]


def test_a_confirmed_destructive_change_is_still_shown_but_as_a_warning(mixed_diff):
    body = render_comment(mixed_diff, evaluate(mixed_diff, confirmed=True), verdicts=[])
    assert "> [!WARNING]" in body and "> [!CAUTION]" not in body


def test_policy_verdicts_have_their_own_section(mixed_diff):
    verdicts = [
        Violation(
            stack="production",
            policy_pack="myapp-security",
            policy_pack_version="0.1.0",
            policy="hsts-header",
            description="",
            message="max-age is 300 | too short <b>",
            enforcement_level="mandatory",
            urn="urn:pulumi:production::myapp-infra::x::myapp-frontend-security-headers",
        )
    ]
    section = render_comment(mixed_diff, verdicts=verdicts).split("#### Policy verdicts")[1].split("####")[0]
    assert "| mandatory | `hsts-header` | myapp-frontend-security-headers | max-age is 300 \\| too short &lt;b&gt; |" in section


def test_a_policy_check_that_did_not_run_is_said_so_rather_than_shown_as_passed(mixed_diff):
    assert "did not run" in render_comment(mixed_diff, verdicts=None)
    assert "Every policy passed." in render_comment(mixed_diff, verdicts=[])


def test_a_stack_without_changes_says_so():
    body = render_comment(StackDiff("staging", "plans/staging.json", (), unchanged=8), verdicts=[])
    assert "### Plan for `staging`: no changes" in body and "#### Create" not in body


def test_a_plan_too_long_for_one_comment_is_summarised_within_the_limit_and_points_to_the_job_summary():
    long_value = "x" * 400
    changes = tuple(
        change(UPDATE, f"myapp-edge-dns-record-{index:04}", properties=[PropertyChange("content", long_value, long_value + "y")])
        for index in range(3000)
    )
    verdicts = [
        Violation("production", "myapp-security", "0.1.0", "dns-proxied", "", "m" * 300, "advisory", change.urn) for change in changes[:500]
    ]
    body = render_comment(
        StackDiff("production", "plans/production.json", changes), verdicts=verdicts, summary_url="https://github.com/o/r/actions/runs/1"
    )
    assert len(body) <= GITHUB_COMMENT_LIMIT
    assert body.startswith(marker("production"))
    assert "3000 to update" in body and "[job summary](https://github.com/o/r/actions/runs/1)" in body
    assert "…and" in body


def test_the_limit_holds_for_any_limit_asked_for(mixed_diff):
    for limit in (300, 1000, 4000):
        assert len(render_comment(mixed_diff, verdicts=[], limit=limit)) <= limit
