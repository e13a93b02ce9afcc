"""kj demo: fill a journal with six months of invented entries to try kj trends on."""

from __future__ import annotations

from typing import Annotated

import typer

from kindjournal.commands.common import open_db, say, selected_db


def demo(
    force: Annotated[bool, typer.Option(
        "--force", help="Add the invented entries even though the journal has entries.")]
    = False,
) -> None:
    """Fill a new journal with six months of invented entries. A stretch of heavier strain
    and a recovery, to see 'kj trends' and 'kj supervision' at once.
    Use a separate file: kj --db demo.db demo"""
    from datetime import date

    from kindjournal.reflect.demo import add_demo

    db = open_db(create=True).require_writable()
    entry_count, session_count = add_demo(db, date.today(), force)
    # The hints name the file the demo went into, so they show the demo, not another journal.
    chosen = selected_db["path"]
    kj = f"kj --db {_quoted(str(chosen))}" if chosen is not None else "kj"
    say(f"Added {entry_count} invented entries over six months, and {session_count} "
        f"supervision sessions. Try: {kj} trends, {kj} trends --by month, {kj} supervision.")


def _quoted(path: str) -> str:
    import shlex

    return shlex.quote(path)
