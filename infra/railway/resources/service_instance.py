"""`railway:ServiceInstance`: the settings of one service in one environment, and its limits.

Builder, start command, health check, replicas, region, restart policy, and the vCPU/memory limits. Railway
makes the instance with the service, so "create" writes the settings and "delete" only forgets
them. Writing and reading each take one request: the settings update and the limits update are
two fields of one mutation, the instance and its limits two fields of one query.

Railway has no CPU-threshold autoscaling: `numReplicas` is a fixed count (per region).

Removing a setting from the program: the overrides Railway stores as null when unset (start and
build commands, root directory, health check path and timeout) are cleared with an explicit null,
which gives back the builder's or Railway's default (no health check; a 300 s timeout). The others
have no unset state in the API (builder, restart policy, replicas, region, sleep, limits): Railway
keeps their value and `diff` warns so.
"""

from __future__ import annotations

import re
from typing import Any

import pulumi

from ..client import RailwayClient
from ..documents import OPERATIONS
from ._base import OnChange, OnRemoval, Props, RailwayProvider, RailwayResource, flag, number, text, token_field, whole

RESTART_POLICIES = ("ALWAYS", "NEVER", "ON_FAILURE")
BUILDERS = ("RAILPACK", "NIXPACKS", "PAKETO", "HEROKU")
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


class ServiceInstanceProvider(RailwayProvider):
    kind = "ServiceInstance"
    fields = (
        text("serviceId", required=True, on_change=OnChange.REPLACE),
        text("environmentId", required=True, on_change=OnChange.REPLACE),
        text("builder", choices=BUILDERS),
        text("startCommand", on_removal=OnRemoval.RESET),
        text("buildCommand", on_removal=OnRemoval.RESET),
        text("rootDirectory", on_removal=OnRemoval.RESET),
        text("healthcheckPath", pattern=re.compile(r"/\S*"), hint="a path starting with /, e.g. /health", on_removal=OnRemoval.RESET),
        whole("healthcheckTimeout", minimum=1, maximum=GRAPHQL_INT_MAX, on_removal=OnRemoval.RESET),
        whole("numReplicas", minimum=1),
        text("region"),
        text("restartPolicyType", choices=RESTART_POLICIES),
        whole("restartPolicyMaxRetries", minimum=0),
        flag("sleepApplication"),
        number("vCPUs", minimum=0.1),
        number("memoryGB", minimum=0.1),
        token_field(),
    )

    def label(self, props: Props, id_: str | None = None) -> str:
        return f"ServiceInstance of service {props.get('serviceId')!r} in environment {props.get('environmentId')!r}"

    def check_together(self, news: Props):
        if news.get("restartPolicyMaxRetries") is not None and news.get("restartPolicyType") not in ("ON_FAILURE", None):
            yield "restartPolicyMaxRetries", f"only applies with restartPolicyType ON_FAILURE, not {news['restartPolicyType']}"

    def _api_create(self, client: RailwayClient, props: Props) -> tuple[str, Props]:
        self._apply(client, props, set(SETTINGS) | set(LIMITS))
        return f"{props['environmentId']}/{props['serviceId']}", {}

    def _api_read(self, client: RailwayClient, id_: str, props: Props) -> Props:
        where = _where(id_, props)
        data = client.execute(OPERATIONS["ServiceInstanceRead"], where, resource=self.label(where))
        instance = data["serviceInstance"]
        return {**where, **{name: instance.get(name) for name in SETTINGS}, **_limits(data["serviceInstanceLimits"])}

    def _api_update(self, client: RailwayClient, id_: str, olds: Props, news: Props, changed: set[str]) -> Props:
        self._apply(client, news, changed, reset_removed=True)
        return {}

    def _api_delete(self, client: RailwayClient, id_: str, props: Props) -> None:
        """Nothing to call: the instance goes with its service (or its environment)."""

    def _apply(self, client: RailwayClient, props: Props, names: set[str], reset_removed: bool = False) -> None:
        """One request writing the `names` settings and limits; with `reset_removed`, a null for each removed one."""
        named = [name for name in SETTINGS if name in names]
        settings = {**self.wire(props, named), **(self.resets(props, named) if reset_removed else {})}
        with_limits = bool(names & set(LIMITS)) and any(props.get(name) is not None for name in LIMITS)
        if not settings and not with_limits:
            return
        where = {"environmentId": props["environmentId"], "serviceId": props["serviceId"]}
        variables = {**where, "input": settings, "limits": {**where, **self.wire(props, LIMITS)}, "withLimits": with_limits}
        client.execute(OPERATIONS["ServiceInstanceApply"], variables, resource=self.label(props))


def _where(id_: str, props: Props) -> Props:
    """The (environment, service) pair from the inputs, or from the id `environmentId/serviceId` on import."""
    environment_id, _, service_id = id_.partition("/")
    return {"environmentId": props.get("environmentId") or environment_id, "serviceId": props.get("serviceId") or service_id}


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


class ServiceInstance(RailwayResource, module="railway", name="ServiceInstance"):
    """Settings of a service in one environment: commands, health check, replicas, region, restarts, limits."""

    def __init__(
        self,
        resource_name: str,
        *,
        service_id: pulumi.Input[str],
        environment_id: pulumi.Input[str],
        builder: pulumi.Input[str] | None = None,
        start_command: pulumi.Input[str] | None = None,
        build_command: pulumi.Input[str] | None = None,
        root_directory: pulumi.Input[str] | None = None,
        healthcheck_path: pulumi.Input[str] | None = None,
        healthcheck_timeout: pulumi.Input[int] | None = None,
        num_replicas: pulumi.Input[int] | None = None,
        region: pulumi.Input[str] | None = None,
        restart_policy_type: pulumi.Input[str] | None = None,
        restart_policy_max_retries: pulumi.Input[int] | None = None,
        sleep_application: pulumi.Input[bool] | None = None,
        vcpus: pulumi.Input[float] | None = None,
        memory_gb: pulumi.Input[float] | None = None,
        api_token: pulumi.Input[str] | None = None,
        opts: pulumi.ResourceOptions | None = None,
    ):
        props = {
            "serviceId": service_id,
            "environmentId": environment_id,
            "builder": builder,
            "startCommand": start_command,
            "buildCommand": build_command,
            "rootDirectory": root_directory,
            "healthcheckPath": healthcheck_path,
            "healthcheckTimeout": healthcheck_timeout,
            "numReplicas": num_replicas,
            "region": region,
            "restartPolicyType": restart_policy_type,
            "restartPolicyMaxRetries": restart_policy_max_retries,
            "sleepApplication": sleep_application,
            "vCPUs": vcpus,
            "memoryGB": memory_gb,
        }
        super().__init__(ServiceInstanceProvider(), resource_name, props, opts, api_token)
