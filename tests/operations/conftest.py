from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path

import pytest

from infra.operations.connect import ConnectTo
from infra.operations.expectations import Expectations, expectations_of, load_config

from .site import CORRECT, Faults, TestCA, serving


@pytest.fixture(scope="session")
def ca(tmp_path_factory: pytest.TempPathFactory) -> TestCA:
    return TestCA.create(tmp_path_factory.mktemp("ca"))


@pytest.fixture(scope="session")
def production() -> Expectations:
    return expectations_of(load_config("production"))


@pytest.fixture
def site(ca: TestCA, tmp_path: Path) -> Iterator[Callable[..., AbstractContextManager[ConnectTo]]]:
    def start(expected: Expectations, faults: Faults = CORRECT) -> AbstractContextManager[ConnectTo]:
        return serving(expected, ca, tmp_path, faults)

    yield start
