"""The provider plugin as the engine runs it: its own process, the port on its first stdout line, gRPC.

`PluginProcess` starts `python -m pulumiverse_railway.plugin <engine-address>` the way the Python
language host does (the engine address last), reads the port, and speaks `ResourceProvider`
over a real channel. `FakeEngine` is the engine's `Engine` service on 127.0.0.1, recording the
warnings the plugin logs. Values cross the wire as the engine writes them (secrets and unknowns
with the SDK's own markers), written out here independently of the plugin's code.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from concurrent import futures
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import grpc
from google.protobuf import empty_pb2, json_format, struct_pb2
from pulumi.runtime import rpc
from pulumi.runtime.proto import engine_pb2_grpc, provider_pb2, provider_pb2_grpc

PACKAGE_DIR = Path(__file__).resolve().parents[1]
STACK = "urn:pulumi:test::myapp-infra::"
SECRET_KEY = rpc._special_sig_key
SECRET_SIG = rpc._special_secret_sig
UNKNOWN = rpc.UNKNOWN


@dataclass(frozen=True)
class Secret:
    """An input the program marked secret."""

    value: Any


def urn(kind: str, name: str = "it") -> str:
    return f"{STACK}railway:index:{kind}::{name}"


def to_struct(props: dict[str, Any]) -> struct_pb2.Struct:
    def wire(value: Any) -> Any:
        if isinstance(value, Secret):
            return {SECRET_KEY: SECRET_SIG, "value": wire(value.value)}
        if isinstance(value, dict):
            return {k: wire(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [wire(v) for v in value]
        return value

    struct = struct_pb2.Struct()
    struct.update({k: wire(v) for k, v in props.items() if v is not None})
    return struct


@dataclass
class Wire:
    """An answer's properties: plain values, and the paths (name, or name + key) that came as secrets."""

    values: dict[str, Any]
    secrets: set[tuple[str, ...]] = field(default_factory=set)
    raw: dict[str, Any] = field(default_factory=dict)

    def __getitem__(self, name: str) -> Any:
        return self.values[name]

    def get(self, name: str, default: Any = None) -> Any:
        return self.values.get(name, default)


def from_struct(struct: struct_pb2.Struct) -> Wire:
    raw = json_format.MessageToDict(struct)
    secrets: set[tuple[str, ...]] = set()

    def plain(value: Any, path: tuple[str, ...]) -> Any:
        if isinstance(value, dict) and value.get(SECRET_KEY) == SECRET_SIG:
            secrets.add(path)
            return plain(value["value"], path)
        if isinstance(value, dict):
            return {k: plain(v, (*path, k)) for k, v in value.items()}
        if isinstance(value, list):
            return [plain(v, path) for v in value]
        if isinstance(value, float) and value.is_integer():
            return int(value)
        return value

    return Wire({k: plain(v, (k,)) for k, v in raw.items()}, secrets, raw)


class FakeEngine(engine_pb2_grpc.EngineServicer):
    """The engine's Engine service: keeps every log line a plugin sends."""

    def __init__(self) -> None:
        self.logs: list[tuple[int, str, str]] = []
        self._server = grpc.server(futures.ThreadPoolExecutor(max_workers=2))
        engine_pb2_grpc.add_EngineServicer_to_server(self, self._server)
        self.port = self._server.add_insecure_port("127.0.0.1:0")
        self._server.start()

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def Log(self, request, context):
        self.logs.append((request.severity, request.urn, request.message))
        return empty_pb2.Empty()

    def warnings(self) -> list[str]:
        return [message for severity, _urn, message in self.logs if severity == 2]

    def stop(self) -> None:
        self._server.stop(grace=0)


