"""One policy pack process for the whole session, started as the engine starts it; the real
stacks come from the session-wide plans of tests/conftest.py (planned once, never per test)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from infra.plan.analyzer import (
    POLICY_PACK_DIR,
    PolicyPackSession,
    Violation,
    config_file_for,
    read_config_file,
    reconcile,
)
from infra.plan.model import PlannedResource, StackPlan

STACKS = ("production", "staging")
Check = Callable[[str, Sequence[PlannedResource]], list[Violation]]


@pytest.fixture(scope="session")
def pack():
    with PolicyPackSession(POLICY_PACK_DIR) as session:
        yield session


@pytest.fixture(scope="session")
def plans(production_plan, staging_plan) -> dict[str, StackPlan]:
    return {"production": production_plan, "staging": staging_plan}


@pytest.fixture(scope="session")
def stacks(plans) -> dict[str, list[PlannedResource]]:
    """Each real stack's resources, as the offline plan declares them."""
    return {stack: list(plan.resources) for stack, plan in plans.items()}


@pytest.fixture(scope="session")
def check(pack, plans) -> Check:
    """Violations the pack reports for `resources` of `stack`, under the stack's pack config."""
    configs = {stack: reconcile(pack.info, read_config_file(_config_file(stack)), f"policies/config/{stack}.json") for stack in STACKS}

    def run(stack: str, resources: Sequence[PlannedResource]) -> list[Violation]:
        return pack.analyze(stack, plans[stack].project, list(resources), configs[stack])

    return run


def _config_file(stack: str) -> Path:
    """Every real stack has its pack config; `config_file_for` says None only for a stack without one."""
    path = config_file_for(stack)
    assert path is not None, f"policies/config/{stack}.json is missing"
    return path
