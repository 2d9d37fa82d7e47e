"""What a stack must not share with the project's other stacks: the objects each one owns.

A new environment starts as a copied stack file. Forgetting to rename one of its projects or
domains would make two stacks manage one live object, each undoing the other's changes; the
program warns (it cannot know whether the copy is deliberate, e.g. a disaster-recovery stack
that takes over a domain) and names the key to change. What stacks share on purpose (one
Supabase project or Cloudinary cloud, declared `sharedWith` in the cost table) is not compared.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import ValidationError

from .base import PROJECT_NAMESPACE
from .secrets import all_secret_specs
from .stack import StackSections

_PREFIX = f"{PROJECT_NAMESPACE}:"
# Where Pulumi.yaml and the stack files are: the folder holding `infra/`.
PROJECT_DIR = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class OwnedObject:
    """One live object a stack manages, and the config key that names it."""

    kind: str
    name: str
    key: str


def owned_objects(sections: StackSections) -> tuple[OwnedObject, ...]:
    frontend, backend = sections.frontend, sections.backend
    owned = [
        OwnedObject("Vercel project", frontend.project_name, "frontend.projectName"),
        OwnedObject("Railway project", backend.project.name, "backend.project.name"),
        OwnedObject("domain", backend.domain, "backend.domain"),
    ]
    if frontend.domain is not None:
        owned.append(OwnedObject("domain", frontend.domain, "frontend.domain"))
    owned += [OwnedObject("domain", name, f"frontend.redirectDomains[{i}]") for i, name in enumerate(frontend.redirect_domains)]
    if sections.edge is not None:
        owned.append(OwnedObject("Cloudflare zone", sections.edge.zone, "edge.zone"))
    return tuple(owned)


def shared_with_neighbours(stack: str, sections: StackSections, neighbours: Mapping[str, StackSections]) -> list[str]:
    """One warning per object this stack would manage together with another stack."""
    theirs = {(o.kind, o.name): name for name, other in sorted(neighbours.items()) if name != stack for o in owned_objects(other)}
    return [
        f"{o.kind} {o.name!r} ({_PREFIX}{o.key}) is also managed by stack {theirs[(o.kind, o.name)]!r}: two stacks would "
        f"undo each other's changes to it. Unless this stack takes it over on purpose, give it its own: "
        f"pulumi config set --stack {stack} --path '{o.key}' <new value>"
        for o in owned_objects(sections)
        if (o.kind, o.name) in theirs
    ]


def neighbour_sections(project_dir: Path, stack: str) -> dict[str, StackSections]:
    """The other stacks' files beside this one that parse; one that does not is reported by its own plan."""
    neighbours = {}
    for path in sorted(project_dir.glob("Pulumi.*.yaml")):
        name = path.name[len("Pulumi.") : -len(".yaml")]
        if name == stack:
            continue
        sections = _sections_of(path)
        if sections is not None:
            neighbours[name] = sections
    return neighbours


def _sections_of(path: Path) -> StackSections | None:
    try:
        document = yaml.safe_load(path.read_text()) or {}
        entries = document.get("config") or {}
        return StackSections.model_validate(dict(_plain_sections(entries.items())))
    except (OSError, yaml.YAMLError, ValidationError, AttributeError):
        return None


def _plain_sections(entries: Iterable[tuple[str, object]]) -> Iterable[tuple[str, object]]:
    secret_keys = {spec.key for spec in all_secret_specs()}
    for key, value in entries:
        if key.startswith(_PREFIX) and key not in secret_keys:
            yield key[len(_PREFIX) :], value
