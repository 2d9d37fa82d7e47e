"""Shared fixtures: each real stack is planned once per test session, never per test.

Planning imports the providers' SDKs (seconds for pulumi_cloudflare) and runs the whole
program under Pulumi's mocks, so tests share the two plans and read them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from infra.plan import StackPlan, plan_stack

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED_DIR = REPO_ROOT.parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED_DIR.is_dir():
        pytest.fail(f"reference data not found at {SHARED_DIR}: clone the repository with ../shared beside it")
    return SHARED_DIR


@pytest.fixture(scope="session")
def production_plan() -> StackPlan:
    return plan_stack("production")


@pytest.fixture(scope="session")
def staging_plan() -> StackPlan:
    return plan_stack("staging")


@pytest.fixture(scope="session", params=["production", "staging"])
def stack_plan(request, production_plan, staging_plan) -> StackPlan:
    """Each real stack in turn, for properties every stack must have."""
    return {"production": production_plan, "staging": staging_plan}[request.param]
