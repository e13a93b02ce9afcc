"""Writing entries: a reflection as it is typed, whole entries added in one go (the
one path for 'kj reflect --from', 'kj demo' and 'kj import'), and reviewing actions.
Reads live in reads.py. Never prints.

Every write goes through database.writing(), one transaction each, so an entry is
never half-written.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from kindjournal.errors import KindJournalError, UsageError
from kindjournal.journal.database import database_errors, new_uuid, now_utc, writing

if TYPE_CHECKING:
    from kindjournal.journal.bulk_writes import AddedBatch
    from kindjournal.journal.database import Journal

SHIFT_TYPES = ("day", "night", "long-day", "early", "late", "other")


# What people type for each shift type: plurals ('nights', 'long days'), short forms
# ('long', 'earlies', 'lates'). The stored value stays the canonical one.
_SHIFT_WORDS = {
    "days": "day", "nights": "night", "long": "long-day", "longday": "long-day",
    "long-days": "long-day", "longdays": "long-day", "longs": "long-day",
    "earlies": "early", "earlys": "early", "lates": "late", "others": "other",
}


def normalise_shift(text: str) -> str:
    """'Long day', 'long_day', 'longday', 'long', 'long days' all mean long-day;
    'Nights' means night, 'earlies' early, 'lates' late."""
    cleaned = "-".join(text.strip().lower().replace("_", " ").replace("-", " ").split())
    cleaned = _SHIFT_WORDS.get(cleaned, cleaned)
    if cleaned not in SHIFT_TYPES:
        raise UsageError(
            f"'{text}' is not a shift type. Use one of: "
            f"{', '.join(shift.replace('-', ' ') for shift in SHIFT_TYPES)}."
        )
    return cleaned


def normalise_tag(text: str) -> str:
    return " ".join(text.strip().lower().lstrip("#").split())


# Limits where size costs everyone (issue 12): each tag re-indexes its entry, so 8,000
# tags on one entry took half a minute and 100,000 held the write lock for 20 minutes;
# ten 5 MB actions made 'kj actions' take minutes. Generous for a person, firm for a file.
MAX_TAGS_PER_ENTRY = 50
MAX_TAG_LENGTH = 60
MAX_ACTION_LENGTH = 2_000


def check_tags(tags, already: int = 0) -> list[str]:
    """The tidied tags, or a UsageError saying which limit a tag list went past."""
    tidy = sorted({normalise_tag(tag) for tag in tags} - {""})
    long = next((tag for tag in tidy if len(tag) > MAX_TAG_LENGTH), None)
    if long is not None:
        raise UsageError(f"A tag can be at most {MAX_TAG_LENGTH} characters; "
                         f"'{long[:20]}…' has {len(long)}. Put longer words in an answer.")
    if already + len(tidy) > MAX_TAGS_PER_ENTRY:
        raise UsageError(f"An entry can have at most {MAX_TAGS_PER_ENTRY} tags; this would "
                         f"give it {already + len(tidy)}. Keep the few that help you find it.")
    return tidy


def check_action(text: str) -> str:
    if len(text) > MAX_ACTION_LENGTH:
        raise UsageError(f"An action can be at most {MAX_ACTION_LENGTH:,} characters; one has "
                         f"{len(text):,}. Keep the plan short; the answer keeps the rest.")
    return text


def action_from_answer(text: str) -> str:
    """A carry-forward answer becomes an action; the answer keeps every word, the action
    its first MAX_ACTION_LENGTH characters."""
    text = text.strip()
    return text if len(text) <= MAX_ACTION_LENGTH else text[:MAX_ACTION_LENGTH - 1] + "…"


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
    db: Journal,
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
                    "uuid": new_uuid(),
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
        insert_answers(db, [(entry_id, position, prompt.theme_key, prompt.prompt_key,
                             prompt.prompt_text, None, None)
                            for position, prompt in enumerate(prompts)])
        insert_tags(db, entry_id, tags)
    return entry_id


def insert_answers(db: Journal, rows: list[tuple]) -> None:
    """Insert answers given as (entry_id, position, theme_key, prompt_key, prompt text,
    answer, answered_at), inside the caller's transaction: each prompt's text is stored
    once, in prompts (migration 0011), and the answer points to it. (Whole entries'
    answers go in through their batch: bulk_writes.AddedBatch.prompt_id.)"""
    db.conn.executemany("INSERT INTO prompts (text) VALUES (?) "
                        "ON CONFLICT (text) DO NOTHING", [(row[4],) for row in rows])
    db.conn.executemany(
        "INSERT INTO answers (entry_id, position, theme_key, prompt_key, prompt_id, "
        "answer, answered_at) VALUES (?, ?, ?, ?, (SELECT id FROM prompts WHERE text = ?), "
        "?, ?)", rows)


def touch(db: Journal, entry_id: int) -> None:
    """The entry changed now (updated_at, which imports compare)."""
    db.execute("UPDATE entries SET updated_at = ? WHERE id = ?", [now_utc(), entry_id])


def insert_tags(db: Journal, entry_id: int, tags) -> None:
    """The entry's new tags, tidied (normalise_tag); ones it has already are kept once."""
    had = {row[0] for row in db.execute("SELECT tag FROM tags WHERE entry_id = ?", [entry_id])}
    new = [tag for tag in check_tags(tags) if tag not in had]
    check_tags(new, already=len(had))
    db.conn.executemany(
        "INSERT OR IGNORE INTO tags (entry_id, tag) VALUES (?, ?)",
        [(entry_id, tag) for tag in new])


