"""Tending entries: quick edits, whole edits, the trash, and closing actions.

Every change is one transaction (database.writing) that also bumps updated_at, so an
entry is never half-changed. The search index follows by itself: triggers from
migration 0002 keep it in step with every table touched here.
"""

from __future__ import annotations

import datetime
import json
from typing import TYPE_CHECKING

from kindjournal.journal.database import now_utc, writing
from kindjournal.journal.writes import (
    check_tags,
    insert_tags,
    normalise_tag,
    save_rating,
    touch,
)

if TYPE_CHECKING:
    from kindjournal.journal.database import Journal
    from kindjournal.reflect.entry_text import EditedEntry


def quick_edit(db: Journal, entry_id: int, *, share: bool | None = None,
               supervision: bool | None = None, add_tags: list[str] = (),
               remove_tags: list[str] = (), shift_date: datetime.date | None = None) -> None:
    """Flags, tags and date changed in place, all or nothing."""
    with writing(db):
        for column, value in (("share", share), ("supervision", supervision)):
            if value is not None:
                db.execute(f"UPDATE entries SET {column} = ? WHERE id = ?",
                           [int(value), entry_id])
        if shift_date is not None:
            db.execute("UPDATE entries SET shift_date = ? WHERE id = ?",
                       [shift_date.isoformat(), entry_id])
        for tag in {normalise_tag(tag) for tag in remove_tags} - {""}:
            db.execute("DELETE FROM tags WHERE entry_id = ? AND tag = ?", [entry_id, tag])
        insert_tags(db, entry_id, add_tags)
        touch(db, entry_id)


def apply_edit(db: Journal, entry_id: int, edited: EditedEntry) -> None:
    """Write back an entry edited as text, in one transaction; text taken out of it is
    then purged from the search index too (purge_removed_text)."""
    check_tags(edited.tags)
    with writing(db):
        db.execute(
            "UPDATE entries SET shift_date = ?, shift_type = ?, share = ?, supervision = ? "
            "WHERE id = ?",
            [edited.shift_date.isoformat(), edited.shift_type, int(edited.share),
             int(edited.supervision), entry_id])
        current_tags = {row[0] for row in db.execute(
            "SELECT tag FROM tags WHERE entry_id = ?", [entry_id])}
        for tag in current_tags - set(edited.tags):
            db.execute("DELETE FROM tags WHERE entry_id = ? AND tag = ?", [entry_id, tag])
        for tag in sorted(set(edited.tags) - current_tags):
            db.execute("INSERT INTO tags (entry_id, tag) VALUES (?, ?)", [entry_id, tag])
        ratings = {row[0]: row[1] for row in db.execute(
            "SELECT signal_key, value FROM checkins WHERE entry_id = ?", [entry_id])}
        for key, value in edited.checkin.items():
            if ratings.get(key) == value:
                continue  # unchanged, or a rating never given left blank
            save_rating(db, entry_id, key, value)
        stamp = now_utc()
        for theme, text in edited.answers.items():
            # Only answers that changed are written, so answered_at keeps its meaning and
            # the index is rebuilt once per changed answer. A prompt never reached stays
            # unreached when it is left empty.
            db.execute(
                "UPDATE answers SET answer = ?, answered_at = coalesce(answered_at, ?) "
                "WHERE entry_id = ? AND theme_key = ? "
                "AND coalesce(answer, '') != ? AND NOT (answer IS NULL AND ? = '')",
                [text, stamp, entry_id, theme, text, text])
        touch(db, entry_id)
    purge_removed_text(db)


def trash(db: Journal, entry_id: int) -> None:
    with writing(db):
        db.execute("UPDATE entries SET deleted_at = ? WHERE id = ?", [now_utc(), entry_id])


def restore(db: Journal, entry_id: int) -> None:
    with writing(db):
        db.execute("UPDATE entries SET deleted_at = NULL WHERE id = ?", [entry_id])
        touch(db, entry_id)


def empty_trash(db: Journal, entry_id: int | None = None) -> int:
    """Delete trashed entries for good (answers, ratings, tags, actions go with them),
    or only entry_id (kj delete --purge), and purge their words from the index."""
    which = "deleted_at IS NOT NULL" if entry_id is None else "id = :id"
    with writing(db):
        # A prompt text is stored once for every answer that asked it (0011); one that
        # came with the entries (a custom prompt given to --from) can hold private words,
        # so a text no answer asks any more goes with them.
        asked = [row[0] for row in db.execute(
            "SELECT DISTINCT a.prompt_id FROM entries e JOIN answers a ON a.entry_id = e.id "
            f"WHERE e.{which}", {"id": entry_id})]
        count = db.execute(f"DELETE FROM entries WHERE {which}", {"id": entry_id}).rowcount
        if asked:
            db.execute("DELETE FROM prompts WHERE id IN (SELECT value FROM json_each(?)) "
                       "AND id NOT IN (SELECT prompt_id FROM answers)", [json.dumps(asked)])
    if count:
        purge_removed_text(db)
    return count


def forget_unasked_prompts(db: Journal) -> None:
    """Inside the caller's transaction: remove every prompt text no answer asks any more
    (an import that replaced an entry whose prompt of its own held private words)."""
    db.execute("DELETE FROM prompts WHERE id NOT IN (SELECT prompt_id FROM answers "
               "WHERE prompt_id IS NOT NULL)")


def purge_removed_text(db: Journal) -> None:
    """Words deleted from the search index stay in its data until its segments are
    merged (FTS5 marks them deleted and skips them): 'optimize' merges them into one
    segment without them, and secure_delete zeroes the pages that held them. Then the
    write-ahead log is emptied, so no earlier copy of a page lingers there either."""
    db.execute("INSERT INTO entries_fts (entries_fts) VALUES ('optimize')")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

