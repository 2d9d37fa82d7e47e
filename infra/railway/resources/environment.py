"""`railway:Environment`: an environment of a project (production, staging, ...).

A name is unique in its project: a rename is in place, a move to another project replaces, and
a replacement that keeps project and name deletes the old environment first.

With `adoptExisting`, an environment of that name already in the project (a new project's
default environment, or one made by hand) is adopted instead of created, and is then never
deleted by this resource.
"""

from __future__ import annotations

import pulumi

from ..client import RailwayClient
from ..documents import OPERATIONS
from ..errors import RailwayOutcomeUnknown
from ._base import OnChange, OnRemoval, Props, RailwayProvider, RailwayResource, flag, text, token_field


class EnvironmentProvider(RailwayProvider):
    kind = "Environment"
    fields = (
        text("projectId", required=True, on_change=OnChange.REPLACE),
        text("name", required=True),
        text("sourceEnvironmentId", on_change=OnChange.REPLACE),
        flag("skipInitialDeploys", on_removal=OnRemoval.NOTHING),  # creation-time only
        flag("adoptExisting", on_removal=OnRemoval.NOTHING),
        token_field(),
    )
    unique_by = ("projectId", "name")

    def _api_create(self, client: RailwayClient, props: Props) -> tuple[str, Props]:
        existing = self._find(client, props) if props.get("adoptExisting") else None
        if existing is not None:
            return existing["id"], {**_live(existing), "adopted": True}
        label = self.label(props)
        create = self.wire(props, ("projectId", "name", "sourceEnvironmentId", "skipInitialDeploys"))
        try:
            environment = client.execute(OPERATIONS["EnvironmentCreate"], {"input": create}, resource=label)["environmentCreate"]
        except RailwayOutcomeUnknown:
            environment = self._find(client, props)
            if environment is None:
                raise
        return environment["id"], {**_live(environment), "adopted": False}

    def _find(self, client: RailwayClient, props: Props) -> dict | None:
        """The project's environment of that name, if any: names are unique in a project."""
        found = client.execute(OPERATIONS["EnvironmentFind"], {"projectId": props["projectId"]}, resource=self.label(props))
        return next((e["node"] for e in found["environments"]["edges"] if e["node"]["name"] == props["name"]), None)

    def _api_read(self, client: RailwayClient, id_: str, props: Props) -> Props:
        environment = client.execute(OPERATIONS["EnvironmentRead"], {"id": id_}, resource=self.label(props, id_))["environment"]
        return _live(environment)

    def _api_update(self, client: RailwayClient, id_: str, olds: Props, news: Props, changed: set[str]) -> Props:
        if "name" not in changed:
            return {}
        variables = {"id": id_, "input": {"name": news["name"]}}
        renamed = client.execute(OPERATIONS["EnvironmentRename"], variables, resource=self.label(olds, id_))["environmentRename"]
        return {"name": renamed["name"]}

    def _api_delete(self, client: RailwayClient, id_: str, props: Props) -> None:
        if props.get("adopted"):
            return  # it was there before this resource: not ours to delete
        client.execute(OPERATIONS["EnvironmentDelete"], {"id": id_}, resource=self.label(props, id_))


def _live(environment: dict) -> Props:
    return {"name": environment["name"], "projectId": environment["projectId"]}


class Environment(RailwayResource, module="railway", name="Environment"):
    """An environment of a Railway project; `source_environment_id` copies another one's services and settings,
    `adopt_existing` takes over the project's environment of that name if there is one."""

    name: pulumi.Output[str]
    project_id: pulumi.Output[str]
    adopted: pulumi.Output[bool]

    def __init__(
        self,
        resource_name: str,
        *,
        project_id: pulumi.Input[str],
        name: pulumi.Input[str],
        source_environment_id: pulumi.Input[str] | None = None,
        skip_initial_deploys: pulumi.Input[bool] | None = None,
        adopt_existing: pulumi.Input[bool] | None = None,
        api_token: pulumi.Input[str] | None = None,
        opts: pulumi.ResourceOptions | None = None,
    ):
        props = {
            "projectId": project_id,
            "name": name,
            "sourceEnvironmentId": source_environment_id,
            "skipInitialDeploys": skip_initial_deploys,
            "adoptExisting": adopt_existing,
        }
        super().__init__(EnvironmentProvider(), resource_name, props, opts, api_token, outputs=("adopted",))
