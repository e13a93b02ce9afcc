"""kj demo: fill a journal with six months of invented entries to try kj trends on."""

from __future__ import annotations

from typing import Annotated

import typer

from kindjournal.commands.common import open_db
from kindjournal.errors import KindJournalError


def demo(
    force: Annotated[bool, typer.Option(
        "--force", help="Add the invented entries even though the journal has entries.")]
    = False,
) -> None:
    """Fill a new journal with six months of invented reflections, with a stretch of
    rising strain and a recovery, to see 'kj trends' and 'kj supervision' at once.
    Use a separate file: kj --db demo.db demo"""
    from datetime import date

    from kindjournal.journal.database import writing
    from kindjournal.journal.supervision import record_session
    from kindjournal.journal.writes import add_entries
    from kindjournal.reflect.demo import demo_entries
    from kindjournal.reflect.packs import DEFAULT_PACK, builtin_prompts_dir, load_pack_file

    db = open_db().require_writable()
    existing = db.execute("SELECT count(*) FROM entries").fetchone()[0]
    if existing and not force:
        raise KindJournalError(
            f"This journal already holds {existing} entries, so nothing was added. Try the "
            "demo in its own file: kj --db demo.db demo (or add --force to mix them in).")
    # The built-in pack, so the story's signals match even if yours differ.
    pack = load_pack_file(builtin_prompts_dir() / f"{DEFAULT_PACK}.toml")
    entries, sessions = demo_entries(pack, date.today())
    with writing(db):
        added = add_entries(db, entries)
        for session_day, note in sessions:
            record_session(db, session_day, note)
    typer.echo(f"Added {len(added)} invented entries over six months, and "
               f"{len(sessions)} supervision sessions. Try: kj trends, kj trends --by month, "
               "kj supervision.")
