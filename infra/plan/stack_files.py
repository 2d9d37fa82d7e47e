"""Reads the project and stack files as the Pulumi CLI would, for a run without the CLI.

The CLI hands a program its config as full keys with string values (objects as JSON) plus
the list of secret keys; this module produces the same from `Pulumi.<stack>.yaml`. Secrets
cannot be decrypted offline, so each one (set or not) becomes a clearly marked placeholder.
"""

from __future__ import annotations

import json
from collections.abc import Hashable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from infra.config import ConfigError, ConfigProblem, all_secret_specs

REPO_ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class StackFile:
    project: str
    stack: str
    config: dict[str, str]
    secret_keys: frozenset[str]


def project_name(root: Path = REPO_ROOT) -> str:
    return yaml.safe_load((root / "Pulumi.yaml").read_text())["name"]


def available_stacks(root: Path = REPO_ROOT) -> list[str]:
    return sorted(path.name[len("Pulumi.") : -len(".yaml")] for path in root.glob("Pulumi.*.yaml"))


def read_stack_file(stack: str, root: Path = REPO_ROOT) -> StackFile:
    path = root / f"Pulumi.{stack}.yaml"
    if not path.is_file():
        known = ", ".join(available_stacks(root)) or "none"
        raise ConfigError(stack, [ConfigProblem(path.name, "does not exist", f"use one of the stacks: {known}")])
    try:
        document = yaml.load(path.read_text(), Loader=_StackFileLoader) or {}
    except DuplicateKey as error:
        raise ConfigError(
            stack, [ConfigProblem(path.name, str(error), "keep one of them (the Pulumi CLI refuses a file with both)")]
        ) from None
    except yaml.YAMLError as error:
        where = getattr(error, "problem_mark", None)
        at = f" at line {where.line + 1}, column {where.column + 1}" if where is not None else ""
        problem = getattr(error, "problem", None) or str(error)
        raise ConfigError(stack, [ConfigProblem(path.name, f"is not valid YAML: {problem}{at}", "fix the file's syntax there")]) from None
    entries: dict[str, Any] = document.get("config") or {}
    config = {key: _as_config_string(value) for key, value in entries.items() if not _is_encrypted(value)}
    # A secret written in plaintext is kept as it is, unmarked, so the config check refuses it.
    placeholders = {spec.key: spec.offline_value() for spec in all_secret_specs() if spec.key not in config}
    for key, value in entries.items():
        if _is_encrypted(value) and key not in placeholders:
            placeholders[key] = f"OFFLINE-PLACEHOLDER-{key.replace(':', '-')}"
    return StackFile(project_name(root), stack, {**config, **placeholders}, frozenset(placeholders))


class DuplicateKey(yaml.YAMLError):
    """A key written twice in one mapping: YAML keeps the last silently, the Pulumi CLI refuses it."""


class _StackFileLoader(yaml.SafeLoader):
    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, int] = {}
        for key_node, _value in node.value:
            key = self.construct_object(key_node, deep=deep)
            if not isinstance(key, Hashable):
                break  # SafeLoader's own construction reports an unhashable key
            if key in seen:
                raise DuplicateKey(f"has the key {key!r} twice (lines {seen[key] + 1} and {key_node.start_mark.line + 1})")
            seen[key] = key_node.start_mark.line
        return super().construct_mapping(node, deep=deep)


def _is_encrypted(value: Any) -> bool:
    return isinstance(value, dict) and set(value) == {"secure"}


def _as_config_string(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    return json.dumps(value)
