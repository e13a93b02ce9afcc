"""The per-day trend summaries stay equal to the entries, whatever happens to them.

They are kept by triggers (migration 0004); after any mix of writes they must match a
rebuild from the entries, checkins and tags tables themselves.
"""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kindjournal.journal import writes
from kindjournal.journal.database import open_journal, writing
from kindjournal.journal.trend_tables import rebuild_trend_summaries
from kindjournal.journal.writes import EntryInput

SIGNALS = ["exhaustion", "dread", "support"]
DAYS = [date(2025, 12, 30), date(2025, 12, 31), date(2026, 1, 1)]  # two months

ratings = st.dictionaries(st.sampled_from(SIGNALS), st.none() | st.integers(0, 4))
new_entry = st.builds(
    EntryInput, shift_date=st.sampled_from(DAYS), pack=st.just("after-shift"),
    shift_type=st.sampled_from([None, "day", "night"]), checkin=ratings,
    tags=st.lists(st.sampled_from(["a", "b"]), max_size=2), share=st.booleans(),
    supervision=st.booleans(), status=st.sampled_from(["draft", "complete"]))
operation = st.one_of(
    st.tuples(st.just("add"), st.lists(new_entry, min_size=1, max_size=3)),
    st.tuples(st.just("rate"), st.integers(1, 6), st.sampled_from(SIGNALS),
              st.none() | st.integers(0, 4)),
    st.tuples(st.just("trash"), st.integers(1, 6)),
    st.tuples(st.just("restore"), st.integers(1, 6)),
    st.tuples(st.just("delete"), st.integers(1, 6)),
    st.tuples(st.just("move"), st.integers(1, 6), st.sampled_from(DAYS),
              st.sampled_from([None, "night"])),
    st.tuples(st.just("complete"), st.integers(1, 6)),
    st.tuples(st.just("tag"), st.integers(1, 6), st.sampled_from(["a", "c"])),
    st.tuples(st.just("untag"), st.integers(1, 6), st.sampled_from(["a", "b"])),
    st.tuples(st.just("unrate"), st.integers(1, 6), st.sampled_from(SIGNALS)),
)


def apply(db, op) -> None:
    kind, *args = op
    exists = kind == "add" or db.execute(
        "SELECT 1 FROM entries WHERE id = ?", [args[0]]).fetchone()
    if not exists:
        return
    if kind == "add":
        writes.add_entries(db, args[0])
    elif kind == "rate":
        writes.set_rating(db, args[0], args[1], args[2])
    elif kind == "complete":
        writes.complete_entry(db, args[0], None)
    elif kind == "tag":
        writes.add_tags(db, args[0], [args[1]])
    else:
        sql = {
            "trash": "UPDATE entries SET deleted_at = '2026-01-01T00:00:00+00:00' WHERE id = ?",
            "restore": "UPDATE entries SET deleted_at = NULL WHERE id = ?",
            "delete": "DELETE FROM entries WHERE id = ?",
            "move": "UPDATE entries SET shift_date = ?, shift_type = ? WHERE id = ?",
            "untag": "DELETE FROM tags WHERE tag = ? AND entry_id = ?",
            "unrate": "DELETE FROM checkins WHERE signal_key = ? AND entry_id = ?",
        }[kind]
        if kind == "move":
            values = [args[1].isoformat(), args[2], args[0]]
        elif kind in ("untag", "unrate"):
            values = [args[1], args[0]]
        else:
            values = args
        with writing(db):
            db.execute(sql, values)


def summaries(db) -> dict:
    return {
        "days": db.execute("SELECT * FROM trend_days WHERE entries != 0 OR rated != 0 "
                           "OR supervision != 0 OR share != 0 OR drafts != 0 "
                           "ORDER BY 1, 2").fetchall(),
        "ratings": db.execute("SELECT * FROM trend_ratings WHERE ratings != 0 OR total != 0 "
                              "ORDER BY 1, 2, 3").fetchall(),
        "monthly": db.execute("SELECT * FROM trend_ratings_monthly WHERE ratings != 0 "
                              "OR total != 0 ORDER BY 1, 2, 3").fetchall(),
        "tags": db.execute("SELECT * FROM trend_tags WHERE entries != 0 ORDER BY 1, 2")
        .fetchall(),
    }


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(operation, max_size=12))
def test_summaries_match_a_rebuild_after_any_writes(tmp_path_factory, operations):
    db = open_journal(tmp_path_factory.mktemp("j") / "writes.db")
    for op in operations:
        apply(db, op)
    kept = summaries(db)
    with writing(db):
        rebuild_trend_summaries(db)
    assert kept == summaries(db)
    assert all(value >= 0 for row in kept["days"] for value in row[2:])


