"""The provider's configuration: `cloudinary:cloudName`, `apiKey`, `apiSecret` (secrets), `apiBase`.

When the stack sets no key or secret they come from `CLOUDINARY_URL`, as Cloudinary's SDKs read it
(`cloudinary://<api_key>:<api_secret>@<cloud_name>`); a cloud name set in config wins over the
URL's. Errors name the key or variable and the fix, and never quote a key or secret.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlparse

from .admin_api import DEFAULT_API_BASE
from .client import Credentials
from .errors import CloudinaryConfigError, CloudinaryCredentialsError

URL_ENV = "CLOUDINARY_URL"
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")
# Cloudinary's cloud names: lower-case letters, digits, dashes and underscores.
CLOUD_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,127}")
SECRET_KEYS = ("apiKey", "apiSecret")


@dataclass(frozen=True)
class Setting:
    name: str
    description: str
    secret: bool = False


CONFIG = (
    Setting("cloudName", "The Cloudinary cloud (product environment) name, e.g. `myapp-prod`; else the one in `CLOUDINARY_URL`."),
    Setting("apiKey", "The Admin API key; else the one in `CLOUDINARY_URL`.", secret=True),
    Setting("apiSecret", "The Admin API secret; else the one in `CLOUDINARY_URL`.", secret=True),
    Setting("apiBase", f"The API's base URL (default `{DEFAULT_API_BASE}`); plain http only on this machine."),
)


@dataclass(frozen=True)
class Settings:
    cloud_name: str | None
    api_key: str | None
    api_secret: str | None
    source: str
    api_base: str

    def credentials(self) -> Credentials:
        if not self.cloud_name:
            raise CloudinaryConfigError(f"no Cloudinary cloud name: `pulumi config set cloudinary:cloudName <name>`, or set {URL_ENV}")
        if not self.api_key or not self.api_secret:
            raise CloudinaryCredentialsError(
                "no Cloudinary API key and secret: `pulumi config set --secret cloudinary:apiKey <key>` and "
                f"`pulumi config set --secret cloudinary:apiSecret <secret>`, or set {URL_ENV} "
                "(cloudinary://<api_key>:<api_secret>@<cloud_name>, from the console's API Keys page)"
            )
        return Credentials(self.cloud_name, self.api_key, self.api_secret, self.source)


def problems(config: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(key, reason) per bad setting; values not known yet (during preview) are checked once known."""
    found = []
    cloud = config.get("cloudName")
    if isinstance(cloud, str) and not CLOUD_NAME.fullmatch(cloud):
        found.append(
            ("cloudName", f"cloudinary:cloudName {cloud!r} is not a cloud name (lower-case letters, digits, - and _), e.g. myapp-prod")
        )
    for key in SECRET_KEYS:
        value = config.get(key)
        if value is not None and isinstance(value, str) and not value.strip():
            found.append((key, f"cloudinary:{key} must not be empty: `pulumi config set --secret cloudinary:{key} <value>`"))
    base = config.get("apiBase")
    if isinstance(base, str) and (reason := _base_problem(base)):
        found.append(("apiBase", f"cloudinary:apiBase {reason}"))
    return found


def settings(config: Mapping[str, Any], environ: Mapping[str, str] = os.environ) -> Settings:
    """The checked settings with `CLOUDINARY_URL` as the fallback; credentials may still be missing (preview needs none)."""
    url = environ.get(URL_ENV)
    from_url = _from_url(url) if url else {}
    key, secret = config.get("apiKey"), config.get("apiSecret")
    source = "cloudinary:apiKey and cloudinary:apiSecret"
    if not key or not secret:
        key, secret, source = from_url.get("api_key"), from_url.get("api_secret"), f"the {URL_ENV} environment variable"
    base = config.get("apiBase") or DEFAULT_API_BASE
    if reason := _base_problem(base):
        raise CloudinaryConfigError(f"cloudinary:apiBase {reason}")
    return Settings(config.get("cloudName") or from_url.get("cloud_name"), key, secret, source, base)


def _from_url(url: str) -> dict[str, str]:
    parsed = urlparse(url)
    if parsed.scheme != "cloudinary" or not parsed.hostname or not parsed.username or not parsed.password:
        raise CloudinaryConfigError(
            f"{URL_ENV} is not a Cloudinary URL: it must read cloudinary://<api_key>:<api_secret>@<cloud_name> "
            "(copy it from the console's API Keys page)"
        )
    return {"cloud_name": parsed.hostname, "api_key": unquote(parsed.username), "api_secret": unquote(parsed.password)}


def _base_problem(base: str) -> str | None:
    url = urlparse(base)
    if url.scheme == "https" and url.hostname:
        return None
    if url.scheme == "http" and url.hostname in LOOPBACK_HOSTS:
        return None
    return f"must be an https:// URL (plain http only on this machine), got {base!r}; e.g. {DEFAULT_API_BASE}"
