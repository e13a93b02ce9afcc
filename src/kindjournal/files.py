"""Private files and where they live: the journal's path, the data folder, and the one
way kj writes a file (private and never half-written).

The journal: --db PATH, then $KJ_DB, then $KJ_HOME/journal.db, then the user's data
directory (platformdirs). User packs live in <home>/prompts.

Writing:
A new file is written under a temporary name beside its destination (created 0600
with O_CREAT|O_EXCL), flushed to disk, then put in place in one step: os.link,
which fails if the destination appeared meanwhile, or os.replace with --force. If
anything fails, the temporary file is removed and the destination is untouched.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from kindjournal.errors import KindJournalError, UsageError


def refuse_existing(path: Path, force: bool) -> None:
    if path.is_dir():
        raise UsageError(f"{path} is a folder; give a file name to write to.")
    if path.exists() and not force:
        raise UsageError(f"{path} already exists; choose another name, or add --force "
                         "to replace it.")


def _private_temp(folder: Path, stem: str) -> tuple[Path, int]:
    for _attempt in range(20):
        temp = folder / f".{stem}.{secrets.token_hex(4)}.part"
        try:
            return temp, os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            continue
    raise KindJournalError(f"Could not create a temporary file in {folder}.")


@contextlib.contextmanager
def private_text_file(path: Path, force: bool = False) -> Iterator[TextIO]:
    """A text file (UTF-8, no newline translation) that appears only when complete."""
    refuse_existing(path, force)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise UsageError(f"The folder {folder} does not exist; create it first.")
    temp, fd = _private_temp(folder, path.name)
    try:
        with open(fd, "w", encoding="utf-8", newline="") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, 0o600)
        if force:
            os.replace(temp, path)
        else:
            try:
                os.link(temp, path)
            except FileExistsError:
                raise UsageError(f"{path} appeared while kj was writing; nothing was "
                                 "replaced. Add --force to replace it.") from None
            except OSError:  # filesystems without hard links: check, then rename
                if path.exists():
                    raise UsageError(f"{path} already exists; add --force to replace it."
                                     ) from None
                os.replace(temp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)

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
