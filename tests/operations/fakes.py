"""Loopback fakes of Vercel's REST API and Railway's GraphQL API that keep deployments.

Each answers in its platform's published shapes (Vercel's REST reference; Railway's schema in
../shared/railway, against which every query the fake receives is validated) and can take as
long as the real platform: `latency` per request and `settle` seconds before a rollback is live.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from graphql import GraphQLSchema, build_schema, parse, validate

RAILWAY_SCHEMA = Path(__file__).resolve().parents[3] / "shared" / "railway" / "schema.graphql"
TOKEN = "fake-token-0123456789abcdef"


@cache
def railway_schema() -> GraphQLSchema:
    return build_schema(RAILWAY_SCHEMA.read_text())


@dataclass
class Timing:
    latency: float = 0.0
    settle: float = 0.0


@dataclass
class VercelState:
    project_id: str = "prj_frontend01"
    name: str = "myapp-frontend"
    # newest first: uid, created (ms)
    deployments: list[dict] = field(default_factory=list)
    production: str = ""
    rollbacks: list[tuple[str, str]] = field(default_factory=list)
    authorizations: list[str] = field(default_factory=list)


@dataclass
class RailwayState:
    project: dict = field(default_factory=dict)
    deployments: list[dict] = field(default_factory=list)
    rollbacks: list[str] = field(default_factory=list)
    operations: list[str] = field(default_factory=list)
    authorizations: list[str] = field(default_factory=list)


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        return

    def _reply(self, status: int, body: object) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def vercel_handler(state: VercelState, timing: Timing) -> type[BaseHTTPRequestHandler]:
    lock = threading.Lock()

    class Vercel(_Handler):
        def do_GET(self) -> None:
            time.sleep(timing.latency)
            state.authorizations.append(self.headers.get("Authorization", ""))
            url = urlsplit(self.path)
            query = {key: values[0] for key, values in parse_qs(url.query).items()}
            if url.path in (f"/v9/projects/{state.name}", f"/v9/projects/{state.project_id}"):
                with lock:
                    return self._reply(
                        200, {"id": state.project_id, "name": state.name, "targets": {"production": {"id": state.production}}}
                    )
            if url.path == "/v6/deployments" and query.get("projectId") == state.project_id:
                listed = [
                    d
                    for d in state.deployments
                    if query.get("target") in (None, d["target"]) and query.get("state") in (None, d["readyState"])
                ]
                listed = listed[: int(query.get("limit", "20"))]
                return self._reply(200, {"deployments": listed, "pagination": {"count": len(listed), "next": None, "prev": None}})
            return self._reply(404, {"error": {"code": "not_found", "message": "Project not found"}})

        def do_POST(self) -> None:
            time.sleep(timing.latency)
            state.authorizations.append(self.headers.get("Authorization", ""))
            parts = urlsplit(self.path).path.strip("/").split("/")
            if len(parts) == 5 and parts[:2] == ["v1", "projects"] and parts[3] == "rollback" and parts[2] == state.project_id:
                target = parts[4]
                if not any(d["uid"] == target and d["readyState"] == "READY" for d in state.deployments):
                    return self._reply(400, {"error": {"code": "bad_request", "message": "Deployment is not a rollback candidate"}})
                state.rollbacks.append((state.production, target))

                def switch() -> None:
                    time.sleep(timing.settle)
                    with lock:
                        state.production = target

                threading.Thread(target=switch, daemon=True).start()
                return self._reply(201, {})
            return self._reply(404, {"error": {"code": "not_found", "message": "Not found"}})

    return Vercel


def railway_handler(state: RailwayState, timing: Timing) -> type[BaseHTTPRequestHandler]:
    lock = threading.Lock()

    class Railway(_Handler):
        def do_POST(self) -> None:
            time.sleep(timing.latency)
            state.authorizations.append(self.headers.get("Authorization", ""))
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            document = parse(body["query"])
            errors = validate(railway_schema(), document)
            if errors:
                return self._reply(400, {"errors": [{"message": e.message} for e in errors]})
            name, variables = body.get("operationName"), body.get("variables") or {}
            state.operations.append(name)
            if name == "OperationsProjectLookup":
                return self._reply(200, {"data": {"projects": {"edges": [{"node": state.project}]}}})
            if name == "DeploymentList":
                with lock:
                    edges = [{"node": dict(d)} for d in state.deployments]
                return self._reply(200, {"data": {"deployments": {"edges": edges}}})
            if name == "DeploymentRollback":
                return self._reply(200, self._rollback(variables["id"]))
            return self._reply(200, {"errors": [{"message": f"fake has no {name}"}]})

        def _rollback(self, target_id: str) -> dict:
            target = next((d for d in state.deployments if d["id"] == target_id), None)
            if target is None or not target["canRollback"]:
                return {"errors": [{"message": "Deployment cannot be rolled back"}], "data": None}
            state.rollbacks.append(target_id)
            created = datetime.now(UTC).isoformat().replace("+00:00", "Z")
            fresh = {
                **target,
                "id": f"dep-rollback-{len(state.rollbacks)}",
                "status": "DEPLOYING",
                "createdAt": created,
                "canRollback": False,
            }
            with lock:
                state.deployments.insert(0, fresh)

            def finish() -> None:
                time.sleep(timing.settle)
                with lock:
                    for deployment in state.deployments:
                        if deployment["status"] == "SUCCESS":
                            deployment["status"] = "REMOVED"
                    fresh["status"] = "SUCCESS"
                    fresh["canRollback"] = True

            threading.Thread(target=finish, daemon=True).start()
            return {"data": {"deploymentRollback": True}}

    return Railway


def vercel_state(name: str, count: int = 3) -> VercelState:
    now = int(time.time() * 1000)
    deployments = [
        {
            "uid": f"dpl_{i}",
            "name": name,
            "url": f"{name}-{i}.vercel.app",
            "created": now - i * 3_600_000,
            "readyState": "READY",
            "state": "READY",
            "target": "production",
        }
        for i in range(count)
    ]
    deployments.insert(1, {**deployments[1], "uid": "dpl_preview", "target": None, "created": now - 1_000})
    deployments.sort(key=lambda d: int(str(d["created"])), reverse=True)
    return VercelState(name=name, deployments=deployments, production="dpl_0")


def railway_state(project: str, environment: str, service: str) -> RailwayState:
    now = datetime.now(UTC)
    statuses = ("SUCCESS", "REMOVED", "REMOVED")
    deployments = [
        {
            "id": f"dep-{i}",
            "status": status,
            "createdAt": (now - timedelta(hours=i)).isoformat().replace("+00:00", "Z"),
            "canRollback": i > 0,
            "staticUrl": None,
            "url": None,
        }
        for i, status in enumerate(statuses)
    ]
    node = {
        "id": "proj-1",
        "name": project,
        "environments": {"edges": [{"node": {"id": "env-other", "name": "other"}}, {"node": {"id": "env-1", "name": environment}}]},
        "services": {"edges": [{"node": {"id": "svc-1", "name": service}}]},
    }
    return RailwayState(project=node, deployments=deployments)


@contextmanager
def serving(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
