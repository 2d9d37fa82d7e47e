"""What a new user meets first, said so they can act on it: a YAML mistake names the file and the
line, a key written twice is refused as the Pulumi CLI refuses it, a misspelt key gets the key it
most likely meant, and a missing section is added to the stack file, not set as one value."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from infra.config import ConfigError, load_stack_config
from infra.plan.stack_files import read_stack_file

NS = "myapp-infra"


def stack_dir(tmp_path: Path, stack_text: str) -> Path:
    (tmp_path / "Pulumi.yaml").write_text((Path(__file__).resolve().parents[1] / "Pulumi.yaml").read_text())
    (tmp_path / "Pulumi.new.yaml").write_text(stack_text)
    return tmp_path


def refusal(tmp_path: Path, stack_text: str) -> str:
    with pytest.raises(ConfigError) as refused:
        read_stack_file("new", stack_dir(tmp_path, stack_text))
    return str(refused.value)


def test_a_yaml_mistake_names_the_file_and_the_line(tmp_path):
    message = refusal(tmp_path, "config:\n  myapp-infra:protect: true\n  myapp-infra:frontend: [a\n")
    assert "Pulumi.new.yaml: is not valid YAML" in message and "line 4" in message and "<unicode string>" not in message, message


def test_a_key_written_twice_is_refused_naming_both_lines(tmp_path):
    message = refusal(tmp_path, "config:\n  myapp-infra:protect: true\n  myapp-infra:protect: false\n")
    assert "has the key 'myapp-infra:protect' twice (lines 2 and 3)" in message, message


def problems(edit) -> str:
    stack_file = read_stack_file("staging")
    raw = dict(stack_file.config)
    edit(raw)
    with pytest.raises(ConfigError) as refused:
        load_stack_config("staging", raw, set(stack_file.secret_keys))
    return str(refused.value)


def test_a_misspelt_key_gets_the_key_it_most_likely_meant():
    def misspell(raw: dict) -> None:
        backend = json.loads(raw[f"{NS}:backend"])
        backend["replcas"] = backend.pop("replicas")
        raw[f"{NS}:backend"] = json.dumps(backend)

    assert f"{NS}:backend.replcas: is not a known key; did you mean 'replicas'?" in problems(misspell)


def test_a_missing_section_is_added_to_the_stack_file_not_set_as_one_value():
    message = problems(lambda raw: raw.pop(f"{NS}:frontend"))
    assert "add a `myapp-infra:frontend:` section to Pulumi.staging.yaml" in message, message
    assert "--path 'frontend' <value>" not in message, message
