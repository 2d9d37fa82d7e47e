"""Reads the config Pulumi handed to this program (by the CLI, or by the offline plan)."""

from __future__ import annotations

import pulumi

from infra.pulumi_internals import stack_config

from .loader import load_stack_config
from .stack import StackConfig


def load_from_pulumi() -> StackConfig:
    raw, secret_keys = stack_config()
    return load_stack_config(pulumi.get_stack(), raw, secret_keys)
