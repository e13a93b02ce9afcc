"""kj trends: how the check-in signals moved over a period, and signs worth noticing."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from kindjournal.commands.common import (
    JsonOpt,
    open_db,
    print_json,
    user_prompt_dir,
)
from kindjournal.commands.filter_options import SinceOpt, UntilOpt


class BucketSize(StrEnum):
    day = "day"
    week = "week"
    month = "month"


def trends(
    since: SinceOpt = None,
    until: UntilOpt = None,
    by: Annotated[BucketSize, typer.Option("--by", help="One cell per day, week or month.")]
    = BucketSize.week,
    signal: Annotated[str | None, typer.Option(
        "--signal", help="Only this signal (e.g. exhaustion), with a larger chart.",
        show_default=False)] = None,
    html: Annotated[Path | None, typer.Option(
        "--html", help="Also write a self-contained page to FILE, to bring or print.",
        show_default=False)] = None,
    force: Annotated[bool, typer.Option("--force", help="Let --html replace a file.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Show how your check-in ratings moved, week by week. One cell per week (or day,
    month), the period's mean, the change since the period before, and signs worth noticing.
    The period is the last 12 weeks unless --since says otherwise."""
    from kindjournal.trends.report import load_report

    report = load_report(lambda: open_db(), user_prompt_dir(), since, until,
                         by.value, signal)
    if html is not None:
        from kindjournal.trends.html import write_html

        write_html(report, html, force=force)
    if as_json:
        print_json(report)
        return
    from kindjournal.text import terminal_width, use_bold, visible_data
    from kindjournal.trends.text import format_trends

    lines = format_trends(visible_data(report), terminal_width(), only_signal=signal,
                          colour=use_bold())
    if html is not None:
        lines += ["", f"Wrote {html}"]
    from kindjournal.screens.pager import show_long

    show_long("\n".join(lines))
