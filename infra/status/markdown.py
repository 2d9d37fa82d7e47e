"""Markdown building blocks for the status document (GitHub-flavoured: tables, fences)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

import yaml

from infra.plan.diff import fenced


def cell(value: Any) -> str:
    """One table cell: lists joined, structures as compact JSON, pipes and newlines escaped."""
    if value is None or value == "":
        return "—"
    if isinstance(value, (list, tuple)):
        text = ", ".join(str(item) for item in value) if all(isinstance(i, (str, int, float)) for i in value) else json.dumps(value)
    elif isinstance(value, dict):
        text = json.dumps(value, sort_keys=True)
    elif isinstance(value, bool):
        text = "yes" if value else "no"
    else:
        text = str(value)
    return text.replace("|", "\\|").replace("\n", " ")


def table(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> list[str]:
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join(cell(value) for value in row) + " |" for row in rows]
    return lines


def fenced_lines(text: str, language: str) -> list[str]:
    """A code block as document lines (`infra.plan.diff.fenced`: no backtick run in `text` closes it early)."""
    return fenced(text.rstrip("\n"), language).split("\n")


def yaml_block(data: dict[str, Any]) -> list[str]:
    return fenced_lines(yaml.safe_dump(data, sort_keys=True, allow_unicode=True, default_flow_style=False, width=100), "yaml")


def code(text: Any) -> str:
    return f"`{text}`"


def not_managed(what: str, platform: str) -> str:
    return f"{what}: not managed by this stack (the plan declares no {platform} resources)."
