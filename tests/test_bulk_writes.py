"""Batches added with the INSERT triggers paused (journal/bulk_writes.py) leave the search
index and every trend table exactly as the triggers, and a full rebuild, would."""

from __future__ import annotations

import sys
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_trend_summaries import apply, new_entry, operation, summaries

from kindjournal.errors import KindJournalError, UsageError
from kindjournal.journal import bulk_writes, writes
from kindjournal.journal.database import open_journal, writing
from kindjournal.journal.trend_tables import rebuild_trend_summaries
from kindjournal.journal.writes import AnswerInput, EntryInput

TABLES = ("trend_days", "trend_ratings", "trend_ratings_monthly", "trend_tags",
          "trend_days_monthly", "trend_tags_monthly")


def derived(db) -> dict:
    """Every derived table, and the search index's rows, in a comparable form."""
    found = {table: db.execute(f"SELECT * FROM {table} ORDER BY 1, 2, 3").fetchall()
             for table in TABLES}
    found["fts"] = db.execute("SELECT rowid, * FROM entries_fts ORDER BY rowid").fetchall()
    # The index itself (its text comes from a view, so the rows above read the view):
    # every term, where it is, and each entry's row sizes.
    db.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.fts_terms "
               "USING fts5vocab(main, entries_fts, instance)")
    found["terms"] = db.execute("SELECT * FROM temp.fts_terms ORDER BY 1, 2, 3, 4").fetchall()
    found["sizes"] = db.execute("SELECT * FROM entries_fts_docsize ORDER BY id").fetchall()
    # what the actions_dated trigger keeps (a batch gives each action its date itself)
    found["actions"] = db.execute("SELECT id, entry_id, owner_date FROM actions ORDER BY id"
                                  ).fetchall()
    # and the rows themselves, with the ids they were given (a batch that holds its rows
    # gives the ids itself: bulk_writes.Numbers), all but the stamps of the moment
    found["rows"] = [db.execute(sql).fetchall() for sql in (
        "SELECT id, shift_date, shift_type, status, pack, share, supervision, deleted_at "
        "FROM entries ORDER BY id",
        "SELECT id, entry_id, position, theme_key, prompt_key, prompt_id, answer "
        "FROM answers ORDER BY id",
        "SELECT * FROM prompts ORDER BY id",
        "SELECT entry_id, signal_key, value, position FROM checkins ORDER BY 1, 2",
        "SELECT * FROM tags ORDER BY 1, 2",
        "SELECT id, entry_id, session_id, text, status, review_note FROM actions ORDER BY id")]
    db.execute("INSERT INTO entries_fts (entries_fts, rank) VALUES ('integrity-check', 1)")
    return found


def triggers(db) -> list:
    return db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                      "ORDER BY name").fetchall()


def with_text(entry: EntryInput, number: int) -> EntryInput:
    entry.answers = [AnswerInput("person", "Who did you notice?", f"words {number} tiring"),
                     AnswerInput("forward", "What will you carry?", "rest more")]
    entry.forward_theme = "forward"
    return entry


@pytest.mark.parametrize("threaded", [True, False])
@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(operation, max_size=10), st.lists(new_entry, min_size=1, max_size=6))
def test_a_bulk_batch_gives_what_the_triggers_give(tmp_path_factory, monkeypatch, threaded,
                                                   operations, batch):
    """(threaded: the held rows written on a second thread, as JSON; else here.)"""
    folder = tmp_path_factory.mktemp("j")
    monkeypatch.setattr(bulk_writes, "THREADED", threaded)
    results = {}
    # Sums and index rows written out in parts as the batch goes (as a long file's are)
    # add up the same.
    monkeypatch.setattr(bulk_writes.AddedBatch, "SUMS_KEPT", 2)
    monkeypatch.setattr(bulk_writes.AddedBatch, "INDEX_ROWS_KEPT", 2)
    for name, threshold in (("triggers", 10**9), ("bulk", 1)):
        monkeypatch.setattr(bulk_writes, "BULK_FROM", threshold)
        db = open_journal(folder / f"{name}.db")
        for op in operations:
            apply(db, op)
        writes.add_entries(db, [with_text(EntryInput(**vars(e)), n)
                                for n, e in enumerate(batch)])
        results[name] = derived(db)
        assert triggers(db) == triggers(open_journal(folder / "fresh.db"))
        kept = summaries(db)
        with writing(db):
            rebuild_trend_summaries(db)
        assert summaries(db) == kept
        db.close()
    assert results["bulk"] == results["triggers"]


