"""Bad config fails before any resource is declared, with one message listing every problem."""

from __future__ import annotations

import json

import pytest

from infra.config import ConfigError, load_from_pulumi, load_stack_config
from infra.plan.stack_files import StackFile, read_stack_file
from infra.stack import build_stack
from tests.planning import plan_edited

NS = "myapp-infra"


@pytest.fixture(scope="module")
def staging_file() -> StackFile:
    return read_stack_file("staging")


def load(stack_file: StackFile, changes: dict, removed: tuple[str, ...] = (), plaintext: tuple[str, ...] = ()):
    raw = {k: v for k, v in stack_file.config.items() if k not in removed}
    raw.update({k: v if isinstance(v, str) else json.dumps(v) for k, v in changes.items()})
    secret_keys = set(stack_file.secret_keys) - set(removed) - set(plaintext)
    return load_stack_config(stack_file.stack, raw, secret_keys)


def problems_of(stack_file: StackFile, changes: dict | None = None, **kwargs) -> str:
    with pytest.raises(ConfigError) as caught:
        load(stack_file, changes or {}, **kwargs)
    return str(caught.value)


def section(stack_file: StackFile, name: str, **fields) -> dict:
    return {f"{NS}:{name}": {**json.loads(stack_file.config[f"{NS}:{name}"]), **fields}}


def test_the_real_stack_files_load(staging_file):
    assert load(staging_file, {}).frontend.project_name == "myapp-staging"


def test_a_missing_secret_names_the_exact_command_that_sets_it(staging_file):
    message = problems_of(staging_file, removed=(f"{NS}:jwtSecret",))
    assert f"{NS}:jwtSecret: missing secret" in message
    assert f"pulumi config set --secret --stack staging {NS}:jwtSecret" in message


def test_the_fix_for_a_missing_jwt_secret_generates_one_in_the_users_shell(staging_file):
    message = problems_of(staging_file, removed=(f"{NS}:jwtSecret",))
    assert f'{NS}:jwtSecret "$(openssl rand -base64 48)"' in message, "single quotes would store the command text itself"


def test_a_provider_token_may_come_from_its_environment_variable_instead(staging_file):
    raw = {k: v for k, v in staging_file.config.items() if k != "vercel:apiToken"}
    config = load_stack_config("staging", raw, set(staging_file.secret_keys), environ={"VERCEL_API_TOKEN": "from-ci"})
    assert config.stack == "staging"


def test_a_missing_provider_token_names_both_ways_to_provide_it(staging_file):
    raw = {k: v for k, v in staging_file.config.items() if k != "vercel:apiToken"}
    with pytest.raises(ConfigError) as caught:
        load_stack_config("staging", raw, set(staging_file.secret_keys), environ={})
    assert "pulumi config set --secret --stack staging vercel:apiToken" in str(caught.value)
    assert "or export VERCEL_API_TOKEN" in str(caught.value)


def test_a_stack_without_an_edge_never_asks_for_the_cloudflare_token_even_when_other_keys_are_wrong(staging_file):
    raw = {k: v for k, v in staging_file.config.items() if k != "cloudflare:apiToken"}
    raw[f"{NS}:frontnd"] = "{}"
    with pytest.raises(ConfigError) as caught:
        load_stack_config("staging", raw, set(staging_file.secret_keys) - {"cloudflare:apiToken"}, environ={})
    assert "cloudflare:apiToken" not in str(caught.value)


def test_a_secret_stored_in_plaintext_is_refused(staging_file):
    message = problems_of(staging_file, plaintext=(f"{NS}:stripeSecretKey",))
    assert f"{NS}:stripeSecretKey: is stored in plaintext" in message
    assert "pulumi config set --secret" in message


def test_an_unknown_top_level_key_is_named(staging_file):
    message = problems_of(staging_file, {f"{NS}:frontnd": {"projectName": "x"}})
    assert f"{NS}:frontnd: is not a known key" in message and "pulumi config rm" in message


def test_an_unknown_nested_key_is_named_with_its_path(staging_file):
    message = problems_of(staging_file, section(staging_file, "frontend", buildComand="npm run build"))
    assert f"{NS}:frontend.buildComand: is not a known key" in message


def test_a_malformed_domain_is_refused_with_the_rule(staging_file):
    message = problems_of(staging_file, section(staging_file, "backend", domain="api..myapp.com"))
    assert f"{NS}:backend.domain: 'api..myapp.com' is not a valid domain name" in message
    assert "pulumi config set --stack staging --path 'backend.domain'" in message


def test_an_http_url_where_https_is_required_is_refused(staging_file):
    message = problems_of(staging_file, section(staging_file, "supabase", url="http://xxxxx.supabase.co"))
    assert f"{NS}:supabase.url: 'http://xxxxx.supabase.co' must be an https:// URL" in message


def test_an_empty_region_list_is_refused(staging_file):
    message = problems_of(staging_file, section(staging_file, "frontend", functionRegions=[]))
    assert f"{NS}:frontend.functionRegions: must list at least 1 item(s)" in message


def test_an_unknown_region_is_refused_with_the_valid_ones(staging_file):
    message = problems_of(staging_file, section(staging_file, "frontend", functionRegions=["iad1", "mars1"]))
    assert f"{NS}:frontend.functionRegions[1]:" in message and "'fra1'" in message


def test_every_problem_is_reported_in_one_message(staging_file):
    changes = {**section(staging_file, "supabase", url="http://x.supabase.co"), f"{NS}:frontnd": {}}
    error_text = problems_of(staging_file, changes, removed=(f"{NS}:jwtSecret", "vercel:apiToken"))
    assert error_text.startswith("stack 'staging' config has 4 problems:")
    for key in (f"{NS}:supabase.url", f"{NS}:frontnd", f"{NS}:jwtSecret", "vercel:apiToken"):
        assert f"  - {key}:" in error_text, f"{key} is missing from the report"


def test_bad_config_declares_no_resource(staging_file):
    declared = []

    def program():
        config = load_from_pulumi()
        declared.append("resources")
        build_stack(config)

    with pytest.raises(ConfigError):
        plan_edited(staging_file, {f"{NS}:frontnd": {}}, program)
    assert declared == []


def test_an_adoption_entry_naming_no_resource_is_refused(staging_file):
    with pytest.raises(ConfigError, match=r"myapp-infra:adopt\.myapp-frontend-projct: names no resource this stack declares"):
        plan_edited(staging_file, {f"{NS}:adopt": {"myapp-frontend-projct": "prj_123"}})


def test_an_adoption_entry_naming_a_railway_resource_imports_it(staging_file):
    recorded = plan_edited(staging_file, {f"{NS}:adopt": {"myapp-backend-service": "svc_123"}})
    service = next(r for r in recorded.resources if r.name == "myapp-backend-service")
    assert service.options.get("import") == "svc_123", f"{service.urn} is not imported: {service.options}"
