"""What each stack declares in Vercel is what provider 5.21.1 accepts: names, required inputs,
types and nested object types, from the schema rebuilt from the pinned SDK in ../shared."""

from __future__ import annotations

from dataclasses import replace

import pytest

from infra.plan import PlannedResource
from tests.schema_conformance import PulumiSchema, all_problems

VERCEL_TYPES = (
    "vercel:index/project:Project",
    "vercel:index/projectDomain:ProjectDomain",
    "vercel:index/projectEnvironmentVariable:ProjectEnvironmentVariable",
    "vercel:index/projectRoute:ProjectRoute",
)


@pytest.fixture(scope="module")
def vercel_schema(shared_dir) -> PulumiSchema:
    return PulumiSchema.load(shared_dir / "schemas" / "vercel-5.21.1.sdk-derived.schema.json.gz")


def vercel_resources(plan) -> list[PlannedResource]:
    return [r for r in plan.resources if r.type.startswith("vercel:")]


def test_every_vercel_resource_type_is_one_the_provider_defines(stack_plan, vercel_schema):
    unknown = {r.type for r in vercel_resources(stack_plan)} - set(VERCEL_TYPES)
    assert not unknown, f"{stack_plan.stack} declares Vercel types this test does not know: {unknown}"


def test_every_vercel_resource_conforms_to_the_provider_schema(stack_plan, vercel_schema):
    problems = [(r.urn, vercel_schema.problems(r)) for r in vercel_resources(stack_plan)]
    assert not any(p for _, p in problems), all_problems(problems)


def test_the_checker_catches_a_misspelt_input(production_plan, vercel_schema):
    project = production_plan.by_type(VERCEL_TYPES[0])[0]
    typo = replace(project, inputs={**project.inputs, "buildComand": "npm run build"})
    assert "'buildComand' is not an input of vercel:index/project:Project" in vercel_schema.problems(typo)


def test_the_checker_catches_a_wrong_shape(production_plan, vercel_schema):
    route = production_plan.by_type(VERCEL_TYPES[3])[0]
    wrong = replace(route, inputs={**route.inputs, "route": {**route.inputs["route"], "headers": ["X-Frame-Options: DENY"]}})
    assert vercel_schema.problems(wrong), "a list where the schema wants a map of headers went unnoticed"


def test_the_checker_catches_a_missing_required_input(production_plan, vercel_schema):
    variable = production_plan.by_type(VERCEL_TYPES[2])[0]
    missing = replace(variable, inputs={k: v for k, v in variable.inputs.items() if k != "sensitive"})
    assert "required input 'sensitive' is missing" in vercel_schema.problems(missing)
