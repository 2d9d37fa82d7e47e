"""Each misconfiguration is caught by the policy that owns it, with a message naming the
resource, the property, the (masked) value and the fix; each good variation passes."""

import re

import pytest

from .corpus import GOOD_VARIATIONS, MISCONFIGURATIONS

# A secret-shaped run of characters: if one shows up in a message, a value leaked.
_SECRET_SHAPED = re.compile(r"(sk|rk)_(live|test)_[0-9A-Za-z]{6,}|whsec_\w{6,}|SG\.\w{6,}|eyJ[\w-]{6,}|PRIVATE KEY-----\n")


@pytest.fixture(scope="module")
def clean(check, stacks):
    """What the unchanged stacks report (nothing, when test_stacks_pass passes)."""
    return {stack: {(v.policy, v.urn, v.message) for v in check(stack, resources)} for stack, resources in stacks.items()}


def _new_violations(check, stacks, clean, case):
    before = clean[case.stack]
    after = check(case.stack, case.apply(list(stacks[case.stack])))
    return [v for v in after if (v.policy, v.urn, v.message) not in before]


def test_every_policy_of_the_pack_has_a_misconfiguration_that_trips_it(pack):
    covered = {policy for case in MISCONFIGURATIONS for policy in case.policies}
    assert covered == set(pack.info.policies), f"policies without a misconfiguration: {set(pack.info.policies) - covered}"


@pytest.mark.parametrize("case", MISCONFIGURATIONS, ids=str)
def test_the_misconfiguration_is_caught_by_its_policy(check, stacks, clean, case):
    found = _new_violations(check, stacks, clean, case)
    assert {v.policy for v in found} == case.policies, f"{case.id}: reported by {[(v.policy, v.message) for v in found]}"
    for violation in found:
        assert violation.enforcement_level == "mandatory", f"{case.id}: {violation.urn} is {violation.enforcement_level}"
        assert "Fix: " in violation.message, f"{case.id}: no fix in: {violation.message}"
        if "::pulumi:pulumi:Stack::" not in violation.urn:  # a stack-wide violation has no resource to name
            name = violation.urn.rsplit("::", 1)[-1]
            assert f'"{name}"' in violation.message, f"{case.id}: {name} not named in: {violation.message}"
        assert not _SECRET_SHAPED.search(violation.message), f"{case.id}: a secret leaked into: {violation.message}"
    messages = "\n".join(v.message for v in found)
    for fragment in case.says:
        assert fragment in messages, f"{case.id}: {fragment!r} not in:\n{messages}"


@pytest.mark.parametrize("case", GOOD_VARIATIONS, ids=str)
def test_the_good_variation_passes(check, stacks, clean, case):
    found = _new_violations(check, stacks, clean, case)
    assert not found, f"{case.id}: flagged {[(v.policy, v.message) for v in found]}"
