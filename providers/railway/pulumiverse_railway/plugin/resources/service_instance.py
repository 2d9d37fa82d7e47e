"""`railway:index:ServiceInstance`: the settings of one service in one environment, and its limits.

Builder, start command, health check, replicas, region, restart policy, and the vCPU/memory
limits. Railway makes the instance with the service, so "create" writes the settings and
"delete" only forgets them. Writing and reading each take one request: the settings update and
the limits update are two fields of one mutation, the instance and its limits two fields of one
query.

Railway has no CPU-threshold autoscaling: `numReplicas` is a fixed count (per region).

Removing a setting from the program: the overrides Railway stores as null when unset (start and
build commands, root directory, health check path and timeout) are cleared with an explicit null,
which gives back the builder's or Railway's default (no health check; a 300 s timeout). The others
have no unset state in the API (builder, restart policy, replicas, region, sleep, limits): Railway
keeps their value and `diff` warns so.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..documents import OPERATIONS
from ..handler import place_of, Context, ResourceHandler
from ..spec import OnRemoval, ResourceSpec, flag, number, text, whole
from ..values import Props

RESTART_POLICIES = ("ALWAYS", "NEVER", "ON_FAILURE")
BUILDERS = ("RAILPACK", "NIXPACKS", "PAKETO", "HEROKU")
# The regions Railway deploys to (docs.railway.com/reference/deployment-regions), by the id its
# API takes: the region picker's four metal regions.
REGIONS = ("us-west2", "us-east4-eqdc4a", "europe-west4-drams3a", "asia-southeast1-eqsg3a")
SETTINGS = (
    "builder",
    "startCommand",
    "buildCommand",
    "rootDirectory",
    "healthcheckPath",
    "healthcheckTimeout",
    "numReplicas",
    "region",
    "restartPolicyType",
    "restartPolicyMaxRetries",
    "sleepApplication",
)
LIMITS = ("vCPUs", "memoryGB")
BYTES_PER_GB = 1_000_000_000
# GraphQL's Int is 32-bit signed: the most `healthcheckTimeout` can carry. Railway documents a
# 300 s default and no maximum of its own.
GRAPHQL_INT_MAX = 2**31 - 1
RESET = OnRemoval.RESET

SPEC = ResourceSpec(
    kind="ServiceInstance",
    description="The settings of a service in one environment: build, start, health check, replicas, region, restarts, limits.",
    inputs=(
        text("serviceId", "The service.", required=True, replaces=True),
        text("environmentId", "The environment.", required=True, replaces=True),
        text("builder", "How Railway builds the service.", choices=BUILDERS),
        text("startCommand", "The command that starts the service (the builder's default when unset).", on_removal=RESET),
        text("buildCommand", "The command that builds the service (the builder's default when unset).", on_removal=RESET),
        text("rootDirectory", "The directory of the repository to build from.", on_removal=RESET),
        text(
            "healthcheckPath",
            "The path Railway calls on a new deploy before it takes traffic.",
            pattern=r"/\S*",
            hint="a path starting with /, e.g. /health",
            on_removal=RESET,
        ),
        whole(
            "healthcheckTimeout",
            "Seconds a new deploy has to answer its health check (Railway: 300).",
            minimum=1,
            maximum=GRAPHQL_INT_MAX,
            on_removal=RESET,
        ),
        whole("numReplicas", "How many replicas run (a fixed count: Railway has no CPU autoscaling).", minimum=1),
        text("region", "The region the service runs in.", choices=REGIONS),
        text("restartPolicyType", "When Railway restarts a stopped service.", choices=RESTART_POLICIES),
        whole("restartPolicyMaxRetries", "Restarts before giving up, with `ON_FAILURE`.", minimum=0),
        flag("sleepApplication", "Whether the service sleeps when it gets no traffic."),
        number("vCPUs", "The most vCPUs a replica may use.", minimum=0.1),
        number("memoryGB", "The most memory a replica may use, in GB.", minimum=0.1),
    ),
    import_id="`<environmentId>/<serviceId>`",
)


class ServiceInstanceHandler(ResourceHandler):
    spec = SPEC

    def label(self, props: Mapping[str, Any], id_: str | None = None) -> str:
        where = _where(id_ or "", props)
        return f"ServiceInstance of service {where['serviceId']!r} in environment {where['environmentId']!r}"

    def check_together(self, news: Props):
        if news.get("restartPolicyMaxRetries") is not None and news.get("restartPolicyType") not in ("ON_FAILURE", None):
            yield "restartPolicyMaxRetries", f"only applies with restartPolicyType ON_FAILURE, not {news['restartPolicyType']!r}"

    def importable(self, live_inputs: Props) -> Props:
        """What an import declares: Railway's retry count only with the policy it belongs to, and no
        value this provider's check would refuse (a builder or region Railway no longer offers)."""
        inputs = dict(live_inputs)
        if inputs.get("restartPolicyType") != "ON_FAILURE":
            inputs.pop("restartPolicyMaxRetries", None)
        for spec in self.spec.inputs:
            if spec.choices and inputs.get(spec.name) not in (None, *spec.choices):
                inputs.pop(spec.name)
        return inputs

    def _api_create(self, ctx: Context, props: Props) -> tuple[str, Props]:
        self._apply(ctx, props, set(SETTINGS) | set(LIMITS))
        return f"{props['environmentId']}/{props['serviceId']}", {}

    def _api_read(self, ctx: Context, id_: str, props: Props) -> Props:
        where = _where(id_, props)
        data = ctx.client.execute(OPERATIONS["ServiceInstanceRead"], where, resource=self.label(where))
        instance = data["serviceInstance"]
        return {**where, **{name: instance.get(name) for name in SETTINGS}, **_limits(data["serviceInstanceLimits"])}

    def _api_update(self, ctx: Context, id_: str, olds: Props, news: Props, changed: set[str]) -> Props:
        self._apply(ctx, news, changed, reset_removed=True)
        return {}

    def _api_delete(self, ctx: Context, id_: str, props: Props) -> None:
        """Nothing to call: the instance goes with its service (or its environment)."""

    def _apply(self, ctx: Context, props: Props, names: set[str], reset_removed: bool = False) -> None:
        """One request writing the `names` settings and limits; with `reset_removed`, a null for each removed one."""
        named = [name for name in SETTINGS if name in names]
        settings = {**self.wire(props, named), **(self.resets(props, named) if reset_removed else {})}
        with_limits = bool(names & set(LIMITS)) and any(props.get(name) is not None for name in LIMITS)
        if not settings and not with_limits:
            return
        where = {"environmentId": props["environmentId"], "serviceId": props["serviceId"]}
        variables = {**where, "input": settings, "limits": {**where, **self.wire(props, LIMITS)}, "withLimits": with_limits}
        ctx.client.execute(OPERATIONS["ServiceInstanceApply"], variables, resource=self.label(props))


def _where(id_: str, props: Mapping[str, Any]) -> Props:
    """The (environment, service) pair from the inputs, or from the id `environmentId/serviceId` on import."""
    return place_of(id_, props, ("environmentId", "serviceId"))


def _limits(raw: Any) -> Props:
    """vCPUs and memoryGB from Railway's untyped `ServiceInstanceLimit` scalar.

    The schema does not type it; both shapes seen in the wild are read: the one the update takes
    (`{"vCPUs", "memoryGB"}`) and `{"containers": {"cpu", "memoryBytes"}}`. Anything else yields no
    values, so the declared ones stand (no false drift) rather than being reported as removed.
    """
    if not isinstance(raw, dict):
        return {}
    if "vCPUs" in raw or "memoryGB" in raw:
        return {name: raw[name] for name in LIMITS if raw.get(name) is not None}
    containers = raw.get("containers")
    if isinstance(containers, dict):
        limits = {"vCPUs": containers.get("cpu")}
        if containers.get("memoryBytes") is not None:
            limits["memoryGB"] = containers["memoryBytes"] / BYTES_PER_GB
        return {k: v for k, v in limits.items() if v is not None}
    return {}
