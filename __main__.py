"""The Pulumi program: load the stack's config once, then declare the stack."""

from infra.config import load_from_pulumi
from infra.stack import build_stack

build_stack(load_from_pulumi())
