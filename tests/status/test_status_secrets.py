"""No secret value reaches the document, whichever way it travels."""

from __future__ import annotations

from tests.status.conftest import PLANTED


def test_no_planted_secret_value_appears_anywhere_in_the_document(planted_document):
    leaks = [line for line in planted_document.splitlines() if PLANTED in line]
    assert not leaks, "secret values in the document:\n" + "\n".join(leaks)


def test_the_planted_secrets_are_still_marked_secret(planted_document):
    assert "| `NEXT_PUBLIC_SUPABASE_ANON_KEY` | production | secret | `myapp-infra:supabaseAnonKey` |" in planted_document


def test_a_secret_that_lost_its_mark_inside_a_plain_setting_is_masked(planted_document):
    assert "startCommand: '[secret]'" in planted_document


def test_the_offline_placeholders_never_reach_the_document(document):
    assert "OFFLINE-PLACEHOLDER" not in document
