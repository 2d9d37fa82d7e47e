"""`railway:Project`: a Railway project, created here or adopted by id.

An adopted project (`projectId` given) is read, and renamed/described if asked, but never
deleted: it existed before this stack and outlives it. A created project is deleted with the stack.
A create whose answer was lost (timeout, 5xx) looks for the project of that name made since it
was sent (in `workspaceId`, or the token's own projects) and takes it as its own.
"""

from __future__ import annotations

from typing import Any

import pulumi

from ..client import RailwayClient
from ..documents import OPERATIONS
from ..errors import RailwayOutcomeUnknown
from ._base import OnChange, Props, RailwayProvider, RailwayResource, flag, now, recover_lost_create, text, token_field

UPDATABLE = ("name", "description", "prDeploys")


class ProjectProvider(RailwayProvider):
    kind = "Project"
    fields = (
        text("name"),
        text("description"),
        flag("prDeploys"),
        text("projectId", on_change=OnChange.REPLACE, hint="the id of an existing project to adopt"),
        text("workspaceId", on_change=OnChange.REPLACE),
        text("defaultEnvironmentName", on_change=OnChange.REPLACE),
        token_field(),
    )

    def check_together(self, news: Props):
        if not news.get("name") and not news.get("projectId"):
            yield "name", "is required unless projectId adopts an existing project"
        if news.get("projectId") and news.get("defaultEnvironmentName"):
            yield "defaultEnvironmentName", "only applies to a project created here, not to an adopted one (projectId)"

    def _api_create(self, client: RailwayClient, props: Props) -> tuple[str, Props]:
        label = self.label(props)
        if props.get("projectId"):
            project = client.execute(OPERATIONS["ProjectRead"], {"id": props["projectId"]}, resource=label)["project"]
            wanted = self.wire(props, UPDATABLE)
            if any(project.get(k) != v for k, v in wanted.items()):
                project = self._write(client, project["id"], wanted, label)
            return project["id"], {**_outputs(project), "adopted": True}
        create = self.wire(props, ("name", "description", "prDeploys", "workspaceId", "defaultEnvironmentName"))
        sent_at = now()
        try:
            project = client.execute(OPERATIONS["ProjectCreate"], {"input": create}, resource=label)["projectCreate"]
        except RailwayOutcomeUnknown as error:
            made = recover_lost_create(error, lambda: self._named(client, props), sent_at, f"projects named {props['name']!r}")
            project = client.execute(OPERATIONS["ProjectRead"], {"id": made["id"]}, resource=label)["project"]
        return project["id"], {**_outputs(project), "adopted": False}

    def _named(self, client: RailwayClient, props: Props) -> list[dict[str, Any]]:
        """The projects called `name` in the workspace (or the token's own)."""
        found = client.execute(OPERATIONS["ProjectFind"], {"workspaceId": props.get("workspaceId")}, resource=self.label(props))
        return [edge["node"] for edge in found["projects"]["edges"] if edge["node"]["name"] == props["name"]]

    def _api_read(self, client: RailwayClient, id_: str, props: Props) -> Props:
        project = client.execute(OPERATIONS["ProjectRead"], {"id": id_}, resource=self.label(props, id_))["project"]
        return _outputs(project)

    def _api_update(self, client: RailwayClient, id_: str, olds: Props, news: Props, changed: set[str]) -> Props:
        wanted = {name: news.get(name) for name in changed & set(UPDATABLE) if news.get(name) is not None}
        if not wanted:
            return {}
        return _outputs(self._write(client, id_, wanted, self.label(news, id_)))

    def _api_delete(self, client: RailwayClient, id_: str, props: Props) -> None:
        if props.get("adopted"):
            return  # adopted: not ours to delete
        client.execute(OPERATIONS["ProjectDelete"], {"id": id_}, resource=self.label(props, id_))

    @staticmethod
    def _write(client: RailwayClient, id_: str, wanted: Props, label: str) -> dict[str, Any]:
        return client.execute(OPERATIONS["ProjectUpdate"], {"id": id_, "input": wanted}, resource=label)["projectUpdate"]


def _outputs(project: dict[str, Any]) -> Props:
    environments = {edge["node"]["name"]: edge["node"]["id"] for edge in project["environments"]["edges"]}
    return {
        "name": project["name"],
        "description": project.get("description"),
        "prDeploys": project.get("prDeploys"),
        "defaultEnvironmentId": project.get("primaryEnvironmentId"),
        "environments": environments,
    }


class Project(RailwayResource, module="railway", name="Project"):
    """A Railway project. Pass `project_id` to adopt an existing one instead of creating it."""

    name: pulumi.Output[str]
    default_environment_id: pulumi.Output[str | None]
    environments: pulumi.Output[dict[str, str]]
    adopted: pulumi.Output[bool]

    def __init__(
        self,
        resource_name: str,
        *,
        name: pulumi.Input[str] | None = None,
        description: pulumi.Input[str] | None = None,
        pr_deploys: pulumi.Input[bool] | None = None,
        project_id: pulumi.Input[str] | None = None,
        workspace_id: pulumi.Input[str] | None = None,
        default_environment_name: pulumi.Input[str] | None = None,
        api_token: pulumi.Input[str] | None = None,
        opts: pulumi.ResourceOptions | None = None,
    ):
        props = {
            "name": name,
            "description": description,
            "prDeploys": pr_deploys,
            "projectId": project_id,
            "workspaceId": workspace_id,
            "defaultEnvironmentName": default_environment_name,
        }
        outputs = ("defaultEnvironmentId", "environments", "adopted")
        super().__init__(ProjectProvider(), resource_name, props, opts, api_token, outputs)
