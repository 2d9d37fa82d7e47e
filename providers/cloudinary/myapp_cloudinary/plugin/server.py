"""The provider plugin: Pulumi's `ResourceProvider` gRPC service over `cloudinary:index:UploadPreset`.

Started as the engine starts a plugin (`python -m myapp_cloudinary.plugin <engine-address>`, or
through `PulumiPlugin.yaml`): it listens on a free port of 127.0.0.1 and writes the port as its
first stdout line. Every failure a user can cause comes back as one gRPC error naming the preset,
the input and the fix; anything else is an internal error, with the key and secret taken out.
"""

from __future__ import annotations

import sys
import threading
import traceback
from collections.abc import Callable, Iterable, Mapping
from concurrent import futures
from typing import Any, TypeVar

import grpc
from google.protobuf import empty_pb2, json_format, struct_pb2
from pulumi.runtime import rpc
from pulumi.runtime.proto import plugin_pb2, provider_pb2, provider_pb2_grpc

from . import config as provider_config
from . import upload_preset
from .client import CloudinaryClient
from .errors import (
    CloudinaryConfigError,
    CloudinaryCredentialsError,
    CloudinaryError,
    CloudinaryOutcomeUnknown,
    CloudinaryRequestError,
    CloudinaryUnavailable,
)
from .schema import VERSION, schema_text

T = TypeVar("T")
SECRET_KEY, SECRET_SIG, UNKNOWN = rpc._special_sig_key, rpc._special_secret_sig, rpc.UNKNOWN
_STATUS = (
    (CloudinaryOutcomeUnknown, grpc.StatusCode.UNKNOWN),
    (CloudinaryUnavailable, grpc.StatusCode.UNAVAILABLE),
    (CloudinaryCredentialsError, grpc.StatusCode.UNAUTHENTICATED),
    (CloudinaryConfigError, grpc.StatusCode.INVALID_ARGUMENT),
    (CloudinaryRequestError, grpc.StatusCode.FAILED_PRECONDITION),
)
_ENGINE_CONFIG_KEYS = {"version", "pluginDownloadURL"}
Props = dict[str, Any]


def unwrap(struct: struct_pb2.Struct) -> tuple[Props, set[str]]:
    """Plain values, and the top-level names that came as secrets."""
    secrets: set[str] = set()

    def plain(value: Any, top: str) -> Any:
        if isinstance(value, dict) and value.get(SECRET_KEY) == SECRET_SIG:
            secrets.add(top)
            return plain(value.get("value"), top)
        if isinstance(value, dict):
            return {k: plain(v, top) for k, v in value.items()}
        if isinstance(value, list):
            return [plain(v, top) for v in value]
        return value

    raw = json_format.MessageToDict(struct)
    return {k: plain(v, k) for k, v in raw.items()}, secrets


def wrap(props: Mapping[str, Any], secrets: Iterable[str] = ()) -> struct_pb2.Struct:
    hidden = set(secrets)
    struct = struct_pb2.Struct()
    struct.update({k: {SECRET_KEY: SECRET_SIG, "value": v} if k in hidden else v for k, v in props.items() if v is not None})
    return struct


def is_unknown(value: Any) -> bool:
    return value == UNKNOWN


