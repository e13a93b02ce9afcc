"""kj redact: the private list of names taken out of group exports."""

from __future__ import annotations

from typing import Annotated

import typer

from kindjournal.commands.common import open_db, say


def show_names(ctx: typer.Context) -> None:
    """Your private list of names to redact (kept inside your journal)."""
    if ctx.invoked_subcommand is not None:
        return
    list_names_cmd()


def list_names_cmd() -> None:
    """List the names on your private list."""
    from kindjournal.journal.redaction_names import list_names

    names = list_names(open_db())
    if not names:
        typer.echo("Your list is empty. Add names with: kj redact add NAME...")
        return
    for name in names:
        say(name)


def add_names_cmd(
    names: Annotated[list[str], typer.Argument(help="Names to take out of exports; quote a "
                                               "name with a space: \"Mrs Patel\".")],
) -> None:
    """Add names to your private list; any case, possessives and punctuation match."""
    from kindjournal.journal.redaction_names import add_names

    added = add_names(open_db().require_writable(), names)
    if added:
        say(f"Added {len(added)} to your list: {', '.join(added)}.")
    skipped = len(names) - len(added)
    if skipped:
        typer.echo(f"{skipped} already on your list.")


def remove_name_cmd(
    name: Annotated[str, typer.Argument(help="The name to take off your list.")],
) -> None:
    """Take a name off your private list."""
    from kindjournal.journal.redaction_names import remove_name

    remove_name(open_db().require_writable(), name)
    typer.echo(f"Removed '{' '.join(name.split())}' from your list.")
