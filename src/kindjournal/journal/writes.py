"""Reading and writing entries. Returns plain data; never prints.

Every write goes through store.writing(), one transaction each, so an entry is
never half-written. Reads let SQLite filter and limit: nothing here loads the
whole journal to show a few entries.
"""

from __future__ import annotations

import uuid as uuid_module
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from kindjournal.errors import KindJournalError, UsageError
from kindjournal.journal.database import now_utc, writing

if TYPE_CHECKING:
    from sqlite_utils import Database

SHIFT_TYPES = ("day", "night", "long-day", "early", "late", "other")


def normalise_shift(text: str) -> str:
    """'Long day', 'long_day' and 'longday' all mean long-day."""
    cleaned = text.strip().lower().replace("_", "-").replace(" ", "-")
    if cleaned == "longday":
        cleaned = "long-day"
    if cleaned not in SHIFT_TYPES:
        raise UsageError(
            f"'{text}' is not a shift type. Use one of: {', '.join(SHIFT_TYPES)}."
        )
    return cleaned


def normalise_tag(text: str) -> str:
    return " ".join(text.strip().lower().lstrip("#").split())


@dataclass
class AnswerInput:
    theme_key: str
    prompt_text: str
    answer: str | None = None
    prompt_key: str | None = None
    answered_at: str | None = None  # kept when an export is imported back


@dataclass
class EntryInput:
    """A whole entry to add in one go (from --from files and imports)."""

    shift_date: date
    pack: str
    shift_type: str | None = None
    checkin: dict[str, int | None] = field(default_factory=dict)
    answers: list[AnswerInput] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    share: bool = False
    supervision: bool = False
    forward_theme: str | None = None  # its answer becomes an open action
    uuid: str | None = None
    status: str = "complete"
    created_at: str | None = None
    updated_at: str | None = None
    actions: list[dict] = field(default_factory=list)


# -- writing -----------------------------------------------------------------


def create_draft(
    db: Database,
    *,
    pack: str,
    shift_date: date,
    shift_type: str | None,
    share: bool,
    supervision: bool,
    prompts: list[AnswerInput],
    tags: list[str] = (),
) -> int:
    """A new draft entry holding the prompts drawn for it (answers still empty)."""
    stamp = now_utc()
    with writing(db):
        entry_id = (
            db.table("entries")
            .insert(
                {
                    "uuid": str(uuid_module.uuid4()),
                    "shift_date": shift_date.isoformat(),
                    "shift_type": shift_type,
                    "created_at": stamp,
                    "updated_at": stamp,
                    "status": "draft",
                    "pack": pack,
                    "share": int(share),
                    "supervision": int(supervision),
                }
            )
            .last_pk
        )
        db.table("answers").insert_all(
            {
                "entry_id": entry_id,
                "position": position,
                "theme_key": prompt.theme_key,
                "prompt_key": prompt.prompt_key,
                "prompt_text": prompt.prompt_text,
                "answer": None,
            }
            for position, prompt in enumerate(prompts)
        )
        _add_tags(db, entry_id, tags)
    return entry_id


def _touch(db: Database, entry_id: int) -> None:
    db.execute("UPDATE entries SET updated_at = ? WHERE id = ?", [now_utc(), entry_id])


def _add_tags(db: Database, entry_id: int, tags) -> None:
    cleaned = {normalise_tag(tag) for tag in tags} - {""}
    if cleaned:
        db.table("tags").insert_all(
            ({"entry_id": entry_id, "tag": tag} for tag in sorted(cleaned)), ignore=True
        )


def set_rating(db: Database, entry_id: int, signal_key: str, value: int | None) -> None:
    """Save one check-in rating (None records that it was skipped)."""
    if value is not None and not 0 <= value <= 4:
        raise UsageError(f"A rating is a whole number from 0 to 4, not {value}.")
    with writing(db):
        db.table("checkins").upsert(
            {"entry_id": entry_id, "signal_key": signal_key, "value": value},
            pk=("entry_id", "signal_key"),
        )
        _touch(db, entry_id)


def set_answer(db: Database, entry_id: int, theme_key: str, text: str, finished: bool) -> None:
    """Save an answer as it is typed; finished marks it done ('' when skipped)."""
    with writing(db):
        db.execute(
            "UPDATE answers SET answer = ?, answered_at = ? WHERE entry_id = ? AND theme_key = ?",
            [text, now_utc() if finished else None, entry_id, theme_key],
        )
        _touch(db, entry_id)


def add_tags(db: Database, entry_id: int, tags: list[str]) -> None:
    with writing(db):
        _add_tags(db, entry_id, tags)
        _touch(db, entry_id)


