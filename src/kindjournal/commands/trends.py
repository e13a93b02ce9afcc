"""kj trends: how the check-in signals moved over a period, and signs worth noticing."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from kindjournal.commands.common import JsonOpt, open_db, print_json, user_prompt_dir
from kindjournal.errors import UsageError


class BucketSize(StrEnum):
    day = "day"
    week = "week"
    month = "month"


SinceOpt = Annotated[str | None, typer.Option(
    "--since", help="First day: '12 weeks ago', 'last month', '2026-09-01' (default: the "
    "last 12 weeks).", show_default=False)]
UntilOpt = Annotated[str | None, typer.Option(
    "--until", help="Last day (default today).", show_default=False)]


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
    """Show how your check-in ratings moved: one cell per week (or day, month), the
    period's mean, the change since the period before, and signs worth noticing."""
    report = load_report(since, until, by.value, signal)
    if html is not None:
        from kindjournal.trends.html import write_html

        write_html(report, html, force=force)
    if as_json:
        print_json(report)
        return
    from kindjournal.screens.entry_lines import terminal_width, use_bold
    from kindjournal.trends.text import format_trends

    lines = format_trends(report, terminal_width(), only_signal=signal, colour=use_bold())
    if html is not None:
        lines += ["", f"Wrote {html}"]
    typer.echo("\n".join(lines))


def resolve_period(since: str | None, until: str | None, today=None):
    """The period a person typed, or the default 12 weeks."""
    from datetime import date

    from kindjournal import dates
    from kindjournal.trends import maths

    today = today or date.today()
    last = dates.until_day(until, today) if until else today
    first = dates.since_day(since, today) if since else maths.default_period(last)[0]
    if first > last:
        raise UsageError(f"--since ({first}) is after --until ({last}); swap them round.")
    return first, last


def pack_cache():
    """Packs already read and checked (pack_cache.py): reading and checking the default
    pack's TOML was about a tenth of this command's whole run."""
    from kindjournal.files import data_home
    from kindjournal.reflect.pack_cache import PackCache

    return PackCache(data_home() / "cache" / "packs.marshal")


def checkin_pack():
    """The check-in's signals, rules and signposting (the default pack's)."""
    from kindjournal.reflect.packs import DEFAULT_PACK, PackError, checkin_signals, load_pack

    try:
        pack = load_pack(DEFAULT_PACK, user_prompt_dir(), pack_cache())
        return checkin_signals(pack, user_prompt_dir()), pack.rules, pack.signposting
    except PackError as error:
        raise UsageError(f"The check-in pack could not be read: {error.problems[0]}") from None


def load_report(since, until, by: str, only_signal: str | None = None) -> dict:
    from kindjournal.trends.queries import build_report

    first, last = resolve_period(since, until)
    signals, rules, signposting = checkin_pack()
    if only_signal is not None:
        keys = [s.key for s in signals]
        if only_signal not in keys:
            raise UsageError(f"There is no signal '{only_signal}'. Use one of: "
                             f"{', '.join(keys)}.")
    report = build_report(open_db(), signals, rules, signposting, first, last, by)
    if only_signal is not None:
        report["signals"] = [row for row in report["signals"] if row["key"] == only_signal]
    return report
