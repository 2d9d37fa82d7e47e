"""`railway:index:Environment`: an extra environment of a project (a project's default one comes with it).

A name is unique in its project: a rename is in place, a move to another project replaces, and a
replacement that keeps project and name deletes the old environment first. A create whose
answer was lost is found by that name.
"""

from __future__ import annotations

from typing import Any

from ..documents import OPERATIONS
from ..errors import RailwayOutcomeUnknown
from ..handler import Context, ResourceHandler, now, recover_lost_create
from ..spec import ResourceSpec, flag, text
from ..values import Props

SPEC = ResourceSpec(
    kind="Environment",
    description="An environment of a Railway project (staging, a pull-request environment, ...).",
    inputs=(
        text("projectId", "The project the environment belongs to.", required=True, replaces=True),
        text("name", "The environment's name, unique in its project.", required=True),
        text("sourceEnvironmentId", "An environment whose services and settings are copied at creation.", creation_only=True),
        flag("skipInitialDeploys", "Do not deploy the copied services at creation.", creation_only=True),
    ),
    unique_by=("projectId", "name"),
)


class EnvironmentHandler(ResourceHandler):
    spec = SPEC

    def _api_create(self, ctx: Context, props: Props) -> tuple[str, Props]:
        create = self.wire(props, ("projectId", "name", "sourceEnvironmentId", "skipInitialDeploys"))
        sent_at = now()
        try:
            made = ctx.client.execute(OPERATIONS["EnvironmentCreate"], {"input": create}, resource=self.label(props))
            environment = made["environmentCreate"]
        except RailwayOutcomeUnknown as error:
            what = f"environment named {props['name']!r}"
            environment = recover_lost_create(ctx, error, lambda: self._named(ctx, props), sent_at, what)
        return environment["id"], _live(environment)

    def _named(self, ctx: Context, props: Props) -> list[dict[str, Any]]:
        """The project's environment of that name (names are unique in a project)."""
        variables = {"projectId": props["projectId"]}
        found = ctx.client.execute(OPERATIONS["EnvironmentFind"], variables, resource=self.label(props))
        return [e["node"] for e in found["environments"]["edges"] if e["node"]["name"] == props["name"]]

    def _api_read(self, ctx: Context, id_: str, props: Props) -> Props:
        found = ctx.client.execute(OPERATIONS["EnvironmentRead"], {"id": id_}, resource=self.label(props, id_))
        return _live(found["environment"])

    def _api_update(self, ctx: Context, id_: str, olds: Props, news: Props, changed: set[str]) -> Props:
        if "name" not in changed:
            return {}
        variables = {"id": id_, "input": {"name": news["name"]}}
        renamed = ctx.client.execute(OPERATIONS["EnvironmentRename"], variables, resource=self.label(olds, id_))
        return {"name": renamed["environmentRename"]["name"]}

    def _api_delete(self, ctx: Context, id_: str, props: Props) -> None:
        ctx.client.execute(OPERATIONS["EnvironmentDelete"], {"id": id_}, resource=self.label(props, id_))


def _live(environment: dict[str, Any]) -> Props:
    return {"name": environment["name"], "projectId": environment["projectId"]}
