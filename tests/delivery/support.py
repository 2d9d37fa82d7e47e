"""Builders for the delivery tests: a stack planned with its config changed in memory, and its
diff against the stack as it stands.

The stack files are never edited: a builder reads one (`read_stack_file`), changes the config it
holds, and runs the real program under the mocks once. The "before" side is the session's plan
of the unchanged stack (`production_plan`, `staging_plan`), not the committed plans, which other
work in progress may have left stale. Each extra plan costs about a second: keep them few.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from infra.plan import StackPlan
from infra.plan.diff import StackDiff, diff_stack
from infra.plan.reviewed import reviewed_document
from tests.planning import plan_edited

REPO_ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = Path(__file__).parent / "data"
NAMESPACE = "myapp-infra"

ConfigEdit = Callable[[dict[str, Any]], None]


def plan_with_config(stack: str, edit: ConfigEdit) -> StackPlan:
    """`stack` planned after `edit` changed its decoded config in place (`tests.planning`)."""
    return plan_edited(stack, edit)


def diff_between(before: StackPlan, after: StackPlan) -> StackDiff:
    return diff_stack(reviewed_document(before), reviewed_document(after), f"the {before.stack} stack as configured")
