"""Monthly costs: figures are config data (`myapp-infra:costs`), summed by the document."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest
from pydantic import ValidationError

from infra.config.costs import CostsConfig
from infra.status import LiveState, render_status
from tests.status.support import section


def test_every_cost_line_of_the_stack_is_a_row(declared, document):
    costs = section(document, "Monthly costs")
    for line in declared.config.costs.services:
        assert f"| {line.service} |" in costs, f"{declared.stack}: {line.service} is missing from the cost table"


def test_production_total_is_the_sum_of_its_prices(production_document):
    assert "**Total for production: $199.95/month**" in section(production_document, "Monthly costs")


def test_staging_adds_nothing_to_the_plans_it_shares_with_production(staging_declared, staging_document):
    assert all(line.shared_with == "production" for line in staging_declared.config.costs.services)
    assert "**Total for staging: $0.00/month**, on top of the plans it shares with production" in section(staging_document, "Monthly costs")


def test_a_line_without_a_price_is_named_in_the_total_not_counted_as_free():
    costs = CostsConfig.model_validate({"services": [{"service": "Vercel", "monthlyUsd": 20}, {"service": "Cloudflare"}]})
    assert (costs.monthly_total, [line.service for line in costs.unpriced]) == (Decimal(20), ["Cloudflare"])


def test_a_negative_price_is_refused():
    with pytest.raises(ValidationError, match="monthlyUsd"):
        CostsConfig.model_validate({"services": [{"service": "Vercel", "monthlyUsd": -1}]})


def test_an_unknown_cost_key_is_refused():
    with pytest.raises(ValidationError, match="price"):
        CostsConfig.model_validate({"services": [{"service": "Vercel", "price": 20}]})


def test_a_stack_without_cost_figures_says_so(production_declared):
    config = production_declared.config.model_copy(update={"costs": CostsConfig()})
    document = render_status(dataclasses.replace(production_declared, config=config), LiveState())
    assert "No cost figures in config (`myapp-infra:costs`)." in section(document, "Monthly costs")
