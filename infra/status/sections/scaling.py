"""Scaling: where each service runs and how many of it, as declared."""

from __future__ import annotations

from typing import Any

from ..inventory import VERCEL_PROJECT, Shown, objects_on
from ..live import LiveState
from ..markdown import code, not_managed, table
from ..sources import Declared

# Railway service-instance inputs that decide capacity and placement (Railway's API names),
# in the order the page lists them.
RAILWAY_SCALING_INPUTS = (
    "numReplicas",
    "region",
    "multiRegionConfig",
    "vCPUs",
    "memoryGB",
    "sleepApplication",
    "restartPolicyType",
    "restartPolicyMaxRetries",
)


def render_scaling(declared: Declared, live: LiveState) -> list[str]:
    shown = Shown(declared)
    lines = ["## Scaling", "", "### Frontend (Vercel)", ""]
    lines += _vercel(declared, shown)
    lines += ["", "### Backend API (Railway)", ""]
    lines += _railway(declared, shown)
    lines += ["", "### Database (Supabase)", "", "Not managed by this stack."]
    return lines


def _vercel(declared: Declared, shown: Shown) -> list[str]:
    projects = [r for r in objects_on(declared.plan, "vercel") if r.type == VERCEL_PROJECT]
    if not projects:
        return [not_managed("Frontend scaling", "Vercel")]
    rows = [
        (code(project.name), code(key), value)
        for project in projects
        for key, value in sorted((shown.value(project.inputs.get("resourceConfig")) or {}).items())
    ]
    note = "Functions scale with traffic (Vercel runs as many instances as requests need); no instance count is declared."
    return (table(["Project", "Setting", "Value"], rows) + [""] if rows else []) + [note]


def _railway(declared: Declared, shown: Shown) -> list[str]:
    railway = objects_on(declared.plan, "railway")
    if not railway:
        return [not_managed("Backend scaling (replicas, regions)", "Railway")]
    rows = [(code(r.name), code(key), value) for r in railway for key, value in _scaling_inputs(shown.value(r.inputs))]
    note = (
        "Railway has no CPU- or memory-triggered autoscaling: replicas are a fixed count per region, "
        "and CPU and memory are per-replica limits."
    )
    return (table(["Declared by", "Setting", "Value"], rows) if rows else ["No replica count or region is declared."]) + ["", note]


def _scaling_inputs(inputs: dict[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    """The scaling inputs among `inputs`, also inside nested objects (e.g. a `limits` block)."""
    found = []
    for key, value in sorted(inputs.items(), key=lambda item: _listing_order(item[0])):
        if key in RAILWAY_SCALING_INPUTS:
            found.append((prefix + key, value))
        elif isinstance(value, dict):
            found += _scaling_inputs(value, f"{prefix}{key}.")
    return found


def _listing_order(key: str) -> tuple[int, str]:
    return (RAILWAY_SCALING_INPUTS.index(key) if key in RAILWAY_SCALING_INPUTS else len(RAILWAY_SCALING_INPUTS), key)
