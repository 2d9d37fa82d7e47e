"""Fixtures of the delivery tests (builders live in `support.py`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.delivery.support import DATA_DIR


@pytest.fixture(scope="session")
def data_dir() -> Path:
    return DATA_DIR
