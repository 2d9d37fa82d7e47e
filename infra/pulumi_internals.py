"""The few private parts of the Pulumi SDK this repository relies on, in one place, each explained.

The public SDK has no way to (a) read the stack's whole config with its secret flags from inside
a program, or (b) run a program under mocks with a given config and wait for it outside a test
decorator. Both are needed: (a) by the config loader, which reports every problem at once and so
must see every key, and (b) by the offline plan. `tests/test_pulumi_internals.py` fails, naming
the part, when a Pulumi upgrade moves or changes any of them; fix them here and nowhere else.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import cast

import pulumi
from pulumi.runtime import config as runtime_config
from pulumi.runtime import settings as runtime_settings
from pulumi.runtime.mocks import MockMonitor
from pulumi.runtime.stack import run_in_stack
from pulumi.runtime.sync_await import _sync_await


def stack_config() -> tuple[dict[str, str], set[str]]:
    """Every config value of the running stack (raw strings, by `namespace:key`) and the secret keys.

    `pulumi.Config` answers one known key at a time; the runtime's `CONFIG` context variable holds
    all of them (as the engine handed them over), and the environment carries what a language
    host passes (`PULUMI_CONFIG`, `PULUMI_CONFIG_SECRET_KEYS`).
    """
    raw = {**runtime_config.get_config_env(), **runtime_config.CONFIG.get()}
    secret_keys = {key for key in raw if runtime_config.is_config_secret(key)}
    secret_keys |= set(runtime_config.get_config_secret_keys_env())
    return raw, secret_keys


def run_with_mocks(
    mocks: pulumi.runtime.Mocks,
    monitor: MockMonitor,
    *,
    project: str,
    stack: str,
    config: Mapping[str, str],
    secret_keys: set[str],
    program: Callable[[], None],
    preview: bool = True,
    logger: logging.Logger | None = None,
) -> None:
    """Run `program` as stack `stack` of `project` would run under the CLI, against `monitor`, and wait for it.

    - `set_mocks` opens and at once closes a root stack resource, which would drop the program's
      `pulumi.export`s; with a stand-in root set (`settings.ROOT`) it leaves the root alone, and
      `run_in_stack` then opens the real one as the CLI does.
    - `set_all_config` is how the language host hands a stack's config to the runtime.
    - `_sync_await` runs the event loop until the program and every registration it started are
      done: what `@pulumi.runtime.test` does, without being a test.
    """
    runtime_settings.ROOT.set(cast(pulumi.Resource, monitor))  # any non-None value stands in for the root
    pulumi.runtime.set_mocks(mocks, project=project, stack=stack, preview=preview, logger=logger, monitor=monitor)
    runtime_settings.ROOT.set(None)
    runtime_config.set_all_config(dict(config), sorted(secret_keys))
    _sync_await(run_in_stack(program))
