"""Private files and where they live: the journal's path, the data folder, and the one
way kj writes a file (private and never half-written).

The journal: --db PATH, then $KJ_DB, then $KJ_HOME/journal.db, then the user's data
directory (platformdirs). User packs live in <home>/prompts.

Writing (atomic_private_file, and the helpers built on it):
A new file is written under a temporary name beside its destination (created 0600
with O_CREAT|O_EXCL), flushed to disk, then put in place in one step: os.link,
which fails if the destination appeared meanwhile, or os.replace when replacing is
wanted. Where the file system has no hard links, it checks, then renames. If
anything fails, the temporary file is removed and the destination is untouched.
Folders kj makes are 0700.
"""

from __future__ import annotations

import contextlib
import io
import os
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, TextIO

from kindjournal.errors import KindJournalError, UsageError

# Temporary files are named .<destination name>.<random>.part, beside the destination.
TEMPORARY_SUFFIX = ".part"


class DestinationExists(FileExistsError):
    """The destination appeared while kj was writing (only when not replacing)."""


def make_private_folders(folder: Path, parents: bool = True) -> None:
    """Create ``folder`` (and, with parents, any missing above it) readable by the
    person alone. mkdir's mode is filtered by the umask, so each is chmodded too.
    Without parents, a missing parent raises FileNotFoundError, as mkdir does."""
    missing = []
    while not folder.exists() and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
        if not parents:
            break
    for created in reversed(missing):
        try:
            created.mkdir(mode=0o700)
        except FileExistsError:
            continue  # another kj made it a moment ago
        os.chmod(created, 0o700)


def _private_temporary(path: Path) -> tuple[Path, int]:
    folder = path.parent if str(path.parent) else Path(".")
    for _attempt in range(20):
        temporary = folder / f".{path.name}.{secrets.token_hex(4)}{TEMPORARY_SUFFIX}"
        try:
            return temporary, os.open(temporary, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            continue
        except OSError as error:  # name the file the person asked for, not ours
            raise type(error)(error.errno, error.strerror, str(path)) from None
    raise KindJournalError(f"Could not create a temporary file in {folder}.")


def _put_in_place(temporary: Path, path: Path, replace: bool) -> None:
    if replace:
        os.replace(temporary, path)
        return
    try:
        os.link(temporary, path)  # unlike a rename, refuses to replace what appeared meanwhile
    except FileExistsError:
        raise DestinationExists(f"{path} already exists") from None
    except OSError:  # a file system without hard links: check, then rename
        if path.exists():
            raise DestinationExists(f"{path} already exists") from None
        os.replace(temporary, path)


@contextlib.contextmanager
def atomic_private_file(path: Path, replace: bool = False) -> Iterator[tuple[Path, BinaryIO]]:
    """The one atomic private write: yields the temporary file's path and a binary
    handle on it. Write through the handle, or let another writer (SQLite) fill the
    path; on a clean exit the file is flushed to disk (fsync) and put in place. It
    raises DestinationExists if, without replace, the destination is already there."""
    temporary, fd = _private_temporary(path)
    try:
        with open(fd, "r+b") as handle:
            yield temporary, handle
            handle.flush()
            os.fsync(handle.fileno())  # syncs the file, whichever handle wrote it
        os.chmod(temporary, 0o600)
        _put_in_place(temporary, path, replace)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)


def write_private_bytes(path: Path, data: bytes, replace: bool = False) -> None:
    """Write ``data`` as a new private file in one step (see atomic_private_file)."""
    with atomic_private_file(path, replace) as (_temporary, handle):
        handle.write(data)


def refuse_existing(path: Path, force: bool) -> None:
    if path.is_dir():
        raise UsageError(f"{path} is a folder; give a file name to write to.")
    if path.exists() and not force:
        raise UsageError(f"{path} already exists; choose another name, or add --force "
                         "to replace it.")


@contextlib.contextmanager
def private_text_file(path: Path, force: bool = False) -> Iterator[TextIO]:
    """A text file (UTF-8, no newline translation) that appears only when complete."""
    refuse_existing(path, force)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise UsageError(f"The folder {folder} does not exist; create it first.")
    try:
        with atomic_private_file(path, replace=force) as (_temporary, handle):
            text = io.TextIOWrapper(handle, encoding="utf-8", newline="")
            yield text
            text.flush()
            text.detach()  # the handle stays open for atomic_private_file to sync
    except DestinationExists:
        raise UsageError(f"{path} appeared while kj was writing; nothing was "
                         "replaced. Add --force to replace it.") from None


def write_private_json(path: Path, document, force: bool = False) -> None:
    """A JSON document (indented, UTF-8 as written) in a new private file, whole or not
    at all: the one shape of kj's own export files (records, supervision)."""
    import json

    with private_text_file(path, force) as handle:
        handle.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")


# -- where things live ----------------------------------------------------------

APP_NAME = "kindjournal"
JOURNAL_FILENAME = "journal.db"


def data_home() -> Path:
    """$KJ_HOME if set, else the per-user data folder of this platform."""
    home = os.environ.get("KJ_HOME")
    if home:
        return Path(home).expanduser()
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def journal_path(db_option: str | Path | None = None) -> Path:
    """The journal file to use, by the documented order of precedence."""
    if db_option:
        return Path(db_option).expanduser()
    from_env = os.environ.get("KJ_DB")
    if from_env:
        return Path(from_env).expanduser()
    return data_home() / JOURNAL_FILENAME


def user_prompts_dir() -> Path:
    """Folder for the person's own prompt packs (may not exist yet)."""
    return data_home() / "prompts"
