"""Which property changes replace a resource (delete and create) rather than update it in place.

A property replaces when any of these says so:
1. the resource's `replaceOnChanges` option, as the program declared it or as a generated SDK
   sets it from its schema (our providers' SDKs do, for every input whose schema property has
   `replaceOnChanges`);
2. the provider's package schema (`infra.config.platform`: our own provider's `schema.json`, or
   the one in `../shared/schemas/` for the installed SDK's version), where a property has
   `replaceOnChanges` or its description says a change forces a new resource.

Everything else is an update: an unknown is reported as an update, never guessed to be a replace.
The SDK-derived Vercel and Cloudflare schemas carry no force-new text, so offline every change
of theirs is an update; the pull request's real `pulumi preview --json` (`preview_json`) is what
gates their replacements.
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

from infra.config.platform import platform_of

from .stack_files import REPO_ROOT

SCHEMAS_DIR = REPO_ROOT.parent / "shared" / "schemas"


# How the schemas' descriptions say that a change replaces the resource.
FORCES_NEW = re.compile(
    r"changing this (?:\w+ )?forces|forces a new\b|forces replacement|requires replacement|cannot be changed after creation",
    re.IGNORECASE,
)


def top_level(path: str) -> str:
    """`route.headers.X` -> `route`; `targets[1]` -> `targets`; `["a.b"].c` -> `a.b`."""
    if path.startswith('["'):
        return json.loads(path[1 : path.index('"]') + 1])
    return re.split(r"[.\[]", path, maxsplit=1)[0]


@dataclass
class ReplacementRules:
    schemas_dir: Path = SCHEMAS_DIR
    _forcing_cache: dict[str, frozenset[str]] = field(default_factory=dict)

    def replacing(self, resource: dict[str, Any], changed_paths: Iterable[str]) -> set[str]:
        """The changed property paths (wire names) that force `resource` (its new side) to be replaced."""
        forcing = self._forcing_properties(resource)
        return {path for path in changed_paths if "*" in forcing or top_level(path) in forcing}

    def _forcing_properties(self, resource: dict[str, Any]) -> frozenset[str]:
        declared = frozenset(top_level(p) if p != "*" else "*" for p in resource.get("options", {}).get("replaceOnChanges", []))
        return declared | self._schema_forcing(resource["type"])

    def _schema_forcing(self, type_token: str) -> frozenset[str]:
        if type_token not in self._forcing_cache:
            schema = _load_schema(self.schemas_dir, type_token.split(":", 1)[0]) or {"resources": {}}
            properties = schema["resources"].get(type_token, {}).get("inputProperties", {})
            self._forcing_cache[type_token] = frozenset(
                name for name, spec in properties.items() if spec.get("replaceOnChanges") or FORCES_NEW.search(spec.get("description", ""))
            )
        return self._forcing_cache[type_token]


@cache
def _load_schema(schemas_dir: Path, package: str) -> dict[str, Any] | None:
    """The package schema of a platform (`Platform`): our own provider's `schema.json`, else, for the
    installed SDK's version, the provider's published schema or the SDK-derived one. Loaded once per
    process, and only for a provider whose resource changed (Cloudflare's takes ~1 s)."""
    platform = platform_of(f"{package}:")
    if platform is None:
        return None
    if platform.schema_file is not None:
        return json.loads(platform.schema_file.read_text()) if platform.schema_file.is_file() else None
    if platform.sdk_distribution is None:
        return None
    try:
        version = metadata.version(platform.sdk_distribution)
    except metadata.PackageNotFoundError:
        return None
    for name in (f"{package}-{version}.schema.json.gz", f"{package}-{version}.sdk-derived.schema.json.gz"):
        path = schemas_dir / name
        if path.is_file():
            with gzip.open(path, "rt", encoding="utf-8") as handle:
                return json.load(handle)
    return None
