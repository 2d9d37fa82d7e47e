"""The `myapp-infra:backend` section: the API service of a stack."""

from __future__ import annotations

from .base import ConfigModel, DomainName, origin_of


class BackendConfig(ConfigModel):
    domain: DomainName

    @property
    def public_url(self) -> str:
        return origin_of(self.domain)
