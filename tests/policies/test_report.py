"""The offline check prints violations grouped as `pulumi preview` does and fails only on
mandatory ones."""

import dataclasses
import io
from pathlib import Path

from infra.plan.analyzer import PolicyVerdict, Violation, check_stacks

from .corpus import HSTS, set_header

ROUTE_URN = (
    "urn:pulumi:production::myapp-infra::myapp:vercel:Frontend$vercel:index/projectRoute:ProjectRoute::myapp-frontend-security-headers"
)


def test_the_check_prints_each_violation_under_its_stack_pack_and_policy_and_fails(plans):
    production = plans["production"]
    broken = dataclasses.replace(
        production, resources=tuple(set_header(HSTS, "max-age=300; includeSubDomains")(list(production.resources)))
    )
    out = io.StringIO()
    verdict = check_stacks([broken, plans["staging"]], out=out)
    text = out.getvalue()
    assert verdict.exit_code == 1 and [v.policy for v in verdict.mandatory] == ["hsts-header"]
    assert "Policies (production):\n    ❌ myapp-security@v0.1.0 (local: policies, config production.json)\n" in text
    assert "        - [mandatory]  hsts-header  (vercel:index/projectRoute:ProjectRoute: myapp-frontend-security-headers)\n" in text
    assert "max-age 300 is under the required 31536000 seconds" in text
    assert f"          urn: {ROUTE_URN}" in text
    assert "Policies (staging):\n    ✅ myapp-security@v0.1.0" in text
    assert text.rstrip().endswith("1 mandatory, 0 advisory violation(s): FAILED: mandatory violations block `pulumi up`.")


def _violation(level: str) -> Violation:
    return Violation("staging", "myapp-security", "0.1.0", "resource-protection", "d", "d\nmessage", level, ROUTE_URN)


def test_advisory_violations_are_shown_but_do_not_fail_the_check():
    verdict = PolicyVerdict("myapp-security", "0.1.0", Path("policies"), ("staging",), {}, (_violation("advisory"),))
    assert (verdict.passed, verdict.exit_code) == (True, 0)
    assert "⚠️  myapp-security@v0.1.0" in verdict.render()
    assert "- [advisory]  resource-protection" in verdict.render()


def test_mandatory_violations_come_before_advisories():
    verdict = PolicyVerdict(
        "myapp-security", "0.1.0", Path("policies"), ("staging",), {}, (_violation("advisory"), _violation("mandatory"))
    )
    rendered = verdict.render()
    assert rendered.index("[mandatory]") < rendered.index("[advisory]")
