"""`railway:index:Service`: a service of a project, deployed from a GitHub repo + branch or an image.

Renames and a new source (repo, branch or image) are in place (`serviceUpdate`, `serviceConnect`);
moving the service to another project replaces it. Railway reports a repo source through the
service's deploy triggers, which is how `read` sees a branch or repo changed in the dashboard.
An image source is not reported at the service level, so image drift is not detected here.

A create whose answer was lost (timeout, 5xx) looks for the service of that name made since it
was sent, and keeps it as this resource's own.
"""

from __future__ import annotations

from typing import Any

from ..documents import OPERATIONS
from ..errors import RailwayOutcomeUnknown
from ..handler import Context, ResourceHandler, now, recover_lost_create
from ..spec import ResourceSpec, text
from ..values import Props

GITHUB_REPO = r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+"
SOURCE_INPUTS = ("sourceRepo", "sourceRepoBranch", "sourceImage")

SPEC = ResourceSpec(
    kind="Service",
    description="A Railway service: one deployable unit (an API, a worker), from a GitHub repository or an image.",
    inputs=(
        text("projectId", "The project the service belongs to.", required=True, replaces=True),
        text("name", "The service's name.", required=True),
        text("icon", "The icon shown in Railway's dashboard (a URL or a devicon name)."),
        text(
            "sourceRepo",
            "The GitHub repository the service deploys from, as owner/name.",
            pattern=GITHUB_REPO,
            hint="a GitHub repository as owner/name, e.g. myapp/myapp-backend",
        ),
        text("sourceRepoBranch", "The branch of `sourceRepo` that deploys (Railway: the default branch)."),
        text("sourceImage", "A container image to deploy instead of a repository, e.g. `nginx:1.27`."),
    ),
)


class ServiceHandler(ResourceHandler):
    spec = SPEC

    def check_together(self, news: Props):
        if news.get("sourceRepo") and news.get("sourceImage"):
            yield "sourceImage", "cannot be set with sourceRepo: a service deploys from a repo or an image, not both"
        if news.get("sourceRepoBranch") and not news.get("sourceRepo"):
            yield "sourceRepoBranch", "needs sourceRepo: a branch of which repository?"

    def _api_create(self, ctx: Context, props: Props) -> tuple[str, Props]:
        create = {**self.wire(props, ("projectId", "name", "icon")), **_source(props)}
        sent_at = now()
        try:
            made = ctx.client.execute(OPERATIONS["ServiceCreate"], {"input": create}, resource=self.label(props))
            service = made["serviceCreate"]
        except RailwayOutcomeUnknown as error:
            what = f"service named {props['name']!r}"
            service = recover_lost_create(ctx, error, lambda: self._named(ctx, props), sent_at, what)
        return service["id"], _live(service, props)

    def _named(self, ctx: Context, props: Props) -> list[dict[str, Any]]:
        """The project's services called `name`."""
        found = ctx.client.execute(OPERATIONS["ServiceFind"], {"projectId": props["projectId"]}, resource=self.label(props))
        return [edge["node"] for edge in found["project"]["services"]["edges"] if edge["node"]["name"] == props["name"]]

    def _api_read(self, ctx: Context, id_: str, props: Props) -> Props:
        service = ctx.client.execute(OPERATIONS["ServiceRead"], {"id": id_}, resource=self.label(props, id_))["service"]
        return _live(service, props)

    def _api_update(self, ctx: Context, id_: str, olds: Props, news: Props, changed: set[str]) -> Props:
        label = self.label(news, id_)
        service = None
        if changed & {"name", "icon"}:
            update = {"id": id_, "input": self.wire(news, ("name", "icon"))}
            service = ctx.client.execute(OPERATIONS["ServiceUpdate"], update, resource=label)["serviceUpdate"]
        if changed & set(SOURCE_INPUTS):
            connect = {"id": id_, "input": _source(news, nested=False)}
            service = ctx.client.execute(OPERATIONS["ServiceConnect"], connect, resource=label)["serviceConnect"]
        return _live(service, news) if service else {}

    def _api_delete(self, ctx: Context, id_: str, props: Props) -> None:
        ctx.client.execute(OPERATIONS["ServiceDelete"], {"id": id_}, resource=self.label(props, id_))


def _source(props: Props, nested: bool = True) -> Props:
    """The source as ServiceCreateInput (`source: {repo}`, `branch`) or ServiceConnectInput (flat) wants it."""
    if props.get("sourceImage"):
        source = {"image": props["sourceImage"]}
    elif props.get("sourceRepo"):
        source = {"repo": props["sourceRepo"]}
    else:
        return {}
    branch = {"branch": props["sourceRepoBranch"]} if props.get("sourceRepoBranch") else {}
    return ({"source": source} if nested else source) | branch


def _live(service: dict[str, Any], declared: Props) -> Props:
    live = {"name": service["name"], "projectId": service["projectId"], "icon": service.get("icon")}
    triggers = [(e["node"]["repository"], e["node"]["branch"]) for e in service["repoTriggers"]["edges"]]
    wanted = (declared.get("sourceRepo"), declared.get("sourceRepoBranch"))
    if declared.get("sourceImage"):
        return live  # an image source is not visible at the service level
    if wanted in triggers or (wanted[1] is None and wanted[0] in {repo for repo, _ in triggers}):
        return live | {"sourceRepo": wanted[0], "sourceRepoBranch": wanted[1]}
    repo, branch = triggers[0] if triggers else (None, None)
    return live | {"sourceRepo": repo, "sourceRepoBranch": branch}
