"""Whose the journal's folder and files are, checked before anything is read or written
(issue 12): another account must not be able to read what is written, nor plant a file
(a -wal beside the journal, a link at its path) that receives it."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from kindjournal.errors import KindJournalError


def _fix_hint(path: Path, folder: bool) -> str:
    return f"chmod {'700' if folder else '600'} '{path}'"


def check_place(path: Path) -> Path:
    """Whose the journal's folder and files are, before anything is read or written.

    A symbolic link at the journal's path is followed only to an existing file (never
    written through to create one). The folder, the journal and SQLite's -wal and -shm
    files must belong to the person running kj and not be writable by others: otherwise
    another account could read what is written or plant a file that receives it. A
    journal of theirs that others can read is made private (0600) on the spot."""
    if path.is_symlink():
        target = Path(os.path.realpath(path))
        if not target.is_file():
            raise KindJournalError(
                f"{path} is a link to {target}, which is not there; kj will not create a "
                "journal through a link. Remove the link or give the real file with --db.")
        path = target
    if not hasattr(os, "getuid"):
        return path  # Windows: files are private to the account through their ACLs
    me = os.getuid()
    folder = path.parent
    try:
        info = folder.stat()
    except OSError:
        return path  # not there yet: created private (0700) when the journal is
    if info.st_uid != me:
        raise KindJournalError(
            f"The folder {folder} belongs to another account, so kj will not keep your "
            "journal there. Choose a folder of your own with --db or KJ_HOME.")
    if info.st_mode & 0o022:
        raise KindJournalError(
            f"The folder {folder} can be written by other accounts, so they could plant "
            f"files your journal writes into. Make it yours alone: {_fix_hint(folder, True)}")
    for name in (path.name, path.name + "-wal", path.name + "-shm"):
        file = folder / name
        try:
            info = file.lstat()
        except OSError:
            continue
        if file.is_symlink() or info.st_uid != me or info.st_mode & 0o022:
            raise KindJournalError(
                f"{file} belongs to another account, is a link or can be written by others, "
                "so kj has not used it. Move it away if you do not know it, or: "
                f"{_fix_hint(file, False)}")
        if name == path.name and info.st_mode & 0o077:
            with contextlib.suppress(OSError):  # read-only media: read it as it is
                os.chmod(file, 0o600)
    return path
