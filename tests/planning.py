"""The one way the tests plan a stack with edited config: `plan_edited(stack, changes)`.

`changes` maps full config keys (`myapp-infra:backend`) to decoded values (a dict for a section,
None to remove the key), or is a function that edits the decoded config in place. The program is
the real one (`build_stack(load_from_pulumi())`) unless a test gives another.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

from infra.config import load_from_pulumi
from infra.plan import StackPlan
from infra.plan.recorder import record_program
from infra.plan.stack_files import StackFile, available_stacks, read_stack_file
from infra.stack import build_stack

Changes = Mapping[str, Any] | Callable[[dict[str, Any]], None]
# Every stack with a `Pulumi.<stack>.yaml`: a new environment is covered by adding its file.
STACKS = tuple(available_stacks())


def the_program() -> None:
    build_stack(load_from_pulumi())


def edited_stack_file(stack: str | StackFile, changes: Changes) -> StackFile:
    stack_file = read_stack_file(stack) if isinstance(stack, str) else stack
    decoded = {key: _decoded(value) for key, value in stack_file.config.items()}
    if callable(changes):
        changes(decoded)
    else:
        decoded.update(changes)
    encoded = {key: value if isinstance(value, str) else json.dumps(value) for key, value in decoded.items() if value is not None}
    return replace(stack_file, config=encoded)


def plan_edited(stack: str | StackFile, changes: Changes, program: Callable[[], None] = the_program) -> StackPlan:
    return record_program(edited_stack_file(stack, changes), program)


def _decoded(value: str) -> Any:
    """A section (an object or a list) decoded; a plain value as the stack file holds it."""
    return json.loads(value) if value[:1] in ("{", "[") else value