def complete_entry(db: Database, entry_id: int, forward_theme: str | None) -> None:
    """Mark the entry complete; the carry-forward answer becomes an open action."""
    with writing(db):
        stamp = now_utc()
        if forward_theme:
            row = db.execute(
                "SELECT answer FROM answers WHERE entry_id = ? AND theme_key = ?",
                [entry_id, forward_theme],
            ).fetchone()
            forward_text = (row[0] or "").strip() if row else ""
            already = db.execute(
                "SELECT 1 FROM actions WHERE entry_id = ?", [entry_id]
            ).fetchone()
            if forward_text and not already:
                db.table("actions").insert(
                    {"entry_id": entry_id, "text": forward_text, "status": "open",
                     "created_at": stamp}
                )
        db.execute(
            "UPDATE entries SET status = 'complete', updated_at = ? WHERE id = ?",
            [stamp, entry_id],
        )


def review_action(db: Database, action_id: int, status: str, note: str | None) -> None:
    """Record how an open action went: 'done', 'dropped', or 'open' for not yet."""
    if status not in ("open", "done", "dropped"):
        raise UsageError(f"'{status}' is not an action status.")
    with writing(db):
        db.execute(
            "UPDATE actions SET status = ?, review_note = COALESCE(?, review_note), "
            "reviewed_at = ? WHERE id = ?",
            [status, note or None, now_utc(), action_id],
        )


def add_entries(db: Database, entries: list[EntryInput]) -> list[int]:
    """Add whole entries in one transaction: all of them, or none."""
    added: list[int] = []
    stamp = now_utc()
    with writing(db):
        for entry in entries:
            entry_uuid = entry.uuid or str(uuid_module.uuid4())
            if entry.uuid and db.execute(
                "SELECT 1 FROM entries WHERE uuid = ?", [entry.uuid]
            ).fetchone():
                raise KindJournalError(
                    f"An entry with uuid {entry.uuid} is already in the journal; nothing was added."
                )
            created = entry.created_at or stamp
            cursor = db.execute(
                "INSERT INTO entries (uuid, shift_date, shift_type, created_at, updated_at, "
                "status, pack, share, supervision) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [entry_uuid, entry.shift_date.isoformat(), entry.shift_type, created,
                 entry.updated_at or created, entry.status, entry.pack, int(entry.share),
                 int(entry.supervision)],
            )
            entry_id = cursor.lastrowid
            db.conn.executemany(
                "INSERT INTO answers (entry_id, position, theme_key, prompt_key, prompt_text, "
                "answer, answered_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [(entry_id, position, answer.theme_key, answer.prompt_key, answer.prompt_text,
                  answer.answer,
                  answer.answered_at or (created if answer.answer is not None else None))
                 for position, answer in enumerate(entry.answers)],
            )
            db.conn.executemany(
                "INSERT INTO checkins (entry_id, signal_key, value) VALUES (?, ?, ?)",
                [(entry_id, key, value) for key, value in entry.checkin.items()],
            )
            db.conn.executemany(
                "INSERT OR IGNORE INTO tags (entry_id, tag) VALUES (?, ?)",
                [(entry_id, tag) for tag in {normalise_tag(t) for t in entry.tags} - {""}],
            )
            actions = entry.actions
            if not actions and entry.forward_theme and entry.status == "complete":
                forward = next((a.answer for a in entry.answers
                                if a.theme_key == entry.forward_theme), None)
                if forward and forward.strip():
                    actions = [{"text": forward.strip(), "status": "open"}]
            db.conn.executemany(
                "INSERT INTO actions (entry_id, text, status, created_at, review_note, "
                "reviewed_at) VALUES (?, ?, ?, ?, ?, ?)",
                [(entry_id, action["text"], action.get("status", "open"),
                  action.get("created_at") or created, action.get("review_note"),
                  action.get("reviewed_at")) for action in actions],
            )
            added.append(entry_id)
    return added


# -- reading -----------------------------------------------------------------


def count_entries(db: Database) -> int:
    return db.execute("SELECT count(*) FROM entries WHERE deleted_at IS NULL").fetchone()[0]


def latest_draft(db: Database) -> dict | None:
    rows = db.query(
        "SELECT * FROM entries WHERE status = 'draft' AND deleted_at IS NULL "
        "ORDER BY updated_at DESC, id DESC LIMIT 1"
    )
    return next(iter(rows), None)


