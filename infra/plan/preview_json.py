"""A real `pulumi preview --json` digest as a `StackDiff`, so the gate and the PR comment read it too.

The digest (pulumi/pulumi `display.PreviewDigest`) lists `steps`, each with `op`, `urn`,
`oldState`/`newState` (resource states, secrets already shown as "[secret]"), `diffReasons`,
`replaceReasons` and `detailedDiff` (property path -> `{"kind": "update"|"add-replace"|…}`).
A replacement appears as several steps (`create-replacement`, `replace`, `delete-replaced`): they
become one `replace`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .diff import ABSENT, CREATE, DELETE, IMPORT, REPLACE, UPDATE, PropertyChange, ResourceChange, StackDiff, value_at
from .file_shapes import step_problem
from .model import masked
from .state_export import urn_stack

OPS = {
    "create": CREATE,
    "import": IMPORT,
    "update": UPDATE,
    "delete": DELETE,
    "replace": REPLACE,
    "create-replacement": REPLACE,
    "delete-replaced": REPLACE,
    "import-replacement": REPLACE,
}


class PreviewDigestError(ValueError):
    """A file given as `--preview-json` that is not the digest of a finished preview of the stack."""


def read_preview_digest(path: Path, stack: str) -> dict[str, Any]:
    """The digest `pulumi preview --stack STACK --json` wrote to `path`, checked before anyone reads it."""
    fix = f"write it with `pulumi preview --stack {stack} --json > {path}`"
    try:
        digest = json.loads(Path(path).read_text())
    except OSError as error:
        raise PreviewDigestError(f"{path}: cannot be read ({error.strerror}): {fix}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise PreviewDigestError(f"{path}: not JSON ({error}), so not the output of `pulumi preview --json`: {fix}") from None
    problem = digest_problem(digest, stack)
    if problem:
        raise PreviewDigestError(f"{path}: {problem}: {fix}")
    return digest


def digest_problem(digest: Any, stack: str) -> str | None:
    """Why `digest` is not a finished preview of `stack`, or None."""
    if not isinstance(digest, dict) or not ({"steps", "changeSummary"} & digest.keys()):
        return "not the JSON object `pulumi preview --json` prints (no steps, no changeSummary)"
    failed = [d for d in digest.get("diagnostics") or [] if isinstance(d, dict) and d.get("severity") == "error"]
    if failed:
        return f"the preview failed ({str(failed[0].get('message', '')).strip()[:200]}): fix that, then preview again"
    problem = step_problem(digest)
    if problem:
        return problem
    steps = digest.get("steps") or []
    stacks = sorted({urn_stack(step["urn"]) for step in steps})
    if stacks and stacks != [stack]:
        return f"previews stack {', '.join(stacks)}, not {stack}"
    return None


def diff_from_preview(digest: dict[str, Any], stack: str, baseline: str = "the deployed state (pulumi preview)") -> StackDiff:
    changes: dict[str, ResourceChange] = {}
    unchanged = 0
    for step in digest.get("steps") or []:
        action = OPS.get(step.get("op", ""))
        if action is None:
            unchanged += step.get("op") == "same"
            continue
        if step["urn"] in changes:
            continue
        changes[step["urn"]] = _resource_change(step, action)
    return StackDiff(stack, baseline, tuple(changes[urn] for urn in sorted(changes)), (), unchanged)


def _resource_change(step: dict[str, Any], action: str) -> ResourceChange:
    old, new = step.get("oldState") or {}, step.get("newState") or {}
    urn = step["urn"]
    replace_reasons = set(step.get("replaceReasons") or [])
    kinds = {path: entry.get("kind", "update") for path, entry in (step.get("detailedDiff") or {}).items()}
    kinds = kinds or {path: "update" for path in step.get("diffReasons") or []}
    properties = tuple(
        PropertyChange(
            path,
            ABSENT if kind.startswith("add") else _at(old.get("inputs", {}), path),
            ABSENT if kind.startswith("delete") else _at(new.get("inputs", {}), path),
            replaces=kind.endswith("-replace") or path in replace_reasons,
        )
        for path, kind in sorted(kinds.items())
    )
    return ResourceChange(
        action,
        urn=urn,
        type=(new or old).get("type") or urn.split("::")[-2].rsplit("$", 1)[-1],
        name=urn.rsplit("::", 1)[-1],
        protected=bool(old.get("protect") or new.get("protect")),
        import_id=new.get("importID") if action == IMPORT else None,
        properties=properties if action in (UPDATE, REPLACE) else (),
        inputs=masked(new.get("inputs", {})) if action == CREATE else {},
    )


def _at(value: Any, path: str) -> Any:
    found = value_at(value, path)
    return found if found is ABSENT else masked(found)
