"""The options that choose entries or a period (list, search, export, trends,
supervision): declared once here. build_filters() turns them into an EntryFilters;
the dates are read by dates.read_since_until, the one --since/--until parser.

A command repeats the parameters in its signature (Typer reads signatures) using
these aliases, then calls build_filters(...) with them.
"""

from __future__ import annotations

from typing import Annotated

import typer

SinceOpt = Annotated[
    str | None,
    typer.Option("--since", help="From this day on: '3 weeks ago', 'last month', "
                 "'2026-09' (a month), '1/10', 'monday'.", show_default=False),
]
UntilOpt = Annotated[
    str | None,
    typer.Option("--until", help="Up to this day (a month or week counts whole; default "
                 "today).",
                 show_default=False),
]
TagOpt = Annotated[
    list[str] | None,
    typer.Option("--tag", "-t", help="Only entries with this tag; repeat to need all of them.",
                 show_default=False),
]
ShiftOpt = Annotated[
    str | None,
    typer.Option("--shift", "-s", help="Only this shift type: day, night, long day, early, "
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

    first, last = dates.read_since_until(since, until, today or datetime.date.today())
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

