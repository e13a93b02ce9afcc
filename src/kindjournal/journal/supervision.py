"""Supervision sessions, the actions agreed in them, and what to bring to the next one.
Plain data; never prints.

A recorded session ends one period and starts the next: preparation covers the days
after the last session up to today. A session's agreed actions are rows of the actions
table owned by the session (session_id) rather than an entry, so 'kj actions' numbers
and closes them with the rest. Deleting a session moves it to the bin (deleted_at);
its actions stay with it, out of sight, until it is restored.
"""

from __future__ import annotations

import datetime

from kindjournal.errors import UsageError
from kindjournal.journal.database import new_uuid, now_utc, writing

DEFAULT_WEEKS = 6  # with no session recorded yet: about the gap between sessions
KINDS = ("clinical", "managerial", "peer", "group")
FUNCTIONS = ("support", "learning", "standards")
PEER_KINDS = ("peer", "group")  # the kinds that hold a peer reflection for CPD
_COLUMNS = ("id, uuid, session_date AS date, kind, supervisor, functions, note, cpd_uuid, "
            "created_at, updated_at, deleted_at")
_ACTION_COLUMNS = "id, text, status, created_at, review_note, reviewed_at"


def read_kind(text: str | None) -> str | None:
    if text is None or not text.strip():
        return None
    kind = text.strip().lower()
    if kind not in KINDS:
        raise UsageError(f"'{text.strip()[:30]}' is not a kind of session; use one of: "
                         f"{', '.join(KINDS)}.")
    return kind


def read_functions(text: str | list[str] | None) -> list[str]:
    """'support, learning' or ['support'] -> the functions, in their usual order."""
    if text is None:
        return []
    words = text.replace(",", " ").split() if isinstance(text, str) else list(text)
    chosen = {str(word).strip().lower() for word in words if str(word).strip()}
    unknown = sorted(chosen - set(FUNCTIONS))
    if unknown:
        raise UsageError(f"'{unknown[0][:30]}' is not a function of supervision; use "
                         f"{', '.join(FUNCTIONS)} (one or more).")
    return [name for name in FUNCTIONS if name in chosen]


def parse_session_id(typed: str) -> int:
    text = str(typed).strip().lstrip("#")
    if not text.isdigit() or len(text) > 18:
        raise UsageError(f"'{typed}' is not a session number; 'kj supervision history' "
                         "shows them.")
    return int(text)


def _clean(text: str | None) -> str | None:
    return (text or "").strip() or None


def record_session(db, session_date: datetime.date, note: str | None, *,
                   kind: str | None = None, supervisor: str | None = None,
                   functions: list[str] | tuple[str, ...] = (),
                   actions: list[str] | tuple[str, ...] = ()) -> int:
    """A session and the actions agreed in it, in one transaction; its number."""
    stamp = now_utc()
    with writing(db):
        session_id = db.execute(
            "INSERT INTO supervision_sessions (uuid, session_date, kind, supervisor, "
            "functions, note, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [new_uuid(), session_date.isoformat(), kind, _clean(supervisor),
             ",".join(functions) or None, _clean(note), stamp, stamp]).lastrowid
        add_actions(db, session_id, actions, stamp)
        return session_id


def add_actions(db, session_id: int, texts, stamp: str | None = None) -> list[int]:
    stamp = stamp or now_utc()
    with writing(db):
        return [db.execute("INSERT INTO actions (session_id, text, status, created_at) "
                           "VALUES (?, ?, 'open', ?)", [session_id, text.strip(), stamp]
                           ).lastrowid
                for text in texts if text and text.strip()]


def update_session(db, session_id: int, changes: dict, new_actions=()) -> dict:
    """Change some fields (date, kind, supervisor, functions, note) and add actions."""
    get_session(db, session_id)
    columns = {"date": "session_date", "kind": "kind", "supervisor": "supervisor",
               "functions": "functions", "note": "note"}
    values = []
    for name, value in changes.items():
        if name == "date":
            value = value.isoformat()
        elif name == "functions":
            value = ",".join(value) or None
        elif name in ("supervisor", "note"):
            value = _clean(value)
        values.append((columns[name], value))
    with writing(db):
        if values:
            db.execute(f"UPDATE supervision_sessions SET "
                       f"{', '.join(column + ' = ?' for column, _ in values)}, "
                       "updated_at = ? WHERE id = ?",
                       [value for _, value in values] + [now_utc(), session_id])
        if add_actions(db, session_id, new_actions) and not values:
            db.execute("UPDATE supervision_sessions SET updated_at = ? WHERE id = ?",
                       [now_utc(), session_id])
    return get_session(db, session_id)


