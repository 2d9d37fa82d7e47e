"""Builders shared by the status document's tests: the sections of a document, and a real plan
with some platforms taken out (for what the document says about a platform a stack lacks)."""

from __future__ import annotations

import dataclasses

from infra.status import Declared

RAILWAY = "railway:index:"
CLOUDFLARE = "cloudflare:"


def section(document: str, title: str) -> str:
    """The text of the `## title` section (up to the next `## `)."""
    start = document.index(f"\n## {title}\n")
    end = document.find("\n## ", start + 1)
    return document[start:] if end == -1 else document[start:end]


def subsection(text: str, title: str) -> str:
    start = text.index(f"\n### {title}\n")
    end = text.find("\n### ", start + 1)
    return text[start:] if end == -1 else text[start:end]


def table_rows(text: str) -> dict[str, list[str]]:
    """The rows of the tables in `text` whose first cell is code (`` `NAME` ``), by that name."""
    lines = [line for line in text.splitlines() if line.startswith("| `")]
    return {cells[0].strip(" `"): [c.strip() for c in cells[1:]] for cells in (line.strip("|").split("|") for line in lines)}


def without_platforms(declared: Declared, *type_prefixes: str) -> Declared:
    """`declared` with every resource whose type starts with one of `type_prefixes` taken out."""
    kept = tuple(r for r in declared.plan.resources if not r.type.startswith(type_prefixes))
    return dataclasses.replace(declared, plan=dataclasses.replace(declared.plan, resources=kept))