def set_rating(db: Journal, entry_id: int, signal_key: str, value: int | None) -> None:
    """Save one check-in rating (None records that it was skipped)."""
    if value is not None and not 0 <= value <= 4:
        raise UsageError(f"A rating is a whole number from 0 to 4, not {value}.")
    with writing(db):
        save_rating(db, entry_id, signal_key, value)
        touch(db, entry_id)


def save_rating(db: Journal, entry_id: int, signal_key: str, value: int | None) -> None:
    """Inside the caller's transaction: one check-in rating, changed where the entry has
    it, else added after the entry's others (position keeps the order they came in)."""
    db.execute(
        "INSERT INTO checkins (entry_id, signal_key, value, position) VALUES (?, ?, ?, "
        "(SELECT coalesce(max(position) + 1, 0) FROM checkins WHERE entry_id = ?)) "
        "ON CONFLICT (entry_id, signal_key) DO UPDATE SET value = excluded.value",
        [entry_id, signal_key, value, entry_id])


def set_answer(db: Journal, entry_id: int, theme_key: str, text: str, finished: bool) -> None:
    """Save an answer as it is typed; finished marks it done ('' when skipped)."""
    with writing(db):
        db.execute(
            "UPDATE answers SET answer = ?, answered_at = ? WHERE entry_id = ? AND theme_key = ?",
            [text, now_utc() if finished else None, entry_id, theme_key],
        )
        touch(db, entry_id)


def add_tags(db: Journal, entry_id: int, tags: list[str]) -> None:
    with writing(db):
        insert_tags(db, entry_id, tags)
        touch(db, entry_id)


def complete_entry(db: Journal, entry_id: int, forward_theme: str | None) -> dict | None:
    """Mark the entry complete; the carry-forward answer becomes an open action, unless
    the same action is open already: then that one is returned and none is added, so
    the list does not fill with twenty copies of one good intention."""
    from kindjournal.journal.action_list import open_duplicate

    duplicate = None
    with writing(db):
        stamp = now_utc()
        if forward_theme:
            row = db.execute(
                "SELECT answer FROM answers WHERE entry_id = ? AND theme_key = ?",
                [entry_id, forward_theme],
            ).fetchone()
            forward_text = action_from_answer(row[0] or "") if row else ""
            already = db.execute(
                "SELECT 1 FROM actions WHERE entry_id = ?", [entry_id]
            ).fetchone()
            duplicate = open_duplicate(db, forward_text, entry_id) if forward_text else None
            if forward_text and not already and duplicate is None:
                db.table("actions").insert(
                    {"entry_id": entry_id, "text": forward_text, "status": "open",
                     "created_at": stamp}
                )
        db.execute(
            "UPDATE entries SET status = 'complete', updated_at = ? WHERE id = ?",
            [stamp, entry_id],
        )
    return duplicate


def review_action(db: Journal, action_id: int, status: str, note: str | None) -> None:
    """Record how an action went: 'done', 'dropped', or 'open' for not yet (asked in
    'kj reflect', and 'kj actions done/drop')."""
    if status not in ("open", "done", "dropped"):
        raise UsageError(f"'{status}' is not an action status.")
    with writing(db):
        # A review without a note keeps the note an earlier review left.
        db.execute(
            "UPDATE actions SET status = ?, review_note = coalesce(?, review_note), "
            "reviewed_at = ? WHERE id = ?",
            [status, note or None, now_utc(), action_id],
        )


