"""The journal file: where it goes, how private it is, and what kj refuses to touch."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat

import pytest

from kindjournal.errors import KindJournalError
from kindjournal.files import journal_path
from kindjournal.journal.database import open_journal
from kindjournal.journal.file_checks import APPLICATION_ID
from kindjournal.journal.migrations import SCHEMA_VERSION


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_new_journal_is_private_wal_and_versioned(tmp_path):
    path = tmp_path / "new" / "folder" / "journal.db"
    db = open_journal(path)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(path.parent).st_mode) == 0o700
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert {"entries", "answers", "checkins", "tags", "actions"} <= set(db.utils.table_names())


def test_private_even_under_a_permissive_umask(tmp_path):
    old = os.umask(0)
    try:
        path = tmp_path / "open" / "journal.db"
        db = open_journal(path)
        db.execute("CREATE TEMP TABLE t (x)")
        with db.atomic():
            db.execute("INSERT INTO entries (uuid, shift_date, created_at, updated_at, pack) "
                       "VALUES ('u', '2026-01-01', 'x', 'x', 'p')")
    finally:
        os.umask(old)
    for name in os.listdir(path.parent):
        assert stat.S_IMODE(os.stat(path.parent / name).st_mode) == 0o600, name
    assert stat.S_IMODE(os.stat(path.parent).st_mode) == 0o700


def test_reopening_keeps_entries(tmp_path):
    path = tmp_path / "journal.db"
    db = open_journal(path)
    with db.atomic():
        db.execute("INSERT INTO entries (uuid, shift_date, created_at, updated_at, pack) "
                   "VALUES ('u', '2026-01-01', 'x', 'x', 'p')")
    db.close()
    assert open_journal(path).execute("SELECT count(*) FROM entries").fetchone()[0] == 1


@pytest.mark.parametrize(
    "content, says",
    [
        (b"", "not a kindjournal journal"),
        (b"hello, this is my shopping list\n", "not a kindjournal journal"),
        (os.urandom(4096), "not a kindjournal journal"),
    ],
)
def test_refuses_files_that_are_not_journals_and_leaves_them_alone(tmp_path, content, says):
    path = tmp_path / "journal.db"
    path.write_bytes(content)
    before = digest(path)
    with pytest.raises(KindJournalError) as caught:
        open_journal(path)
    assert says in caught.value.message
    assert "\n" not in caught.value.message
    assert digest(path) == before
    assert sorted(os.listdir(tmp_path)) == ["journal.db"]


def test_refuses_another_apps_sqlite_database(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.commit()
    conn.close()
    before = digest(path)
    with pytest.raises(KindJournalError, match="SQLite database but not a kindjournal"):
        open_journal(path)
    assert digest(path) == before


def test_refuses_a_journal_from_a_newer_kindjournal(tmp_path):
    path = tmp_path / "journal.db"
    open_journal(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    before = digest(path)
    with pytest.raises(KindJournalError, match="newer kindjournal"):
        open_journal(path)
    assert digest(path) == before


def test_refuses_a_truncated_journal(tmp_path):
    path = tmp_path / "journal.db"
    db = open_journal(path)
    with db.atomic():
        for number in range(300):
            db.execute("INSERT INTO entries (uuid, shift_date, created_at, updated_at, pack) "
                       "VALUES (?, '2026-01-01', 'x', 'x', ?)", [str(number), "p" * 200])
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2 + 100])
    before = digest(path)
    with pytest.raises(KindJournalError, match="damaged"):
        open_journal(path)
    assert digest(path) == before


def test_cannot_create_where_a_file_stands_for_a_folder(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    with pytest.raises(KindJournalError, match="not a folder"):
        open_journal(blocker / "journal.db")
    assert blocker.read_text() == "x"


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_cannot_create_in_a_read_only_folder(tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir(mode=0o500)
    with pytest.raises(KindJournalError, match="permission denied"):
        open_journal(folder / "journal.db")


def test_path_precedence(tmp_path, monkeypatch):
    monkeypatch.setenv("KJ_HOME", str(tmp_path / "home"))
    assert journal_path() == tmp_path / "home" / "journal.db"
    monkeypatch.setenv("KJ_DB", str(tmp_path / "env.db"))
    assert journal_path() == tmp_path / "env.db"
    assert journal_path(tmp_path / "option.db") == tmp_path / "option.db"


def test_default_is_the_platform_data_dir(monkeypatch, tmp_path):
    monkeypatch.delenv("KJ_HOME")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert journal_path() == tmp_path / "xdg" / "kindjournal" / "journal.db"


def test_schema_version_literal_matches_the_migrations():
    from kindjournal.journal import database, migrations

    assert database.SCHEMA_VERSION == migrations.SCHEMA_VERSION


# What list, show, search and trends do with the journal, run in a fresh Python: reading
# a current journal must never load sqlite-utils (about 90 ms of start-up).
READING_A_CURRENT_JOURNAL = """
import datetime, sys
from pathlib import Path
from kindjournal.journal import reads
from kindjournal.journal.database import open_journal
from kindjournal.journal.filters import EntryFilters
from kindjournal.reflect.packs import DEFAULT_PACK, checkin_signals, load_pack
from kindjournal.trends.queries import build_report

