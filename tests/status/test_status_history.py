"""Pulumi's update history (`pulumi stack history --json`): read as documented, shown newest first."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from infra.status import NOT_DEPLOYED, LiveDataError, LiveState, load_live, render_status
from tests.status.support import section

DATA = Path(__file__).parent / "data"


def test_updates_are_ordered_newest_first(production_live):
    versions = [u.version for u in production_live.history]
    assert versions == sorted(versions, reverse=True), versions


def test_refreshes_are_history_but_not_deployments(production_live):
    assert [u.version for u in production_live.deployments] == [3, 2, 1]


def test_the_commit_comes_from_the_update_environment(production_live):
    assert production_live.last_deployment.commit == "4f1c2b7e9a0d3c5b8e6f1a2d4c7b9e0f3a5d8c1b"


def test_each_update_is_a_row_of_the_deployment_history(live_document, production_live):
    history = section(live_document, "Deployment history")
    rows = [line for line in history.splitlines() if line.startswith("| ") and not line.startswith("| Version")]
    assert len(rows) == len(production_live.history), history


def test_a_failed_update_is_marked_failed(live_document):
    row = next(line for line in section(live_document, "Deployment history").splitlines() if line.startswith("| 2 |"))
    assert "❌ failed" in row, row


def test_without_history_the_history_reads_not_deployed_yet(production_document):
    assert NOT_DEPLOYED.capitalize() in section(production_document, "Deployment history")


def test_an_empty_history_reads_not_deployed_yet(production_declared):
    live = load_live("production", DATA / "empty.outputs.json", DATA / "empty.history.json")
    document = render_status(production_declared, live)
    assert f"- **Last deployment**: {NOT_DEPLOYED}" in section(document, "Environment")


def test_a_history_that_is_not_a_list_is_refused_with_the_command_that_makes_one(tmp_path):
    path = tmp_path / "history.json"
    path.write_text(json.dumps({"kind": "update"}))
    with pytest.raises(LiveDataError, match=r"pulumi stack history --json --stack production"):
        load_live("production", history=path)


def test_a_history_entry_without_a_start_time_is_refused_naming_the_entry(tmp_path):
    path = tmp_path / "history.json"
    path.write_text(json.dumps([{"kind": "update", "result": "succeeded"}]))
    with pytest.raises(LiveDataError, match=r"entry 0"):
        load_live("production", history=path)


def test_a_missing_outputs_file_is_refused_naming_the_file(tmp_path):
    with pytest.raises(LiveDataError, match=r"nowhere\.json: does not exist"):
        load_live("production", outputs=tmp_path / "nowhere.json")


def test_live_data_is_absent_unless_supplied():
    assert (LiveState().outputs, LiveState().history) == (None, None)
