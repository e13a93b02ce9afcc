"""Adding many entries at once (a long --from file, an import) at thousands a second.

Row by row, the search-index and trend triggers re-index an entry on every answer, tag
and action inserted and update the day, month and rating summaries once per check-in
rating: about 700 entries a second. For a batch, the triggers that fire on INSERT are
dropped inside the batch's own transaction, the rows go in plainly (held and written a
thousand entries at a time where nothing reads them back meanwhile, with the ids SQLite
would have given them: row_ids.Numbers), and each entry's search-index row and trend
sums are made in Python from the values just written, then written a thousand entries'
worth at a time, before the triggers are put back, all before the one COMMIT. A
failure anywhere rolls back the rows, the sums and the dropped triggers together, so a
journal is never seen (by another kj, or after a crash) without its triggers. The
result is exactly what the triggers, or a full rebuild, would have given
(tests/test_bulk_writes.py).

Triggers on UPDATE and DELETE stay in place: an import that replaces an entry deletes
the old one through them, and the month roll-ups follow the per-day tables through
their own triggers, which are off only while a batch adds its own month sums.
"""

from __future__ import annotations

import contextlib
from array import array
from collections.abc import Iterator
from operator import add
from typing import TYPE_CHECKING

from kindjournal.journal.row_ids import Numbers

if TYPE_CHECKING:
    from kindjournal.journal.database import Journal

# Held rows are written on a second thread where the journal allows it (bulk_writer);
# False writes them on the first (tests compare the two).
THREADED = True

# From this many entries a batch is followed by a VACUUM (compact_after_batch), when at
# least this share of the file is free pages.
COMPACT_FROM = 1_000
VACUUM_WHEN_FREE = 0.1

# Below this many entries the triggers do the work (interactive reflect, kj note, one
# small --from file): dropping and re-creating them costs more than it saves.
BULK_FROM = 50

# Every trigger that fires when an entry, answer, rating, tag or action is inserted.
# actions_dated does nothing for insert_entry's actions (they come with their owner's
# date), but a statement with a trigger at all keeps a copy of every page it changes
# (SQLite's statement journal): with it, an action's INSERT took 29-41 µs, not ~10.
INSERT_TRIGGERS = (
    "trend_entry_added", "trend_rating_added", "trend_tag_added", "entries_fts_added",
    "entries_fts_answers_ai", "entries_fts_tags_ai", "entries_fts_actions_ai",
    "entries_fts_answers_ai_before", "entries_fts_tags_ai_before",
    "entries_fts_actions_ai_before", "actions_dated",
)