wanted = st.none() | st.integers(1, 9)


@pytest.mark.parametrize("threaded", [True, False])
@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(new_entry, wanted, st.lists(wanted, max_size=3)), min_size=1,
                max_size=8),
       st.lists(st.integers(1, 12), max_size=3, unique=True))
def test_an_import_into_an_empty_journal_gives_the_ids_row_by_row_gives(
        tmp_path_factory, monkeypatch, threaded, batch, session_action_ids):
    """An import into a journal with no entries holds its rows and writes them in
    parts, working out itself which number each entry and action gets (the one the
    file asks for where free, else the next): the same as asking SQLite row by row,
    with numbers asked for twice, and actions of supervision sessions already there."""
    from kindjournal.share import importer

    folder = tmp_path_factory.mktemp("j")
    monkeypatch.setattr(bulk_writes, "THREADED", threaded)
    monkeypatch.setattr(bulk_writes.AddedBatch, "INDEX_ROWS_KEPT", 3)
    results = {}
    for name, threshold in (("triggers", 10**9), ("bulk", 1)):
        monkeypatch.setattr(bulk_writes, "BULK_FROM", threshold)
        db = open_journal(folder / f"{name}.db")
        with writing(db):
            db.execute("INSERT INTO supervision_sessions (id, session_date, created_at) "
                       "VALUES (1, '2026-01-05', '2026-01-05T10:00:00+00:00')")
            for number in session_action_ids:
                db.execute("INSERT INTO actions (id, session_id, text, created_at) "
                           "VALUES (?, 1, 'ask about rotas', '2026-01-05T10:00:00+00:00')",
                           [number])
        incoming = []
        for n, (entry, entry_id, action_ids) in enumerate(batch):
            entry = with_text(EntryInput(**vars(entry)), n)
            entry.actions = [{"text": f"plan {n}.{k}"} for k in range(len(action_ids))]
            incoming.append(importer.Incoming(entry, entry_id, action_ids, f"entry {n + 1}: ",
                                              n + 1))
        report = importer.apply(db, incoming)
        results[name] = (derived(db), list(report.added))
        db.close()
    assert results["bulk"] == results["triggers"]


def test_ids_past_the_last_sqlite_can_count_to_are_left_to_sqlite(tmp_path, monkeypatch):
    """An entry asking for the largest id there can be, then one asking for the same:
    SQLite picks the second an unused id at random, which a held batch cannot foresee,
    so it writes what it holds and goes on row by row."""
    from kindjournal.share import importer

    monkeypatch.setattr(bulk_writes, "BULK_FROM", 1)
    last = 2**63 - 1
    db = open_journal(tmp_path / "j.db")
    incoming = [importer.Incoming(with_text(EntryInput(date(2026, 1, n + 1), "after-shift"), n),
                                  wanted, [], f"entry {n + 1}: ", n + 1)
                for n, wanted in enumerate((5, last, last, None))]
    added = list(importer.apply(db, incoming).added)
    assert added[:2] == [5, last] and len(set(added)) == 4
    assert db.execute("SELECT count(*) FROM entries_fts WHERE entries_fts MATCH 'tiring'"
                      ).fetchone()[0] == 4


def test_a_failed_bulk_batch_leaves_nothing_and_keeps_the_triggers(tmp_path):
    db = open_journal(tmp_path / "j.db")
    before = triggers(db)
    entries = [with_text(EntryInput(date(2026, 1, day % 28 + 1), "after-shift",
                                    uuid=f"00000000-0000-4000-8000-{day:012d}"), day)
               for day in range(bulk_writes.BULK_FROM + 5)]
    entries[-1].uuid = entries[0].uuid  # the last one clashes: nothing may be added
    with pytest.raises(KindJournalError, match="uuid 00000000-0000-4000-8000-000000000000 "
                       "is already in the journal; nothing was added"):
        writes.add_entries(db, entries)
    assert triggers(db) == before
    assert db.execute("SELECT count(*) FROM entries").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM entries_fts").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM trend_days").fetchone()[0] == 0
    # and a single add afterwards is indexed by the triggers again
    writes.add_entries(db, entries[:1])
    assert db.execute("SELECT rowid FROM entries_fts WHERE entries_fts MATCH 'tired'"
                      ).fetchall() == [(1,)]


