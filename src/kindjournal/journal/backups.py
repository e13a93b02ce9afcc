"""Backups: copying the journal through SQLite's online backup API, and restoring one.

The backup API copies a consistent snapshot even while another kj writes (it
restarts if the source changes). Restoring also goes through the backup API, into
the open, live journal: SQLite then handles the write-ahead log itself, so no
stray -wal or -shm file can mix old pages with new ones, as renaming files could.
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
    inspect_journal_file,
    missing_tables,
)

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


def _read_only(path: Path) -> sqlite3.Connection:
    # immutable: read the file as it is, without creating -wal or -shm files beside a
    # backup (a backup is a finished file; nothing else should be writing to it).
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)


def check_backup(path: Path) -> dict:
    """Refuse anything that is not a whole, readable kindjournal journal we can open."""
    if not path.exists():
        raise KindJournalError(f"Cannot find {path}. Check the file name.")
    try:
        info = inspect_journal_file(path)  # header checks: ours, not damaged, not newer
    except KindJournalError as error:
        reason = error.message.split(";")[0]
        raise KindJournalError(f"{reason}, so it cannot be restored; your journal has not "
                               "been changed.") from None
    try:
        conn = _read_only(path)
        try:
            result = conn.execute("PRAGMA integrity_check").fetchall()
            missing = missing_tables(conn)
            entries = (conn.execute("SELECT count(*) FROM entries").fetchone()[0]
                       if "entries" not in missing else 0)
        finally:
            conn.close()
    except sqlite3.DatabaseError as error:
        raise KindJournalError(f"{path} cannot be read as a journal ({error}); your journal "
                               "has not been changed.") from None
    if result != [("ok",)]:
        raise KindJournalError(f"{path} failed SQLite's integrity check ({result[0][0]}); "
                               "your journal has not been changed.")
    if info.schema_version < 1 or missing:
        raise KindJournalError(f"{path} is missing parts of a journal; your journal has "
                               "not been changed.")
    return {"entries": entries, "version": info.schema_version, "current": SCHEMA_VERSION}


def restore_into(db: Journal, backup_file: Path) -> Path:
    """Keep a copy of the live journal, then copy the backup into it page by page."""
    db.require_writable()
    live_path = Path(db.execute("PRAGMA database_list").fetchone()[2])
    kept = live_path.with_name(f"{live_path.stem}-before-restore-{_stamp()}{live_path.suffix}")
    backup_journal(db, kept)
    source = _read_only(backup_file)
    try:
        source.backup(db.conn)
    except sqlite3.DatabaseError as error:
        raise KindJournalError(f"The backup could not be copied in ({error}); your journal "
                               f"is unchanged, and a copy of it is at {kept}.") from None
    finally:
        source.close()
    return kept
