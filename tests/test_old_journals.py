"""Every released journal version, kept in tests/fixtures, opens with today's kj intact.

To add a fixture when a release changes the schema: build a small journal with that
release (journal-vN.db) and save its 'kj list --json' beside it (journal-vN.expected.json).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from kindjournal.journal.database import SCHEMA_VERSION

FIXTURES = Path(__file__).parent / "fixtures"
RELEASED = sorted(FIXTURES.glob("journal-v*.db"))
STABLE_FIELDS = ("id", "uuid", "date", "shift", "pack", "status", "share", "supervision",
                 "created_at", "tags", "checkin", "answers", "actions")


def test_there_is_a_fixture_for_the_first_release():
    assert FIXTURES / "journal-v1.db" in RELEASED


@pytest.mark.parametrize("fixture", RELEASED, ids=lambda path: path.stem)
def test_an_old_journal_upgrades_with_every_entry_intact(kj, tmp_path, fixture):
    journal = tmp_path / fixture.name
    shutil.copyfile(fixture, journal)
    journal.chmod(0o600)
    old_version = int(fixture.stem.split("-v")[1])
    expected = json.loads(fixture.with_suffix(".expected.json").read_text())

    result = kj("--db", str(journal), "list", "--json", "-n", "1000")
    entries = json.loads(result.stdout)
    assert [{k: e[k] for k in STABLE_FIELDS} for e in entries] == [
        {k: e[k] for k in STABLE_FIELDS} for e in expected]
    # and each entry's ratings in the order they were asked (the rowid's order until
    # migration 0014, position's since)
    assert [list(e["checkin"]) for e in entries] == [list(e["checkin"]) for e in expected]

    backups = sorted(tmp_path.glob(f"{fixture.name}.v{old_version}-*.bak"))
    if old_version < SCHEMA_VERSION:
        assert "a copy of the old one is at" in result.stderr
        assert len(backups) == 1
        assert (backups[0].stat().st_mode & 0o777) == 0o600
    else:
        assert backups == []
    assert kj.json("--db", str(journal), "where")["schema_version"] == SCHEMA_VERSION
