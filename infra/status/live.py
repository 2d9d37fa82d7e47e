"""The deployed side of a status document: what Pulumi recorded, when it is supplied.

- `pulumi stack output --json --stack S`: one JSON object, output name -> value; secret
  outputs read "[secret]" unless `--show-secrets` was given (the document masks them anyway).
- `pulumi stack history --json --stack S`: a JSON array of updates, newest first, each with
  `kind` (update, preview, refresh, destroy...), `startTime`/`endTime`, `result`, `version`,
  `message`, `environment` (e.g. `git.head`) and `resourceChanges`. Its `config` is never read:
  with `--show-secrets` it holds secret values.

Nothing here is guessed: an absent file, output or update leaves its field "not deployed yet".
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

NOT_DEPLOYED = "not deployed yet"
DEPLOYING_KIND = "update"


class LiveDataError(Exception):
    """A supplied live-data file that cannot be read as Pulumi's JSON; names the file and the fix."""

    def __init__(self, path: Path, problem: str, fix: str):
        self.path, self.problem, self.fix = path, problem, fix
        super().__init__(f"{path}: {problem}\n  fix: {fix}")


@dataclass(frozen=True)
class Update:
    kind: str
    result: str
    started: datetime
    ended: datetime | None = None
    version: int | None = None
    message: str = ""
    commit: str | None = None
    resource_changes: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class LiveState:
    """`None` means the source was not supplied; an empty one means Pulumi has nothing yet."""

    outputs: dict[str, Any] | None = None
    history: tuple[Update, ...] | None = None

    @property
    def deployments(self) -> tuple[Update, ...]:
        """Updates that changed the stack (not previews or refreshes), newest first."""
        return tuple(u for u in self.history or () if u.kind == DEPLOYING_KIND)

    @property
    def last_deployment(self) -> Update | None:
        return next(iter(self.deployments), None)

    @property
    def last_success(self) -> Update | None:
        return next((u for u in self.deployments if u.result == "succeeded"), None)


def load_live(stack: str, outputs: Path | None = None, history: Path | None = None) -> LiveState:
    return LiveState(
        outputs=None if outputs is None else parse_outputs(_read_json(outputs, _fix(stack, "output")), outputs, stack),
        history=None if history is None else parse_history(_read_json(history, _fix(stack, "history")), history, stack),
    )


def parse_outputs(document: Any, path: Path, stack: str) -> dict[str, Any]:
    if not isinstance(document, dict):
        raise LiveDataError(
            path, f"is a JSON {type(document).__name__}, not the object `pulumi stack output --json` prints", _fix(stack, "output")
        )
    return document


def parse_history(document: Any, path: Path, stack: str) -> tuple[Update, ...]:
    if not isinstance(document, list):
        raise LiveDataError(
            path, f"is a JSON {type(document).__name__}, not the array `pulumi stack history --json` prints", _fix(stack, "history")
        )
    updates = [_update(entry, index, path, stack) for index, entry in enumerate(document)]
    return tuple(sorted(updates, key=lambda u: (u.started, u.version or 0), reverse=True))


def _update(entry: Any, index: int, path: Path, stack: str) -> Update:
    try:
        environment = entry.get("environment") or {}
        return Update(
            kind=entry["kind"],
            result=entry["result"],
            started=_timestamp(entry["startTime"]),
            ended=_timestamp(entry["endTime"]) if entry.get("endTime") else None,
            version=entry.get("version"),
            message=entry.get("message") or "",
            commit=environment.get("git.head"),
            resource_changes=dict(entry.get("resourceChanges") or {}),
        )
    except (AttributeError, KeyError, TypeError, ValueError) as error:
        raise LiveDataError(
            path, f"entry {index} is not an update summary ({type(error).__name__}: {error})", _fix(stack, "history")
        ) from None


def _timestamp(value: str | int) -> datetime:
    """The CLI writes RFC 3339 text ("2024-05-01T12:00:00.000Z"); the service API, Unix seconds."""
    if isinstance(value, int):
        return datetime.fromtimestamp(value, tz=UTC)
    return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(UTC)


def _read_json(path: Path, fix: str) -> Any:
    try:
        return json.loads(path.read_text())
    except FileNotFoundError:
        raise LiveDataError(path, "does not exist", fix) from None
    except json.JSONDecodeError as error:
        raise LiveDataError(path, f"is not JSON ({error.msg}, line {error.lineno})", fix) from None


def _fix(stack: str, command: str) -> str:
    return f"write it with `pulumi stack {command} --json --stack {stack} > FILE`"
