"""`python -m infra.plan`: the offline plan of one or more stacks with their policy verdicts,
as a tree or as JSON; with `--diff`, what changed against the reviewed plans (or a deployed
state); with `--update-plans`, the reviewed plans rewritten.

Exit codes: 0 clean, 1 a mandatory policy violation, 2 bad config or arguments."""

from __future__ import annotations

import argparse
import sys

from infra.config import ConfigError

from .analyzer import PolicyCheckError, check_stacks
from .baselines import add_source_arguments, diffs_from_arguments, selected_stacks
from .diff import render_diff, render_markdown
from .render import print_plans
from .reviewed import PLAN_FORMAT, dumps, plans_document, write_plan
from .runner import plan_stack
from .stack_files import REPO_ROOT


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m infra.plan",
        description="Show what `pulumi preview` would declare for each stack, offline: no credentials, no CLI, no network.",
    )
    parser.add_argument("stacks", nargs="*", metavar="STACK", help="stack names, or 'all' (default: all)")
    parser.add_argument(
        "--json",
        action="store_true",
        help=f"print the machine-readable form ({PLAN_FORMAT}, documented in README under 'The offline plan')",
    )
    parser.add_argument(
        "--diff", action="store_true", help="print what changed, like `pulumi preview --diff` (against plans/ unless told otherwise)"
    )
    parser.add_argument("--markdown", action="store_true", help="with --diff: print it as a job-summary section")
    parser.add_argument(
        "--no-policy", action="store_true", help="skip the policy pack (it runs by default, as `--policy-pack policies` would)"
    )
    parser.add_argument("--update-plans", action="store_true", help="rewrite plans/<stack>.json, the reviewed plans (`make plan-update`)")
    add_source_arguments(parser)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.diff or args.against or args.state or args.preview_json:
        return print_diffs(args)
    try:
        plans = [plan_stack(stack) for stack in selected_stacks(args.stacks)]
    except ConfigError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if args.update_plans:
        for plan in plans:
            print(f"wrote {write_plan(plan).relative_to(REPO_ROOT)}")
        return 0
    if args.json:
        print(dumps(plans_document(plans)), end="")
    else:
        print_plans(plans)
    return 0 if args.no_policy else policy_verdict(plans, json_output=args.json)


def policy_verdict(plans, json_output: bool) -> int:
    """The verdicts go to stdout after the tree, or to stderr when stdout carries JSON."""
    try:
        return check_stacks(plans, out=sys.stderr if json_output else sys.stdout).exit_code
    except PolicyCheckError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2


def print_diffs(args: argparse.Namespace) -> int:
    diffs = diffs_from_arguments(args)
    if diffs is None:
        return 2
    render = render_markdown if args.markdown else render_diff
    print("\n\n".join(render(diff) for diff in diffs))
    return 0
