"""Supervision sessions and what to bring to the next one. Plain data; never prints.

A recorded session ends one period and starts the next: preparation covers the days
after the last session up to today.
"""

from __future__ import annotations

import datetime

from kindjournal.journal.database import now_utc, writing

DEFAULT_WEEKS = 6  # with no session recorded yet: about the gap between sessions


def record_session(db, session_date: datetime.date, note: str | None) -> int:
    with writing(db):
        cursor = db.execute(
            "INSERT INTO supervision_sessions (session_date, note, created_at) VALUES (?, ?, ?)",
            [session_date.isoformat(), (note or "").strip() or None, now_utc()],
        )
        return cursor.lastrowid


def sessions(db, limit: int | None = None) -> list[dict]:
    """Recorded sessions, newest first."""
    sql = ("SELECT id, session_date AS date, note, created_at FROM supervision_sessions "
           "ORDER BY session_date DESC, id DESC")
    if limit is not None:
        return list(db.query(sql + " LIMIT :limit", {"limit": limit}))
    return list(db.query(sql))


def last_session(db, on_or_before: datetime.date) -> dict | None:
    rows = db.query(
        "SELECT id, session_date AS date, note FROM supervision_sessions "
        "WHERE session_date <= :day ORDER BY session_date DESC, id DESC LIMIT 1",
        {"day": on_or_before.isoformat()},
    )
    return next(iter(rows), None)


def prep_period(last: dict | None, today: datetime.date) -> datetime.date:
    """The first day to prepare from: the day after the last session (a session today
    gives an empty period until tomorrow, which is right), else the last six weeks."""
    if last is not None:
        return min(datetime.date.fromisoformat(last["date"]) + datetime.timedelta(days=1),
                   today)
    return today - datetime.timedelta(weeks=DEFAULT_WEEKS, days=-1)


def marked_entries(db, since: datetime.date, until: datetime.date) -> list[dict]:
    """Entries marked for supervision in the period, oldest first, with their first line."""
    return list(db.query(
        "SELECT e.id, e.shift_date AS date, e.shift_type AS shift, e.status, "
        "(SELECT a.answer FROM answers a WHERE a.entry_id = e.id "
        "AND coalesce(a.answer, '') != '' ORDER BY a.position LIMIT 1) AS first_answer "
        "FROM entries e WHERE e.deleted_at IS NULL AND e.supervision = 1 "
        "AND e.shift_date BETWEEN :since AND :until ORDER BY e.shift_date, e.id",
        {"since": since.isoformat(), "until": until.isoformat()},
    ))


def actions_in_period(db, since: datetime.date, until: datetime.date) -> dict[str, list[dict]]:
    """Carry-forward actions from shifts in the period (by the shift's date, not the day
    they were typed: a September shift written up in November belongs to September),
    and those closed (done or dropped) in the period."""
    params = {"since": since.isoformat(), "until": until.isoformat()}
    base = ("SELECT a.id, a.entry_id, e.shift_date, a.text, a.status, a.created_at, "
            "a.review_note, a.reviewed_at FROM actions a JOIN entries e ON e.id = a.entry_id "
            "WHERE e.deleted_at IS NULL AND ")
    opened = db.query(base + "e.shift_date BETWEEN :since AND :until "
                      "ORDER BY e.shift_date, a.id", params)
    closed = db.query(base + "a.status IN ('done', 'dropped') AND "
                      "date(a.reviewed_at) BETWEEN :since AND :until "
                      "ORDER BY a.reviewed_at, a.id", params)
    return {"opened": list(opened), "closed": list(closed)}


def prep_prompts(pack) -> list[dict]:
    """The supervision-prep pack's questions: each theme's first wording."""
    if pack is None:
        return []
    return [{"theme": theme.key, "title": theme.title, "prompt": theme.wordings[0].text}
            for theme in pack.themes if theme.wordings]
