"""Plans a stack of this project offline: its stack file, the real program, Pulumi's mocks."""

from __future__ import annotations

from infra.config import load_from_pulumi
from infra.stack import build_stack

from .model import StackPlan
from .recorder import record_program
from .stack_files import read_stack_file


def plan_stack(stack: str) -> StackPlan:
    """What `pulumi preview` of `stack` would declare, with secrets as marked placeholders.

    Raises `ConfigError` (every problem at once) before any resource is declared."""
    return record_program(read_stack_file(stack), lambda: build_stack(load_from_pulumi()))
