"""The architecture diagram, drawn from the plan's resource graph."""

from __future__ import annotations

from ..diagram import flowchart
from ..live import LiveState
from ..markdown import fenced_lines
from ..sources import Declared

LEGEND = (
    "One box per object the stack declares, grouped by platform. An arrow runs from what an "
    "object is built from to the object: solid when one of its settings takes the other's "
    "output, dotted when it is only created after it. A thick arrow runs from a DNS record "
    "to the object serving its host name."
)


def render_architecture(declared: Declared, live: LiveState) -> list[str]:
    return ["## Architecture", "", LEGEND, "", *fenced_lines(flowchart(declared), "mermaid")]
