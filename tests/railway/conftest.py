"""Fixtures for the Railway provider's tests: the published schema and a fake Railway on 127.0.0.1."""

from __future__ import annotations

import uuid

import pytest
from graphql import GraphQLSchema

from infra.railway.resources._base import ENDPOINT_ENV, TOKEN_ENV
from tests.railway.fake_railway import SCHEMA_PATH, FakeRailway, load_schema


@pytest.fixture(scope="session")
def railway_schema() -> GraphQLSchema:
    if not SCHEMA_PATH.is_file():
        pytest.fail(f"Railway's schema not found at {SCHEMA_PATH.resolve()}: clone the repository with ../shared beside it")
    return load_schema()


@pytest.fixture
def railway_token() -> str:
    """A token shaped like none other, so a test can prove it never leaks."""
    return f"rw-secret-{uuid.uuid4().hex}"


@pytest.fixture
def fake_railway(railway_schema, railway_token, monkeypatch) -> FakeRailway:
    """A fresh fake Railway; the providers reach it through RAILWAY_API_URL and RAILWAY_TOKEN."""
    fake = FakeRailway(railway_schema, railway_token).start()
    monkeypatch.setenv(ENDPOINT_ENV, fake.url)
    monkeypatch.setenv(TOKEN_ENV, railway_token)
    yield fake
    fake.stop()
