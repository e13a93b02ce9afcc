"""Opening the journal: one SQLite file, private, checked before it is touched.

A file is inspected from its 100-byte header (read as plain bytes) before SQLite
ever opens it, so a file that is not a kindjournal journal, is damaged, or comes
from a newer kindjournal is refused and left byte-for-byte untouched. What opens is a
Journal: one sqlite3 connection, with sqlite-utils on it only when something needs it.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from kindjournal.errors import KindJournalError
from kindjournal.files import DestinationExists, atomic_private_file, make_private_folders

if TYPE_CHECKING:
    from sqlite_utils import Database
    from sqlite_utils.db import Table

# The number of migrations in migrations.py (a test keeps the two in step). Kept here
# as a literal so that opening a current journal to read it never imports sqlite-utils.
SCHEMA_VERSION = 13

# 'KJRN' in the SQLite header's application_id field marks a kindjournal journal.
APPLICATION_ID = 0x4B4A524E
SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_SECONDS = 30.0


@dataclass(frozen=True)
class JournalFile:
    path: Path
    exists: bool
    schema_version: int  # 0 when the file does not exist yet


def _refuse(path: Path, why: str) -> KindJournalError:
    return KindJournalError(
        f"{path} {why}; kj has left it untouched. Choose another file with --db or KJ_DB."
    )


def inspect_journal_file(path: Path) -> JournalFile:
    """Read the header as bytes and decide whether kj may open this file."""
    if not path.exists():
        return JournalFile(path, exists=False, schema_version=0)
    if path.is_dir():
        raise _refuse(path, "is a folder, not a journal file")
    try:
        with path.open("rb") as handle:
            header = handle.read(100)
        size = path.stat().st_size
    except OSError as error:
        raise KindJournalError(f"Cannot read {path}: {error.strerror}.") from None
    if len(header) < 100 or not header.startswith(SQLITE_MAGIC):
        raise _refuse(path, "is not a kindjournal journal")
    (application_id,) = struct.unpack(">I", header[68:72])
    if application_id != APPLICATION_ID:
        raise _refuse(path, "is an SQLite database but not a kindjournal journal")
    (page_size,) = struct.unpack(">H", header[16:18])
    page_size = 65536 if page_size == 1 else page_size
    (page_count,) = struct.unpack(">I", header[28:32])
    if page_size < 512 or size % page_size:
        raise _refuse(path, "looks damaged (its size is not a whole number of pages)")
    # The header's page count is only trusted when SQLite marked it valid (offset 92
    # matches the change counter at 24) and no write-ahead log is waiting beside it:
    # a kj killed in the middle of a checkpoint leaves the file short, and SQLite
    # finishes the checkpoint from the -wal file on the next open.
    count_is_valid = header[92:96] == header[24:28]
    if count_is_valid and size < page_count * page_size and not _has_wal(path):
        raise _refuse(path, "looks damaged (it is shorter than its header says)")
    (schema_version,) = struct.unpack(">I", header[60:64])
    if schema_version > SCHEMA_VERSION:
        raise KindJournalError(
            f"{path} was written by a newer kindjournal (journal version {schema_version}, "
            f"this kj knows up to {SCHEMA_VERSION}). Upgrade kindjournal to open it; "
            "the journal has not been changed."
        )
    return JournalFile(path, exists=True, schema_version=schema_version)


def _has_wal(path: Path) -> bool:
    wal = path.with_name(path.name + "-wal")
    try:
        return wal.stat().st_size > 0
    except OSError:
        return False


def _create_journal(path: Path) -> None:
    """Build a complete, empty journal under a temporary name and link it into place.

    A kj killed half-way through leaves no half-made journal behind (an empty file
    that every later kj would refuse), and when several kj start at once on a new
    journal, the first link wins and the others open that one."""
    folder = path.parent
    temporary = None
    try:
        make_private_folders(folder)
        if not folder.is_dir():
            raise KindJournalError(
                f"Cannot create the journal: {folder} is a file, not a folder. "
                "Choose another place with --db or KJ_HOME."
            )
        try:
            with atomic_private_file(path) as (temporary, _handle):
                db = Journal(_connect(temporary))
                try:
                    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                    db.utils.enable_wal()
                    _upgrade(db, JournalFile(temporary, exists=False, schema_version=0), [])
                finally:
                    db.close()
        except DestinationExists:
            pass  # another kj created the journal first: use theirs
    except (NotADirectoryError, FileNotFoundError):
        raise KindJournalError(
            f"Cannot create the journal at {path}: part of that path is a file, not a folder. "
            "Choose another place with --db or KJ_HOME."
        ) from None
    except PermissionError:
        raise KindJournalError(
            f"Cannot create the journal at {path}: permission denied. "
            "Choose a folder you can write to with --db or KJ_HOME."
        ) from None
    except sqlite3.DatabaseError as error:
        raise KindJournalError(f"Cannot create the journal at {path}: {error}.") from None
    except OSError as error:
        raise KindJournalError(f"Cannot create the journal at {path}: {error.strerror}.") from None
    finally:
        if temporary is not None:
            _remove_side_files(temporary)


def _remove_side_files(database: Path) -> None:
    """SQLite's working files beside a temporary database (normally gone at close)."""
    for suffix in ("-wal", "-shm", "-journal"):
        with contextlib.suppress(OSError):
            os.unlink(f"{database}{suffix}")


