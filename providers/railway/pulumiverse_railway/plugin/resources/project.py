"""`railway:index:Project`: a Railway project and its default environment.

Creating a project makes its default environment too (`defaultEnvironmentName`, else
"production"), as the community Terraform provider's `default_environment` does: a stack that
owns a project deploys into that environment, so no second environment is made beside it. A
rename of the default environment is in place. A live project is adopted with `pulumi import`
(or the `import` option) by its id; `read` with only the id returns its inputs.

A create whose answer was lost (timeout, 5xx) looks for the project of that name made since it
was sent (in `workspaceId`, or the token's own projects) and keeps it as this resource's.
"""

from __future__ import annotations

from typing import Any

from ..documents import OPERATIONS
from ..errors import RailwayOutcomeUnknown
from ..handler import Context, ResourceHandler, now, recover_lost_create
from ..spec import Output, ResourceSpec, flag, text
from ..values import Props

UPDATABLE = ("name", "description", "prDeploys")

SPEC = ResourceSpec(
    kind="Project",
    description="A Railway project: the services, environments and settings of one application.",
    inputs=(
        text("name", "The project's name.", required=True),
        text("description", "A description shown in Railway's dashboard.", allow_empty=True),
        flag("prDeploys", "Whether Railway deploys a temporary environment for each pull request."),
        text(
            "workspaceId",
            "The workspace (team) the project belongs to; the token's own when unset. A new workspace deletes the project, "
            "with every service and environment in it, and makes it again there.",
            replaces=True,
        ),
        text("defaultEnvironmentName", "The name of the project's default environment (Railway: `production`)."),
    ),
    outputs=(
        Output("defaultEnvironmentId", "The id of the project's default environment."),
        Output("environments", "Every environment of the project: name to id.", kind="string-map"),
    ),
)


class ProjectHandler(ResourceHandler):
    spec = SPEC

    def outputs_changed_by(self, changed: set[str]) -> set[str]:
        return {"environments"} if "defaultEnvironmentName" in changed else set()

    def _api_create(self, ctx: Context, props: Props) -> tuple[str, Props]:
        label = self.label(props)
        create = self.wire(props, ("name", "description", "prDeploys", "workspaceId", "defaultEnvironmentName"))
        sent_at = now()
        try:
            project = ctx.client.execute(OPERATIONS["ProjectCreate"], {"input": create}, resource=label)["projectCreate"]
        except RailwayOutcomeUnknown as error:
            made = recover_lost_create(ctx, error, lambda: self._named(ctx, props), sent_at, f"project named {props['name']!r}")
            project = ctx.client.execute(OPERATIONS["ProjectRead"], {"id": made["id"]}, resource=label)["project"]
        return project["id"], _outputs(project)

    def _named(self, ctx: Context, props: Props) -> list[dict[str, Any]]:
        """The projects called `name` in the workspace (or the token's own)."""
        variables = {"workspaceId": props.get("workspaceId")}
        found = ctx.client.execute(OPERATIONS["ProjectFind"], variables, resource=self.label(props))
        return [edge["node"] for edge in found["projects"]["edges"] if edge["node"]["name"] == props["name"]]

    def _api_read(self, ctx: Context, id_: str, props: Props) -> Props:
        project = ctx.client.execute(OPERATIONS["ProjectRead"], {"id": id_}, resource=self.label(props, id_))["project"]
        return _outputs(project)

    def _api_update(self, ctx: Context, id_: str, olds: Props, news: Props, changed: set[str]) -> Props:
        label = self.label(news, id_)
        outputs: Props = {}
        wanted = {name: news[name] for name in changed & set(UPDATABLE) if news.get(name) is not None}
        if wanted:
            variables = {"id": id_, "input": wanted}
            outputs = _outputs(ctx.client.execute(OPERATIONS["ProjectUpdate"], variables, resource=label)["projectUpdate"])
        if "defaultEnvironmentName" in changed and news.get("defaultEnvironmentName") and olds.get("defaultEnvironmentId"):
            variables = {"id": olds["defaultEnvironmentId"], "input": {"name": news["defaultEnvironmentName"]}}
            ctx.client.execute(OPERATIONS["EnvironmentRename"], variables, resource=label)
            outputs["environments"] = _renamed(olds.get("environments") or {}, olds["defaultEnvironmentId"], news["defaultEnvironmentName"])
        return outputs

    def _api_delete(self, ctx: Context, id_: str, props: Props) -> None:
        ctx.client.execute(OPERATIONS["ProjectDelete"], {"id": id_}, resource=self.label(props, id_))


def _outputs(project: dict[str, Any]) -> Props:
    environments = {edge["node"]["name"]: edge["node"]["id"] for edge in project["environments"]["edges"]}
    default_id = project.get("primaryEnvironmentId")
    default_name = next((name for name, id_ in environments.items() if id_ == default_id), None)
    return {
        "name": project["name"],
        "description": project.get("description"),
        "prDeploys": project.get("prDeploys"),
        "workspaceId": project.get("workspaceId"),
        "defaultEnvironmentName": default_name,
        "defaultEnvironmentId": default_id,
        "environments": environments,
    }


def _renamed(environments: dict[str, str], id_: str, name: str) -> dict[str, str]:
    return {**{k: v for k, v in environments.items() if v != id_}, name: id_}
