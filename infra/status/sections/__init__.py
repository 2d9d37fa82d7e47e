"""The document's sections, one module per family; each is `render(declared, live) -> lines`."""

from .architecture import render_architecture
from .costs import render_costs
from .domains import render_domains
from .environment import render_environment, render_history
from .monitoring import render_monitoring
from .scaling import render_scaling
from .security import render_security
from .services import render_services
from .variables import render_variables

__all__ = [
    "render_architecture",
    "render_costs",
    "render_domains",
    "render_environment",
    "render_history",
    "render_monitoring",
    "render_scaling",
    "render_security",
    "render_services",
    "render_variables",
]
