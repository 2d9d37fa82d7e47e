"""The private parts of the Pulumi SDK that `infra/pulumi_internals.py` relies on are still there and
still behave as it says: a Pulumi upgrade that changes one fails here, naming it, not deep in a plan."""

from __future__ import annotations

import contextvars
import inspect

import pulumi
from pulumi.runtime import config as runtime_config
from pulumi.runtime import settings as runtime_settings
from pulumi.runtime.mocks import MockMonitor
from pulumi.runtime.sync_await import _sync_await

from infra.pulumi_internals import run_with_mocks, stack_config


class _Echo(pulumi.runtime.Mocks):
    def new_resource(self, args):
        return f"{args.name}-id", dict(args.inputs)

    def call(self, args):
        return {}


def test_the_runtime_still_keeps_the_whole_stack_config_in_a_context_variable():
    assert isinstance(runtime_config.CONFIG, contextvars.ContextVar), "pulumi.runtime.config.CONFIG is no longer a ContextVar"
    for name in ("get_config_env", "get_config_secret_keys_env", "is_config_secret", "set_all_config"):
        assert callable(getattr(runtime_config, name, None)), f"pulumi.runtime.config.{name} is gone"


def test_the_runtime_still_has_a_root_resource_slot_and_a_sync_await():
    assert isinstance(runtime_settings.ROOT, contextvars.ContextVar), "pulumi.runtime.settings.ROOT is no longer a ContextVar"
    assert callable(_sync_await) and "monitor" in inspect.signature(pulumi.runtime.set_mocks).parameters


def test_a_program_run_with_mocks_sees_its_stacks_config_and_which_keys_are_secret():
    seen: dict = {}

    def program() -> None:
        seen["config"] = stack_config()

    monitor = MockMonitor(_Echo())
    config = {"myapp-infra:plain": "a", "myapp-infra:hidden": "b"}
    run_with_mocks(_Echo(), monitor, project="p", stack="s", config=config, secret_keys={"myapp-infra:hidden"}, program=program)
    raw, secret_keys = seen["config"]
    assert raw == config and secret_keys == {"myapp-infra:hidden"}, seen
