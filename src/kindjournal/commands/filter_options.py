"""The options that choose entries (list, search, and any command that takes the same
filters): declared once here, turned into an EntryFilters by build_filters().

A command repeats the parameters in its signature (Typer reads signatures) using
these aliases, then calls build_filters(...) with them.
"""

from __future__ import annotations

from typing import Annotated

import typer

from kindjournal.errors import UsageError

SinceOpt = Annotated[
    str | None,
    typer.Option("--since", help="Entries from this day on: '3 weeks ago', 'last month', "
                 "'2026-09' (a month), '1/10', 'monday'.", show_default=False),
]
UntilOpt = Annotated[
    str | None,
    typer.Option("--until", help="Entries up to this day (a month or week counts whole).",
                 show_default=False),
]
TagOpt = Annotated[
    list[str] | None,
    typer.Option("--tag", "-t", help="Only entries with this tag; repeat to need all of them.",
                 show_default=False),
]
ShiftOpt = Annotated[
    str | None,
    typer.Option("--shift", "-s", help="Only this shift type: day, night, long-day, early, "
                 "late or other.", show_default=False),
]
SharedOpt = Annotated[
    bool, typer.Option("--shared", help="Only entries marked to share with your group.")
]
SupervisionOpt = Annotated[
    bool, typer.Option("--supervision", help="Only entries marked for supervision.")
]
DraftsOpt = Annotated[bool, typer.Option("--drafts", help="Only unfinished drafts.")]


def build_filters(
    since: str | None = None,
    until: str | None = None,
    tags: list[str] | None = None,
    shift: str | None = None,
    shared: bool = False,
    supervision: bool = False,
    drafts: bool = False,
    today=None,
):
    """Read what was typed into an EntryFilters; a bad value is a UsageError."""
    import datetime

    from kindjournal import dates
    from kindjournal.journal.filters import EntryFilters
    from kindjournal.journal.writes import normalise_shift, normalise_tag

    today = today or datetime.date.today()
    first = last = None
    for option, phrase in (("--since", since), ("--until", until)):
        if phrase is None:
            continue
        try:
            if option == "--since":
                first = dates.since_day(phrase, today)
            else:
                last = dates.until_day(phrase, today)
        except dates.DateError as error:
            raise UsageError(f"{option}: {error}") from None
    if first and last and first > last:
        raise UsageError(f"--since ({first}) is after --until ({last}); swap them round.")
    cleaned_tags = tuple(tag for tag in (normalise_tag(t) for t in tags or ()) if tag)
    return EntryFilters(
        since=first,
        until=last,
        tags=cleaned_tags,
        shift=normalise_shift(shift) if shift is not None else None,
        shared=shared,
        supervision=supervision,
        drafts=drafts,
    )

