"""The declared side of a status document: a stack's typed config and its offline plan.

Both come from the stack file, read as the CLI reads it, so the document can only say what
the config and the program say. The `Redactor` is the one way a plan value reaches the page.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from infra.config import StackConfig, load_from_pulumi, load_stack_config
from infra.nested import KEEP, transformed
from infra.plan import StackPlan, masked, revealed
from infra.plan.model import SECRET_MASK, UNKNOWN_MASK
from infra.plan.recorder import record_program
from infra.plan.stack_files import StackFile, read_stack_file
from infra.stack import build_stack

# Shorter values would match by accident (an empty or one-letter secret is refused anyway).
_MIN_SECRET_LENGTH = 8
# A value the platform assigns on create (an id, a DNS target): what a preview cannot know.
KNOWN_AFTER_APPLY = "known after apply"


class Redactor:
    """Masks secrets in values shown to people, by two tests: the wire form marks the value
    secret, or its text contains the value of a secret config key (a secret that lost its
    mark on the way, e.g. interpolated into a plain string, is still caught)."""

    def __init__(self, secret_values: Mapping[str, str]):
        self._by_value = {value: key for key, value in secret_values.items() if len(value) >= _MIN_SECRET_LENGTH}

    def shown(self, wire_value: Any) -> Any:
        """`wire_value` as it may appear in the document."""
        return self._scrub(masked(wire_value))

    def secret_source(self, wire_value: Any) -> str | None:
        """The secret config key `wire_value` carries, if it carries one."""
        found = [key for value, key in self._by_value.items() if value in str(revealed(wire_value))]
        return min(found) if found else None

    def _scrub(self, value: Any) -> Any:
        def leaf(scalar: Any) -> Any:
            if isinstance(scalar, str) and any(secret in scalar for secret in self._by_value):
                return SECRET_MASK
            return scalar

        return transformed(value, leaf=leaf, node=lambda item: KNOWN_AFTER_APPLY if item == UNKNOWN_MASK else KEEP)


@dataclass(frozen=True)
class Declared:
    stack: str
    config: StackConfig
    plan: StackPlan
    redactor: Redactor


def declare(stack_file: StackFile, plan: StackPlan | None = None) -> Declared:
    """The config and plan of `stack_file`; `plan` reuses a plan already made from the same file.

    Planning here, the config is the one the program itself loaded: read and checked once."""
    if plan is None:
        loaded: list[StackConfig] = []

        def program() -> None:
            loaded.append(load_from_pulumi())
            build_stack(loaded[0])

        plan = record_program(stack_file, program)
        config = loaded[0]
    else:
        config = load_stack_config(stack_file.stack, stack_file.config, set(stack_file.secret_keys))
    secrets = {key: stack_file.config[key] for key in stack_file.secret_keys if key in stack_file.config}
    return Declared(stack_file.stack, config, plan, Redactor(secrets))


def declare_stack(stack: str, plan: StackPlan | None = None) -> Declared:
    return declare(read_stack_file(stack), plan)
