"""`railway:index:VariableCollection`: every variable of one service in one environment, as one resource.

Every write is one request, whatever the number of variables (`VariableCollectionWrite`):
- create: the whole set with `replace: true` (the collection owns the service's variables);
- update: only the added and changed names with `replace: false`, or, when names were removed,
  the whole set with `replace: true`; an update that changes nothing sends nothing;
- delete: an empty set with `replace: true` ("removes all existing variables before upserting
  the new collection", Railway's schema): one request, not one `variableDelete` per name.

Sealing: the names in `sealed` are written through an environment patch with `isSealed: true`
(`environmentPatchCommit`), in the same request, so Railway seals them: their values reach
builds and deploys but are never shown again, not even through the API. Reads then give null
for them; a read keeps the value from state instead, so a sealed variable is never drift and
never fails. `read` reports which names Railway holds sealed; one listed in `sealed` but not
sealed in Railway is drift that the next update seals. Railway cannot unseal: a name taken out
of `sealed` stays sealed there, and `diff` warns so.

Railway's own `RAILWAY_*` variables are not ours: `read` ignores them unless declared.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..documents import OPERATIONS
from ..handler import place_of, Context, Diff, ResourceHandler
from ..spec import Input, OnRemoval, ResourceSpec, flag, text
from ..values import Props, is_unknown

VARIABLE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
RAILWAY_PROVIDED = "RAILWAY_"
PLACES = ("projectId", "environmentId", "serviceId")

SPEC = ResourceSpec(
    kind="VariableCollection",
    description="All variables of one service in one environment; the names in `sealed` are sealed by Railway.",
    inputs=(
        text("projectId", "The project.", required=True, replaces=True),
        text("environmentId", "The environment.", required=True, replaces=True),
        text("serviceId", "The service.", required=True, replaces=True),
        Input("variables", "The variables: name to value. Values of `sealed` names are secrets.", "string-map", required=True),
        Input(
            "sealed",
            "Names of `variables` that Railway seals: never shown again, not even through the API. Cannot be unsealed.",
            "string-list",
            on_removal=OnRemoval.NOTHING,
        ),
        flag(
            "skipDeploys",
            "Write without redeploying the service. Writes of sealed values redeploy regardless (Railway's sealing patch has no such option).",
            creation_only=True,
        ),
    ),
    import_id="`<projectId>/<environmentId>/<serviceId>`",
)


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


class VariableCollectionHandler(ResourceHandler):
    spec = SPEC

    def label(self, props: Mapping[str, Any], id_: str | None = None) -> str:
        where = _where(id_ or "", props)
        return f"VariableCollection of service {where['serviceId']!r} in environment {where['environmentId']!r}"

    def check_together(self, news: Props):
        variables = news.get("variables")
        if not isinstance(variables, dict):
            return
        for name, value in variables.items():
            if not VARIABLE_NAME.fullmatch(name):
                yield f'variables["{name}"]', f"{name!r} is not a valid variable name (letters, digits and _, not starting with a digit)"
            elif not is_unknown(value) and not isinstance(value, str):
                yield f'variables["{name}"]', f"must be a string, got {type(value).__name__}; quote numbers and booleans"
        sealed = news.get("sealed")
        if isinstance(sealed, list):
            strays = sorted(name for name in sealed if isinstance(name, str) and name not in variables)
            if strays:
                yield "sealed", f"names {', '.join(strays)}, which are not in variables: a secret with no value cannot be set"

    def secret_paths(self, props: Props, imported: bool = False) -> set[tuple[str, ...]]:
        """A sealed value is a secret in state and outputs, whether or not the program said so; so is
        every value of an imported collection (nothing says which of them a program would hide), and of
        one whose `sealed` list is not known yet (preview)."""
        sealed = props.get("sealed") or []
        if imported or not isinstance(sealed, list) or not all(isinstance(name, str) for name in sealed):
            return {("variables",)}
        return {("variables", name) for name in sealed}

    def changed(self, olds: Props, old_inputs: Props, news: Props) -> list[str]:
        """`sealed` changes only by names Railway does not hold sealed yet: it cannot unseal."""
        changed = super().changed(olds, old_inputs, news)
        if "sealed" in changed and _known_names(news.get("sealed")) and not _to_seal(olds, news):
            changed.remove("sealed")
        return changed

    def diff(self, id_: str, olds: Props, old_inputs: Props, news: Props, warn: Callable[[str], None]) -> Diff:
        unsealed = sorted(set(_names(olds.get("sealed"))) - set(_names(news.get("sealed")))) if _known_names(news.get("sealed")) else []
        if unsealed:
            warn(
                f"{self.label(olds, id_)}: {', '.join(unsealed)} left `sealed`, but Railway cannot unseal a variable: "
                "they stay sealed there. To have a readable value, delete the variable in Railway and declare it again"
            )
        return super().diff(id_, olds, old_inputs, news, warn)

    def _api_create(self, ctx: Context, props: Props) -> tuple[str, Props]:
        self._write(ctx, props, props["variables"], replace=True, seal=set(props.get("sealed") or ()))
        return "/".join(props[place] for place in PLACES), {}

    def _api_read(self, ctx: Context, id_: str, props: Props) -> Props | None:
        where = _where(id_, props)
        found = ctx.client.execute(OPERATIONS["VariableCollectionRead"], where, resource=self.label(where))
        live = found["variables"] or {}
        declared = props.get("variables") or {}
        sealed_live = {
            edge["node"]["name"]
            for edge in found["environment"]["variables"]["edges"]
            if edge["node"]["serviceId"] == where["serviceId"] and edge["node"]["isSealed"]
        }
        listed = {edge["node"]["name"] for edge in found["environment"]["variables"]["edges"] if edge["node"]["serviceId"] == where["serviceId"]}
        variables = {}
        for name, value in live.items():
            if name.startswith(RAILWAY_PROVIDED) and name not in declared:
                continue
            # A value Railway will not show (sealed) is kept from state rather than called drift.
            variables[name] = declared.get(name) if value is None else value
        # Railway may also leave a sealed variable out of the values altogether: it is still there.
        variables |= {name: declared[name] for name in sealed_live if name not in live and name in declared}
        variables = {k: v for k, v in variables.items() if v is not None}
        if declared and not variables and not listed:
            return None  # every variable gone: the collection was deleted
        return {**where, "variables": variables, "sealed": sorted(sealed_live & set(variables))}

    def _api_update(self, ctx: Context, id_: str, olds: Props, news: Props, changed: set[str]) -> Props:
        changes = variable_changes(olds.get("variables"), news["variables"])
        sealed = set(news.get("sealed") or ())
        if changes.removed:
            # Rewriting the whole set unseals what it does not seal again: also what Railway holds sealed.
            held = set(olds.get("sealed") or ()) & set(news["variables"])
            self._write(ctx, news, news["variables"], replace=True, seal=sealed | held)
            return {}
        to_seal = set(changes.written) & sealed | _to_seal(olds, news)
        plain = {name: news["variables"][name] for name in changes.written if name not in sealed}
        self._write(ctx, news, plain, replace=False, seal=to_seal)
        return {}

    def _api_delete(self, ctx: Context, id_: str, props: Props) -> None:
        """Every variable of the service in the environment goes, in one request (a service that is gone already: success)."""
        self._write(ctx, {**props, **_where(id_, props)}, {}, replace=True, seal=set())

    def _write(self, ctx: Context, props: Props, variables: Mapping[str, str], replace: bool, seal: Iterable[str]) -> None:
        """One request: the plain values through the upsert, the `seal` names through a sealing patch."""
        seal = sorted(seal)
        plain = {name: value for name, value in variables.items() if name not in seal}
        with_values = replace or bool(plain)
        if not with_values and not seal:
            return
        upsert = {
            **{place: props[place] for place in PLACES},
            "variables": plain,
            "replace": replace,
            "skipDeploys": bool(props.get("skipDeploys")),
        }
        patch = {"services": {props["serviceId"]: {"variables": {n: {"value": props["variables"][n], "isSealed": True} for n in seal}}}}
        variables_ = {
            "input": upsert,
            "withValues": with_values,
            "environmentId": props["environmentId"],
            "sealedPatch": patch if seal else None,
            "withSealed": bool(seal),
        }
        ctx.client.execute(OPERATIONS["VariableCollectionWrite"], variables_, resource=self.label(props))


def _to_seal(olds: Props, news: Props) -> set[str]:
    """Names the program seals that Railway does not hold sealed (per the last read or write)."""
    return set(_names(news.get("sealed"))) - set(_names(olds.get("sealed")))


def _names(sealed: Any) -> list[str]:
    """The names of a `sealed` list that are known (a list, or an element, may be unknown in preview)."""
    return [name for name in sealed if isinstance(name, str)] if isinstance(sealed, list) else []


def _known_names(sealed: Any) -> bool:
    return sealed is None or (isinstance(sealed, list) and all(isinstance(name, str) for name in sealed))


def _where(id_: str, props: Mapping[str, Any]) -> Props:
    """Project, environment and service from the inputs, or from the id `project/environment/service` on import."""
    return place_of(id_, props, PLACES)
