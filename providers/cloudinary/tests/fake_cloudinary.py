"""A loopback stand-in for Cloudinary's Admin API upload-preset endpoints, written from the documentation.

A real HTTP server on 127.0.0.1 (stdlib `http.server`, a thread, port 0) keeping presets per
cloud. It answers as the Admin API documents: HTTP Basic with the key and secret (401
otherwise), `{"message": "created", "name"}` on create, 409 when the name is taken, 404 for an
unknown preset, `{"error": {"message"}}` for every error, `X-FeatureRateLimit-*` headers on
each answer and 420 when the hourly limit runs out. A preset reads back with its settings, the
incoming transformation in the long-name list form.

Every request is checked against the documented shapes (`admin_api.REQUESTS`): one that departs
from them is answered 400 and recorded in `violations`, which the tests assert is empty.
Faults are injected per operation: a status (429 with `Retry-After`, 502, ...), an answer lost
after the write was applied, or an answer delayed past the client's timeout.
"""

from __future__ import annotations

import base64
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from myapp_cloudinary.plugin.admin_api import API_VERSION, endpoint_for
from myapp_cloudinary.plugin.transformation import as_read_back

HOST = "127.0.0.1"


@dataclass
class Fault:
    """What the next matching request gets instead of a normal answer."""

    operation: str | None = None  # list, get, create, update, delete; None: any
    status: int | None = None
    headers: dict[str, str] = field(default_factory=dict)
    applied: bool = False  # do the write, then lose the answer (close the connection unanswered)
    delay: float = 0.0  # answer this much later (past a client's timeout: the answer is lost, the write done)
    times: int = 1


@dataclass(frozen=True)
class Request:
    operation: str
    method: str
    path: str
    body: dict[str, Any] | None
    status: int


