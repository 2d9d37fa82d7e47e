"""A new platform is added in five files, and nothing else needs editing.

The test copies the repository, adds a toy platform the way README's "Adding a platform" says
(its config model with its `PLATFORM`, a field of the stack's config, its component, one line of
wiring, its stack-file keys), then runs the real commands on the copy and checks that every part
that used to keep its own list of platforms knows the new one: the plan declares its resources,
the config loader asks for its credential, and the status document gives it a section. `git
status` on the copy then lists exactly those files. (The workflows' secrets are still listed by
hand: a platform with a token adds it there too.)
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]

TOY_CONFIG = '''"""The `myapp-infra:toy` section: widgets on the Toy platform (a stand-in used by a test)."""

from __future__ import annotations

from pydantic import Field

from .base import ConfigModel
from .platform import Platform
from .secrets import SecretSpec


class ToyConfig(ConfigModel):
    size: int = Field(ge=1)


PLATFORM = Platform(
    "toy",
    "Toy",
    "Widgets",
    credentials=(SecretSpec("toy:token", "Toy API token", "<toy token>", env_var="TOY_TOKEN"),),
)
'''

TOY_COMPONENT = '''"""Widgets on the Toy platform (a stand-in used by a test)."""

from __future__ import annotations

import pulumi

from infra.config.toy import ToyConfig


class ToyWidgets(pulumi.ComponentResource):
    def __init__(self, name: str, config: ToyConfig, opts: pulumi.ResourceOptions | None = None):
        super().__init__("myapp:toy:Widgets", name, None, opts)
        self.widget = pulumi.CustomResource("toy:index:Widget", f"{name}-widget", {"size": config.size}, pulumi.ResourceOptions(parent=self))
        self.register_outputs({"widgetId": self.widget.id})
'''


def _copy_of_the_repository(tmp_path: Path) -> Path:
    copy = tmp_path / "main"
    files = (
        subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=REPO_ROOT, capture_output=True, check=True
        )
        .stdout.decode()
        .split("\0")
    )
    for name in (name for name in files if name and (REPO_ROOT / name).is_file()):
        target = copy / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO_ROOT / name, target)
    (tmp_path / "shared").symlink_to(REPO_ROOT.parent / "shared")
    for command in (["init", "-q"], ["add", "-A"], ["-c", "user.email=t@t", "-c", "user.name=t", "commit", "-qm", "copy"]):
        subprocess.run(["git", *command], cwd=copy, check=True)
    return copy


def _edit(path: Path, after: str, line: str) -> None:
    text = path.read_text()
    assert after in text, f"{path.name} no longer has {after!r}: update this test's recipe and the README's"
    path.write_text(text.replace(after, after + line, 1))


def _add_the_toy_platform(copy: Path) -> None:
    (copy / "infra" / "config" / "toy.py").write_text(TOY_CONFIG)
    stack_config = copy / "infra" / "config" / "stack.py"
    _edit(stack_config, "from .services import CloudinaryConfig, SupabaseConfig\n", "from .toy import ToyConfig\n")
    _edit(stack_config, "    edge: EdgeConfig | None = None\n", "    toy: ToyConfig | None = None\n")
    (copy / "infra" / "components" / "toy_widgets.py").write_text(TOY_COMPONENT)
    wiring = copy / "infra" / "stack.py"
    _edit(wiring, "from infra.components.options import ChildOptions\n", "from infra.components.toy_widgets import ToyWidgets\n")
    _edit(wiring, '    pulumi.export("apiUrl", api_url)\n', '    ToyWidgets("myapp-toy", config.toy) if config.toy else None\n')
    _edit(copy / "Pulumi.staging.yaml", "config:\n", "  myapp-infra:toy:\n    size: 3\n")


def _run(copy: Path, *args: str) -> str:
    env = {**os.environ, "PYTHONPATH": str(copy)}
    result = subprocess.run([sys.executable, *args], cwd=copy, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


@pytest.fixture(scope="module")
def toy_repository(tmp_path_factory) -> Path:
    copy = _copy_of_the_repository(tmp_path_factory.mktemp("toy"))
    _add_the_toy_platform(copy)
    return copy


def test_the_plan_declares_the_new_platforms_resources_under_its_component(toy_repository):
    plan = json.loads(_run(toy_repository, "-m", "infra.plan", "staging", "--json", "--no-policy"))
    types = {r["type"] for r in plan["stacks"][0]["resources"]}
    assert {"myapp:toy:Widgets", "toy:index:Widget"} <= types, sorted(types)


def test_the_config_loader_asks_for_the_new_platforms_credential(toy_repository):
    code = (
        "from infra.config import all_secret_specs; print([s.set_command('staging') for s in all_secret_specs() if s.key == 'toy:token'])"
    )
    assert "export TOY_TOKEN" in _run(toy_repository, "-c", code)


def test_the_status_document_gives_the_new_platform_its_section(toy_repository):
    _run(toy_repository, "-m", "infra.status", "staging", "--write")
    document = (toy_repository / "docs" / "status" / "staging.md").read_text()
    section = document[document.index("### Widgets (Toy)") :]
    assert "`myapp-toy-widget` (Widget)" in section.split("\n### ")[0], section[:400]


def test_adding_the_platform_touched_five_files_by_hand(toy_repository):
    listed = subprocess.run(["git", "status", "--porcelain"], cwd=toy_repository, capture_output=True, text=True, check=True).stdout
    touched = sorted(line[3:] for line in listed.splitlines() if not line[3:].startswith("docs/status/"))
    assert touched == [
        "Pulumi.staging.yaml",
        "infra/components/toy_widgets.py",
        "infra/config/stack.py",
        "infra/config/toy.py",
        "infra/stack.py",
    ], touched
