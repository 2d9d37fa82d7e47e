"""`railway:Service`: a service of a project, deployed from a GitHub repo + branch or an image.

Renames and a new source (repo, branch or image) are in place (`serviceUpdate`, `serviceConnect`);
moving the service to another project replaces it. Railway reports a repo source through the
service's deploy triggers, which is how `read` sees a branch or repo changed in the dashboard.
An image source is not reported at the service level, so image drift is not detected here.

With `adoptExisting`, the project's service of that name (one made before this stack, e.g. in
a live project adopted by id) is adopted instead of created: its icon and repo source are set
as declared, and it is never deleted by this resource. A create whose answer was lost (timeout,
5xx) looks for the service of that name made since it was sent, and takes it as its own.
"""

from __future__ import annotations

import re
from typing import Any

import pulumi

from ..client import RailwayClient
from ..documents import OPERATIONS
from ..errors import RailwayError, RailwayOutcomeUnknown
from ._base import OnChange, OnRemoval, Props, RailwayProvider, RailwayResource, flag, now, recover_lost_create, text, token_field

GITHUB_REPO = re.compile(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")
SOURCE_FIELDS = ("sourceRepo", "sourceRepoBranch", "sourceImage")


class ServiceProvider(RailwayProvider):
    kind = "Service"
    fields = (
        text("projectId", required=True, on_change=OnChange.REPLACE),
        text("name", required=True),
        text("icon"),
        text("sourceRepo", pattern=GITHUB_REPO, hint="a GitHub repository as owner/name, e.g. myapp/myapp-backend"),
        text("sourceRepoBranch"),
        text("sourceImage"),
        flag("adoptExisting", on_removal=OnRemoval.NOTHING),
        token_field(),
    )

    def check_together(self, news: Props):
        if news.get("sourceRepo") and news.get("sourceImage"):
            yield "sourceImage", "cannot be set with sourceRepo: a service deploys from a repo or an image, not both"
        if news.get("sourceRepoBranch") and not news.get("sourceRepo"):
            yield "sourceRepoBranch", "needs sourceRepo: a branch of which repository?"

    def _api_create(self, client: RailwayClient, props: Props) -> tuple[str, Props]:
        if props.get("adoptExisting"):
            existing = self._named(client, props)
            if len(existing) > 1:
                ids = ", ".join(s["id"] for s in existing)
                raise RailwayError(
                    f"{self.label(props)}: the project has {len(existing)} services of that name (ids {ids}), so which one "
                    "to adopt cannot be told: rename the others in Railway's dashboard, or import the right one by id",
                    operation="ServiceFind",
                    resource=self.label(props),
                )
            if existing:
                return existing[0]["id"], {**self._converge(client, existing[0], props), "adopted": True}
        create = {**self.wire(props, ("projectId", "name", "icon")), **_source(props)}
        sent_at = now()
        try:
            service = client.execute(OPERATIONS["ServiceCreate"], {"input": create}, resource=self.label(props))["serviceCreate"]
        except RailwayOutcomeUnknown as error:
            service = recover_lost_create(error, lambda: self._named(client, props), sent_at, f"services named {props['name']!r}")
        return service["id"], {**_live(service, props), "adopted": False}

    def _named(self, client: RailwayClient, props: Props) -> list[dict[str, Any]]:
        """The project's services called `name`."""
        found = client.execute(OPERATIONS["ServiceFind"], {"projectId": props["projectId"]}, resource=self.label(props))
        return [edge["node"] for edge in found["project"]["services"]["edges"] if edge["node"]["name"] == props["name"]]

    def _converge(self, client: RailwayClient, service: dict[str, Any], props: Props) -> Props:
        """An adopted service's live settings, after setting the declared icon and repo source where they differ."""
        live = _live(service, props)
        # An image source cannot be read back (see the module docstring): it is not compared, nor resent.
        differing = {name for name in ("icon", "sourceRepo", "sourceRepoBranch") if props.get(name) is not None and props[name] != live.get(name)}
        if not differing:
            return live
        return self._api_update(client, service["id"], live, props, differing) or live

    def _api_read(self, client: RailwayClient, id_: str, props: Props) -> Props:
        service = client.execute(OPERATIONS["ServiceRead"], {"id": id_}, resource=self.label(props, id_))["service"]
        return _live(service, props)

    def _api_update(self, client: RailwayClient, id_: str, olds: Props, news: Props, changed: set[str]) -> Props:
        label = self.label(news, id_)
        service = None
        if changed & {"name", "icon"}:
            update = {"id": id_, "input": self.wire(news, ("name", "icon"))}
            service = client.execute(OPERATIONS["ServiceUpdate"], update, resource=label)["serviceUpdate"]
        if changed & set(SOURCE_FIELDS):
            connect = {"id": id_, "input": _source(news, nested=False)}
            service = client.execute(OPERATIONS["ServiceConnect"], connect, resource=label)["serviceConnect"]
        return _live(service, news) if service else {}

    def _api_delete(self, client: RailwayClient, id_: str, props: Props) -> None:
        if props.get("adopted"):
            return  # it was there before this resource: not ours to delete
        client.execute(OPERATIONS["ServiceDelete"], {"id": id_}, resource=self.label(props, id_))


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


class Service(RailwayResource, module="railway", name="Service"):
    """A Railway service: from `source_repo` (+ `source_repo_branch`) or from `source_image`;
    `adopt_existing` takes over the project's service of that name if there is one."""

    name: pulumi.Output[str]
    project_id: pulumi.Output[str]
    adopted: pulumi.Output[bool]

    def __init__(
        self,
        resource_name: str,
        *,
        project_id: pulumi.Input[str],
        name: pulumi.Input[str],
        icon: pulumi.Input[str] | None = None,
        source_repo: pulumi.Input[str] | None = None,
        source_repo_branch: pulumi.Input[str] | None = None,
        source_image: pulumi.Input[str] | None = None,
        adopt_existing: pulumi.Input[bool] | None = None,
        api_token: pulumi.Input[str] | None = None,
        opts: pulumi.ResourceOptions | None = None,
    ):
        props = {
            "projectId": project_id,
            "name": name,
            "icon": icon,
            "sourceRepo": source_repo,
            "sourceRepoBranch": source_repo_branch,
            "sourceImage": source_image,
            "adoptExisting": adopt_existing,
        }
        super().__init__(ServiceProvider(), resource_name, props, opts, api_token, outputs=("adopted",))