def add_entries(db: Journal, entries: Iterable[EntryInput], at_least: int | None = None
                ) -> Sequence[int]:
    """Add whole entries in one transaction: all of them, or none ('kj reflect --from',
    'kj demo'). An entry whose uuid is already in the journal stops the lot. entries
    may be a stream ('kj reflect --from' of a file of any size): at_least is then how
    many are known to come, which decides whether the batch is a bulk one. The ids
    added, in order."""
    from kindjournal.journal.bulk_writes import (
        UuidRefused,
        compact_after_batch,
        insert_triggers_paused,
    )

    if at_least is None:
        at_least = len(entries)
    stamp = now_utc()
    try:
        with writing(db), insert_triggers_paused(db, at_least) as added:
            added.hold_rows()  # nothing here reads the batch's rows back
            for entry in entries:
                try:
                    insert_entry(db, entry, stamp, added)
                except database_errors("IntegrityError") as error:
                    if not refused_uuid(error, entry):
                        raise
                    raise _already_there(entry.uuid) from None
    except UuidRefused as refused:  # found when the held rows were written
        raise _already_there(refused.uuid) from None
    compact_after_batch(db, len(added))
    return added.ids


def _already_there(uuid: str) -> KindJournalError:
    return KindJournalError(f"An entry with uuid {uuid} is already in the journal; "
                            "nothing was added.")


def refused_uuid(error: Exception, entry: EntryInput) -> bool:
    """Whether error is the journal refusing the uuid entry came with (its UNIQUE index:
    the uuid is in the journal already): found that way, an entry costs no lookup."""
    return bool(entry.uuid) and "entries.uuid" in str(error)


def insert_entry(db: Journal, entry: EntryInput, stamp: str, batch: AddedBatch,
                 wanted_id: int | None = None, wanted_action_ids: Sequence[int | None] = ()
                 ) -> int:
    """Write one whole entry inside the caller's transaction, as part of batch (from
    bulk_writes.insert_triggers_paused, which writes its rows, at once or held a
    thousand entries at a time): the one path by which 'kj reflect --from', 'kj demo'
    and 'kj import' add entries.

    Plain SQL, so a current journal takes it without sqlite-utils. Timestamps not given
    are stamp; an answer given without answered_at counts as finished when the entry was
    created. A complete entry with no actions of its own gets its carry-forward answer
    as an open action. wanted_id and wanted_action_ids (an import keeping the numbers
    the entry had) are used where they are free, and a new number is taken where not.
    """
    created = entry.created_at or stamp
    shift_date = entry.shift_date.isoformat()
    entry_id = batch.new_row("entries", wanted_id, (
        entry.uuid or new_uuid(), shift_date, entry.shift_type, created,
        entry.updated_at or created, entry.status, entry.pack, int(entry.share),
        int(entry.supervision)), uuid_given=bool(entry.uuid))
    prompt_id = batch.prompt_id
    batch.new_rows("answers", [
        (entry_id, position, answer.theme_key, answer.prompt_key, prompt_id(answer.prompt_text),
         answer.answer, answer.answered_at or (created if answer.answer is not None else None))
        for position, answer in enumerate(entry.answers)])
    batch.new_ratings(entry_id, entry.checkin)
    # A new entry has no tags yet: no need to read them back first (insert_tags).
    tags = check_tags(entry.tags)
    batch.new_tags(entry_id, tags)
    actions = entry.actions
    if not actions and entry.forward_theme and entry.status == "complete":
        forward = next((a.answer for a in entry.answers
                        if a.theme_key == entry.forward_theme), None)
        actions = [{"text": action_from_answer(forward)}] if forward and forward.strip() else []
    written = []
    for index, action in enumerate(actions):
        wanted = wanted_action_ids[index] if index < len(wanted_action_ids) else None
        text = check_action(action["text"])
        # owner_date given, not left to the actions_dated trigger: a batch goes faster.
        written.append((batch.new_row("actions", wanted, (
            entry_id, text, action.get("status", "open"), action.get("created_at") or created,
            action.get("review_note"), action.get("reviewed_at"), shift_date)), text))
    batch.add(entry_id, entry, tags, written)
    return entry_id


def replace_prompts(db: Journal, entry_id: int, pack: str, prompts: list[AnswerInput]) -> None:
    """Swap a draft's unanswered prompts for another pack's (nothing answered is lost)."""
    with writing(db):
        answered = db.execute(
            "SELECT count(*) FROM answers WHERE entry_id = ? AND answer IS NOT NULL", [entry_id]
        ).fetchone()[0]
        if answered:
            raise KindJournalError("This reflection already has answers; its pack stays as it is.")
        db.execute("DELETE FROM answers WHERE entry_id = ?", [entry_id])
        insert_answers(db, [(entry_id, position, prompt.theme_key, prompt.prompt_key,
                             prompt.prompt_text, None, None)
                            for position, prompt in enumerate(prompts)])
        db.execute("UPDATE entries SET pack = ?, updated_at = ? WHERE id = ?",
                   [pack, now_utc(), entry_id])