def _shaped(db, rows: list[dict]) -> list[dict]:
    """Each session with its functions as a list and its agreed actions."""
    for row in rows:
        row["functions"] = (row["functions"] or "").split(",") if row["functions"] else []
        row["actions"] = list(db.query(
            f"SELECT {_ACTION_COLUMNS} FROM actions WHERE session_id = ? ORDER BY id",
            [row["id"]]))
    return rows


def get_session(db, session_id: int, *, deleted: bool = False) -> dict:
    rows = list(db.query(
        f"SELECT {_COLUMNS} FROM supervision_sessions WHERE id = ? AND deleted_at IS "
        f"{'NOT NULL' if deleted else 'NULL'}", [session_id]))
    if not rows:
        where = "in the trash" if deleted else "recorded"
        raise UsageError(f"There is no supervision session {session_id} {where}. "
                         f"'kj supervision history{' --trash' if deleted else ''}' shows "
                         "their numbers.")
    return _shaped(db, rows)[0]


def sessions(db, limit: int | None = None, *, deleted: bool = False) -> list[dict]:
    """Recorded sessions (or those in the bin), newest first, with their actions."""
    sql = (f"SELECT {_COLUMNS} FROM supervision_sessions WHERE deleted_at IS "
           f"{'NOT NULL' if deleted else 'NULL'} ORDER BY session_date DESC, id DESC")
    if limit is not None:
        return _shaped(db, list(db.query(sql + " LIMIT :limit", {"limit": limit})))
    return _shaped(db, list(db.query(sql)))


def trash_session(db, session_id: int) -> dict:
    session = get_session(db, session_id)
    with writing(db):
        db.execute("UPDATE supervision_sessions SET deleted_at = ? WHERE id = ?",
                   [now_utc(), session_id])
    return session


def restore_session(db, session_id: int) -> dict:
    get_session(db, session_id, deleted=True)
    with writing(db):
        db.execute("UPDATE supervision_sessions SET deleted_at = NULL, updated_at = ? "
                   "WHERE id = ?", [now_utc(), session_id])
    return get_session(db, session_id)


def last_session(db, on_or_before: datetime.date) -> dict | None:
    rows = list(db.query(
        f"SELECT {_COLUMNS} FROM supervision_sessions WHERE deleted_at IS NULL "
        "AND session_date <= :day ORDER BY session_date DESC, id DESC LIMIT 1",
        {"day": on_or_before.isoformat()}))
    return _shaped(db, rows)[0] if rows else None


def earlier_open_actions(db, last: dict | None) -> list[dict]:
    """Actions agreed at sessions before the last one and still open, oldest first."""
    if last is None:
        return []
    return list(db.query(
        "SELECT a.id, a.text, a.status, a.created_at, s.session_date FROM actions a "
        "JOIN supervision_sessions s ON s.id = a.session_id WHERE a.status = 'open' "
        "AND s.deleted_at IS NULL AND s.id != :last AND s.session_date <= :day "
        "ORDER BY s.session_date, a.id", {"last": last["id"], "day": last["date"]}))


def prep_period(last: dict | None, today: datetime.date) -> datetime.date:
    """The first day to prepare from: the day after the last session (a session today
    gives an empty period until tomorrow, which is right), else the last six weeks."""
    if last is not None:
        return min(datetime.date.fromisoformat(last["date"]) + datetime.timedelta(days=1),
                   today)
    return today - datetime.timedelta(weeks=DEFAULT_WEEKS, days=-1)


_MARKED = ("FROM entries e WHERE e.deleted_at IS NULL AND e.supervision = 1 "
           "AND e.shift_date BETWEEN :since AND :until")


