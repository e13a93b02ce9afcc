"""kj supervision: get ready for a supervision session, record one, list them."""

from __future__ import annotations

from typing import Annotated

import typer

from kindjournal.commands.common import (
    JsonOpt,
    LimitOpt,
    open_db,
    print_json,
    print_lines,
    user_prompt_dir,
)
from kindjournal.commands.filter_options import SinceOpt

PREP_PACK = "supervision-prep"


def prepare(
    ctx: typer.Context,
    since: SinceOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """What to bring to supervision: the trends since your last session and signs worth
    noticing, entries you marked for supervision, and actions opened and closed.
    --since starts the period elsewhere than the day after your last recorded session."""
    if ctx.invoked_subcommand:
        return
    from datetime import date

    from kindjournal.journal import supervision
    from kindjournal.trends.queries import build_report
    from kindjournal.trends.report import checkin_pack, resolve_period
    from kindjournal.trends.support import saved_nation

    today = date.today()
    db = open_db()
    last = supervision.last_session(db, today)
    if since:
        first, _ = resolve_period(since, None, today)
    else:
        first = supervision.prep_period(last, today)
    signals, rules, signposting = checkin_pack(user_prompt_dir())
    prep = {
        "period": {"since": first.isoformat(), "until": today.isoformat()},
        "since_given": bool(since),
        "last_session": last,
        "trends": build_report(db, signals, rules, signposting, first, today, "week",
                               saved_nation()),
        "entries": supervision.marked_entries(db, first, today),
        "actions": supervision.actions_in_period(db, first, today),
        "prompts": supervision.prep_prompts(_prep_pack()),
    }
    if as_json:
        print_json(prep)
        return
    from kindjournal.text import terminal_width, use_bold, visible_data
    from kindjournal.trends.text import format_prep

    print_lines(format_prep(visible_data(prep), terminal_width(), use_bold()))


def _prep_pack():
    """The supervision-prep pack when one is installed; its absence is not a problem."""
    from kindjournal.reflect.packs import PackError, load_pack
    from kindjournal.trends.report import pack_cache

    try:
        return load_pack(PREP_PACK, user_prompt_dir(), pack_cache())
    except PackError:
        return None


def record(
    when: Annotated[str, typer.Option(
        "--date", "-d", help="When the session took place: 'today', 'last friday', "
        "'2026-11-20'.")] = "today",
    note: Annotated[str | None, typer.Option(
        "--note", help="A short note to remember it by (keep names out).",
        show_default=False)] = None,
) -> None:
    """Record that a supervision session took place; the next preparation starts after it."""
    from datetime import date

    from kindjournal import dates
    from kindjournal.journal import supervision
    from kindjournal.text import weekday_date

    session_day = dates.parse_day(when, date.today())
    supervision.record_session(open_db().require_writable(), session_day, note)
    typer.echo(f"Recorded a supervision session on {weekday_date(session_day)}. "
               "'kj supervision' now prepares from the day after it.")


def history(limit: LimitOpt = 20, as_json: JsonOpt = False) -> None:
    """List the supervision sessions you recorded, newest first."""
    from kindjournal.journal import supervision

    rows = supervision.sessions(open_db(), limit)
    if as_json:
        print_json(rows)
        return
    from kindjournal.text import terminal_width, use_bold, visible_data
    from kindjournal.trends.text import format_history

    print_lines(format_history(visible_data(rows), terminal_width(), use_bold()))
