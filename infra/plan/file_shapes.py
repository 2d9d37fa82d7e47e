"""The shapes of the three files a diff can start from, as pydantic models: a real preview's JSON,
a stack export, and a plan document. Each reader validates what it read against its model
and turns the first problem into one sentence that says where it is (`step 3 (delete) has no
urn`); the models state what a reader relies on, and nothing more (extra keys are allowed).
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, StringConstraints, ValidationError

# `urn:pulumi:STACK::PROJECT::TYPE::NAME`
Urn = Annotated[str, StringConstraints(pattern=r"^urn:pulumi:.*::.*::.*::")]


class _Shape(BaseModel):
    model_config = ConfigDict(extra="allow", strict=True)


class PreviewStep(_Shape):
    op: str
    urn: Urn
    oldState: dict[str, Any] | None = None
    newState: dict[str, Any] | None = None
    detailedDiff: dict[str, Any] | None = None
    diffReasons: list[Any] | None = None
    replaceReasons: list[Any] | None = None


class PreviewDigest(_Shape):
    steps: list[PreviewStep] | None = None


class StateResource(_Shape):
    urn: Urn
    type: str


class Deployment(_Shape):
    resources: list[StateResource] | None = None


class StackExport(_Shape):
    deployment: Deployment


class PlanResource(_Shape):
    urn: str
    type: str
    name: str
    inputs: dict[str, Any]
    options: dict[str, Any]


class PlanStack(_Shape):
    stack: str
    resources: list[PlanResource]


def errors_of(model: type[BaseModel], data: Any) -> list[tuple[int | str, ...]]:
    """Every place where `data` fails `model` (paths into it), in document order; empty when it fits."""
    try:
        model.model_validate(data)
    except ValidationError as error:
        return [tuple(detail["loc"]) for detail in error.errors()]
    return []


def step_problem(digest: dict[str, Any]) -> str | None:
    """Why the steps of a preview's JSON cannot be read, said the way a person finds the step."""
    errors = errors_of(PreviewDigest, digest)
    if not errors:
        return None
    where = errors[0]
    if len(where) < 2:
        return "its steps are not a list"
    step = digest["steps"][int(where[1])]
    number, op = int(where[1]) + 1, step.get("op") if isinstance(step, dict) else None
    if not isinstance(op, str):
        return f"step {number} has no op"
    if where[2:3] == ("urn",):
        return f"step {number} ({op}) has no urn"
    return f"step {number} ({op} {step['urn']}) has a malformed {where[2]}"


def export_problem(export: Any) -> str | None:
    errors = errors_of(StackExport, export)
    if not errors:
        return None
    if len(errors[0]) > 2:
        return f"resource {int(errors[0][2]) + 1} of its deployment has no urn or type"
    return "its `deployment` holds no list of resources"


def plan_problem(entry: dict[str, Any]) -> str | None:
    errors = errors_of(PlanStack, entry)
    if not errors:
        return None
    where = errors[0]
    if where[0] != "resources" or len(where) < 2:
        return f"has no {where[0]} {'array' if where[0] == 'resources' else 'string'}"
    index = where[1]
    missing = [str(loc[2]) for loc in errors if loc[:2] == ("resources", index) and len(loc) > 2]
    return f"has a resource (#{int(index) + 1}) without {', '.join(missing or list(PlanResource.model_fields))}"
