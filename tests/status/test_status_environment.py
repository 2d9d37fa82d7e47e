"""The Environment section: the stack's URLs and ids as declared, and as deployed when known."""

from __future__ import annotations

import dataclasses

from infra.status import NOT_DEPLOYED, LiveState, render_status
from tests.status.support import section


def output_row(document: str, name: str) -> list[str]:
    line = next(line for line in section(document, "Environment").splitlines() if line.startswith(f"| `{name}` |"))
    return [cell.strip() for cell in line.strip("|").split("|")]


def test_every_declared_output_is_listed_with_its_declared_value(declared, document):
    for name, value in declared.plan.outputs.items():
        assert output_row(document, name)[1] == value, f"{declared.stack}: output {name} should read {value}"


def test_production_declares_its_public_urls(production_document):
    assert output_row(production_document, "frontendUrl")[1] == "https://myapp.com"
    assert output_row(production_document, "apiUrl")[1] == "https://api.myapp.com"


def test_staging_declares_its_vercel_app_url(staging_document):
    assert output_row(staging_document, "frontendUrl")[1] == "https://myapp-staging.vercel.app"


def test_without_stack_outputs_every_deployed_value_reads_not_deployed_yet(declared, document):
    for name in declared.plan.outputs:
        assert output_row(document, name)[2] == NOT_DEPLOYED, f"{declared.stack}: {name} has a deployed value nobody supplied"


def test_without_history_the_last_deployment_reads_not_deployed_yet(document):
    assert f"- **Last deployment**: {NOT_DEPLOYED}" in section(document, "Environment")


def test_stack_outputs_fill_the_deployed_column(live_document, production_live):
    assert output_row(live_document, "frontendUrl")[2] == production_live.outputs["frontendUrl"]


def test_an_output_missing_from_the_stack_outputs_reads_not_deployed_yet(production_declared):
    document = render_status(production_declared, LiveState(outputs={"frontendUrl": "https://myapp.com"}))
    assert output_row(document, "apiUrl")[2] == NOT_DEPLOYED


def test_an_output_the_program_no_longer_declares_is_listed_without_its_value(live_document):
    row = output_row(live_document, "legacyCdnUrl")
    assert row[1:] == ["no longer declared", "deployed (value not shown)"], row


def test_a_secret_output_shown_with_show_secrets_is_still_masked(production_declared):
    plan = production_declared.plan
    secret_outputs = {**plan.outputs, "apiUrl": {"4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", "value": "x"}}
    declared = dataclasses.replace(production_declared, plan=dataclasses.replace(plan, outputs=secret_outputs))
    document = render_status(declared, LiveState(outputs={"apiUrl": "https://shown-with-show-secrets.example"}))
    assert output_row(document, "apiUrl")[2] == "[secret]"


def test_the_last_deployment_is_the_newest_update_not_a_refresh(live_document):
    last = next(line for line in section(live_document, "Environment").splitlines() if line.startswith("- **Last deployment**"))
    assert "2025-11-20 14:03 UTC" in last and "update 3" in last, last


def test_the_last_deployment_shows_its_result_duration_and_commit(live_document):
    last = next(line for line in section(live_document, "Environment").splitlines() if line.startswith("- **Last deployment**"))
    assert ("succeeded" in last, "3m 42s" in last, "4f1c2b7e9a0d" in last) == (True, True, True), last


def test_after_a_failed_update_the_last_successful_one_is_named_too(production_declared, production_live):
    failed_last = dataclasses.replace(production_live, history=tuple(u for u in production_live.history if (u.version or 0) <= 2))
    environment = section(render_status(production_declared, failed_last), "Environment")
    assert "failed" in environment and "- **Last successful deployment**: 2025-11-18 10:15 UTC" in environment, environment


def test_the_document_links_the_other_stacks(production_document):
    assert "[staging](staging.md)" in section(production_document, "Environment")
