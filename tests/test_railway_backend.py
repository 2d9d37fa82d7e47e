"""The Railway backend of each stack, read from the offline plans (each stack planned once per session)."""

from __future__ import annotations

import json

import pytest

from infra.config import ConfigError, load_stack_config
from infra.plan import StackPlan
from infra.plan.model import is_secret, revealed
from infra.plan.stack_files import read_stack_file
from tests.planning import plan_edited

NS = "myapp-infra"
RAILWAY = "railway:index:"
COMPONENT = "myapp:railway:Backend"
VERCEL_VARIABLE = "vercel:index/projectEnvironmentVariable:ProjectEnvironmentVariable"
DNS_RECORD = "cloudflare:index/dnsRecord:DnsRecord"
# The variables the issue lists for the API, by name.
REQUIRED_VARIABLES = {
    "NODE_ENV",
    "PORT",
    "API_VERSION",
    "DATABASE_URL",
    "DATABASE_POOL_SIZE",
    "DATABASE_TIMEOUT",
    "JWT_EXPIRY",
    "REFRESH_TOKEN_EXPIRY",
    "SUPABASE_URL",
    "SUPABASE_SERVICE_KEY",
    "STRIPE_SECRET_KEY",
    "STRIPE_WEBHOOK_SECRET",
    "JWT_SECRET",
    "SENDGRID_API_KEY",
    "CLOUDINARY_URL",
    "SENTRY_DSN",
    "POSTHOG_PROJECT_API_KEY",
    "CDN_URL",
    "CORS_ORIGINS",
    "CORS_METHODS",
    "CORS_CREDENTIALS",
}
# Values the status document fixes for every stack ("Production Environment Variables", "CORS configuration").
DOCUMENTED_VALUES = {
    "PORT": "8080",
    "API_VERSION": "v1",
    "DATABASE_POOL_SIZE": "20",
    "DATABASE_TIMEOUT": "30s",
    "JWT_EXPIRY": "24h",
    "REFRESH_TOKEN_EXPIRY": "30d",
    "CORS_METHODS": "GET,POST,PUT,PATCH,DELETE",
    "CORS_CREDENTIALS": "true",
}


def railway(plan: StackPlan, kind: str):
    found = plan.by_type(RAILWAY + kind)
    assert len(found) == 1, f"{plan.stack} declares {len(found)} Railway {kind}, expected one"
    return found[0]


def settings(plan: StackPlan) -> dict:
    return revealed(railway(plan, "ServiceInstance").inputs)


def variables(plan: StackPlan) -> dict:
    return railway(plan, "VariableCollection").inputs["variables"]


def backend_config(stack: str):
    stack_file = read_stack_file(stack)
    return load_stack_config(stack, stack_file.config, set(stack_file.secret_keys)).backend


def test_every_railway_object_belongs_to_the_backend_component(stack_plan):
    component = next(r.urn for r in stack_plan.resources if r.type == COMPONENT)
    strays = [r.urn for r in stack_plan.resources if r.type.startswith(RAILWAY) and r.parent != component]
    assert not strays, f"Railway objects outside {component}: {strays}"


def test_the_service_deploys_the_branch_the_stack_names(stack_plan):
    service = railway(stack_plan, "Service")
    source = backend_config(stack_plan.stack).source
    declared = (service.inputs.get("sourceRepo"), service.inputs.get("sourceRepoBranch"))
    assert declared == (source.repo, source.branch), f"{service.urn} deploys {declared}"


def test_the_health_check_is_get_health(stack_plan):
    assert settings(stack_plan).get("healthcheckPath") == "/health", f"{railway(stack_plan, 'ServiceInstance').urn}"


def test_the_health_check_timeout_is_railways_default_unless_the_stack_sets_one(stack_plan):
    timeout = settings(stack_plan).get("healthcheckTimeout")
    assert timeout == backend_config(stack_plan.stack).healthcheck_timeout, (
        f"{railway(stack_plan, 'ServiceInstance').urn} waits {timeout} s"
    )


