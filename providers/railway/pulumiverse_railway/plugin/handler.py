"""What every Railway resource shares: check and diff from its `ResourceSpec`, the CRUD frame.

A resource module declares a `ResourceSpec` and writes only the four API calls (`_api_*`);
`check`, `diff`, what a read returns for refresh or import, and what an update sends all come
from the spec. The engine hands `diff` the old *state* (every live value after a refresh) and
the old *inputs* (what the program declared): an input counts as removed only if the old inputs
had it.

A create whose answer was lost (timeout, 5xx) is looked for, for a bounded time, before it is
called failed (`recover_lost_create`): Railway may finish a create after its answer timed out,
and an object found that way is this resource's own (deleted on destroy, never "adopted").
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from enum import Enum
from typing import TYPE_CHECKING, Any, ClassVar

from .errors import RailwayCredentialsError, RailwayError, RailwayNotFound, RailwayOutcomeUnknown
from .spec import Input, OnRemoval, ResourceSpec, shown_value
from .values import UNKNOWN, Props, is_unknown

if TYPE_CHECKING:  # the client pulls in httpx: imported once the plugin is serving, not before its port is out
    from .client import RailwayClient

# How far Railway's clock may be behind ours when telling what a lost create made from older objects.
CLOCK_SKEW = timedelta(minutes=2)


@dataclass(frozen=True)
class RecoveryPolicy:
    """How long a create of unknown outcome is looked for before it is reported (Railway may finish it late)."""

    window: float = 60.0
    interval: float = 3.0

    @classmethod
    def within(cls, timeout: float) -> RecoveryPolicy:
        """Looking fits in the operation's own timeout (`customTimeouts.create`, sent with Create) when it is set."""
        if timeout <= 0:
            return cls()
        window = min(cls.window, timeout * 0.8)
        return cls(window=window, interval=min(cls.interval, window / 10))


@dataclass
class Context:
    """What one operation gets from the configured provider."""

    client: "RailwayClient"
    warn: Callable[[str], None] = lambda _message: None
    recovery: RecoveryPolicy = RecoveryPolicy()
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic


class Change(Enum):
    ADD = "add"
    UPDATE = "update"
    DELETE = "delete"


@dataclass
class Diff:
    changed: list[str] = field(default_factory=list)
    replaces: list[str] = field(default_factory=list)
    stables: list[str] = field(default_factory=list)
    delete_before_replace: bool = False
    # property path -> (kind of change, whether it replaces)
    detailed: dict[str, tuple[Change, bool]] = field(default_factory=dict)


@dataclass
class Read:
    id: str
    outputs: Props
    inputs: Props


