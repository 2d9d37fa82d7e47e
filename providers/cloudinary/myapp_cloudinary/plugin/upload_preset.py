"""`cloudinary:index:UploadPreset`: one upload preset of the configured cloud; its id is its name.

The name is the preset's identity (Cloudinary has no rename): changing it replaces the preset.
Everything else updates in place with `PUT upload_presets/<name>`; an optional setting taken out
of the program is cleared (sent empty), `unsigned` goes back to signed.

A create whose answer was lost: the client sends it again (a name is unique, so nothing is made
twice), and Cloudinary then answers 409 "already exists". The preset in the way is read: if it
holds exactly what this create sent, it is the one the lost attempt made and is this resource's
own (deleted on destroy); if not, it is someone else's and the error says how to import it. A
create that ran out of retries is looked for by name for a bounded time, as Cloudinary may
finish it late, and is kept on the same test.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from .admin_api import PRESET_NAME
from .client import CloudinaryClient
from .errors import CloudinaryConflict, CloudinaryNotFound, CloudinaryOutcomeUnknown
from .transformation import canonical
from .transformation import problem as transformation_problem

# The formats an image preset of ours may allow (Cloudinary's image format names).
IMAGE_FORMATS = ("avif", "gif", "heic", "jpg", "jpeg", "png", "svg", "webp")
_FORMAT = re.compile(r"[a-z0-9]{2,5}")


@dataclass(frozen=True)
class RecoveryPolicy:
    """How long a create of unknown outcome is looked for before it is reported."""

    window: float = 30.0
    interval: float = 3.0


def wire_body(props: dict[str, Any], *, creating: bool) -> dict[str, Any]:
    """The documented request body for the preset's inputs; unset optional settings are sent empty (cleared)."""
    body: dict[str, Any] = {"name": props["name"]} if creating else {}
    body["unsigned"] = bool(props.get("unsigned", False))
    folder, formats, transformation = props.get("folder"), props.get("allowedFormats"), props.get("transformation")
    if folder or not creating:
        body["folder"] = folder or ""
    if formats or not creating:
        body["allowed_formats"] = ",".join(formats or [])
    if transformation or not creating:
        body["transformation"] = transformation or ""
    return body


def live_inputs(preset: dict[str, Any]) -> dict[str, Any]:
    """A preset as Cloudinary reads it back, as this resource's inputs."""
    settings = preset.get("settings") or {}
    formats = settings.get("allowed_formats")
    if isinstance(formats, str):
        formats = [f.strip() for f in formats.split(",") if f.strip()]
    live = {
        "name": preset.get("name"),
        "unsigned": bool(preset.get("unsigned", False)),
        "folder": settings.get("folder") or None,
        "allowedFormats": list(formats) if formats else None,
        "transformation": canonical(settings.get("transformation")),
    }
    return {k: v for k, v in live.items() if v is not None}


def holds(preset: dict[str, Any], props: dict[str, Any]) -> bool:
    """Whether a live preset holds exactly the inputs `props` declare."""
    live = live_inputs(preset)
    wanted = {
        "unsigned": bool(props.get("unsigned", False)),
        "folder": props.get("folder") or None,
        "allowedFormats": sorted(props.get("allowedFormats") or []) or None,
        "transformation": canonical(props.get("transformation")),
    }
    got = {**live, "allowedFormats": sorted(live.get("allowedFormats") or []) or None}
    return all(got.get(k) == v for k, v in wanted.items())


def format_problems(formats: Iterable[Any]) -> list[str]:
    return [
        f"holds {f!r}, which is not a format name (e.g. {', '.join(IMAGE_FORMATS[:4])})"
        for f in formats
        if not isinstance(f, str) or not _FORMAT.fullmatch(f)
    ]


