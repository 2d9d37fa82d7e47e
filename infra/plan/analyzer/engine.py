"""The engine side the pack may call back: a minimal `pulumirpc.Engine` gRPC service.

The engine passes its address as the pack's first argument. `pulumi.policy`'s main (pulumi
3.272) parses it but does not connect it to `pulumi.log`, whose messages then go to stderr
(collected by the session); the service is still served so the address is real and a pack or
SDK that does call `Log` is heard, not refused.
"""

from __future__ import annotations

from concurrent import futures
from dataclasses import dataclass

import grpc
from google.protobuf import empty_pb2
from pulumi.runtime.proto import engine_pb2, engine_pb2_grpc


@dataclass(frozen=True)
class LogEntry:
    severity: str
    message: str
    urn: str


class _EngineServicer(engine_pb2_grpc.EngineServicer):
    def __init__(self) -> None:
        self.logs: list[LogEntry] = []
        self.root_urn = ""

    def Log(self, request, context):
        self.logs.append(LogEntry(engine_pb2.LogSeverity.Name(request.severity).lower(), request.message, request.urn))
        return empty_pb2.Empty()

    def GetRootResource(self, request, context):
        return engine_pb2.GetRootResourceResponse(urn=self.root_urn)

    def SetRootResource(self, request, context):
        self.root_urn = request.urn
        return engine_pb2.SetRootResourceResponse()

    def StartDebugging(self, request, context):
        return empty_pb2.Empty()

    def RequirePulumiVersion(self, request, context):
        return engine_pb2.RequirePulumiVersionResponse()


class EngineService:
    """Serves `Engine` on 127.0.0.1 at a free port until `stop`."""

    def __init__(self) -> None:
        self._servicer = _EngineServicer()
        self._server = grpc.server(futures.ThreadPoolExecutor(max_workers=2))
        engine_pb2_grpc.add_EngineServicer_to_server(self._servicer, self._server)
        self.address = f"127.0.0.1:{self._server.add_insecure_port('127.0.0.1:0')}"
        self._server.start()

    @property
    def logs(self) -> list[LogEntry]:
        return list(self._servicer.logs)

    def stop(self) -> None:
        self._server.stop(grace=None)