class ResourceHandler:
    """check and diff from `spec`; create/read/update/delete call the `_api_*` methods."""

    spec: ClassVar[ResourceSpec]

    def label(self, props: Mapping[str, Any], id_: str | None = None) -> str:
        """How messages name this resource: its kind and the most human identifier available."""
        name = props.get("name") or props.get("domain") or id_
        return f"{self.spec.kind} {name!r}" if name and not is_unknown(name) else self.spec.kind

    # -- check -----------------------------------------------------------------------------
    def check(self, news: Props) -> tuple[Props, list[tuple[str, str]]]:
        """The inputs as stored (whole numbers as int) and one (property, reason) per problem."""
        label = self.label(news)
        failures = [
            (spec.name, f"{label}: {spec.name} {problem}{_hint(spec)}")
            for spec in self.spec.inputs
            if not _has_unknown(news.get(spec.name)) and (problem := spec.problem(news.get(spec.name))) is not None
        ]
        failures += [(name, f"{label}: {name} {reason}") for name, reason in self.check_together(news)]
        unknown = sorted(set(news) - set(self.spec.input_names))
        failures += [(name, f"{label}: {name} is not an input of {self.spec.token}") for name in unknown]
        return (self.normalize(news) if not failures else news), failures

    def check_together(self, news: Props) -> Iterable[tuple[str, str]]:
        """Rules across inputs: (input, reason) pairs."""
        return ()

    def normalize(self, news: Props) -> Props:
        return {
            name: int(value) if self.spec.input(name).kind == "integer" and isinstance(value, float) else value
            for name, value in news.items()
            if value is not None
        }

    # -- diff ------------------------------------------------------------------------------
    def diff(self, id_: str, olds: Props, old_inputs: Props, news: Props, warn: Callable[[str], None]) -> Diff:
        for spec in self.removed(old_inputs, news):
            if spec.removal() is OnRemoval.KEEP and olds.get(spec.name) is not None:
                warn(
                    f"{self.label(olds, id_)}: {spec.name} was removed from the program, but Railway's API cannot unset it, "
                    f"so Railway keeps {shown_value(olds.get(spec.name))}; Pulumi stops managing it. To change it, set "
                    f"{spec.name} to the value you want instead, or change it in Railway's dashboard"
                )
        result = Diff(changed=self.changed(olds, old_inputs, news))
        result.replaces = [name for name in result.changed if self.spec.input(name).replaces]
        result.stables = [i.name for i in self.spec.inputs if i.replaces and i.name not in result.replaces]
        keeps_identity = all(
            news.get(key) is not None and not _differs(olds.get(key), news.get(key)) for key in self.spec.unique_by
        )
        result.delete_before_replace = bool(result.replaces) and bool(self.spec.unique_by) and keeps_identity
        for name in result.changed:
            result.detailed.update(self.detailed_change(name, olds.get(name), news.get(name), name in result.replaces))
        return result

    def changed(self, olds: Props, old_inputs: Props, news: Props) -> list[str]:
        """Declared inputs whose value moved, and removed inputs that Railway resets (sent as null).

        An optional input never declared is not managed: its live value is no change. A removed
        input Railway keeps is no change either, only a warning: the engine records the new
        inputs anyway, so the next diff no longer sees it declared. Nor is a new value of an input
        Railway reads only at creation (`creation_only`): there is nothing to send.
        """
        removed = {spec.name for spec in self.removed(old_inputs, news) if spec.removal() is OnRemoval.RESET}
        return [
            spec.name
            for spec in self.spec.inputs
            if spec.name in removed
            or (not spec.creation_only and news.get(spec.name) is not None and _differs(olds.get(spec.name), news[spec.name]))
        ]

    def removed(self, old_inputs: Props, news: Props) -> list[Input]:
        """Inputs the program declared last time and no longer does, whose removal acts in Railway."""
        return [
            spec
            for spec in self.spec.inputs
            if old_inputs.get(spec.name) is not None and news.get(spec.name) is None and spec.removal() is not OnRemoval.NOTHING
        ]

    def detailed_change(self, name: str, old: Any, new: Any, replaces: bool) -> dict[str, tuple[Change, bool]]:
        """The property paths a change touches; a map of strings names each key that moved."""
        if self.spec.input(name).kind == "string-map" and isinstance(old, Mapping) and isinstance(new, Mapping):
            keys = sorted(set(old) | set(new))
            return {
                f'{name}["{key}"]': (_change(old.get(key), new.get(key)), replaces)
                for key in keys
                if _differs(old.get(key), new.get(key))
            }
        return {name: (_change(old, new), replaces)}

    # -- create, read, update, delete ------------------------------------------------------
    def create(self, ctx: Context, news: Props) -> tuple[str, Props]:
        id_, computed = self._api_create(ctx, news)
        return id_, {**self._inputs(news), **computed}

    def read(self, ctx: Context, id_: str, state: Props, inputs: Props) -> Read | None:
        """The live object; `inputs` empty means an import: every live input value is then declared."""
        try:
            live = self._api_read(ctx, id_, {**state, **inputs})
        except RailwayNotFound:
            live = None
        except RailwayCredentialsError:
            if not token_works(ctx):
                raise
            live = None  # the token is good: Railway's "Not Authorized" meant the object is gone
        if live is None:
            return None
        # An identity the API leaves null (CustomDomain.projectId is nullable) is not echoed, not
        # moved: an object never changes project, environment or service, and taking the null
        # for drift would replace it on the next `up`.
        known = {**state, **inputs}
        live = {k: v for k, v in live.items() if not (v is None and self._is_identity(k) and known.get(k) is not None)}
        names = self.spec.input_names
        if inputs:
            read_inputs = {name: live.get(name, value) for name, value in inputs.items() if name in names}
        else:
            read_inputs = self.importable({name: live[name] for name in names if live.get(name) is not None})
        read_inputs = {k: v for k, v in read_inputs.items() if v is not None}
        return Read(self.canonical_id(id_, live), {**state, **read_inputs, **live}, read_inputs)

    def importable(self, live_inputs: Props) -> Props:
        """The live inputs an import declares: by default all; a resource drops what its own check refuses."""
        return live_inputs

    def canonical_id(self, id_: str, live: Props) -> str:
        """The id a resource keeps; an import may name it in a longer form (see `import_id`)."""
        return id_

    def update(self, ctx: Context, id_: str, olds: Props, old_inputs: Props, news: Props) -> Props:
        changed = set(self.changed(olds, old_inputs, news))
        computed = self._api_update(ctx, id_, olds, news, changed)
        return {**self.unchanged_outputs(olds, old_inputs, news), **computed}

    def preview_update(self, olds: Props, old_inputs: Props, news: Props) -> Props:
        """What an update will output, without calling Railway: outputs it may change are unknown."""
        may_change = self.outputs_changed_by(set(self.changed(olds, old_inputs, news)))
        return {**self.unchanged_outputs(olds, old_inputs, news), **{name: UNKNOWN for name in may_change}}

    def preview_create(self, news: Props) -> Props:
        return {**self._inputs(news), **{output.name: UNKNOWN for output in self.spec.outputs}}

    def outputs_changed_by(self, changed: set[str]) -> set[str]:
        """The computed outputs a change of `changed` inputs may move (for a preview)."""
        return set()

    def unchanged_outputs(self, olds: Props, old_inputs: Props, news: Props) -> Props:
        """Computed outputs as they were, the new inputs, and removed inputs Railway keeps as it has them."""
        computed = {k: v for k, v in olds.items() if k not in self.spec.input_names}
        kept_by_railway = {s.name: olds[s.name] for s in self.removed(old_inputs, news) if s.removal() is OnRemoval.KEEP and s.name in olds}
        return {**computed, **kept_by_railway, **self._inputs(news)}

    def secret_paths(self, props: Props, imported: bool = False) -> set[tuple[str, ...]]:
        """Paths of `props` that are secret whatever the program said (beyond the schema's secret properties)."""
        return set()

    def delete(self, ctx: Context, id_: str, state: Props) -> None:
        try:
            self._api_delete(ctx, id_, state)
        except RailwayNotFound:
            pass  # already gone: the goal of a delete
        except RailwayCredentialsError:
            if not token_works(ctx):
                raise
            # the token is good: Railway's "Not Authorized" meant the object is gone already

    def _api_create(self, ctx: Context, props: Props) -> tuple[str, Props]:
        raise NotImplementedError

    def _api_read(self, ctx: Context, id_: str, props: Props) -> Props | None:
        """The live values of the inputs and the computed outputs; None when gone."""
        raise NotImplementedError

    def _api_update(self, ctx: Context, id_: str, olds: Props, news: Props, changed: set[str]) -> Props:
        raise NotImplementedError

    def _api_delete(self, ctx: Context, id_: str, props: Props) -> None:
        raise NotImplementedError

    # -- helpers for the resource modules --------------------------------------------------
    def wire(self, props: Mapping[str, Any], names: Iterable[str]) -> Props:
        """The given inputs that are set, as the API takes them (whole numbers as int)."""
        return {
            name: int(props[name]) if self.spec.input(name).kind == "integer" else props[name]
            for name in names
            if props.get(name) is not None
        }

    def resets(self, props: Mapping[str, Any], names: Iterable[str]) -> Props:
        """An explicit null for each of `names` that is unset and that Railway resets on null."""
        return {name: None for name in names if props.get(name) is None and self.spec.input(name).removal() is OnRemoval.RESET}

    def _is_identity(self, name: str) -> bool:
        return name in self.spec.input_names and self.spec.input(name).replaces

    def _inputs(self, props: Mapping[str, Any]) -> Props:
        return {k: v for k, v in props.items() if k in self.spec.input_names and v is not None}


