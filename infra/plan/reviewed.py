"""The reviewed plans: each stack's plan, normalised and masked, committed as `plans/<stack>.json`.

`make plan-update` writes them, `make plan ARGS=--diff` compares the program against them, and a
test fails while one is stale, so every pull request that changes what a stack declares shows the
change twice: in the code, and in the plan a reviewer reads.

A committed plan is what `make plan STACK=<stack> ARGS=--json` prints, plus, per resource, a
`secretDigests` map (property path -> digest) so that a diff can say `~ value: "[secret]" =>
"[secret]"` when a secret value changes, as `pulumi preview --diff` does. The digests hold no
secret: offline, every config secret is a fixed placeholder (`stack_files`), so they only tell
apart values that a provider marks secret though the program computed them from public config
(the `NEXT_PUBLIC_*` variables, say). Normalised means it reads the same on every machine and every
run: keys sorted, resources sorted by URN, every secret masked, and no absolute path of the checkout. The plan itself holds no timestamps.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from infra.nested import transformed

from .diff import SECRET_DIGESTS_KEY, diff_stack, property_path, render_diff
from .file_shapes import plan_problem
from .model import PlannedResource, StackPlan, is_secret, revealed
from .stack_files import REPO_ROOT

PLAN_FORMAT = "myapp-infra/plan@1"
PLANS_DIR = REPO_ROOT / "plans"
CHECKOUT_PLACEHOLDER = "<checkout>"


def stack_document(plan: StackPlan) -> dict[str, Any]:
    """One stack's plan, normalised: what `make plan ARGS=--json` prints under `stacks`."""
    return _without_checkout_path(plan.to_json())


def reviewed_document(plan: StackPlan) -> dict[str, Any]:
    """`stack_document` plus the secret digests: what `plans/<stack>.json` holds, and what diffs compare."""
    document = stack_document(plan)
    digests = {resource.urn: _secret_digests(resource) for resource in plan.resources}
    for resource in document["resources"]:
        if digests[resource["urn"]]:
            resource[SECRET_DIGESTS_KEY] = digests[resource["urn"]]
    return document


def plans_document(plans: list[StackPlan], reviewed: bool = False) -> dict[str, Any]:
    document = reviewed_document if reviewed else stack_document
    return {"format": PLAN_FORMAT, "stacks": [document(plan) for plan in plans]}


def dumps(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def plan_path(stack: str, plans_dir: Path = PLANS_DIR) -> Path:
    return plans_dir / f"{stack}.json"


def write_plan(plan: StackPlan, plans_dir: Path = PLANS_DIR) -> Path:
    path = plan_path(plan.stack, plans_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dumps(plans_document([plan], reviewed=True)))
    return path


class PlanFileError(ValueError):
    """A file given as a plan that is not one, or holds no plan of the stack asked for; the
    message names the file and says which file to give instead."""


def read_plan_file(path: Path, stack: str) -> dict[str, Any] | None:
    """The stack's document in a plan file (`plans/<stack>.json` or any `--json` output); None when
    there is no such file (a stack new in this change). A file that holds no plan of `stack`,
    another stack's plan included, is refused: comparing with it would call every resource new."""
    if not path.is_file():
        return None
    fix = f"give plans/{stack}.json of a checkout (`make plan-update` writes it), a directory of <stack>.json plans, or the output of `make plan STACK={stack} ARGS=--json`"
    try:
        document = json.loads(path.read_text())
    except json.JSONDecodeError as error:
        raise PlanFileError(f"{path}: not JSON ({error}): {fix}") from None
    except UnicodeDecodeError:
        raise PlanFileError(f"{path}: not a text file: {fix}") from None
    if not isinstance(document, dict) or document.get("format") != PLAN_FORMAT or not isinstance(document.get("stacks"), list):
        found = f"format {document.get('format')!r}" if isinstance(document, dict) else f"a JSON {_json_kind(document)}"
        raise PlanFileError(f"{path}: not a {PLAN_FORMAT} document ({found}): {fix}")
    entries = [entry for entry in document["stacks"] if isinstance(entry, dict)]
    entry = next((entry for entry in entries if entry.get("stack") == stack), None)
    if entry is None:
        held = ", ".join(sorted(str(entry.get("stack")) for entry in entries)) or "no stack"
        raise PlanFileError(f"{path}: holds the plan of {held}, not of {stack}: {fix}")
    problem = plan_problem(entry)
    if problem:
        raise PlanFileError(
            f"{path}: the plan of {stack} {problem}, so it was not written by this version: regenerate it with `make plan-update`, or {fix}"
        )
    return entry


def _json_kind(value: Any) -> str:
    kinds = ((bool, "boolean"), (dict, "object"), (list, "array"), (str, "string"), ((int, float), "number"))
    return next((name for kind, name in kinds if isinstance(value, kind)), "null")


def is_current(plan: StackPlan, plans_dir: Path = PLANS_DIR) -> bool:
    path = plan_path(plan.stack, plans_dir)
    return path.is_file() and path.read_text() == dumps(plans_document([plan], reviewed=True))


def staleness(plan: StackPlan, plans_dir: Path = PLANS_DIR, max_lines: int = 40) -> str | None:
    """Why the committed plan of `plan.stack` is stale (with what changed), or None if it is current."""
    path = plan_path(plan.stack, plans_dir)
    shown = path.relative_to(REPO_ROOT) if path.is_relative_to(REPO_ROOT) else path
    if is_current(plan, plans_dir):
        return None
    fix = "run `make plan-update`, review the change and commit it"
    if not path.is_file():
        return f"{shown} is missing: {fix}."
    try:
        before = read_plan_file(path, plan.stack)
    except (ValueError, KeyError) as error:
        return f"{shown} is not a plan this version writes ({error}): {fix}."
    lines = render_diff(diff_stack(before, reviewed_document(plan), str(shown))).splitlines()
    if len(lines) > max_lines:
        lines = lines[:max_lines] + [f"... ({len(lines) - max_lines} more lines: make plan STACK={plan.stack} ARGS=--diff)"]
    return f"{shown} is stale, the program now plans differently: {fix}.\n" + "\n".join(lines)


def _secret_digests(resource: PlannedResource) -> dict[str, str]:
    digests: dict[str, str] = {}

    def walk(value: Any, path: str) -> None:
        if is_secret(value):
            material = json.dumps([resource.urn, path, revealed(value)], sort_keys=True)
            digests[path] = "sha256:" + hashlib.sha256(material.encode()).hexdigest()[:16]
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(item, property_path(path, key))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, f"{path}[{index}]")

    walk(resource.inputs, "")
    return digests


def _without_checkout_path(value: Any) -> Any:
    return transformed(
        value, leaf=lambda scalar: scalar.replace(str(REPO_ROOT), CHECKOUT_PLACEHOLDER) if isinstance(scalar, str) else scalar
    )
