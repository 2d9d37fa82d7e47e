"""Plans for people: the resource tree `pulumi preview` shows, and a count per type, drawn with rich.

On a terminal the table fits the terminal's width (long names wrap in their column) and the
plan symbols are coloured; written to a file or a pipe it is plain text at its natural width,
so every line of a plan can be searched whole.
"""

from __future__ import annotations

import io
import sys
from collections import Counter
from typing import TextIO

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from .model import PlannedResource, StackPlan

_SYMBOL = {"create": "+", "import": "="}
_STYLE = {"create": "green", "import": "cyan"}
# Wide enough that nothing a plan prints wraps: text written to a file keeps its lines whole.
UNWRAPPED = 10_000


def action_of(resource: PlannedResource) -> str:
    return "import" if resource.import_id else "create"


def resource_table(plan: StackPlan) -> Table:
    """The tree of resources as `pulumi preview` draws it: parent to child, in type then name order."""
    children: dict[str | None, list[PlannedResource]] = {}
    for resource in plan.resources:
        children.setdefault(resource.parent, []).append(resource)
    table = Table(box=None, pad_edge=False, show_edge=False, padding=(0, 2, 0, 0))
    table.add_column("", no_wrap=True)
    # Cells are Text, not str: a name with [brackets] is a name, never rich markup.
    table.add_column("Type", overflow="fold")
    table.add_column("Name", overflow="fold")
    table.add_column("Plan", no_wrap=True)

    def add(parent: str | None, prefix: str) -> None:
        kids = sorted(children.get(parent, []), key=lambda r: (r.type, r.name))
        for index, resource in enumerate(kids):
            last = index == len(kids) - 1
            branch = "" if parent is None else ("└─ " if last else "├─ ")
            action = action_of(resource)
            style = _STYLE[action]
            table.add_row(
                Text(f" {_SYMBOL[action]} ", style=style),
                Text(prefix + branch + resource.type),
                Text(resource.name),
                Text(action, style=style),
            )
            add(resource.urn, prefix + ("" if parent is None else ("   " if last else "│  ")))

    add(None, "")
    return table


def summary_lines(plan: StackPlan) -> str:
    actions = Counter(action_of(r) for r in plan.resources)
    per_type = Counter(r.type for r in plan.resources)
    lines = ["Resources:"]
    lines += [f"    {_SYMBOL[action]} {count} to {action}" for action, count in sorted(actions.items())]
    lines.append(f"    {len(plan.resources)} in all")
    lines.append("By type:")
    width = max(len(str(n)) for n in per_type.values())
    lines += [f"    {count:>{width}}  {kind}" for kind, count in sorted(per_type.items())]
    return "\n".join(lines)


def plan_renderable(plan: StackPlan) -> RenderableType:
    header = (
        f"Previewing update ({plan.stack}) of project {plan.project}: offline, under Pulumi's mocks,\n"
        f"config from Pulumi.{plan.stack}.yaml, every secret replaced by a marked placeholder.\n"
    )
    outputs = "\n".join(f"    {key}: {value}" for key, value in sorted(plan.to_json()["outputs"].items()))
    tail = "\n".join(["", "Outputs:", outputs or "    (none)", "", summary_lines(plan)])
    warnings = [Text(f"warning: {message}", style="yellow") for message in plan.warnings]
    return Group(Text(header), resource_table(plan), Text(tail), *([Text("")] + warnings if warnings else []))


def print_plans(plans: list[StackPlan], out: TextIO = sys.stdout) -> None:
    """On a terminal: coloured, fitted to its width. Elsewhere: the plain text of `render_plan`."""
    if not out.isatty():
        out.write("\n\n".join(render_plan(plan) for plan in plans) + "\n")
        return
    console = Console(file=out)
    for index, plan in enumerate(plans):
        if index:
            console.print()
        console.print(plan_renderable(plan), highlight=False)


def render_plan(plan: StackPlan) -> str:
    """The plan as plain text at its natural width, as it is written to a file or a pipe."""
    buffer = io.StringIO()
    Console(file=buffer, width=UNWRAPPED, color_system=None, highlight=False).print(plan_renderable(plan))
    return "\n".join(line.rstrip() for line in buffer.getvalue().splitlines())
