"""The provider plugin: Pulumi's `ResourceProvider` gRPC service over the Railway resources.

Started as the engine starts a plugin (`python -m pulumiverse_railway.plugin <engine-address>`,
or through `PulumiPlugin.yaml`): it listens on a free port of 127.0.0.1 and writes that port as
its first line on stdout. Built on the SDK's raw gRPC stubs rather than the experimental
`pulumi.provider.experimental` server, because that one appends a Python traceback to every
error (a refused token would reach the user as a stack trace) and does not pass the engine's
`old_inputs`, which is how `diff` tells a removed input from one never declared.

Every failure a user can cause or fix comes back as one gRPC error whose message names the
resource, the property and the fix; anything else is reported as an internal error of the
plugin, with every secret value of the request taken out of the text.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from collections.abc import Callable, Iterable
from concurrent import futures
from typing import TypeVar

import grpc
from google.protobuf import empty_pb2
from pulumi.runtime.proto import engine_pb2, engine_pb2_grpc, plugin_pb2, provider_pb2, provider_pb2_grpc

from . import config as provider_config
from .errors import (
    RailwayConfigError,
    RailwayCredentialsError,
    RailwayError,
    RailwayOutcomeUnknown,
    RailwayRequestError,
    RailwayUnavailable,
)
from .handler import Change, Context, RecoveryPolicy, ResourceHandler
from .values import Props, SecretPaths, secret_leaves, unwrap, wrap

LOG = logging.getLogger(__name__)
T = TypeVar("T")

_KINDS = {
    (Change.ADD, False): provider_pb2.PropertyDiff.ADD,
    (Change.ADD, True): provider_pb2.PropertyDiff.ADD_REPLACE,
    (Change.DELETE, False): provider_pb2.PropertyDiff.DELETE,
    (Change.DELETE, True): provider_pb2.PropertyDiff.DELETE_REPLACE,
    (Change.UPDATE, False): provider_pb2.PropertyDiff.UPDATE,
    (Change.UPDATE, True): provider_pb2.PropertyDiff.UPDATE_REPLACE,
}
# gRPC status per error (most specific first); any other RailwayError is FAILED_PRECONDITION.
_STATUS = (
    (RailwayOutcomeUnknown, grpc.StatusCode.UNKNOWN),
    (RailwayUnavailable, grpc.StatusCode.UNAVAILABLE),
    (RailwayCredentialsError, grpc.StatusCode.UNAUTHENTICATED),
    (RailwayConfigError, grpc.StatusCode.INVALID_ARGUMENT),
    (RailwayRequestError, grpc.StatusCode.FAILED_PRECONDITION),
)
# Keys the engine may add to a provider's inputs besides its config.
_ENGINE_CONFIG_KEYS = {"version", "pluginDownloadURL"}


class EngineLog:
    """Warnings to the engine's `Log` service, shown to the user next to the resource; stderr without an engine."""

    def __init__(self, address: str | None):
        self._address = address
        self._stub: engine_pb2_grpc.EngineStub | None = None

    def warn(self, urn: str, message: str) -> None:
        try:
            if self._stub is None and self._address:
                self._stub = engine_pb2_grpc.EngineStub(grpc.insecure_channel(self._address))
            if self._stub is not None:
                self._stub.Log(engine_pb2.LogRequest(severity=engine_pb2.WARNING, message=message, urn=urn), timeout=10)
                return
        except grpc.RpcError:
            pass
        print(f"warning: {message}", file=sys.stderr, flush=True)