def test_an_import_that_replaces_entries_in_bulk_matches_the_triggers(tmp_path, monkeypatch):
    from kindjournal.share import importer

    def run(name: str, threshold: int) -> dict:
        monkeypatch.setattr(bulk_writes, "BULK_FROM", threshold)
        db = open_journal(tmp_path / f"{name}.db")
        old = [with_text(EntryInput(date(2026, 2, n + 1), "after-shift", checkin={"dread": n % 5},
                                    tags=["a"], uuid=f"00000000-0000-4000-8000-{n:012d}",
                                    created_at="2026-02-01T00:00:00+00:00"), n)
               for n in range(4)]
        writes.add_entries(db, old)
        newer = [importer.Incoming(with_text(EntryInput(
            date(2026, 3, n + 1), "after-shift", checkin={"support": 2}, tags=["b"],
            uuid=f"00000000-0000-4000-8000-{n:012d}", created_at="2026-02-01T00:00:00+00:00",
            updated_at="2026-03-01T00:00:00+00:00"), n + 10)) for n in range(2, 7)]
        report = importer.apply(db, newer)
        assert report.replaced == [3, 4] and list(report.added) == [5, 6, 7]
        return derived(db)

    assert run("bulk", 1) == run("triggers", 10**9)


def test_a_write_transaction_holds_no_savepoint_of_its_own(tmp_path):
    """While a savepoint is open SQLite keeps, in a temporary file, every page each
    statement changes, until the savepoint is released: inside the outermost write
    transaction that was 216 MB written for 10,000 entries added at once (issue 17).
    The transaction alone is all or nothing; a write nested in one keeps its savepoint,
    so a caller can undo just that part."""
    import sqlite3

    db = open_journal(tmp_path / "j.db")
    with writing(db):
        with pytest.raises(sqlite3.OperationalError, match="no such savepoint"):
            db.execute("RELEASE SAVEPOINT kj_atomic")
        with writing(db):
            db.execute("RELEASE SAVEPOINT kj_atomic")  # the nested write's own
            db.execute("SAVEPOINT kj_atomic")  # (given back for the context to release)


def test_a_failed_write_transaction_changes_nothing(tmp_path):
    db = open_journal(tmp_path / "j.db")
    writes.add_entries(db, [EntryInput(date(2026, 1, 2), "after-shift", checkin={"exhaustion": 1})])
    with pytest.raises(RuntimeError), writing(db):
        db.execute("UPDATE entries SET shift_type = 'night'")
        db.execute("DELETE FROM checkins")
        raise RuntimeError("stop")
    assert not db.conn.in_transaction
    assert db.execute("SELECT shift_type FROM entries").fetchall() == [(None,)]
    assert db.execute("SELECT count(*) FROM checkins").fetchone()[0] == 1


def test_new_uuids_are_random_version_4_uuids():
    """database.new_uuid makes the text str(uuid.uuid4()) would (issue 17: uuid4 was 3%
    of adding in bulk)."""
    import uuid

    from kindjournal.journal.database import new_uuid

    made = [new_uuid() for _ in range(2_000)]
    assert len(set(made)) == len(made)
    for text in made:
        value = uuid.UUID(text)
        assert str(value) == text
        assert value.version == 4 and value.variant == uuid.RFC_4122
    # every bit outside the version and variant varies
    fixed = 0xF000 << 64 | 0xC000 << 48
    seen_ones = seen_zeros = 0
    for text in made:
        seen_ones |= uuid.UUID(text).int
        seen_zeros |= ~uuid.UUID(text).int
    free = (1 << 128) - 1 & ~fixed
    assert seen_ones & free == free and seen_zeros & free == free


def test_ratings_keep_the_order_they_came_in(tmp_path):
    """Check-ins are kept by (entry, signal) since migration 0014, with their order in
    position: one added later comes after the others; one changed keeps its place, in
    a bulk batch, a small one, and as a draft is rated."""
    from kindjournal.journal.reads import entry_details, rated_signal_keys

    db = open_journal(tmp_path / "j.db")
    ratings = {"dread": 1, "agency": 2, "connection": None, "exhaustion": 3}
    for size in (1, bulk_writes.BULK_FROM):
        writes.add_entries(db, [EntryInput(date(2026, 1, n % 28 + 1), "after-shift",
                                           checkin=dict(ratings)) for n in range(size)])
    for entry_id in (1, 2, bulk_writes.BULK_FROM + 1):
        assert rated_signal_keys(db.conn, entry_id) == list(ratings)
        assert list(entry_details(db.conn, entry_id)["checkin"]) == [
            "dread", "agency", "exhaustion"]  # (a skipped one is not shown)
    writes.set_rating(db, 1, "support", 4)
    writes.set_rating(db, 1, "dread", 0)
    assert rated_signal_keys(db.conn, 1) == ["dread", "agency", "connection", "exhaustion",
                                             "support"]
    assert entry_details(db.conn, 1)["checkin"]["dread"] == 0