# How insert_entry's rows go in: the id first for entries and actions.
ROW_SQL = {
    "entries": "INSERT INTO entries (id, uuid, shift_date, shift_type, created_at, updated_at, "
               "status, pack, share, supervision) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "answers": "INSERT INTO answers (entry_id, position, theme_key, prompt_key, prompt_id, "
               "answer, answered_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
    "checkins": "INSERT INTO checkins (entry_id, signal_key, value, position) "
                "VALUES (?, ?, ?, ?)",
    "tags": "INSERT INTO tags (entry_id, tag) VALUES (?, ?)",
    "actions": "INSERT INTO actions (id, entry_id, text, status, created_at, review_note, "
               "reviewed_at, owner_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
}
# A row written at once with the id it wants where no row has that id yet, else NULL,
# which has SQLite give the next (the id is given twice; inside the INSERT, so a batch
# does not ask SQLite once more for each entry and action).
_FREE_SQL = {table: ROW_SQL[table].replace(
    "VALUES (?", f"VALUES ((SELECT ? WHERE NOT EXISTS (SELECT 1 FROM {table} WHERE id = ?))")
    for table in ("entries", "actions")}


class UuidRefused(Exception):
    """The journal refused an entry's uuid (its UNIQUE index: another row has it) when a
    batch wrote the rows it held: uuid, the id the refused entry was to have, and the
    id of the entry that has the uuid. The caller says what that means to a person."""

    def __init__(self, uuid: str, entry_id: int, holder: int):
        super().__init__(uuid)
        self.uuid, self.entry_id, self.holder = uuid, entry_id, holder


def _upsert(table: str, keys: tuple[str, ...], counts: tuple[str, ...]) -> str:
    """Add a row's counts to what table holds for its keys (or make the row)."""
    columns = ", ".join(keys + counts)
    added = ", ".join(f"{count} = {count} + excluded.{count}" for count in counts)
    return (f"INSERT INTO {table} ({columns}) VALUES ({', '.join('?' * len(keys + counts))}) "
            f"ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {added}")


_DAY_COUNTS = ("entries", "rated", "supervision", "share", "drafts")
_RATING_SUMS = ("total", "ratings")

# The new entries' share of each summary, added to what is there (or a new row).
_UPSERTS = {
    "days": _upsert("trend_days", ("shift_date", "shift_type"), _DAY_COUNTS),
    "days_monthly": _upsert("trend_days_monthly", ("month", "shift_type"), _DAY_COUNTS),
    "ratings": _upsert("trend_ratings", ("shift_date", "shift_type", "signal_key"),
                       _RATING_SUMS),
    "ratings_monthly": _upsert("trend_ratings_monthly", ("month", "shift_type", "signal_key"),
                               _RATING_SUMS),
    "tags": _upsert("trend_tags", ("shift_date", "tag"), ("entries",)),
    "tags_monthly": _upsert("trend_tags_monthly", ("month", "tag"), ("entries",)),
}


# The monthly roll-ups of trend_days and trend_tags, kept by these triggers as the
# per-day rows change. A batch writes its month sums itself (write_sums): through
# the triggers, each new day and tag row cost two more statements.
ROLLUP_TRIGGERS = ("trend_days_monthly_insert", "trend_days_monthly_update",
                   "trend_tags_monthly_insert", "trend_tags_monthly_update")

_INDEX_ROW = ("INSERT INTO entries_fts (rowid, answers, prompts, tags, actions) "
              "VALUES (?, ?, ?, ?, ?)")


class AddedBatch:
    """The entries a batch inserts, told here one by one by insert_entry: their ids (8
    bytes an entry, so a million-entry import keeps 8 MB), the prompt texts' ids looked
    up so far (a batch asks the same few prompts of every entry), and, while the
    INSERT triggers are off, each entry's search-index row and its share of the trend
    summaries.

    The index row is made from the very texts insert_entry wrote and written with
    those of the next thousand entries (nothing of the batch's own entries changes
    within it: an import refuses a uuid given twice). The sums are added up here from
    the same values and written out in parts (they add up). Memory stays flat however
    long the batch. Reading the rows back in SQL afterwards (the view behind the index;
    every rating, joined and summed) cost more than the inserts it followed."""

    SUMS_KEPT = 50_000  # summary rows held before they are written out
    INDEX_ROWS_KEPT = 1_000  # entries (their rows, index rows) held before they are written
    FIRST_PART = 100  # with a writer: it has nothing to do until the first part comes
    # A part of long answers ends sooner: a part's text goes to SQLite as one JSON text
    # (escaped, up to 12 bytes a character), which SQLite takes up to 1 GB of.
    PART_CHARS = 2_000_000
    PROMPT_IDS_KEPT = 10_000  # prompt texts' ids remembered (a file of a new prompt each)

    def __init__(self, db: Journal, bulk: bool = True):
        self.db = db
        self.bulk = bulk  # the INSERT triggers are off: this batch indexes and sums
        self.ids = array("q")
        self.prompt_ids: dict[str, int] = {}
        self._days: dict[tuple, list[int]] = {}
        self._ratings: dict[tuple, list[int]] = {}
        self._tags: dict[tuple, list[int]] = {}
        self._index_rows: list[tuple] = []
        self._held: dict[str, list[tuple]] | None = None  # rows not written yet
        self._uuid_given = bytearray()  # for each entry row held: did it come with its uuid
        self._rollups: list[str] | None = None  # roll-up triggers off for the batch
        self._writer = None  # a bulk_writer.BatchWriter, when rows are held
        # The first part is written sooner, so that a writer starts work early.
        self._first_part = self.INDEX_ROWS_KEPT
        self._part_done = False  # the entries held make a part: write it
        self._part_chars = 0  # characters of answers and prompts in the part

    def hold_rows(self) -> None:
        """From now on keep the rows insert_entry gives and write them a thousand
        entries at a time (one statement a table, not five statements an entry), giving
        entries and actions their ids here (Numbers), with the index rows and trend
        sums of the same entries; on a second thread where the journal allows it
        (bulk_writer), while this one reads on. Only for a bulk batch whose caller reads
        nothing of the batch's own rows back before it ends, and deletes nothing: 'kj
        reflect --from', and an import into a journal with no entries. The month
        roll-up triggers are off until the batch ends: its sums include the months."""
        if not self.bulk or self._held is not None:
            return
        self._held = {table: [] for table in ROW_SQL}
        self._numbers = {table: Numbers(self.db, table, self._own_sql)
                         for table in ("entries", "actions")}
        self._rollups = drop_triggers(self.db, ROLLUP_TRIGGERS)
        if THREADED and self.db.threads:
            from kindjournal.journal.bulk_writer import BatchWriter, worth_it

            if worth_it():
                self._writer = BatchWriter(self.db.conn)
                self._first_part = self.FIRST_PART

    def new_row(self, table: str, wanted: int | None, row: tuple, uuid_given: bool = False
                ) -> int:
        """Insert a row of entries or actions (row: its values after the id), with the id
        wanted where no row has it (else the next); its id."""
        if table == "entries" and self._part_done:
            # Here rather than as the last entry of the part was told: the caller has
            # taken note of it by now (the importer names a refused uuid's entry so).
            self.write_held()
        if self._held is not None:
            number = self._numbers[table].take(wanted)
            if number is not None:
                self._held[table].append((number, *row))
                if table == "entries":
                    self._uuid_given.append(uuid_given)
                return number
            self._stop_holding()  # an id only SQLite can choose: from here, row by row
        return self.db.execute(_FREE_SQL[table], [wanted, wanted, *row]).lastrowid

    def new_rows(self, table: str, rows: list[tuple]) -> None:
        """Insert rows of answers."""
        if self._held is not None:
            self._held[table].extend(rows)
        else:
            self.db.conn.executemany(ROW_SQL[table], rows)

    def new_ratings(self, entry_id: int, checkin: dict[str, int | None]) -> None:
        """Insert an entry's check-in ratings, in the order given (position)."""
        if checkin:
            self._new_listed("checkins", (entry_id, list(checkin), list(checkin.values())))

    def new_tags(self, entry_id: int, tags: list[str]) -> None:
        """Insert an entry's tags (tidied, each once)."""
        if tags:
            self._new_listed("tags", (entry_id, tags))

    def _new_listed(self, table: str, listed: tuple) -> None:
        """An entry's ratings or tags as one row (see _one_a_row), held or written now."""
        if self._held is not None:
            self._held[table].append(listed)
        else:
            self.db.conn.executemany(ROW_SQL[table], _one_a_row([listed], table))

    def prompt_id(self, text: str) -> int:
        """The id of a prompt's text (stored once, in prompts: migration 0011)."""
        found = self.prompt_ids.get(text)
        if found is None:
            if len(self.prompt_ids) >= self.PROMPT_IDS_KEPT:
                self.prompt_ids.clear()
            with self._own_sql():
                self.db.execute("INSERT INTO prompts (text) VALUES (?) "
                                "ON CONFLICT (text) DO NOTHING", [text])
                found = self.prompt_ids[text] = self.db.execute(
                    "SELECT id FROM prompts WHERE text = ?", [text]).fetchone()[0]
        return found

    def write_held(self) -> None:
        """Write the rows held, entries first (the others point to them), then the held
        entries' search-index rows (and, rows being held, their trend sums)."""
        self._first_part = self.INDEX_ROWS_KEPT
        self._part_done, self._part_chars = False, 0
        statements: list[tuple[str, list]] = []
        refusable = None
        held = self._held
        if held is not None and held["entries"]:
            statements = self._held_statements(held)
            refusable = (held["entries"], self._uuid_given)
            self._held = {table: [] for table in ROW_SQL}
            self._uuid_given = bytearray()
        if self.bulk:
            statements.append((_INDEX_ROW, self._index_rows))
            self._index_rows = []
            if held is not None:
                statements += self._sum_statements()
        self._run(statements, refusable)

    def _held_statements(self, held: dict[str, list]) -> list[tuple]:
        """(sql, rows) writing the rows held, and for an entry's ratings and tags, which
        are held as one row each, (entry_id, signals, ratings) and (entry_id, tags), the
        table's name: the writer reads each such row's JSON once (the JSON of a row read
        once a column was half its time); here they are made a row each again."""
        return [(ROW_SQL["entries"], held["entries"]), (ROW_SQL["answers"], held["answers"]),
                (ROW_SQL["checkins"], held["checkins"], "checkins"),
                (ROW_SQL["tags"], held["tags"], "tags"), (ROW_SQL["actions"], held["actions"])]

    def write_sums(self) -> None:
        """Add the sums held to the per-day tables and to their monthly roll-ups (with
        the roll-up triggers off meanwhile: they would add them a second time)."""
        if self._rollups is not None:  # off for the whole batch (hold_rows)
            self._run(self._sum_statements())
            return
        saved = drop_triggers(self.db, ROLLUP_TRIGGERS)
        self._run(self._sum_statements())
        put_back(self.db, saved)

    def _sum_statements(self) -> list[tuple[str, list]]:
        """The upserts adding the sums held (and their months) to the trend tables."""
        statements = []
        for name, held in (("days", self._days), ("ratings", self._ratings),
                           ("tags", self._tags)):
            rows = []
            monthly: dict[tuple, list[int]] = {}
            for key, counts in held.items():
                rows.append((*key, *counts))
                month = (key[0][:7], *key[1:])
                sums = monthly.get(month)
                if sums is None:
                    monthly[month] = list(counts)
                else:
                    sums[:] = map(add, sums, counts)
            statements += [(_UPSERTS[name], rows),
                           (_UPSERTS[f"{name}_monthly"],
                            [(*key, *counts) for key, counts in monthly.items()])]
        self._days, self._ratings, self._tags = {}, {}, {}
        return statements

    def finish(self) -> None:
        """The batch went in whole: write what is held, wait for the writer, and put the
        roll-up triggers back."""
        self.write_held()
        self.write_sums()
        self._stop_holding()
        if self._rollups is not None:
            put_back(self.db, self._rollups)
            self._rollups = None

    def abandon(self) -> None:
        """The batch failed: stop the writer before the caller rolls back (stop() waits
        even through another Ctrl-C)."""
        if self._writer is not None:
            self._writer.stop()
            self._writer = None

    def _stop_holding(self) -> None:
        self.write_held()
        self._held = None
        if self._writer is not None:
            # Cleared only once it has finished: interrupted, abandon() stops it.
            self._run_or_refuse(self._writer.finish, self._writer)
            self._writer = None

    def _own_sql(self):
        """Around SQL of this thread's own while a writer runs (its lock: BatchWriter.lock)."""
        return self._writer.lock if self._writer is not None else contextlib.nullcontext()

    def _run(self, statements: list[tuple], refusable=None) -> None:
        """Run statements ((sql, rows) each, or (sql, rows, table) for rows listed by
        entry: _held_statements) in order: on the writer's thread where there is one,
        else here. A part the writer cannot take (text with a NUL, which SQLite's JSON
        ends the text at) is run here once it has written all before it. refusable: (the
        entry rows among them, whether each came with its uuid), to say which entry the
        uuid index refused."""
        writer = self._writer
        if writer is not None:
            from kindjournal.journal.bulk_writer import LISTED_SQL, json_form

            job = [(LISTED_SQL[listed[0]] if listed else json_form(sql), rows)
                   for sql, rows, *listed in statements]
            if self._run_or_refuse(lambda: writer.submit(job, refusable), writer):
                return
            self._run_or_refuse(writer.wait, writer)
        conn = self.db.conn
        self._run_or_refuse(lambda: [conn.executemany(sql, _one_a_row(rows, *listed))
                                     for sql, rows, *listed in statements if rows],
                            None, refusable)

    def _run_or_refuse(self, run, writer, refusable=None):
        from kindjournal.journal.database import database_errors

        try:
            return run()
        except database_errors("IntegrityError") as error:
            if writer is not None:
                refusable = writer.failed_context
            if "entries.uuid" not in str(error) or refusable is None:
                raise
            raise self._refused(*refusable) or error from None

    def _refused(self, rows: list[tuple], uuid_given: bytearray) -> UuidRefused | None:
        """Which of the entry rows the uuid index refused: the first whose uuid an
        earlier one of them has, or a row outside them (rows written before the refused
        one, one at a time, have their own). None when that entry's uuid was made here,
        not given (a random uuid that clashed: said as SQLite said it)."""
        earlier: dict[str, int] = {}
        for (entry_id, uuid, *_rest), given in zip(rows, uuid_given, strict=True):
            holder = earlier.get(uuid)
            if holder is None:
                found = self.db.execute("SELECT id FROM entries WHERE uuid = ?",
                                        [uuid]).fetchone()
                holder = found[0] if found is not None and found[0] != entry_id else None
            if holder is not None:
                return UuidRefused(uuid, entry_id, holder) if given else None
            earlier[uuid] = entry_id
        return None

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, index):
        return self.ids[index]

    def add(self, entry_id: int, entry, tags: list[str], actions: list[tuple[int, str]]
            ) -> None:
        """entry (a writes.EntryInput) went in as entry_id, with tags (tidied, sorted)
        and actions ((id, text) as written)."""
        self.ids.append(entry_id)
        if not self.bulk:
            return  # the triggers are on
        # The row the triggers (and the view entries_fts_source) would give: finished,
        # non-empty answers and every prompt in order, tags sorted, actions by id.
        # Every answer given with words counts as finished (insert_entry).
        actions.sort()
        answers = entry.answers
        self._index_rows.append((
            entry_id,
            "\n".join([answer.answer for answer in answers if answer.answer]),
            "\n".join([answer.prompt_text for answer in answers]),
            " ".join(tags),
            "\n".join([text for _id, text in actions])))
        index_row = self._index_rows[-1]
        self._part_chars += len(index_row[1]) + len(index_row[2])  # its answers, prompts
        if (len(self._index_rows) >= min(self.INDEX_ROWS_KEPT, self._first_part)
                or self._part_chars >= self.PART_CHARS):
            self._part_done = True  # written as the next entry begins, or at the end
        day, shift = entry.shift_date.isoformat(), entry.shift_type or ""
        ratings = self._ratings
        rated = False
        for signal, value in entry.checkin.items():
            if value is not None:
                rated = True
                sums = ratings.get((day, shift, signal))
                if sums is None:
                    ratings[day, shift, signal] = [value, 1]
                else:
                    sums[0] += value
                    sums[1] += 1
        counts = self._days.get((day, shift))
        if counts is None:
            counts = self._days[day, shift] = [0, 0, 0, 0, 0]
        counts[0] += 1
        counts[1] += rated
        counts[2] += bool(entry.supervision)
        counts[3] += bool(entry.share)
        counts[4] += entry.status == "draft"
        for tag in tags:
            count = self._tags.get((day, tag))
            if count is None:
                self._tags[day, tag] = [1]
            else:
                count[0] += 1
        if len(ratings) + len(self._tags) > self.SUMS_KEPT:
            self.write_sums()


