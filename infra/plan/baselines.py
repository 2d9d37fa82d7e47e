"""Where a diff's "before" comes from, for every command that shows one:

- the committed plans (`plans/<stack>.json`, the default), or another plan file or directory
  (`--against`: in CI, the base branch's plans, to show what a pull request changes);
- a deployed state (`--state FILE`, from `pulumi stack export`);
- a real preview (`--preview-json FILE`, from `pulumi preview --json`), which is already a diff.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from infra.config import ConfigError

from .diff import StackDiff, diff_stack
from .preview_json import diff_from_preview, read_preview_digest
from .reviewed import PLANS_DIR, PlanFileError, plan_path, read_plan_file, reviewed_document
from .runner import plan_stack
from .stack_files import REPO_ROOT, available_stacks
from .state_export import StateExportError, read_state_export

ONE_STACK_SOURCES = ("state", "preview_json")


def add_source_arguments(parser: argparse.ArgumentParser) -> None:
    source = parser.add_mutually_exclusive_group()
    source.add_argument(
        "--against", type=Path, metavar="PATH", help="plan file, or directory of <stack>.json plans, to compare against (default: plans/)"
    )
    source.add_argument(
        "--state",
        type=Path,
        metavar="FILE",
        help="compare against a deployed state: `pulumi stack export --stack STACK --file FILE` (one stack)",
    )
    source.add_argument("--preview-json", type=Path, metavar="FILE", help="read the diff of a real `pulumi preview --json` (one stack)")
    parser.add_argument("--label", metavar="TEXT", help="how summaries name what is compared against (e.g. 'plans/ of main')")


def selected_stacks(names: list[str]) -> list[str]:
    return available_stacks() if not names or names == ["all"] else names


def diffs_from_arguments(args: argparse.Namespace) -> list[StackDiff] | None:
    """One diff per selected stack; None (after saying why on stderr) when one cannot be made."""
    stacks = selected_stacks(args.stacks)
    one_stack_source = next((name for name in ONE_STACK_SOURCES if getattr(args, name, None)), None)
    if one_stack_source and len(stacks) != 1:
        print(
            f"error: --{one_stack_source.replace('_', '-')} describes one stack: name exactly one (got {', '.join(stacks)})",
            file=sys.stderr,
        )
        return None
    try:
        if getattr(args, "preview_json", None):
            digest = read_preview_digest(args.preview_json, stacks[0])
            return [diff_from_preview(digest, stacks[0], args.label or "the deployed state (pulumi preview)")]
        return [stack_diff(stack, against=args.against, state=args.state, label=args.label) for stack in stacks]
    except (ConfigError, StateExportError, ValueError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return None


def stack_diff(stack: str, against: Path | None = None, state: Path | None = None, label: str | None = None) -> StackDiff:
    """The program's plan of `stack` against its "before"; the "before" is read first, so that a
    wrong file is refused before the program runs."""
    if state is not None:
        deployed = read_state_export(state, stack)
        return diff_stack(deployed, _desired(stack), label or f"the deployed state ({state.name})", compare_unset=False)
    if against is not None and not against.exists():
        raise PlanFileError(
            f"{against}: no such file or directory: give a plan file (`make plan STACK={stack} ARGS=--json`) or a directory of <stack>.json plans"
        )
    source = against or PLANS_DIR
    path = plan_path(stack, source) if source.is_dir() or source == PLANS_DIR else source
    before = read_plan_file(path, stack)
    label = label or _shown(path)
    return diff_stack(before, _desired(stack), label if before is not None else f"{label} (absent: every resource is new)")


def _desired(stack: str) -> dict:
    return reviewed_document(plan_stack(stack))


def _shown(path: Path) -> str:
    """A path as people should read it in a summary: relative to the checkout, never absolute."""
    resolved = path.resolve()
    return str(resolved.relative_to(REPO_ROOT)) if resolved.is_relative_to(REPO_ROOT) else path.name
