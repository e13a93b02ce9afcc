"""Adding many entries at once (a long --from file, an import) at thousands a second.

Row by row, the search-index and trend triggers re-index an entry on every answer, tag
and action inserted and update the day, month and rating summaries once per check-in
rating: about 700 entries a second. For a batch, the triggers that fire on INSERT are
dropped inside the batch's own transaction, the rows go in plainly, and the index rows
and trend sums of the new entries are added in a few set-based statements before the
triggers are put back, all before the one COMMIT. A failure anywhere rolls back the
rows, the sums and the dropped triggers together, so a journal is never seen (by
another kj, or after a crash) without its triggers. The result is exactly what the
triggers, or a full rebuild, would have given (tests/test_bulk_writes.py).

Triggers on UPDATE and DELETE stay in place: an import that replaces an entry deletes
the old one through them, and the month roll-ups follow the per-day tables through
their own triggers, which also stay.
"""

from __future__ import annotations

import contextlib
import json
from array import array
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kindjournal.journal.database import Journal

# From this many entries a batch is followed by a VACUUM (compact_after_batch).
COMPACT_FROM = 1_000

# Below this many entries the triggers do the work (interactive reflect, kj note, one
# small --from file): dropping and re-creating them costs more than it saves.
BULK_FROM = 50

# The text one entry contributed to the search index in migrations 0002 to 0008, when
# the index kept its own copy of it. Those migrations still run on new journals.
INDEX_ROWS = """
    INSERT INTO entries_fts (rowid, answers, prompts, tags, actions)
    SELECT e.id,
           coalesce((SELECT group_concat(answer, char(10)) FROM (
                         SELECT a.answer FROM answers a WHERE a.entry_id = e.id
                         AND coalesce(a.answer, '') != '' ORDER BY a.position)), ''),
           coalesce((SELECT group_concat(prompt_text, char(10)) FROM (
                         SELECT a.prompt_text FROM answers a WHERE a.entry_id = e.id
                         ORDER BY a.position)), ''),
           coalesce((SELECT group_concat(t.tag, ' ') FROM tags t WHERE t.entry_id = e.id), ''),
           coalesce((SELECT group_concat(x.text, char(10)) FROM actions x
                     WHERE x.entry_id = e.id), '')
    FROM entries e WHERE e.deleted_at IS NULL
"""

# The text one entry gives the search index (the view entries_fts_source, which the
# index reads its text from since migration 0010): every finished answer, every prompt
# as it was asked, its tags and its action texts, each in a fixed order (taking a row
# out of the index needs exactly the text that went in). Trashed entries have no row.
# prompt: the SQL for an answer's (a) prompt text, which moved to the prompts table
# in migration 0011.
def source_rows(prompt: str) -> str:
    return f"""
    SELECT e.id,
           coalesce((SELECT group_concat(answer, char(10)) FROM (
                         SELECT a.answer FROM answers a WHERE a.entry_id = e.id
                         AND a.answered_at IS NOT NULL AND coalesce(a.answer, '') != ''
                         ORDER BY a.position)), ''),
           coalesce((SELECT group_concat(prompt, char(10)) FROM (
                         SELECT {prompt} AS prompt FROM answers a WHERE a.entry_id = e.id
                         ORDER BY a.position)), ''),
           coalesce((SELECT group_concat(tag, ' ') FROM (
                         SELECT t.tag FROM tags t WHERE t.entry_id = e.id ORDER BY t.tag)), ''),
           coalesce((SELECT group_concat(text, char(10)) FROM (
                         SELECT x.text FROM actions x WHERE x.entry_id = e.id
                         ORDER BY x.id)), '')
    FROM entries e WHERE e.deleted_at IS NULL
"""


PROMPT_OF_ANSWER = "(SELECT p.text FROM prompts p WHERE p.id = a.prompt_id)"
SOURCE_ROWS = source_rows(PROMPT_OF_ANSWER)

# Whether an entry has a row in the index (its shadow table of row sizes; reading
# entries_fts itself would read the view).
_INDEXED = "EXISTS (SELECT 1 FROM entries_fts_docsize WHERE id = {entry})"


def index_entry(entry: str) -> str:
    """Trigger statement: give one entry its row, from the view, unless it has one."""
    return ("INSERT INTO entries_fts (rowid, answers, prompts, tags, actions) "
            "SELECT id, answers, prompts, tags, actions FROM entries_fts_source "
            f"WHERE id = {entry} AND NOT {_INDEXED.format(entry=entry)};")


def unindex_entry(entry: str) -> str:
    """Trigger statement (BEFORE a change): take one entry's row out, with the text the
    view still shows, which is the text that was indexed."""
    return ("INSERT INTO entries_fts (entries_fts, rowid, answers, prompts, tags, actions) "
            "SELECT 'delete', id, answers, prompts, tags, actions FROM entries_fts_source "
            f"WHERE id = {entry} AND {_INDEXED.format(entry=entry)};")


