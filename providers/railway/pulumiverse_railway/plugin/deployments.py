"""A service's deployments and the rollback to one of them: what `getDeployments` and a rollback command use.

Railway rolls back by redeploying an earlier deployment (`deploymentRollback`), and documents
that only one with `canRollback: true` can be the target: `rollback` checks that first, so a
refused rollback is a clear error naming the deployment and its status, not Railway's.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from .client import RailwayClient
from .documents import OPERATIONS
from .errors import RailwayError

# How many deployments a listing returns at most (Railway's page), newest first.
DEFAULT_LIMIT = 20


@dataclass(frozen=True)
class Deployment:
    id: str
    status: str
    createdAt: str
    canRollback: bool
    url: str | None = None

    def as_output(self) -> dict[str, object]:
        return {k: v for k, v in asdict(self).items() if v is not None}


def list_deployments(client: RailwayClient, project_id: str, environment_id: str, service_id: str, limit: int = DEFAULT_LIMIT) -> list[Deployment]:
    where = {"projectId": project_id, "environmentId": environment_id, "serviceId": service_id}
    found = client.execute(OPERATIONS["DeploymentList"], {"input": where, "first": limit}, resource=f"deployments of service {service_id!r}")
    nodes = [edge["node"] for edge in found["deployments"]["edges"]]
    deployments = [
        Deployment(n["id"], n["status"], n["createdAt"], n["canRollback"], n.get("staticUrl") or n.get("url")) for n in nodes
    ]
    return sorted(deployments, key=lambda d: d.createdAt, reverse=True)


def rollback_target(deployments: list[Deployment], current_id: str | None = None) -> Deployment:
    """The newest deployment older than the current one (by default the newest successful one) that
    Railway can roll back to. `deployments` is newest first, as `list_deployments` gives it."""
    current = current_id or next((d.id for d in deployments if d.status == "SUCCESS"), None)
    ids = [d.id for d in deployments]
    older = deployments[ids.index(current) + 1 :] if current in ids else deployments
    for deployment in older:
        if deployment.canRollback:
            return deployment
    raise RailwayError("no earlier deployment can be rolled back to (none has canRollback): redeploy a known good commit instead")


def rollback(client: RailwayClient, deployments: list[Deployment], target_id: str) -> Deployment:
    """Roll the service back to `target_id`, one of `deployments`, after checking Railway allows it."""
    target = next((d for d in deployments if d.id == target_id), None)
    if target is None:
        known = ", ".join(d.id for d in deployments[:5]) or "none"
        raise RailwayError(f"deployment {target_id!r} is not one of the service's deployments (newest: {known})")
    if not target.canRollback:
        raise RailwayError(
            f"deployment {target_id!r} ({target.status}, {target.createdAt}) cannot be rolled back to: Railway reports "
            "canRollback false; pick another with getDeployments"
        )
    client.execute(OPERATIONS["DeploymentRollback"], {"id": target_id}, resource=f"deployment {target_id!r}")
    return target
