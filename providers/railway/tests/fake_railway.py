"""A loopback stand-in for Railway's GraphQL API, for the tests and the request-count bench.

It is a real HTTP server on 127.0.0.1 (stdlib `http.server`, a thread, port 0) that answers the
way Railway does: it checks the bearer token, validates every document against Railway's
published schema (`../shared/railway/schema.graphql`), executes it with graphql-core against
in-memory state, and answers `{"data", "errors"}` with HTTP 200. Faults are injected per
operation: an HTTP status (429 with `Retry-After`, 502, ...), a delay past the client's timeout,
or a GraphQL error, optionally quoting the request's variables back as GraphQL servers do when
they reject a value. Every request is recorded (operation, variables, status) for counting.
"""

from __future__ import annotations

import json
import os
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from graphql import DocumentNode, GraphQLError, GraphQLSchema, build_schema, execute_sync, parse, validate

# The repository keeps Railway's published schema in ../shared beside it; RAILWAY_SCHEMA names another copy.
SCHEMA_PATH = Path(os.environ.get("RAILWAY_SCHEMA") or Path(__file__).resolve().parents[4] / "shared" / "railway" / "schema.graphql")
SUFFIX = "up.railway.app"
HOST = "127.0.0.1"
# Variables Railway sets on every service itself.
PROVIDED_VARIABLES = {"RAILWAY_ENVIRONMENT_NAME", "RAILWAY_SERVICE_NAME"}
# ServiceInstance settings the schema types as non-null: there is no unsetting them.
NON_NULL_SETTINGS = {"builder", "restartPolicyType", "restartPolicyMaxRetries"}


def load_schema(path: Path = SCHEMA_PATH) -> GraphQLSchema:
    if not path.is_file():
        raise FileNotFoundError(f"Railway's schema is not at {path.resolve()}: the `shared` directory must sit beside the repository root")
    return build_schema(path.read_text())


@dataclass
class Fault:
    """What the next matching request gets instead of a normal answer."""

    operation: str | None = None  # None: whatever the next request is
    status: int | None = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before answering (normally, unless status/graphql_error)
    graphql_error: str | None = None
    applied: bool = False  # run the request, then answer with the fault: the answer is lost, not the write
    applied_after: float | None = None  # run the request this many seconds later: Railway finishing a create late
    echo_variables: bool = False  # the error quotes the request's variables back, as servers rejecting a value do
    text: str | None = None  # with `status`: a plain-text body (not GraphQL) starting with this
    times: int = 1


@dataclass(frozen=True)
class Recorded:
    operation: str | None
    variables: dict[str, Any]
    status: int


@dataclass
class RailwayState:
    projects: dict[str, dict] = field(default_factory=dict)
    environments: dict[str, dict] = field(default_factory=dict)
    services: dict[str, dict] = field(default_factory=dict)
    instances: dict[tuple[str, str], dict] = field(default_factory=dict)
    limits: dict[tuple[str, str], dict] = field(default_factory=dict)
    variables: dict[tuple[str, str], dict[str, str]] = field(default_factory=dict)
    sealed: set[tuple[str, str, str]] = field(default_factory=set)
    service_domains: dict[str, dict] = field(default_factory=dict)
    custom_domains: dict[str, dict] = field(default_factory=dict)
    # (environment, service) -> deployments, newest last
    deployments: dict[tuple[str, str], list[dict]] = field(default_factory=dict)
    hide_sealed: bool = False
    unauthorized_when_gone: bool = False


