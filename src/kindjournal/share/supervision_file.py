"""Supervision sessions as JSON: 'kj supervision export' writes it, 'kj import' reads it.

{"kindjournal_supervision": 1, "agreement": {...}, "sessions": [session, ...]}, each
session with its uuid, fields, timestamps and agreed actions (their numbers, statuses
and review notes), so importing the file again is idempotent: a session already in the
journal is left alone, or replaced when the file's copy is newer (by updated_at).
Everything is checked before anything is written; nothing here prints.
"""

from __future__ import annotations

import json
from datetime import date, datetime

from kindjournal.errors import UsageError

FORMAT_KEY = "kindjournal_supervision"
_SESSION_TEXT = ("kind", "supervisor", "note", "cpd_uuid")
_ACTION_TEXT = ("created_at", "review_note", "reviewed_at")
_AGREEMENT = ("every_weeks", "supervisor", "confidential", "limits", "hidden_signals",
              "show_summaries", "updated_at")


def export_document(db) -> dict:
    from kindjournal.journal import supervision
    from kindjournal.journal import supervision_agreement as agreed

    sessions = []
    for session in reversed(supervision.sessions(db)):  # oldest first
        sessions.append({key: value for key, value in session.items()
                         if key not in ("id", "deleted_at")})
    return {FORMAT_KEY: 1, "agreement": agreed.agreement(db), "sessions": sessions}


def is_own_document(raw: bytes) -> bool:
    """Whether 'kj import' was given a 'kj supervision export' file: a cheap look at its start, so
    it can be handed over without parsing twice."""
    return FORMAT_KEY.encode() in raw[:200]


def read(raw: bytes, source: str, today: date) -> dict:
    """The document checked: every problem named by session and field, or UsageError."""
    from kindjournal.journal.supervision import read_functions, read_kind

    try:
        document = json.loads(raw.decode("utf-8-sig"))
    except (ValueError, RecursionError) as error:
        raise UsageError(f"{source} is not valid JSON ({error}).") from None
    if not isinstance(document, dict) or not isinstance(document.get("sessions"), list):
        raise UsageError(f"{source}: expected a 'kj supervision export' file.")
    sessions = []
    for index, item in enumerate(document["sessions"]):
        where = f"{source}: sessions[{index}]"
        try:
            sessions.append(_session(item, today, read_kind, read_functions))
        except (UsageError, ValueError, TypeError, KeyError) as error:
            raise UsageError(f"{where}: {error}") from None
    agreement = document.get("agreement")
    if agreement is not None and not isinstance(agreement, dict):
        raise UsageError(f"{source}: agreement: should be an object.")
    agreement = {key: agreement[key] for key in _AGREEMENT if key in (agreement or {})}
    if agreement.get("every_weeks") is not None and not (
            isinstance(agreement["every_weeks"], int) and 1 <= agreement["every_weeks"] <= 52):
        raise UsageError(f"{source}: agreement.every_weeks: a whole number of weeks, 1 to 52.")
    return {"agreement": agreement, "sessions": sessions}


def _session(item, today: date, read_kind, read_functions) -> dict:
    if not isinstance(item, dict):
        raise ValueError("should be an object")
    for key in ("uuid", "date", "created_at", "updated_at"):
        if not isinstance(item.get(key), str) or not item[key].strip():
            raise ValueError(f"{key}: missing, or not text")
    day = date.fromisoformat(item["date"])
    if day > today:
        raise ValueError(f"date: {item['date']} is in the future")
    for key in ("created_at", "updated_at"):
        datetime.fromisoformat(item[key])
    for key in _SESSION_TEXT:
        if item.get(key) is not None and not isinstance(item[key], str):
            raise ValueError(f"{key}: must be text or null")
    actions = item.get("actions", [])
    if not isinstance(actions, list):
        raise ValueError("actions: should be a list")
    for number, action in enumerate(actions):
        if not isinstance(action, dict) or not isinstance(action.get("text"), str) \
                or not action["text"].strip():
            raise ValueError(f"actions[{number}]: needs its text")
        if action.get("status", "open") not in ("open", "done", "dropped"):
            raise ValueError(f"actions[{number}].status: open, done or dropped")
        for key in _ACTION_TEXT:
            if action.get(key) is not None and not isinstance(action[key], str):
                raise ValueError(f"actions[{number}].{key}: must be text or null")
    return {**{key: item.get(key) for key in _SESSION_TEXT}, "uuid": item["uuid"].strip(),
            "date": day.isoformat(), "kind": read_kind(item.get("kind")),
            "functions": ",".join(read_functions(item.get("functions") or [])) or None,
            "created_at": item["created_at"], "updated_at": item["updated_at"],
            "actions": actions}


def apply(db, document: dict, stamp: str) -> dict[str, int]:
    """Write the checked document in one transaction; counts for the report."""
    from kindjournal.journal import supervision_agreement as agreed
    from kindjournal.journal.database import writing

    counts = {"added": 0, "replaced": 0, "unchanged": 0}
    with writing(db):
        for session in document["sessions"]:
            existing = db.execute("SELECT id, updated_at FROM supervision_sessions "
                                  "WHERE uuid = ?", [session["uuid"]]).fetchone()
            if existing and existing[1] >= session["updated_at"]:
                counts["unchanged"] += 1
                continue
            if existing:  # the file's copy is newer: it replaces the journal's
                db.execute("DELETE FROM supervision_sessions WHERE id = ?", [existing[0]])
            _insert(db, session, existing[0] if existing else None, stamp)
            counts["replaced" if existing else "added"] += 1
        incoming = document["agreement"]
        if incoming and (incoming.get("updated_at") or "") > (
                agreed.agreement(db)["updated_at"] or ""):
            agreed.save(db, {key: value for key, value in incoming.items()
                             if key != "updated_at"})
    return counts


def _insert(db, session: dict, session_id: int | None, stamp: str) -> None:
    session_id = db.execute(
        "INSERT INTO supervision_sessions (id, uuid, session_date, kind, supervisor, "
        "functions, note, cpd_uuid, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, "
        "?, ?, ?)", [session_id, session["uuid"], session["date"], session["kind"],
                     session["supervisor"], session["functions"], session["note"],
                     session["cpd_uuid"], session["created_at"], session["updated_at"]]
    ).lastrowid
    for action in session["actions"]:
        wanted = action.get("id")
        free = isinstance(wanted, int) and not isinstance(wanted, bool) and wanted > 0 and \
            db.execute("SELECT 1 FROM actions WHERE id = ?", [wanted]).fetchone() is None
        db.execute("INSERT INTO actions (id, session_id, text, status, created_at, "
                   "review_note, reviewed_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                   [wanted if free else None, session_id, action["text"].strip(),
                    action.get("status", "open"), action.get("created_at") or stamp,
                    action.get("review_note"), action.get("reviewed_at")])


def import_document(db, raw: bytes, source: str, today) -> str:
    """Add the sessions of a 'kj supervision export' file (a newer copy of a session
    wins); a sentence saying what happened."""
    from kindjournal.journal.database import now_utc

    counts = apply(db, read(raw, source, today), now_utc())
    return (f"Supervision sessions from {source}: {counts['added']} added, "
            f"{counts['replaced']} replaced by newer copies, {counts['unchanged']} "
            "already here.")