def harden(conn: sqlite3.Connection, trust_schema: bool = False) -> sqlite3.Connection:
    """Every connection kj opens: deleted text is overwritten with zeros in the file
    (secure_delete; some builds have it off), and a file kj has not checked (a backup
    to restore) may not run SQL functions or virtual tables from its triggers or views.

    The live journal keeps trusted_schema on: SQLite refuses its FTS5 search index in
    triggers otherwise ('unsafe use of virtual table'). Its schema is trusted because
    only kj writes it: check_place refuses a journal others can write, and a backup is
    restored only when its schema is one kj made (backups.py)."""
    conn.execute("PRAGMA secure_delete = ON")
    if not trust_schema:
        conn.execute("PRAGMA trusted_schema = OFF")
    return conn


def _connect(path: Path) -> sqlite3.Connection:
    conn = harden(sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_SECONDS), trust_schema=True)
    conn.execute("PRAGMA foreign_keys = ON")
    # sqlite-utils turns this on when it wraps a connection; on from the start, every
    # write behaves the same whether or not sqlite-utils has been loaded in this run.
    conn.execute("PRAGMA recursive_triggers = ON")
    return conn


def backup_journal(db: Journal, destination: Path) -> Path:
    """Copy the journal with SQLite's online backup API into a new 0600 file, which
    appears only when complete (files.atomic_private_file). FileExistsError if the
    destination is already there."""
    with atomic_private_file(destination) as (temporary, _handle):
        target = harden(sqlite3.connect(str(temporary)), trust_schema=True)
        try:
            db.conn.backup(target)
        finally:
            target.close()
    return destination


def _upgrade(db: Journal, journal: JournalFile, notices: list[str]) -> None:
    """Apply pending migrations; an existing journal is backed up first."""
    if journal.exists and journal.schema_version == SCHEMA_VERSION:
        return  # current already: no need to load the migrations (start-up time)
    from kindjournal.journal.migrations import migrations

    if not migrations.pending(db.utils):
        return
    if journal.schema_version > 0:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        backup_path = journal.path.with_name(
            f"{journal.path.name}.v{journal.schema_version}-{stamp}.bak"
        )
        backup_journal(db, backup_path)
        notices.append(
            f"Upgraded your journal from version {journal.schema_version} to {SCHEMA_VERSION}; "
            f"a copy of the old one is at {backup_path}"
        )
    migrations.apply(db.utils)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    # The version must reach the file's header now, not at some later checkpoint of the
    # write-ahead log: the header is what tells the next run it may skip all this.
    if str(journal.path) != ":memory:":
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")


# Statements that open or close a transaction themselves (see Journal.execute).
_TRANSACTION_CONTROL = frozenset({"BEGIN", "COMMIT", "END", "ROLLBACK", "SAVEPOINT", "RELEASE"})


class Journal:
    """The open journal: one plain sqlite3 connection, with sqlite-utils' Database over
    the same connection built only when something asks for it (``utils``, ``table``).

    Reading a current journal needs only execute and query, so it never imports
    sqlite-utils, which alone costs more than half of Typer's start-up; migrations,
    the schema and table-shaped writes use it."""

    def __init__(self, conn: sqlite3.Connection, cannot_write: str | None = None):
        self.conn = conn
        # Why this journal can be read but not written (a read-only folder, a full
        # disk), told before a write is tried rather than as SQLite's 'readonly'.
        self.cannot_write = cannot_write
        self._utils: Database | None = None

    @property
    def utils(self) -> Database:
        """sqlite-utils' Database on this connection (imported on first use)."""
        if self._utils is None:
            from sqlite_utils import Database

            self._utils = Database(self.conn, execute_plugins=False)
        return self._utils

    def table(self, name: str) -> Table:
        return self.utils.table(name)

    def execute(self, sql: str, parameters=None) -> sqlite3.Cursor:
        """Run one statement. As with sqlite-utils' Database.execute, a write made
        outside any transaction is committed at once, never left pending."""
        was_in_transaction = self.conn.in_transaction
        try:
            cursor = self.conn.execute(sql, parameters if parameters is not None else [])
        except Exception:
            if not was_in_transaction and self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        if (not was_in_transaction and self.conn.in_transaction
                and cursor.description is None
                and sql.lstrip().split(None, 1)[0].upper() not in _TRANSACTION_CONTROL):
            self.conn.execute("COMMIT")
        return cursor

    def query(self, sql: str, params=None) -> Iterator[dict]:
        cursor = self.conn.execute(sql, params if params is not None else [])
        keys = [column[0] for column in cursor.description]
        for row in cursor:
            yield dict(zip(keys, row, strict=True))

    def close(self) -> None:
        self.conn.close()

    def require_writable(self) -> Journal:
        """Say now, before anything is asked or typed, when this journal cannot be
        changed here (read-only media, a full disk)."""
        if self.cannot_write:
            raise KindJournalError(self.cannot_write)
        return self

    @contextlib.contextmanager
    def atomic(self) -> Iterator[Journal]:
        """A savepoint, like sqlite-utils' Database.atomic(), for writes made in plain
        SQL (journal.add_entries), which therefore need no sqlite-utils."""
        self.conn.execute("SAVEPOINT kj_atomic")
        try:
            yield self
        except BaseException:
            # SQLite may already have rolled the whole transaction back (a full disk
            # does), and then the savepoint is gone: the first error is the one to tell.
            if self.conn.in_transaction:
                with contextlib.suppress(sqlite3.Error):
                    self.conn.execute("ROLLBACK TO SAVEPOINT kj_atomic")
                    self.conn.execute("RELEASE SAVEPOINT kj_atomic")
            raise
        self.conn.execute("RELEASE SAVEPOINT kj_atomic")


