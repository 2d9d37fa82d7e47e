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
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import jsonschema

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


def schema_problems(schema: Mapping[str, Any], value: Any, where: str) -> list[tuple[str, str]]:
    """Every way `value` fails a policy's JSON Schema for one setting, as (path, what is wrong);
    the path is `where`, then `[index]` and `.key` down to the failing part."""
    validator = jsonschema.Draft7Validator(dict(schema))
    return [(where + _path(error.absolute_path), error.message) for error in sorted(validator.iter_errors(value), key=str)]


def _path(parts: Iterable[Any]) -> str:
    return "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in parts)
