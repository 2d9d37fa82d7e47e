"""The Vercel frontend each stack declares: project, domains, public variables, headers."""

from __future__ import annotations

import pytest

from infra.plan import StackPlan, revealed

PROJECT = "vercel:index/project:Project"
DOMAIN = "vercel:index/projectDomain:ProjectDomain"
VARIABLE = "vercel:index/projectEnvironmentVariable:ProjectEnvironmentVariable"
ROUTE = "vercel:index/projectRoute:ProjectRoute"
PUBLIC_VARIABLES = {
    "NEXT_PUBLIC_SUPABASE_URL",
    "NEXT_PUBLIC_SUPABASE_ANON_KEY",
    "NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY",
    "NEXT_PUBLIC_API_URL",
}


def only(plan: StackPlan, type_token: str) -> dict:
    resources = plan.by_type(type_token)
    assert len(resources) == 1, f"{plan.stack} declares {len(resources)} {type_token}, expected exactly one"
    return revealed(resources[0].inputs)


def variables(plan: StackPlan) -> dict[str, dict]:
    return {inputs["key"]: inputs for inputs in (revealed(r.inputs) for r in plan.by_type(VARIABLE))}


@pytest.mark.parametrize("stack, project_name", [("production", "myapp-frontend"), ("staging", "myapp-staging")])
def test_each_stack_has_its_own_vercel_project(stack, project_name, production_plan, staging_plan):
    plan = {"production": production_plan, "staging": staging_plan}[stack]
    assert only(plan, PROJECT)["name"] == project_name


def test_the_project_builds_nextjs_with_the_status_document_commands(stack_plan):
    project = only(stack_plan, PROJECT)
    assert (project["framework"], project["installCommand"], project["buildCommand"], project["outputDirectory"]) == (
        "nextjs",
        "npm ci",
        "npm run build",
        ".next",
    ), f"{stack_plan.stack}: project build settings differ from the status document"


def test_functions_run_in_the_status_document_regions(stack_plan):
    regions = only(stack_plan, PROJECT)["resourceConfig"]["functionDefaultRegions"]
    assert regions == ["iad1", "sfo1", "fra1"], f"{stack_plan.stack}: function regions are {regions}"


def test_production_serves_the_apex_domain(production_plan):
    domains = {d["domain"]: d for d in (revealed(r.inputs) for r in production_plan.by_type(DOMAIN))}
    assert "myapp.com" in domains and "redirect" not in domains["myapp.com"], "myapp.com must serve the app, not redirect"


def test_production_redirects_www_permanently_to_the_apex(production_plan):
    domains = {d["domain"]: d for d in (revealed(r.inputs) for r in production_plan.by_type(DOMAIN))}
    www = domains.get("www.myapp.com")
    assert www is not None, "www.myapp.com is not declared"
    assert (www["redirect"], www["redirectStatusCode"]) == ("myapp.com", 301), f"www redirect is {www}"


def test_staging_uses_its_vercel_app_domain_and_declares_no_custom_domain(staging_plan):
    assert staging_plan.by_type(DOMAIN) == [], "staging must not claim a custom domain"
    assert staging_plan.outputs["frontendUrl"] == "https://myapp-staging.vercel.app"


def test_each_stack_declares_exactly_the_four_public_variables(stack_plan):
    assert set(variables(stack_plan)) == PUBLIC_VARIABLES


def test_public_variables_target_production_only_in_production(production_plan):
    for key, inputs in variables(production_plan).items():
        assert inputs["targets"] == ["production"], f"production {key} targets {inputs['targets']}"


def test_public_variables_reach_staging_production_and_previews(staging_plan):
    for key, inputs in variables(staging_plan).items():
        assert inputs["targets"] == ["production", "preview"], f"staging {key} targets {inputs['targets']}"


@pytest.mark.parametrize("stack, api_url", [("production", "https://api.myapp.com"), ("staging", None)])
def test_the_api_url_variable_is_the_backends_public_url(stack, api_url, production_plan, staging_plan):
    plan = {"production": production_plan, "staging": staging_plan}[stack]
    expected = api_url or plan.outputs["apiUrl"]
    assert variables(plan)["NEXT_PUBLIC_API_URL"]["value"] == expected
    assert plan.outputs["apiUrl"] == expected, "the exported API URL and the frontend's variable must be one value"


def test_keys_shipped_to_browsers_arrive_as_pulumi_secrets(stack_plan):
    for resource in stack_plan.by_type(VARIABLE):
        value = resource.inputs["value"]
        assert isinstance(value, dict) and "value" in value, f"{resource.urn}: value is not wrapped as a secret"


def test_security_headers_apply_to_every_path(stack_plan):
    route = only(stack_plan, ROUTE)["route"]
    assert route["src"] == "/(.*)", f"{stack_plan.stack}: header route matches {route['src']}, not every path"


def test_security_headers_route_carries_the_configured_headers(stack_plan):
    headers = only(stack_plan, ROUTE)["route"]["headers"]
    assert {
        "Strict-Transport-Security",
        "Content-Security-Policy",
        "X-Frame-Options",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Permissions-Policy",
        "X-XSS-Protection",
    } <= set(headers), f"{stack_plan.stack}: headers are {sorted(headers)}"


def test_production_protects_the_project_and_its_domains(production_plan):
    for resource in production_plan.by_type(PROJECT) + production_plan.by_type(DOMAIN):
        assert resource.options["protect"], f"{resource.urn} is not protected in production"


def test_staging_protects_nothing(staging_plan):
    assert not [r.urn for r in staging_plan.resources if r.options.get("protect")]
