"""The backend set of Railway resources, created through the plugin over gRPC against a fake Railway.

Shared by the plugin's tests and `bench/railway_requests.py`: one table says, per resource kind,
which inputs make it (ids of the resources made before it), in creation order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from plugin_harness import PluginProcess, Secret, Wire

# Not a real key: a value shaped to be recognised if it ever leaks.
SECRET_VALUE = "sk_test_planted_value_for_tests"


@dataclass
class Made:
    """One resource as the engine holds it after create: its id, inputs and outputs."""

    kind: str
    id: str
    inputs: dict[str, Any]
    outs: Wire

    @property
    def plain_inputs(self) -> dict[str, Any]:
        return {k: (v.value if isinstance(v, Secret) else v) for k, v in self.inputs.items()}

    def state(self) -> dict[str, Any]:
        """The outputs as the engine sends them back (secrets still secret)."""
        return rewrap(self.outs)


def rewrap(wire: Wire) -> dict[str, Any]:
    values = dict(wire.values)
    for path in wire.secrets:
        if len(path) == 1:
            values[path[0]] = Secret(values[path[0]])
        else:
            values[path[0]] = {**values[path[0]], path[1]: Secret(values[path[0]][path[1]])}
    return values


@dataclass
class BackendSet:
    made: dict[str, Made] = field(default_factory=dict)

    def __getitem__(self, kind: str) -> Made:
        return self.made[kind]

    def id(self, kind: str) -> str:
        return self.made[kind].id


def _ids(backend: BackendSet, **kinds: str) -> dict[str, str]:
    return {name: backend.id(kind) for name, kind in kinds.items()}


# kind -> inputs from the resources made before it; in creation order.
RECIPES: dict[str, Callable[[BackendSet], dict[str, Any]]] = {
    "Project": lambda b: {"name": "myapp-backend", "description": "myapp API", "defaultEnvironmentName": "production"},
    "Environment": lambda b: {"name": "staging", **_ids(b, projectId="Project")},
    "Service": lambda b: {
        "name": "myapp-backend",
        "sourceRepo": "myapp/myapp-backend",
        "sourceRepoBranch": "staging",
        **_ids(b, projectId="Project"),
    },
    "ServiceInstance": lambda b: {
        "builder": "RAILPACK",
        "healthcheckPath": "/health",
        "healthcheckTimeout": 30,
        "numReplicas": 2,
        "region": "us-east4-eqdc4a",
        "restartPolicyType": "ON_FAILURE",
        "vCPUs": 1.0,
        "memoryGB": 1.0,
        **_ids(b, serviceId="Service", environmentId="Environment"),
    },
    "VariableCollection": lambda b: {
        "variables": {"NODE_ENV": "production", "PORT": "8080", "STRIPE_SECRET_KEY": Secret(SECRET_VALUE)},
        "sealed": ["STRIPE_SECRET_KEY"],
        **_ids(b, projectId="Project", environmentId="Environment", serviceId="Service"),
    },
    "ServiceDomain": lambda b: {
        "subdomain": "myapp-backend-staging",
        "targetPort": 8080,
        **_ids(b, environmentId="Environment", serviceId="Service"),
    },
    "CustomDomain": lambda b: {
        "domain": "api.myapp.com",
        "targetPort": 8080,
        **_ids(b, projectId="Project", environmentId="Environment", serviceId="Service"),
    },
}


# How `pulumi import` names each object (the README's import table).
IMPORT_IDS: dict[str, Callable[[BackendSet], str]] = {
    "Project": lambda b: b.id("Project"),
    "Environment": lambda b: b.id("Environment"),
    "Service": lambda b: b.id("Service"),
    "ServiceInstance": lambda b: f"{b.id('Environment')}/{b.id('Service')}",
    "VariableCollection": lambda b: f"{b.id('Project')}/{b.id('Environment')}/{b.id('Service')}",
    "ServiceDomain": lambda b: f"{b.id('Environment')}/{b.id('Service')}/{b.id('ServiceDomain')}",
    "CustomDomain": lambda b: f"{b.id('Project')}/{b.id('CustomDomain')}",
}


def make(plugin: PluginProcess, kind: str, inputs: dict[str, Any], timeout: float = 0) -> Made:
    id_, outs = plugin.create(kind, inputs, timeout=timeout)
    return Made(kind, id_, inputs, outs)


def create_backend_set(plugin: PluginProcess, on_created: Callable[[str], None] = lambda _kind: None) -> BackendSet:
    backend = BackendSet()
    for kind, inputs in RECIPES.items():
        backend.made[kind] = make(plugin, kind, inputs(backend))
        on_created(kind)
    return backend
