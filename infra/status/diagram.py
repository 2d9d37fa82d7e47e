"""The architecture diagram: a Mermaid flowchart of the plan's resource graph.

- One node per declared platform object (custom resources; components and providers are not
  objects on a platform), grouped in a subgraph per platform.
- One edge per real dependency the engine would receive, from what a resource is built from to
  the resource: solid when one of its properties takes the other's output, dotted when it is
  only ordered after it (`depends_on`). Edges whose meaning is not obvious are labelled.
- One thick edge from each DNS record to the declared object serving the same host name: that
  is where the record sends traffic, even when the record also takes its target from that object.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from infra.plan import PlannedResource

from .inventory import (
    CLOUDFLARE_DNS_RECORD,
    CLOUDFLARE_NOTIFICATION_POLICY,
    RAILWAY_VARIABLES,
    VERCEL_VARIABLE,
    Shown,
    plain,
    platform_objects,
    platform_of,
    served_host,
    type_name,
)
from .sources import Declared

DIRECTION = "LR"
# The input that best says which object a node is, in order of preference.
SUMMARY_INPUTS = ("domain", "key", "name", "settingId")


@dataclass(frozen=True)
class EdgeLabel:
    """Names an edge whose meaning a reader would otherwise have to work out: the dependent
    takes the dependency's output through `through` (a top-level property)."""

    text: str
    through: str
    dependent: Callable[[PlannedResource], bool]


EDGE_LABELS = (
    EdgeLabel("DNS target", "content", dependent=lambda r: r.type == CLOUDFLARE_DNS_RECORD),
    EdgeLabel("API URL", "value", dependent=lambda r: r.type == VERCEL_VARIABLE and "API_URL" in str(plain(r, "key", ""))),
    EdgeLabel("alerts on", "filters", dependent=lambda r: r.type == CLOUDFLARE_NOTIFICATION_POLICY),
    # The API's variables take a Vercel output only for CORS_ORIGINS, the frontend's origins.
    EdgeLabel("CORS origins", "variables", dependent=lambda r: r.type == RAILWAY_VARIABLES),
)


@dataclass(frozen=True)
class Edge:
    source: PlannedResource
    target: PlannedResource
    # The target's properties that take the source's output; empty: ordering only.
    properties: tuple[str, ...]

    @property
    def label(self) -> str | None:
        return next((rule.text for rule in EDGE_LABELS if rule.through in self.properties and rule.dependent(self.target)), None)


def node_id(resource: PlannedResource) -> str:
    slug = re.sub(r"[^A-Za-z0-9_]", "_", resource.name)
    return f"{platform_of(resource.type).key}_{type_name(resource.type)}_{slug}"


def dependency_edges(objects: list[PlannedResource]) -> list[Edge]:
    """Every (dependency, dependent) pair among `objects`, once."""
    by_urn = {r.urn: r for r in objects}
    edges = []
    for target in objects:
        for urn in sorted(set(target.dependencies) | {u for urns in target.property_dependencies.values() for u in urns}):
            if urn in by_urn and urn != target.urn:
                properties = tuple(sorted(p for p, urns in target.property_dependencies.items() if urn in urns))
                edges.append(Edge(by_urn[urn], target, properties))
    return edges


def host_routes(objects: list[PlannedResource]) -> list[tuple[PlannedResource, PlannedResource]]:
    """(DNS record, object serving the record's host name) pairs."""
    servers = [r for r in objects if r.type != CLOUDFLARE_DNS_RECORD and served_host(r) is not None]
    return [
        (record, server)
        for record in objects
        if record.type == CLOUDFLARE_DNS_RECORD
        for server in servers
        if served_host(server) == plain(record, "name")
    ]


def flowchart(declared: Declared) -> str:
    objects = platform_objects(declared.plan)
    shown = Shown(declared)
    lines = [f"flowchart {DIRECTION}"]
    for platform_key in sorted({platform_of(r.type).key for r in objects}):
        members = [r for r in objects if platform_of(r.type).key == platform_key]
        lines.append(f'  subgraph {platform_key}["{platform_of(members[0].type).title}"]')
        lines += [f'    {node_id(r)}["{_node_label(r, shown)}"]' for r in members]
        lines.append("  end")
    for edge in dependency_edges(objects):
        arrow = "-->" if edge.properties else "-.->"
        label = f"|{_escape(edge.label)}|" if edge.label else ""
        lines.append(f"  {node_id(edge.source)} {arrow}{label} {node_id(edge.target)}")
    lines += [f"  {node_id(record)} ==>|DNS| {node_id(server)}" for record, server in host_routes(objects)]
    return "\n".join(lines)


def _node_label(resource: PlannedResource, shown: Shown) -> str:
    host = served_host(resource)
    summary = (
        shown.value(host)
        if host
        else next((value for key in SUMMARY_INPUTS if isinstance(value := shown.value(resource.inputs.get(key)), str)), resource.name)
    )
    return f"{_escape(summary)}<br/>{type_name(resource.type)}"


def _escape(text: str) -> str:
    return text.replace('"', "#quot;").replace("|", "#124;")
