"""The backend's deployments on Railway, through our provider package's public client.

The package gives the deployment list and the checked rollback (`deploymentRollback` once
`canRollback`); this module adds only what an operator has and the program does not: finding
the project, environment and service ids from the names in the stack's config.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from infra.config.backend import BackendConfig
from pulumiverse_railway.plugin.client import RailwayClient
from pulumiverse_railway.plugin.deployments import Deployment, list_deployments, rollback, rollback_target
from pulumiverse_railway.plugin.documents import Operation
from pulumiverse_railway.plugin.errors import RailwayError

LOOKUP = Operation(
    "OperationsProjectLookup", Path(__file__).with_name("railway_lookup.graphql").read_text(), False, "railway_lookup.graphql"
)
# Railway's states of a deployment that will not become SUCCESS any more.
_FINAL_FAILURES = {"FAILED", "CRASHED", "REMOVED", "SKIPPED"}


@dataclass(frozen=True)
class ServicePlace:
    project_id: str
    environment_id: str
    service_id: str


def find_service(client: RailwayClient, backend: BackendConfig) -> ServicePlace:
    answer = client.execute(LOOKUP, {"first": 100}, resource=f"project {backend.project.name!r}")
    projects = [edge["node"] for edge in answer["projects"]["edges"]]
    project = next((p for p in projects if p["name"] == backend.project.name), None)
    if project is None:
        raise RailwayError(f"no Railway project named {backend.project.name!r} (backend.project.name) is visible to this token")
    environment = _named(project["environments"], backend.environment, "environment", "backend.environment")
    service = _named(project["services"], backend.service_name, "service", "backend.serviceName")
    return ServicePlace(project["id"], environment, service)


def _named(connection: dict, name: str, kind: str, key: str) -> str:
    found = next((edge["node"]["id"] for edge in connection["edges"] if edge["node"]["name"] == name), None)
    if found is None:
        raise RailwayError(f"the project has no {kind} named {name!r} ({key})")
    return found


def deployments_of(client: RailwayClient, place: ServicePlace) -> list[Deployment]:
    return list_deployments(client, place.project_id, place.environment_id, place.service_id)


def choose_target(deployments: list[Deployment], to: str | None) -> Deployment:
    if to is None:
        return rollback_target(deployments)
    target = next((d for d in deployments if d.id == to), None)
    if target is None:
        raise RailwayError(f"deployment {to!r} is not one of the service's deployments")
    return target


def roll_back(client: RailwayClient, place: ServicePlace, target: Deployment) -> None:
    rollback(client, deployments_of(client, place), target.id)


def wait_until_live(
    client: RailwayClient,
    place: ServicePlace,
    known: set[str],
    timeout: float,
    interval: float,
    sleep: Callable[[float], None] = time.sleep,
) -> Deployment:
    """Railway rolls back by deploying the target's image again: wait for that new deployment's SUCCESS."""
    deadline = time.monotonic() + timeout
    while True:
        fresh = [d for d in deployments_of(client, place) if d.id not in known]
        if fresh and fresh[0].status == "SUCCESS":
            return fresh[0]
        if fresh and fresh[0].status in _FINAL_FAILURES:
            raise RailwayError(f"the rollback's deployment {fresh[0].id!r} ended {fresh[0].status}")
        if time.monotonic() > deadline:
            raise RailwayError(f"the rollback's deployment was not live after {timeout:.0f} s")
        sleep(interval)
