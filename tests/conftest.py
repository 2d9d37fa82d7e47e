"""Shared fixtures: each real stack is planned once per test session, never per test.

Planning imports the providers' SDKs (seconds for pulumi_cloudflare) and runs the whole
program under Pulumi's mocks, so tests share the two plans and read them.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest

from infra.plan import StackPlan, plan_stack
from tests.planning import STACKS

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED_DIR = REPO_ROOT.parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED_DIR.is_dir():
        pytest.fail(f"reference data not found at {SHARED_DIR}: clone the repository with ../shared beside it")
    return SHARED_DIR


@pytest.fixture(scope="session")
def planned() -> Callable[[str], StackPlan]:
    """The plan of a stack by name, made once per session."""
    return cache(plan_stack)


@pytest.fixture(scope="session")
def production_plan(planned) -> StackPlan:
    return planned("production")


@pytest.fixture(scope="session")
def staging_plan(planned) -> StackPlan:
    return planned("staging")


@pytest.fixture(scope="session", params=STACKS)
def stack_plan(request, planned) -> StackPlan:
    """Each stack in turn, for properties every stack must have."""
    return planned(request.param)