def wording_history(db: Database, pack: str) -> dict[str, dict[str, int]]:
    """For rotation: theme -> wording key -> the newest entry id that asked it."""
    history: dict[str, dict[str, int]] = {}
    for row in db.query(
        "SELECT a.theme_key, a.prompt_key, max(a.entry_id) AS last_entry FROM answers a "
        "JOIN entries e ON e.id = a.entry_id WHERE e.pack = :pack AND a.prompt_key IS NOT NULL "
        "GROUP BY a.theme_key, a.prompt_key",
        {"pack": pack},
    ):
        history.setdefault(row["theme_key"], {})[row["prompt_key"]] = row["last_entry"]
    return history


def actions_to_review(db: Database, today: date, limit: int = 3) -> list[dict]:
    """Open carry-forward actions to ask about, newest first; one reviewed in the last
    week is left alone so 'not yet' does not nag every night."""
    return list(
        db.query(
            "SELECT a.id, a.text, a.created_at, e.shift_date FROM actions a "
            "JOIN entries e ON e.id = a.entry_id "
            "WHERE a.status = 'open' AND e.deleted_at IS NULL AND e.status = 'complete' "
            "AND (a.reviewed_at IS NULL OR date(a.reviewed_at) <= date(:today, '-7 days')) "
            "ORDER BY a.created_at DESC, a.id DESC LIMIT :limit",
            {"today": today.isoformat(), "limit": limit},
        )
    )


def list_summaries(db: Database, limit: int, drafts_only: bool = False) -> list[dict]:
    """Newest entries first, with what a one-line listing needs."""
    where = "e.deleted_at IS NULL" + (" AND e.status = 'draft'" if drafts_only else "")
    sql = f"""
        SELECT e.id, e.uuid, e.shift_date, e.shift_type, e.pack, e.status, e.share,
               e.supervision,
               (SELECT a.answer FROM answers a WHERE a.entry_id = e.id
                  AND coalesce(a.answer, '') != '' ORDER BY a.position LIMIT 1) AS first_answer,
               (SELECT group_concat(t.tag, ',') FROM tags t WHERE t.entry_id = e.id) AS tag_list
        FROM entries e WHERE {where}
        ORDER BY e.shift_date DESC, e.id DESC LIMIT :limit
    """
    return list(db.query(sql, {"limit": limit}))


def resolve_entry_id(db: Database, typed: str) -> int:
    """Entries are typed by their number ('12' or '#12') or a uuid prefix."""
    from kindjournal.journal.reads import resolve_entry_id as resolve

    return resolve(db, typed)


def entry_details(db: Database, entry_id: int) -> dict:
    """The whole entry in the documented JSON shape (one shape, kept in finding.py)."""
    from kindjournal.journal.reads import entry_details as details

    return details(db, entry_id)


def _details(db: Database, row: dict) -> dict:
    """Kept for callers written before finding.py held the shape."""
    from kindjournal.journal.reads import entries_details

    return entries_details(db, [row["id"]])[0]


def draft_state(db: Database, entry_id: int) -> dict:
    """What a draft holds so far, for resuming it."""
    entry = next(iter(db.query("SELECT * FROM entries WHERE id = ?", [entry_id])))
    entry["ratings"] = {r[0]: r[1] for r in db.execute(
        "SELECT signal_key, value FROM checkins WHERE entry_id = ?", [entry_id])}
    entry["prompts"] = list(db.query(
        "SELECT theme_key, prompt_key, prompt_text, answer, answered_at FROM answers "
        "WHERE entry_id = ? ORDER BY position", [entry_id]))
    entry["tags"] = [r[0] for r in db.execute(
        "SELECT tag FROM tags WHERE entry_id = ? ORDER BY tag", [entry_id])]
    return entry


def replace_prompts(db: Database, entry_id: int, pack: str, prompts: list[AnswerInput]) -> None:
    """Swap a draft's unanswered prompts for another pack's (nothing answered is lost)."""
    with writing(db):
        answered = db.execute(
            "SELECT count(*) FROM answers WHERE entry_id = ? AND answer IS NOT NULL", [entry_id]
        ).fetchone()[0]
        if answered:
            raise KindJournalError("This reflection already has answers; its pack stays as it is.")
        db.execute("DELETE FROM answers WHERE entry_id = ?", [entry_id])
        db.table("answers").insert_all(
            {"entry_id": entry_id, "position": position, "theme_key": prompt.theme_key,
             "prompt_key": prompt.prompt_key, "prompt_text": prompt.prompt_text,
             "answer": None}
            for position, prompt in enumerate(prompts)
        )
        db.execute("UPDATE entries SET pack = ?, updated_at = ? WHERE id = ?",
                   [pack, now_utc(), entry_id])
