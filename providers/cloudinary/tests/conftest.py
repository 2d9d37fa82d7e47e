"""Fixtures: a fake Cloudinary Admin API on 127.0.0.1, and clients pointed at it."""

from __future__ import annotations

import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from cloudinary_harness import Plugin, secret
from fake_cloudinary import FakeCloudinary

from myapp_cloudinary.plugin.client import CloudinaryClient, Credentials, RetryPolicy

CLOUD = "myapp-prod"


@pytest.fixture
def api_key() -> str:
    return f"key{uuid.uuid4().int % 10**15:015d}"


@pytest.fixture
def api_secret() -> str:
    """A secret shaped like none other, so a test can prove it never leaks."""
    return f"cld-secret-{uuid.uuid4().hex}"


@pytest.fixture
def fake(api_key, api_secret) -> Iterator[FakeCloudinary]:
    server = FakeCloudinary(CLOUD, api_key, api_secret).start()
    yield server
    assert server.violations == [], "every request must match the documented upload-preset shapes"
    server.stop()


@pytest.fixture
def waits() -> list[float]:
    return []


@pytest.fixture
def client(fake, api_key, api_secret, waits) -> Iterator[CloudinaryClient]:
    with CloudinaryClient(
        Credentials(CLOUD, api_key, api_secret), api_base=fake.url, timeout=2.0, retry=RetryPolicy(attempts=4), sleep=waits.append
    ) as made:
        yield made


@pytest.fixture(scope="session")
def plugin_process(tmp_path_factory) -> Iterator[Plugin]:
    """One plugin process for the session; each test configures it for its own fake Cloudinary."""
    process = Plugin(tmp_path_factory.mktemp("plugin") / "stderr.log")
    yield process
    process.close()


@pytest.fixture
def plugin(plugin_process, fake, api_key, api_secret) -> Plugin:
    plugin_process.configure(cloudName=CLOUD, apiKey=secret(api_key), apiSecret=secret(api_secret), apiBase=fake.url)
    return plugin_process
