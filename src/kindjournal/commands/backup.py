"""kj backup and kj restore-backup: a consistent copy of the journal, and putting one back."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kindjournal.commands.common import ask_passphrase, is_interactive, journal_path, open_db
from kindjournal.errors import UsageError


def backup(
    path: Annotated[
        Path | None,
        typer.Argument(help="Where to write the copy (a new file, or a folder). Default: "
                       "beside the journal, with the date and time in its name.",
                       show_default=False),
    ] = None,
) -> None:
    """Copy the journal safely, even while kj is writing to it."""
    from kindjournal.journal.backups import backup_to, default_backup_path

    source = journal_path()
    if path is None:
        destination = default_backup_path(source)
    else:
        destination = path.expanduser()
        if destination.is_dir():
            destination = default_backup_path(source, destination)
    if destination.exists():
        raise UsageError(f"{destination} already exists; give another name.")
    written = backup_to(open_db(), destination)
    typer.echo(f"Backed up your journal to {written}")


def restore_backup(
    path: Annotated[Path, typer.Argument(help="The backup file to put back.")],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Replace without asking.")] = False,
) -> None:
    """Replace the journal with a backup, checked first. A copy of the journal as it is now
    is kept."""
    from kindjournal.journal.backups import check_backup, restore_into

    backup_file = path.expanduser()
    target = journal_path()
    summary = check_backup(backup_file, target, ask_passphrase if is_interactive() else None)
    typer.echo(f"{backup_file} is a sound kindjournal journal "
               f"({summary['entries']} entries, version {summary['version']}).", err=True)
    if not yes:
        if not is_interactive():
            raise UsageError("Restoring replaces your journal: add --yes to go ahead.")
        if not typer.confirm(f"Replace {target} with it? A copy of your journal as it is "
                             "now is kept first.", default=False, err=True):
            typer.echo("Nothing was changed.", err=True)
            return
    kept = restore_into(open_db(create=True), backup_file, summary["key"])
    typer.echo(f"Restored {backup_file}. Your journal as it was is kept at {kept}")
