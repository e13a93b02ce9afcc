"""kj note: one line for the nights when even two minutes is too much."""

from __future__ import annotations

from typing import Annotated

import typer

from kindjournal.commands.common import open_db

# A note is kept as a complete entry of the short pack with one answer, so list, show,
# search, export and trends (its entries and tags) all see it like any other entry.
NOTE_THEME = "what"
NOTE_PROMPT = "A note"


def note(
    words: Annotated[list[str], typer.Argument(
        help="What you want to remember, in a line (quote it, or just type it).",
        show_default=False)],
    date: Annotated[str | None, typer.Option(
        "--date", "-d", help="The shift it is about: 'yesterday', 'last night', '3/11', "
        "'2026-11-03'. Default today.", show_default=False)] = None,
    tags: Annotated[list[str] | None, typer.Option(
        "--tag", "-t", help="Tag the note (repeat for more).", show_default=False)] = None,
    shift: Annotated[str | None, typer.Option(
        "--shift", "-s", help="day, night, long day, early, late or other.",
        show_default=False)] = None,
) -> None:
    """Keep a one-line note about a shift. For when even a short reflection is too much.
    'kj reflect' can come later, or never."""
    from datetime import date as date_type

    from kindjournal import dates, text
    from kindjournal.errors import UsageError
    from kindjournal.journal.redaction_names import list_names
    from kindjournal.journal.writes import AnswerInput, EntryInput, add_entries, normalise_shift
    from kindjournal.reflect.flow import SHORT_PACK
    from kindjournal.reflect.from_file import identifier_notes

    written = " ".join(words).strip()
    if not written:
        raise UsageError("The note is empty; write a few words after 'kj note'.")
    today = date_type.today()
    shift_date = dates.parse_day(date, today) if date else today
    entry = EntryInput(shift_date=shift_date, pack=SHORT_PACK,
                       shift_type=normalise_shift(shift) if shift else None,
                       answers=[AnswerInput(NOTE_THEME, NOTE_PROMPT, written)],
                       tags=list(tags or ()))
    db = open_db(create=True).require_writable()
    for line in identifier_notes([entry], list_names(db)):
        typer.echo(line, err=True)
    (entry_id,) = add_entries(db, [entry])
    typer.echo(f"Noted for {text.weekday_date(shift_date)} (entry #{entry_id}).")
