"""Property values as the engine sends them (protobuf `Struct`s) and as the resources use them.

The engine wraps a secret as `{"4dabf...": "1b470...", "value": v}` and writes a value not known
yet (preview) as a fixed UUID string. Resources work on plain values: `unwrap` takes the
secrets out, remembering where they were (`SecretPaths`), and turns unknowns into `UNKNOWN`;
`wrap` puts secrets back at those paths, and on every property the schema marks secret, so an
output is never less secret than the input it came from.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from google.protobuf import json_format, struct_pb2

SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d"
SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270"
UNKNOWN_MARKER = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"

Props = dict[str, Any]
# A secret's place: a top-level property name, or (name, key) for one entry of a map.
SecretPaths = frozenset[tuple[str, ...]]


class _Unknown:
    """A value not known yet: never validated, always a change."""

    _instance: _Unknown | None = None

    def __new__(cls) -> _Unknown:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "<unknown>"


UNKNOWN = _Unknown()


def is_unknown(value: Any) -> bool:
    return value is UNKNOWN


def unwrap(struct: struct_pb2.Struct | None) -> tuple[Props, SecretPaths]:
    """Plain properties and the paths that held secrets."""
    if struct is None:
        return {}, frozenset()
    raw = json_format.MessageToDict(struct)
    paths: set[tuple[str, ...]] = set()
    plain = {name: _plain(value, (name,), paths) for name, value in raw.items()}
    return _whole_numbers(plain), frozenset(paths)


def _plain(value: Any, path: tuple[str, ...], paths: set[tuple[str, ...]]) -> Any:
    if isinstance(value, dict) and value.get(SECRET_SIG_KEY) == SECRET_SIG:
        paths.add(path[:2])
        return _plain(value.get("value"), path, paths)
    if isinstance(value, dict):
        return {key: _plain(item, (*path, key), paths) for key, item in value.items()}
    if isinstance(value, list):
        inner: set[tuple[str, ...]] = set()
        items = [_plain(item, path, inner) for item in value]
        if inner:  # a secret anywhere in a list: the list goes back secret whole (paths name no list item)
            paths.add(path[:1])
        return items
    return UNKNOWN if value == UNKNOWN_MARKER else value


def _whole_numbers(props: Props) -> Props:
    """protobuf has only doubles; a whole number comes back an int, so 8080 is never 8080.0."""
    return {key: _int_if_whole(value) for key, value in props.items()}


def _int_if_whole(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {key: _int_if_whole(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_int_if_whole(item) for item in value]
    return value


def wrap(props: Mapping[str, Any], secrets: Iterable[tuple[str, ...]]) -> struct_pb2.Struct:
    """A `Struct` of `props`, with a secret at each of `secrets` (a name, or a name and a map key)."""
    paths = set(secrets)
    out: Props = {}
    for name, value in props.items():
        if value is None:
            continue
        if (name,) in paths:
            out[name] = _secret(_wire(value))
        elif isinstance(value, Mapping) and any(p[0] == name and len(p) == 2 for p in paths):
            out[name] = {key: _secret(_wire(item)) if (name, key) in paths else _wire(item) for key, item in value.items()}
        else:
            out[name] = _wire(value)
    struct = struct_pb2.Struct()
    struct.update(out)
    return struct


def _wire(value: Any) -> Any:
    if is_unknown(value):
        return UNKNOWN_MARKER
    if isinstance(value, Mapping):
        return {key: _wire(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_wire(item) for item in value]
    return value


def _secret(value: Any) -> dict[str, Any]:
    return {SECRET_SIG_KEY: SECRET_SIG, "value": value}


def secret_leaves(props: Mapping[str, Any], paths: Iterable[tuple[str, ...]]) -> list[str]:
    """The string values at `paths`: what must never be quoted in a message."""
    found: list[str] = []
    for path in paths:
        value: Any = props.get(path[0])
        if len(path) == 2 and isinstance(value, Mapping):
            value = value.get(path[1])
        found += _strings(value)
    return found


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return [repr(value), str(int(value))] if isinstance(value, float) and value.is_integer() else [repr(value)]
    if isinstance(value, Mapping):
        return [s for item in value.values() for s in _strings(item)]
    if isinstance(value, (list, tuple)):
        return [s for item in value for s in _strings(item)]
    return []
