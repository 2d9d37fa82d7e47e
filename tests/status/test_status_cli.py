"""`python -m infra.status`: what it refuses, and why, before any planning."""

from __future__ import annotations

from infra.status.cli import main


def test_live_data_for_several_stacks_at_once_is_refused(capsys, tmp_path):
    assert main(["all", "--outputs", str(tmp_path / "outputs.json")]) == 2
    assert "name exactly one" in capsys.readouterr().err


def test_writing_live_data_into_the_committed_documents_is_refused(capsys, tmp_path):
    assert main(["production", "--outputs", str(tmp_path / "outputs.json"), "--write"]) == 2
    assert "declared view only" in capsys.readouterr().err


def test_an_unreadable_outputs_file_names_the_file_and_the_command_that_makes_it(capsys, tmp_path):
    path = tmp_path / "outputs.json"
    path.write_text("not json")
    assert main(["production", "--outputs", str(path)]) == 2
    err = capsys.readouterr().err
    assert str(path) in err and "pulumi stack output --json --stack production" in err, err
