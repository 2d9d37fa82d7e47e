"""The root of a stack's config: every section, plus the stack's name and secrets."""

from __future__ import annotations

from pydantic import ConfigDict, Field

from .backend import BackendConfig
from .base import ConfigModel
from .costs import CostsConfig
from .edge import EdgeConfig
from .frontend import FrontendConfig
from .headers import SecurityHeadersConfig
from .secrets import StackSecrets
from .services import CloudinaryConfig, SupabaseConfig


class StackSections(ConfigModel):
    """The non-secret `myapp-infra:` keys of a stack file, one field per top-level key."""

    frontend: FrontendConfig
    backend: BackendConfig
    supabase: SupabaseConfig
    cloudinary: CloudinaryConfig
    security_headers: SecurityHeadersConfig = Field(default_factory=SecurityHeadersConfig)
    costs: CostsConfig = Field(default_factory=CostsConfig)
    # The Cloudflare zone in front of the stack; absent (staging): no Cloudflare resources at all.
    edge: EdgeConfig | None = None
    # Logical resource name -> id of the live object to import on the first `pulumi up`.
    adopt: dict[str, str] = Field(default_factory=dict)
    # Protect resources that hold traffic or data (production): no accidental delete/replace.
    protect: bool = False


class StackConfig(StackSections):
    """What the program builds from: parsed once at the entry, never re-read by components."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    stack: str
    secrets: StackSecrets