def place_of(id_: str, props: Mapping[str, Any], names: tuple[str, ...], own_id: bool = False) -> Props:
    """The ids an object lives under (`names`, e.g. environmentId and serviceId): from its state, else
    from an import id that writes them in order, `a/b[/own id]`. Railway has no lookup by a single id for
    these objects, so their import ids name the place."""
    parts = id_.split("/")
    from_id = dict(zip(names, parts)) if len(parts) == len(names) + own_id else {}
    return {name: props.get(name) or from_id.get(name) for name in names}


def token_works(ctx: Context) -> bool:
    """Whether Railway accepts the token at all (one request), to tell "Not Authorized" for a token
    from the same answer for an object it cannot see."""
    from .documents import OPERATIONS

    try:
        ctx.client.execute(OPERATIONS["TokenCheck"], {}, resource="the token")
    except RailwayCredentialsError:
        return False
    return True


def recover_lost_create(
    ctx: Context,
    error: RailwayOutcomeUnknown,
    find: Callable[[], list[dict[str, Any]]],
    sent_at: datetime,
    what: str,
) -> dict[str, Any]:
    """The object a create of unknown outcome made, so it is kept as this resource's, not made twice.

    `find` lists the objects the create could have made (same name in the same place); the one
    created since the create was sent (less `CLOCK_SKEW`) is it. Railway may finish a create
    after its answer was lost, so `find` is asked again every `recovery.interval` seconds until
    `recovery.window` has passed. None by then: `error` is raised, saying how long it looked.
    Several: which one is ours cannot be told; the error names them.
    """
    deadline = ctx.clock() + ctx.recovery.window
    since = sent_at - CLOCK_SKEW
    while True:
        try:
            candidates = find()
        except RailwayError as lookup_failed:
            raise error from lookup_failed
        recent = [c for c in candidates if _created_since(c, since)]
        if len(recent) == 1:
            return recent[0]
        if len(recent) > 1:
            ids = ", ".join(str(c.get("id")) for c in recent)
            raise _reworded(
                error,
                f"Railway now has {len(recent)} {what} made since then (ids {ids}) and which one this create made cannot be "
                "told: delete the extra ones in Railway's dashboard, then run again",
            )
        if ctx.clock() + ctx.recovery.interval > deadline:
            break
        ctx.sleep(ctx.recovery.interval)
    raise _reworded(error, f"no {what} appeared in Railway within {ctx.recovery.window:g} s of looking, so it was most likely not made: run again")


