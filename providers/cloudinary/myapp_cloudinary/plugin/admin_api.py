"""The upload-preset endpoints of Cloudinary's Admin API, as its documentation describes them.

`https://api.cloudinary.com/v1_1/<cloud_name>/upload_presets[/<name>]`, HTTP Basic with the API
key and secret (https://cloudinary.com/documentation/admin_api#upload_presets):

    GET    upload_presets                 list: {"presets": [preset...], "next_cursor"?}
    GET    upload_presets/<name>          one preset: {"name", "unsigned", "settings": {...}}
    POST   upload_presets                 create: name, unsigned, folder, allowed_formats,
                                          transformation ... -> {"message": "created", "name"}
    PUT    upload_presets/<name>          update: the same settings -> {"message": "updated"}
    DELETE upload_presets/<name>          -> {"message": "deleted"}

An error answers `{"error": {"message": "..."}}` with 400 (bad parameter), 401 (key or secret
refused), 403 (not allowed), 404 (no such preset), 409 (a preset of that name already exists),
420 or 429 (rate limited; `X-FeatureRateLimit-Limit`, `-Remaining`, `-Reset` headers, and
`Retry-After` where a proxy adds it) or 5xx.

`REQUESTS` is that description as data: the provider sends nothing else, and the tests check
every request the plugin sends against it (method, path, parameter names and types).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

API_VERSION = "v1_1"
DEFAULT_API_BASE = "https://api.cloudinary.com"
# Names Cloudinary accepts for a preset (it refuses others with 400): letters, digits, -, _ and spaces are not in it.
PRESET_NAME = r"[A-Za-z0-9][A-Za-z0-9_-]{0,254}"
# The settings of a preset this provider manages, with the JSON type each is sent as.
SETTINGS: dict[str, type] = {"folder": str, "allowed_formats": str, "transformation": str}


@dataclass(frozen=True)
class Endpoint:
    """One documented request: method, path under the cloud, and the body parameters it takes."""

    operation: str
    method: str
    path: str  # a regular expression over the path after /v1_1/<cloud_name>/
    body: Mapping[str, type]
    required: frozenset[str] = frozenset()
    query: Mapping[str, type] | None = None

    def problems(self, query: Mapping[str, Any], body: Mapping[str, Any] | None) -> list[str]:
        """How a request for this endpoint departs from the documented shape (empty: it conforms)."""
        found = _unexpected(self.query or {}, query, "query parameter")
        if self.method in ("GET", "DELETE"):
            return found + (["carries a body, which the documentation does not describe"] if body else [])
        if not isinstance(body, Mapping):
            return [*found, "has no JSON object body"]
        found += _unexpected(self.body, body, "parameter")
        found += [f"lacks the required parameter {name!r}" for name in sorted(self.required - set(body))]
        return found


def _unexpected(documented: Mapping[str, type], sent: Mapping[str, Any], what: str) -> list[str]:
    found = []
    for name, value in sent.items():
        kind = documented.get(name)
        if kind is None:
            found.append(f"sends the undocumented {what} {name!r}")
        elif not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            found.append(f"sends {what} {name!r} as {type(value).__name__}, documented as {kind.__name__}")
    return found


_ONE = rf"upload_presets/{PRESET_NAME}"
REQUESTS: tuple[Endpoint, ...] = (
    Endpoint("list", "GET", "upload_presets", {}, query={"max_results": int, "next_cursor": str}),
    Endpoint("get", "GET", _ONE, {}),
    Endpoint("create", "POST", "upload_presets", {"name": str, "unsigned": bool, **SETTINGS}, frozenset({"name"})),
    Endpoint("update", "PUT", _ONE, {"unsigned": bool, **SETTINGS}),
    Endpoint("delete", "DELETE", _ONE, {}),
)


def endpoint_for(method: str, path: str) -> Endpoint | None:
    """The documented endpoint a request is for, or None (a request the documentation does not describe)."""
    return next((e for e in REQUESTS if e.method == method and re.fullmatch(e.path, path)), None)
