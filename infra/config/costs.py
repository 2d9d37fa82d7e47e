"""The `myapp-infra:costs` section: what a stack's services cost per month.

Prices change without the program changing, so they are data in the stack file, not code;
the status document (`make status`) turns them into its cost table and total.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import Field

from .base import ConfigModel


class ServiceCost(ConfigModel):
    """One bill line: a plan's fixed monthly price, or a usage fee, or both."""

    service: str = Field(min_length=1)
    plan: str = ""
    category: Literal["platform", "external"] = "platform"
    # Unset: no fixed price is known (usage-only, shared, or not looked up yet), never "free".
    monthly_usd: Decimal | None = Field(default=None, ge=0, decimal_places=2)
    # Charged per use on top of the monthly price, e.g. "2.9% + $0.30 per transaction".
    usage_fee: str = ""
    includes: tuple[str, ...] = ()
    # Another stack whose bill already pays for this plan; `monthlyUsd` is then only what
    # this stack adds on top (usually nothing).
    shared_with: str | None = Field(default=None, pattern=r"^[a-z0-9-]+$")
    note: str = ""


class CostsConfig(ConfigModel):
    currency: Literal["USD"] = "USD"
    services: tuple[ServiceCost, ...] = ()

    @property
    def monthly_total(self) -> Decimal:
        """What this stack itself costs per month, as far as prices are recorded; usage fees excluded."""
        return sum((line.monthly_usd or Decimal(0) for line in self.services), Decimal(0))

    @property
    def unpriced(self) -> tuple[ServiceCost, ...]:
        """Lines of this stack's own with neither a monthly price nor a usage fee recorded."""
        return tuple(line for line in self.services if line.monthly_usd is None and not line.usage_fee and not line.shared_with)
