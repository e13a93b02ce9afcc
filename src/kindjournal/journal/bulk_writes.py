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

# The new entries' share of each summary, added to what is there (or a new row).
_UPSERTS = {
    "days": "INSERT INTO trend_days (shift_date, shift_type, entries, rated, supervision, "
            "share, drafts) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (shift_date, shift_type) "
            "DO UPDATE SET entries = entries + excluded.entries, rated = rated + excluded.rated, "
            "supervision = supervision + excluded.supervision, share = share + excluded.share, "
            "drafts = drafts + excluded.drafts",
    **{name: f"INSERT INTO {table} ({column}, shift_type, signal_key, total, ratings) "
             "VALUES (?, ?, ?, ?, ?) "
             f"ON CONFLICT ({column}, shift_type, signal_key) DO UPDATE SET "
             "total = total + excluded.total, ratings = ratings + excluded.ratings"
       for name, table, column in (("ratings", "trend_ratings", "shift_date"),
                                   ("monthly", "trend_ratings_monthly", "month"))},
    "tags": "INSERT INTO trend_tags (shift_date, tag, entries) VALUES (?, ?, ?) "
            "ON CONFLICT (shift_date, tag) DO UPDATE SET entries = entries + excluded.entries",
}


class AddedBatch:
    """The entries a batch inserted while the INSERT triggers were off: their ids (for
    the search index: 8 bytes an entry, so a million-entry import keeps 8 MB) and their
    share of the trend summaries, summed here as each entry goes in, from the very
    values insert_entry wrote. Summing in SQL afterwards read every rating back, joined
    and sorted: a quarter of a batch's time. The sums are written out in parts (they
    add up), so memory stays flat however long the batch."""

    SUMS_KEPT = 50_000  # summary rows held before they are written out

    def __init__(self, db: Journal | None):
        self.db = db
        self.ids = array("q")
        self._days: dict[tuple, list[int]] = {}
        self._ratings: dict[tuple, list[int]] = {}
        self._tags: dict[tuple, int] = {}

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, index):
        return self.ids[index]

    def add(self, entry_id: int, entry) -> None:
        """entry (a writes.EntryInput) went in as entry_id."""
        from kindjournal.journal.writes import check_tags

        self.ids.append(entry_id)
        if self.db is None:
            return  # the triggers are on
        day, shift = entry.shift_date.isoformat(), entry.shift_type or ""
        rated = False
        for signal, value in entry.checkin.items():
            if value is not None:
                rated = True
                sums = self._ratings.setdefault((day, shift, signal), [0, 0])
                sums[0] += value
                sums[1] += 1
        counts = self._days.setdefault((day, shift), [0, 0, 0, 0, 0])
        counts[0] += 1
        counts[1] += rated
        counts[2] += bool(entry.supervision)
        counts[3] += bool(entry.share)
        counts[4] += entry.status == "draft"
        for tag in check_tags(entry.tags):
            self._tags[day, tag] = self._tags.get((day, tag), 0) + 1
        if len(self._ratings) + len(self._tags) > self.SUMS_KEPT:
            self.write_sums()

    def write_sums(self) -> None:
        monthly: dict[tuple, list[int]] = {}
        for (day, shift, signal), (total, ratings) in self._ratings.items():
            sums = monthly.setdefault((day[:7], shift, signal), [0, 0])
            sums[0] += total
            sums[1] += ratings
        conn = self.db.conn
        conn.executemany(_UPSERTS["days"], [(*key, *counts)
                                            for key, counts in self._days.items()])
        conn.executemany(_UPSERTS["ratings"], [(*key, *sums)
                                               for key, sums in self._ratings.items()])
        conn.executemany(_UPSERTS["monthly"], [(*key, *sums) for key, sums in monthly.items()])
        conn.executemany(_UPSERTS["tags"], [(*key, count) for key, count in self._tags.items()])
        self._days, self._ratings, self._tags = {}, {}, {}


@contextlib.contextmanager
def insert_triggers_paused(db: Journal, batch_size: int) -> Iterator[AddedBatch]:
    """Inside the caller's transaction: for a batch of batch_size entries (BULK_FROM or
    more; for a stream, as many as are known to come), drop the INSERT triggers, yield
    an AddedBatch the caller tells of each entry it inserts, then index those entries,
    write their trend sums and put the triggers back. A smaller batch leaves the
    triggers alone (the AddedBatch then only keeps the ids)."""
    if batch_size < BULK_FROM:
        yield AddedBatch(None)
        return
    if not db.conn.in_transaction:
        raise RuntimeError("insert_triggers_paused needs the caller's transaction")
    marks = ", ".join("?" * len(INSERT_TRIGGERS))
    saved = db.execute(f"SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                       f"AND name IN ({marks})", list(INSERT_TRIGGERS)).fetchall()
    for name, _sql in saved:
        db.execute(f"DROP TRIGGER {name}")
    added = AddedBatch(db)
    yield added
    # Only reached when the batch went in whole; on an error the caller's rollback
    # brings the triggers back with everything else.
    index_added(db, added.ids)
    added.write_sums()
    for _name, sql in saved:
        db.execute(sql)


# Ids handed to SQLite at a time (as JSON).
INDEX_PART = 50_000


def index_added(db: Journal, entry_ids) -> None:
    """Give entries inserted while the INSERT triggers were off their search-index rows
    (as the triggers do: every new live entry gets its row; none had one before)."""
    for start in range(0, len(entry_ids), INDEX_PART):
        ids = json.dumps(list(entry_ids[start:start + INDEX_PART]))
        db.execute("INSERT INTO entries_fts (rowid, answers, prompts, tags, actions) "
                   "SELECT id, answers, prompts, tags, actions FROM entries_fts_source "
                   "WHERE id IN (SELECT value FROM json_each(?))", [ids])


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
