"""Environment variables: every name the plan declares, each marked secret or plain, no value."""

from __future__ import annotations

import pytest

from infra.plan import revealed
from infra.status import LiveState, render_status
from tests.status.support import RAILWAY, section, subsection, with_backend

VARIABLE = "vercel:index/projectEnvironmentVariable:ProjectEnvironmentVariable"


def rows(text: str) -> dict[str, list[str]]:
    table = [line for line in text.splitlines() if line.startswith("| `")]
    return {cells[0].strip(" `"): [c.strip() for c in cells[1:]] for cells in (line.strip("|").split("|") for line in table)}


def test_every_frontend_variable_is_listed(declared, document):
    names = {revealed(r.inputs)["key"] for r in declared.plan.by_type(VARIABLE)}
    listed = rows(subsection(section(document, "Environment variables"), "Frontend (Vercel)"))
    assert set(listed) == names, f"{declared.stack}: listed {sorted(listed)}, declared {sorted(names)}"


def test_a_variable_set_from_a_secret_is_marked_secret_with_its_config_key(declared, document):
    listed = rows(subsection(section(document, "Environment variables"), "Frontend (Vercel)"))
    assert listed["NEXT_PUBLIC_SUPABASE_ANON_KEY"][1:] == ["secret", "`myapp-infra:supabaseAnonKey`"], listed


def test_a_variable_set_from_plain_config_is_marked_plain(declared, document):
    listed = rows(subsection(section(document, "Environment variables"), "Frontend (Vercel)"))
    assert listed["NEXT_PUBLIC_API_URL"][1] == "plain", listed


def test_no_variable_value_is_shown(declared, document):
    variables = section(document, "Environment variables")
    for resource in declared.plan.by_type(VARIABLE):
        value = revealed(resource.inputs)["value"]
        assert value not in variables, f"{declared.stack}: the value of {resource.name} is in the document"


def test_backend_variables_are_listed_with_the_sealed_one_marked_secret(backend_document):
    listed = rows(subsection(section(backend_document, "Environment variables"), "Backend API (Railway)"))
    assert {name: cells[1] for name, cells in listed.items()} == {"CORS_ORIGINS": "plain", "DATABASE_URL": "secret", "NODE_ENV": "plain"}


def test_a_sealed_backend_variable_is_secret_even_when_no_config_secret_sets_it(production_declared):
    declared = with_backend(production_declared, database_url="postgresql://set-by-railway.invalid/postgres")
    listed = rows(subsection(section(render_status(declared, LiveState()), "Environment variables"), "Backend API (Railway)"))
    assert listed["DATABASE_URL"][1:] == ["secret", "sealed on Railway"], listed


def test_backend_variables_are_not_managed_until_a_railway_service_is_declared(declared, document):
    if declared.plan.resources and any(r.type.startswith(RAILWAY) for r in declared.plan.resources):
        pytest.skip(f"{declared.stack} declares a Railway backend")
    backend = subsection(section(document, "Environment variables"), "Backend API (Railway)")
    assert "not managed by this stack" in backend, backend
