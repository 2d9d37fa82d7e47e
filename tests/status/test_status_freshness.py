"""The committed documents (docs/status/<stack>.md) are what the config and program produce now."""

from __future__ import annotations

from infra.status import REGENERATE, committed_path


def test_the_committed_document_is_up_to_date(declared, document):
    path = committed_path(declared.stack)
    committed = path.read_text() if path.is_file() else None
    assert committed == document, f"docs/status/{declared.stack}.md is stale: run `{REGENERATE}` and commit the result"
