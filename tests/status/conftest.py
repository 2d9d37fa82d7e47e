"""Fixtures of the status document's tests: each stack's declared side built once per session
(from the shared plans), the sample live data, and Mermaid's real parser run through node."""

from __future__ import annotations

import dataclasses
import json
import shutil
import subprocess
from functools import cache
from pathlib import Path

import pytest

from infra.config import APPLICATION_SECRETS
from infra.plan.stack_files import read_stack_file
from infra.status import Declared, LiveState, declare, declare_stack, load_live, render_status
from tests.planning import STACKS
from tests.status.support import CLOUDFLARE, RAILWAY, without_platforms

DATA = Path(__file__).parent / "data"
REPO_ROOT = Path(__file__).resolve().parents[2]
NODE_TOOLS = REPO_ROOT / "tools" / "node"
PLANTED = "PLANTED-s3cr3t-7c1e9a"


@dataclasses.dataclass(frozen=True)
class MermaidResult:
    ok: bool
    error: str
    diagrams: list[dict]


@pytest.fixture(scope="session")
def production_declared(production_plan) -> Declared:
    return declare_stack("production", production_plan)


@pytest.fixture(scope="session")
def staging_declared(staging_plan) -> Declared:
    return declare_stack("staging", staging_plan)


@pytest.fixture(scope="session")
def declared_stack(planned):
    """A stack's declared side by name, built once per session."""
    return cache(lambda stack: declare_stack(stack, planned(stack)))


@pytest.fixture(scope="session", params=STACKS)
def declared(request, declared_stack) -> Declared:
    """Each stack in turn."""
    return declared_stack(request.param)


@pytest.fixture(scope="session")
def document(declared) -> str:
    """Each real stack's document, without live data (as committed)."""
    return render_status(declared, LiveState())


@pytest.fixture(scope="session")
def production_document(production_declared) -> str:
    return render_status(production_declared, LiveState())


@pytest.fixture(scope="session")
def staging_document(staging_declared) -> str:
    return render_status(staging_declared, LiveState())


@pytest.fixture(scope="session")
def production_live() -> LiveState:
    return load_live("production", DATA / "production.outputs.json", DATA / "production.history.json")


@pytest.fixture(scope="session")
def live_document(production_declared, production_live) -> str:
    return render_status(production_declared, production_live)


@pytest.fixture(scope="session")
def vercel_only_document(production_declared) -> str:
    """Production's document with its Railway and Cloudflare objects taken out of the plan:
    what a stack that declares neither platform reads."""
    return render_status(without_platforms(production_declared, RAILWAY, CLOUDFLARE), LiveState())


@pytest.fixture(scope="session")
def planted_document() -> str:
    """Production planned anew with every application secret set to a distinctive value (the
    backend's variables hold them all), one of them also pasted into a plain setting (the
    backend's start command, where it has no secret mark), and live data holding one too, as
    `--show-secrets` would print it."""
    stack_file = read_stack_file("production")
    values = {spec.key: f"{PLANTED}-{spec.key.split(':')[1]}" for spec in APPLICATION_SECRETS}
    backend = json.loads(stack_file.config["myapp-infra:backend"])
    backend["startCommand"] = f"node dist/server.js --jwt-secret {values['myapp-infra:jwtSecret']}"
    config = {**stack_file.config, **values, "myapp-infra:backend": json.dumps(backend)}
    declared = declare(dataclasses.replace(stack_file, config=config))
    outputs = {"frontendUrl": "https://myapp.com", "oldDatabaseUrl": values["myapp-infra:databaseUrl"]}
    return render_status(declared, LiveState(outputs=outputs, history=()))


@pytest.fixture(scope="session")
def parse_mermaid():
    """Runs `tools/node/parse-mermaid.mjs` (Mermaid's own parser) on a text."""
    node = shutil.which("node")
    if node is None or not (NODE_TOOLS / "node_modules" / "mermaid").is_dir():
        pytest.fail("Mermaid's parser is not installed: run `make test` (it runs `npm ci --prefix tools/node`)")

    def parse(text: str) -> MermaidResult:
        run = subprocess.run([node, str(NODE_TOOLS / "parse-mermaid.mjs")], input=text, capture_output=True, text=True, timeout=120)
        return MermaidResult(run.returncode == 0, run.stderr.strip(), json.loads(run.stdout) if run.returncode == 0 else [])

    return parse


@pytest.fixture(scope="session")
def production_diagram(parse_mermaid, production_document) -> MermaidResult:
    return parse_mermaid(production_document)


@pytest.fixture(scope="session")
def staging_diagram(parse_mermaid, staging_document) -> MermaidResult:
    return parse_mermaid(staging_document)
