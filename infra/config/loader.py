"""Reads a stack's Pulumi config into a `StackConfig`, or fails with every problem at once."""

from __future__ import annotations

import difflib
import json
import os
import typing
from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import BaseModel, ValidationError

from .base import PROJECT_NAMESPACE
from .edge import edge_wiring_problems
from .errors import ConfigError, ConfigProblem
from .secrets import APPLICATION_SECRETS, all_secret_specs, secrets_from
from .stack import StackConfig, StackSections

_PREFIX = f"{PROJECT_NAMESPACE}:"


def load_stack_config(stack: str, raw: Mapping[str, str], secret_keys: set[str], environ: Mapping[str, str] | None = None) -> StackConfig:
    """`raw` is the stack's config as Pulumi hands it to a program: full keys, string values
    (objects JSON-encoded); `secret_keys` are the keys Pulumi holds encrypted; `environ` is
    where providers also look for their tokens (the process environment by default)."""
    sections, problems = _project_sections(stack, raw)
    settings = None
    try:
        settings = StackSections.model_validate(sections)
    except ValidationError as error:
        problems += [_problem_from(stack, detail) for detail in _root_causes(error.errors())]
    if settings is not None:
        problems += _cross_section_problems(stack, settings)
    problems += _secret_problems(stack, raw, secret_keys, sections, os.environ if environ is None else environ)
    if problems:
        raise ConfigError(stack, problems)
    assert settings is not None, "sections that fail validation always leave a problem"
    present = {spec.key: raw[spec.key] for spec in APPLICATION_SECRETS}
    return StackConfig(**dict(settings), stack=stack, secrets=secrets_from(present))


def _cross_section_problems(stack: str, settings: StackSections) -> list[ConfigProblem]:
    """What one section must agree on with another: the edge's records name hosts the
    frontend and backend serve."""
    if settings.edge is None:
        return []
    return edge_wiring_problems(
        stack,
        settings.edge,
        settings.frontend.domain,
        settings.frontend.redirect_domains,
        settings.backend.domain,
        api_target_given=settings.backend.custom_domain is not None,
    )


def _project_sections(stack: str, raw: Mapping[str, str]) -> tuple[dict[str, Any], list[ConfigProblem]]:
    secret_names = {spec.key for spec in all_secret_specs()}
    sections: dict[str, Any] = {}
    problems: list[ConfigProblem] = []
    for key, value in raw.items():
        if not key.startswith(_PREFIX) or key in secret_names:
            continue
        name = key[len(_PREFIX) :]
        try:
            sections[name] = _decode(value)
        except json.JSONDecodeError as error:
            problems.append(
                ConfigProblem(
                    key, f"holds malformed JSON ({error.msg})", f"re-set it: pulumi config set --stack {stack} --path '{name}' <value>"
                )
            )
    return sections, problems


def _decode(value: Any) -> Any:
    """Pulumi passes structured values as JSON text and scalars as plain strings."""
    if isinstance(value, str) and value[:1] in ("{", "["):
        return json.loads(value)
    return value


def _root_causes(details: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """Drops a list's "too short" when it is only the echo of its bad items being dropped."""
    item_locs = {tuple(d["loc"][:-1]) for d in details if d["loc"] and isinstance(d["loc"][-1], int)}
    return [d for d in details if not (d["type"] == "too_short" and tuple(d["loc"]) in item_locs)]


def _problem_from(stack: str, detail: Mapping[str, Any]) -> ConfigProblem:
    path = _dotted(detail["loc"])
    key = f"{_PREFIX}{path}"
    kind = detail["type"]
    if kind == "extra_forbidden":
        close = difflib.get_close_matches(str(detail["loc"][-1]), _known_keys(detail["loc"][:-1]), n=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        return ConfigProblem(
            key,
            f"is not a known key; {hint}".rstrip("; ").rstrip(),
            f"remove it (pulumi config rm --stack {stack} --path '{path}') or correct its spelling; README lists the keys",
        )
    if kind == "missing" and _is_section(detail["loc"]):
        loc = detail["loc"]
        where = f"a `{_PREFIX}{path}:` section" if len(loc) == 1 else f"`{loc[-1]}:` under `{_PREFIX}{_dotted(loc[:-1])}`"
        return ConfigProblem(
            key, "is required but not set", f'add {where} to Pulumi.{stack}.yaml, with its keys (README, "Stack config keys")'
        )
    if kind == "missing":
        return ConfigProblem(key, "is required but not set", f"pulumi config set --stack {stack} --path '{path}' <value>")
    message = _readable(detail)
    shown = detail.get("input")
    already_quoted = isinstance(shown, str) and repr(shown) in message
    actual = "" if isinstance(shown, (dict, list)) or already_quoted else f" (got {shown!r})"
    return ConfigProblem(key, f"{message}{actual}", f"pulumi config set --stack {stack} --path '{path}' <value>")


def _model_at(loc: Sequence[Any]) -> type[BaseModel] | None:
    """The config model a path of keys (camelCase, as written) leads to, or None past the models."""
    model: type[BaseModel] = StackSections
    for part in loc:
        if isinstance(part, int):
            continue
        field = next((f for name, f in model.model_fields.items() if part in (f.alias, name)), None)
        nested = _model_of(field.annotation) if field is not None else None
        if nested is None:
            return None
        model = nested
    return model


def _model_of(annotation: Any) -> type[BaseModel] | None:
    """The config model an annotation holds (`EdgeConfig | None`, `tuple[Model, ...]`), if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return next((model for arg in typing.get_args(annotation) if (model := _model_of(arg)) is not None), None)


def _known_keys(loc: Sequence[Any]) -> list[str]:
    model = _model_at(loc)
    return [field.alias or name for name, field in model.model_fields.items()] if model else []


def _is_section(loc: Sequence[Any]) -> bool:
    """Whether the key at `loc` holds an object (a section), which `pulumi config set` cannot set whole."""
    parent = _model_at(loc[:-1])
    field = next((f for name, f in parent.model_fields.items() if loc[-1] in (f.alias, name)), None) if parent else None
    return field is not None and _model_of(field.annotation) is not None


def _readable(detail: Mapping[str, Any]) -> str:
    """Pydantic's wording, reworded where it speaks of Python types rather than config."""
    context = detail.get("ctx") or {}
    if detail["type"] == "too_short":
        return f"must list at least {context['min_length']} item(s)"
    if detail["type"] == "literal_error":
        return f"must be one of {context['expected']}"
    if detail["type"] == "string_pattern_mismatch":
        return f"has an invalid format (expected to match {context['pattern']})"
    return str(detail["msg"]).removeprefix("Value error, ").replace("Input should", "should")


def _dotted(loc: tuple[Any, ...]) -> str:
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path


def _secret_problems(
    stack: str, raw: Mapping[str, str], secret_keys: set[str], sections: Mapping[str, Any], environ: Mapping[str, str]
) -> list[ConfigProblem]:
    problems = []
    for spec in all_secret_specs():
        if not spec.needed(sections) or (spec.env_var and spec.key not in raw and environ.get(spec.env_var)):
            continue
        if spec.key not in raw:
            problems.append(ConfigProblem(spec.key, f"missing secret ({spec.purpose})", spec.set_command(stack)))
        elif spec.key not in secret_keys:
            problems.append(
                ConfigProblem(
                    spec.key,
                    "is stored in plaintext in the stack file",
                    f"remove the plaintext value from Pulumi.{stack}.yaml, then {spec.set_command(stack)}",
                )
            )
    return problems