class FakeRailway:
    def __init__(self, schema: GraphQLSchema, token: str):
        self.schema = schema
        self.token = token
        self.state = RailwayState()
        self.requests: list[Recorded] = []
        self._faults: list[Fault] = []
        self._lock = threading.Lock()
        self._documents: dict[str, DocumentNode | list[GraphQLError]] = {}
        self._server: ThreadingHTTPServer | None = None
        self._resolvers = _Resolvers(self.state).root()

    # -- lifecycle -------------------------------------------------------------------------
    def start(self) -> FakeRailway:
        handler = type("Handler", (_Handler,), {"fake": self})
        self._server = ThreadingHTTPServer((HOST, 0), handler)
        self._server.daemon_threads = True
        # A short poll interval so stop() returns at once rather than after half a second.
        serve = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, name="fake-railway", daemon=True)
        serve.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    @property
    def url(self) -> str:
        assert self._server is not None, "start() the fake first"
        return f"http://{HOST}:{self._server.server_port}/graphql/v2"

    # -- test controls ---------------------------------------------------------------------
    def inject(self, fault: Fault) -> None:
        with self._lock:
            self._faults.append(fault)

    def count(self, operation: str | None = None) -> int:
        return sum(1 for r in self.requests if operation is None or r.operation == operation)

    def sent(self, operation: str) -> list[Recorded]:
        return [r for r in self.requests if r.operation == operation]

    def reset(self) -> None:
        """Forget recorded requests and pending faults; the state stays."""
        with self._lock:
            self.requests.clear()
            self._faults.clear()

    def seal(self, environment_id: str, service_id: str, name: str) -> None:
        """What sealing in Railway's dashboard does: the value is kept but never shown again."""
        self.state.sealed.add((environment_id, service_id, name))

    # -- serving ---------------------------------------------------------------------------
    def answer(self, authorization: str | None, body: bytes) -> tuple[int, dict[str, str], dict | str]:
        if authorization != f"Bearer {self.token}":
            # What Railway answers a token it refuses: HTTP 200, a GraphQL error, no data.
            return 200, {}, {"data": None, "errors": [{"message": "Not Authorized", "extensions": {"code": "INTERNAL_SERVER_ERROR"}}]}
        try:
            request = json.loads(body)
        except ValueError:
            return 400, {}, {"errors": [{"message": "body is not JSON"}]}
        operation, variables = request.get("operationName"), request.get("variables") or {}
        fault = self._take_fault(operation)
        if fault is not None and fault.delay:
            time.sleep(fault.delay)
        document = self._document(request.get("query", ""))
        if isinstance(document, list):
            return self._record(operation, variables, 400, {}, {"errors": [{"message": e.message} for e in document]})
        answers_normally = fault is None or (fault.status is None and fault.graphql_error is None)
        if fault is not None and fault.applied_after is not None:
            self._apply_later(fault.applied_after, document, variables, operation)
        elif answers_normally or (fault is not None and fault.applied):
            with self._lock:
                result = execute_sync(
                    self.schema, document, root_value=self._resolvers, variable_values=variables, operation_name=operation
                )
        echo = f"; found: {variables!r}" if fault is not None and fault.echo_variables else ""
        if fault is not None and fault.status is not None and fault.text is not None:
            return self._record(operation, variables, fault.status, fault.headers, fault.text + (json.dumps(variables) if echo else ""))
        if fault is not None and fault.status is not None:
            return self._record(operation, variables, fault.status, fault.headers, {"errors": [{"message": f"HTTP {fault.status}{echo}"}]})
        if fault is not None and fault.graphql_error is not None:
            return self._record(operation, variables, 200, {}, {"data": None, "errors": [{"message": fault.graphql_error + echo}]})
        payload: dict[str, Any] = {"data": result.data}
        if result.errors:
            payload["errors"] = [{"message": e.message, "path": e.path} for e in result.errors]
        return self._record(operation, variables, 200, {}, payload)

    def _apply_later(self, delay: float, document: DocumentNode, variables: dict, operation: str | None) -> None:
        def run() -> None:
            with self._lock:
                execute_sync(self.schema, document, root_value=self._resolvers, variable_values=variables, operation_name=operation)

        timer = threading.Timer(delay, run)
        timer.daemon = True
        timer.start()

    @property
    def hide_sealed(self) -> bool:
        return self.state.hide_sealed

    @hide_sealed.setter
    def hide_sealed(self, value: bool) -> None:
        self.state.hide_sealed = value

    def deploy(self, environment_id: str, service_id: str, status: str = "SUCCESS") -> str:
        """A deployment as a push to the service's branch makes one; earlier successful ones become rollback targets."""
        return _deploy(self.state, environment_id, service_id, status)

    def _take_fault(self, operation: str | None) -> Fault | None:
        with self._lock:
            for fault in self._faults:
                if fault.operation in (None, operation):
                    fault.times -= 1
                    if fault.times == 0:
                        self._faults.remove(fault)
                    return fault
        return None

    def _document(self, text: str) -> DocumentNode | list[GraphQLError]:
        if text not in self._documents:
            try:
                document = parse(text)
            except GraphQLError as error:
                self._documents[text] = [error]
            else:
                errors = validate(self.schema, document)
                self._documents[text] = errors or document
        return self._documents[text]

    def _record(self, operation, variables, status, headers, payload):
        self.requests.append(Recorded(operation, variables, status))
        return status, headers, payload