class PluginProcess:
    """One running plugin and a stub to it. Use as a context manager."""

    def __init__(self, engine: FakeEngine, env: dict[str, str], stderr_path: Path):
        self.engine = engine
        self._env = env
        self._stderr_path = stderr_path
        self.started_in: float = 0.0

    def __enter__(self) -> PluginProcess:
        self._stderr = open(self._stderr_path, "wb")
        started = time.perf_counter()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "pulumiverse_railway.plugin", "--logtostderr", "-v=9", self.engine.address],
            cwd=PACKAGE_DIR,
            env={**self._env, "PYTHONPATH": str(PACKAGE_DIR)},
            stdout=subprocess.PIPE,
            stderr=self._stderr,
        )
        assert self.process.stdout is not None, "stdout is a pipe"
        line = self.process.stdout.readline().decode().strip()
        self.started_in = time.perf_counter() - started
        if not line.isdigit():
            self.__exit__()
            raise RuntimeError(f"the plugin's first stdout line is not a port: {line!r}; stderr: {self.stderr()}")
        self.port = int(line)
        self.channel = grpc.insecure_channel(f"127.0.0.1:{self.port}")
        self.stub = provider_pb2_grpc.ResourceProviderStub(self.channel)
        return self

    def __exit__(self, *_exc: Any) -> None:
        if getattr(self, "channel", None) is not None:
            self.channel.close()
        self.process.terminate()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self._stderr.close()

    def stderr(self) -> str:
        self._stderr.flush()
        return self._stderr_path.read_bytes().decode(errors="replace")

    # -- the calls the engine makes, with plain values ---------------------------------------
    def configure(self, **config: Any) -> provider_pb2.ConfigureResponse:
        return self.stub.Configure(provider_pb2.ConfigureRequest(args=to_struct(config), acceptSecrets=True, sends_old_inputs=True))

    def check_config(self, news: dict[str, Any]) -> provider_pb2.CheckResponse:
        return self.stub.CheckConfig(provider_pb2.CheckRequest(urn=f"{STACK}pulumi:providers:railway::default", news=to_struct(news)))

    def check(self, kind: str, news: dict[str, Any], olds: dict[str, Any] | None = None) -> provider_pb2.CheckResponse:
        return self.stub.Check(
            provider_pb2.CheckRequest(urn=urn(kind), type=f"railway:index:{kind}", news=to_struct(news), olds=to_struct(olds or {}))
        )

    def diff(
        self, kind: str, id_: str, olds: dict[str, Any], old_inputs: dict[str, Any], news: dict[str, Any]
    ) -> provider_pb2.DiffResponse:
        request = provider_pb2.DiffRequest(
            id=id_,
            urn=urn(kind),
            type=f"railway:index:{kind}",
            olds=to_struct(olds),
            old_inputs=to_struct(old_inputs),
            news=to_struct(news),
        )
        return self.stub.Diff(request)

    def create(self, kind: str, news: dict[str, Any], timeout: float = 0) -> tuple[str, Wire]:
        checked = self.check(kind, news)
        assert not checked.failures, [f.reason for f in checked.failures]
        request = provider_pb2.CreateRequest(urn=urn(kind), type=f"railway:index:{kind}", properties=checked.inputs, timeout=timeout)
        answer = self.stub.Create(request)
        return answer.id, from_struct(answer.properties)

    def read(
        self, kind: str, id_: str, state: dict[str, Any] | None = None, inputs: dict[str, Any] | None = None
    ) -> provider_pb2.ReadResponse:
        request = provider_pb2.ReadRequest(id=id_, urn=urn(kind), type=f"railway:index:{kind}")
        if state is not None:
            request.properties.CopyFrom(to_struct(state))
        if inputs is not None:
            request.inputs.CopyFrom(to_struct(inputs))
        return self.stub.Read(request)

    def update(self, kind: str, id_: str, olds: dict[str, Any], old_inputs: dict[str, Any], news: dict[str, Any]) -> Wire:
        checked = self.check(kind, news)
        assert not checked.failures, [f.reason for f in checked.failures]
        request = provider_pb2.UpdateRequest(
            id=id_, urn=urn(kind), type=f"railway:index:{kind}", olds=to_struct(olds), old_inputs=to_struct(old_inputs), news=checked.inputs
        )
        return from_struct(self.stub.Update(request).properties)

    def delete(self, kind: str, id_: str, state: dict[str, Any]) -> None:
        self.stub.Delete(provider_pb2.DeleteRequest(id=id_, urn=urn(kind), type=f"railway:index:{kind}", properties=to_struct(state)))


def plugin_env(endpoint: str | None, token: str | None) -> dict[str, str]:
    """The environment a plugin starts with: the machine's, less any Railway setting, plus these."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("RAILWAY_")}
    if endpoint is not None:
        env["RAILWAY_API_URL"] = endpoint
    if token is not None:
        env["RAILWAY_TOKEN"] = token
    return env