def _period(since: datetime.date, until: datetime.date, limit: int | None) -> dict:
    return {"since": since.isoformat(), "until": until.isoformat(),
            "limit": -1 if limit is None else limit}


def marked_entries(db, since: datetime.date, until: datetime.date,
                   limit: int | None = None) -> list[dict]:
    """Entries marked for supervision in the period, oldest first, with their first line
    (the first limit of them, or all)."""
    return list(db.query(
        "SELECT e.id, e.shift_date AS date, e.shift_type AS shift, e.status, "
        "(SELECT a.answer FROM answers a WHERE a.entry_id = e.id "
        "AND coalesce(a.answer, '') != '' ORDER BY a.position LIMIT 1) AS first_answer "
        f"{_MARKED} ORDER BY e.shift_date, e.id LIMIT :limit", _period(since, until, limit)))


def count_marked(db, since: datetime.date, until: datetime.date) -> int:
    return db.execute(f"SELECT count(*) {_MARKED}",
                      _period(since, until, None)).fetchone()[0]


_ACTION_ROWS = ("SELECT a.id, a.entry_id, e.shift_date, a.text, a.status, a.created_at, "
                "a.review_note, a.reviewed_at ")
_OPENED = ("FROM actions a JOIN entries e ON e.id = a.entry_id WHERE e.deleted_at IS NULL "
           "AND e.shift_date BETWEEN :since AND :until")
# Closed in the period by date(reviewed_at), as ever; the range on reviewed_at itself
# (a stamp begins with its day; an offset moves date() by under a day) lets it walk
# actions_by_review over the period alone instead of every closed action.
_CLOSED = ("FROM actions a JOIN entries e ON e.id = a.entry_id WHERE e.deleted_at IS NULL "
           "AND a.status != 'open' AND a.reviewed_at >= date(:since, '-1 day') "
           "AND a.reviewed_at < date(:until, '+2 days') "
           "AND date(a.reviewed_at) BETWEEN :since AND :until")


def actions_in_period(db, since: datetime.date, until: datetime.date,
                      limit: int | None = None) -> dict[str, list[dict]]:
    """Carry-forward actions from shifts in the period (by the shift's date, not the day
    they were typed: a September shift written up in November belongs to September),
    and those closed (done or dropped) in the period; the first limit of each, or all.
    Actions agreed in supervision are not here: the preparation asks about them on
    their own."""
    params = _period(since, until, limit)
    opened = db.query(f"{_ACTION_ROWS} {_OPENED} ORDER BY e.shift_date, a.id LIMIT :limit",
                      params)
    closed = db.query(f"{_ACTION_ROWS} {_CLOSED} ORDER BY a.reviewed_at, a.id LIMIT :limit",
                      params)
    return {"opened": list(opened), "closed": list(closed)}


def count_actions_in_period(db, since: datetime.date, until: datetime.date) -> int:
    """How many actions actions_in_period holds, each once (one from a shift in the
    period and closed in it too is in both lists)."""
    return db.execute(
        f"SELECT (SELECT count(*) {_OPENED}) + (SELECT count(*) {_CLOSED} "
        "AND e.shift_date NOT BETWEEN :since AND :until)",
        _period(since, until, None)).fetchone()[0]


def peer_sessions_without_cpd(db, first: str, last: str) -> list[dict]:
    """Peer and group sessions in a period that have no CPD record made from them."""
    return list(db.query(
        f"SELECT {_COLUMNS} FROM supervision_sessions WHERE deleted_at IS NULL "
        "AND kind IN ('peer', 'group') AND cpd_uuid IS NULL "
        "AND session_date BETWEEN ? AND ? ORDER BY session_date, id", [first, last]))


def set_cpd_uuid(db, session_id: int, cpd_uuid: str) -> None:
    with writing(db):
        db.execute("UPDATE supervision_sessions SET cpd_uuid = ?, updated_at = ? "
                   "WHERE id = ?", [cpd_uuid, now_utc(), session_id])


def prep_prompts(pack) -> list[dict]:
    """The supervision-prep pack's questions: each theme's first wording."""
    if pack is None:
        return []
    return [{"theme": theme.key, "title": theme.title, "prompt": theme.wordings[0].text}
            for theme in pack.themes if theme.wordings]