# Every trigger that fires when an entry, answer, rating, tag or action is inserted.
INSERT_TRIGGERS = (
    "trend_entry_added", "trend_rating_added", "trend_tag_added", "entries_fts_added",
    "entries_fts_answers_ai", "entries_fts_tags_ai", "entries_fts_actions_ai",
    "entries_fts_answers_ai_before", "entries_fts_tags_ai_before",
    "entries_fts_actions_ai_before",
)

_NEW = "e.deleted_at IS NULL AND e.id IN (SELECT value FROM json_each(:ids))"
_KEY = "e.shift_date, coalesce(e.shift_type, '')"

# The new entries' share of each summary, added to what is there (or a new row).
SUMMARY_SUMS = (
    "INSERT INTO trend_days (shift_date, shift_type, entries, rated, supervision, share, "
    f"drafts) SELECT {_KEY}, count(*), sum(EXISTS (SELECT 1 FROM checkins c "
    "WHERE c.entry_id = e.id AND c.value IS NOT NULL)), sum(e.supervision), sum(e.share), "
    f"sum(e.status = 'draft') FROM entries e WHERE {_NEW} GROUP BY 1, 2 "
    "ON CONFLICT (shift_date, shift_type) DO UPDATE SET entries = entries + excluded.entries, "
    "rated = rated + excluded.rated, supervision = supervision + excluded.supervision, "
    "share = share + excluded.share, drafts = drafts + excluded.drafts",
    *(f"INSERT INTO {table} ({column}, shift_type, signal_key, total, ratings) "
      f"SELECT {day}, coalesce(e.shift_type, ''), c.signal_key, sum(c.value), count(*) "
      f"FROM entries e JOIN checkins c ON c.entry_id = e.id WHERE {_NEW} "
      "AND c.value IS NOT NULL GROUP BY 1, 2, 3 "
      f"ON CONFLICT ({column}, shift_type, signal_key) DO UPDATE SET "
      "total = total + excluded.total, ratings = ratings + excluded.ratings"
      for table, column, day in (("trend_ratings", "shift_date", "e.shift_date"),
                                 ("trend_ratings_monthly", "month",
                                  "substr(e.shift_date, 1, 7)"))),
    "INSERT INTO trend_tags (shift_date, tag, entries) SELECT e.shift_date, t.tag, count(*) "
    f"FROM entries e JOIN tags t ON t.entry_id = e.id WHERE {_NEW} GROUP BY 1, 2 "
    "ON CONFLICT (shift_date, tag) DO UPDATE SET entries = entries + excluded.entries",
)


@contextlib.contextmanager
def insert_triggers_paused(db: Journal, batch_size: int) -> Iterator[array]:
    """Inside the caller's transaction: for a batch of batch_size entries (BULK_FROM or
    more; for a stream, as many as are known to come), drop the INSERT triggers, yield
    an array the caller fills with the ids of the entries it inserts, then index and sum
    those entries and put the triggers back. A smaller batch leaves the triggers alone
    (the array is then ignored). An array, not a list: 8 bytes an entry, so the ids of a
    million-entry import fit in 8 MB."""
    if batch_size < BULK_FROM:
        yield array("q")
        return
    if not db.conn.in_transaction:
        raise RuntimeError("insert_triggers_paused needs the caller's transaction")
    marks = ", ".join("?" * len(INSERT_TRIGGERS))
    saved = db.execute(f"SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                       f"AND name IN ({marks})", list(INSERT_TRIGGERS)).fetchall()
    for name, _sql in saved:
        db.execute(f"DROP TRIGGER {name}")
    added = array("q")
    yield added
    # Only reached when the batch went in whole; on an error the caller's rollback
    # brings the triggers back with everything else.
    summarise_added(db, added)
    for _name, sql in saved:
        db.execute(sql)


# Ids handed to SQLite at a time (as JSON): the sums add up, so parts give the whole.
SUMMARY_PART = 50_000


def summarise_added(db: Journal, entry_ids) -> None:
    """Index and sum entries that were inserted while the INSERT triggers were off."""
    for start in range(0, len(entry_ids), SUMMARY_PART):
        ids = json.dumps(list(entry_ids[start:start + SUMMARY_PART]))
        # As the triggers do: every new live entry gets its row (none had one before).
        db.execute("INSERT INTO entries_fts (rowid, answers, prompts, tags, actions) "
                   "SELECT id, answers, prompts, tags, actions FROM entries_fts_source "
                   "WHERE id IN (SELECT value FROM json_each(?))", [ids])
        for statement in SUMMARY_SUMS:
            db.execute(statement, {"ids": ids})


def compact_after_batch(db: Journal, batch_size: int) -> None:
    """After a batch of COMPACT_FROM or more entries has been committed: VACUUM, which
    writes the journal afresh with its pages full. Replacing entries (an import over a
    journal) and index merges leave pages part-empty or free; a fresh copy makes a
    journal built by import the size of one built by --from. It cannot run inside a
    transaction (nor is it needed for a smaller batch): then nothing is done. The batch
    is already committed, so a VACUUM that fails (a disk too full for the second copy,
    another kj reading) leaves the journal whole, only not compacted: not an error."""
    if batch_size < COMPACT_FROM or db.conn.in_transaction:
        return
    import sqlite3

    with contextlib.suppress(sqlite3.OperationalError):
        db.conn.execute("VACUUM")
