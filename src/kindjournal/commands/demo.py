"""kj demo: fill a journal with six months of invented entries to try kj trends on."""

from __future__ import annotations

from typing import Annotated

import typer

from kindjournal.commands.common import open_db


def demo(
    force: Annotated[bool, typer.Option(
        "--force", help="Add the invented entries even though the journal has entries.")]
    = False,
) -> None:
    """Fill a new journal with six months of invented reflections, with a stretch of
    rising strain and a recovery, to see 'kj trends' and 'kj supervision' at once.
    Use a separate file: kj --db demo.db demo"""
    from datetime import date

    from kindjournal.reflect.demo import add_demo

    entry_count, session_count = add_demo(open_db().require_writable(), date.today(), force)
    typer.echo(f"Added {entry_count} invented entries over six months, and "
               f"{session_count} supervision sessions. Try: kj trends, kj trends --by month, "
               "kj supervision.")