def test_a_health_check_timeout_the_stack_sets_reaches_the_service_settings():
    plan = plan_with_backend("staging", healthcheckTimeout=120)
    assert settings(plan).get("healthcheckTimeout") == 120, f"{railway(plan, 'ServiceInstance').urn} ignores backend.healthcheckTimeout"


def test_the_stack_deploys_into_its_projects_default_environment_named_after_the_stack(stack_plan):
    project, instance = railway(stack_plan, "Project"), railway(stack_plan, "ServiceInstance")
    environment = backend_config(stack_plan.stack).environment
    assert project.inputs.get("defaultEnvironmentName") == environment, f"{project.urn} names its environment otherwise"
    assert tuple(instance.property_dependencies.get("environmentId", ())) == (project.urn,), (
        f"{instance.urn} is not in the project's environment"
    )


def test_the_service_gets_one_vcpu_and_one_gb_of_memory(stack_plan):
    limits = (settings(stack_plan).get("vCPUs"), settings(stack_plan).get("memoryGB"))
    assert limits == (1.0, 1.0), f"{railway(stack_plan, 'ServiceInstance').urn} limits are {limits}"


def test_the_replica_count_is_the_one_the_stack_sets(stack_plan):
    replicas = settings(stack_plan).get("numReplicas")
    assert replicas == backend_config(stack_plan.stack).replicas, f"{railway(stack_plan, 'ServiceInstance').urn} runs {replicas} replicas"


def test_the_service_runs_in_the_region_the_stack_sets(stack_plan):
    region = settings(stack_plan).get("region")
    assert region == backend_config(stack_plan.stack).region, f"{railway(stack_plan, 'ServiceInstance').urn} runs in {region}"


def test_node_18_is_what_the_builder_installs(stack_plan):
    built = (settings(stack_plan).get("builder"), revealed(variables(stack_plan)).get("RAILPACK_NODE_VERSION"))
    assert built == ("RAILPACK", "18"), f"{railway(stack_plan, 'VariableCollection').urn} builds with {built}"


def test_every_variable_the_api_needs_is_set(stack_plan):
    missing = REQUIRED_VARIABLES - set(variables(stack_plan))
    assert not missing, f"{railway(stack_plan, 'VariableCollection').urn} lacks {sorted(missing)}"


def test_fixed_variables_carry_the_status_documents_values(stack_plan):
    values = revealed(variables(stack_plan))
    wrong = {name: values.get(name) for name, value in DOCUMENTED_VALUES.items() if values.get(name) != value}
    assert not wrong, f"{railway(stack_plan, 'VariableCollection').urn} differs from the status document: {wrong}"


def test_the_sealed_names_are_exactly_the_variables_holding_secrets(stack_plan):
    collection = railway(stack_plan, "VariableCollection")
    secret_valued = {name for name, value in collection.inputs["variables"].items() if is_secret(value)}
    assert set(collection.inputs["sealed"]) == secret_valued, f"{collection.urn}: sealed {collection.inputs['sealed']}"


def test_cors_origins_are_the_frontends_own_origin(stack_plan):
    origins = revealed(variables(stack_plan))["CORS_ORIGINS"]
    assert origins == stack_plan.outputs["frontendUrl"], f"{railway(stack_plan, 'VariableCollection').urn} allows {origins}"


def test_the_frontend_calls_the_api_once_the_domain_serving_it_exists(stack_plan):
    public = (stack_plan.by_type(RAILWAY + "CustomDomain") or stack_plan.by_type(RAILWAY + "ServiceDomain"))[0]
    variable = next(r for r in stack_plan.by_type(VERCEL_VARIABLE) if r.inputs["key"] == "NEXT_PUBLIC_API_URL")
    assert public.urn in variable.dependencies, f"{variable.urn} does not wait for {public.urn}"


