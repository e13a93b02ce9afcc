"""An encrypted journal (issue 12): the whole file encrypted with SQLCipher, and its key.

kj always hands SQLCipher a raw 32-byte key (``PRAGMA key = "x'...'"``), never the
passphrase: the key is derived here exactly as SQLCipher 4 derives it by default
(PBKDF2-HMAC-SHA512, 256,000 rounds, the 16-byte salt that starts the file), so the
same passphrase also opens the file in SQLCipher's own shell, while the derived key,
which costs about 0.15 s to make, can be kept in the operating system's keyring and
used at once. Where a key comes from, in order: the keyring, KJ_PASSPHRASE,
KJ_PASSPHRASE_COMMAND, then a question on the terminal.

sqlcipher3 is imported only here and only for an encrypted journal, so a plain
journal's start-up never pays for it; keyring_choice.py reaches the keyring quickly.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from collections.abc import Callable
from pathlib import Path

from kindjournal.errors import KindJournalError

KDF_ITERATIONS = 256_000  # SQLCipher 4's default (kdf_iter)
SALT_BYTES = 16
KEY_BYTES = 32
KEYRING_SERVICE = "kindjournal"
PASSPHRASE_ENV = "KJ_PASSPHRASE"
PASSPHRASE_COMMAND_ENV = "KJ_PASSPHRASE_COMMAND"

# A passphrase shorter than this is refused when one is set (not when one is typed to
# open a journal: that one is checked against the file).
SHORTEST_PASSPHRASE = 8

AskPassphrase = Callable[[str], str]


class WrongPassphrase(KindJournalError):
    pass


def looks_encrypted(header: bytes, size: int) -> bool:
    """An SQLCipher file: no plain SQLite header, whole pages of what looks like noise.
    Only the key can tell more, so open_keyed checks it is a kindjournal journal."""
    return size >= 1024 and size % 512 == 0 and not header.startswith(b"SQLite format 3")


def derive_key(passphrase: str, salt: bytes) -> bytes:
    return hashlib.pbkdf2_hmac("sha512", passphrase.encode("utf-8"), salt, KDF_ITERATIONS,
                               KEY_BYTES)


def new_salt() -> bytes:
    return secrets.token_bytes(SALT_BYTES)


def read_salt(path: Path) -> bytes:
    with path.open("rb") as handle:
        return handle.read(SALT_BYTES)


def key_pragma(key: bytes, salt: bytes | None = None) -> str:
    """The raw-key form of PRAGMA key; with salt, a new file gets that salt (a backup
    keeps its journal's, so the same passphrase opens both)."""
    return f"\"x'{key.hex()}{salt.hex() if salt else ''}'\""


def connect(target: str, key: bytes | None, salt: bytes | None = None, uri: bool = False,
            timeout: float = 30.0):
    """A sqlcipher3 connection, keyed before anything is read. SQLCipher's own log
    (which writes to stderr on a wrong key) is turned off: kj says it in one line."""
    import sqlcipher3

    conn = sqlcipher3.connect(target, uri=uri, timeout=timeout)
    conn.execute("PRAGMA cipher_log_level = NONE")
    if key is not None:
        conn.execute(f"PRAGMA key = {key_pragma(key, salt)}")
    return conn


def key_works(conn) -> bool:
    import sqlcipher3

    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlcipher3.DatabaseError:
        return False
    return True


def wrong_passphrase(path: Path) -> WrongPassphrase:
    # Random bytes look just like an encrypted file: only the key tells them apart.
    return WrongPassphrase(f"That passphrase does not open {path} (or it is not a "
                           "kindjournal journal); nothing was read or changed.")


def inspect_keyed(conn, path: Path):
    """The header checks of file_checks.inspect_journal_file, for an encrypted file, once
    keyed: a JournalFile, or the same refusals."""
    from kindjournal.journal.database import SCHEMA_VERSION
    from kindjournal.journal.file_checks import (
        APPLICATION_ID,
        JournalFile,
        newer_journal,
        refuse_file,
    )

    (application_id,) = conn.execute("PRAGMA application_id").fetchone()
    if application_id != APPLICATION_ID:
        conn.close()
        raise refuse_file(path, "is an encrypted database but not a kindjournal journal")
    (schema_version,) = conn.execute("PRAGMA user_version").fetchone()
    if schema_version > SCHEMA_VERSION:
        conn.close()
        raise newer_journal(path, schema_version)
    return JournalFile(path, exists=True, schema_version=schema_version, encrypted=True)


# ---- where the passphrase or key comes from -------------------------------------------

def passphrase_from_environment() -> str | None:
    """KJ_PASSPHRASE, or the first line KJ_PASSPHRASE_COMMAND prints (as restic's and
    borg's password commands do), for scripts and tests."""
    if os.environ.get(PASSPHRASE_ENV):
        return os.environ[PASSPHRASE_ENV]
    command = os.environ.get(PASSPHRASE_COMMAND_ENV)
    if not command:
        return None
    import shlex
    import subprocess

    try:
        done = subprocess.run(shlex.split(command), capture_output=True, text=True,
                              timeout=120, check=False)
    except (OSError, ValueError, subprocess.TimeoutExpired) as error:
        raise KindJournalError(f"{PASSPHRASE_COMMAND_ENV} could not be run ({error}); "
                               "nothing was read or changed.") from None
    lines = done.stdout.splitlines()
    if done.returncode != 0 or not lines or not lines[0]:
        raise KindJournalError(f"{PASSPHRASE_COMMAND_ENV} printed no passphrase (exit "
                               f"{done.returncode}); nothing was read or changed.")
    return lines[0]


def passphrase(path: Path, ask: AskPassphrase | None, question: str | None = None) -> str:
    """The passphrase from the environment, else asked on the terminal."""
    found = passphrase_from_environment()
    if found is not None:
        return found
    if ask is None:
        raise KindJournalError(
            f"{path} is an encrypted journal, or not a kindjournal journal at all; nothing "
            f"was read. To open it, type its passphrase in a terminal, or set "
            f"{PASSPHRASE_ENV} or {PASSPHRASE_COMMAND_ENV}.")
    return ask(question or f"Passphrase for {path}")


def _keyring_name(path: Path) -> str:
    return str(path.resolve())


def remembered_key(path: Path) -> bytes | None:
    """The key kept in the keyring for this journal, if any (no keyring: None)."""
    from kindjournal.journal import keyring_choice

    try:
        keyring = keyring_choice.use_keyring()
        stored = keyring_choice.read(keyring, KEYRING_SERVICE, _keyring_name(path))
    except Exception:  # no usable keyring here: the other sources still work
        return None
    try:
        return bytes.fromhex(stored) if stored else None
    except ValueError:
        return None


def remember_key(path: Path, key: bytes) -> None:
    """Keep the key in the keyring and read it back: a keyring that stores nothing
    (keyring's null backend, a misconfigured one) must not be reported as keeping it."""
    from kindjournal.journal import keyring_choice

    try:
        keyring = keyring_choice.use_keyring()
        keyring_choice.write(keyring, KEYRING_SERVICE, _keyring_name(path), key.hex())
        kept = keyring.get_password(KEYRING_SERVICE, _keyring_name(path))
    except Exception as error:
        raise KindJournalError(f"The key could not be kept in this computer's keyring "
                               f"({error}); the journal itself is fine.") from None
    if kept != key.hex():
        raise KindJournalError("This computer's keyring did not keep the key, so kj will ask "
                               "for the passphrase each time; the journal itself is fine.")


def forget_key(path: Path) -> bool:
    """Remove the remembered key; False when there was none (or no keyring)."""
    from kindjournal.journal import keyring_choice

    try:
        keyring = keyring_choice.use_keyring()
        return keyring_choice.delete(keyring, KEYRING_SERVICE, _keyring_name(path))
    except Exception:
        return False


def open_keyed(path: Path, ask: AskPassphrase | None, uri: bool = False,
               timeout: float = 30.0):
    """Connect to an encrypted journal and find its key: (connection, key).

    A remembered key that no longer works (the passphrase changed elsewhere) is passed
    over for the other sources. A wrong passphrase is WrongPassphrase, with the file
    untouched: SQLCipher writes nothing until the key has read page one."""
    target = f"{path.resolve().as_uri()}?mode=ro&immutable=1" if uri else str(path)
    key = remembered_key(path)
    if key is not None:
        conn = connect(target, key, uri=uri, timeout=timeout)
        if key_works(conn):
            return conn, key
        conn.close()
    key = derive_key(passphrase(path, ask), read_salt(path))
    conn = connect(target, key, uri=uri, timeout=timeout)
    if not key_works(conn):
        conn.close()
        raise wrong_passphrase(path)
    return conn, key


# ---- turning encryption on and off, and changing the passphrase -----------------------

def check_new_passphrase(new_passphrase: str) -> str:
    if len(new_passphrase) < SHORTEST_PASSPHRASE:
        raise KindJournalError(f"A passphrase needs at least {SHORTEST_PASSPHRASE} characters "
                               "(a few words you will remember is best). Nothing was changed.")
    return new_passphrase


def _export(source, destination: Path, key_sql: str) -> None:
    """Copy every table, index, trigger and the search index into a new file with
    SQLCipher's sqlcipher_export (the backup API cannot copy between a plain and an
    encrypted file), with the header fields kj reads (export leaves them out)."""
    version, application_id = source.execute(
        "SELECT user_version, application_id FROM pragma_user_version, "
        "pragma_application_id").fetchone()
    source.execute(f"ATTACH DATABASE ? AS kj_copy KEY {key_sql}", [str(destination)])
    try:
        source.execute("SELECT sqlcipher_export('kj_copy')")
        source.execute(f"PRAGMA kj_copy.user_version = {int(version)}")
        source.execute(f"PRAGMA kj_copy.application_id = {int(application_id)}")
        source.commit()
    finally:
        source.execute("DETACH DATABASE kj_copy")


def _rewrite(path: Path, source_key: bytes | None, target_key_sql: str,
             target_key: bytes | None) -> None:
    """Write the journal anew beside itself (0600), then put it in place in one step,
    so a kj stopped half-way leaves the journal as it was."""
    from kindjournal.files import atomic_private_file

    source = connect(str(path), source_key)
    try:
        source.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        with atomic_private_file(path, replace=True) as (temporary, _handle):
            _export(source, temporary, target_key_sql)
            source.close()
            finish = connect(str(temporary), target_key)
            try:
                finish.execute("PRAGMA journal_mode = WAL")
            finally:
                finish.close()
    finally:
        source.close()


def encrypt_file(path: Path, new_passphrase: str) -> bytes:
    """Encrypt the plain journal at path with the passphrase; returns its key."""
    salt = new_salt()
    key = derive_key(check_new_passphrase(new_passphrase), salt)
    _rewrite(path, None, key_pragma(key, salt), key)
    return key


def decrypt_file(path: Path, key: bytes) -> None:
    """Write the encrypted journal at path back as a plain SQLite file."""
    _rewrite(path, key, "''", None)


def change_passphrase(db, new_passphrase: str) -> bytes:
    """Re-encrypt the open journal (db.cipher set) under a new passphrase, keeping its
    salt; returns the new key. Backups made before keep the passphrase they had."""
    key = derive_key(check_new_passphrase(new_passphrase), db.cipher[1])
    db.conn.execute(f"PRAGMA rekey = {key_pragma(key)}")
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.cipher = (key, db.cipher[1])
    return key
