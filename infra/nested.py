"""One walker for the JSON-like values plans, states and documents are made of (dicts, lists, scalars).

`transformed(value, leaf=..., node=..., keep_key=...)` copies `value`, replacing each scalar by
`leaf(scalar)`; `node`, when given, sees every value first and may answer a replacement for it
and everything under it (a secret masked whole, say); `keep_key` drops the dict keys it refuses.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

KEEP: Any = object()  # what `node` answers to let the walk go on into a value


def transformed(
    value: Any,
    leaf: Callable[[Any], Any] = lambda scalar: scalar,
    node: Callable[[Any], Any] | None = None,
    keep_key: Callable[[str], bool] | None = None,
) -> Any:
    def walk(item: Any) -> Any:
        if node is not None:
            replacement = node(item)
            if replacement is not KEEP:
                return replacement
        if isinstance(item, dict):
            return {key: walk(child) for key, child in item.items() if keep_key is None or keep_key(key)}
        if isinstance(item, list):
            return [walk(child) for child in item]
        return leaf(item)

    return walk(value)


def whole_numbers(value: Any) -> Any:
    """Every float that is a whole number as an int: protobuf's Struct holds every number as a double,
    and the program declared 2, not 2.0."""
    return transformed(value, leaf=lambda scalar: int(scalar) if isinstance(scalar, float) and scalar.is_integer() else scalar)
