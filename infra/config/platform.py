"""One declaration per platform the stacks run on: all that code outside its component needs to know.

Each config module of a platform declares its `PLATFORM` beside its config model (so a platform is
added in the files that add it: its config model, its component, one line of wiring, its stack-file
keys); `declared_platforms()` collects them. The offline plan (schema lookups), the config loader
(provider credentials), the status document (titles, roles) and the workflows' tests read them
from here, and nowhere else keeps a list of platforms.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .secrets import SecretSpec

REPO_ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Platform:
    # The package of its type tokens (`vercel` in `vercel:index/project:Project`).
    key: str
    title: str
    # What it does for the product, as the status document's "Service architecture" says it.
    role: str
    # The Python distribution of its provider SDK: its version names the provider schema in
    # ../shared/schemas (`<key>-<version>.schema.json.gz`).
    sdk_distribution: str | None = None
    # Our own provider's package schema, when the provider is ours (providers/<name>/schema.json).
    schema_file: Path | None = None
    # What its provider needs to authenticate, set per stack or in the environment.
    credentials: tuple[SecretSpec, ...] = ()

    @property
    def type_prefix(self) -> str:
        return f"{self.key}:"

    def owns(self, type_token: str) -> bool:
        return type_token.startswith(self.type_prefix)


@cache
def declared_platforms() -> tuple[Platform, ...]:
    """Every `PLATFORM` a module of `infra.config` declares, by key."""
    package = importlib.import_module("infra.config")
    found = []
    for module in pkgutil.iter_modules(package.__path__):
        declared = getattr(importlib.import_module(f"infra.config.{module.name}"), "PLATFORM", None)
        if isinstance(declared, Platform):
            found.append(declared)
    return tuple(sorted(found, key=lambda platform: platform.key))


def platform_of(type_token: str) -> Platform | None:
    return next((platform for platform in declared_platforms() if platform.owns(type_token)), None)
