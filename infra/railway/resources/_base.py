"""What every Railway dynamic provider shares: input fields as data, check, diff, and the session.

A provider declares its inputs as `Field`s; `check` and `diff` are derived from them, so a
resource module only writes the four API calls. The provider object is pickled into the stack's
state, so it holds nothing: the client and token are made per operation by `connect()`, from the
`apiToken` input if one was given (a secret) or else the `RAILWAY_TOKEN` environment variable.

Removing an input from the program: each field says what that does (`OnRemoval`). Outputs record
which inputs the program set (`declaredInputs`), because the engine hands `diff` the old outputs,
not the old inputs, and after a refresh those hold every live value, declared or not.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from enum import Enum
from typing import Any, ClassVar

import pulumi
from pulumi.dynamic import CheckFailure, CheckResult, CreateResult, DiffResult, ReadResult, ResourceProvider, UpdateResult
from pulumi.output import Unknown

from ..client import DEFAULT_ENDPOINT, RailwayClient
from ..errors import RailwayCredentialsError, RailwayError, RailwayNotFound, RailwayOutcomeUnknown

TOKEN_ENV = "RAILWAY_TOKEN"
ENDPOINT_ENV = "RAILWAY_API_URL"
TOKEN_INPUT = "apiToken"
# What the engine sends for a value not known yet (preview): never validated, always a change.
# The SDK turns it into an `Unknown` object for check and diff; the raw marker is kept for safety.
UNKNOWN_MARKER = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"
# The output listing the inputs the program set, for `diff` to tell a removed input from one never declared.
DECLARED = "declaredInputs"
# How far Railway's clock may be behind ours when telling what a lost create made from older objects.
CLOCK_SKEW = timedelta(minutes=2)

Props = dict[str, Any]


class OnChange(Enum):
    UPDATE = "update in place"
    REPLACE = "replace"


class OnRemoval(Enum):
    """What taking a declared input out of the program does in Railway."""

    RESET = "reset"  # the API takes an explicit null, which restores Railway's default: it is sent
    KEEP = "kept"  # the API has no way to unset it: Railway keeps the value, and `diff` warns so
    NOTHING = "nothing"  # a creation-time or provider-side input: there is nothing to undo


@dataclass(frozen=True)
class Field:
    """One input property: its type, whether it is required, what a change to it costs, and its rule."""

    name: str
    accepts: type | tuple[type, ...] = str
    required: bool = False
    on_change: OnChange = OnChange.UPDATE
    choices: tuple[str, ...] = ()
    pattern: re.Pattern[str] | None = None
    minimum: float | None = None
    maximum: float | None = None
    integer: bool = False
    hint: str = ""
    # None: KEEP for a setting updated in place, NOTHING for an identity that replaces.
    on_removal: OnRemoval | None = None

    def removal(self) -> OnRemoval:
        if self.on_removal is not None:
            return self.on_removal
        return OnRemoval.NOTHING if self.on_change is OnChange.REPLACE else OnRemoval.KEEP

    def problem(self, value: Any) -> str | None:
        """What is wrong with `value` for this field, or None."""
        if value is None:
            return "is required" if self.required else None
        if isinstance(value, bool) and self.accepts is not bool:
            return f"must be {self._type_name()}, got {value!r}"
        if not isinstance(value, self.accepts):
            return f"must be {self._type_name()}, got {type(value).__name__} {_shown(value)}"
        if self.integer and isinstance(value, float) and not value.is_integer():
            return f"must be a whole number, got {value!r}"
        if self.choices and value not in self.choices:
            return f"must be one of {', '.join(self.choices)}, got {_shown(value)}"
        if self.pattern is not None and not self.pattern.fullmatch(value):
            return f"{_shown(value)} is not {self.hint}"
        if self.minimum is not None and value < self.minimum:
            return f"must be at least {_number(self.minimum)}, got {value!r}"
        if self.maximum is not None and value > self.maximum:
            return f"must be at most {_number(self.maximum)}, got {value!r}"
        return None

    def _type_name(self) -> str:
        if self.integer:
            return "a whole number"
        accepted = self.accepts if isinstance(self.accepts, tuple) else (self.accepts,)
        names = {str: "a string", int: "a number", float: "a number", bool: "true or false", dict: "a map", list: "a list"}
        return " or ".join(dict.fromkeys(names.get(t, t.__name__) for t in accepted))


def text(name: str, **rules) -> Field:
    return Field(name, str, **rules)


def whole(name: str, **rules) -> Field:
    return Field(name, (int, float), integer=True, **rules)  # the engine sends every number as a float


def number(name: str, **rules) -> Field:
    return Field(name, (int, float), **rules)


def flag(name: str, **rules) -> Field:
    return Field(name, bool, **rules)


def _number(value: float) -> str:
    """A bound as people write it: 2147483647 and 0.1, not 2.14748e+09."""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _shown(value: Any) -> str:
    shown = repr(value)
    return shown if len(shown) <= 60 else shown[:57] + "..."


def connect(props: Mapping[str, Any]) -> RailwayClient:
    """A client for one operation: token from the `apiToken` input, else from RAILWAY_TOKEN."""
    token = props.get(TOKEN_INPUT) or os.environ.get(TOKEN_ENV)
    if not token:
        raise RailwayCredentialsError(
            f"no Railway token: set the {TOKEN_ENV} environment variable (an account or workspace token) "
            f"or pass {TOKEN_INPUT} as a secret"
        )
    return RailwayClient(token, endpoint=os.environ.get(ENDPOINT_ENV) or DEFAULT_ENDPOINT)


class RailwayProvider(ResourceProvider):
    """check and diff from `fields`; create/read/update/delete open a session and call the `_api_*` methods."""

    kind: ClassVar[str]
    fields: ClassVar[tuple[Field, ...]]
    # Identifiers the object lives under (or is unique by): if a replacement keeps them all,
    # the old one must go first or the new one would collide with it.
    unique_by: ClassVar[tuple[str, ...]] = ()

    # The provider is pickled into state; it is not itself a secret, and holds none.
    serialize_as_secret_always = False

    def label(self, props: Mapping[str, Any], id_: str | None = None) -> str:
        """How errors name this resource: its kind and the most human identifier available."""
        name = props.get("name") or props.get("domain") or id_
        return f"{self.kind} {name!r}" if name else self.kind

    def check(self, _olds: Props, news: Props) -> CheckResult:
        failures = [
            CheckFailure(field.name, f"{self.label(news)}: {field.name} {problem}{_hint(field)}")
            for field in self.fields
            if not is_unknown(news.get(field.name)) and (problem := field.problem(news.get(field.name))) is not None
        ]
        failures += [CheckFailure(name, f"{self.label(news)}: {name} {reason}") for name, reason in self.check_together(news)]
        return CheckResult(self.normalize(news) if not failures else news, failures)

    def check_together(self, news: Props) -> Iterable[tuple[str, str]]:
        """Rules across fields: (field, reason) pairs."""
        return ()

    def normalize(self, news: Props) -> Props:
        """The checked inputs as the provider stores them (whole numbers as int)."""
        normalized = dict(news)
        for field in self.fields:
            value = normalized.get(field.name)
            if field.integer and isinstance(value, float):
                normalized[field.name] = int(value)
        return normalized

    def changed_fields(self, olds: Props, news: Props) -> list[str]:
        """Declared inputs whose value moved, and inputs the program no longer sets (see `removed_fields`).

        An optional input never declared is not managed: its live value is no change.
        """
        removed = {f.name for f in self.removed_fields(olds, news)}
        return [
            f.name
            for f in self.fields
            if f.name in removed
            or (news.get(f.name) is not None and (is_unknown(news[f.name]) or _differs(olds.get(f.name), news[f.name])))
        ]

    def removed_fields(self, olds: Props, news: Props) -> list[Field]:
        """Inputs the program set last time (per the `declaredInputs` output) and no longer sets, that matter in Railway."""
        declared = olds.get(DECLARED) or ()
        return [
            f for f in self.fields
            if f.name in declared and news.get(f.name) is None and f.removal() is not OnRemoval.NOTHING
        ]

    def diff(self, id_: str, olds: Props, news: Props) -> DiffResult:
        for field in self.removed_fields(olds, news):
            if field.removal() is OnRemoval.KEEP and olds.get(field.name) is not None:
                pulumi.log.warn(
                    f"{self.label(olds, id_)}: {field.name} was removed from the program, but Railway's API cannot unset it, "
                    f"so Railway keeps {_shown(olds.get(field.name))}; Pulumi stops managing it. To change it, set {field.name} "
                    "to the value you want instead, or change it in Railway's dashboard"
                )
        changed = self.changed_fields(olds, news)
        replaces = [name for name in changed if self._field(name).on_change is OnChange.REPLACE]
        keeps_identity = all(news.get(key) is not None and not _differs(olds.get(key), news.get(key)) for key in self.unique_by)
        return DiffResult(
            changes=bool(changed),
            replaces=replaces,
            stables=[f.name for f in self.fields if f.on_change is OnChange.REPLACE and f.name not in replaces],
            delete_before_replace=bool(replaces) and bool(self.unique_by) and keeps_identity,
        )

    def create(self, props: Props) -> CreateResult:
        with connect(props) as client:
            id_, computed = self._api_create(client, props)
        return CreateResult(id_, {**self._inputs(props), **computed, DECLARED: self._declared(props)})

    def read(self, id_: str, props: Props) -> ReadResult:
        with connect(props) as client:
            try:
                live = self._api_read(client, id_, props)
            except RailwayNotFound:
                live = None
        if live is None:
            return ReadResult("", {})
        # An identity the API leaves null (CustomDomain.projectId is nullable) is not echoed, not
        # moved: an object never changes project, environment or service, and taking the null
        # for drift would replace it on the next `up`.
        identities = {f.name for f in self.fields if f.on_change is OnChange.REPLACE}
        live = {k: v for k, v in live.items() if not (v is None and k in identities and props.get(k) is not None)}
        inputs = {**self._inputs(props), **{k: v for k, v in live.items() if k in self._field_names()}}
        return ReadResult(id_, {**props, **live}, inputs)

    def update(self, id_: str, olds: Props, news: Props) -> UpdateResult:
        # A removed input Railway keeps needs no request: the update only records that it is no longer managed.
        kept_by_railway = {f.name for f in self.removed_fields(olds, news) if f.removal() is OnRemoval.KEEP}
        changed = set(self.changed_fields(olds, news)) - kept_by_railway
        with connect(news) as client:
            computed = self._api_update(client, id_, olds, news, changed)
        kept = {k: v for k, v in olds.items() if k not in self._field_names()}
        return UpdateResult({**kept, **self._inputs(news), **computed, DECLARED: self._declared(news)})

    def delete(self, id_: str, props: Props) -> None:
        with connect(props) as client:
            try:
                self._api_delete(client, id_, props)
            except RailwayNotFound:
                pass  # already gone: the goal of a delete

    def _api_create(self, client: RailwayClient, props: Props) -> tuple[str, Props]:
        raise NotImplementedError

    def _api_read(self, client: RailwayClient, id_: str, props: Props) -> Props | None:
        """The live values of the input fields and the computed outputs; None when gone."""
        raise NotImplementedError

    def _api_update(self, client: RailwayClient, id_: str, olds: Props, news: Props, changed: set[str]) -> Props:
        raise NotImplementedError

    def _api_delete(self, client: RailwayClient, id_: str, props: Props) -> None:
        raise NotImplementedError

    def wire(self, props: Mapping[str, Any], names: Iterable[str]) -> Props:
        """The given inputs that are set, as the API takes them (whole numbers as int, not the engine's float)."""
        fields = {f.name: f for f in self.fields}
        return {
            name: int(props[name]) if fields[name].integer else props[name]
            for name in names
            if props.get(name) is not None
        }

    def resets(self, props: Mapping[str, Any], names: Iterable[str]) -> Props:
        """An explicit null for each of `names` that is unset and that Railway resets on null."""
        fields = {f.name: f for f in self.fields}
        return {name: None for name in names if props.get(name) is None and fields[name].removal() is OnRemoval.RESET}

    def _field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)

    def _field_names(self) -> set[str]:
        return {f.name for f in self.fields} | {TOKEN_INPUT}

    def _inputs(self, props: Mapping[str, Any]) -> Props:
        return {k: v for k, v in props.items() if k in self._field_names() and v is not None}

    def _declared(self, props: Mapping[str, Any]) -> list[str]:
        return sorted(f.name for f in self.fields if f.name != TOKEN_INPUT and props.get(f.name) is not None)


