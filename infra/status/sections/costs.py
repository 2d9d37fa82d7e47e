"""Monthly costs, from the stack's `myapp-infra:costs` figures."""

from __future__ import annotations

from decimal import Decimal

from infra.config.costs import CostsConfig, ServiceCost

from ..live import LiveState
from ..markdown import table
from ..sources import Declared

CATEGORIES = (("platform", "Platforms"), ("external", "External services"))
UNPRICED = "not recorded"


def render_costs(declared: Declared, live: LiveState) -> list[str]:
    costs = declared.config.costs
    lines = ["## Monthly costs", ""]
    if not costs.services:
        return lines + ["No cost figures in config (`myapp-infra:costs`)."]
    lines += [f"From `myapp-infra:costs` in `Pulumi.{declared.stack}.yaml` ({costs.currency}); prices are data, edit them there.", ""]
    rows = [
        (title, line.service, line.plan, _monthly(line), line.usage_fee, "; ".join(filter(None, [*line.includes, line.note])))
        for category, title in CATEGORIES
        for line in costs.services
        if line.category == category
    ]
    lines += table(["Category", "Service", "Plan", "Monthly", "Usage fee", "Includes"], rows)
    return lines + ["", _total(declared.stack, costs)]


def _total(stack: str, costs: CostsConfig) -> str:
    shared = sorted({line.shared_with for line in costs.services if line.shared_with})
    fees = [line.service for line in costs.services if line.usage_fee]
    extras = [
        f"on top of the plans it shares with {', '.join(shared)}" if shared else "",
        f"plus usage fees ({', '.join(fees)})" if fees else "",
        f"plus {', '.join(line.service for line in costs.unpriced)}, whose price is not recorded" if costs.unpriced else "",
    ]
    return f"**Total for {stack}: {_usd(costs.monthly_total)}/month**" + "".join(f", {extra}" for extra in extras if extra) + "."


def _monthly(line: ServiceCost) -> str:
    if line.shared_with:
        return f"shared with {line.shared_with}" + (f" + {_usd(line.monthly_usd)}" if line.monthly_usd else "")
    if line.monthly_usd is not None:
        return _usd(line.monthly_usd)
    return "—" if line.usage_fee else UNPRICED


def _usd(amount: Decimal) -> str:
    return f"${amount:,.2f}"
