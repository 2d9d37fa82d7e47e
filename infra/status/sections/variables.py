"""Environment variables per service: names only, each marked secret when a secret sets it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..inventory import SEALED_VARIABLES, VERCEL_VARIABLE, objects_on, plain, taken_from, variable_map
from ..live import LiveState
from ..markdown import code, not_managed, table
from ..sources import Declared


def render_variables(declared: Declared, live: LiveState) -> list[str]:
    lines = [
        "## Environment variables",
        "",
        "Values are never shown. *secret*: set from an encrypted config key (`pulumi config set --secret`), or sealed on Railway.",
        "",
        "### Frontend (Vercel)",
        "",
    ]
    lines += _vercel(declared)
    lines += ["", "### Backend API (Railway)", ""]
    lines += _railway(declared)
    return lines


def _vercel(declared: Declared) -> list[str]:
    variables = objects_on(declared.plan, "vercel")
    variables = sorted((r for r in variables if r.type == VERCEL_VARIABLE), key=lambda r: plain(r, "key", ""))
    if not variables:
        return [not_managed("Frontend variables", "Vercel")]
    rows = [
        (code(plain(r, "key")), plain(r, "targets"), *_kind(declared, r.inputs.get("value"), made_by=taken_from(declared.plan, r, "value")))
        for r in variables
    ]
    return table(["Variable", "Targets", "Kind", "Set from"], rows)


def _railway(declared: Declared) -> list[str]:
    railway = objects_on(declared.plan, "railway")
    if not railway:
        return [not_managed("Backend variables", "Railway")]
    lines: list[str] = []
    for resource in (r for r in railway if variable_map(r)):
        sealed = plain(resource, SEALED_VARIABLES) or ()
        rows = [(code(name), *_kind(declared, value, sealed=name in sealed)) for name, value in sorted(variable_map(resource).items())]
        lines += [f"Declared by {code(resource.name)}:", "", *table(["Variable", "Kind", "Set from"], rows), ""]
    return lines[:-1] if lines else ["The Railway objects declare no variables."]


def _kind(declared: Declared, wire_value: Any, sealed: bool = False, made_by: Sequence[str] = ()) -> tuple[str, str]:
    """Secret when a secret config key sets it, or when Railway holds it sealed (write-only).
    (Not by the wire's secret mark: Vercel's SDK marks every variable value secret.)
    Plain ones say which declared object's output sets them, if one does."""
    source = declared.redactor.secret_source(wire_value)
    if source:
        return "secret", code(source)
    if sealed:
        return "secret", "sealed on Railway"
    return "plain", f"output of {', '.join(code(name) for name in made_by)}" if made_by else "—"
