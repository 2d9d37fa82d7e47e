"""The offline plan: the real program under Pulumi's mocks, recorded, rendered and checked."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .model import PlannedResource, StackPlan, masked, revealed

if TYPE_CHECKING:
    from .runner import plan_stack

__all__ = ["PlannedResource", "StackPlan", "masked", "plan_stack", "revealed"]


def __getattr__(name: str) -> Any:
    # Planning imports the program and the providers' SDKs (seconds); modules that only read
    # plans (the policy check, the diff) must not pay for that.
    if name == "plan_stack":
        from .runner import plan_stack

        return plan_stack
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