def _reworded(error: RailwayOutcomeUnknown, finding: str) -> RailwayOutcomeUnknown:
    """`error`, with what looking for the object found."""
    reworded = RailwayOutcomeUnknown(
        f"{error}; {finding}",
        attempts=error.attempts,
        last_failure=error.last_failure,
        operation=error.operation,
        resource=error.resource,
    )
    reworded.__cause__ = error
    return reworded


def now() -> datetime:
    return datetime.now(timezone.utc)


def _created_since(found: Mapping[str, Any], since: datetime) -> bool:
    """Whether `found` was made since `since`; one whose age Railway does not say is taken as older,
    so a look-alike made by hand before is never taken over (the error then names what it found)."""
    created = _created_at(found)
    return created is not None and created >= since


def _created_at(found: Mapping[str, Any]) -> datetime | None:
    """Railway's `createdAt` (ISO 8601) as an aware datetime; None when absent or unreadable."""
    value = found.get("createdAt")
    if not isinstance(value, str):
        return None
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return when if when.tzinfo is not None else when.replace(tzinfo=timezone.utc)


def _has_unknown(value: Any) -> bool:
    if is_unknown(value):
        return True
    if isinstance(value, Mapping):
        return any(_has_unknown(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_unknown(v) for v in value)
    return False


def _differs(old: Any, new: Any) -> bool:
    if _has_unknown(new):
        return True
    if isinstance(old, (int, float)) and isinstance(new, (int, float)) and not isinstance(old, bool):
        return float(old) != float(new)
    return old != new


def _change(old: Any, new: Any) -> Change:
    if old is None:
        return Change.ADD
    if new is None:
        return Change.DELETE
    return Change.UPDATE


def _hint(spec: Input) -> str:
    return f" (expected {spec.hint})" if spec.hint and spec.pattern is None else ""