class RailwayProvider(provider_pb2_grpc.ResourceProviderServicer):
    def __init__(self, engine_address: str | None = None):
        self._log = EngineLog(engine_address)
        self._settings: provider_config.Settings | None = None
        self._client = None
        self._lock = threading.Lock()

    # -- plugin and package ------------------------------------------------------------------
    def GetPluginInfo(self, request, context):
        from .schema import VERSION

        return plugin_pb2.PluginInfo(version=VERSION)

    def GetSchema(self, request, context):
        from .schema import schema_text

        return provider_pb2.GetSchemaResponse(schema=schema_text())

    def Cancel(self, request, context):
        return empty_pb2.Empty()

    # -- provider configuration --------------------------------------------------------------
    def CheckConfig(self, request, context):
        news, secrets = unwrap(request.news)
        known = {item.name for item in provider_config.CONFIG} | _ENGINE_CONFIG_KEYS
        failures = self._guard(context, "CheckConfig", lambda: provider_config.problems(news), secret_leaves(news, secrets | {("token",)}))
        failures += [(key, f"railway:{key} is not a setting of the Railway provider (known: token, endpoint)") for key in sorted(set(news) - known)]
        return provider_pb2.CheckResponse(inputs=wrap(news, secrets | {("token",)}), failures=_failures(failures))

    def DiffConfig(self, request, context):
        olds, _ = unwrap(request.olds)
        news, _ = unwrap(request.news)
        changed = [item.name for item in provider_config.CONFIG if olds.get(item.name) != news.get(item.name)]
        return provider_pb2.DiffResponse(
            changes=provider_pb2.DiffResponse.DIFF_SOME if changed else provider_pb2.DiffResponse.DIFF_NONE,
            diffs=changed,
        )

    def Configure(self, request, context):
        args, _ = unwrap(request.args)
        if not args:  # an engine that sends only the flat `railway:config:<key>` variables
            args = {key.rsplit(":", 1)[-1]: value for key, value in request.variables.items()}
        self._guard(context, "Configure", lambda: self._configure(args), secret_leaves(args, [("token",)]))
        # Preview support: Create and Update answer `preview` themselves (no API call), so computed
        # outputs an update leaves alone stay known and nothing that depends on them looks replaced.
        return provider_pb2.ConfigureResponse(acceptSecrets=True, supportsPreview=True, acceptResources=False, acceptOutputs=False)

    def _configure(self, args: Props) -> None:
        with self._lock:
            self._settings = provider_config.settings(args)
            if self._client is not None:
                self._client.close()
            self._client = None

    # -- resources ---------------------------------------------------------------------------
    def Check(self, request, context):
        handler = self._handler(request.type or _type_of(request.urn), context)
        news, secrets = unwrap(request.news)
        leaves = secret_leaves(news, secrets)
        inputs, failures = self._guard(context, "Check", lambda: handler.check(news), leaves)
        failures = [(name, _without(reason, leaves)) for name, reason in failures]
        return provider_pb2.CheckResponse(inputs=wrap(inputs, self._secrets(handler, inputs, secrets)), failures=_failures(failures))

    def Diff(self, request, context):
        # The engine has applied `ignoreChanges` to the news already (from the old inputs): not again here.
        handler = self._handler(request.type or _type_of(request.urn), context)
        olds, old_secrets = unwrap(request.olds)
        old_inputs, _ = unwrap(request.old_inputs)
        news, new_secrets = unwrap(request.news)
        leaves = secret_leaves(olds, old_secrets) + secret_leaves(news, new_secrets)
        warn = lambda message: self._log.warn(request.urn, _without(message, leaves))  # noqa: E731
        diff = self._guard(context, "Diff", lambda: handler.diff(request.id, olds, old_inputs, news, warn), leaves)
        return provider_pb2.DiffResponse(
            changes=provider_pb2.DiffResponse.DIFF_SOME if diff.changed else provider_pb2.DiffResponse.DIFF_NONE,
            replaces=diff.replaces,
            stables=diff.stables,
            deleteBeforeReplace=diff.delete_before_replace,
            diffs=diff.changed,
            detailedDiff={path: provider_pb2.PropertyDiff(kind=_KINDS[kind], inputDiff=True) for path, kind in diff.detailed.items()},
            hasDetailedDiff=True,
        )

    def Create(self, request, context):
        handler = self._handler(request.type or _type_of(request.urn), context)
        news, secrets = unwrap(request.properties)
        leaves = secret_leaves(news, secrets)
        if request.preview:
            outputs = self._guard(context, "Create", lambda: handler.preview_create(news), leaves)
            return provider_pb2.CreateResponse(properties=wrap(outputs, self._secrets(handler, outputs, secrets)))
        ctx = self._context(context, request.urn, leaves, RecoveryPolicy.within(request.timeout))
        id_, outputs = self._guard(context, "Create", lambda: handler.create(ctx, news), leaves)
        return provider_pb2.CreateResponse(id=id_, properties=wrap(outputs, self._secrets(handler, outputs, secrets)))

    def Read(self, request, context):
        handler = self._handler(request.type or _type_of(request.urn), context)
        state, state_secrets = unwrap(request.properties)
        inputs, input_secrets = unwrap(request.inputs)
        secrets = state_secrets | input_secrets
        leaves = secret_leaves(state, secrets) + secret_leaves(inputs, secrets)
        ctx = self._context(context, request.urn, leaves)
        read = self._guard(context, "Read", lambda: handler.read(ctx, request.id, state, inputs), leaves)
        if read is None:
            return provider_pb2.ReadResponse(id="")
        imported = not inputs
        outputs = wrap(read.outputs, self._secrets(handler, read.outputs, secrets, imported))
        return provider_pb2.ReadResponse(id=read.id, properties=outputs, inputs=wrap(read.inputs, self._secrets(handler, read.inputs, secrets, imported)))

    def Update(self, request, context):
        handler = self._handler(request.type or _type_of(request.urn), context)
        olds, old_secrets = unwrap(request.olds)
        old_inputs, _ = unwrap(request.old_inputs)
        news, secrets = unwrap(request.news)
        leaves = secret_leaves(olds, old_secrets) + secret_leaves(news, secrets)
        if request.preview:
            outputs = self._guard(context, "Update", lambda: handler.preview_update(olds, old_inputs, news), leaves)
        else:
            ctx = self._context(context, request.urn, leaves)
            outputs = self._guard(context, "Update", lambda: handler.update(ctx, request.id, olds, old_inputs, news), leaves)
        return provider_pb2.UpdateResponse(properties=wrap(outputs, self._secrets(handler, outputs, secrets | old_secrets)))

    def Delete(self, request, context):
        handler = self._handler(request.type or _type_of(request.urn), context)
        state, secrets = unwrap(request.properties)
        ctx = self._context(context, request.urn, secret_leaves(state, secrets))
        self._guard(context, "Delete", lambda: handler.delete(ctx, request.id, state), secret_leaves(state, secrets))
        return empty_pb2.Empty()

    # -- functions ---------------------------------------------------------------------------
    def Invoke(self, request, context):
        from .deployments import list_deployments
        from .schema import GET_DEPLOYMENTS

        if request.tok != GET_DEPLOYMENTS:
            context.abort(grpc.StatusCode.NOT_FOUND, f"the Railway provider has no function {request.tok!r} (it has {GET_DEPLOYMENTS})")
        args, _ = unwrap(request.args)
        missing = [name for name in ("projectId", "environmentId", "serviceId") if not args.get(name)]
        if missing:
            failures = [(name, f"{GET_DEPLOYMENTS}: {name} is required") for name in missing]
            return provider_pb2.InvokeResponse(failures=_failures(failures))
        ctx = self._context(context, "", [])
        where = (str(args["projectId"]), str(args["environmentId"]), str(args["serviceId"]))
        found = self._guard(context, "Invoke", lambda: list_deployments(ctx.client, *where), [])
        result = wrap({"deployments": [d.as_output() for d in found]}, ())
        return provider_pb2.InvokeResponse(**{"return": result})

    # -- plumbing ----------------------------------------------------------------------------
    def _handler(self, type_token: str, context) -> ResourceHandler:
        from .resources import HANDLERS

        handler = HANDLERS.get(type_token)
        if handler is None:
            known = ", ".join(sorted(HANDLERS))
            context.abort(grpc.StatusCode.INVALID_ARGUMENT, f"the Railway provider has no resource type {type_token!r} (it has {known})")
            raise AssertionError("context.abort always raises")
        return handler

    def _secrets(self, handler: ResourceHandler, props: Props, secrets: SecretPaths, imported: bool = False) -> set[tuple[str, ...]]:
        """The request's secret paths, every property the schema marks secret, and the resource's own."""
        return set(secrets) | {(name,) for name in handler.spec.secret_names} | handler.secret_paths(props, imported)

    def _context(self, context, urn: str, secrets: Iterable[str], recovery: RecoveryPolicy = RecoveryPolicy()) -> Context:
        client = self._guard(context, "Configure", self._connected, list(secrets))
        return Context(client=client, warn=lambda message: self._log.warn(urn, message), recovery=recovery)

    def _connected(self):
        from .client import RailwayClient

        with self._lock:
            if self._settings is None:
                self._settings = provider_config.settings({})
            if self._client is None:
                token = self._settings.require_token()
                self._client = RailwayClient(token, endpoint=self._settings.endpoint, token_source=self._settings.token_source)
            return self._client

    def _guard(self, context, operation: str, call: Callable[[], T], secrets: Iterable[str]) -> T:
        """`call()`, with every failure answered as one clean gRPC error that quotes no secret."""
        try:
            return call()
        except RailwayError as error:
            context.abort(_status_of(error), _without(str(error), secrets))
        except Exception as error:  # a bug of the plugin: said so, with the stack on the plugin's stderr
            text = _without("".join(traceback.format_exception(error)), secrets)
            print(text, file=sys.stderr, flush=True)
            summary = _without(f"{type(error).__name__}: {error}", secrets)
            context.abort(grpc.StatusCode.INTERNAL, f"pulumiverse-railway: internal error in {operation} ({summary}); please report it")
        raise AssertionError("context.abort always raises")


