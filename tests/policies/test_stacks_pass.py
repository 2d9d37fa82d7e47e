"""Both real stacks, as the program declares them, pass the pack with zero violations."""

import pytest

from .conftest import STACKS


def _listed(violations) -> str:
    return "\n".join(f"{v.policy} [{v.enforcement_level}] {v.urn}\n  {v.message}" for v in violations)


@pytest.mark.parametrize("stack", STACKS)
def test_the_real_stack_has_no_violations(check, plans, stack):
    violations = check(stack, plans[stack].resources)
    assert not violations, f"stack {stack} violates:\n{_listed(violations)}"


@pytest.mark.parametrize("stack", STACKS)
def test_the_stack_with_stand_ins_has_no_violations(check, stacks, stack):
    violations = check(stack, stacks[stack])
    assert not violations, f"stack {stack} violates:\n{_listed(violations)}"
