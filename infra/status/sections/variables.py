"""Environment variables per service: names only, each marked secret when a secret sets it."""

from __future__ import annotations

from ..inventory import VERCEL_VARIABLE, objects_on, plain, variable_map
from ..live import LiveState
from ..markdown import code, not_managed, table
from ..sources import Declared, Redactor


def render_variables(declared: Declared, live: LiveState) -> list[str]:
    lines = ["## Environment variables", "",
             "Values are never shown. *secret*: set from an encrypted config key (`pulumi config set --secret`), "
             "or sealed on Railway.",
             "", "### Frontend (Vercel)", ""]
    lines += _vercel(declared)
    lines += ["", "### Backend API (Railway)", ""]
    lines += _railway(declared)
    return lines


def _vercel(declared: Declared) -> list[str]:
    variables = objects_on(declared.plan, "vercel")
    variables = sorted((r for r in variables if r.type == VERCEL_VARIABLE), key=lambda r: plain(r, "key", ""))
    if not variables:
        return [not_managed("Frontend variables", "Vercel")]
    rows = [(code(plain(r, "key")), plain(r, "targets"), *_kind(declared.redactor, r.inputs.get("value"))) for r in variables]
    return table(["Variable", "Targets", "Kind", "Set from"], rows)


def _railway(declared: Declared) -> list[str]:
    railway = objects_on(declared.plan, "railway")
    if not railway:
        return [not_managed("Backend variables", "Railway")]
    rows = [
        (code(name), code(resource.name), *_kind(declared.redactor, value, sealed=name in (plain(resource, "sealed") or ())))
        for resource in railway for name, value in sorted(variable_map(resource).items())
    ]
    return table(["Variable", "Declared by", "Kind", "Set from"], rows) if rows else ["The Railway objects declare no variables."]


def _kind(redactor: Redactor, wire_value, sealed: bool = False) -> tuple[str, str]:
    """Secret when a secret config key sets it, or when Railway holds it sealed (write-only)."""
    source = redactor.secret_source(wire_value)
    if source:
        return "secret", code(source)
    return ("secret", "sealed on Railway") if sealed else ("plain", "—")