def _status_of(error: RailwayError) -> grpc.StatusCode:
    """The engine treats UNKNOWN as "the operation may have been applied": only a create of unknown outcome is that."""
    for kind, code in _STATUS:
        if isinstance(error, kind):
            return code
    return grpc.StatusCode.FAILED_PRECONDITION


def _without(text: str, secrets: Iterable[str]) -> str:
    for secret in sorted({s for s in secrets if len(s) >= 4}, key=len, reverse=True):
        text = text.replace(secret, "[secret]")
    return text


def _failures(failures: list[tuple[str, str]]) -> list[provider_pb2.CheckFailure]:
    return [provider_pb2.CheckFailure(property=name, reason=reason) for name, reason in failures]


def _type_of(urn: str) -> str:
    """`urn:pulumi:stack::project::parent$railway:index:Service::name` -> `railway:index:Service`."""
    return urn.split("::")[-2].split("$")[-1] if urn.count("::") >= 3 else ""


def serve(engine_address: str | None, port_out=None) -> grpc.Server:
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=8))
    provider_pb2_grpc.add_ResourceProviderServicer_to_server(RailwayProvider(engine_address), server)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    out = port_out or sys.stdout
    out.write(f"{port}\n")
    out.flush()
    # The engine waits for the port; the resources (GraphQL documents, httpx) load while it connects.
    threading.Thread(target=_load_resources, name="load-resources", daemon=True).start()
    return server


def _load_resources() -> None:
    from . import client, resources  # noqa: F401


def main(argv: list[str] | None = None) -> None:
    """`[flags] <engine-address>`, as the engine passes them: the address is the last argument
    (`--tracing <endpoint>` takes a value of its own, so it is not the first word that is not a flag)."""
    args = sys.argv[1:] if argv is None else argv
    address = args[-1] if args and not args[-1].startswith("-") else None
    server = serve(address)
    try:
        server.wait_for_termination()
    except KeyboardInterrupt:
        server.stop(grace=1)