db = open_journal(Path(sys.argv[1]))
rows = reads.list_entries(db, EntryFilters(), 10)
found = reads.search_entries(db, "handover", EntryFilters(), 10)
shown = reads.entry_details(db, rows[0]["id"])
pack = load_pack(DEFAULT_PACK, Path(sys.argv[2]))
today = datetime.date.today()
report = build_report(db, checkin_signals(pack, Path(sys.argv[2])), pack.rules,
                      pack.signposting, today - datetime.timedelta(days=84), today, "week")
print(len(rows), len(found), shown["id"], report["entries"], "sqlite_utils" in sys.modules)
"""


def test_reading_a_current_journal_never_loads_sqlite_utils(kj, journal_file, tmp_path):
    import subprocess
    import sys

    kj.add({"answers": {"person": "A calm handover."}, "checkin": {"exhaustion": 2}},
           {"answers": {"person": "A long night."}})
    out = subprocess.run([sys.executable, "-c", READING_A_CURRENT_JOURNAL, str(journal_file),
                          str(tmp_path / "no-prompts")],
                         capture_output=True, text=True, check=True)
    listed, found, _shown, in_report, loaded = out.stdout.split()
    assert (listed, found, in_report) == ("2", "1", "2")
    assert loaded == "False"


def test_a_lone_write_is_committed_at_once_as_sqlite_utils_does(tmp_path):
    path = tmp_path / "journal.db"
    db = open_journal(path)
    db.execute("INSERT INTO entries (uuid, shift_date, created_at, updated_at, pack) "
               "VALUES ('u', '2026-01-01', 'x', 'x', 'p')")
    assert not db.conn.in_transaction
    db.conn.close()  # closing without a commit would drop a pending write
    assert open_journal(path).execute("SELECT count(*) FROM entries").fetchone()[0] == 1


def test_sqlite_utils_works_on_the_same_connection_and_transaction(tmp_path):
    from kindjournal.journal.database import writing

    db = open_journal(tmp_path / "journal.db")
    assert db.utils.conn is db.conn and db.table("entries").count == 0
    with pytest.raises(RuntimeError), writing(db):
        db.table("entries").insert({"uuid": "u", "shift_date": "2026-01-01", "created_at": "x",
                                    "updated_at": "x", "pack": "p"})
        raise RuntimeError("stopped half-way")
    assert db.execute("SELECT count(*) FROM entries").fetchone()[0] == 0


def test_a_journal_that_cannot_be_written_says_why_before_any_write(tmp_path):
    from kindjournal.journal.backups import restore_into
    from kindjournal.journal.database import Journal, writing

    path = tmp_path / "journal.db"
    open_journal(path).close()
    why = "The folder is read-only here; nothing was changed."
    db = Journal(sqlite3.connect(f"{path.resolve().as_uri()}?immutable=1", uri=True), why)
    for attempt in (db.require_writable, lambda: writing(db).__enter__(),
                    lambda: restore_into(db, path)):
        with pytest.raises(KindJournalError) as caught:
            attempt()
        assert caught.value.message == why
    assert sorted(os.listdir(tmp_path)) == ["journal.db"]  # no copy kept, nothing written
    assert open_journal(path).require_writable().cannot_write is None


def test_a_backup_missing_part_of_a_journal_is_refused(tmp_path):
    """backups.py used to check its own, shorter list of tables, so a backup without
    _sqlite_migrations was restored and the journal then refused to open."""
    from kindjournal.journal.backups import check_backup
    from kindjournal.journal.file_checks import REQUIRED_TABLES

    path = tmp_path / "backup.db"
    open_journal(path).close()
    conn = sqlite3.connect(path)
    conn.execute("DROP TABLE _sqlite_migrations")
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    assert "_sqlite_migrations" in REQUIRED_TABLES
    with pytest.raises(KindJournalError, match="missing parts of a journal"):
        check_backup(path)