class _Handler(BaseHTTPRequestHandler):
    fake: FakeRailway

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        status, headers, payload = self.fake.answer(self.headers.get("Authorization"), body)
        plain = isinstance(payload, str)
        data = payload.encode() if isinstance(payload, str) else json.dumps(payload).encode()
        try:
            self.send_response(status)
            for name, value in {"Content-Type": "text/plain" if plain else "application/json", **headers}.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up waiting (a timeout test)

    def log_message(self, *_args) -> None:
        pass


def _deploy(state: RailwayState, environment_id: str, service_id: str, status: str) -> str:
    deployments = state.deployments.setdefault((environment_id, service_id), [])
    service = state.services[service_id]
    deployment = {
        "id": _new_id(),
        "status": status,
        "createdAt": _now(),
        "canRollback": False,
        "projectId": service["projectId"],
        "environmentId": environment_id,
        "serviceId": service_id,
        "staticUrl": None,
        "url": None,
    }
    for earlier in deployments:
        earlier["canRollback"] = earlier["status"] in ("SUCCESS", "REMOVED")
        if earlier["status"] == "SUCCESS":
            earlier["status"] = "REMOVED"
    deployments.append(deployment)
    time.sleep(0.002)  # distinct createdAt stamps
    return deployment["id"]


def _not_found(kind: str) -> GraphQLError:
    return GraphQLError(f"{kind} not found")


def _gone(kind: str, state: RailwayState) -> GraphQLError:
    """What Railway answers for an object that does not exist: "not found", or, as it does for some
    (an object the token cannot see and one deleted look alike), "Not Authorized"."""
    return GraphQLError("Not Authorized") if state.unauthorized_when_gone else _not_found(kind)


def _connection(nodes: list[dict]) -> Callable[..., dict]:
    return lambda _info, **_args: {"edges": [{"node": node} for node in nodes], "pageInfo": {"hasNextPage": False}}


def _new_id() -> str:
    return str(uuid.uuid4())


def _now() -> str:
    """A `createdAt` as Railway writes it: ISO 8601, UTC."""
    return datetime.now(UTC).isoformat().replace("+00:00", "Z")