class FakeCloudinary:
    def __init__(self, cloud_name: str, api_key: str, api_secret: str, hourly_limit: int = 500):
        self.cloud_name = cloud_name
        self._credentials = f"{api_key}:{api_secret}"
        self.presets: dict[str, dict[str, Any]] = {}
        self.requests: list[Request] = []
        self.violations: list[str] = []
        self.faults: list[Fault] = []
        self.hourly_limit = hourly_limit
        self.lock = threading.Lock()
        self._server = ThreadingHTTPServer((HOST, 0), self._handler_class())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        """The API base the provider is pointed at (`cloudinary:apiBase`)."""
        return f"http://{HOST}:{self._server.server_address[1]}"

    def start(self) -> FakeCloudinary:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def fail(self, operation: str | None = None, **fault: Any) -> None:
        self.faults.append(Fault(operation, **fault))

    def count(self, operation: str) -> int:
        return sum(1 for r in self.requests if r.operation == operation)

    def reset(self) -> None:
        self.requests.clear()

    def add(self, name: str, **settings: Any) -> None:
        """A preset made outside the program (the dashboard), for import and conflict tests."""
        unsigned = bool(settings.pop("unsigned", False))
        self.presets[name] = {"name": name, "unsigned": unsigned, "settings": _stored(settings)}

    # -- the API ---------------------------------------------------------------------------
    def _fault_for(self, operation: str) -> Fault | None:
        with self.lock:
            for fault in self.faults:
                if fault.operation in (None, operation):
                    fault.times -= 1
                    if fault.times <= 0:
                        self.faults.remove(fault)
                    return fault
        return None

    def _apply(self, operation: str, name: str | None, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        with self.lock:
            if operation == "list":
                return 200, {"presets": list(self.presets.values())}
            if operation == "create":
                name = body["name"]
                if name in self.presets:
                    return 409, _error(f"Upload preset '{name}' already exists")
                settings = {k: v for k, v in body.items() if k not in ("name", "unsigned")}
                self.presets[name] = {"name": name, "unsigned": bool(body.get("unsigned", False)), "settings": _stored(settings)}
                return 200, {"message": "created", "name": name}
            preset = self.presets.get(name or "")
            if preset is None:
                return 404, _error(f"Upload preset '{name}' not found")
            if operation == "get":
                return 200, json.loads(json.dumps(preset))
            if operation == "update":
                if "unsigned" in body:
                    preset["unsigned"] = bool(body["unsigned"])
                settings = {k: v for k, v in body.items() if k != "unsigned"}
                preset["settings"].update(_stored(settings))
                preset["settings"] = {k: v for k, v in preset["settings"].items() if v not in ("", None, [])}
                return 200, {"message": "updated"}
            del self.presets[name or ""]
            return 200, {"message": "deleted"}

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                self._serve("GET")

            def do_POST(self) -> None:
                self._serve("POST")

            def do_PUT(self) -> None:
                self._serve("PUT")

            def do_DELETE(self) -> None:
                self._serve("DELETE")

            def _serve(self, method: str) -> None:
                url = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                prefix = f"/{API_VERSION}/{fake.cloud_name}/"
                if not url.path.startswith(prefix):
                    return self._answer(404, _error(f"no such cloud or path {url.path!r}"), "unknown", method, None)
                path = unquote(url.path[len(prefix) :])
                endpoint = endpoint_for(method, path)
                if endpoint is None:
                    fake.violations.append(f"{method} {path}: not a documented upload-preset request")
                    return self._answer(404, _error("Not found"), "unknown", method, None)
                try:
                    body = json.loads(raw) if raw else None
                except ValueError:
                    body = None
                    fake.violations.append(f"{method} {path}: body is not JSON")
                if raw and self.headers.get("Content-Type", "").split(";")[0] != "application/json":
                    fake.violations.append(f"{method} {path}: JSON body without Content-Type application/json")
                problems = endpoint.problems(dict(parse_qsl(url.query)) if url.query else {}, body)
                if problems:
                    fake.violations.extend(f"{method} {path}: {p}" for p in problems)
                    return self._answer(400, _error("; ".join(problems)), endpoint.operation, method, body)
                if self.headers.get("Authorization") != "Basic " + base64.b64encode(fake._credentials.encode()).decode():
                    return self._answer(401, _error("Invalid Signature or api_key"), endpoint.operation, method, body)
                if sum(1 for _ in fake.requests) >= fake.hourly_limit:
                    return self._answer(420, _error("Rate Limit Exceeded"), endpoint.operation, method, body)
                fault = fake._fault_for(endpoint.operation)
                if fault is not None and fault.status is not None and not fault.applied:
                    return self._answer(fault.status, _error(f"fault {fault.status}"), endpoint.operation, method, body, fault.headers)
                name = path.split("/", 1)[1] if "/" in path else None
                status, answer = fake._apply(endpoint.operation, name, body or {})
                if fault is not None and fault.applied:
                    fake.requests.append(Request(endpoint.operation, method, path, body, 0))
                    self.close_connection = True
                    self.connection.close()  # the write is done, the answer never comes
                    return None
                if fault is not None and fault.delay:
                    time.sleep(fault.delay)
                return self._answer(status, answer, endpoint.operation, method, body)

            def _answer(self, status, answer, operation, method, body, headers=None) -> None:
                fake.requests.append(Request(operation, method, self.path, body, status))
                data = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.send_header("X-FeatureRateLimit-Limit", str(fake.hourly_limit))
                self.send_header("X-FeatureRateLimit-Remaining", str(max(0, fake.hourly_limit - len(fake.requests))))
                self.send_header("X-FeatureRateLimit-Reset", "Wed, 02 Dec 2026 23:00:00 GMT")
                for key, value in (headers or {}).items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(data)

        return Handler


def _error(message: str) -> dict[str, Any]:
    return {"error": {"message": message}}


def _stored(settings: dict[str, Any]) -> dict[str, Any]:
    """Settings as Cloudinary stores and reads them back: the transformation as a list of objects."""
    stored = dict(settings)
    if isinstance(stored.get("transformation"), str) and stored["transformation"]:
        stored["transformation"] = as_read_back(stored["transformation"])
    return stored
