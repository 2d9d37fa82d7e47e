"""Builders shared by the status document's tests: sections of a document, and a plan with a backend.

`with_backend` adds to a real plan what a Railway backend declares on the wire (type tokens
and input names of `infra.railway`), wired the way the issue describes: the API URL variable
takes the API domain, the CORS variable takes the frontend's origin, the API DNS record takes
the custom domain's target. It lets the backend's sections be checked before the backend
component exists, without depending on its Python API.
"""

from __future__ import annotations

import dataclasses

from infra.plan import PlannedResource
from infra.plan.model import SECRET_SIG_KEY, SECRET_SIG_VALUE
from infra.plan.recorder import mock_id
from infra.status import Declared

RAILWAY = "pulumi-python:dynamic/railway"
BACKEND_REPLICAS = 3
BACKEND_REGION = "us-east4"
BACKEND_HEALTH_PATH = "/health"
CORS_ORIGIN = "https://myapp.com"


def section(document: str, title: str) -> str:
    """The text of the `## title` section (up to the next `## `)."""
    start = document.index(f"\n## {title}\n")
    end = document.find("\n## ", start + 1)
    return document[start:] if end == -1 else document[start:end]


def subsection(text: str, title: str) -> str:
    start = text.index(f"\n### {title}\n")
    end = text.find("\n### ", start + 1)
    return text[start:] if end == -1 else text[start:end]


def secret(value: str) -> dict:
    return {SECRET_SIG_KEY: SECRET_SIG_VALUE, "value": value}


def _railway(stack: str, kind: str, name: str, inputs: dict, depends: dict[str, tuple[str, ...]]) -> PlannedResource:
    urns = tuple(sorted({urn for group in depends.values() for urn in group}))
    return PlannedResource(
        urn=f"urn:pulumi:{stack}::myapp-infra::myapp:railway:Backend${RAILWAY}:{kind}::{name}",
        type=f"{RAILWAY}:{kind}", name=name, parent=f"urn:pulumi:{stack}::myapp-infra::myapp:railway:Backend::myapp-backend",
        custom=True, inputs={"__provider": "gASVpickled-provider", **inputs}, dependencies=urns, property_dependencies=depends,
    )


def with_backend(declared: Declared, database_url: str, startup_secret: str | None = None) -> Declared:
    """`declared` plus a Railway service, its settings, variables and custom domain.
    `startup_secret`, if given, is interpolated into a plain input (a secret that lost its mark)."""
    plan, stack = declared.plan, declared.stack
    project = next(r for r in plan.resources if r.type == "vercel:index/project:Project")
    service = _railway(stack, "Service", "myapp-backend-service", {"name": "myapp-backend", "sourceRepo": "myapp/myapp-backend"}, {})
    instance = _railway(stack, "ServiceInstance", "myapp-backend-instance", {
        "serviceId": mock_id(service.type, service.name), "healthcheckPath": BACKEND_HEALTH_PATH, "healthcheckTimeout": 5.0,
        "numReplicas": float(BACKEND_REPLICAS), "region": BACKEND_REGION, "vCPUs": 1.0, "memoryGB": 1.0,
        "startCommand": f"node dist/server.js --db {startup_secret}" if startup_secret else "node dist/server.js",
    }, {"serviceId": (service.urn,)})
    variables = _railway(stack, "VariableCollection", "myapp-backend-variables", {
        "serviceId": mock_id(service.type, service.name), "sealed": ["DATABASE_URL"],
        "variables": {"CORS_ORIGINS": CORS_ORIGIN, "DATABASE_URL": secret(database_url), "NODE_ENV": "production"},
    }, {"serviceId": (service.urn,), "variables": (project.urn,)})
    domain = _railway(stack, "CustomDomain", "myapp-backend-domain", {
        "serviceId": mock_id(service.type, service.name), "domain": "api.myapp.com", "targetPort": 8080.0,
    }, {"serviceId": (service.urn,)})
    rewired = [_rewired(r, domain) for r in plan.resources]
    return dataclasses.replace(declared, plan=dataclasses.replace(plan, resources=(*rewired, service, instance, variables, domain)))


def _rewired(resource: PlannedResource, domain: PlannedResource) -> PlannedResource:
    """The API URL variable and the API DNS record, taking their value from the custom domain."""
    inputs = resource.inputs
    if inputs.get("key") == "NEXT_PUBLIC_API_URL":
        prop = "value"
    elif resource.type == "cloudflare:index/dnsRecord:DnsRecord" and inputs.get("name") == "api.myapp.com":
        prop = "content"
    else:
        return resource
    return dataclasses.replace(
        resource,
        dependencies=tuple(sorted({*resource.dependencies, domain.urn})),
        property_dependencies={**resource.property_dependencies, prop: (domain.urn,)},
    )
