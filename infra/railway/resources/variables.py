"""`railway:VariableCollection`: every variable of one service in one environment, as one resource.

Writes are always one `variableCollectionUpsert` request, whatever the number of variables:
- create: the whole set with `replace: true` (the collection owns the service's variables);
- update: only the added and changed names with `replace: false`, or, when names were removed,
  the whole set with `replace: true`; an update that changes no value sends nothing;
- delete: an empty set with `replace: true`, which Railway's schema documents as "removes all
  existing variables before upserting the new collection": one request, not one `variableDelete`
  per name against the hourly rate limit.

Secrets: the names in `sealed` have their values wrapped as Pulumi secrets by the resource class,
one key at a time, so state encrypts them and a diff still names the variables that changed.
Railway's schema has `Variable.isSealed` to read, but no mutation or input that seals a variable
(only the untyped environment-config patch, whose format the schema does not describe), so
sealing itself is done in Railway's dashboard. A value Railway will not show back (sealed) reads
as null: `read` keeps the value from state for it instead of reporting drift.
Railway's own `RAILWAY_*` variables are not ours: `read` ignores them unless declared.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pulumi

from ..client import RailwayClient
from ..documents import OPERATIONS
from ._base import Field, OnChange, OnRemoval, Props, RailwayProvider, RailwayResource, flag, is_unknown, text, token_field

VARIABLE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
RAILWAY_PROVIDED = "RAILWAY_"
PLACES = ("projectId", "environmentId", "serviceId")


@dataclass(frozen=True)
class VariableChanges:
    """Names only: this is what a diff or a log may show of a variable set."""

    added: tuple[str, ...]
    changed: tuple[str, ...]
    removed: tuple[str, ...]

    @property
    def written(self) -> tuple[str, ...]:
        return self.added + self.changed

    def __bool__(self) -> bool:
        return bool(self.added or self.changed or self.removed)


def variable_changes(olds: Mapping[str, Any] | None, news: Mapping[str, Any] | None) -> VariableChanges:
    olds, news = olds or {}, news or {}
    return VariableChanges(
        added=tuple(sorted(set(news) - set(olds))),
        changed=tuple(sorted(name for name in set(news) & set(olds) if is_unknown(news[name]) or news[name] != olds[name])),
        removed=tuple(sorted(set(olds) - set(news))),
    )


class VariableCollectionProvider(RailwayProvider):
    kind = "VariableCollection"
    fields = (
        text("projectId", required=True, on_change=OnChange.REPLACE),
        text("environmentId", required=True, on_change=OnChange.REPLACE),
        text("serviceId", required=True, on_change=OnChange.REPLACE),
        Field("variables", dict, required=True),
        Field("sealed", list, on_removal=OnRemoval.NOTHING),  # the program's view of the values; nothing in Railway
        flag("skipDeploys", on_removal=OnRemoval.NOTHING),  # how writes are made, not a value Railway keeps
        token_field(),
    )

    def label(self, props: Props, id_: str | None = None) -> str:
        return f"VariableCollection of service {props.get('serviceId')!r} in environment {props.get('environmentId')!r}"

    def check_together(self, news: Props):
        variables = news.get("variables")
        if not isinstance(variables, dict):
            return
        for name, value in variables.items():
            if not VARIABLE_NAME.fullmatch(name):
                yield f"variables.{name}", "is not a valid variable name (letters, digits and _, not starting with a digit)"
            elif not is_unknown(value) and not isinstance(value, str):
                yield f"variables.{name}", f"must be a string, got {type(value).__name__}; quote numbers and booleans"
        sealed = news.get("sealed")
        if isinstance(sealed, list):
            strays = sorted(str(name) for name in sealed if not is_unknown(name) and name not in variables)
            if strays:
                yield "sealed", f"names {', '.join(strays)}, which are not in variables: a secret with no value cannot be set"

    def _api_create(self, client: RailwayClient, props: Props) -> tuple[str, Props]:
        self._upsert(client, props, props["variables"], replace=True)
        return "/".join(props[place] for place in PLACES), {}

    def _api_read(self, client: RailwayClient, id_: str, props: Props) -> Props | None:
        where = _where(id_, props)
        live = client.execute(OPERATIONS["VariableCollectionRead"], where, resource=self.label(where))["variables"] or {}
        declared = props.get("variables") or {}
        variables = {}
        for name, value in live.items():
            if name.startswith(RAILWAY_PROVIDED) and name not in declared:
                continue
            # A value Railway will not show (sealed) is kept from state rather than called drift.
            variables[name] = declared.get(name) if value is None else value
        variables = {k: v for k, v in variables.items() if v is not None}
        if declared and not variables:
            return None  # every variable gone: the collection was deleted
        return {**where, "variables": variables}

    def _api_update(self, client: RailwayClient, id_: str, olds: Props, news: Props, changed: set[str]) -> Props:
        changes = variable_changes(olds.get("variables"), news["variables"])
        if changes.removed:
            self._upsert(client, news, news["variables"], replace=True)
        elif changes.written:
            self._upsert(client, news, {name: news["variables"][name] for name in changes.written}, replace=False)
        return {}

    def _api_delete(self, client: RailwayClient, id_: str, props: Props) -> None:
        """Every variable of the service in the environment goes, in one request (a service that is gone already: success)."""
        self._upsert(client, {**props, **_where(id_, props)}, {}, replace=True)

    def _upsert(self, client: RailwayClient, props: Props, variables: Mapping[str, str], replace: bool) -> None:
        upsert = {
            **{place: props[place] for place in PLACES},
            "variables": dict(variables),
            "replace": replace,
            "skipDeploys": bool(props.get("skipDeploys")),
        }
        client.execute(OPERATIONS["VariableCollectionUpsert"], {"input": upsert}, resource=self.label(props))


def _where(id_: str, props: Props) -> Props:
    """Project, environment and service from the inputs, or from the id `project/environment/service` on import."""
    from_id = dict(zip(PLACES, id_.split("/"))) if id_.count("/") == 2 else {}
    return {place: props.get(place) or from_id.get(place) for place in PLACES}


def seal(variables: pulumi.Input[Mapping[str, pulumi.Input[str]]], sealed: Sequence[str]) -> pulumi.Input[Mapping[str, Any]]:
    """The variables with each sealed value wrapped as a secret, key by key.

    Key by key keeps the other values readable in state and lets a diff name what changed; a map
    that is itself an Output cannot be opened here, so it stays as it is (secret values stay secret).
    """
    if not isinstance(variables, Mapping):
        return variables
    return {name: pulumi.Output.secret(value) if name in sealed else value for name, value in variables.items()}


class VariableCollection(RailwayResource, module="railway", name="VariableCollection"):
    """All variables of one service in one environment; `sealed` names the secret ones."""

    variables: pulumi.Output[dict[str, str]]

    def __init__(
        self,
        resource_name: str,
        *,
        project_id: pulumi.Input[str],
        environment_id: pulumi.Input[str],
        service_id: pulumi.Input[str],
        variables: pulumi.Input[Mapping[str, pulumi.Input[str]]],
        sealed: Sequence[str] = (),
        skip_deploys: pulumi.Input[bool] | None = None,
        api_token: pulumi.Input[str] | None = None,
        opts: pulumi.ResourceOptions | None = None,
    ):
        props = {
            "projectId": project_id,
            "environmentId": environment_id,
            "serviceId": service_id,
            "variables": seal(variables, sealed),
            "sealed": sorted(sealed),
            "skipDeploys": skip_deploys,
        }
        super().__init__(VariableCollectionProvider(), resource_name, props, opts, api_token)