@pytest.mark.parametrize("compacted", [True, False])
def test_an_import_that_frees_much_of_the_file_compacts_it(tmp_path, monkeypatch, compacted):
    """Entries an import replaces leave their pages free: a tenth or more of the file
    free, the batch is followed by a VACUUM (compact_after_batch); a batch into a new
    journal leaves a few free pages and is not (a VACUUM took as long as its index)."""
    from kindjournal.share import importer

    monkeypatch.setattr(bulk_writes, "COMPACT_FROM", 10)
    if not compacted:
        monkeypatch.setattr(bulk_writes, "VACUUM_WHEN_FREE", 2.0)  # never
    db = open_journal(tmp_path / "j.db")
    words = "a long shift with much to think about afterwards " * 40

    def copies(updated: str) -> list:
        return [importer.Incoming(EntryInput(
            date(2026, 1, n % 28 + 1), "after-shift",
            answers=[AnswerInput("person", "Who did you notice?", f"{n} {words}")],
            uuid=f"00000000-0000-4000-8000-{n:012d}", created_at="2026-01-01T00:00:00+00:00",
            updated_at=updated)) for n in range(60)]

    def free_share() -> float:
        free, pages = (db.execute(f"PRAGMA {name}").fetchone()[0]
                       for name in ("freelist_count", "page_count"))
        return free / pages

    importer.apply(db, copies("2026-01-01T00:00:00+00:00"))
    assert free_share() < 0.1  # a new journal: nothing to compact
    assert len(importer.apply(db, copies("2026-02-01T00:00:00+00:00")).replaced) == 60
    assert (free_share() < 0.02) == compacted


def test_a_forked_process_never_makes_the_uuids_its_parent_makes():
    """new_uuid takes random bytes 256 uuids' worth at a time; a child made by fork
    starts afresh rather than making the uuids its parent is about to."""
    import os

    from kindjournal.journal.database import new_uuid

    new_uuid()  # the parent holds random bytes for the next ones
    read_end, write_end = os.pipe()
    child = os.fork()
    if child == 0:
        os.write(write_end, "".join(new_uuid() for _ in range(3)).encode())
        os._exit(0)
    os.close(write_end)
    os.waitpid(child, 0)
    made_by_child = os.read(read_end, 200).decode()
    os.close(read_end)
    assert made_by_child != "".join(new_uuid() for _ in range(3))



def writers_running() -> list:
    import threading

    return [t for t in threading.enumerate() if t.name == "kj-batch-writer"]


def journal_unchanged(db, before) -> None:
    assert triggers(db) == before
    for table in ("entries", "answers", "checkins", "tags", "actions", "trend_days",
                  "trend_ratings_monthly", "trend_days_monthly"):
        assert db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0, table
    assert db.execute("SELECT count(*) FROM entries_fts").fetchone()[0] == 0
    assert not db.conn.in_transaction
    assert writers_running() == []


@pytest.mark.parametrize("threaded", [True, False])
@pytest.mark.parametrize("twice", [(0, 1), (1, 7), (8, 9), (0, 2), (3, 5)])
def test_a_uuid_given_twice_in_a_held_batch_is_named_and_nothing_is_added(
        tmp_path, monkeypatch, threaded, twice):
    """Held rows go in three entries at a time here: the second copy in the same part
    as the first, in a later part, in the last part (written when the batch ends), and
    last in its part (the importer had not yet noted it: 'entry None' on one thread)."""
    from kindjournal.share import importer

    monkeypatch.setattr(bulk_writes, "THREADED", threaded)
    monkeypatch.setattr(bulk_writes, "BULK_FROM", 1)
    monkeypatch.setattr(bulk_writes.AddedBatch, "INDEX_ROWS_KEPT", 3)

    def entries() -> list[EntryInput]:
        made = [with_text(EntryInput(date(2026, 1, n + 1), "after-shift", checkin={"dread": 1},
                                     tags=["a"], uuid=f"00000000-0000-4000-8000-{n:012d}"), n)
                for n in range(10)]
        made[twice[1]].uuid = made[twice[0]].uuid
        return made

    db = open_journal(tmp_path / "j.db")
    before = triggers(db)
    with pytest.raises(KindJournalError, match=f"uuid {entries()[twice[0]].uuid} is already "
                       "in the journal; nothing was added"):
        writes.add_entries(db, entries())
    journal_unchanged(db, before)
    with pytest.raises(KindJournalError, match=f"entry {twice[1] + 1}: the same uuid as entry "
                       f"{twice[0] + 1}; each entry can be in the file once"):
        importer.apply(db, [importer.Incoming(entry, where=f"entry {n + 1}: ", position=n + 1)
                            for n, entry in enumerate(entries())])
    journal_unchanged(db, before)


