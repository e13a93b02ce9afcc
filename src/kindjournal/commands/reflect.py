"""kj reflect: a guided reflection after a shift (or entries added from a file)."""

from __future__ import annotations

from typing import Annotated

import typer

from kindjournal.commands.common import open_db, read_input_file, user_prompt_dir
from kindjournal.errors import UsageError

INTERRUPTED = 130  # the usual exit code after Ctrl-C


def reflect(
    date: Annotated[
        str | None,
        typer.Option("--date", "-d", help="Shift date: 'yesterday', 'last night', 'last fri', "
                     "'3/11' (day first), '2026-11-03'. Default today.", show_default=False),
    ] = None,
    shift: Annotated[
        str | None,
        typer.Option("--shift", "-s", help="day, night, long-day, early, late or other. "
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
    from kindjournal.journal import writes
    from kindjournal.reflect import flow
    from kindjournal.reflect.packs import DEFAULT_PACK, PackError, checkin_signals, load_pack
    from kindjournal.screens import styled

    today = date_type.today()
    try:
        shift_date = dates.parse_day(date, today) if date else today
    except dates.DateError as error:
        raise UsageError(str(error)) from None
    shift_type = writes.normalise_shift(shift) if shift else None
    if editor:
        from kindjournal.reflect.external_editor import editor_command

        editor_command()  # no editor set: say so before anything is asked or saved
    try:
        chosen_pack = load_pack(pack or DEFAULT_PACK, user_prompt_dir())
    except PackError as error:
        raise UsageError(str(error).splitlines()[0]) from None

    db = open_db()
    try:
        entry_id = _start_or_resume(db, resume, today, shift_date, shift_type, chosen_pack,
                                    tags or [], share, supervision, quick)
        _interview(db, entry_id, quick, editor)
    except (KeyboardInterrupt, EOFError):
        styled.console().print()
        styled.print_text("Paused. Everything you wrote is saved as a draft; "
                          "run 'kj reflect' to carry on.")
        raise typer.Exit(code=INTERRUPTED) from None
    entry = writes.entry_details(db, entry_id)
    used_pack = load_pack(entry["pack"], user_prompt_dir())
    signals = checkin_signals(used_pack, user_prompt_dir())
    prompt_count = db.execute(
        "SELECT count(*) FROM answers WHERE entry_id = ?", [entry_id]).fetchone()[0]
    styled.print_summary(flow.summary(entry, len(signals), prompt_count))
    from kindjournal.revalidation.progress import reminder  # near a renewal, weekly at most

    if (nudge := reminder(db, today)) is not None:
        styled.print_note(nudge)


def _start_or_resume(db, resume, today, shift_date, shift_type, pack, tags, share,
                     supervision, quick) -> int:
    from kindjournal.journal import writes
    from kindjournal.reflect import flow, interview
    from kindjournal.screens import styled

    draft = writes.latest_draft(db)
    if resume and draft is None:
        raise UsageError("There is no unfinished reflection to resume; run 'kj reflect' "
                         "to start one.")
    if draft is not None and resume is None:
        state = writes.draft_state(db, draft["id"])
        styled.print_text(
            f"You have an unfinished reflection from "
            f"{styled.friendly_date(draft['shift_date'])} "
            f"({flow.describe_draft(state)})."
        )
        reply = interview.ask("Carry on with it? [Y/n]: ").strip().lower()
        resume = reply in ("", "y", "yes")
    if resume:
        if tags:
            writes.add_tags(db, draft["id"], tags)
        return draft["id"]

    styled.print_heading(f"Reflecting on {styled.friendly_date(shift_date.isoformat())}")
    styled.print_note("A few minutes, a few words. Everything is saved as you go; "
                      "Ctrl-C keeps a draft.")
    interview.review_actions(db, today)
    if shift_type is None:
        shift_type = interview.ask_shift()
    prompts = [] if quick else flow.draw_prompts(
        pack, writes.wording_history(db, pack.name))
    return writes.create_draft(db, pack=pack.name, shift_date=shift_date,
                                shift_type=shift_type, share=share, supervision=supervision,
                                prompts=prompts, tags=tags)


def _interview(db, entry_id: int, quick: bool, use_editor: bool) -> None:
    from kindjournal.journal import writes
    from kindjournal.reflect import flow, interview
    from kindjournal.reflect.packs import PackError, checkin_signals, discover_packs, load_pack

    draft = writes.draft_state(db, entry_id)
    try:
        pack = load_pack(draft["pack"], user_prompt_dir())
    except PackError as error:
        raise UsageError(f"This draft uses pack '{draft['pack']}', which cannot be loaded: "
                         f"{str(error).splitlines()[0]}") from None
    signals = checkin_signals(pack, user_prompt_dir())
    todo = flow.progress(draft, signals)
    interview.run_checkin(db, entry_id, todo.ratings_to_ask)

    if todo.ratings_to_ask and draft["prompts"] and not any(
            row["answer"] is not None for row in draft["prompts"]):
        ratings = writes.draft_state(db, entry_id)["ratings"]
        packs, _problems = discover_packs(user_prompt_dir())
        suggestion = flow.suggest_pack(ratings, signals, set(packs), pack.name)
        if suggestion:
            history = writes.wording_history(db, suggestion)
            pack = interview.offer_pack_change(db, entry_id, packs[suggestion], history) or pack

    todo = flow.progress(writes.draft_state(db, entry_id), signals)
    from kindjournal.journal.redaction_names import list_names

    interview.run_prompts(db, entry_id, pack, todo.prompts_to_ask, todo.total_prompts,
                          interview.InterviewOptions(use_editor=use_editor,
                                                     private_names=tuple(list_names(db))))
    interview.ask_tags(db, entry_id)
    forward = pack.forward_theme
    writes.complete_entry(db, entry_id, forward.key if forward else None)


def _add_from_file(source: str) -> None:
    from datetime import date as date_type

    from kindjournal.journal.writes import add_entries
    from kindjournal.reflect.from_file import PackLookup, decode_entries, parse_entries

    raw, label = read_input_file(source)
    entries = parse_entries(decode_entries(raw, label), PackLookup(user_prompt_dir()),
                            date_type.today())
    # add_entries writes in plain SQL, so a current journal opens without sqlite-utils.
    db = open_db(for_reading=True)
    _report_identifiers(entries, db)
    added = add_entries(db, entries)
    noun = "entry" if len(added) == 1 else "entries"
    first, last = added[0], added[-1]
    where = f"#{first}" if first == last else f"#{first} to #{last}"
    typer.echo(f"Added {len(added)} {noun} ({where}).", err=True)


def _report_identifiers(entries, db) -> None:
    """Say which answers seem to hold an identifier; they are still added as written."""
    from kindjournal.journal.redaction_names import list_names
    from kindjournal.share.redaction import describe, find_identifiers, kinds_found

    names = list_names(db)
    reported = False
    for position, entry in enumerate(entries, start=1):
        for answer in entry.answers:
            found = kinds_found(find_identifiers(answer.answer or "", names))
            if found:
                where = f"entry {position}, " if len(entries) > 1 else ""
                typer.echo(f"Note: {where}answer '{answer.theme_key}' seems to hold "
                           f"{', '.join(describe(kind) for kind in found)}.", err=True)
                reported = True
    if reported:
        typer.echo("Added as written. 'kj export --redact' or '--for-group' takes such "
                   "details out of exports.", err=True)
