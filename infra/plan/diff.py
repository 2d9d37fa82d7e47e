"""What changed between two plans of a stack, shown the way `pulumi preview --diff` shows it.

Both sides are normalised plan documents (`reviewed.reviewed_document`): the committed plan or a
deployed state (`state_export`) before, the program's plan now after. Secrets are masked on both
sides before they get here, so a diff can say that a secret changed, never what it holds.

An input that carries another resource's id (by its `propertyDependencies`) is compared as
`<id of NAME>`: offline the id is invented (`offline-NAME`, or the import id of an adopted
resource), in a deployed state it is real, and neither is a change the program made. When NAME
is replaced, though, its id changes on apply: each input carrying it shows as
`"<id of NAME>" => "<new id of NAME>"`, and replaces its holder where that input forces a
replacement (a Railway Service's `projectId`), which cascades in turn.

    +  create    a resource only the program declares
    =  import    a resource the program adopts (`myapp-infra:adopt`) instead of creating it
    ~  update    a resource whose inputs changed in place
    +- replace   a resource whose change forces delete-and-create (`replacement`)
    -  delete    a resource only the "before" side holds
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Any

from infra.nested import transformed

from .model import SECRET_MASK, UNKNOWN_MASK
from .recorder import mock_id
from .replacement import ReplacementRules

CREATE, IMPORT, UPDATE, REPLACE, DELETE = "create", "import", "update", "replace", "delete"
ACTIONS = (CREATE, IMPORT, UPDATE, REPLACE, DELETE)
SYMBOLS = {CREATE: "+", IMPORT: "=", UPDATE: "~", REPLACE: "+-", DELETE: "-"}
_PLAIN_KEY = re.compile(r"^[A-Za-z_$][\w$-]*$")
_PATH_PART = re.compile(r'\["((?:[^"\\]|\\.)*)"\]|\[(\d+)\]|\.?([^.\[]+)')
_NEW_ID = re.compile(r"<new id of (.+)>")
SECRET_DIGESTS_KEY = "secretDigests"


class _Absent:
    def __repr__(self) -> str:
        return "<absent>"


ABSENT: Any = _Absent()


@dataclass(frozen=True)
class PropertyChange:
    path: str
    old: Any = ABSENT
    new: Any = ABSENT
    replaces: bool = False

    @property
    def symbol(self) -> str:
        return "+" if self.old is ABSENT else "-" if self.new is ABSENT else "~"

    def render(self) -> str:
        if self.old is ABSENT:
            text = f"{self.symbol} {self.path}: {format_value(self.new)}"
        elif self.new is ABSENT:
            text = f"{self.symbol} {self.path}: {format_value(self.old)}"
        else:
            text = f"{self.symbol} {self.path}: {format_value(self.old)} => {format_value(self.new)}"
        return text + ("  (forces replacement)" if self.replaces else "")

    @property
    def follows(self) -> str | None:
        """NAME, when this input changes only because it carries the id of NAME, which is replaced."""
        match = _NEW_ID.fullmatch(self.new) if isinstance(self.new, str) else None
        return match.group(1) if match else None


@dataclass(frozen=True)
class ResourceChange:
    action: str
    urn: str
    type: str
    name: str
    protected: bool = False
    import_id: str | None = None
    properties: tuple[PropertyChange, ...] = ()
    inputs: dict[str, Any] = field(default_factory=dict)

    @property
    def symbol(self) -> str:
        return SYMBOLS[self.action]

    @property
    def replace_reasons(self) -> tuple[str, ...]:
        return tuple(change.path for change in self.properties if change.replaces)

    @property
    def follows(self) -> tuple[str, ...]:
        """The replaced resources whose new id replaces this one (a cascade), by name."""
        return tuple(dict.fromkeys(c.follows for c in self.properties if c.replaces and c.follows))


@dataclass(frozen=True)
class StackDiff:
    stack: str
    baseline: str
    changes: tuple[ResourceChange, ...]
    outputs: tuple[PropertyChange, ...] = ()
    unchanged: int = 0

    @property
    def has_changes(self) -> bool:
        return bool(self.changes or self.outputs)

    def counts(self) -> dict[str, int]:
        counted = Counter(change.action for change in self.changes)
        return {action: counted[action] for action in ACTIONS if counted[action]}

    def with_action(self, action: str) -> list[ResourceChange]:
        return [change for change in self.changes if change.action == action]


def diff_stack(
    before: dict[str, Any] | None,
    after: dict[str, Any],
    baseline: str,
    rules: ReplacementRules | None = None,
    compare_unset: bool = True,
) -> StackDiff:
    """`before` is None when there is no plan to compare against: everything is then new.

    With `compare_unset=False` (a deployed state before), a property the program does not set
    is not compared: providers fill their defaults into the inputs they store."""
    rules = rules or ReplacementRules()
    old = {r["urn"]: r for r in _with_symbolic_ids((before or {}).get("resources", []))}
    new = {r["urn"]: r for r in _with_symbolic_ids(after["resources"])}
    urns = sorted(old.keys() | new.keys(), key=_tree_position({**old, **new}))
    changes = {urn: _resource_change(old.get(urn), new.get(urn), rules, compare_unset) for urn in urns}
    _cascade_new_ids(changes, old, new, rules)
    outputs = tuple(_outputs_changes((before or {}).get("outputs", {}), after.get("outputs", {})))
    kept = tuple(change for change in changes.values() if change is not None)
    return StackDiff(after["stack"], baseline, kept, outputs, len(changes) - len(kept))


def _with_symbolic_ids(resources: list[dict[str, Any]]) -> list[dict[str, Any]]:
    ids = {r["urn"]: r.get("id") or r["options"].get("import") or mock_id(r["name"]) for r in resources if r.get("custom")}
    names = {r["urn"]: r["name"] for r in resources}
    result = []
    for resource in resources:
        inputs = dict(resource["inputs"])
        for key, urns in (resource.get("propertyDependencies") or {}).items():
            symbols = {ids[urn]: f"<id of {names[urn]}>" for urn in urns if urn in ids}
            if key in inputs and symbols:
                inputs[key] = _substituted(inputs[key], symbols)
        result.append({**resource, "inputs": inputs})
    return result


def _cascade_new_ids(changes: dict[str, ResourceChange | None], old: dict, new: dict, rules: ReplacementRules) -> None:
    """A replaced resource has a new id after apply: each input of a kept resource that carries
    it (`<id of NAME>` on both sides) changes too, and replaces its holder where it forces that."""
    pending = [urn for urn, change in changes.items() if change is not None and change.action == REPLACE]
    while pending:
        replaced = pending.pop(0)
        symbol = f"<id of {new[replaced]['name']}>"
        for urn, resource in new.items():
            change = changes[urn]
            if urn not in old or (change is not None and change.action not in (UPDATE, IMPORT, REPLACE)):
                continue
            if not any(replaced in urns for urns in (resource.get("propertyDependencies") or {}).values()):
                continue
            shown = {c.path for c in change.properties} if change is not None else set()
            paths = [p for p in _paths_holding(resource["inputs"], symbol) if p not in shown and value_at(old[urn]["inputs"], p) == symbol]
            if not paths:
                continue
            forcing = rules.replacing(resource, paths)
            added = tuple(PropertyChange(p, symbol, f"<new id of {new[replaced]['name']}>", p in forcing) for p in paths)
            was_replaced = change is not None and change.action == REPLACE
            cascaded = _with_properties(change, old[urn], resource, added)
            changes[urn] = cascaded
            if cascaded.action == REPLACE and not was_replaced:
                pending.append(urn)


def _with_properties(change: ResourceChange | None, old: dict, new: dict, added: tuple[PropertyChange, ...]) -> ResourceChange:
    if change is None:
        identity = dict(urn=new["urn"], type=new["type"], name=new["name"])
        protected = any(side.get("options", {}).get("protect", False) for side in (old, new))
        change = ResourceChange(UPDATE, **identity, protected=protected)
    properties = tuple(sorted(change.properties + added, key=lambda p: p.path))
    action = REPLACE if any(p.replaces for p in properties) else change.action
    return replace(change, action=action, properties=properties)


def _paths_holding(value: Any, symbol: str, path: str = "") -> list[str]:
    """The property paths under which `value` holds exactly `symbol`."""
    if value == symbol:
        return [path]
    if isinstance(value, dict):
        return [p for key, item in sorted(value.items()) for p in _paths_holding(item, symbol, property_path(path, key))]
    if isinstance(value, list):
        return [p for index, item in enumerate(value) for p in _paths_holding(item, symbol, f"{path}[{index}]")]
    return []


def _substituted(value: Any, symbols: dict[str, str]) -> Any:
    return transformed(value, leaf=lambda scalar: symbols.get(scalar, scalar) if isinstance(scalar, str) else scalar)


def _tree_position(resources: dict[str, dict]):
    """Sort key that lists a parent before its children, as `pulumi preview` does."""

    def position(urn: str | None) -> list[tuple[str, str]]:
        path = []
        while urn in resources:
            path.append((resources[urn]["type"], resources[urn]["name"]))
            urn = resources[urn].get("parent")
        return path[::-1]

    return position


def _resource_change(old: dict | None, new: dict | None, rules: ReplacementRules, compare_unset: bool) -> ResourceChange | None:
    resource = new or old
    assert resource is not None, "a change has a side before or after"
    identity = dict(urn=resource["urn"], type=resource["type"], name=resource["name"])
    protected = any((side or {}).get("options", {}).get("protect", False) for side in (old, new))
    if new is None:
        return ResourceChange(DELETE, **identity, protected=protected)
    import_id = new["options"].get("import")
    if old is None:
        action = IMPORT if import_id else CREATE
        return ResourceChange(action, **identity, protected=protected, import_id=import_id, inputs=new["inputs"])
    paths = property_changes(old["inputs"], new["inputs"], compare_unset) + _secret_changes(old, new)
    replacing = rules.replacing(new, [change.path for change in paths])
    properties = tuple(PropertyChange(c.path, c.old, c.new, c.path in replacing) for c in paths)
    if replacing:
        return ResourceChange(REPLACE, **identity, protected=protected, properties=properties)
    if import_id and import_id != old["options"].get("import"):
        return ResourceChange(IMPORT, **identity, protected=protected, import_id=import_id, properties=properties)
    if properties:
        return ResourceChange(UPDATE, **identity, protected=protected, properties=properties)
    return None


def property_changes(old: Any, new: Any, compare_unset: bool = True, path: str = "") -> list[PropertyChange]:
    """Every leaf that differs, by dotted path (`route.headers.X-Frame-Options`, `targets[1]`).

    A value the program only knows after apply is not reported: it may or may not change."""
    if old == new or new == UNKNOWN_MASK:
        return []
    if isinstance(old, dict) and isinstance(new, dict):
        changes = []
        for key in sorted(old.keys() | new.keys()):
            child = property_path(path, key)
            if key not in new:
                changes += [PropertyChange(child, old=old[key])] if compare_unset else []
            elif key not in old:
                changes.append(PropertyChange(child, new=new[key]))
            else:
                changes += property_changes(old[key], new[key], compare_unset, child)
        return changes
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        return [
            c for index, (a, b) in enumerate(zip(old, new, strict=True)) for c in property_changes(a, b, compare_unset, f"{path}[{index}]")
        ]
    return [PropertyChange(path, old, new)]


def _secret_changes(old: dict, new: dict) -> list[PropertyChange]:
    """Secrets whose value changed though both sides show "[secret]" (digests: `reviewed`)."""
    before, after = old.get(SECRET_DIGESTS_KEY, {}), new.get(SECRET_DIGESTS_KEY, {})
    return [
        PropertyChange(path, SECRET_MASK, SECRET_MASK)
        for path in sorted(before.keys() & after.keys())
        if before[path] != after[path] and value_at(old["inputs"], path) == value_at(new["inputs"], path) == SECRET_MASK
    ]


def _outputs_changes(old: dict[str, Any], new: dict[str, Any]) -> list[PropertyChange]:
    changes = []
    for key in sorted(old.keys() | new.keys()):
        if old.get(key, ABSENT) != new.get(key, ABSENT):
            changes.append(PropertyChange(key, old.get(key, ABSENT), new.get(key, ABSENT)))
    return changes


def property_path(path: str, key: str) -> str:
    """The path of `key` under `path`, as Pulumi writes property paths."""
    part = key if _PLAIN_KEY.match(key) else f"[{json.dumps(key)}]"
    if not path:
        return part
    return f"{path}{part}" if part.startswith("[") else f"{path}.{part}"


def value_at(value: Any, path: str) -> Any:
    """The value at a property path (`route.headers.X`, `targets[1]`, `["a.b"]`), or ABSENT."""
    for quoted, index, plain in _PATH_PART.findall(path):
        key: Any = json.loads(f'"{quoted}"') if quoted else int(index) if index else plain
        try:
            value = value[key]
        except (KeyError, IndexError, TypeError):
            return ABSENT
    return value


def format_value(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def render_diff(diff: StackDiff) -> str:
    """The diff as `pulumi preview --diff` prints it: one block per changed resource, then totals."""
    if not diff.has_changes:
        return f"{diff.stack}: no changes against {diff.baseline} ({diff.unchanged} resources unchanged)."
    lines = [f"Previewing update ({diff.stack}) against {diff.baseline}: offline, every secret masked.", ""]
    for change in diff.changes:
        lines += render_resource(change)
    if diff.outputs:
        lines += ["", "Outputs:"] + [f"  {output.render()}" for output in diff.outputs]
    lines += ["", "Resources:"]
    lines += [f"    {SYMBOLS[action]:<2}{count} to {action}" for action, count in diff.counts().items()]
    total = len(diff.changes)
    lines.append(f"    {total} change{'s' if total != 1 else ''}. {diff.unchanged} unchanged")
    return "\n".join(lines)


def render_markdown(diff: StackDiff) -> str:
    """The diff as a section of a GitHub job summary."""
    return f"### Plan diff of `{diff.stack}`\n\n{fenced(render_diff(diff), 'text')}\n"


def fenced(text: str, language: str = "") -> str:
    """A Markdown code block whose fence no backtick run in `text` can close early."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{language}\n{text}\n{fence}"


def render_resource(change: ResourceChange) -> list[str]:
    lines = [f"  {change.symbol:<2} {change.type}: ({change.action})", f"        [urn={change.urn}]"]
    if change.import_id:
        lines.append(f"        [id={change.import_id}]")
    if change.protected:
        lines.append("        [protect]")
    if change.replace_reasons:
        lines.append(f"        [diff: {', '.join('~' + reason for reason in change.replace_reasons)}]")
    if change.action == CREATE:
        shown = sorted(change.inputs.items())
        lines += [f"        {key}: {format_value(value)}" for key, value in shown]
    lines += [f"      {prop.render()}" for prop in change.properties]
    return lines
