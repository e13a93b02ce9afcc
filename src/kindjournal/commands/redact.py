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
        typer.echo("Your list is empty. Add names with: kj redact add (it asks for them).")
        return
    for name in names:
        say(name)


def add_names_cmd(
    names: Annotated[list[str] | None, typer.Argument(
        help="Names to take out of exports; quote a name with a space: \"Mrs Patel\". "
        "Give none to type them at a prompt or pipe them in, one a line, so they stay out "
        "of your shell's history.", show_default=False)] = None,
) -> None:
    """Add names to your private list; any case, possessives and punctuation match."""
    from kindjournal.journal.redaction_names import add_names

    db = open_db(create=True).require_writable()
    names = list(names or []) or _names_typed_or_piped()
    if not names:
        typer.echo("No names given; your list is as it was.")
        return
    added = add_names(db, names)
    if added:
        say(f"Added {len(added)} to your list: {', '.join(added)}.")
    skipped = len(names) - len(added)
    if skipped:
        typer.echo(f"{skipped} already on your list.")


def _names_typed_or_piped() -> list[str]:
    """Names from standard input, one a line: asked for on a terminal (an empty line
    finishes), read as they come from a pipe or a file."""
    import sys

    if not sys.stdin.isatty():
        return [line.strip() for line in sys.stdin if line.strip()]
    names = []
    typer.echo("Type a name and press Enter; an empty line finishes.")
    while True:
        name = typer.prompt("Name", default="", show_default=False).strip()
        if not name:
            return names
        names.append(name)


def remove_name_cmd(
    name: Annotated[str, typer.Argument(help="The name to take off your list.")],
) -> None:
    """Take a name off your private list."""
    from kindjournal.journal.redaction_names import remove_name

    remove_name(open_db().require_writable(), name)
    typer.echo(f"Removed '{' '.join(name.split())}' from your list.")
