"""`python -m infra.plan`: the offline plan of one or more stacks, as a tree or as JSON."""

from __future__ import annotations

import argparse
import json
import sys

from infra.config import ConfigError

from .render import render_plan
from .runner import plan_stack
from .stack_files import available_stacks

PLAN_FORMAT = "myapp-infra/plan@1"


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m infra.plan",
        description="Show what `pulumi preview` would declare for each stack, offline: no credentials, no CLI, no network.",
    )
    parser.add_argument("stacks", nargs="*", metavar="STACK", help="stack names, or 'all' (default: all)")
    parser.add_argument("--json", action="store_true", help=f"print the machine-readable form ({PLAN_FORMAT}, see docs/plan-format.md)")
    return parser.parse_args(argv)


def selected_stacks(names: list[str]) -> list[str]:
    known = available_stacks()
    if not names or names == ["all"]:
        return known
    return names


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        plans = [plan_stack(stack) for stack in selected_stacks(args.stacks)]
    except ConfigError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps({"format": PLAN_FORMAT, "stacks": [plan.to_json() for plan in plans]}, indent=2, sort_keys=True))
    else:
        print("\n\n".join(render_plan(plan) for plan in plans))
    return 0
