"""A stack's policy pack config (`--policy-pack-config` file), read and reconciled as the
engine does (`LoadPolicyPackConfigFromFile`, `ReconcilePolicyPackConfig`):

1. each policy starts from its own enforcement level and its schema's defaults;
2. the pack's initial config applies, then the file: `"all": "<level>"` sets every policy's
   level, then each `"<policy>": "<level>"` or `{"enforcementLevel": ..., <property>: ...}`;
3. each policy's resulting properties are validated against its config schema.

Stricter than the engine, on purpose: a policy name or property the pack does not declare is
an error here (the engine ignores it, so a typo silently configures nothing).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .errors import PolicyConfigError
from .session import PackInfo

LEVELS = ("advisory", "mandatory", "remediate", "disabled")
Config = dict[str, tuple[str, dict[str, Any]]]  # policy -> (enforcement level, properties)
Given = dict[str, tuple[str | None, dict[str, Any]]]


def read_config_file(path: Path) -> Given:
    """The file's entries, as given: policy (or "all") -> (level or None, properties)."""
    source = str(path)
    try:
        text = path.read_text()
    except OSError as error:
        raise PolicyConfigError(source, [f"cannot be read ({error.strerror})"]) from None
    if not text.strip():
        return {}
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise PolicyConfigError(source, [f"is not valid JSON ({error})"]) from None
    if not isinstance(document, dict):
        raise PolicyConfigError(source, ["must be a JSON object: policy name -> level or settings"])
    given: Given = {}
    problems = []
    for key, value in document.items():
        if isinstance(value, str):
            level, properties = value, {}
        elif isinstance(value, dict):
            properties = dict(value)
            level = properties.pop("enforcementLevel", None)
        else:
            problems.append(f"{key}: {json.dumps(value)} must be an enforcement level or an object")
            continue
        if level is not None and level not in LEVELS:
            problems.append(f"{key}: enforcement level {json.dumps(level)} must be one of {', '.join(LEVELS)}")
            continue
        given[key] = (level, properties)
    if problems:
        raise PolicyConfigError(source, problems)
    return given


def reconcile(info: PackInfo, given: Given, source: str) -> Config:
    """What `Configure` receives for every policy of the pack."""
    result: Config = {
        name: (policy.enforcement_level, {k: s["default"] for k, s in policy.config_schema.items() if "default" in s})
        for name, policy in info.policies.items()
    }
    for layer in (info.initial_config, given):
        all_level = layer.get("all", (None, {}))[0]
        if all_level:
            result = {name: (all_level, props) for name, (_, props) in result.items()}
        for name, (level, properties) in layer.items():
            if name in result:
                old_level, old_props = result[name]
                result[name] = (level or old_level, {**old_props, **properties})
    problems = [
        f"{name}: no such policy in pack {info.name} (known: {', '.join(sorted(info.policies))})"
        for name in given
        if name != "all" and name not in info.policies
    ]
    if given.get("all", (None, {}))[1]:
        problems.append("all: only an enforcement level can apply to all policies")
    for name, (_, properties) in result.items():
        policy = info.policies[name]
        for key in policy.required:
            if key not in properties:
                problems.append(f"{name}.{key}: is required")
        for key, value in properties.items():
            schema = policy.config_schema.get(key)
            if schema is None:
                known = ", ".join(sorted(policy.config_schema)) or "none"
                problems.append(f"{name}.{key}: policy {name} has no such setting (settings: {known})")
            else:
                problems += [f"{name}.{where}: {issue}" for where, issue in schema_problems(schema, value, key)]
    if problems:
        raise PolicyConfigError(source, problems)
    return result


_TYPES = {
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: (isinstance(v, int) and not isinstance(v, bool)) or (isinstance(v, float) and v.is_integer()),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "array": lambda v: isinstance(v, list),
    "object": lambda v: isinstance(v, dict),
    "null": lambda v: v is None,
}


def schema_problems(schema: Mapping[str, Any], value: Any, where: str) -> list[tuple[str, str]]:
    """The JSON Schema keywords policy configs use: type, enum, minimum, maximum, pattern,
    minItems, items, properties, required. Other keywords (description, default) are notes."""
    types = schema.get("type")
    if types is not None:
        names = [types] if isinstance(types, str) else list(types)
        if not any(_TYPES[name](value) for name in names if name in _TYPES):
            return [(where, f"{json.dumps(value)} is not of type {' or '.join(names)}")]
    found = []
    if "enum" in schema and value not in schema["enum"]:
        found.append((where, f"{json.dumps(value)} is not one of {json.dumps(schema['enum'])}"))
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if "minimum" in schema and value < schema["minimum"]:
            found.append((where, f"{value} is below the minimum {schema['minimum']}"))
        if "maximum" in schema and value > schema["maximum"]:
            found.append((where, f"{value} is above the maximum {schema['maximum']}"))
    if isinstance(value, str) and "pattern" in schema and not re.search(schema["pattern"], value):
        found.append((where, f"{json.dumps(value)} does not match {schema['pattern']}"))
    if isinstance(value, list):
        if "minItems" in schema and len(value) < schema["minItems"]:
            found.append((where, f"needs at least {schema['minItems']} item(s)"))
        for index, item in enumerate(value):
            found += schema_problems(schema.get("items", {}), item, f"{where}[{index}]")
    if isinstance(value, dict):
        for key in schema.get("required", []):
            if key not in value:
                found.append((f"{where}.{key}", "is required"))
        for key, item in value.items():
            found += schema_problems(schema.get("properties", {}).get(key, {}), item, f"{where}.{key}")
    return found
