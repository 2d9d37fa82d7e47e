"""The destructive-change gate: a plan that deletes or replaces a production resource, or any
protected one, fails the delivery job until someone confirms it on purpose.

Confirmation is the pull request label `confirm-destructive`, or the deploy workflow's
`confirm-destructive` input when it is run by hand. The gate reads a `StackDiff`, so it judges
the offline plan diff, a diff against a deployed state, and a real `pulumi preview --json` alike.

    python -m infra.plan.gate [STACK...|all] [--against PATH | --state FILE | --preview-json FILE] --confirmed true|false

Exit status 0 when every stack passes, 1 when one is blocked, 2 when a plan cannot be made.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass

from .diff import DELETE, REPLACE, ResourceChange, StackDiff

PRODUCTION_STACKS = frozenset({"production"})
CONFIRM_LABEL = "confirm-destructive"
HOW_TO_CONFIRM = (
    f"to go ahead on purpose, add the label `{CONFIRM_LABEL}` to the pull request, "
    f"or run the deploy workflow by hand with the input `{CONFIRM_LABEL}: true`"
)


@dataclass(frozen=True)
class GateVerdict:
    stack: str
    destructive: tuple[ResourceChange, ...]
    confirmed: bool

    @property
    def blocked(self) -> bool:
        return bool(self.destructive) and not self.confirmed

    def headline(self) -> str:
        if not self.destructive:
            return f"{self.stack}: no production or protected resource is deleted or replaced."
        count = len(self.destructive)
        what = f"{self.stack}: this plan deletes or replaces {count} {'production' if self.stack in PRODUCTION_STACKS else 'protected'} resource{'s' if count != 1 else ''}"
        if self.confirmed:
            return f"{what}; confirmed with `{CONFIRM_LABEL}`."
        return f"{what}: blocked until confirmed ({HOW_TO_CONFIRM})."

    def details(self) -> list[str]:
        return [describe(change) for change in self.destructive]

    def message(self) -> str:
        return "\n".join([self.headline(), *(f"  {line}" for line in self.details())])


def destructive_changes(diff: StackDiff) -> tuple[ResourceChange, ...]:
    """Deletes and replaces the gate stops: all of them in production, protected ones anywhere."""
    in_production = diff.stack in PRODUCTION_STACKS
    return tuple(change for change in diff.changes if change.action in (DELETE, REPLACE) and (in_production or change.protected))


def evaluate(diff: StackDiff, confirmed: bool) -> GateVerdict:
    return GateVerdict(diff.stack, destructive_changes(diff), confirmed)


def describe(change: ResourceChange) -> str:
    text = f"{change.symbol} {change.type} {change.name} ({change.action}"
    if change.replace_reasons:
        text += f" because {', '.join(change.replace_reasons)} changed"
    if change.follows:
        text += f": it holds the id of {', '.join(change.follows)}, replaced too"
    text += ")"
    if change.protected:
        text += f"; protected: `pulumi up` refuses it until `pulumi state unprotect '{change.urn}'`"
    return text


def parse_bool(text: str) -> bool:
    if text.lower() in ("true", "1", "yes"):
        return True
    if text.lower() in ("false", "0", "no", ""):
        return False
    raise argparse.ArgumentTypeError(f"expected true or false, got {text!r}")


def main(argv: list[str] | None = None) -> int:
    from .baselines import add_source_arguments, diffs_from_arguments

    parser = argparse.ArgumentParser(prog="python -m infra.plan.gate", description=__doc__.split("\n\n")[0])
    parser.add_argument("stacks", nargs="*", metavar="STACK", help="stack names, or 'all' (default: all)")
    add_source_arguments(parser)
    parser.add_argument(
        "--confirmed", type=parse_bool, default=False, metavar="true|false", help=f"the change was confirmed ({CONFIRM_LABEL})"
    )
    args = parser.parse_args(argv)
    diffs = diffs_from_arguments(args)
    if diffs is None:
        return 2
    verdicts = [evaluate(diff, args.confirmed) for diff in diffs]
    for verdict in verdicts:
        print(verdict.message())
    return 1 if any(verdict.blocked for verdict in verdicts) else 0


if __name__ == "__main__":
    sys.exit(main())
