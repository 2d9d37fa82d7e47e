"""The backend set of Railway resources, created through the providers against a fake Railway.

Shared by the provider tests and `bench/railway_requests.py`: one table says, per resource kind,
which provider makes it and from which inputs (ids of the resources made before it).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pulumi.dynamic import ResourceProvider

from infra.railway import (
    CustomDomainProvider,
    EnvironmentProvider,
    ProjectProvider,
    ServiceDomainProvider,
    ServiceInstanceProvider,
    ServiceProvider,
    VariableCollectionProvider,
)

SECRET_VALUE = "sk_test_planted_value_for_tests"


@dataclass
class Made:
    """One resource as Pulumi would hold it after create: its provider, id, inputs and outputs."""

    kind: str
    provider: ResourceProvider
    id: str
    inputs: dict[str, Any]
    outs: dict[str, Any]


@dataclass
class BackendSet:
    made: dict[str, Made] = field(default_factory=dict)

    def __getitem__(self, kind: str) -> Made:
        return self.made[kind]

    def id(self, kind: str) -> str:
        return self.made[kind].id


def _ids(backend: BackendSet, **kinds: str) -> dict[str, str]:
    return {name: backend.id(kind) for name, kind in kinds.items()}


# kind -> (provider class, inputs from the resources made before it); in creation order.
RECIPES: dict[str, tuple[type[ResourceProvider], Callable[[BackendSet], dict[str, Any]]]] = {
    "Project": (ProjectProvider, lambda b: {"name": "myapp-backend", "description": "myapp API"}),
    "Environment": (EnvironmentProvider, lambda b: {"name": "staging", **_ids(b, projectId="Project")}),
    "Service": (
        ServiceProvider,
        lambda b: {"name": "myapp-backend", "sourceRepo": "myapp/myapp-backend", "sourceRepoBranch": "staging", **_ids(b, projectId="Project")},
    ),
    "ServiceInstance": (
        ServiceInstanceProvider,
        lambda b: {
            "builder": "RAILPACK",
            "healthcheckPath": "/health",
            "healthcheckTimeout": 30.0,
            "numReplicas": 2.0,
            "region": "us-east4",
            "restartPolicyType": "ON_FAILURE",
            "vCPUs": 1.0,
            "memoryGB": 1.0,
            **_ids(b, serviceId="Service", environmentId="Environment"),
        },
    ),
    "VariableCollection": (
        VariableCollectionProvider,
        lambda b: {
            "variables": {"NODE_ENV": "production", "PORT": "8080", "STRIPE_SECRET_KEY": SECRET_VALUE},
            "sealed": ["STRIPE_SECRET_KEY"],
            **_ids(b, projectId="Project", environmentId="Environment", serviceId="Service"),
        },
    ),
    "ServiceDomain": (
        ServiceDomainProvider,
        lambda b: {"subdomain": "myapp-backend-staging", "targetPort": 8080.0, **_ids(b, environmentId="Environment", serviceId="Service")},
    ),
    "CustomDomain": (
        CustomDomainProvider,
        lambda b: {"domain": "api.myapp.com", "targetPort": 8080.0, **_ids(b, projectId="Project", environmentId="Environment", serviceId="Service")},
    ),
}


def make(provider: ResourceProvider, inputs: dict[str, Any], kind: str | None = None) -> Made:
    """check, then create, as the engine does; a check failure is a broken recipe."""
    checked = provider.check({}, inputs)
    assert not checked.failures, f"{kind} inputs fail check: {[f.reason for f in checked.failures]}"
    created = provider.create(checked.inputs)
    return Made(kind or type(provider).__name__, provider, created.id, checked.inputs, created.outs)


def create_backend_set(on_created: Callable[[str], None] = lambda _kind: None) -> BackendSet:
    backend = BackendSet()
    for kind, (provider_class, inputs) in RECIPES.items():
        backend.made[kind] = make(provider_class(), inputs(backend), kind)
        on_created(kind)
    return backend