def _one_a_row(rows: list, listed: str | None = None) -> list:
    """Rows as the table takes them: an entry's ratings or tags, held as one row, made
    a row each (with each rating's position)."""
    if listed == "checkins":
        return [(entry_id, signal, value, position) for entry_id, signals, values in rows
                for position, (signal, value) in enumerate(zip(signals, values, strict=True))]
    if listed == "tags":
        return [(entry_id, tag) for entry_id, tags in rows for tag in tags]
    return rows


def drop_triggers(db: Journal, names: tuple[str, ...]) -> list[str]:
    """Inside the caller's transaction: drop the triggers named (those there are); the
    SQL that makes them again (put_back). On an error they are left dropped: the
    caller's rollback brings them back with everything else, so a journal is never
    seen (by another kj, or after a crash) without them."""
    if not db.conn.in_transaction:
        raise RuntimeError("drop_triggers needs the caller's transaction")
    marks = ", ".join("?" * len(names))
    saved = db.execute(f"SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                       f"AND name IN ({marks})", list(names)).fetchall()
    for name, _sql in saved:
        db.execute(f"DROP TRIGGER {name}")
    return [sql for _name, sql in saved]


def put_back(db: Journal, saved: list[str]) -> None:
    for sql in saved:
        db.execute(sql)


@contextlib.contextmanager
def insert_triggers_paused(db: Journal, batch_size: int) -> Iterator[AddedBatch]:
    """Inside the caller's transaction: for a batch of batch_size entries (BULK_FROM or
    more; for a stream, as many as are known to come), drop the INSERT triggers and
    yield an AddedBatch for insert_entry to tell of each entry it inserts (which gives
    each its search-index row), then write the batch's trend sums and put the triggers
    back. A smaller batch leaves the triggers alone (the AddedBatch then only keeps the
    ids and prompt ids). On an error the batch's writer is stopped before the caller
    rolls back, and the triggers are left to the rollback (drop_triggers)."""
    if batch_size < BULK_FROM:
        yield AddedBatch(db, bulk=False)
        return
    saved = drop_triggers(db, INSERT_TRIGGERS)
    added = AddedBatch(db)
    try:
        yield added
        added.finish()
    except BaseException:
        added.abandon()
        raise
    put_back(db, saved)


def compact_after_batch(db: Journal, batch_size: int) -> None:
    """After a batch of COMPACT_FROM or more entries has been committed: VACUUM, which
    writes the journal afresh with its pages full, when a tenth or more of the file is
    free pages (entries an import replaced, index merges). A batch into a new or
    growing journal leaves only a few (under 2% at 10,000 entries, where a VACUUM took
    as long as writing the search index); a journal built by import is then already the
    size of one built by --from. It cannot run inside a transaction (nor is it needed
    for a smaller batch): then nothing is done. The batch is already committed, so a
    VACUUM that fails (a disk too full for the second copy, another kj reading) leaves
    the journal whole, only not compacted: not an error."""
    if batch_size < COMPACT_FROM or db.conn.in_transaction:
        return
    free, pages = (db.execute(f"PRAGMA {name}").fetchone()[0]
                   for name in ("freelist_count", "page_count"))
    if free < pages * VACUUM_WHEN_FREE:
        return
    import sqlite3

    with contextlib.suppress(sqlite3.OperationalError):
        db.conn.execute("VACUUM")
