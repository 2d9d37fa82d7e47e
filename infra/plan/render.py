"""Plans for people: the resource tree `pulumi preview` shows, and a count per type."""

from __future__ import annotations

from collections import Counter

from .model import PlannedResource, StackPlan


def action_of(resource: PlannedResource) -> str:
    return "import" if resource.import_id else "create"


_SYMBOL = {"create": "+", "import": "="}


def render_tree(plan: StackPlan) -> str:
    children: dict[str | None, list[PlannedResource]] = {}
    for resource in plan.resources:
        children.setdefault(resource.parent, []).append(resource)
    rows: list[tuple[str, str, str, str]] = []

    def walk(parent: str | None, prefix: str) -> None:
        kids = sorted(children.get(parent, []), key=lambda r: (r.type, r.name))
        for index, resource in enumerate(kids):
            last = index == len(kids) - 1
            branch = "" if parent is None else ("└─ " if last else "├─ ")
            action = action_of(resource)
            rows.append((_SYMBOL[action], prefix + branch + resource.type, resource.name, action))
            walk(resource.urn, prefix + ("" if parent is None else ("   " if last else "│  ")))

    walk(None, "")
    type_width = max(len(row[1]) for row in rows)
    name_width = max(len(row[2]) for row in rows)
    lines = [f"     {'Type':<{type_width}}  {'Name':<{name_width}}  Plan"]
    lines += [f" {symbol}   {kind:<{type_width}}  {name:<{name_width}}  {action}" for symbol, kind, name, action in rows]
    return "\n".join(lines)


def render_summary(plan: StackPlan) -> str:
    actions = Counter(action_of(r) for r in plan.resources)
    per_type = Counter(r.type for r in plan.resources)
    lines = ["Resources:"]
    lines += [f"    {_SYMBOL[action]} {count} to {action}" for action, count in sorted(actions.items())]
    lines.append(f"    {len(plan.resources)} in all")
    lines.append("By type:")
    width = max(len(str(n)) for n in per_type.values())
    lines += [f"    {count:>{width}}  {kind}" for kind, count in sorted(per_type.items())]
    return "\n".join(lines)


def render_plan(plan: StackPlan) -> str:
    header = (
        f"Previewing update ({plan.stack}) of project {plan.project}: offline, under Pulumi's mocks,\n"
        f"config from Pulumi.{plan.stack}.yaml, every secret replaced by a marked placeholder.\n"
    )
    outputs = "\n".join(f"    {key}: {value}" for key, value in sorted(plan.to_json()["outputs"].items()))
    return "\n".join([header, render_tree(plan), "", "Outputs:", outputs or "    (none)", "", render_summary(plan)])
