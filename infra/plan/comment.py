"""The pull-request comment of one stack: what changes, grouped, with the policy verdicts and the
destructive-change gate up front, always within GitHub's comment size limit.

The workflow keeps one comment per stack and edits it on every push: it finds the previous one by
the hidden marker that opens the body (`marker(stack)`). The body shows only the resources that
change; a plan too long for one comment is summarised step by step (property changes left out,
then long lists cut) and points to the job summary, which holds the full text. Every value comes
from a masked diff, so no secret can reach a comment.

    python -m infra.plan.comment STACK [--against PATH | --state FILE | --preview-json FILE]
        [--policy-check] [--confirmed true|false] [--summary-url URL]
"""

from __future__ import annotations

import argparse
import sys

from .analyzer.verdict import Violation
from .diff import CREATE, DELETE, IMPORT, REPLACE, UPDATE, ResourceChange, StackDiff, fenced
from .gate import CONFIRM_LABEL, GateVerdict, evaluate, parse_bool

GITHUB_COMMENT_LIMIT = 65536  # characters in an issue or pull-request comment body
GROUPS = ((CREATE, "Create"), (UPDATE, "Update"), (REPLACE, "Replace"), (DELETE, "Delete"), (IMPORT, "Import"))
# Each attempt, until one fits: (show property changes, most resources listed per group).
ATTEMPTS = ((True, None), (False, None), (False, 200), (False, 100), (False, 50), (False, 20), (False, 5), (False, 0))


def marker(stack: str) -> str:
    return f"<!-- myapp-infra:plan:{stack} -->"


def policy_verdicts(stack: str) -> list[Violation] | None:
    """The offline policy check of `stack` (the pack `make check` runs); None if it cannot run."""
    from .analyzer.check import check_stacks
    from .analyzer.errors import PolicyCheckError
    from .runner import plan_stack

    try:
        verdict = check_stacks([plan_stack(stack)], out=None)
    except PolicyCheckError as error:
        print(f"warning: the policy check did not run: {error}", file=sys.stderr)
        return None
    return list(verdict.for_stack(stack))


def render_comment(
    diff: StackDiff,
    gate: GateVerdict | None = None,
    verdicts: list[Violation] | None = None,
    summary_url: str | None = None,
    limit: int = GITHUB_COMMENT_LIMIT,
) -> str:
    """The comment body; `verdicts` None means the policy check did not run."""
    gate = gate or evaluate(diff, confirmed=False)
    for details, items in ATTEMPTS:
        body = _compose(diff, gate, verdicts, summary_url, details, items)
        if len(body) <= limit:
            return body
    notice = f"\n\n…cut to stay within GitHub's comment size limit; {_full_text(summary_url)}.\n"
    return body[: limit - len(notice)] + notice


def _compose(
    diff: StackDiff, gate: GateVerdict, verdicts: list[Violation] | None, summary_url: str | None, details: bool, items: int | None
) -> str:
    parts = [marker(diff.stack), _title(diff), _gate_section(gate), _policy_section(verdicts, items)]
    if not details or items is not None:
        parts.append(f"> [!NOTE]\n> This plan is summarised to fit in one comment: {_full_text(summary_url)}.")
    parts += [_group(title, diff.with_action(action), details, items) for action, title in GROUPS if diff.with_action(action)]
    if diff.outputs and details:
        parts.append("#### Outputs\n\n" + fenced("\n".join(output.render() for output in diff.outputs), "diff"))
    return "\n\n".join(part for part in parts if part) + "\n"


def _title(diff: StackDiff) -> str:
    counts = diff.counts()
    summary = ", ".join(f"{count} to {action}" for action, count in counts.items()) or "no changes"
    return f"### Plan for `{diff.stack}`: {summary}\n\n<sub>Compared with {_cell(diff.baseline)}; {diff.unchanged} resources unchanged; secrets masked.</sub>"