def open_journal(path: Path, notices: list[str] | None = None, create: bool = True,
                 named: bool = True) -> Journal:
    """Open (creating if needed, when create) the journal at path, upgraded to the
    current schema. Reading commands pass create=False and never make a journal: a
    missing file the person named (named: --db or KJ_DB) is a KindJournalError naming
    it, so a mistyped --db does not become a new, empty journal; a missing journal in
    the usual place reads as an empty one that cannot be written, and no file is made.

    Messages worth telling the person (an upgrade and its backup) are appended to
    notices. A current journal that SQLite cannot write beside (read-only media, a
    full disk) opens as a fixed file, with cannot_write saying why."""
    from kindjournal.journal.ownership import check_place

    notices = notices if notices is not None else []
    path = check_place(path)
    journal = inspect_journal_file(path)
    if not journal.exists and not create:
        if named:
            raise missing_journal(path)
        return empty_journal()
    if not journal.exists:
        _create_journal(path)
        journal = inspect_journal_file(path)
    current = journal.schema_version == SCHEMA_VERSION
    try:
        try:
            conn = _connect(path)
            if current:
                _check_tables(conn, path)
        except sqlite3.OperationalError as error:
            could_write = _folder_is_writable(path) and not _disk_is_full(path)
            if not current or could_write or _has_wal(path):
                raise
            # A journal on read-only media (a backup disc, a read-only mount) or a full
            # disk: SQLite cannot make its working files beside it, so, when no log is
            # waiting to be merged in, read it as a fixed file.
            conn = harden(sqlite3.connect(f"{path.resolve().as_uri()}?immutable=1", uri=True),
                          trust_schema=True)
            _check_tables(conn, path)
            return Journal(conn, _cannot_open(path, error).message)
        db = Journal(conn)
        if not current:
            _upgrade(db, journal, notices)
            _check_tables(conn, path)
    except sqlite3.DatabaseError as error:
        raise _cannot_open(path, error) from None
    return db


def empty_journal() -> Journal:
    """A journal with nothing in it, in memory only, for reading before the first entry."""
    db = Journal(_connect(Path(":memory:")), "You have no journal yet, so there is nothing "
                 "to change. 'kj reflect' starts one after your next shift.")
    _upgrade(db, JournalFile(Path(":memory:"), exists=False, schema_version=0), [])
    return db


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


def _folder_is_writable(path: Path) -> bool:
    return os.access(path.parent, os.W_OK)


def _disk_is_full(path: Path) -> bool:
    import shutil

    try:
        return shutil.disk_usage(path.parent).free < 1024 * 1024
    except OSError:
        return False


def _cannot_open(path: Path, error: sqlite3.DatabaseError) -> KindJournalError:
    """Say why in words: SQLite only says 'unable to open' or 'disk I/O error'."""
    if not _folder_is_writable(path):
        return KindJournalError(
            f"The folder {path.parent} is read-only here, and kj needs to write beside the "
            "journal to change it. Nothing was changed; copy the journal somewhere writable."
        )
    if _disk_is_full(path):
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


def _check_tables(conn: sqlite3.Connection, path: Path) -> None:
    missing = missing_tables(conn)
    if missing:
        conn.close()
        raise KindJournalError(
            f"{path} is missing part of the journal (its '{missing[0]}' table), so kj has "
            "left it untouched. Restore a backup, or choose another file with --db."
        )


@contextlib.contextmanager
def writing(db: Journal) -> Iterator[Journal]:
    """One write transaction, taken IMMEDIATE so that two terminals writing at once
    queue on the busy timeout instead of failing half-way with 'database is locked'."""
    db.require_writable()
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        with db.atomic():
            yield db
    except BaseException:
        if db.conn.in_transaction:
            db.conn.rollback()
        raise
    else:
        db.conn.commit()


def now_utc() -> str:
    """Timestamps are stored as UTC ISO 8601 to the second."""
    return datetime.now(UTC).isoformat(timespec="seconds")