def create(
    client: CloudinaryClient,
    props: dict[str, Any],
    recovery: RecoveryPolicy = RecoveryPolicy(),
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> str:
    """Make the preset; its name is its id. A 409 or lost answer is resolved as the module says."""
    name = props["name"]
    body = wire_body(props, creating=True)
    try:
        client.create_preset(body)
    except CloudinaryConflict as conflict:
        in_the_way = client.get_preset(name)
        if conflict.after_lost_answer and holds(in_the_way, props):
            return name  # the lost attempt made it
        raise CloudinaryConflict(
            f"UploadPreset {name!r}: an upload preset of that name already exists in Cloudinary and was not made by "
            f"this program: adopt it with `pulumi import cloudinary:index:UploadPreset <resource name> {name}`, "
            "or give this preset another name"
        ) from conflict
    except CloudinaryOutcomeUnknown as lost:
        return _look_for(client, props, lost, recovery, sleep, clock)
    return name


def _look_for(
    client: CloudinaryClient,
    props: dict[str, Any],
    lost: CloudinaryOutcomeUnknown,
    recovery: RecoveryPolicy,
    sleep: Callable[[float], None],
    clock: Callable[[], float],
) -> str:
    name = props["name"]
    deadline = clock() + recovery.window
    while True:
        try:
            found = client.get_preset(name)
        except CloudinaryNotFound:
            found = None
        if found is not None:
            if holds(found, props):
                return name
            raise CloudinaryOutcomeUnknown(
                f"{lost}; a preset {name!r} now exists but holds other settings than this create sent: check it in "
                f"Cloudinary's console, then import it (`pulumi import cloudinary:index:UploadPreset <resource name> {name}`) or delete it",
                attempts=lost.attempts,
            ) from lost
        if clock() + recovery.interval > deadline:
            break
        sleep(recovery.interval)
    raise CloudinaryOutcomeUnknown(
        f"{lost}; no preset {name!r} appeared within {recovery.window:g} s of looking, so it was most likely not made: run again",
        attempts=lost.attempts,
    ) from lost


def preset_name_problem(name: str) -> str | None:
    return (
        None
        if re.fullmatch(PRESET_NAME, name)
        else f"{name!r} is not a preset name (letters, digits, - and _, starting with a letter or digit)"
    )


def transformation_check(text: str) -> str | None:
    return transformation_problem(text)


# -- the declaration: each input once; check, diff and the schema read it -------------------------
TOKEN = "cloudinary:index:UploadPreset"


@dataclass(frozen=True)
class Input:
    name: str
    schema: dict[str, Any]
    description: str
    replaces: bool = False
    required: bool = False


INPUTS: tuple[Input, ...] = (
    Input("name", {"type": "string"}, "The preset's name, unique in the cloud; the upload call names it.", replaces=True, required=True),
    Input(
        "unsigned", {"type": "boolean"}, "Whether uploads may use the preset without a signature (from a browser). Default false: signed."
    ),
    Input("folder", {"type": "string"}, "The folder uploaded assets are stored in."),
    Input("allowedFormats", {"type": "array", "items": {"type": "string"}}, "The file formats the preset accepts, e.g. jpg, png, webp."),
    Input(
        "transformation",
        {"type": "string"},
        "The incoming transformation, in URL syntax: e.g. `c_limit,w_2000/q_auto,f_auto` (automatic quality and format).",
    ),
)
INPUT_NAMES = tuple(i.name for i in INPUTS)
_CHECKS: dict[str, tuple[type, str]] = {
    "name": (str, "a string"),
    "unsigned": (bool, "true or false"),
    "folder": (str, "a string"),
    "allowedFormats": (list, "a list of strings"),
    "transformation": (str, "a string"),
}


def check(news: dict[str, Any], is_unknown: Callable[[Any], bool]) -> list[tuple[str, str]]:
    """(input, reason) per problem; each reason names the preset, the input, what is wrong and the fix."""
    label = f"UploadPreset {news.get('name')!r}" if isinstance(news.get("name"), str) else "UploadPreset"
    found = [
        (name, f"{label}: {name} is not an input of {TOKEN} (its inputs: {', '.join(INPUT_NAMES)})")
        for name in sorted(set(news) - set(INPUT_NAMES))
    ]
    for name, (kind, what) in _CHECKS.items():
        value = news.get(name)
        if value is None:
            if name == "name":
                found.append((name, f"{label}: name is required: the preset's name, e.g. user-avatars"))
            continue
        if is_unknown(value):
            continue
        if not isinstance(value, kind):
            found.append((name, f"{label}: {name} must be {what}, got {type(value).__name__}"))
            continue
        reason = _value_problem(name, value, is_unknown)
        if reason:
            found.append((name, f"{label}: {name} {reason}"))
    return found


def _value_problem(name: str, value: Any, is_unknown: Callable[[Any], bool]) -> str | None:
    if name == "name":
        return preset_name_problem(value)
    if name == "folder" and (not value.strip() or value.startswith("/")):
        return f"{value!r} must be a folder path without a leading slash, e.g. avatars"
    if name == "allowedFormats":
        problems = format_problems(v for v in value if not is_unknown(v))
        return problems[0] if problems else None
    if name == "transformation":
        return transformation_check(value)
    return None


def changed(olds: dict[str, Any], news: dict[str, Any], is_unknown: Callable[[Any], bool]) -> list[str]:
    """The inputs whose value moved; a removed optional setting counts (it is cleared)."""
    return [name for name in INPUT_NAMES if differs(name, olds.get(name), news.get(name), is_unknown)]


def differs(name: str, old: Any, new: Any, is_unknown: Callable[[Any], bool]) -> bool:
    if is_unknown(new) or (isinstance(new, list) and any(is_unknown(v) for v in new)):
        return True
    if name == "unsigned":
        return bool(old) != bool(new)
    if name == "transformation":
        return canonical(old) != canonical(new)
    if name == "allowedFormats":
        return sorted(old or []) != sorted(new or [])
    return (old or None) != (new or None)
