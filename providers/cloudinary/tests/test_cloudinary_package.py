"""The package stands on its own: metadata, licence, plugin entry points, and an SDK that is current."""

from __future__ import annotations

import subprocess
import sys
import tomllib

import pulumi
import pytest
from cloudinary_harness import PACKAGE_DIR


def test_the_distribution_is_apache_licensed_and_names_its_plugin():
    project = tomllib.loads((PACKAGE_DIR / "pyproject.toml").read_text())["project"]
    assert (project["name"], project["license"]) == ("pulumi-cloudinary-native", "Apache-2.0")
    assert "Apache License" in (PACKAGE_DIR / "LICENSE").read_text()
    assert project["scripts"]["pulumi-resource-cloudinary"] == "myapp_cloudinary.plugin.server:main"
    assert "runtime:\n  name: python" in (PACKAGE_DIR / "PulumiPlugin.yaml").read_text()


def test_the_schema_and_the_sdk_are_what_the_generator_writes():
    run = subprocess.run([sys.executable, str(PACKAGE_DIR / "scripts" / "generate.py"), "--check"], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr


class _Mocks(pulumi.runtime.Mocks):
    def __init__(self) -> None:
        self.registered: list[pulumi.runtime.MockResourceArgs] = []

    def new_resource(self, args):
        self.registered.append(args)
        return args.name, {**args.inputs, "cloudName": "myapp-prod"}

    def call(self, args):
        return {}


@pytest.fixture
def mocks():
    made = _Mocks()
    pulumi.runtime.set_mocks(made, preview=False)
    return made


@pulumi.runtime.test
def test_the_sdk_declares_a_preset_with_its_inputs_in_wire_names(mocks):
    import myapp_cloudinary

    preset = myapp_cloudinary.UploadPreset(
        "avatars", name="user-avatars", unsigned=True, allowed_formats=["jpg", "webp"], transformation="q_auto,f_auto"
    )

    def check(values):
        cloud, name = values
        assert (cloud, name) == ("myapp-prod", "user-avatars")
        registered = mocks.registered[-1]
        assert registered.typ == "cloudinary:index:UploadPreset"
        assert registered.inputs["allowedFormats"] == ["jpg", "webp"]

    return pulumi.Output.all(preset.cloud_name, preset.name).apply(check)