class CloudinaryProvider(provider_pb2_grpc.ResourceProviderServicer):
    def __init__(self) -> None:
        self._settings: provider_config.Settings | None = None
        self._lock = threading.Lock()

    def GetPluginInfo(self, request, context):
        return plugin_pb2.PluginInfo(version=VERSION)

    def GetSchema(self, request, context):
        return provider_pb2.GetSchemaResponse(schema=schema_text())

    def Cancel(self, request, context):
        return empty_pb2.Empty()

    # -- provider configuration --------------------------------------------------------------
    def CheckConfig(self, request, context):
        news, _ = unwrap(request.news)
        known = {item.name for item in provider_config.CONFIG} | _ENGINE_CONFIG_KEYS
        failures = provider_config.problems(news)
        failures += [
            (key, f"cloudinary:{key} is not a setting of the Cloudinary provider (known: cloudName, apiKey, apiSecret, apiBase)")
            for key in sorted(set(news) - known)
        ]
        return provider_pb2.CheckResponse(inputs=wrap(news, provider_config.SECRET_KEYS), failures=_failures(failures))

    def DiffConfig(self, request, context):
        olds, _ = unwrap(request.olds)
        news, _ = unwrap(request.news)
        changed = [item.name for item in provider_config.CONFIG if olds.get(item.name) != news.get(item.name)]
        kind = provider_pb2.DiffResponse.DIFF_SOME if changed else provider_pb2.DiffResponse.DIFF_NONE
        return provider_pb2.DiffResponse(changes=kind, diffs=changed)

    def Configure(self, request, context):
        args, _ = unwrap(request.args)
        if not args:
            args = {key.rsplit(":", 1)[-1]: value for key, value in request.variables.items()}
        secrets = [str(args.get(key)) for key in provider_config.SECRET_KEYS if args.get(key)]
        self._guard(context, "Configure", lambda: self._configure(args), secrets)
        return provider_pb2.ConfigureResponse(acceptSecrets=True, supportsPreview=True)

    def _configure(self, args: Props) -> None:
        with self._lock:
            self._settings = provider_config.settings(args)

    # -- the resource ------------------------------------------------------------------------
    def Check(self, request, context):
        self._require_type(request.type or _type_of(request.urn), context)
        news, secrets = unwrap(request.news)
        failures = upload_preset.check(news, is_unknown)
        inputs = {k: v for k, v in news.items() if v is not None}
        return provider_pb2.CheckResponse(inputs=wrap(inputs, secrets), failures=_failures(failures))

    def Diff(self, request, context):
        olds, _ = unwrap(request.olds)
        news, _ = unwrap(request.news)
        changed = upload_preset.changed(olds, news, is_unknown)
        replaces = [name for name in changed if name == "name"]
        detailed = {
            name: provider_pb2.PropertyDiff(kind=_diff_kind(olds.get(name), news.get(name), name in replaces), inputDiff=True)
            for name in changed
        }
        return provider_pb2.DiffResponse(
            changes=provider_pb2.DiffResponse.DIFF_SOME if changed else provider_pb2.DiffResponse.DIFF_NONE,
            replaces=replaces,
            stables=[] if replaces else ["name"],
            # Same cloud, new name: the old preset may go after the new one is made.
            deleteBeforeReplace=False,
            diffs=changed,
            detailedDiff=detailed,
            hasDetailedDiff=True,
        )

    def Create(self, request, context):
        news, secrets = unwrap(request.properties)
        if request.preview:
            return provider_pb2.CreateResponse(properties=wrap({**news, "cloudName": self._cloud_name() or UNKNOWN}, secrets))
        client = self._client(context)
        with client:
            id_ = self._guard(context, "Create", lambda: upload_preset.create(client, news), self._secrets())
        return provider_pb2.CreateResponse(id=id_, properties=wrap(self._state(news), secrets))

    def Read(self, request, context):
        state, secrets = unwrap(request.properties)
        inputs, _ = unwrap(request.inputs)
        client = self._client(context)
        with client:
            live = self._guard(context, "Read", lambda: _read(client, request.id), self._secrets())
        if live is None:
            return provider_pb2.ReadResponse(id="")
        read_inputs = live if not inputs else {name: live.get(name) for name in upload_preset.INPUT_NAMES if name in inputs or name in live}
        # A value the program spells differently but Cloudinary holds the same (format order,
        # transformation parameter order) keeps the program's spelling: no drift.
        read_inputs = {
            k: inputs[k] if k in inputs and not upload_preset.differs(k, v, inputs[k], is_unknown) else v
            for k, v in read_inputs.items()
            if v is not None
        }
        if inputs and "unsigned" not in inputs and not live.get("unsigned"):
            read_inputs.pop("unsigned", None)  # never declared and still signed: not managed, no drift
        return provider_pb2.ReadResponse(
            id=request.id, properties=wrap(self._state(read_inputs), secrets), inputs=wrap(read_inputs, secrets)
        )

    def Update(self, request, context):
        news, secrets = unwrap(request.news)
        if request.preview:
            return provider_pb2.UpdateResponse(properties=wrap(self._state(news), secrets))
        client = self._client(context)
        body = upload_preset.wire_body(news, creating=False)
        with client:
            self._guard(context, "Update", lambda: client.update_preset(request.id, body), self._secrets())
        return provider_pb2.UpdateResponse(properties=wrap(self._state(news), secrets))

    def Delete(self, request, context):
        client = self._client(context)
        with client:
            self._guard(context, "Delete", lambda: _delete(client, request.id), self._secrets())
        return empty_pb2.Empty()

    # -- plumbing ----------------------------------------------------------------------------
    def _state(self, inputs: Props) -> Props:
        return {**{k: v for k, v in inputs.items() if k in upload_preset.INPUT_NAMES}, "cloudName": self._cloud_name()}

    def _cloud_name(self) -> str | None:
        return self._current().cloud_name

    def _current(self) -> provider_config.Settings:
        with self._lock:
            if self._settings is None:
                self._settings = provider_config.settings({})
            return self._settings

    def _secrets(self) -> list[str]:
        settings = self._current()
        return [s for s in (settings.api_key, settings.api_secret) if s]

    def _client(self, context) -> CloudinaryClient:
        settings = self._guard(context, "Configure", self._current, [])
        credentials = self._guard(context, "Configure", settings.credentials, self._secrets())
        return CloudinaryClient(credentials, api_base=settings.api_base)

    def _require_type(self, token: str, context) -> None:
        if token != upload_preset.TOKEN:
            context.abort(
                grpc.StatusCode.INVALID_ARGUMENT, f"the Cloudinary provider has no resource type {token!r} (it has {upload_preset.TOKEN})"
            )

    def _guard(self, context, operation: str, call: Callable[[], T], secrets: Iterable[str]) -> T:
        """`call()`, with every failure answered as one clean gRPC error that quotes no secret."""
        try:
            return call()
        except CloudinaryError as error:
            context.abort(_status_of(error), _without(str(error), secrets))
        except Exception as error:  # a bug of the plugin: said so, the stack on stderr
            print(_without("".join(traceback.format_exception(error)), secrets), file=sys.stderr, flush=True)
            summary = _without(f"{type(error).__name__}: {error}", secrets)
            context.abort(
                grpc.StatusCode.INTERNAL, f"pulumi-cloudinary-native: internal error in {operation} ({summary}); please report it"
            )
        raise AssertionError("context.abort always raises")


