"""Reads the config Pulumi handed to this program (by the CLI, or by the offline plan)."""

from __future__ import annotations

import pulumi
from pulumi.runtime import config as runtime_config

from .loader import load_stack_config
from .stack import StackConfig


def load_from_pulumi() -> StackConfig:
    raw = {**runtime_config.get_config_env(), **runtime_config.CONFIG.get()}
    secret_keys = {key for key in raw if runtime_config.is_config_secret(key)}
    secret_keys |= set(runtime_config.get_config_secret_keys_env())
    return load_stack_config(pulumi.get_stack(), raw, secret_keys)
