"""Environment variables: every name the plan declares, each marked secret or plain, no value."""

from __future__ import annotations

import dataclasses

from infra.plan import revealed
from infra.status import LiveState, Redactor, render_status
from tests.status.support import section, subsection
from tests.status.support import table_rows as rows

VARIABLE = "vercel:index/projectEnvironmentVariable:ProjectEnvironmentVariable"
VARIABLE_COLLECTION = "railway:index:VariableCollection"


def backend_rows(document: str) -> dict[str, list[str]]:
    """Backend variable name -> [kind, set from]."""
    return rows(subsection(section(document, "Environment variables"), "Backend API (Railway)"))


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


def test_the_api_url_variable_says_which_railway_domain_sets_it(production_document):
    listed = rows(subsection(section(production_document, "Environment variables"), "Frontend (Vercel)"))
    assert listed["NEXT_PUBLIC_API_URL"][2] == "output of `myapp-backend-domain`", listed


def test_every_backend_variable_is_listed(declared, document):
    collection = declared.plan.by_type(VARIABLE_COLLECTION)[0]
    names, listed = set(revealed(collection.inputs)["variables"]), set(backend_rows(document))
    assert listed == names, f"{declared.stack}: listed {sorted(listed)}, declared {sorted(names)}"


def test_every_sealed_backend_variable_is_marked_secret(declared, document):
    listed = backend_rows(document)
    for name in revealed(declared.plan.by_type(VARIABLE_COLLECTION)[0].inputs)["sealed"]:
        assert listed[name][0] == "secret", f"{declared.stack}: sealed {name} reads {listed[name]}"


def test_a_backend_variable_from_plain_config_is_marked_plain(document):
    assert backend_rows(document)["CORS_ORIGINS"] == ["plain", "—"]


def test_a_sealed_backend_variable_is_secret_even_when_no_config_secret_sets_it(production_declared):
    unknown_secrets = dataclasses.replace(production_declared, redactor=Redactor({}))
    listed = backend_rows(render_status(unknown_secrets, LiveState()))
    assert listed["DATABASE_URL"] == ["secret", "sealed on Railway"], listed


def test_backend_variables_are_not_managed_without_a_railway_service(vercel_only_document):
    backend = subsection(section(vercel_only_document, "Environment variables"), "Backend API (Railway)")
    assert "not managed by this stack" in backend, backend
