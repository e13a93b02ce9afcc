"""Checking a journal file before SQLite opens it, and saying in words why one cannot be
used.

A file is judged from its 100-byte header, read as plain bytes: not SQLite, another
application's SQLite, truncated or damaged, or from a newer kindjournal are refused and
left byte-for-byte untouched. When SQLite itself cannot open or write a journal, these
messages say why (a read-only folder, a full disk, a missing table) instead of SQLite's
'unable to open'. database.py opens what passes.
"""

from __future__ import annotations

import os
import sqlite3
import struct
from dataclasses import dataclass
from pathlib import Path

from kindjournal.errors import KindJournalError

# 'KJRN' in the SQLite header's application_id field marks a kindjournal journal.
APPLICATION_ID = 0x4B4A524E


SQLITE_MAGIC = b"SQLite format 3\x00"


@dataclass(frozen=True)
class JournalFile:
    path: Path
    exists: bool
    schema_version: int  # 0 when the file does not exist yet (or is encrypted and unread)
    encrypted: bool = False  # SQLCipher: read with its key (journal/encryption.py)


def refuse_file(path: Path, why: str) -> KindJournalError:
    return KindJournalError(
        f"{path} {why}; kj has left it untouched. Choose another file with --db or KJ_DB."
    )


def inspect_journal_file(path: Path) -> JournalFile:
    """Read the header as bytes and decide whether kj may open this file."""
    if not path.exists():
        return JournalFile(path, exists=False, schema_version=0)
    if path.is_dir():
        raise refuse_file(path, "is a folder, not a journal file")
    try:
        with path.open("rb") as handle:
            header = handle.read(100)
        size = path.stat().st_size
    except OSError as error:
        raise KindJournalError(f"Cannot read {path}: {error.strerror}.") from None
    if len(header) == 100 and not header.startswith(SQLITE_MAGIC):
        from kindjournal.journal.encryption import looks_encrypted

        if looks_encrypted(header, size):  # checked once keyed (encryption.inspect_keyed)
            return JournalFile(path, exists=True, schema_version=0, encrypted=True)
    if len(header) < 100 or not header.startswith(SQLITE_MAGIC):
        raise refuse_file(path, "is not a kindjournal journal")
    (application_id,) = struct.unpack(">I", header[68:72])
    if application_id != APPLICATION_ID:
        raise refuse_file(path, "is an SQLite database but not a kindjournal journal")
    (page_size,) = struct.unpack(">H", header[16:18])
    page_size = 65536 if page_size == 1 else page_size
    (page_count,) = struct.unpack(">I", header[28:32])
    if page_size < 512 or size % page_size:
        raise refuse_file(path, "looks damaged (its size is not a whole number of pages)")
    # The header's page count is only trusted when SQLite marked it valid (offset 92
    # matches the change counter at 24) and no write-ahead log is waiting beside it:
    # a kj killed in the middle of a checkpoint leaves the file short, and SQLite
    # finishes the checkpoint from the -wal file on the next open.
    count_is_valid = header[92:96] == header[24:28]
    if count_is_valid and size < page_count * page_size and not has_wal(path):
        raise refuse_file(path, "looks damaged (it is shorter than its header says)")
    (schema_version,) = struct.unpack(">I", header[60:64])
    from kindjournal.journal.database import SCHEMA_VERSION  # loaded already: it imports us

    if schema_version > SCHEMA_VERSION:
        raise newer_journal(path, schema_version)
    return JournalFile(path, exists=True, schema_version=schema_version)


def newer_journal(path: Path, schema_version: int) -> KindJournalError:
    from kindjournal.journal.database import SCHEMA_VERSION

    return KindJournalError(
        f"{path} was written by a newer kindjournal (journal version {schema_version}, "
        f"this kj knows up to {SCHEMA_VERSION}). Upgrade kindjournal to open it; "
        "the journal has not been changed."
    )


def has_wal(path: Path) -> bool:
    wal = path.with_name(path.name + "-wal")
    try:
        return wal.stat().st_size > 0
    except OSError:
        return False


def missing_journal(path: Path) -> KindJournalError:
    """The file does not exist: say which one was meant, and a near name beside it."""
    import difflib

    try:
        near = [item.name for item in path.parent.iterdir()
                if item.is_file() and item.suffix in (".db", ".sqlite", ".sqlite3")]
    except OSError:
        near = []
    guess = difflib.get_close_matches(path.name, near, n=1, cutoff=0.6)
    hint = (f" Did you mean {path.parent / guess[0] if str(path.parent) != '.' else guess[0]}?"
            if guess else " Check the name, or run 'kj reflect' to start a journal there.")
    return KindJournalError(f"There is no journal at {path}: the file does not exist, so "
                            f"nothing was read.{hint}")


def folder_is_writable(path: Path) -> bool:
    return os.access(path.parent, os.W_OK)


def disk_is_full(path: Path) -> bool:
    import shutil

    try:
        return shutil.disk_usage(path.parent).free < 1024 * 1024
    except OSError:
        return False


def cannot_open(path: Path, error: sqlite3.DatabaseError) -> KindJournalError:
    """Say why in words: SQLite only says 'unable to open' or 'disk I/O error'."""
    if not folder_is_writable(path):
        return KindJournalError(
            f"The folder {path.parent} is read-only here, and kj needs to write beside the "
            "journal to change it. Nothing was changed; copy the journal somewhere writable."
        )
    if disk_is_full(path):
        return KindJournalError(
            f"The disk holding {path} is full, so kj cannot write to the journal. "
            "Nothing was changed; free some space and try again."
        )
    return KindJournalError(f"Cannot open the journal at {path}: {error}.")


# Tables every journal has had since version 1; a journal (or a backup to restore)
# without one of them has been damaged or edited by hand, and writing to it would fail
# half-way. backups.py checks a backup against the same list.
REQUIRED_TABLES = ("entries", "answers", "checkins", "tags", "actions", "_sqlite_migrations")


def missing_tables(conn: sqlite3.Connection) -> list[str]:
    present = {row[0] for row in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table'")}
    return [name for name in REQUIRED_TABLES if name not in present]


def check_tables(conn: sqlite3.Connection, path: Path) -> None:
    missing = missing_tables(conn)
    if missing:
        conn.close()
        raise KindJournalError(
            f"{path} is missing part of the journal (its '{missing[0]}' table), so kj has "
            "left it untouched. Restore a backup, or choose another file with --db."
        )
