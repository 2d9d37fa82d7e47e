"""The generated deployment status document: what a stack declares, and what is deployed.

`declare_stack` reads the declared side (typed config, offline plan), `load_live` the
deployed side (Pulumi's outputs and history, when supplied), and `render_status` joins them.
"""

from .document import REGENERATE, committed_path, render_status
from .live import NOT_DEPLOYED, LiveDataError, LiveState, Update, load_live
from .sources import Declared, Redactor, declare, declare_stack

__all__ = [
    "NOT_DEPLOYED",
    "REGENERATE",
    "Declared",
    "LiveDataError",
    "LiveState",
    "Redactor",
    "Update",
    "committed_path",
    "declare",
    "declare_stack",
    "load_live",
    "render_status",
]
