"""A policy pack run as the Pulumi engine runs one, and the gRPC conversation with it.

The engine (pulumi ≥ 3.221, `NewPolicyAnalyzer`) starts a Python pack as
`python -u -m pulumi.policy <engine-address> .` in the pack's directory, reads the port from
the first line the pack prints, then calls `Handshake` (a Python pack answers UNIMPLEMENTED,
which the engine accepts), `ConfigureStack`, `GetAnalyzerInfo`, `Configure` with the
reconciled pack config, `Analyze` once per resource, `AnalyzeStack` once, and finally
interrupts the process (SIGINT, then SIGKILL if it lingers). This module does the same.

One process serves several stacks: `ConfigureStack` and `Configure` replace the pack's whole
stack context and configuration, and the Python SDK keeps no other state between requests.
"""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import grpc
import yaml
from google.protobuf import empty_pb2, json_format, struct_pb2
from pulumi.runtime.proto import analyzer_pb2, analyzer_pb2_grpc

from infra.nested import transformed

from ..model import PlannedResource
from .engine import EngineService, LogEntry
from .errors import PolicyPackError
from .verdict import Violation

STACK_TYPE = "pulumi:pulumi:Stack"
RPC_TIMEOUT_SECONDS = 30.0
# Variables the engine sets for one stack; this session serves several, so they stay out.
_PER_STACK_ENV = ("PULUMI_CONFIG", "PULUMI_CONFIG_SECRET_KEYS", "PULUMI_PROJECT", "PULUMI_STACK", "PULUMI_DRY_RUN")


@dataclass(frozen=True)
class PolicyInfo:
    name: str
    description: str
    enforcement_level: str
    kind: str  # "resource" or "stack"
    config_schema: dict[str, Any] = field(default_factory=dict)  # property name -> JSON schema
    required: tuple[str, ...] = ()


@dataclass(frozen=True)
class PackInfo:
    name: str
    version: str
    policies: dict[str, PolicyInfo]
    supports_config: bool
    initial_config: dict[str, tuple[str | None, dict[str, Any]]]


def level_name(level: int) -> str:
    return analyzer_pb2.EnforcementLevel.Name(level).lower()


def _struct(value: Mapping[str, Any]) -> struct_pb2.Struct:
    return json_format.ParseDict(_without_internal_keys(value), struct_pb2.Struct())


def _without_internal_keys(value: Any) -> Any:
    # The engine marshals properties with SkipInternalKeys: "__provider", "__defaults", ... never reach a pack.
    return transformed(value, keep_key=lambda key: not key.startswith("__"))


def _options(resource: PlannedResource) -> analyzer_pb2.AnalyzerResourceOptions:
    options = resource.options
    return analyzer_pb2.AnalyzerResourceOptions(
        protect=bool(options.get("protect")),
        ignoreChanges=list(options.get("ignoreChanges", [])),
        deleteBeforeReplace=bool(options.get("deleteBeforeReplace")),
        deleteBeforeReplaceDefined="deleteBeforeReplace" in options,
        additionalSecretOutputs=list(options.get("additionalSecretOutputs", [])),
        aliases=list(options.get("aliases", [])),
        customTimeouts=analyzer_pb2.AnalyzerResourceOptions.CustomTimeouts(),
        parent=resource.parent or "",
    )


def analyze_request(resource: PlannedResource) -> analyzer_pb2.AnalyzeRequest:
    return analyzer_pb2.AnalyzeRequest(
        urn=resource.urn,
        type=resource.type,
        name=resource.name,
        properties=_struct(resource.inputs),
        options=_options(resource),
    )


def stack_resource(resource: PlannedResource) -> analyzer_pb2.AnalyzerResource:
    return analyzer_pb2.AnalyzerResource(
        urn=resource.urn,
        type=resource.type,
        name=resource.name,
        properties=_struct(resource.inputs),
        options=_options(resource),
        parent=resource.parent or "",
        dependencies=list(resource.dependencies),
        propertyDependencies={
            key: analyzer_pb2.AnalyzerPropertyDependencies(urns=list(urns)) for key, urns in resource.property_dependencies.items()
        },
    )


