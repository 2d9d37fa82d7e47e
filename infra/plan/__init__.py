"""The offline plan: the real program under Pulumi's mocks, recorded, rendered and checked."""

from .model import PlannedResource, StackPlan, masked, revealed
from .runner import plan_stack

__all__ = ["PlannedResource", "StackPlan", "masked", "plan_stack", "revealed"]