def test_production_declares_the_custom_domain_on_the_api_port(production_plan):
    domain = railway(production_plan, "CustomDomain")
    assert (domain.inputs["domain"], domain.inputs["targetPort"]) == ("api.myapp.com", 8080), f"{domain.urn}: {domain.inputs}"


def test_the_api_dns_record_takes_its_target_from_the_custom_domain(production_plan):
    domain = railway(production_plan, "CustomDomain")
    record = next(r for r in production_plan.by_type(DNS_RECORD) if r.inputs["name"] == "api.myapp.com")
    assert domain.urn in record.property_dependencies.get("content", ()), f"{record.urn} content does not come from {domain.urn}"


def test_staging_has_no_custom_domain(staging_plan):
    assert not staging_plan.by_type(RAILWAY + "CustomDomain"), "staging declares a Railway custom domain"


def test_staging_asks_railway_for_the_subdomain_its_domain_names(staging_plan):
    subdomain = railway(staging_plan, "ServiceDomain").inputs.get("subdomain")
    assert f"{subdomain}.up.railway.app" == backend_config("staging").domain, f"staging asks for {subdomain}"


@pytest.mark.parametrize("kind", ["Project", "Service", "VariableCollection", "ServiceDomain", "CustomDomain"])
def test_production_protects_each_railway_object_holding_traffic_or_data(production_plan, kind):
    resource = railway(production_plan, kind)
    assert resource.options.get("protect"), f"{resource.urn} is not protected"


def test_no_railway_object_carries_an_api_token(stack_plan):
    carrying = [r.urn for r in stack_plan.resources if r.type.startswith(RAILWAY) and "apiToken" in r.inputs]
    assert not carrying, f"Railway objects with an apiToken input (the token comes from RAILWAY_TOKEN): {carrying}"


# Config errors: each names its key and the fix.


def with_backend(stack: str, **backend) -> dict[str, str]:
    """The stack's config with some backend keys set (or removed, given None)."""
    stack_file = read_stack_file(stack)
    section = {**json.loads(stack_file.config[f"{NS}:backend"]), **backend}
    return {**stack_file.config, f"{NS}:backend": json.dumps({k: v for k, v in section.items() if v is not None})}


def plan_with_backend(stack: str, **backend) -> StackPlan:
    def edit(config: dict) -> None:
        config[f"{NS}:backend"] = {k: v for k, v in {**config[f"{NS}:backend"], **backend}.items() if v is not None}

    return plan_edited(stack, edit)


def problems_with(stack: str, **backend) -> str:
    stack_file = read_stack_file(stack)
    with pytest.raises(ConfigError) as caught:
        load_stack_config(stack, with_backend(stack, **backend), set(stack_file.secret_keys))
    return str(caught.value)


def test_a_backend_without_a_region_is_refused_with_its_key():
    assert f"{NS}:backend.region: is required but not set" in problems_with("staging", region=None)


def test_a_region_railway_does_not_have_is_refused():
    assert f"{NS}:backend.region: must be one of" in problems_with("staging", region="mars-1")


def test_a_project_without_a_name_is_refused_with_the_key_to_set():
    assert f"{NS}:backend.project.name: is required but not set" in problems_with("staging", project={})


def test_a_replica_count_of_zero_is_refused():
    assert f"{NS}:backend.replicas:" in problems_with("production", replicas=0)


def test_a_health_check_timeout_under_one_second_is_refused_with_its_key():
    assert f"{NS}:backend.healthcheckTimeout: should be greater than or equal to 1" in problems_with("staging", healthcheckTimeout=0)


def test_the_stack_declares_the_railway_provider_packages_resources_and_no_dynamic_ones(stack_plan):
    tokens = {r.type for r in stack_plan.resources}
    assert {RAILWAY + kind for kind in ("Project", "Service", "ServiceInstance", "VariableCollection", "ServiceDomain")} <= tokens
    assert not [t for t in tokens if t.startswith("pulumi-python:dynamic")], f"{stack_plan.stack} still declares dynamic resources"