def _gate_section(gate: GateVerdict) -> str:
    if not gate.destructive:
        return ""
    kind = "WARNING" if gate.confirmed else "CAUTION"
    lines = [f"> [!{kind}]", f"> **Destructive change.** {_cell(gate.headline())}"]
    lines += [f"> - {_destructive_item(change)}" for change in gate.destructive]
    return "\n".join(lines)


def _destructive_item(change: ResourceChange) -> str:
    reasons = f" because `{'`, `'.join(change.replace_reasons)}` changed" if change.replace_reasons else ""
    if change.follows:
        reasons += f" (it holds the id of {', '.join(f'**{_cell(name)}**' for name in change.follows)}, replaced too)"
    item = f"**{change.action}** `{change.type}` **{_cell(change.name)}**{reasons}"
    if change.protected:
        item += f"; protected: `pulumi up` refuses it until `pulumi state unprotect '{change.urn}'`"
    return item


def _policy_section(verdicts: list[Violation] | None, items: int | None) -> str:
    heading = "#### Policy verdicts\n\n"
    if verdicts is None:
        return heading + "_The policy check did not run for this comment._"
    if not verdicts:
        return heading + "Every policy passed."
    shown = verdicts if items is None else verdicts[:items]
    rows = ["| level | policy | resource | message |", "|---|---|---|---|"]
    rows += [f"| {_cell(v.enforcement_level)} | `{_cell(v.policy)}` | {_cell(_short_urn(v.urn))} | {_cell(v.message)} |" for v in shown]
    if len(shown) < len(verdicts):
        rows.append(f"| | | | …and {len(verdicts) - len(shown)} more |")
    return heading + "\n".join(rows)


def _group(title: str, changes: list[ResourceChange], details: bool, items: int | None) -> str:
    shown = changes if items is None else changes[:items]
    lines = [f"#### {title} ({len(changes)})", ""]
    for change in shown:
        lines.append(f"- `{change.type}` **{_cell(change.name)}**" + (" (protected)" if change.protected else ""))
        if details and change.properties:
            lines += ["", _indent(fenced("\n".join(prop.render() for prop in change.properties), "diff")), ""]
    if len(shown) < len(changes):
        lines.append(f"- …and {len(changes) - len(shown)} more")
    return "\n".join(lines).rstrip()


def _indent(text: str) -> str:
    return "\n".join(f"  {line}" for line in text.splitlines())


def _cell(text: str) -> str:
    """Text safe inside a table cell or a quote: one line, no table breaks, no raw HTML."""
    return text.replace("\n", " ").replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")


def _short_urn(urn: str | None) -> str:
    return urn.rsplit("::", 1)[-1] if urn else "(stack)"


def _full_text(summary_url: str | None) -> str:
    return f"the full plan is in the [job summary]({summary_url})" if summary_url else "the full plan is in the job summary"


def main(argv: list[str] | None = None) -> int:
    from .baselines import add_source_arguments, diffs_from_arguments

    parser = argparse.ArgumentParser(prog="python -m infra.plan.comment", description=__doc__.split("\n\n")[0])
    parser.add_argument("stacks", nargs=1, metavar="STACK")
    add_source_arguments(parser)
    parser.add_argument("--policy-check", action="store_true", help="run the offline policy check and show its verdicts")
    parser.add_argument(
        "--confirmed", type=parse_bool, default=False, metavar="true|false", help=f"the destructive change was confirmed ({CONFIRM_LABEL})"
    )
    parser.add_argument("--summary-url", metavar="URL", help="where the full plan is (the job summary)")
    args = parser.parse_args(argv)
    diffs = diffs_from_arguments(args)
    if diffs is None:
        return 2
    verdicts = policy_verdicts(args.stacks[0]) if args.policy_check else None
    print(render_comment(diffs[0], evaluate(diffs[0], args.confirmed), verdicts, args.summary_url), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
