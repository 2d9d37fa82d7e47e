"""`python -m infra.status`: render, write or check the status document of one or more stacks."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from infra.config import ConfigError
from infra.plan.stack_files import available_stacks

from .document import REGENERATE, committed_path, render_status
from .live import LiveDataError, LiveState, load_live
from .sources import declare_stack


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m infra.status",
        description="The deployment status document of each stack, from its config and offline plan "
        "(declared), plus Pulumi's outputs and history when given (deployed).",
    )
    parser.add_argument("stacks", nargs="*", metavar="STACK", help="stack names, or 'all' (default: all)")
    parser.add_argument("--outputs", type=Path, metavar="FILE", help="`pulumi stack output --json` of the one stack named")
    parser.add_argument("--history", type=Path, metavar="FILE", help="`pulumi stack history --json` of the one stack named")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--write", action="store_true", help="write docs/status/<stack>.md instead of printing")
    mode.add_argument("--check", action="store_true", help="exit 1 if a committed docs/status/<stack>.md is stale")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    stacks = available_stacks() if args.stacks in ([], ["all"]) else args.stacks
    live_given = args.outputs is not None or args.history is not None
    if live_given and len(stacks) != 1:
        return _usage_error("--outputs and --history describe one stack: name exactly one")
    if live_given and (args.write or args.check):
        return _usage_error(
            "docs/status/ holds the declared view only, which tests keep fresh; print the live view "
            "instead (drop --write), e.g. into the deploy job's summary"
        )
    try:
        live = load_live(stacks[0], args.outputs, args.history) if live_given else LiveState()
        documents = {stack: render_status(declare_stack(stack), live) for stack in stacks}
    except (ConfigError, LiveDataError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if args.check:
        return _check(documents)
    if args.write:
        for stack, text in documents.items():
            path = committed_path(stack)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
            print(f"wrote {path.relative_to(path.parents[2])}")
        return 0
    print("\n\n".join(documents.values()), end="")
    return 0


def _check(documents: dict[str, str]) -> int:
    stale = [stack for stack, text in documents.items() if not _matches(committed_path(stack), text)]
    for stack in stale:
        print(f"docs/status/{stack}.md is stale: run `{REGENERATE}` and commit the result", file=sys.stderr)
    return 1 if stale else 0


def _matches(path: Path, text: str) -> bool:
    return path.is_file() and path.read_text() == text


def _usage_error(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return 2