def _read(client: CloudinaryClient, name: str) -> Props | None:
    from .errors import CloudinaryNotFound

    try:
        return upload_preset.live_inputs(client.get_preset(name))
    except CloudinaryNotFound:
        return None


def _delete(client: CloudinaryClient, name: str) -> None:
    from .errors import CloudinaryNotFound

    try:
        client.delete_preset(name)
    except CloudinaryNotFound:
        pass  # already gone: the goal of a delete


def _diff_kind(old: Any, new: Any, replaces: bool) -> int:
    kinds = provider_pb2.PropertyDiff
    if old is None:
        return kinds.ADD_REPLACE if replaces else kinds.ADD
    if new is None:
        return kinds.DELETE_REPLACE if replaces else kinds.DELETE
    return kinds.UPDATE_REPLACE if replaces else kinds.UPDATE


def _status_of(error: CloudinaryError) -> grpc.StatusCode:
    return next((code for kind, code in _STATUS if isinstance(error, kind)), grpc.StatusCode.FAILED_PRECONDITION)


def _without(text: str, secrets: Iterable[str]) -> str:
    for secret in sorted({s for s in secrets if len(s) >= 4}, key=len, reverse=True):
        text = text.replace(secret, "[secret]")
    return text


def _failures(failures: list[tuple[str, str]]) -> list[provider_pb2.CheckFailure]:
    return [provider_pb2.CheckFailure(property=name, reason=reason) for name, reason in failures]


def _type_of(urn: str) -> str:
    return urn.split("::")[-2].split("$")[-1] if urn.count("::") >= 3 else ""


def serve(port_out=None) -> grpc.Server:
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=8))
    provider_pb2_grpc.add_ResourceProviderServicer_to_server(CloudinaryProvider(), server)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    out = port_out or sys.stdout
    out.write(f"{port}\n")
    out.flush()
    return server


def main(argv: list[str] | None = None) -> None:
    """`[flags] <engine-address>`, as the engine passes them (warnings go to stderr: no engine log needed)."""
    server = serve()
    try:
        server.wait_for_termination()
    except KeyboardInterrupt:
        server.stop(grace=1)
