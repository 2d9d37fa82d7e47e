"""Incoming transformations as a preset declares them (`q_auto,f_auto`) and as Cloudinary reads them back.

A preset is written with the URL syntax (`transformation=c_limit,w_2000,q_auto`); the Admin API
reads it back as a list of objects with long names (`[{"crop": "limit", "width": 2000,
"quality": "auto"}]`). `canonical` turns either into one string, parameters sorted within each
chained component, so a refresh compares what Cloudinary holds with what the program declares.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

# URL abbreviation -> the Admin API's long name, for the parameters a preset of ours uses.
LONG_NAMES = {
    "a": "angle",
    "b": "background",
    "c": "crop",
    "dpr": "dpr",
    "e": "effect",
    "f": "fetch_format",
    "fl": "flags",
    "g": "gravity",
    "h": "height",
    "q": "quality",
    "w": "width",
}
SHORT_NAMES = {long: short for short, long in LONG_NAMES.items()}
_PARAMETER = re.compile(r"(?P<key>[a-z]+)_(?P<value>[A-Za-z0-9:.]+)")


def problem(text: str) -> str | None:
    """What is wrong with a transformation string, or None."""
    for component in text.split("/"):
        for parameter in component.split(","):
            match = _PARAMETER.fullmatch(parameter)
            if match is None:
                return f"has {parameter!r}, which is not a `key_value` transformation parameter (e.g. q_auto)"
            if match["key"] not in LONG_NAMES:
                return f"has {parameter!r}: this provider knows the parameters {', '.join(sorted(LONG_NAMES))}"
    return None


def canonical(value: Any) -> str | None:
    """One string for a transformation in either form; None for none."""
    if value is None or value == "" or value == []:
        return None
    if isinstance(value, str):
        components = [dict(_split(p) for p in component.split(",")) for component in value.split("/")]
    elif isinstance(value, list):
        components = [{str(SHORT_NAMES.get(k, k)): str(v) for k, v in item.items()} for item in value if isinstance(item, Mapping)]
    else:
        return str(value)
    return "/".join(",".join(f"{k}_{params[k]}" for k in sorted(params)) for params in components)


def _split(parameter: str) -> tuple[str, str]:
    key, _, value = parameter.partition("_")
    return key, value


def as_read_back(text: str) -> list[dict[str, Any]]:
    """The list-of-objects form Cloudinary answers with (used by the loopback fake)."""
    result = []
    for component in text.split("/"):
        item: dict[str, Any] = {}
        for parameter in component.split(","):
            key, value = _split(parameter)
            item[LONG_NAMES.get(key, key)] = int(value) if value.isdigit() else value
        result.append(item)
    return result