def test_deleting_an_entry_takes_its_ratings_away_once(tmp_path):
    db = open_journal(tmp_path / "writes.db")
    writes.add_entries(db, [EntryInput(DAYS[0], "after-shift", "day", {"dread": 3},
                                        tags=["a"]),
                             EntryInput(DAYS[0], "after-shift", "day", {"dread": 1})])
    assert db.execute("SELECT total, ratings FROM trend_ratings").fetchall() == [(4, 2)]
    with writing(db):
        db.execute("DELETE FROM entries WHERE id = 1")
    assert db.execute("SELECT total, ratings FROM trend_ratings").fetchall() == [(1, 1)]
    assert db.execute("SELECT entries, rated FROM trend_days").fetchall() == [(1, 1)]
    assert db.execute("SELECT entries FROM trend_tags").fetchall() == []  # no 0 rows (issue 12)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(operation, max_size=12),
       st.sampled_from([(DAYS[0], DAYS[2]), (DAYS[1], DAYS[2]), (DAYS[0], DAYS[1]),
                        (DAYS[2], DAYS[2])]))
def test_rated_day_counts_equal_counting_the_ratings(tmp_path_factory, operations, period):
    """The days behind each comparison in kj trends, taken from the month roll-ups where
    a month allows it, equal the days found by reading every live entry's ratings."""
    from kindjournal.trends.queries import rated_day_counts

    db = open_journal(tmp_path_factory.mktemp("j") / "j.db")
    for op in operations:
        apply(db, op)
    since, until = period
    groups = {key: [key] for key in SIGNALS} | {"pair": SIGNALS[:2], "any": SIGNALS,
                                                "never rated": ["calm"]}
    expected = {}
    for name, keys in groups.items():
        marks = ", ".join("?" * len(keys))
        expected[name] = db.execute(
            "SELECT count(DISTINCT e.shift_date) FROM entries e JOIN checkins c ON "
            "c.entry_id = e.id WHERE e.deleted_at IS NULL AND c.value IS NOT NULL AND "
            f"c.signal_key IN ({marks}) AND e.shift_date BETWEEN ? AND ?",
            [*keys, since.isoformat(), until.isoformat()]).fetchone()[0]
    assert rated_day_counts(db, since, until, groups) == expected
    db.close()


def test_rated_day_counts_read_no_day_by_day_rows_when_every_month_allows(tmp_path):
    from kindjournal.trends.queries import rated_day_counts

    db = open_journal(tmp_path / "j.db")
    writes.add_entries(db, [EntryInput(day, "after-shift", checkin={"dread": 2, "support": 3})
                            for day in DAYS])
    statements = []
    db.conn.set_trace_callback(statements.append)
    counts = rated_day_counts(db, DAYS[0], DAYS[2], {"dread": ["dread"], "any": SIGNALS,
                                                     "never rated": ["exhaustion"]})
    assert counts == {"dread": 3, "any": 3, "never rated": 0}
    assert not any("FROM trend_ratings " in sql for sql in statements), statements
    writes.add_entries(db, [EntryInput(DAYS[2], "after-shift", checkin={"exhaustion": 1})])
    statements.clear()  # January now has an entry without 'dread': read day by day
    counts = rated_day_counts(db, DAYS[0], DAYS[2], {"dread": ["dread"], "any": SIGNALS,
                                                     "exhaustion": ["exhaustion"]})
    assert counts == {"dread": 3, "any": 3, "exhaustion": 1}
    assert any("FROM trend_ratings " in sql for sql in statements)
