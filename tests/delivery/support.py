"""Builders for the delivery tests: a stack planned with its config changed in memory, and its
diff against the stack as it stands.

The stack files are never edited: a builder reads one (`read_stack_file`), changes the config it
holds, and runs the real program under the mocks once. The "before" side is the session's plan
of the unchanged stack (`production_plan`, `staging_plan`), not the committed plans, which other
work in progress may have left stale. Each extra plan costs about a second: keep them few.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from infra.config import load_from_pulumi
from infra.plan import StackPlan
from infra.plan.diff import StackDiff, diff_stack
from infra.plan.recorder import record_program
from infra.plan.reviewed import reviewed_document
from infra.plan.stack_files import read_stack_file
from infra.stack import build_stack

REPO_ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = Path(__file__).parent / "data"
NAMESPACE = "myapp-infra"

ConfigEdit = Callable[[dict[str, Any]], None]


def plan_with_config(stack: str, edit: ConfigEdit) -> StackPlan:
    """`stack` planned after `edit` changed its config, given as decoded values by full key
    (`myapp-infra:frontend` -> dict); the edit mutates that dict in place."""
    stack_file = read_stack_file(stack)
    decoded = {key: _decoded(value) for key, value in stack_file.config.items()}
    edit(decoded)
    encoded = {key: value if isinstance(value, str) else json.dumps(value) for key, value in decoded.items()}
    return record_program(replace(stack_file, config=encoded), lambda: build_stack(load_from_pulumi()))


def diff_between(before: StackPlan, after: StackPlan) -> StackDiff:
    return diff_stack(reviewed_document(before), reviewed_document(after), f"the {before.stack} stack as configured")


def _decoded(value: str) -> Any:
    return json.loads(value) if value[:1] in ("{", "[") else value
