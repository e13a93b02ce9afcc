"""A new journal's schema in one script: schema.sql, which holds exactly what the
migrations build from nothing (tests/test_new_journal.py checks that they agree).

Making a journal by applying every migration through sqlite-utils took 157 ms in a
fresh process (importing sqlite-utils, ~250 statements): on every first run, every
journal a test makes, before every big import into a new journal. The one script
takes 18 ms. Existing journals still move forward through the migrations.

After adding a migration, write the file afresh (a test says so when it is stale):

    python -m kindjournal.journal.new_journal
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kindjournal.journal.database import Journal

SCHEMA_FILE = Path(__file__).with_name("schema.sql")

_HEADER = ("-- A new journal, as the migrations make it from nothing. Written by\n"
           "-- 'python -m kindjournal.journal.new_journal'; not edited by hand.\n")

# The tables SQLite makes for a search index itself (FTS5's shadow tables).
_SHADOWS = ("data", "idx", "content", "docsize", "config")

# Tables first (a trigger or index needs its table), then indexes, views, triggers;
# each kind in the order the migrations made them.
_KIND_ORDER = {"table": 0, "index": 1, "view": 2, "trigger": 3}


def create_schema(db: Journal, version: int) -> None:
    """Give an empty database the whole current schema in one transaction, recorded as
    at version (the migrations it holds are recorded as applied, as they would be)."""
    script = SCHEMA_FILE.read_text(encoding="utf-8")
    db.conn.executescript(f"BEGIN;\n{script}\nPRAGMA user_version = {version};\nCOMMIT;")


def schema_script(conn: sqlite3.Connection) -> str:
    """schema.sql for the database conn is open on: every table, index, view and
    trigger (not a search index's own tables, which creating the index makes), and
    the names of the migrations applied."""
    rows = conn.execute("SELECT type, name, sql FROM sqlite_master "
                        "WHERE sql IS NOT NULL ORDER BY rowid").fetchall()
    indexes = [name for _type, name, sql in rows
               if sql.upper().startswith("CREATE VIRTUAL TABLE")]
    shadows = {f"{index}_{part}" for index in indexes for part in _SHADOWS}
    statements = [f"{sql};" for kind, name, sql in
                  sorted(rows, key=lambda row: _KIND_ORDER[row[0]]) if name not in shadows]
    # An index the migrations rebuilt keeps its (empty) averages; a new one has none.
    statements += [f"INSERT INTO {index} ({index}) VALUES ('rebuild');" for index in indexes]
    # applied_at as sqlite-utils writes it ('2026-12-06 22:48:24.989301+00:00').
    statements += [
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES "
        f"({_literal(migration_set)}, {_literal(name)}, "
        "strftime('%Y-%m-%d %H:%M:%f000+00:00', 'now'));"
        for migration_set, name in conn.execute(
            "SELECT migration_set, name FROM _sqlite_migrations ORDER BY id")]
    return _HEADER + "\n".join(statements) + "\n"


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def migrated(path: Path) -> None:
    """Make a journal at path by applying every migration, as kj did before schema.sql."""
    from kindjournal.journal.database import Journal, _connect, _upgrade
    from kindjournal.journal.file_checks import APPLICATION_ID, JournalFile

    db = Journal(_connect(path))
    try:
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        db.execute("PRAGMA journal_mode = WAL")
        _upgrade(db, JournalFile(path, exists=False, schema_version=0), [])
    finally:
        db.close()


def migrated_schema_script() -> str:
    """What schema.sql should hold: the script of a journal the migrations made."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "migrated.db"
        migrated(path)
        conn = sqlite3.connect(path)
        try:
            return schema_script(conn)
        finally:
            conn.close()


if __name__ == "__main__":
    SCHEMA_FILE.write_text(migrated_schema_script(), encoding="utf-8")
    print(f"Wrote {SCHEMA_FILE}.")
