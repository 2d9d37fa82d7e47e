"""Which property changes replace a resource (delete and create) rather than update it in place.

A property replaces when any of these says so:
1. the resource's own `replaceOnChanges` option, as the program declared it;
2. Railway resources (our dynamic provider): the fields each `infra.railway` provider declares
   with `on_change=OnChange.REPLACE`, the data its own `diff` answers from; an input the program
   no longer sets replaces only if the field says its removal acts in Railway (`OnRemoval`,
   `Field.removal()`), which an identity field's does not, as that `diff` decides;
3. provider resources: the provider schema in `../shared/schemas/` for the installed SDK version,
   where a property's description says a change forces a new resource.

Everything else is an update: an unknown is reported as an update, never guessed to be a replace.
The SDK-derived Vercel and Cloudflare schemas carry no force-new text, so offline every change
of theirs is an update; the pull request's real `pulumi preview --json` (`preview_json`) is what
gates their replacements.
"""

from __future__ import annotations

import gzip
import importlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

from .stack_files import REPO_ROOT

SCHEMAS_DIR = REPO_ROOT.parent / "shared" / "schemas"

# Provider package (first segment of a type token) -> Python distribution whose version names the schema.
PROVIDER_DISTRIBUTIONS = {"vercel": "pulumiverse_vercel", "cloudflare": "pulumi_cloudflare"}

# How the schemas' descriptions say that a change replaces the resource.
FORCES_NEW = re.compile(
    r"changing this (?:\w+ )?forces|forces a new\b|forces replacement|requires replacement|cannot be changed after creation",
    re.IGNORECASE,
)


def top_level(path: str) -> str:
    """`route.headers.X` -> `route`; `targets[1]` -> `targets`; `["a.b"].c` -> `a.b`."""
    if path.startswith('["'):
        return json.loads(path[1:path.index('"]') + 1])
    return re.split(r"[.\[]", path, maxsplit=1)[0]


# What removing a Railway input does (the values of `infra.railway`'s `OnRemoval`).
RESET, KEPT, NOTHING = "reset", "kept", "nothing"


@dataclass(frozen=True)
class RailwayField:
    replaces: bool
    on_removal: str = KEPT  # a provider without `Field.removal()`: an unset input is not managed


@dataclass
class ReplacementRules:
    schemas_dir: Path = SCHEMAS_DIR
    railway: dict[str, dict[str, RailwayField]] | None = None
    _forcing_cache: dict[str, frozenset[str]] = field(default_factory=dict)

    def replacing(self, resource: dict[str, Any], changed_paths: Iterable[str]) -> set[str]:
        """The changed property paths (wire names) that force `resource` (its new side) to be replaced."""
        forcing = self._forcing_properties(resource)
        removals = self.removals(resource, changed_paths)
        return {
            path for path in changed_paths
            if ("*" in forcing or top_level(path) in forcing) and removals.get(path, RESET) == RESET
        }

    def removals(self, resource: dict[str, Any], changed_paths: Iterable[str]) -> dict[str, str]:
        """Of the changed paths, the Railway inputs the program no longer sets, each with what that
        does in Railway: RESET (sent as null: Railway's default), KEPT (Railway keeps the value),
        NOTHING (a creation-time or provider-side input)."""
        if not is_railway_type(resource["type"]):
            return {}
        fields = self._railway_fields(resource["type"])
        return {
            path: fields[path].on_removal if path in fields else NOTHING
            for path in changed_paths
            if path == top_level(path) and resource["inputs"].get(path) is None
        }

    def _railway_fields(self, type_token: str) -> dict[str, RailwayField]:
        table = self.railway if self.railway is not None else railway_fields()
        return table.get(type_token.rsplit(":", 1)[-1], {})

    def _forcing_properties(self, resource: dict[str, Any]) -> frozenset[str]:
        declared = frozenset(top_level(p) if p != "*" else "*" for p in resource.get("options", {}).get("replaceOnChanges", []))
        type_token = resource["type"]
        if is_railway_type(type_token):
            return declared | frozenset(name for name, spec in self._railway_fields(type_token).items() if spec.replaces)
        return declared | self._schema_forcing(type_token)

    def _schema_forcing(self, type_token: str) -> frozenset[str]:
        if type_token not in self._forcing_cache:
            schema = _load_schema(self.schemas_dir, type_token.split(":", 1)[0]) or {"resources": {}}
            properties = schema["resources"].get(type_token, {}).get("inputProperties", {})
            self._forcing_cache[type_token] = frozenset(
                name for name, spec in properties.items() if FORCES_NEW.search(spec.get("description", ""))
            )
        return self._forcing_cache[type_token]


def is_railway_type(type_token: str) -> bool:
    return type_token.startswith("pulumi-python:dynamic") and "railway" in type_token.lower()


@cache
def railway_fields() -> dict[str, dict[str, RailwayField]]:
    """Kind -> input -> whether its change replaces (`on_change=OnChange.REPLACE`) and what its
    removal does (`Field.removal()`), as each `infra.railway` provider declares its fields: the
    same data its own `diff` answers from."""
    try:
        railway = importlib.import_module("infra.railway")
    except ImportError:
        return {}
    providers = [value for value in vars(railway).values() if isinstance(value, type) and hasattr(value, "kind") and hasattr(value, "fields")]
    return {provider.kind: {spec.name: _railway_field(spec) for spec in provider.fields} for provider in providers}


def _railway_field(spec: Any) -> RailwayField:
    replaces = spec.on_change.name == "REPLACE"
    removal = getattr(spec, "removal", None)
    return RailwayField(replaces, removal().value if removal else KEPT)


def railway_replacing_properties() -> dict[str, frozenset[str]]:
    """Kind -> the inputs whose change replaces."""
    return {kind: frozenset(name for name, spec in fields.items() if spec.replaces) for kind, fields in railway_fields().items()}


@cache
def _load_schema(schemas_dir: Path, package: str) -> dict[str, Any] | None:
    """The schema of the installed SDK's version: the provider's own, else the SDK-derived one.
    Loaded once per process, and only for a provider whose resource changed (Cloudflare's takes ~1 s)."""
    distribution = PROVIDER_DISTRIBUTIONS.get(package)
    if distribution is None:
        return None
    try:
        version = metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return None
    for name in (f"{package}-{version}.schema.json.gz", f"{package}-{version}.sdk-derived.schema.json.gz"):
        path = schemas_dir / name
        if path.is_file():
            with gzip.open(path, "rt", encoding="utf-8") as handle:
                return json.load(handle)
    return None
