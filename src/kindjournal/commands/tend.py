"""kj edit, kj delete, kj trash and kj restore: tending entries already written."""

from __future__ import annotations

from typing import Annotated

import typer

from kindjournal.commands.common import (
    EntryIdArg,
    is_interactive,
    open_db,
    print_lines,
    user_prompt_dir,
)
from kindjournal.errors import KindJournalError, UsageError

YesOpt = Annotated[bool, typer.Option("--yes", "-y", help="Do it without asking.")]
RemoveCopiesOpt = Annotated[bool, typer.Option(
    "--remove-copies", help="Also remove the copies kj made beside the journal (backups, "
    "pre-upgrade and pre-restore copies), which still hold the deleted text.")]


def edit_entry(
    entry_id: EntryIdArg,
    share: Annotated[bool | None, typer.Option(
        "--share/--no-share", help="Mark (or unmark) the entry to share with your group.",
        show_default=False)] = None,
    supervision: Annotated[bool | None, typer.Option(
        "--supervision/--no-supervision", help="Mark (or unmark) it for supervision.",
        show_default=False)] = None,
    tags: Annotated[list[str] | None, typer.Option(
        "--tag", "-t", help="Add a tag (repeat for more).", show_default=False)] = None,
    untags: Annotated[list[str] | None, typer.Option(
        "--untag", help="Remove a tag (repeat for more).", show_default=False)] = None,
    date: Annotated[str | None, typer.Option(
        "--date", "-d", help="Move the entry to another shift date ('yesterday', '3/11').",
        show_default=False)] = None,
) -> None:
    """Change an entry. With no options it opens in $EDITOR as text: the header (date,
    shift, tags, flags), the ratings and each prompt with your answer. With options it
    changes just those, without an editor."""
    import datetime

    from kindjournal import dates
    from kindjournal.journal import edits, reads

    db = open_db().require_writable()
    number = reads.resolve_entry_id(db, entry_id)
    quick = any(value is not None for value in (share, supervision, tags, untags, date))
    if not quick:
        from kindjournal.reflect.external_editor import editor_command

        try:
            editor_command()
        except UsageError:
            raise UsageError("kj edit needs an editor: set EDITOR (e.g. EDITOR=nano), or use "
                             "--tag, --share, --date and the other options. "
                             "Nothing was changed.") from None
        _edit_in_editor(db, number)
        return
    shift_date = None
    if date is not None:
        try:
            shift_date = dates.parse_day(date, datetime.date.today())
        except dates.DateError as error:
            raise UsageError(f"--date: {error}") from None
    from kindjournal.journal.writes import normalise_tag

    before = reads.entry_details(db, number)
    missing = [tag for tag in untags or [] if normalise_tag(tag) not in before["tags"]]
    if missing:
        has = ", ".join(before["tags"]) or "none"
        raise UsageError(f"Entry #{number} has no tag '{missing[0]}' (its tags: {has}). "
                         "Nothing was changed.")
    edits.quick_edit(db, number, share=share, supervision=supervision,
                     add_tags=tags or [], remove_tags=untags or [], shift_date=shift_date)
    after = reads.entry_details(db, number)
    changes = [what for what, changed in (
        ("tags", before["tags"] != after["tags"]), ("date", before["date"] != after["date"]),
        ("sharing", before["share"] != after["share"]),
        ("supervision mark", before["supervision"] != after["supervision"])) if changed]
    if changes:
        typer.echo(f"Entry #{number} updated: {', '.join(changes)}.")
    else:
        typer.echo(f"Entry #{number} was already like that; nothing changed.")


def _edit_in_editor(db, number: int) -> None:
    import datetime

    from kindjournal.journal import edits, reads
    from kindjournal.reflect import entry_text
    from kindjournal.reflect.external_editor import edit_text

    entry = reads.entry_details(db, number)
    prompts = reads.prompts_as_asked(db, number)
    signal_keys = list(dict.fromkeys(_pack_signal_keys(entry["pack"])
                                     + reads.rated_signal_keys(db, number)))
    original = entry_text.entry_text(entry, signal_keys, prompts)
    text = original
    while True:
        text = edit_text(text)
        if text.strip() == "" or text == original:
            typer.echo(f"No changes: entry #{number} is as it was.")
            return
        try:
            edited = entry_text.parse_entry_text(text, signal_keys,
                                              [p["theme_key"] for p in prompts],
                                              datetime.date.today())
            break
        except entry_text.EditError as error:
            typer.echo(f"kj: could not read the edited entry: {error}", err=True)
            if not is_interactive() or not typer.confirm(
                    "Open it again to fix that? (No leaves the entry as it was)", default=True):
                raise KindJournalError(f"Entry #{number} was not changed.") from None
    edits.apply_edit(db, number, edited)
    typer.echo(f"Entry #{number} saved.")


