"""Backups: copying the journal through SQLite's online backup API, and restoring one.

The backup API copies a consistent snapshot even while another kj writes (it
restarts if the source changes). Restoring also goes through the backup API, into
the open, live journal: SQLite then handles the write-ahead log itself, so no
stray -wal or -shm file can mix old pages with new ones, as renaming files could.

A backup of an encrypted journal is encrypted with the same key and salt (the same
passphrase opens it), and is restored only into an encrypted journal; a plain one only
into a plain journal (SQLCipher cannot copy pages between the two).
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from kindjournal.errors import KindJournalError
from kindjournal.journal.database import (
    SCHEMA_VERSION,
    backup_journal,
    database_errors,
    harden,
)
from kindjournal.journal.file_checks import inspect_journal_file, missing_tables

if TYPE_CHECKING:
    from kindjournal.journal.database import Journal


def _stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")


def default_backup_path(journal: Path, folder: Path | None = None) -> Path:
    return (folder or journal.parent) / f"{journal.stem}-backup-{_stamp()}{journal.suffix}"


def backup_to(db: Journal, destination: Path) -> Path:
    try:
        return backup_journal(db, destination)
    except FileExistsError:
        raise KindJournalError(f"{destination} already exists; give another name.") from None


def _read_only(path: Path, key: bytes | None = None) -> sqlite3.Connection:
    # immutable: read the file as it is, without creating -wal or -shm files beside a
    # backup (a backup is a finished file; nothing else should be writing to it).
    address = f"{path.resolve().as_uri()}?mode=ro&immutable=1"
    if key is None:
        return harden(sqlite3.connect(address, uri=True))
    from kindjournal.journal.encryption import connect

    return harden(connect(address, key, uri=True))


def _backup_key(path: Path, journal: Path, ask) -> bytes:
    """An encrypted backup's key: the journal's remembered key when the backup was made
    with it, else from its passphrase (the one the journal had when it was made)."""
    from kindjournal.journal import encryption

    address = f"{path.resolve().as_uri()}?mode=ro&immutable=1"
    key = encryption.remembered_key(journal)
    if key is not None:
        conn = encryption.connect(address, key, uri=True)
        try:
            if encryption.key_works(conn):
                return key
        finally:
            conn.close()
    key = encryption.derive_key(
        encryption.passphrase(path, ask, f"Passphrase for the backup {path}"),
        encryption.read_salt(path))
    conn = encryption.connect(address, key, uri=True)
    try:
        if not encryption.key_works(conn):
            raise encryption.wrong_passphrase(path)
    finally:
        conn.close()
    return key


def check_backup(path: Path, journal: Path | None = None, ask=None) -> dict:
    """Refuse anything that is not a whole, readable kindjournal journal we can open.
    An encrypted backup is opened with its key (journal's remembered key, or asked
    through ask), which the summary carries as "key" for restore_into."""
    if not path.exists():
        raise KindJournalError(f"Cannot find {path}. Check the file name.")
    try:
        info = inspect_journal_file(path)  # header checks: ours, not damaged, not newer
    except KindJournalError as error:
        reason = error.message.split(";")[0]
        raise KindJournalError(f"{reason}, so it cannot be restored; your journal has not "
                               "been changed.") from None
    key = _backup_key(path, journal or path, ask) if info.encrypted else None
    try:
        conn = _read_only(path, key)
        try:
            if key is not None:
                from kindjournal.journal.encryption import inspect_keyed

                info = inspect_keyed(conn, path)
            result = conn.execute("PRAGMA integrity_check").fetchall()
            missing = missing_tables(conn)
            strange = (unexpected_schema(conn, info.schema_version)
                       if result == [("ok",)] and not missing else None)
            entries = (conn.execute("SELECT count(*) FROM entries").fetchone()[0]
                       if "entries" not in missing else 0)
        finally:
            conn.close()
    except database_errors() as error:
        raise KindJournalError(f"{path} cannot be read as a journal ({error}); your journal "
                               "has not been changed.") from None
    if result != [("ok",)]:
        raise KindJournalError(f"{path} failed SQLite's integrity check ({result[0][0]}); "
                               "your journal has not been changed.")
    if info.schema_version < 1 or missing:
        raise KindJournalError(f"{path} is missing parts of a journal; your journal has "
                               "not been changed.")
    if strange:
        raise KindJournalError(
            f"{path} holds {strange}, which no kindjournal made, so it will not be "
            "restored (it could change what your journal does); your journal has not been "
            "changed.")
    return {"entries": entries, "version": info.schema_version, "current": SCHEMA_VERSION,
            "key": key}


def restore_into(db: Journal, backup_file: Path, key: bytes | None = None) -> Path:
    """Keep a copy of the live journal, then copy the backup into it page by page.
    key: an encrypted backup's (check_backup's summary has it)."""
    db.require_writable()
    if (key is None) != (db.cipher is None):
        raise KindJournalError(
            f"{backup_file} is {'encrypted' if key else 'not encrypted'} and your journal "
            f"is {'encrypted' if db.cipher else 'not'}; kj restores a backup only into a "
            f"journal like it. Run 'kj {'encrypt' if key else 'decrypt'}' first, then "
            "restore it. Nothing was changed.")
    live_path = Path(db.execute("PRAGMA database_list").fetchone()[2])
    kept = live_path.with_name(f"{live_path.stem}-before-restore-{_stamp()}{live_path.suffix}")
    backup_journal(db, kept)
    source = _read_only(backup_file, key)
    try:
        source.backup(db.conn)
    except database_errors() as error:
        raise KindJournalError(f"The backup could not be copied in ({error}); your journal "
                               f"is unchanged, and a copy of it is at {kept}.") from None
    finally:
        source.close()
    return kept


def schema_of(conn: sqlite3.Connection) -> dict[str, tuple]:
    """Each table, index, trigger and view by name: its kind and table, and what it is
    (a table's columns; the SQL of the rest, spaces evened out). Columns rather than a
    table's SQL, so a journal made by an older sqlite-utils (which may quote names
    differently) still matches."""
    shape = {}
    for kind, name, table, sql in conn.execute(
            "SELECT type, name, tbl_name, sql FROM sqlite_master"):
        if name.startswith("sqlite_stat"):
            continue  # statistics SQLite itself may add (ANALYZE, optimize)
        if kind == "table":
            what = tuple(row[1] for row in conn.execute(
                "SELECT * FROM pragma_table_info(?)", [name]))
        else:
            what = " ".join((sql or "").split()).lower()
        shape[name] = (kind, table, what)
    return shape


def expected_schema(version: int) -> dict[str, tuple]:
    """The schema kj writes at a version: a journal built in memory by its migrations."""
    from sqlite_utils import Database

    from kindjournal.journal.migrations import migrations

    db = Database(memory=True, execute_plugins=False)
    names = [migration.name for migration in migrations.pending(db)]
    migrations.apply(db, stop_before=names[version] if version < len(names) else None)
    return schema_of(db.conn)


def unexpected_schema(conn: sqlite3.Connection, version: int) -> str | None:
    """None when the backup's schema is exactly one kj wrote at its version; else what
    differs, in words ('a trigger named x')."""
    found, expected = schema_of(conn), expected_schema(version)
    for name, (kind, _table, what) in sorted(found.items()):
        if name not in expected:
            return f"a {kind} named '{name}'"
        if expected[name] != (kind, _table, what):
            return f"a changed {kind} named '{name}'"
    for name, (kind, _table, _what) in sorted(expected.items()):
        if name not in found:
            return f"no {kind} named '{name}'"
    return None


def copies_beside(journal: Path) -> list[Path]:
    """The whole copies of the journal kj writes into its folder: 'kj backup' without a
    file name, the copy before an upgrade and the copy before a restore."""
    folder = journal.parent
    patterns = (f"{journal.stem}-backup-*{journal.suffix}", f"{journal.name}.v*-*.bak",
                f"{journal.stem}-before-restore-*{journal.suffix}")
    found = {path for pattern in patterns for path in folder.glob(pattern) if path.is_file()}
    return sorted(found)


def remove_copies(copies: list[Path]) -> None:
    for copy in copies:
        for path in (copy, Path(f"{copy}-wal"), Path(f"{copy}-shm")):
            path.unlink(missing_ok=True)
