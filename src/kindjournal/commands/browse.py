"""kj list, kj show and kj search: reading the journal back.

The commands people run most, so they read through the journal's plain sqlite3
connection (never loading sqlite-utils) and print plain text (entry_lines.py): no Rich.
"""

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
from kindjournal.commands.filter_options import (
    DraftsOpt,
    SharedOpt,
    ShiftOpt,
    SinceOpt,
    SupervisionOpt,
    TagOpt,
    UntilOpt,
    build_filters,
)


def list_entries(
    limit: LimitOpt = 20,
    since: SinceOpt = None,
    until: UntilOpt = None,
    tags: TagOpt = None,
    shift: ShiftOpt = None,
    shared: SharedOpt = False,
    supervision: SupervisionOpt = False,
    drafts: DraftsOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """List entries, newest first. One line each: number, date, shift, first line and tags
    (and the pack, on a screen 110 columns wide or more)."""
    from kindjournal import text
    from kindjournal.journal import reads
    from kindjournal.journal.filters import describe
    from kindjournal.screens import entry_lines

    filters = build_filters(since, until, tags, shift, shared, supervision, drafts)
    db = open_db()
    rows = reads.list_entries(db, filters, limit)
    if as_json:
        print_json(reads.entries_details(db, [row["id"] for row in rows]))
    elif not rows and filters.drafts:  # not "No entries drafts only."
        rest = describe(filters.replace(drafts=False))
        print_lines([f"No unfinished drafts{' ' + rest if rest else ''}."])
    elif not rows and describe(filters):
        print_lines([f"No entries {describe(filters)}."])
    else:
        total = reads.count_listed(db, filters) if len(rows) == limit else len(rows)
        print_lines(entry_lines.format_entry_list(rows, text.terminal_width(),
                                                  text.use_bold(), total))


def search_entries(
    query: Annotated[str, typer.Argument(
        help="Words to find. Quotes, AND, OR, NOT and word* work as in SQLite FTS5; "
        "anything else is searched as plain words.", show_default=False)],
    limit: LimitOpt = 20,
    since: SinceOpt = None,
    until: UntilOpt = None,
    tags: TagOpt = None,
    shift: ShiftOpt = None,
    shared: SharedOpt = False,
    supervision: SupervisionOpt = False,
    drafts: DraftsOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Search answers, prompts, tags and actions. Best matches first, each with the words
    that matched."""
    from kindjournal import text
    from kindjournal.journal import reads
    from kindjournal.journal.filters import describe
    from kindjournal.screens import entry_lines

    filters = build_filters(since, until, tags, shift, shared, supervision, drafts)
    db = open_db()
    rows = reads.search_entries(db, query, filters, limit)
    if as_json:
        entries = reads.entries_details(db, [row["id"] for row in rows])
        print_json([{"id": entry["id"], "uuid": entry["uuid"], "date": entry["date"],
                     "snippet": entry_lines.highlight(row["snippet"] or "", ("**", "**")),
                     "entry": entry}
                    for row, entry in zip(rows, entries, strict=True)])
    elif not rows:
        chosen = describe(filters)
        print_lines([f"Nothing found for '{entry_lines.clean(query)[:60]}'"
                     + (f" ({chosen})." if chosen else ".")])
    else:
        print_lines(entry_lines.format_search_results(rows, text.terminal_width(),
                                                     text.use_bold()))


def show_entry(entry_id: EntryIdArg, as_json: JsonOpt = False) -> None:
    """Show one entry in full. The check-in, each prompt as it was asked, and its action."""
    from kindjournal import text
    from kindjournal.journal.reads import entry_details, resolve_entry_id
    from kindjournal.screens import entry_lines

    db = open_db()
    entry = entry_details(db, resolve_entry_id(db, entry_id))
    if as_json:
        print_json(entry)
        return
    print_lines(entry_lines.format_entry(entry, _signals_for(entry["pack"]),
                                         text.terminal_width(), text.use_bold()))


def _signals_for(pack_name: str):
    """Labels for the ratings; an entry from a pack that is gone still shows its numbers."""
    from kindjournal.reflect.packs import PackError, checkin_signals, load_pack

    try:
        return checkin_signals(load_pack(pack_name, user_prompt_dir()), user_prompt_dir())
    except PackError:
        return ()