def _pack_signal_keys(pack_name: str) -> list[str]:
    from kindjournal.reflect.packs import PackError, checkin_signals, load_pack

    try:
        return [signal.key for signal in
                checkin_signals(load_pack(pack_name, user_prompt_dir()), user_prompt_dir())]
    except PackError:
        return []


def delete_entry(
    entry_id: EntryIdArg,
    yes: YesOpt = False,
    purge: Annotated[bool, typer.Option(
        "--purge", help="Delete the entry for good now, not into the trash (asks first).")
    ] = False,
    remove_copies: RemoveCopiesOpt = False,
) -> None:
    """Move an entry to the trash. 'kj restore ID' brings it back."""
    from kindjournal.journal import edits, reads

    db = open_db().require_writable()
    if purge:
        try:
            number = reads.resolve_entry_id(db, entry_id)
        except UsageError:
            number = reads.resolve_entry_id(db, entry_id, trashed=True)
        if not yes:
            _confirm(f"Delete entry #{number} for good? This cannot be undone.",
                     "kj delete --purge")
        edits.empty_trash(db, number)
        typer.echo(f"Deleted entry #{number} for good.")
        _tell_about_copies(yes, remove_copies)
        return
    number = reads.resolve_entry_id(db, entry_id)
    if not yes:
        from kindjournal.screens.entry_lines import clean, first_line
        from kindjournal.text import fit, terminal_width, weekday_date

        entry = reads.entry_details(db, number)
        first = next((clean(first_line(a["answer"])) for a in entry["answers"]
                      if a["answer"].strip()), "")
        # The question and its " [y/N]: " on one line: the first line gets what is left.
        day = weekday_date(entry["date"])
        question = f"Move entry #{number} ({day}) to the trash?"
        room = min(40, terminal_width() - len(question) - len(": ") - len(" [y/N]: ") - 1)
        if first and room >= 12:
            question = f"Move entry #{number} ({day}: {fit(first, room)}) to the trash?"
        _confirm(question, "kj delete")
    edits.trash(db, number)
    typer.echo(f"Entry #{number} is in the trash. 'kj restore {number}' brings it back.")


def show_trash(
    empty: Annotated[bool, typer.Option(
        "--empty", help="Delete everything in the trash for good (asks first).")] = False,
    yes: YesOpt = False,
    remove_copies: RemoveCopiesOpt = False,
) -> None:
    """List entries in the trash, or empty it. --empty deletes them for good."""
    from kindjournal.journal import reads

    if not empty:
        from kindjournal import text
        from kindjournal.screens import entry_lines

        rows = reads.trashed_entries(open_db())
        print_lines(entry_lines.format_trash(rows, text.terminal_width()))
        return
    from kindjournal.journal import edits

    db = open_db().require_writable()
    count = len(reads.trashed_entries(db))
    if not count:
        typer.echo("The trash is already empty.")
        return
    if not yes:
        _confirm(f"Delete the {count} {'entry' if count == 1 else 'entries'} in the trash "
                 "for good? This cannot be undone.", "kj trash --empty")
    deleted = edits.empty_trash(db)
    typer.echo(f"Deleted {deleted} {'entry' if deleted == 1 else 'entries'} for good.")
    _tell_about_copies(yes, remove_copies)


def _tell_about_copies(yes: bool, remove: bool) -> None:
    """Deleted for good from the journal, but not from the copies kj made beside it:
    name them, and remove them when asked (--remove-copies, or yes at the question)."""
    from kindjournal.commands.common import journal_path, say
    from kindjournal.journal.backups import copies_beside, remove_copies

    copies = copies_beside(journal_path())
    if copies:
        say(f"{len(copies)} cop{'y' if len(copies) == 1 else 'ies'} kj made beside your "
            "journal still hold what you deleted:")
        for copy in copies:
            say(f"  {copy}")
        if not remove and not yes and is_interactive():
            remove = typer.confirm("Remove them too?", default=False)
        if remove:
            remove_copies(copies)
            typer.echo("Removed them.")
        else:
            typer.echo("They were kept; 'kj trash --empty --remove-copies' or deleting the "
                       "files removes them.")
    typer.echo("Backups you saved elsewhere (kj backup FILE) still hold it too.")


def restore_entry(
    entry_id: Annotated[str, typer.Argument(help="The entry's number in 'kj trash'.")],
) -> None:
    """Bring an entry back from the trash."""
    from kindjournal.journal import edits, reads

    db = open_db().require_writable()
    number = reads.resolve_entry_id(db, entry_id, trashed=True)
    edits.restore(db, number)
    typer.echo(f"Entry #{number} is back.")


def _confirm(question: str, command: str) -> None:
    if not is_interactive():
        raise UsageError(f"{command} asks before it deletes; add --yes to go ahead without "
                         "asking. Nothing was changed.")
    if not typer.confirm(question, default=False):
        raise KindJournalError("Nothing was changed.")
