"""`rollback`: a service back to its previous deployment through the platform's API, then verify."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from graphql import parse, validate

from infra.operations.cli import main
from infra.operations.railway import LOOKUP
from infra.operations.rollback import changed_services

from .fakes import TOKEN, Timing, railway_handler, railway_schema, railway_state, serving, vercel_handler, vercel_state
from .site import Faults, connect_to_arguments


@pytest.fixture
def tokens(monkeypatch):
    monkeypatch.setenv("VERCEL_TOKEN", TOKEN)
    monkeypatch.setenv("RAILWAY_TOKEN", TOKEN)


def rollback(routes, ca, *arguments: str) -> int:
    return main(
        ["rollback", "production", *arguments, "--poll-interval", "0.05", "--ca-bundle", str(ca.bundle), *connect_to_arguments(routes)]
    )


def test_the_frontend_goes_back_to_the_previous_production_deployment_then_verifies(site, ca, production, tokens, capsys):
    state = vercel_state("myapp-frontend")
    with serving(vercel_handler(state, Timing(settle=0.2))) as api, site(production) as routes:
        code = rollback(routes, ca, "--service", "frontend", "--yes", "--vercel-api", api)
    out = capsys.readouterr().out
    assert code == 0
    assert state.rollbacks == [("dpl_0", "dpl_1")] and state.production == "dpl_1"
    assert "will roll back frontend: Vercel project myapp-frontend: production dpl_0 -> dpl_1" in out
    assert "within the target of 120 s" in out
    assert TOKEN not in out and set(state.authorizations) == {f"Bearer {TOKEN}"}


def test_to_names_the_deployment_to_go_back_to(site, ca, production, tokens):
    state = vercel_state("myapp-frontend", count=4)
    with serving(vercel_handler(state, Timing())) as api, site(production) as routes:
        assert rollback(routes, ca, "--service", "frontend", "--to", "dpl_3", "--yes", "--vercel-api", api) == 0
    assert state.production == "dpl_3"


def test_without_yes_and_without_a_terminal_nothing_is_rolled_back(site, ca, production, tokens, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    state = vercel_state("myapp-frontend")
    with serving(vercel_handler(state, Timing())) as api, site(production) as routes:
        assert rollback(routes, ca, "--service", "frontend", "--vercel-api", api) == 2
    assert state.rollbacks == [] and "pass --yes" in capsys.readouterr().err


def test_the_backend_rolls_back_through_railway_once_the_target_can_roll_back(site, ca, production, tokens, capsys):
    state = railway_state("myapp-backend", "production", "myapp-backend")
    with serving(railway_handler(state, Timing(settle=0.2))) as api, site(production) as routes:
        code = rollback(routes, ca, "--service", "backend", "--yes", "--railway-api", api)
    out = capsys.readouterr().out
    assert code == 0, out
    assert state.rollbacks == ["dep-1"]
    assert [d["status"] for d in state.deployments][:2] == ["SUCCESS", "REMOVED"]
    assert "Railway service myapp-backend/production/myapp-backend: dep-0 -> redeploy of dep-1" in out
    assert "within the target of 300 s" in out and TOKEN not in out


def test_a_backend_deployment_railway_cannot_roll_back_to_is_refused_before_any_request(site, ca, production, tokens, capsys):
    state = railway_state("myapp-backend", "production", "myapp-backend")
    with serving(railway_handler(state, Timing())) as api, site(production) as routes:
        assert rollback(routes, ca, "--service", "backend", "--to", "dep-0", "--yes", "--railway-api", api) == 2
    assert state.rollbacks == [] and "canRollback false" in capsys.readouterr().err


def test_a_rollback_that_leaves_the_stack_failing_verify_exits_one(site, ca, production, tokens, capsys):
    state = vercel_state("myapp-frontend")
    with serving(vercel_handler(state, Timing())) as api, site(production, Faults(backend_health={"status": "down"})) as routes:
        code = rollback(routes, ca, "--service", "frontend", "--yes", "--vercel-api", api)
    assert code == 1 and state.production == "dpl_1"


def test_a_missing_token_is_named_without_any_request(site, ca, production, monkeypatch, capsys):
    monkeypatch.delenv("VERCEL_TOKEN", raising=False)
    monkeypatch.delenv("VERCEL_API_TOKEN", raising=False)
    assert main(["rollback", "production", "--service", "frontend", "--yes"]) == 2
    assert "VERCEL_TOKEN" in capsys.readouterr().err


def test_the_services_to_roll_back_are_those_the_run_changed(tmp_path: Path):
    steps = [
        {
            "op": "update",
            "urn": "urn:pulumi:production::myapp-infra::vercel:index/project:Project::myapp-frontend",
            "oldState": {"type": "vercel:index/project:Project"},
            "newState": {"type": "vercel:index/project:Project"},
        },
        {
            "op": "same",
            "urn": "urn:pulumi:production::myapp-infra::railway:index:Service::myapp-backend",
            "newState": {"type": "railway:index:Service"},
        },
    ]
    preview = tmp_path / "preview.json"
    preview.write_text(json.dumps({"steps": steps}))
    assert changed_services(preview, "production") == ["frontend"]


def test_the_railway_lookup_query_is_valid_against_railways_schema():
    assert validate(railway_schema(), parse(LOOKUP.text)) == []