def is_unknown(value: Any) -> bool:
    return isinstance(value, Unknown) or value == UNKNOWN_MARKER


def token_field() -> Field:
    return text(TOKEN_INPUT, on_removal=OnRemoval.NOTHING)


def recover_lost_create(
    error: RailwayOutcomeUnknown, find: Callable[[], list[dict[str, Any]]], sent_at: datetime, what: str
) -> dict[str, Any]:
    """The object a create of unknown outcome made, so it is adopted rather than made twice.

    `find` lists the objects the create could have made (same name in the same place); the one
    created since the create was sent (less `CLOCK_SKEW`) is it. None: the create was not applied,
    and `error` is raised as it was. Several: which one is ours cannot be told; the error names them.
    """
    try:
        candidates = find()
    except RailwayError as lookup_failed:
        raise error from lookup_failed
    since = sent_at - CLOCK_SKEW
    recent = [c for c in candidates if _created_at(c) is None or _created_at(c) >= since]
    if len(recent) == 1:
        return recent[0]
    if not recent:
        raise error
    ids = ", ".join(str(c.get("id")) for c in recent)
    raise RailwayOutcomeUnknown(
        f"{error}; Railway now has {len(recent)} {what} made since then (ids {ids}) and which one this create made "
        "cannot be told: delete the extra ones in Railway's dashboard, then run again",
        attempts=error.attempts,
        last_failure=error.last_failure,
        operation=error.operation,
        resource=error.resource,
    ) from error