class _Drain(threading.Thread):
    """Reads one pipe of the pack to its end, so the pack never blocks on a full pipe."""

    def __init__(self, pipe, lines: queue.Queue[str | None] | None = None):
        super().__init__(daemon=True)
        self._pipe, self._first_lines = pipe, lines
        self.tail: deque[str] = deque(maxlen=40)

    def run(self) -> None:
        for raw in iter(self._pipe.readline, b""):
            line = raw.decode(errors="replace").rstrip("\n")
            if self._first_lines is not None:
                self._first_lines.put(line)
            self.tail.append(line)
        if self._first_lines is not None:
            self._first_lines.put(None)


class PolicyPackSession:
    """A started policy pack. Use as a context manager; `analyze` once per stack."""

    def __init__(self, pack_dir: Path, *, python: str = sys.executable, start_timeout: float = 30.0):
        self.pack_dir = Path(pack_dir).resolve()
        self._python, self._start_timeout = python, start_timeout
        self._engine: EngineService | None = None
        self._process: subprocess.Popen | None = None
        self._channel: grpc.Channel | None = None
        self.returncode: int | None = None
        self.info: PackInfo

    def __enter__(self) -> PolicyPackSession:
        try:
            self._start()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @property
    def engine_address(self) -> str:
        """Where the pack was told the engine listens (a live `Engine` service)."""
        return self._engine.address if self._engine else ""

    @property
    def logs(self) -> list[LogEntry]:
        return self._engine.logs if self._engine else []

    @property
    def stderr(self) -> str:
        drain = getattr(self, "_stderr", None)
        return "\n".join(drain.tail) if drain else ""

    def _start(self) -> None:
        self._engine = EngineService()
        env = {key: value for key, value in os.environ.items() if key not in _PER_STACK_ENV}
        self._process = subprocess.Popen(
            [self._python, "-u", "-m", "pulumi.policy", self._engine.address, "."],
            cwd=self.pack_dir,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        first_lines: queue.Queue[str | None] = queue.Queue()
        self._stdout, self._stderr = _Drain(self._process.stdout, first_lines), _Drain(self._process.stderr)
        self._stdout.start()
        self._stderr.start()
        port = self._read_port(first_lines)
        self._channel = grpc.insecure_channel(f"127.0.0.1:{port}", options=[("grpc.max_receive_message_length", 400 * 1024 * 1024)])
        self._stub = analyzer_pb2_grpc.AnalyzerStub(self._channel)
        self._handshake()
        self.info = self._analyzer_info()

    def _read_port(self, first_lines: queue.Queue[str | None]) -> int:
        try:
            line = first_lines.get(timeout=self._start_timeout)
        except queue.Empty:
            raise PolicyPackError(f"policy pack {self.pack_dir} printed no port within {self._start_timeout:.0f} s", self.stderr) from None
        if line is None:  # stdout closed: the process ended before serving
            assert self._process is not None, "the port is read from a started process"
            self._process.wait(timeout=5)
            self._stderr.join(timeout=1)
            raise PolicyPackError(f"policy pack {self.pack_dir} exited with code {self._process.returncode} before serving", self.stderr)
        if not line.strip().isdigit():
            raise PolicyPackError(
                f"policy pack {self.pack_dir} printed {line!r} where the engine expects its port: nothing may print before PolicyPack(...)",
                self.stderr,
            )
        return int(line)

    def _call(self, method: str, request: Any) -> Any:
        try:
            return getattr(self._stub, method)(request, timeout=RPC_TIMEOUT_SECONDS)
        except grpc.RpcError as error:
            raise PolicyPackError(
                f"policy pack {self.pack_dir}: {method} failed: {error.code().name}: {error.details()}", self.stderr
            ) from None

    def _handshake(self) -> None:
        assert self._engine is not None, "the handshake follows the engine's start"
        request = analyzer_pb2.AnalyzerHandshakeRequest(
            engine_address=self._engine.address, root_directory=str(self.pack_dir), program_directory=str(self.pack_dir)
        )
        try:
            self._stub.Handshake(request, timeout=RPC_TIMEOUT_SECONDS, wait_for_ready=True)
        except grpc.RpcError as error:
            if error.code() != grpc.StatusCode.UNIMPLEMENTED:  # older SDKs: the engine moves on too
                raise PolicyPackError(f"policy pack {self.pack_dir}: Handshake failed: {error.details()}", self.stderr) from None

    def _analyzer_info(self) -> PackInfo:
        info = self._call("GetAnalyzerInfo", empty_pb2.Empty())
        policies = {
            p.name: PolicyInfo(
                p.name,
                p.description,
                level_name(p.enforcementLevel),
                "stack" if p.policy_type == analyzer_pb2.POLICY_TYPE_STACK else "resource",
                json_format.MessageToDict(p.configSchema.properties),
                tuple(p.configSchema.required),
            )
            for p in info.policies
        }
        initial: dict[str, tuple[str | None, dict[str, Any]]] = {
            key: (level_name(value.enforcementLevel), json_format.MessageToDict(value.properties))
            for key, value in info.initialConfig.items()
        }
        # As the engine does: the version in PulumiPolicy.yaml wins over the SDK's placeholder.
        project = yaml.safe_load((self.pack_dir / "PulumiPolicy.yaml").read_text()) or {}
        return PackInfo(info.name, str(project.get("version") or info.version), policies, info.supportsConfig, initial)

    def analyze(
        self, stack: str, project: str, resources: Sequence[PlannedResource], config: Mapping[str, tuple[str, dict]]
    ) -> list[Violation]:
        """Every violation the pack finds in `resources` of `stack`, under `config`
        (policy name -> (enforcement level, properties), as `pack_config.reconcile` returns)."""
        self._call("ConfigureStack", analyzer_pb2.AnalyzerStackConfigureRequest(stack=stack, project=project, dry_run=True))
        self._call(
            "Configure",
            analyzer_pb2.ConfigureAnalyzerRequest(
                policyConfig={
                    name: analyzer_pb2.PolicyConfig(
                        enforcementLevel=analyzer_pb2.EnforcementLevel.Value(level.upper()), properties=_struct(props)
                    )
                    for name, (level, props) in config.items()
                }
            ),
        )
        root = next((r.urn for r in resources if r.type == STACK_TYPE), "")
        found: list[Violation] = []
        for resource in resources:
            found += self._diagnostics(stack, self._call("Analyze", analyze_request(resource)), resource.urn)
        response = self._call("AnalyzeStack", analyzer_pb2.AnalyzeStackRequest(resources=[stack_resource(r) for r in resources]))
        return found + self._diagnostics(stack, response, root)

    def _diagnostics(self, stack: str, response: analyzer_pb2.AnalyzeResponse, default_urn: str) -> list[Violation]:
        return [
            Violation(
                stack,
                d.policyPackName,
                self.info.version,
                d.policyName,
                d.description,
                d.message,
                level_name(d.enforcementLevel),
                d.urn or default_urn,
            )
            for d in response.diagnostics
        ]

    def close(self) -> None:
        """Ends the conversation and the process, as the engine does: SIGINT, then SIGKILL."""
        if self._channel is not None:
            self._channel.close()
            self._channel = None
        if self._process is not None and self.returncode is None:
            if self._process.poll() is None:
                self._process.send_signal(signal.SIGINT)
                try:
                    self._process.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    self._process.kill()
                    self._process.wait()
            self.returncode = self._process.returncode
            self._stdout.join(timeout=1)
            self._stderr.join(timeout=1)
        if self._engine is not None:
            self._engine.stop()
            self._engine = None