class _Resolvers:
    """Railway's behaviour for the fields the provider uses, over `RailwayState`."""

    def __init__(self, state: RailwayState):
        self.s = state

    def root(self) -> dict[str, Callable]:
        names = [n for n in dir(self) if not n.startswith("_") and n not in ("root", "s")]
        return {name: getattr(self, name) for name in names}

    # -- views -------------------------------------------------------------------------
    def _project_view(self, project: dict) -> dict:
        environments = [e for e in self.s.environments.values() if e["projectId"] == project["id"]]
        services = [self._service_view(s) for s in self.s.services.values() if s["projectId"] == project["id"]]
        return {**project, "environments": _connection(environments), "services": _connection(services)}

    def _service_view(self, service: dict) -> dict:
        triggers = [{"repository": service["repo"], "branch": service["branch"]}] if service.get("repo") else []
        return {**service, "repoTriggers": _connection(triggers)}

    def _instance(self, environment_id: str, service_id: str) -> dict:
        environment = self.s.environments.get(environment_id)
        service = self.s.services.get(service_id)
        if environment is None or service is None or environment["projectId"] != service["projectId"]:
            raise _not_found("ServiceInstance")
        defaults = {
            "builder": "RAILPACK",
            "numReplicas": 1,
            "region": "us-west2",
            "restartPolicyType": "ON_FAILURE",
            "restartPolicyMaxRetries": 10,
        }
        return self.s.instances.setdefault((environment_id, service_id), defaults)

    def _get(self, table: dict, id_: str, kind: str) -> dict:
        if id_ not in table:
            raise _gone(kind, self.s)
        return table[id_]

    def me(self, _info):
        return {"id": "user-1", "email": "dev@myapp.com", "name": "dev"}

    # -- project -----------------------------------------------------------------------
    def project(self, _info, id):
        return self._project_view(self._get(self.s.projects, id, "Project"))

    def projects(self, _info, workspaceId=None, **_page):
        mine = [p for p in self.s.projects.values() if workspaceId is None or p["workspaceId"] == workspaceId]
        return _connection([self._project_view(p) for p in mine])(_info)

    def projectCreate(self, _info, input):
        project = {
            "id": _new_id(),
            "name": input.get("name") or "untitled",
            "description": input.get("description"),
            "prDeploys": bool(input.get("prDeploys")),
            "workspaceId": input.get("workspaceId"),
            "createdAt": _now(),
        }
        self.s.projects[project["id"]] = project
        default = {
            "id": _new_id(),
            "name": input.get("defaultEnvironmentName") or "production",
            "projectId": project["id"],
            "createdAt": _now(),
        }
        self.s.environments[default["id"]] = default
        project["primaryEnvironmentId"] = default["id"]
        return self._project_view(project)

    def projectUpdate(self, _info, id, input):
        project = self._get(self.s.projects, id, "Project")
        project.update({k: v for k, v in input.items() if v is not None})
        return self._project_view(project)

    def projectDelete(self, _info, id):
        self._get(self.s.projects, id, "Project")
        for environment in [e for e in self.s.environments.values() if e["projectId"] == id]:
            self.environmentDelete(_info, environment["id"])
        for service in [s for s in self.s.services.values() if s["projectId"] == id]:
            self.serviceDelete(_info, service["id"])
        del self.s.projects[id]
        return True

    # -- environment -------------------------------------------------------------------
    def environment(self, _info, id, projectId=None):
        environment = self._get(self.s.environments, id, "Environment")
        variables = [
            {"name": name, "serviceId": service_id, "isSealed": (id, service_id, name) in self.s.sealed}
            for (environment_id, service_id), own in self.s.variables.items()
            if environment_id == id
            for name in own
        ]
        return {**environment, "variables": _connection(variables)}

    def environments(self, _info, projectId, **_page):
        return _connection([e for e in self.s.environments.values() if e["projectId"] == projectId])(_info)

    def environmentCreate(self, _info, input):
        self._get(self.s.projects, input["projectId"], "Project")
        if any(e["projectId"] == input["projectId"] and e["name"] == input["name"] for e in self.s.environments.values()):
            raise GraphQLError(f"Environment {input['name']} already exists")
        environment = {"id": _new_id(), "name": input["name"], "projectId": input["projectId"], "createdAt": _now()}
        self.s.environments[environment["id"]] = environment
        return environment

    def environmentRename(self, _info, id, input):
        environment = self._get(self.s.environments, id, "Environment")
        environment["name"] = input["name"]
        return environment

    def environmentDelete(self, _info, id):
        self._get(self.s.environments, id, "Environment")
        self._forget_instances(lambda environment_id, _service_id: environment_id == id)
        del self.s.environments[id]
        return True

    # -- service -----------------------------------------------------------------------
    def service(self, _info, id):
        return self._service_view(self._get(self.s.services, id, "Service"))

    def serviceCreate(self, _info, input):
        self._get(self.s.projects, input["projectId"], "Project")
        source = input.get("source") or {}
        service = {
            "id": _new_id(),
            "name": input.get("name") or "service",
            "projectId": input["projectId"],
            "icon": input.get("icon"),
            "repo": source.get("repo"),
            "image": source.get("image"),
            "branch": input.get("branch") or ("main" if source.get("repo") else None),
            "createdAt": _now(),
        }
        self.s.services[service["id"]] = service
        return self._service_view(service)

    def serviceUpdate(self, _info, id, input):
        service = self._get(self.s.services, id, "Service")
        service.update({k: v for k, v in input.items() if v is not None})
        return self._service_view(service)

    def serviceConnect(self, _info, id, input):
        service = self._get(self.s.services, id, "Service")
        if input.get("image"):
            service.update(image=input["image"], repo=None, branch=None)
        else:
            service.update(repo=input.get("repo") or service["repo"], branch=input.get("branch") or service["branch"] or "main", image=None)
        return self._service_view(service)

    def serviceDelete(self, _info, id, environmentId=None):
        self._get(self.s.services, id, "Service")
        self._forget_instances(lambda _environment_id, service_id: service_id == id)
        del self.s.services[id]
        return True

    def _forget_instances(self, matches: Callable[[str, str], bool]) -> None:
        for table in (self.s.instances, self.s.limits, self.s.variables):
            for key in [k for k in table if matches(*k)]:
                del table[key]
        for domains in (self.s.service_domains, self.s.custom_domains):
            for domain_id in [k for k, d in domains.items() if matches(d["environmentId"], d["serviceId"])]:
                del domains[domain_id]

    # -- service instance --------------------------------------------------------------
    def serviceInstance(self, _info, environmentId, serviceId):
        instance = self._instance(environmentId, serviceId)
        domains = {
            "serviceDomains": [
                d for d in self.s.service_domains.values() if (d["environmentId"], d["serviceId"]) == (environmentId, serviceId)
            ],
            "customDomains": [],
        }
        return {
            **instance,
            "id": f"{environmentId}:{serviceId}",
            "environmentId": environmentId,
            "serviceId": serviceId,
            "domains": domains,
        }

    def serviceInstanceLimits(self, _info, environmentId, serviceId):
        self._instance(environmentId, serviceId)
        return self.s.limits.get((environmentId, serviceId), {})

    def serviceInstanceUpdate(self, _info, serviceId, input, environmentId=None):
        """A setting left out is left alone; an explicit null clears a nullable one (its default applies again)."""
        instance = self._instance(environmentId, serviceId)
        unsettable = sorted(k for k, v in input.items() if v is None and k in NON_NULL_SETTINGS)
        if unsettable:
            raise GraphQLError(f"{', '.join(unsettable)} cannot be null")
        for name, value in input.items():
            if value is None:
                instance.pop(name, None)
            else:
                instance[name] = value
        return True

    def serviceInstanceLimitsUpdate(self, _info, input):
        self._instance(input["environmentId"], input["serviceId"])
        limits = self.s.limits.setdefault((input["environmentId"], input["serviceId"]), {})
        limits.update({k: input[k] for k in ("vCPUs", "memoryGB") if input.get(k) is not None})
        return True

    # -- variables ---------------------------------------------------------------------
    def variables(self, _info, projectId, environmentId, serviceId=None, unrendered=None):
        self._instance(environmentId, serviceId)
        own = self.s.variables.get((environmentId, serviceId), {})
        # Railway gives a sealed variable as a null value; `hide_sealed` plays the other reading of its
        # CLI's notes, where the name is left out altogether.
        sealed = {name for name in own if (environmentId, serviceId, name) in self.s.sealed}
        shown = {name: None if name in sealed else value for name, value in own.items() if not (self.s.hide_sealed and name in sealed)}
        return {**{name: "provided-by-railway" for name in PROVIDED_VARIABLES}, **shown}

    def variableCollectionUpsert(self, _info, input):
        key = (input["environmentId"], input["serviceId"])
        self._instance(*key)
        if input.get("replace"):
            self.s.variables[key] = {}
            self.s.sealed -= {k for k in self.s.sealed if k[:2] == key}
        self.s.variables.setdefault(key, {}).update(input["variables"])
        return True

    def environmentPatchCommit(self, _info, environmentId, patch=None, commitMessage=None):
        """Railway's environment config patch: per service, variables set (with `isSealed`) or, as null, deleted."""
        self._get(self.s.environments, environmentId, "Environment")
        for service_id, service_patch in ((patch or {}).get("services") or {}).items():
            self._instance(environmentId, service_id)
            own = self.s.variables.setdefault((environmentId, service_id), {})
            for name, variable in (service_patch.get("variables") or {}).items():
                key = (environmentId, service_id, name)
                if variable is None:
                    own.pop(name, None)
                    self.s.sealed.discard(key)
                    continue
                if "value" in variable:
                    own[name] = variable["value"]
                if variable.get("isSealed"):
                    self.s.sealed.add(key)
        return _new_id()

    def deployments(self, _info, input, first=None, **_page):
        key = (input.get("environmentId"), input.get("serviceId"))
        found = list(reversed(self.s.deployments.get(key, [])))[: first or None]
        return _connection(found)(_info)

    def deploymentRollback(self, _info, id):
        for (environment_id, service_id), deployments in self.s.deployments.items():
            target = next((d for d in deployments if d["id"] == id), None)
            if target is None:
                continue
            if not target["canRollback"]:
                raise GraphQLError("Deployment cannot be rolled back")
            _deploy(self.s, environment_id, service_id, "SUCCESS")
            return True
        raise _not_found("Deployment")

    def variableDelete(self, _info, input):
        own = self.s.variables.get((input["environmentId"], input["serviceId"]), {})
        if input["name"] not in own:
            raise _not_found("Variable")
        del own[input["name"]]
        return True

    # -- domains -----------------------------------------------------------------------
    def serviceDomainCreate(self, _info, input):
        instance_key = (input["environmentId"], input["serviceId"])
        self._instance(*instance_key)
        service = self.s.services[input["serviceId"]]
        domain = {
            "id": _new_id(),
            "domain": f"{service['name']}-{uuid.uuid4().hex[:6]}.{SUFFIX}",
            "suffix": SUFFIX,
            "environmentId": input["environmentId"],
            "serviceId": input["serviceId"],
            "targetPort": input.get("targetPort"),
            "createdAt": _now(),
        }
        self.s.service_domains[domain["id"]] = domain
        return domain

    def serviceDomainUpdate(self, _info, input):
        domain = self._get(self.s.service_domains, input["serviceDomainId"], "ServiceDomain")
        taken = any(d["domain"] == input["domain"] and d["id"] != domain["id"] for d in self.s.service_domains.values())
        if taken or not input["domain"].endswith(f".{SUFFIX}"):
            raise GraphQLError(f"Domain {input['domain']} is not available")
        domain.update(domain=input["domain"], targetPort=input.get("targetPort", domain["targetPort"]))
        return True

    def serviceDomainDelete(self, _info, id):
        self._get(self.s.service_domains, id, "ServiceDomain")
        del self.s.service_domains[id]
        return True

    def customDomain(self, _info, id, projectId):
        return self._get(self.s.custom_domains, id, "CustomDomain")

    def domains(self, _info, projectId, environmentId, serviceId):
        mine = [d for d in self.s.custom_domains.values() if (d["environmentId"], d["serviceId"]) == (environmentId, serviceId)]
        return {
            "customDomains": mine,
            "serviceDomains": [
                d for d in self.s.service_domains.values() if (d["environmentId"], d["serviceId"]) == (environmentId, serviceId)
            ],
        }

    def customDomainCreate(self, _info, input):
        self._instance(input["environmentId"], input["serviceId"])
        if any(d["domain"] == input["domain"] for d in self.s.custom_domains.values()):
            raise GraphQLError(f"Domain {input['domain']} is already in use")
        label, _, zone = input["domain"].partition(".")
        record = {
            "hostlabel": label,
            "fqdn": input["domain"],
            "zone": zone,
            "recordType": "DNS_RECORD_TYPE_CNAME",
            "purpose": "DNS_RECORD_PURPOSE_TRAFFIC_ROUTE",
            "requiredValue": f"{uuid.uuid4().hex[:8]}.{SUFFIX}",
            "currentValue": "",
            "status": "DNS_RECORD_STATUS_REQUIRES_UPDATE",
        }
        domain = {
            "id": _new_id(),
            "domain": input["domain"],
            "projectId": input["projectId"],
            "environmentId": input["environmentId"],
            "serviceId": input["serviceId"],
            "targetPort": input.get("targetPort"),
            "status": {"verified": False, "dnsRecords": [record]},
            "createdAt": _now(),
        }
        self.s.custom_domains[domain["id"]] = domain
        return domain

    def customDomainUpdate(self, _info, environmentId, id, targetPort=None):
        self._get(self.s.custom_domains, id, "CustomDomain")["targetPort"] = targetPort
        return True

    def customDomainDelete(self, _info, id):
        self._get(self.s.custom_domains, id, "CustomDomain")
        del self.s.custom_domains[id]
        return True
