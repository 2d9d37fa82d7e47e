"""The plugin as the engine runs it: its own process, the port on its first stdout line, gRPC.

Values cross the wire as the engine writes them (secrets and unknowns with the SDK's own markers).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import grpc
from google.protobuf import json_format, struct_pb2
from pulumi.runtime import rpc
from pulumi.runtime.proto import provider_pb2, provider_pb2_grpc

PACKAGE_DIR = Path(__file__).resolve().parents[1]
TOKEN = "cloudinary:index:UploadPreset"
SECRET = {rpc._special_sig_key: rpc._special_secret_sig}


def urn(name: str = "avatars") -> str:
    return f"urn:pulumi:test::myapp-infra::{TOKEN}::{name}"


def struct(props: dict[str, Any]) -> struct_pb2.Struct:
    made = struct_pb2.Struct()
    made.update({k: v for k, v in props.items() if v is not None})
    return made


def secret(value: Any) -> dict[str, Any]:
    return {**SECRET, "value": value}


def plain(message: struct_pb2.Struct) -> dict[str, Any]:
    return json_format.MessageToDict(message)


class Plugin:
    """`python <package dir> <engine address>`, as the Python language host starts a plugin folder."""

    def __init__(self, stderr_path: Path):
        env = {k: v for k, v in os.environ.items() if k != "CLOUDINARY_URL"}
        self._stderr = stderr_path.open("wb")
        self.process = subprocess.Popen(
            [sys.executable, str(PACKAGE_DIR), "127.0.0.1:1"], stdout=subprocess.PIPE, stderr=self._stderr, env=env
        )
        assert self.process.stdout is not None
        port = self.process.stdout.readline().decode().strip()
        self.channel = grpc.insecure_channel(f"127.0.0.1:{port}")
        self.stub = provider_pb2_grpc.ResourceProviderStub(self.channel)
        self.stderr_path = stderr_path

    def close(self) -> None:
        self.channel.close()
        self.process.terminate()
        self.process.wait(timeout=10)
        self._stderr.close()

    def configure(self, **config: Any) -> None:
        self.stub.Configure(provider_pb2.ConfigureRequest(args=struct(config), acceptSecrets=True))

    def check(self, news: dict[str, Any]) -> provider_pb2.CheckResponse:
        return self.stub.Check(provider_pb2.CheckRequest(urn=urn(), type=TOKEN, news=struct(news), olds=struct({})))

    def diff(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> provider_pb2.DiffResponse:
        return self.stub.Diff(
            provider_pb2.DiffRequest(id=id_, urn=urn(), type=TOKEN, olds=struct(olds), old_inputs=struct(olds), news=struct(news))
        )

    def create(self, news: dict[str, Any], preview: bool = False) -> provider_pb2.CreateResponse:
        return self.stub.Create(provider_pb2.CreateRequest(urn=urn(), type=TOKEN, properties=struct(news), preview=preview))

    def read(self, id_: str, state: dict[str, Any] | None = None, inputs: dict[str, Any] | None = None) -> provider_pb2.ReadResponse:
        return self.stub.Read(
            provider_pb2.ReadRequest(id=id_, urn=urn(), type=TOKEN, properties=struct(state or {}), inputs=struct(inputs or {}))
        )

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> provider_pb2.UpdateResponse:
        return self.stub.Update(
            provider_pb2.UpdateRequest(id=id_, urn=urn(), type=TOKEN, olds=struct(olds), old_inputs=struct(olds), news=struct(news))
        )

    def delete(self, id_: str, state: dict[str, Any]) -> None:
        self.stub.Delete(provider_pb2.DeleteRequest(id=id_, urn=urn(), type=TOKEN, properties=struct(state)))