def now() -> datetime:
    return datetime.now(timezone.utc)


def _created_at(found: Mapping[str, Any]) -> datetime | None:
    """Railway's `createdAt` (ISO 8601) as an aware datetime; None when absent or unreadable."""
    value = found.get("createdAt")
    if not isinstance(value, str):
        return None
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        return None
    return when if when.tzinfo is not None else when.replace(tzinfo=timezone.utc)


def _differs(old: Any, new: Any) -> bool:
    if isinstance(old, (int, float)) and isinstance(new, (int, float)) and not isinstance(old, bool):
        return float(old) != float(new)
    return old != new


def _hint(field: Field) -> str:
    return f" (expected {field.hint})" if field.hint and field.pattern is None else ""


class RailwayResource(pulumi.dynamic.Resource):
    """Base of the resource classes: camelCase wire names, snake_case attributes as well, a secret token."""

    def __init__(
        self,
        provider: RailwayProvider,
        resource_name: str,
        props: Props,
        opts: pulumi.ResourceOptions | None,
        api_token: pulumi.Input[str] | None,
        outputs: Iterable[str] = (),
    ):
        props = {**props, **{name: None for name in outputs if name not in props}}
        if api_token is not None:
            props[TOKEN_INPUT] = pulumi.Output.secret(api_token)
        opts = pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(additional_secret_outputs=[TOKEN_INPUT]))
        super().__init__(provider, resource_name, props, opts)

    def __getattr__(self, name: str) -> Any:
        """Outputs by their snake_case name too (`cname_target` for `cnameTarget`), as Pulumi SDKs spell them."""
        camel = re.sub(r"_([a-z])", lambda match: match.group(1).upper(), name)
        if camel != name and camel in vars(self):
            return vars(self)[camel]
        raise AttributeError(f"{type(self).__name__} has no attribute {name!r}")
