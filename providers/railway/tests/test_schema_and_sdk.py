"""The package schema is valid, current, served by the plugin, and the SDK is the one it generates."""

from __future__ import annotations

import inspect
import json
import subprocess
import sys

import jsonschema
import pytest
from plugin_harness import PACKAGE_DIR

import pulumiverse_railway as railway

SCHEMA = json.loads((PACKAGE_DIR / "schema.json").read_text())
METASCHEMA_PATH = PACKAGE_DIR.parents[1].parent / "shared" / "pulumi" / "package-metaschema.json"
KINDS = ["Project", "Environment", "Service", "ServiceInstance", "VariableCollection", "ServiceDomain", "CustomDomain"]


def metaschema() -> dict:
    """Pulumi's package metaschema, its ECMA named groups `(?<name>` made Python's `(?P<name>`."""
    if not METASCHEMA_PATH.is_file():
        pytest.fail(f"Pulumi's package metaschema not found at {METASCHEMA_PATH}: put ../shared beside the repository")
    return json.loads(METASCHEMA_PATH.read_text().replace("(?<", "(?P<"))


def test_the_schema_validates_against_pulumis_package_metaschema():
    errors = [f"{e.json_path}: {e.message}" for e in jsonschema.Draft202012Validator(metaschema()).iter_errors(SCHEMA)]
    assert not errors, errors


def test_the_schema_has_the_seven_resource_types_a_terraform_provider_user_knows():
    assert sorted(SCHEMA["resources"]) == sorted(f"railway:index:{kind}" for kind in KINDS)


def test_the_token_is_secret_in_the_config_and_the_provider():
    assert SCHEMA["config"]["variables"]["token"]["secret"] and SCHEMA["provider"]["inputProperties"]["token"]["secret"]


def test_every_identity_input_replaces_and_says_so():
    for token, resource in SCHEMA["resources"].items():
        for name, prop in resource["inputProperties"].items():
            if prop.get("replaceOnChanges"):
                assert "replaces the resource" in prop["description"], f"{token}.{name} replaces without saying so"


def test_the_schema_and_sdk_are_what_the_specs_generate():
    result = subprocess.run([sys.executable, "scripts/generate.py", "--check"], cwd=PACKAGE_DIR, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_the_plugin_serves_the_committed_schema(plugin_process):
    from pulumi.runtime.proto import provider_pb2

    served = plugin_process.stub.GetSchema(provider_pb2.GetSchemaRequest(version=0)).schema
    assert json.loads(served) == SCHEMA


@pytest.mark.parametrize("kind", KINDS)
def test_each_sdk_resource_has_its_args_class_a_get_by_id_and_every_schema_input(kind):
    resource, args = getattr(railway, kind), getattr(railway, f"{kind}Args")
    spec = SCHEMA["resources"][f"railway:index:{kind}"]
    keywords = set(inspect.signature(args.__init__).parameters) - {"__self__"}
    wanted = {_snake(name) for name in spec["inputProperties"]}
    assert keywords == wanted, f"{kind}Args takes {sorted(keywords)}, the schema declares {sorted(wanted)}"
    assert callable(getattr(resource, "get", None)), f"{kind} has no get()"
    outputs = {name for name, member in inspect.getmembers(resource) if isinstance(member, property)}
    assert {_snake(name) for name in spec["properties"]} <= outputs, f"{kind} lacks outputs"


def test_the_sdk_has_a_provider_resource_with_a_token_and_an_endpoint():
    keywords = set(inspect.signature(railway.ProviderArgs.__init__).parameters) - {"__self__"}
    assert keywords == {"token", "endpoint"}


def test_the_sdk_version_is_the_schema_version_and_the_distribution_version():
    pyproject = (PACKAGE_DIR / "pyproject.toml").read_text()
    assert railway._utilities.get_version() == SCHEMA["version"] and f'version = "{SCHEMA["version"]}"' in pyproject


# How Pulumi's Python codegen names the inputs whose spelling is not plain camelCase.
SNAKE_NAMES = {"vCPUs": "v_cpus", "memoryGB": "memory_gb", "prDeploys": "pr_deploys", "cnameTarget": "cname_target"}


def _snake(name: str) -> str:
    import re

    return SNAKE_NAMES.get(name) or re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()
