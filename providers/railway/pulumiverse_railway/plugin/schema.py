"""The Pulumi package schema of `railway`, built from the resources' specs and the provider config.

`schema.json` at the package root is this, written by `scripts/generate.py` and checked by a test
to be current; the plugin answers GetSchema with the same text. The SDK is generated from it.
"""

from __future__ import annotations

import json
from typing import Any

from .config import CONFIG
from .resources import HANDLERS
from .spec import PACKAGE, _property

VERSION = "0.2.0"
GET_DEPLOYMENTS = f"{PACKAGE}:index:getDeployments"


def package_schema(version: str = VERSION) -> dict[str, Any]:
    config = {item.name: item.schema() for item in CONFIG}
    return {
        "name": PACKAGE,
        "displayName": "Railway",
        "version": version,
        "description": "Railway (railway.com) projects, services, settings, variables and domains as Pulumi resources.",
        "keywords": ["pulumi", "railway", "category/cloud", "kind/native"],
        "homepage": "https://github.com/pulumiverse/pulumi-railway",
        "repository": "https://github.com/pulumiverse/pulumi-railway",
        "publisher": "pulumiverse",
        "license": "Apache-2.0",
        "config": {"variables": config},
        "provider": {
            "description": "The Railway provider: a token (secret) and, for tests or proxies, an endpoint.",
            "inputProperties": config,
            "properties": config,
        },
        "resources": {token: handler.spec.schema() for token, handler in sorted(HANDLERS.items())},
        "functions": {GET_DEPLOYMENTS: _get_deployments()},
        # For `pulumi package gen-sdk` in other languages; the Python SDK here is generated from the same schema.
        "language": {
            "python": {"packageName": "pulumiverse_railway", "pyproject": {"enabled": True}, "respectSchemaVersion": True},
            "nodejs": {"packageName": "@pulumiverse/railway", "respectSchemaVersion": True},
            "go": {"importBasePath": "github.com/pulumiverse/pulumi-railway/sdk/go/railway", "respectSchemaVersion": True},
            "csharp": {"rootNamespace": "Pulumiverse", "respectSchemaVersion": True},
        },
    }


def _get_deployments() -> dict[str, Any]:
    where = {
        "projectId": _property("string", "The project.", False, False),
        "environmentId": _property("string", "The environment.", False, False),
        "serviceId": _property("string", "The service.", False, False),
    }
    deployments = _property("object-list", "The service's deployments in the environment, newest first: id, status, createdAt, canRollback, url.", False, False)
    return {
        "description": "A service's deployments in one environment, newest first: what a rollback picks its target from.",
        "inputs": {"properties": where, "required": sorted(where)},
        "outputs": {"properties": {"deployments": deployments}, "required": ["deployments"]},
    }


def schema_text(version: str = VERSION) -> str:
    return json.dumps(package_schema(version), indent=2, sort_keys=False) + "\n"