@pytest.mark.parametrize("threaded", [True, False])
def test_a_problem_found_half_way_through_a_held_batch_leaves_nothing(tmp_path, monkeypatch,
                                                                      threaded):
    """A bad entry after some parts were handed to the writer: the writer is stopped
    before the rollback, and nothing of the batch stays."""
    from kindjournal.journal import bulk_writer

    made = []

    class Counted(bulk_writer.BatchWriter):
        def __init__(self, conn):
            made.append(self)
            super().__init__(conn)

    monkeypatch.setattr(bulk_writer, "BatchWriter", Counted)
    monkeypatch.setattr(bulk_writes, "THREADED", threaded)
    switch = sys.getswitchinterval()
    monkeypatch.setattr(bulk_writes, "BULK_FROM", 1)
    monkeypatch.setattr(bulk_writes.AddedBatch, "INDEX_ROWS_KEPT", 2)
    db = open_journal(tmp_path / "j.db")
    before = triggers(db)

    def entries():
        for n in range(9):
            yield with_text(EntryInput(date(2026, 1, n + 1), "after-shift", checkin={"dread": 2},
                                       tags=["b"] if n < 7 else ["x" * 100]), n)

    with pytest.raises(UsageError, match="A tag can be at most"):
        writes.add_entries(db, entries(), at_least=9)
    journal_unchanged(db, before)
    assert len(made) == threaded  # (a journal kj opens lets a second thread write)
    assert sys.getswitchinterval() == switch  # given back (the writer shortens it)
    writes.add_entries(db, [with_text(EntryInput(date(2026, 2, 1), "after-shift"), n)
                            for n in range(3)])
    assert db.execute("SELECT count(*) FROM entries_fts").fetchone()[0] == 3
    assert sys.getswitchinterval() == switch


@pytest.mark.parametrize("threaded", [True, False])
def test_a_nul_in_a_text_is_kept_whole(tmp_path, monkeypatch, threaded):
    """SQLite's JSON ends a text at a NUL: a part of the batch with one is written on
    the first thread (once the writer has written all before it), so every character
    is kept, as row by row."""
    monkeypatch.setattr(bulk_writes.AddedBatch, "INDEX_ROWS_KEPT", 3)
    monkeypatch.setattr(bulk_writes.AddedBatch, "FIRST_PART", 3)
    monkeypatch.setattr(bulk_writes, "THREADED", threaded)

    def batch() -> list[EntryInput]:
        made = [with_text(EntryInput(date(2026, 1, n + 1), "after-shift", tags=["a"],
                                     checkin={"dread": n % 5}), n) for n in range(10)]
        made[4].answers[0].answer = "before\x00after"
        made[5].tags = ["t\x00ag"]
        return made

    results = {}
    for name, threshold in (("triggers", 10**9), ("bulk", 1)):
        monkeypatch.setattr(bulk_writes, "BULK_FROM", threshold)
        db = open_journal(tmp_path / f"{name}.db")
        writes.add_entries(db, batch())
        results[name] = derived(db)
        assert db.execute("SELECT answer FROM answers WHERE entry_id = 5 AND position = 0"
                          ).fetchone()[0] == "before\x00after"
        db.close()
    assert results["bulk"] == results["triggers"]


