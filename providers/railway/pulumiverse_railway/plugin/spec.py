"""The one declaration of each Railway resource: its inputs, outputs and what a change costs.

Everything else is derived from a `ResourceSpec`: `check` (types, required, choices, patterns,
bounds), `diff` (update vs replace, what removing an input does), the package schema
(`schema.json`) and, through the schema, the typed SDK. An input is stated here once.

Names are the wire names (camelCase), as the engine and the schema spell them; the SDK turns
them into snake_case.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from typing import Any

from .values import is_unknown

PACKAGE = "railway"
MODULE = "index"


class OnRemoval(Enum):
    """What taking a declared input out of the program does in Railway."""

    RESET = "reset"  # the API takes an explicit null, which restores Railway's default: it is sent
    KEEP = "kept"  # the API has no way to unset it: Railway keeps the value, and `diff` warns so
    NOTHING = "nothing"  # a creation-time input: there is nothing to undo


# Schema type of each kind of value, and the Python types the engine sends for it.
SCHEMA_TYPES: dict[str, dict[str, Any]] = {
    "string": {"type": "string"},
    "integer": {"type": "integer"},
    "number": {"type": "number"},
    "boolean": {"type": "boolean"},
    "string-map": {"type": "object", "additionalProperties": {"type": "string"}},
    "string-list": {"type": "array", "items": {"type": "string"}},
    "record-list": {"type": "array", "items": {"type": "object", "additionalProperties": {"type": "string"}}},
    "object-list": {"type": "array", "items": {"type": "object", "additionalProperties": {"$ref": "pulumi.json#/Any"}}},
}
PYTHON_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int, float),  # the engine sends every number as a float
    "number": (int, float),
    "boolean": (bool,),
    "string-map": (dict,),
    "string-list": (list,),
    "record-list": (list,),
    "object-list": (list,),
}
TYPE_NAMES = {
    "string": "a string",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "string-map": "a map of strings",
    "string-list": "a list of strings",
    "record-list": "a list of maps",
    "object-list": "a list of objects",
}


@dataclass(frozen=True)
class Input:
    """One input property: its type, rule, whether it is required, secret, and what a change costs."""

    name: str
    description: str
    kind: str = "string"
    required: bool = False
    replaces: bool = False
    secret: bool = False
    choices: tuple[str, ...] = ()
    pattern: str | None = None
    hint: str = ""
    minimum: float | None = None
    maximum: float | None = None
    # Strings are refused empty: Railway refuses an empty name or id, and an empty command is no command.
    allow_empty: bool = False
    # None: KEEP for a setting updated in place, NOTHING for an identity that replaces.
    on_removal: OnRemoval | None = None
    # Read by Railway only when the object is made or written (never read back): a new value is
    # recorded, and is no change to make.
    creation_only: bool = False

    def removal(self) -> OnRemoval:
        if self.on_removal is not None:
            return self.on_removal
        return OnRemoval.NOTHING if self.replaces or self.creation_only else OnRemoval.KEEP

    def problem(self, value: Any) -> str | None:
        """What is wrong with `value` for this input, or None. Names the value (masked if secret)."""
        if value is None:
            return "is required" if self.required else None
        shown = "[secret]" if self.secret else shown_value(value)
        if isinstance(value, bool) and self.kind != "boolean":
            return f"must be {TYPE_NAMES[self.kind]}, got {shown}"
        if not isinstance(value, PYTHON_TYPES[self.kind]):
            return f"must be {TYPE_NAMES[self.kind]}, got {type(value).__name__} {shown}"
        if self.kind == "integer" and isinstance(value, float) and not value.is_integer():
            return f"must be a whole number, got {shown}"
        if isinstance(value, str):
            return self._string_problem(value, shown)
        if isinstance(value, (int, float)):
            return self._number_problem(value, shown)
        return self._element_problem(value)

    def _element_problem(self, value: Any) -> str | None:
        """A map or list of strings holds strings (a value not known yet aside)."""
        items = value.values() if isinstance(value, dict) else value
        if self.kind in ("string-map", "string-list"):
            wrong = next((item for item in items if not isinstance(item, str) and not is_unknown(item)), None)
            if wrong is not None:
                return f"must be {TYPE_NAMES[self.kind]}, but holds {type(wrong).__name__} {shown_value(wrong)}"
        return None

    def _number_problem(self, value: float, shown: str) -> str | None:
        if self.minimum is not None and value < self.minimum:
            return f"must be at least {_number(self.minimum)}, got {shown}"
        if self.maximum is not None and value > self.maximum:
            return f"must be at most {_number(self.maximum)}, got {shown}"
        return None

    def _string_problem(self, value: str, shown: str) -> str | None:
        if not value.strip() and not self.allow_empty:
            return f"must not be empty, got {shown}"
        if self.choices and value not in self.choices:
            return f"must be one of {', '.join(self.choices)}, got {shown}"
        if self.pattern is not None and value and not re.fullmatch(self.pattern, value):
            return f"{shown} is not {self.hint}"
        return None

    def schema(self) -> dict[str, Any]:
        return _property(self.kind, self.description_with_rules(), self.secret, self.replaces)

    def description_with_rules(self) -> str:
        rules = []
        if self.choices:
            rules.append(f"One of: {', '.join(f'`{c}`' for c in self.choices)}.")
        if self.hint and self.pattern:
            rules.append(f"Must be {self.hint}.")
        if self.replaces:
            rules.append("Changing this replaces the resource.")
        return " ".join([self.description, *rules])


@dataclass(frozen=True)
class Output:
    """A property Railway computes (never an input)."""

    name: str
    description: str
    kind: str = "string"
    secret: bool = False
    always_set: bool = True

    def schema(self) -> dict[str, Any]:
        return _property(self.kind, self.description, self.secret, False)


@dataclass(frozen=True)
class ResourceSpec:
    kind: str
    description: str
    inputs: tuple[Input, ...]
    outputs: tuple[Output, ...] = ()
    # Identifiers the object lives under or is unique by: if a replacement keeps them all, the old
    # one must go first or the new one would collide with it.
    unique_by: tuple[str, ...] = ()
    # How `pulumi import` names an existing object (the resource's id).
    import_id: str = "Railway's id of the object"

    @property
    def token(self) -> str:
        return f"{PACKAGE}:{MODULE}:{self.kind}"

    def input(self, name: str) -> Input:
        return next(i for i in self.inputs if i.name == name)

    @property
    def input_names(self) -> tuple[str, ...]:
        return tuple(i.name for i in self.inputs)

    @property
    def secret_names(self) -> frozenset[str]:
        properties: tuple[Input | Output, ...] = (*self.inputs, *self.outputs)
        return frozenset(p.name for p in properties if p.secret)

    def schema(self) -> dict[str, Any]:
        inputs = {i.name: i.schema() for i in self.inputs}
        outputs = {o.name: o.schema() for o in self.outputs}
        description = f"{self.description}\n\n## Import\n\n`pulumi import {self.token} <name> <id>`, the id being {self.import_id}."
        return {
            "description": description,
            "inputProperties": inputs,
            "requiredInputs": [i.name for i in self.inputs if i.required],
            "properties": {**inputs, **outputs},
            "required": sorted([i.name for i in self.inputs if i.required] + [o.name for o in self.outputs if o.always_set]),
        }


def _property(kind: str, description: str, secret: bool, replaces: bool) -> dict[str, Any]:
    prop = {**SCHEMA_TYPES[kind], "description": description}
    if secret:
        prop["secret"] = True
    if replaces:
        prop["replaceOnChanges"] = True
    return prop


def _number(value: float) -> str:
    """A bound as people write it: 2147483647 and 0.1, not 2.14748e+09."""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def shown_value(value: Any) -> str:
    """A value as a message quotes it: repr, cut at 60 characters."""
    shown = repr(value)
    return shown if len(shown) <= 60 else shown[:57] + "..."


def text(name: str, description: str, **rules: Any) -> Input:
    return Input(name, description, "string", **rules)


def whole(name: str, description: str, **rules: Any) -> Input:
    return Input(name, description, "integer", **rules)


def number(name: str, description: str, **rules: Any) -> Input:
    return Input(name, description, "number", **rules)


def flag(name: str, description: str, **rules: Any) -> Input:
    return Input(name, description, "boolean", **rules)


def port(name: str, description: str) -> Input:
    return whole(name, description, minimum=1, maximum=65535)
