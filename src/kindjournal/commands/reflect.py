"""kj reflect: a guided reflection after a shift (or entries added from a file)."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from kindjournal.commands.common import open_db, user_prompt_dir

INTERRUPTED = 130  # the usual exit code after Ctrl-C


def reflect(
    date: Annotated[
        str | None,
        typer.Option("--date", "-d", help="Shift date: 'yesterday', 'last night', 'last fri', "
                     "'3/11' (day first), '2026-11-03'. Default today.", show_default=False),
    ] = None,
    shift: Annotated[
        str | None,
        typer.Option("--shift", "-s", help="day, night, long day, early, late or other. "
                     "Asked if not given.", show_default=False),
    ] = None,
    pack: Annotated[
        str | None,
        typer.Option("--pack", "-p", help="Prompt pack to use (see 'kj prompts'). "
                     "Default after-shift.", show_default=False),
    ] = None,
    tags: Annotated[
        list[str] | None,
        typer.Option("--tag", "-t", help="Tag the entry (repeat for more).", show_default=False),
    ] = None,
    share: Annotated[
        bool, typer.Option("--share", help="Mark the entry to share with your group.")
    ] = False,
    supervision: Annotated[
        bool, typer.Option("--supervision", help="Mark the entry to bring to supervision.")
    ] = False,
    editor: Annotated[
        bool, typer.Option("--editor", help="Write each answer in $EDITOR.")
    ] = False,
    quick: Annotated[bool, typer.Option("--quick", help="The check-in alone.")] = False,
    short: Annotated[bool, typer.Option(
        "--short", help="Two minutes, for the worst days: the check-in, one question chosen "
        "for how the shift went, and one thing to carry forward. Type 'later' at the "
        "question to finish another time.")] = False,
    resume: Annotated[
        bool | None,
        typer.Option("--resume/--new", help="Carry on the unfinished draft, or start a new "
                     "entry, without being asked.", show_default=False),
    ] = None,
    from_file: Annotated[
        str | None,
        typer.Option("--from", help="Add entries from a JSON / JSON Lines file ('-' for "
                     "stdin) without asking anything.", show_default=False),
    ] = None,
) -> None:
    """Reflect on a shift: a quick check-in, then a few prompts. Every answer is saved
    as you go; Ctrl-C leaves a draft that the next 'kj reflect' offers to resume."""
    if from_file is not None:
        _add_from_file(from_file)
        return
    from datetime import date as date_type

    from kindjournal import dates
    from kindjournal.errors import UsageError
    from kindjournal.journal.writes import normalise_shift
    from kindjournal.reflect import flow, session
    from kindjournal.reflect.packs import DEFAULT_PACK, load_pack
    from kindjournal.screens import styled

    if short and (quick or pack):
        raise UsageError("--short has its own three questions; use it without --quick "
                         "or --pack.")

    today = date_type.today()
    shift_date = dates.parse_day(date, today) if date else today
    shift_type = normalise_shift(shift) if shift else None
    if editor:
        from kindjournal.reflect.external_editor import editor_command

        editor_command()  # no editor set: say so before anything is asked or saved
    chosen_pack = load_pack(flow.SHORT_PACK if short else pack or DEFAULT_PACK,
                            user_prompt_dir())
    request = session.ReflectRequest(
        today=today, shift_date=shift_date, shift_type=shift_type, pack=chosen_pack,
        user_prompt_dir=user_prompt_dir(), tags=tuple(tags or ()), share=share,
        supervision=supervision, quick=quick, short=short, use_editor=editor,
        resume=resume)

    db = open_db(create=True).require_writable()
    try:
        entry_id, duplicate = session.reflect(db, request)
    except flow.FinishLater:
        styled.print_text("Kept as a draft. Rest now; 'kj reflect' will offer to carry on "
                          "when you are ready.")
        return
    except (KeyboardInterrupt, EOFError):
        styled.console().print()
        styled.print_text("Paused. Everything you wrote is saved as a draft; "
                          "run 'kj reflect' to carry on.")
        raise typer.Exit(code=INTERRUPTED) from None
    styled.print_summary(session.summary(db, entry_id, user_prompt_dir()))
    if duplicate is not None:
        styled.print_note(f"'{duplicate['text']}' is already on your list (from "
                          f"{styled.friendly_date(duplicate['shift_date'])}), so it is "
                          "kept once.")
    from kindjournal.revalidation.progress import reminder  # near a renewal, weekly at most

    if (nudge := reminder(db, today)) is not None:
        styled.print_note(nudge)


def _add_from_file(source: str) -> None:
    from datetime import date as date_type

    from kindjournal.reflect.from_file import PackLookup
    from kindjournal.reflect.from_stream import add_from_file

    def bar(size: int | None):
        from kindjournal.share.terminal import progress_bar

        return progress_bar("Adding entries")(size)

    # The entries are read, checked and written one at a time (a file of any size);
    # the notes about identifying details are told once they have all gone in.
    added = add_from_file(source, PackLookup(user_prompt_dir()), date_type.today(),
                          lambda: open_db(create=True).require_writable(),
                          bar if sys.stderr.isatty() else None)
    for note in added.notes.lines():
        typer.echo(note, err=True)
    ids = added.ids
    noun = "entry" if len(ids) == 1 else "entries"
    first, last = ids[0], ids[-1]
    where = f"#{first}" if first == last else f"#{first} to #{last}"
    typer.echo(f"Added {len(ids):,} {noun} ({where}).", err=True)
