"""A deployed stack's state, from `pulumi stack export`, as the "before" side of a plan diff.

The export is Pulumi's deployment format, version 3 (`sdk/go/common/apitype/deployments.json`
and `resources.json` in pulumi/pulumi): `{"version": 3, "deployment": {"manifest", "secrets_providers",
"resources": [{"urn", "custom", "id", "type", "inputs", "outputs", "parent", "protect", "provider",
"dependencies", "propertyDependencies", "importID", ...}]}}`. Secrets in it are encrypted
(`{"4dabf…": "1b47…", "ciphertext": …}`) and come out masked, like the plan's.

To make the offline plan comparable with real state:
- default providers (`pulumi:providers:*` named `default…`) are left out: the plan never declares them;
- bridge bookkeeping (`__defaults`, `__meta`) is left out;
- each resource keeps its deployed `id`, so that the diff can tell an id input from a change.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .file_shapes import export_problem
from .model import masked

SUPPORTED_VERSIONS = (3, 4)
BOOKKEEPING_KEYS = ("__defaults", "__meta")
STACK_TYPE = "pulumi:pulumi:Stack"


class StateExportError(ValueError):
    """The file is not a `pulumi stack export` of this stack; the message says what to run."""


def read_state_export(path: Path, stack: str) -> dict[str, Any]:
    """The deployed stack as a normalised plan document (the shape `reviewed.stack_document` gives)."""
    fix = f"create one with `pulumi stack export --stack {stack} --file {path}`"
    try:
        export = json.loads(Path(path).read_text())
    except (OSError, json.JSONDecodeError, UnicodeDecodeError) as error:
        raise StateExportError(f"{path}: cannot read a stack export ({error}); {fix}") from None
    problem = _export_problem(export)
    if problem:
        raise StateExportError(f"{path}: {problem}; {fix}")
    states = [r for r in export["deployment"].get("resources") or [] if not r.get("delete") and not _is_default_provider(r)]
    stacks = {urn_stack(r["urn"]) for r in states}
    if states and stacks != {stack}:
        raise StateExportError(
            f"{path}: holds stack(s) {sorted(stacks)}, not '{stack}'; export it with `pulumi stack export --stack {stack}`"
        )
    root: dict[str, Any] = next((r for r in states if r.get("type") == STACK_TYPE), {})
    return {
        "stack": stack,
        "project": urn_project(root["urn"]) if root else None,
        "resources": [_resource(state) for state in states],
        "outputs": masked(root.get("outputs", {})),
    }


def _export_problem(export: Any) -> str | None:
    """Why `export` is not a deployment this module reads, or None."""
    if not isinstance(export, dict) or "deployment" not in export:
        return "not a `pulumi stack export` file (it has no `deployment`)"
    if export.get("version") not in SUPPORTED_VERSIONS:
        supported = " and ".join(str(v) for v in SUPPORTED_VERSIONS)
        return f"a deployment of version {export.get('version')!r}, and this reads versions {supported} only"
    return export_problem(export)


def urn_stack(urn: str) -> str:
    return urn.split("::")[0].removeprefix("urn:pulumi:")


def urn_project(urn: str) -> str:
    return urn.split("::")[1]


def _resource(state: dict[str, Any]) -> dict[str, Any]:
    inputs = {k: v for k, v in (state.get("inputs") or {}).items() if k not in BOOKKEEPING_KEYS}
    options: dict[str, Any] = {"protect": bool(state.get("protect", False))}
    if state.get("importID"):
        options["import"] = state["importID"]
    return {
        "urn": state["urn"],
        "type": state["type"],
        "name": state["urn"].rsplit("::", 1)[-1],
        "id": state.get("id"),
        "parent": state.get("parent"),
        "custom": bool(state.get("custom", False)),
        "inputs": masked(inputs),
        "dependencies": sorted(state.get("dependencies") or []),
        "propertyDependencies": {key: sorted(urns) for key, urns in (state.get("propertyDependencies") or {}).items()},
        "options": options,
    }


def _is_default_provider(state: dict[str, Any]) -> bool:
    return state.get("type", "").startswith("pulumi:providers:") and state["urn"].rsplit("::", 1)[-1].startswith("default")
