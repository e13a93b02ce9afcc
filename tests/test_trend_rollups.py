"""The monthly roll-ups (migration 0005) always equal the per-day summaries summed by
month, whatever writes happen, and a journal upgraded from before them gets them filled."""

from __future__ import annotations

import sqlite3
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_trend_summaries import DAYS, apply, operation

from kindjournal.journal import writes
from kindjournal.journal.database import SCHEMA_VERSION, open_journal, writing
from kindjournal.journal.trend_tables import rebuild_trend_summaries
from kindjournal.journal.writes import EntryInput

DAY_COUNTS = "sum(entries), sum(rated), sum(supervision), sum(share), sum(drafts)"


def rollups(db) -> dict:
    """Monthly rows as kept, and as summed afresh from the daily ones (zero rows left
    out: a month whose entries all went keeps a row of zeros)."""
    return {
        "days": db.execute(f"SELECT month, shift_type, {DAY_COUNTS} FROM trend_days_monthly "
                           "GROUP BY 1, 2 HAVING max(entries, rated, supervision, share, "
                           "drafts) > 0 ORDER BY 1, 2").fetchall(),
        "tags": db.execute("SELECT month, tag, entries FROM trend_tags_monthly "
                           "WHERE entries != 0 ORDER BY 1, 2").fetchall(),
    }


def summed_from_days(db) -> dict:
    return {
        "days": db.execute(f"SELECT substr(shift_date, 1, 7), shift_type, {DAY_COUNTS} "
                           "FROM trend_days GROUP BY 1, 2 HAVING max(sum(entries), "
                           "sum(rated), sum(supervision), sum(share), sum(drafts)) > 0 "
                           "ORDER BY 1, 2").fetchall(),
        "tags": db.execute("SELECT substr(shift_date, 1, 7), tag, sum(entries) "
                           "FROM trend_tags GROUP BY 1, 2 HAVING sum(entries) != 0 "
                           "ORDER BY 1, 2").fetchall(),
    }


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(operation, max_size=12))
def test_rollups_match_the_daily_summaries_after_any_writes(tmp_path_factory, operations):
    db = open_journal(tmp_path_factory.mktemp("j") / "writes.db")
    for op in operations:
        apply(db, op)
    assert rollups(db) == summed_from_days(db)
    with writing(db):
        rebuild_trend_summaries(db)
    assert rollups(db) == summed_from_days(db)


def test_moving_an_entry_to_another_month_moves_its_counts(tmp_path):
    db = open_journal(tmp_path / "writes.db")
    writes.add_entries(db, [EntryInput(DAYS[1], "after-shift", "night", {"dread": 2},
                                        tags=["a"], supervision=True)])
    with writing(db):
        db.execute("UPDATE entries SET shift_date = ? WHERE id = 1", [DAYS[2].isoformat()])
    assert rollups(db)["days"] == [("2026-01", "night", 1, 1, 1, 0, 0)]
    assert rollups(db)["tags"] == [("2026-01", "a", 1)]
    assert db.execute("SELECT * FROM trend_days_monthly WHERE month = '2025-12'"
                      ).fetchall() == [("2025-12", "night", 0, 0, 0, 0, 0)]


def test_a_journal_from_before_the_rollups_gets_them_filled_on_upgrade(tmp_path):
    path = tmp_path / "writes.db"
    db = open_journal(path)
    writes.add_entries(db, [EntryInput(date(2025, 12, day), "after-shift", None,
                                        {"dread": 1}, tags=["b"]) for day in (1, 2)])
    db.conn.close()
    # One version back: as a journal written before the roll-ups existed.
    with sqlite3.connect(path) as conn:
        for table in ("trend_days_monthly", "trend_tags_monthly"):
            conn.execute(f"DROP TABLE {table}")
            for event in ("insert", "update", "delete"):
                conn.execute(f"DROP TRIGGER {table}_{event}")
        conn.execute("DROP INDEX trend_ratings_monthly_by_signal")
        conn.execute("DROP INDEX trend_ratings_monthly_by_shift")
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = '0005_trend_monthly_rollups'")
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION - 1}")
    conn.close()
    notices: list[str] = []
    db = open_journal(path, notices)
    assert notices and f"to {SCHEMA_VERSION};" in notices[0]
    assert rollups(db) == summed_from_days(db) == {
        "days": [("2025-12", "", 2, 2, 0, 0, 0)], "tags": [("2025-12", "b", 2)]}
