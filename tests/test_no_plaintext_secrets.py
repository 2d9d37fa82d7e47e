"""No secret value is ever written in plaintext: not in inputs, plans, output or the repo."""

from __future__ import annotations

import json
import re
import subprocess
import uuid
from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from infra.config import all_secret_specs, load_from_pulumi
from infra.plan.model import is_secret
from infra.plan.recorder import record_program
from infra.plan.render import render_plan
from infra.plan.stack_files import read_stack_file
from infra.stack import build_stack
from tests.planning import STACKS

REPO_ROOT = Path(__file__).resolve().parents[1]
# Shapes of real credentials; tests build such values at run time, never commit them.
# A URL's password may be a placeholder: <hint>, {template} or ****-masked.
SECRET_SHAPES = re.compile(
    r"(sk|rk)_(live|test)_[A-Za-z0-9]{16,}|whsec_[A-Za-z0-9]{16,}|SG\.[\w-]{16,}\.[\w-]{16,}"
    r"|-----BEGIN [A-Z ]*PRIVATE KEY-----|eyJ[\w-]{10,}\.eyJ[\w-]{10,}\.[\w-]{10,}|://[^/\s:@'\"]+:(?![<{*])(?![^@\s]*PLACEHOLDER)[^/\s@'\"]+@"
)


@pytest.fixture(scope="module", params=STACKS)
def planted(request):
    """A stack planned with a distinctive value for every secret, as if set by the user."""
    stack_file = read_stack_file(request.param)
    values = {spec.key: f"planted-{uuid.uuid4().hex}" for spec in all_secret_specs() if spec.key in stack_file.config}
    stack_file = replace(stack_file, config={**stack_file.config, **values})
    return values, record_program(stack_file, lambda: build_stack(load_from_pulumi()))


def plaintext_strings(value, inside_secret=False):
    """Every string in a wire-form value that is not wrapped as a secret."""
    if is_secret(value):
        return
    if isinstance(value, dict):
        for item in value.values():
            yield from plaintext_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from plaintext_strings(item)
    elif isinstance(value, str):
        yield value


def test_every_secret_reaches_resources_only_wrapped_as_a_secret(planted):
    values, plan = planted
    for resource in plan.resources:
        leaked = [s for s in plaintext_strings(resource.inputs) for v in values.values() if v in s]
        assert not leaked, f"{resource.urn} holds a secret in plaintext"


def test_the_json_plan_masks_every_secret(planted):
    values, plan = planted
    text = json.dumps(plan.to_json())
    assert not [key for key, value in values.items() if value in text]


def test_the_printed_plan_masks_every_secret(planted):
    values, plan = planted
    text = render_plan(plan)
    assert not [key for key, value in values.items() if value in text]


def tracked_files() -> list[Path]:
    names = subprocess.run(["git", "ls-files", "-z"], cwd=REPO_ROOT, capture_output=True, check=True).stdout
    return [REPO_ROOT / name for name in names.decode().split("\0") if name]


def test_no_tracked_file_holds_a_credential_shaped_value():
    offenders = []
    for path in tracked_files():
        if path.suffix in {".png", ".gz"} or path.name == "package-lock.json" or not path.is_file():
            continue
        match = SECRET_SHAPES.search(path.read_text(errors="ignore"))
        if match:
            offenders.append(f"{path.relative_to(REPO_ROOT)}: {match.group(0)[:12]}…")
    assert not offenders, "credential-shaped values are committed:\n" + "\n".join(offenders)


@pytest.mark.parametrize("stack", STACKS)
def test_stack_files_hold_no_secret_key_in_plaintext(stack):
    entries = yaml.safe_load((REPO_ROOT / f"Pulumi.{stack}.yaml").read_text())["config"]
    plaintext = [spec.key for spec in all_secret_specs() if spec.key in entries and not isinstance(entries[spec.key], dict)]
    assert not plaintext, f"Pulumi.{stack}.yaml holds secrets in plaintext: {plaintext}"
