"""Opening the journal: one SQLite file, private, checked (file_checks.py) before it is touched.

A file is inspected from its 100-byte header (read as plain bytes) before SQLite
ever opens it, so a file that is not a kindjournal journal, is damaged, or comes
from a newer kindjournal is refused and left byte-for-byte untouched. What opens is a
Journal: one sqlite3 connection, with sqlite-utils on it only when something needs it.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import sys
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from kindjournal.errors import KindJournalError
from kindjournal.files import DestinationExists, atomic_private_file, make_private_folders
from kindjournal.journal.file_checks import (
    APPLICATION_ID,
    JournalFile,
    cannot_open,
    check_tables,
    disk_is_full,
    folder_is_writable,
    has_wal,
    inspect_journal_file,
    missing_journal,
)

if TYPE_CHECKING:
    from sqlite_utils import Database
    from sqlite_utils.db import Table

# The number of migrations in migrations.py (a test keeps the two in step). Kept here
# as a literal so that opening a current journal to read it never imports sqlite-utils.
SCHEMA_VERSION = 15

BUSY_TIMEOUT_SECONDS = 30.0


def database_errors(kind: str = "DatabaseError") -> tuple[type[Exception], ...]:
    """sqlite3's error class of this kind, with SQLCipher's (which are not sqlite3's)
    once an encrypted journal has loaded sqlcipher3: `except database_errors():`.
    Looked up when the error is caught, so a plain journal never imports sqlcipher3."""
    classes = [getattr(sqlite3, kind)]
    cipher = sys.modules.get("sqlcipher3")
    if cipher is not None:
        classes.append(getattr(cipher, kind))
    return tuple(classes)


def _create_journal(path: Path) -> None:
    """Build a complete, empty journal under a temporary name and link it into place.

    A kj killed half-way through leaves no half-made journal behind (an empty file
    that every later kj would refuse), and when several kj start at once on a new
    journal, the first link wins and the others open that one. The schema comes whole
    from schema.sql (journal/new_journal.py), not through the migrations."""
    from kindjournal.journal.new_journal import create_schema

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
                    db.execute("PRAGMA journal_mode = WAL")
                    create_schema(db, SCHEMA_VERSION)
                    # The version must reach the file's header now (see _upgrade).
                    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
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
    except database_errors() as error:
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
    # check_same_thread off: a bulk batch's rows are written on a second thread, inside
    # this connection's transaction (bulk_writer); SQLite serialises the two threads.
    return _prepare(sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_SECONDS,
                                    check_same_thread=False))


def _prepare(conn: sqlite3.Connection) -> sqlite3.Connection:
    """What every connection to the live journal has, plain or encrypted."""
    conn = harden(conn, trust_schema=True)
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
        if db.cipher is None:
            target = sqlite3.connect(str(temporary))
        else:  # encrypted with the journal's own key and salt: its passphrase opens it
            from kindjournal.journal.encryption import connect

            target = connect(str(temporary), *db.cipher)
        target = harden(target, trust_schema=True)
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

    def __init__(self, conn: sqlite3.Connection, cannot_write: str | None = None,
                 cipher: tuple[bytes, bytes] | None = None, threads: bool = False):
        self.conn = conn
        # Whether a second thread may write on conn (made with check_same_thread off).
        self.threads = threads
        # (key, salt) of an encrypted journal, for its backups; None for a plain one.
        self.cipher = cipher
        # Why this journal can be read but not written (a read-only folder, a full
        # disk), told before a write is tried rather than as SQLite's 'readonly'.
        self.cannot_write = cannot_write
        # True when this run made the journal: the first reflection offers encryption.
        self.created = False
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
                with contextlib.suppress(*database_errors("Error")):
                    self.conn.execute("ROLLBACK TO SAVEPOINT kj_atomic")
                    self.conn.execute("RELEASE SAVEPOINT kj_atomic")
            raise
        self.conn.execute("RELEASE SAVEPOINT kj_atomic")


def open_journal(path: Path, notices: list[str] | None = None, create: bool = True,
                 named: bool = True,
                 ask_passphrase: Callable[[str], str] | None = None) -> Journal:
    """Open (creating if needed, when create) the journal at path, upgraded to the
    current schema. Reading commands pass create=False and never make a journal: a
    missing file the person named (named: --db or KJ_DB) is a KindJournalError naming
    it, so a mistyped --db does not become a new, empty journal; a missing journal in
    the usual place reads as an empty one that cannot be written, and no file is made.

    Messages worth telling the person (an upgrade and its backup) are appended to
    notices. A current journal that SQLite cannot write beside (read-only media, a
    full disk) opens as a fixed file, with cannot_write saying why. An encrypted
    journal's key comes from journal/encryption.py (ask_passphrase asks on a terminal)."""
    from kindjournal.journal.ownership import check_place

    notices = notices if notices is not None else []
    path = check_place(path)
    journal = inspect_journal_file(path)
    if not journal.exists and not create:
        if named:
            raise missing_journal(path)
        return empty_journal()
    created = not journal.exists
    if created:
        _create_journal(path)
        journal = inspect_journal_file(path)
    current = journal.schema_version == SCHEMA_VERSION
    cipher = None
    try:
        try:
            if journal.encrypted:
                from kindjournal.journal.encryption import inspect_keyed, open_keyed, read_salt

                conn, key = open_keyed(path, ask_passphrase, timeout=BUSY_TIMEOUT_SECONDS)
                journal = inspect_keyed(conn, path)
                current = journal.schema_version == SCHEMA_VERSION
                cipher = (key, read_salt(path))
                conn = _prepare(conn)
            else:
                conn = _connect(path)
            if current:
                check_tables(conn, path)
        except database_errors("OperationalError") as error:
            could_write = folder_is_writable(path) and not disk_is_full(path)
            if not current or could_write or has_wal(path) or journal.encrypted:
                raise
            # A journal on read-only media (a backup disc, a read-only mount) or a full
            # disk: SQLite cannot make its working files beside it, so, when no log is
            # waiting to be merged in, read it as a fixed file.
            conn = harden(sqlite3.connect(f"{path.resolve().as_uri()}?immutable=1", uri=True),
                          trust_schema=True)
            check_tables(conn, path)
            return Journal(conn, cannot_open(path, error).message)
        db = Journal(conn, cipher=cipher, threads=cipher is None)
        db.created = created
        if not current:
            _upgrade(db, journal, notices)
            check_tables(conn, path)
    except database_errors() as error:
        raise cannot_open(path, error) from None
    return db


def empty_journal() -> Journal:
    """A journal with nothing in it, in memory only, for reading before the first entry."""
    from kindjournal.journal.new_journal import create_schema

    db = Journal(_connect(Path(":memory:")), "You have no journal yet, so there is nothing "
                 "to change. 'kj reflect' starts one after your next shift.")
    create_schema(db, SCHEMA_VERSION)
    return db


def remove_new_journal(db: Journal) -> None:
    """Close and delete a journal this run made (db.created), after the entries it was
    made for could not be added: a failed 'kj reflect --from' or 'kj import' leaves
    nothing behind, not even an empty journal."""
    if not db.created:
        return
    path = db.conn.execute("PRAGMA database_list").fetchone()[2]
    db.close()
    if path:
        for suffix in ("", "-wal", "-shm", "-journal"):
            with contextlib.suppress(OSError):
                os.unlink(f"{path}{suffix}")


@contextlib.contextmanager
def writing(db: Journal) -> Iterator[Journal]:
    """One write transaction, taken IMMEDIATE so that two terminals writing at once
    queue on the busy timeout instead of failing half-way with 'database is locked'."""
    db.require_writable()
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    # No savepoint inside the transaction: the rollback below undoes it all, and while a
    # savepoint is open SQLite keeps every page each statement changes in a temporary
    # file until it is released (216 MB written for 10,000 entries added at once).
    db.execute("BEGIN IMMEDIATE")
    try:
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


# Random bytes for new_uuid, taken from the system 256 uuids' worth at a time (a system
# call per uuid was 4% of adding 10,000 entries at once). A forked child starts afresh,
# so no two processes ever share them.
_RANDOM_POOL = bytearray()
os.register_at_fork(after_in_child=_RANDOM_POOL.clear)


def new_uuid() -> str:
    """A random (version 4) UUID as text, as str(uuid.uuid4()) gives it: what an entry
    or record is known by across journals (imports match on it). Made here from 16
    random bytes, without uuid's objects: uuid.uuid4() was 3% of adding in bulk."""
    if not _RANDOM_POOL:
        _RANDOM_POOL.extend(os.urandom(16 * 256))
    value = int.from_bytes(_RANDOM_POOL[-16:], "big")
    del _RANDOM_POOL[-16:]
    value = (value & ~(0xF000 << 64)) | (4 << 76)  # the version
    value = (value & ~(0xC000 << 48)) | (0x8000 << 48)  # the variant (RFC 4122)
    text = f"{value:032x}"
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"
