"""Fixtures: Railway's published schema, a fake Railway on 127.0.0.1, and the plugin as the engine runs it.

One plugin process serves the whole session (starting one costs about half a second); each test
gets a fresh fake Railway and points the plugin at it with `Configure`, as the engine does for
each provider it registers.
"""

from __future__ import annotations

import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from graphql import GraphQLSchema

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from backend_set import BackendSet, create_backend_set
from fake_railway import SCHEMA_PATH, FakeRailway, load_schema
from plugin_harness import FakeEngine, PluginProcess, plugin_env


@pytest.fixture(scope="session")
def railway_schema() -> GraphQLSchema:
    if not SCHEMA_PATH.is_file():
        pytest.fail(f"Railway's schema not found at {SCHEMA_PATH}: put ../shared beside the repository, or set RAILWAY_SCHEMA")
    return load_schema()


@pytest.fixture
def railway_token() -> str:
    """A token shaped like none other, so a test can prove it never leaks."""
    return f"rw-secret-{uuid.uuid4().hex}"


@pytest.fixture
def fake_railway(railway_schema, railway_token) -> Iterator[FakeRailway]:
    fake = FakeRailway(railway_schema, railway_token).start()
    yield fake
    fake.stop()


@pytest.fixture(scope="session")
def engine() -> Iterator[FakeEngine]:
    engine = FakeEngine()
    yield engine
    engine.stop()


@pytest.fixture(scope="session")
def plugin_process(engine, tmp_path_factory) -> Iterator[PluginProcess]:
    with PluginProcess(engine, plugin_env(None, None), tmp_path_factory.mktemp("plugin") / "stderr.log") as process:
        yield process


@pytest.fixture
def plugin(plugin_process, fake_railway, railway_token, engine) -> PluginProcess:
    """The session's plugin, configured for this test's fake Railway and token."""
    engine.logs.clear()
    plugin_process.configure(token=railway_token, endpoint=fake_railway.url)
    return plugin_process


@pytest.fixture
def backend(plugin, fake_railway) -> BackendSet:
    """The backend set, created through the plugin; the fake's request log starts empty after it."""
    made = create_backend_set(plugin)
    fake_railway.reset()
    return made
