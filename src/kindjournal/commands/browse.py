"""kj list and kj show: reading the journal back."""

from __future__ import annotations

from typing import Annotated

import typer

from kindjournal.commands.common import (
    EntryIdArg,
    JsonOpt,
    LimitOpt,
    open_db,
    print_json,
    print_lines,
    user_prompt_dir,
)


def list_entries(
    limit: LimitOpt = 20,
    drafts: Annotated[bool, typer.Option("--drafts", help="Only unfinished drafts.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """List entries, newest first: number, date, shift, pack, first line and tags."""
    from kindjournal import plain
    from kindjournal.journal import entry_details, list_summaries

    db = open_db(for_reading=True)
    rows = list_summaries(db, limit=limit, drafts_only=drafts)
    if as_json:
        print_json([entry_details(db, row["id"]) for row in rows])
    else:
        print_lines(plain.format_entry_list(rows, plain.terminal_width(), plain.use_bold()))


def show_entry(entry_id: EntryIdArg, as_json: JsonOpt = False) -> None:
    """Show one entry in full: check-in, each prompt as it was asked, and its action."""
    from kindjournal import plain
    from kindjournal.journal import entry_details, resolve_entry_id

    db = open_db(for_reading=True)
    entry = entry_details(db, resolve_entry_id(db, entry_id))
    if as_json:
        print_json(entry)
        return
    print_lines(plain.format_entry(entry, _signals_for(entry["pack"]), plain.terminal_width(),
                                   plain.use_bold()))


def _signals_for(pack_name: str):
    """Labels for the ratings; an entry from a pack that is gone still shows its numbers."""
    from kindjournal.packs import PackError, checkin_signals, load_pack

    try:
        return checkin_signals(load_pack(pack_name, user_prompt_dir()), user_prompt_dir())
    except PackError:
        return ()
