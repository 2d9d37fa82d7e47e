"""The frontend's production deployments on Vercel, and the rollback to one (Vercel's REST API).

Endpoints (vercel.com/docs/rest-api): GET /v9/projects/{idOrName} (the project, whose
`targets.production` is the deployment serving production), GET /v6/deployments?projectId=
&target=production&state=READY (newest first, `uid` and `created`), and
POST /v1/projects/{projectId}/rollback/{deploymentId} (201: production's domains now point there).
"""

from __future__ import annotations

from dataclasses import dataclass

import httpx

DEFAULT_API = "https://api.vercel.com"


class VercelError(RuntimeError):
    pass


@dataclass(frozen=True)
class VercelDeployment:
    id: str
    url: str
    created: int


class VercelDeployments:
    def __init__(self, token: str, api: str = DEFAULT_API, team_id: str | None = None, timeout: float = 30.0):
        if not token:
            raise VercelError("no Vercel token: set VERCEL_TOKEN (or VERCEL_API_TOKEN, the provider's variable)")
        self._http = httpx.Client(base_url=api, headers={"Authorization": f"Bearer {token}"}, timeout=timeout)
        self._team = {"teamId": team_id} if team_id else {}

    def close(self) -> None:
        self._http.close()

    def project(self, name: str) -> tuple[str, str | None]:
        """The project's id and the id of the deployment serving production now."""
        project = self._get(f"/v9/projects/{name}", {}, f"project {name!r}")
        production = (project.get("targets") or {}).get("production") or {}
        return project["id"], production.get("id")

    def production_deployments(self, project_id: str, limit: int = 20) -> list[VercelDeployment]:
        query = {"projectId": project_id, "target": "production", "state": "READY", "limit": str(limit)}
        answer = self._get("/v6/deployments", query, f"deployments of project {project_id!r}")
        found = [VercelDeployment(d["uid"], d.get("url", ""), d["created"]) for d in answer.get("deployments", [])]
        return sorted(found, key=lambda d: d.created, reverse=True)

    def rollback(self, project_id: str, deployment_id: str, reason: str) -> None:
        response = self._http.post(f"/v1/projects/{project_id}/rollback/{deployment_id}", params={**self._team, "description": reason})
        if response.status_code != 201:
            raise VercelError(
                f"rollback of project {project_id!r} to {deployment_id!r} refused: HTTP {response.status_code} {_message(response)}"
            )

    def _get(self, path: str, query: dict[str, str], what: str) -> dict:
        response = self._http.get(path, params={**self._team, **query})
        if response.status_code != 200:
            raise VercelError(f"reading {what} failed: HTTP {response.status_code} {_message(response)}")
        return response.json()


def _message(response: httpx.Response) -> str:
    """Vercel's error answers are {"error": {"code", "message"}}; never the request's headers."""
    try:
        error = response.json().get("error") or {}
    except ValueError:
        return ""
    return f"{error.get('code', '')}: {error.get('message', '')}".strip(": ")


def previous(deployments: list[VercelDeployment], current_id: str | None) -> VercelDeployment:
    """The newest production deployment older than the one serving now."""
    ids = [d.id for d in deployments]
    older = deployments[ids.index(current_id) + 1 :] if current_id in ids else deployments[1:]
    if not older:
        raise VercelError("no earlier READY production deployment to roll back to")
    return older[0]
