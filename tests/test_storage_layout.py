"""The leaner journal layout of issue 17 (storage): journals written before it upgrade
with every entry, search result and trend intact, and new journals have the layout.

journal-v9.db was written by kj at schema 9 (before these migrations) with
'kj reflect --from' of 20 invented entries and one entry trashed;
journal-v9.expected-reads.json holds what 'kj search --json' and 'kj trends --json'
printed from it then.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
DROPPED_INDEXES = {"tags_by_tag", "answers_by_theme", "checkins_by_signal"}


@pytest.fixture
def upgraded(kj, tmp_path) -> Path:
    journal = tmp_path / "journal-v9.db"
    shutil.copyfile(FIXTURES / "journal-v9.db", journal)
    journal.chmod(0o600)
    kj("--db", str(journal), "list", "-n", "1")  # the upgrade
    return journal


def _schema_names(journal: Path, kind: str) -> set[str]:
    conn = sqlite3.connect(journal)
    try:
        return {row[0] for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = ?", [kind])}
    finally:
        conn.close()


def test_search_and_trends_read_the_same_after_the_upgrade(kj, upgraded):
    expected = json.loads((FIXTURES / "journal-v9.expected-reads.json").read_text())
    for word, results in expected["search"].items():
        assert kj.json("--db", str(upgraded), "search", word) == results, word
    assert kj.json("--db", str(upgraded), "trends", "--since", "2016-01-01", "--until",
                   "2026-11-01", "--by", "month") == expected["trends"]["month"]
    assert kj.json("--db", str(upgraded), "trends", "--since", "2025-06-01", "--until",
                   "2026-11-01", "--by", "week") == expected["trends"]["week"]


def test_the_unused_indexes_are_gone_after_the_upgrade_and_in_a_new_journal(
        kj, upgraded, journal_file):
    assert not DROPPED_INDEXES & _schema_names(upgraded, "index")
    kj("note", "A quiet shift.")
    assert not DROPPED_INDEXES & _schema_names(journal_file, "index")
