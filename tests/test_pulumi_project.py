"""`Pulumi.yaml` is a valid project file that points the CLI at our provider plugins by path."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import yaml

REPO_ROOT = Path(__file__).resolve().parents[1]
METASCHEMA = REPO_ROOT.parent / "shared" / "pulumi" / "project-metaschema.json"


def project() -> dict:
    return yaml.safe_load((REPO_ROOT / "Pulumi.yaml").read_text())


def test_the_project_file_validates_against_pulumis_project_metaschema():
    errors = [
        f"{e.json_path}: {e.message}" for e in jsonschema.Draft202012Validator(json.loads(METASCHEMA.read_text())).iter_errors(project())
    ]
    assert not errors, errors


def test_each_provider_plugin_entry_names_a_folder_the_cli_can_run_without_a_version_pin():
    entries = project()["plugins"]["providers"]
    assert [entry["name"] for entry in entries] == ["railway"]
    for entry in entries:
        folder = REPO_ROOT / entry["path"]
        assert (folder / "PulumiPlugin.yaml").is_file() and (folder / "__main__.py").is_file(), f"{folder} is not a runnable plugin folder"
        # An entry with a version the program does not ask for is skipped by the engine: leave it out.
        assert "version" not in entry, entry
