"""Shared building blocks of the config models: the model base and validated scalar types."""

from __future__ import annotations

import re
from typing import Annotated
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, ConfigDict
from pydantic.alias_generators import to_camel

PROJECT_NAMESPACE = "myapp-infra"

_LABEL = r"(?!-)[a-z0-9-]{1,63}(?<!-)"
_DOMAIN_RE = re.compile(rf"^(?:{_LABEL}\.)+[a-z]{{2,63}}$")


class ConfigModel(BaseModel):
    """Frozen, camelCase-keyed (as Pulumi users write YAML), and strict about unknown keys."""

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        alias_generator=to_camel,
        populate_by_name=True,
    )


def _domain_name(value: str) -> str:
    if not _DOMAIN_RE.match(value):
        raise ValueError(
            f"{value!r} is not a valid domain name (lower-case labels of letters, digits and "
            "hyphens separated by dots, e.g. 'myapp.com'; no scheme, path or trailing dot)"
        )
    return value


def _https_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme != "https":
        raise ValueError(f"{value!r} must be an https:// URL (plain http is refused)")
    if not parts.hostname or not _DOMAIN_RE.match(parts.hostname):
        raise ValueError(f"{value!r} has no valid host name")
    if parts.username or parts.password:
        raise ValueError(f"{value!r} carries credentials: store it as a secret instead")
    return value


DomainName = Annotated[str, AfterValidator(_domain_name)]
HttpsUrl = Annotated[str, AfterValidator(_https_url)]


def origin_of(host: str) -> str:
    """The browser origin of an https host: what CORS and CSP compare against."""
    return f"https://{host}"
