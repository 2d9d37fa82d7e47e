"""The Pulumi package schema of `cloudinary`, built from the preset's declaration and the provider config.

`schema.json` at the package root is this, written by `scripts/generate.py` and checked by a test
to be current and valid against Pulumi's package metaschema; the plugin answers GetSchema with it.
"""

from __future__ import annotations

import json
from typing import Any

from .config import CONFIG
from .upload_preset import INPUTS, TOKEN

VERSION = "0.1.0"


def _property(schema: dict[str, Any], description: str, secret: bool = False, replaces: bool = False) -> dict[str, Any]:
    prop = {**schema, "description": description}
    if secret:
        prop["secret"] = True
    if replaces:
        prop["replaceOnChanges"] = True
    return prop


def package_schema(version: str = VERSION) -> dict[str, Any]:
    config = {item.name: _property({"type": "string"}, item.description, item.secret) for item in CONFIG}
    inputs = {
        i.name: _property(i.schema, i.description + (" Changing it replaces the preset." if i.replaces else ""), replaces=i.replaces)
        for i in INPUTS
    }
    outputs = {"cloudName": _property({"type": "string"}, "The cloud the preset lives in (the provider's `cloudName`).")}
    required = [i.name for i in INPUTS if i.required]
    return {
        "name": "cloudinary",
        "displayName": "Cloudinary",
        "version": version,
        "description": "Cloudinary upload presets, through the Admin API.",
        "keywords": ["pulumi", "cloudinary", "category/cloud"],
        "license": "Apache-2.0",
        "publisher": "myapp",
        "repository": "https://github.com/myapp/myapp-infra",
        "meta": {"moduleFormat": "(.*)"},
        "config": {"variables": config},
        "provider": {"description": "The Cloudinary provider: one cloud, its Admin API key and secret.", "inputProperties": config},
        "resources": {
            TOKEN: {
                "description": (
                    "An upload preset of the configured cloud.\n\n## Import\n\n"
                    "`pulumi import cloudinary:index:UploadPreset <name> <preset name>`."
                ),
                "inputProperties": inputs,
                "requiredInputs": required,
                "properties": {**inputs, **outputs},
                "required": sorted([*required, "cloudName"]),
            }
        },
        "language": {"python": {"packageName": "myapp_cloudinary", "respectSchemaVersion": True}},
    }


def schema_text(version: str = VERSION) -> str:
    return json.dumps(package_schema(version), indent=2, sort_keys=True) + "\n"
