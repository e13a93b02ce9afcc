"""A new journal is made from schema.sql in one script, not by applying every migration
(journal/new_journal.py): the two must give the same journal."""

from __future__ import annotations

import sqlite3
import subprocess
import sys

from kindjournal.journal import new_journal
from kindjournal.journal.database import SCHEMA_VERSION, open_journal
from kindjournal.journal.migrations import migrations


def described(path) -> dict:
    """Everything a journal's schema is: its objects, the search index's own rows,
    the migrations recorded as applied, and the header's numbers."""
    conn = sqlite3.connect(path)
    try:
        found = {
            "objects": sorted(conn.execute(
                "SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_master")),
            "migrations": conn.execute(
                "SELECT migration_set, name FROM _sqlite_migrations ORDER BY id").fetchall(),
        }
        for pragma in ("user_version", "application_id", "journal_mode"):
            found[pragma] = conn.execute(f"PRAGMA {pragma}").fetchone()[0]
        for table in ("entries_fts_data", "entries_fts_idx", "entries_fts_docsize",
                      "entries_fts_config"):
            found[table] = conn.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()
        return found
    finally:
        conn.close()


def test_the_schema_file_is_what_the_migrations_make():
    assert new_journal.SCHEMA_FILE.read_text(encoding="utf-8") == \
        new_journal.migrated_schema_script(), (
            "src/kindjournal/journal/schema.sql is stale: after adding a migration, run "
            "'python -m kindjournal.journal.new_journal' and commit the file.")


def test_a_new_journal_is_the_journal_the_migrations_make(tmp_path):
    open_journal(tmp_path / "new.db").close()
    new_journal.migrated(tmp_path / "migrated.db")
    made = described(tmp_path / "new.db")
    assert made == described(tmp_path / "migrated.db")
    assert made["user_version"] == SCHEMA_VERSION
    assert len(made["migrations"]) == SCHEMA_VERSION


def test_a_new_journal_has_no_migration_left_to_apply(tmp_path):
    db = open_journal(tmp_path / "new.db")
    try:
        assert migrations.pending(db.utils) == []
        applied = db.execute("SELECT applied_at FROM _sqlite_migrations").fetchall()
        assert all(len(at) == len("2026-12-06 22:48:24.989301+00:00") for (at,) in applied)
    finally:
        db.close()


def test_making_a_journal_does_not_load_sqlite_utils(tmp_path):
    """The point of schema.sql: sqlite-utils alone cost ~60 ms of a first run."""
    code = ("import sys; from pathlib import Path; "
            "from kindjournal.journal.database import open_journal; "
            f"open_journal(Path({str(tmp_path / 'j.db')!r})).close(); "
            "print('sqlite_utils' in sys.modules)")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True).stdout.strip()
    assert loaded == "False"