def test_on_one_processor_a_batch_is_written_on_one_thread(tmp_path, monkeypatch):
    """Rows read from JSON cost SQLite more than rows bound one by one: only a second
    processor pays that back."""
    import os

    from kindjournal.journal import bulk_writer

    monkeypatch.setattr(bulk_writes, "BULK_FROM", 1)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0})
    assert not bulk_writer.worth_it()
    made = []
    monkeypatch.setattr(bulk_writer, "BatchWriter", lambda conn: made.append(conn))
    db = open_journal(tmp_path / "j.db")
    writes.add_entries(db, [with_text(EntryInput(date(2026, 1, n + 1), "after-shift"), n)
                            for n in range(3)])
    assert made == []
    assert db.execute("SELECT count(*) FROM entries_fts").fetchone()[0] == 3


def test_ctrl_c_while_the_writer_finishes_leaves_nothing(tmp_path, monkeypatch):
    """Ctrl-C while the batch waits for its writer's last parts: the writer is stopped
    before the rollback, so none of its statements can run after it (they did, in a
    transaction of their own, with the triggers back: review of the writer thread)."""
    import signal
    import time

    from kindjournal.journal import bulk_writer

    class Slow(bulk_writer.BatchWriter):  # a slow disk
        def _run(self, statements, context):
            time.sleep(0.2)
            super()._run(statements, context)

    def interrupt(_signal, _frame):
        raise KeyboardInterrupt

    monkeypatch.setattr(bulk_writer, "BatchWriter", Slow)
    monkeypatch.setattr(bulk_writes, "BULK_FROM", 1)
    monkeypatch.setattr(bulk_writes.AddedBatch, "INDEX_ROWS_KEPT", 10)
    monkeypatch.setattr(bulk_writes.AddedBatch, "FIRST_PART", 10)
    db = open_journal(tmp_path / "j.db")
    before = triggers(db)
    switch = sys.getswitchinterval()
    previous = signal.signal(signal.SIGALRM, interrupt)
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.5)  # the parts are queued by then
        with pytest.raises(KeyboardInterrupt):
            writes.add_entries(db, [with_text(EntryInput(date(2026, 1, n % 28 + 1),
                                                         "after-shift"), n)
                                    for n in range(40)])
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    time.sleep(0.5)  # time for any statement that would still come
    journal_unchanged(db, before)
    assert sys.getswitchinterval() == switch



@pytest.mark.parametrize("threaded", [True, False])
def test_a_part_of_long_answers_ends_sooner(tmp_path, monkeypatch, threaded):
    """A part's text goes to SQLite as one JSON text, which SQLite takes up to a limit:
    a part ends when its answers pass PART_CHARS, whatever the count of entries (a
    limit of 2 MB here, where 60 answers of 32,000 characters did not fit in one)."""
    import sqlite3

    monkeypatch.setattr(bulk_writes, "THREADED", threaded)
    monkeypatch.setattr(bulk_writes.AddedBatch, "PART_CHARS", 100_000)
    db = open_journal(tmp_path / "j.db")
    db.conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, 2_000_000)
    entries = [EntryInput(date(2026, 1, n % 28 + 1), "after-shift", answers=[
        AnswerInput("person", "Who did you notice?", "\u00e9t\u00e9 " * 8_000)])
        for n in range(60)]
    writes.add_entries(db, entries)
    assert db.execute("SELECT count(*), min(length(answer)) FROM answers").fetchone() == \
        (60, 32_000)


def test_the_first_thread_takes_the_writers_lock_only_for_sql_of_its_own(tmp_path,
                                                                        monkeypatch):
    """Taken for every entry, the writer's statement lock made the first thread wait out
    each of the writer's statements: one thread's speed again (10,000 entries: 3.2 s
    against 2.1). It is taken for a new prompt's id and the ids of a table, once."""
    import threading

    from kindjournal.journal import bulk_writer

    taken = []

    class Counted(bulk_writer.BatchWriter):
        @property
        def lock(self):
            taken.append(threading.current_thread().name)
            return super().lock

    monkeypatch.setattr(bulk_writer, "BatchWriter", Counted)
    monkeypatch.setattr(bulk_writes, "BULK_FROM", 1)
    monkeypatch.setattr(bulk_writes.AddedBatch, "INDEX_ROWS_KEPT", 10)
    from kindjournal.share import importer

    db = open_journal(tmp_path / "j.db")
    importer.apply(db, [importer.Incoming(with_text(EntryInput(date(2026, 1, n % 28 + 1),
                                                               "after-shift"), n), n + 1)
                        for n in range(40)])
    assert db.execute("SELECT count(*) FROM entries").fetchone()[0] == 40
    assert 1 <= len(taken) <= 3  # two prompts, the entries' ids once
