"""What a plan holds: the resources a stack declares, as the engine would receive them.

Inputs are kept in Pulumi's wire form (secrets wrapped in the secret signature object) so
the policy pack sees exactly what the engine would send it; every view meant for people or
files goes through `masked`, which replaces each secret with SECRET_MASK.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from infra.nested import KEEP, transformed

SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d"
SECRET_SIG_VALUE = "1b47061264138c4ac30d75fd1eb44270"
UNKNOWN_SENTINEL = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"
SECRET_MASK = "[secret]"
UNKNOWN_MASK = "[known after apply]"


def is_secret(value: Any) -> bool:
    return isinstance(value, dict) and value.get(SECRET_SIG_KEY) == SECRET_SIG_VALUE


def masked(value: Any) -> Any:
    """A copy of `value` with every secret masked and every unknown named as such."""
    return transformed(value, node=lambda item: SECRET_MASK if is_secret(item) else UNKNOWN_MASK if item == UNKNOWN_SENTINEL else KEEP)


def revealed(value: Any) -> Any:
    """A copy of `value` with secrets unwrapped: for in-process checks only, never for output."""
    return transformed(value, node=lambda item: revealed(item.get("value")) if is_secret(item) else KEEP)


@dataclass(frozen=True)
class PlannedResource:
    urn: str
    type: str
    name: str
    parent: str | None
    custom: bool
    inputs: dict[str, Any]
    dependencies: tuple[str, ...] = ()
    property_dependencies: dict[str, tuple[str, ...]] = field(default_factory=dict)
    provider: str | None = None
    options: dict[str, Any] = field(default_factory=dict)

    @property
    def import_id(self) -> str | None:
        return self.options.get("import")

    def to_json(self) -> dict[str, Any]:
        return {
            "urn": self.urn,
            "type": self.type,
            "name": self.name,
            "parent": self.parent,
            "custom": self.custom,
            "provider": self.provider,
            "inputs": masked(self.inputs),
            "dependencies": list(self.dependencies),
            "propertyDependencies": {k: list(v) for k, v in self.property_dependencies.items()},
            "options": self.options,
        }


@dataclass(frozen=True)
class StackPlan:
    project: str
    stack: str
    resources: tuple[PlannedResource, ...]
    outputs: dict[str, Any] = field(default_factory=dict)
    # What the program warned about (`pulumi.log.warn`), as `pulumi preview` would show it.
    warnings: tuple[str, ...] = ()

    def by_type(self, type_token: str) -> list[PlannedResource]:
        return [r for r in self.resources if r.type == type_token]

    def by_urn(self) -> dict[str, PlannedResource]:
        return {r.urn: r for r in self.resources}

    def to_json(self) -> dict[str, Any]:
        return {
            "project": self.project,
            "stack": self.stack,
            "resources": [r.to_json() for r in self.resources],
            "outputs": masked(self.outputs),
        }
