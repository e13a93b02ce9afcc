"""Issue 17 item 4: actions carry their entry's date (or their session's), 'kj actions'
and 'kj supervision' count and list from indexes rather than reading every action, and
what they count is what the long way would count."""

from __future__ import annotations

import datetime
import json
import sqlite3

import pytest

from kindjournal.journal import action_list, reads, supervision
from kindjournal.journal.database import SCHEMA_VERSION, open_journal

TODAY = datetime.date.today()


def _day(days_ago: int) -> str:
    return (TODAY - datetime.timedelta(days=days_ago)).isoformat()


def _entry(days_ago: int, forward: str, **more) -> dict:
    return {"date": _day(days_ago), "answers": {"person": "A steady shift.",
                                                "forward": forward}, **more}


def _owner_dates(path) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT a.id, a.owner_date, coalesce(e.shift_date, s.session_date) "
                            "FROM actions a LEFT JOIN entries e ON e.id = a.entry_id "
                            "LEFT JOIN supervision_sessions s ON s.id = a.session_id "
                            "ORDER BY a.id").fetchall()
    finally:
        conn.close()


def test_imported_actions_are_listed_by_their_entrys_date_not_the_import_day(kj):
    kj.add(_entry(2, "Ask about the rota"))  # written first, about a recent shift
    kj.add(_entry(400, "Book the manual handling refresher"))  # an old shift, added later
    rows = kj.json("actions")
    assert [row["text"] for row in rows] == ["Book the manual handling refresher",
                                             "Ask about the rota"]
    assert [row["shift_date"] for row in rows] == [_day(400), _day(2)]


def test_the_date_follows_an_entry_or_session_that_moves(kj, journal_file):
    kj.add(_entry(10, "Take my full break"))
    kj("supervision", "record", "--date", _day(5), "--action", "Read the new policy")
    kj("edit", "1", "--date", _day(12))
    kj("supervision", "edit", "1", "--date", _day(6))
    assert [(date, owner) for _, date, owner in _owner_dates(journal_file)] == [
        (_day(12), _day(12)), (_day(6), _day(6))]


def test_a_journal_from_before_gets_its_actions_dated(kj, tmp_path):
    from sqlite_utils import Database

    from kindjournal.journal.database import APPLICATION_ID
    from kindjournal.journal.migrations import migrations

    path = tmp_path / "v13.db"
    old = Database(path)
    old.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    migrations.apply(old, stop_before="0013_actions_dated")
    old.close()
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO entries (id, uuid, shift_date, created_at, updated_at, status, "
                 "pack) VALUES (1, 'u1', '2024-03-02', '2026-11-20T10:00:00+00:00', 'x', "
                 "'complete', 'after-shift')")
    conn.execute("INSERT INTO supervision_sessions (id, uuid, session_date, created_at) "
                 "VALUES (1, 's1', '2025-06-01', 'x')")
    # Both made on the import day, as imports did: the day says nothing of the shift.
    conn.execute("INSERT INTO actions (entry_id, text, created_at) VALUES "
                 "(1, 'Ask for a debrief', '2026-11-20T10:00:00+00:00')")
    conn.execute("INSERT INTO actions (session_id, text, created_at) VALUES "
                 "(1, 'Read the policy', '2026-11-20T10:00:00+00:00')")
    conn.execute("INSERT INTO prompts (text) VALUES ('What did zqorphan say?')")  # its
    conn.execute("PRAGMA user_version = 13")  # entry deleted for good before the fix
    conn.commit()
    conn.close()
    kj("--db", str(path), "list")
    assert [row[1] for row in _owner_dates(path)] == ["2024-03-02", "2025-06-01"]
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
    assert conn.execute("SELECT count(*) FROM prompts").fetchone() == (0,)


@pytest.fixture
def mixed(tmp_path):
    """A journal with every kind of action the counts must tell apart."""
    from kindjournal.journal import edits, writes

    db = open_journal(tmp_path / "j.db")
    entries = [writes.EntryInput(
        shift_date=TODAY - datetime.timedelta(days=days), pack="after-shift",
        answers=[writes.AnswerInput("person", "Q?", "A shift.")],
        actions=[{"text": f"Action {n}", "status": status}])
        for n, (days, status) in enumerate(
            [(d, "open") for d in (1, 20, 27, 28, 29, 40, 90, 400, 401)]
            + [(60, "done"), (61, "dropped"), (5, "done")])]
    ids = writes.add_entries(db, entries)
    edits.trash(db, ids[6])  # an old open action whose entry is in the trash
    reviewed = {ids[7]: "2026-01-01T10:00:00+00:00",  # long ago: still stale
                ids[8]: f"{_day(3)}T23:30:00-05:00",  # looked at lately, with an offset
                ids[5]: "not a time"}  # a stamp kj cannot read: as if never looked at
    for entry_id, stamp in reviewed.items():
        db.execute("UPDATE actions SET reviewed_at = ? WHERE entry_id = ?", [stamp, entry_id])
    db.execute("UPDATE actions SET reviewed_at = ? WHERE entry_id = ?",
               [f"{_day(2)}T09:00:00+00:00", ids[-1]])  # closed in the period
    old_session = supervision.record_session(db, TODAY - datetime.timedelta(days=100), None,
                                             actions=["Agreed long ago"])
    supervision.record_session(db, TODAY - datetime.timedelta(days=50), None,
                               actions=["Agreed, then binned"])
    supervision.trash_session(db, old_session + 1)
    return db


def test_the_counts_are_what_reading_every_action_gives(mixed):
    every = reads.actions(mixed, include_closed=True)
    assert reads.count_actions(mixed, include_closed=True) == len(every)
    assert reads.count_actions(mixed) == sum(row["status"] == "open" for row in every)
    assert action_list.stale_count(mixed, TODAY) == len(action_list.stale_ids(mixed, TODAY))
    # 28 and 29 days ago, 40 (its review stamp unreadable), 400 (reviewed long ago);
    # not 401 (looked at three days ago), 90 (in the trash) nor the sessions' actions.
    stale = action_list.stale_ids(mixed, TODAY)
    assert [row[0] for row in mixed.execute(
        "SELECT text FROM actions WHERE id IN (SELECT value FROM json_each(?)) "
        "ORDER BY owner_date", [json.dumps(stale)])] == [
        "Action 7", "Action 5", "Action 4", "Action 3"]


def test_the_lists_stop_at_their_limit_in_order(mixed):
    every = reads.actions(mixed, include_closed=True)
    assert [row["status"] == "open" for row in every] == sorted(
        (row["status"] == "open" for row in every), reverse=True)
    for limit in range(1, len(every) + 1):
        assert reads.actions(mixed, include_closed=True, limit=limit) == every[:limit]


def test_closed_in_a_period_is_what_date_of_the_review_says(mixed):
    since, until = TODAY - datetime.timedelta(days=7), TODAY
    found = supervision.actions_in_period(mixed, since, until)
    assert [row["text"] for row in found["closed"]] == ["Action 11"]
    long_way = mixed.execute(
        "SELECT count(*) FROM actions a JOIN entries e ON e.id = a.entry_id "
        "WHERE e.deleted_at IS NULL AND a.status IN ('done', 'dropped') "
        "AND date(a.reviewed_at) BETWEEN ? AND ?",
        [since.isoformat(), until.isoformat()]).fetchone()[0]
    assert len(found["closed"]) == long_way
    unique = {row["id"] for row in found["opened"] + found["closed"]}
    assert supervision.count_actions_in_period(mixed, since, until) == len(unique)


def test_all_and_more_says_how_to_see_the_closed_ones_too(kj):
    kj.add(*[_entry(day, f"Thing {day}", actions=[{"text": f"Done {day}", "status": "done"}])
             for day in range(1, 6)])
    out = kj("actions", "--all", "-n", "3").stdout
    assert "… and 2 more: 'kj actions --all -n 5' shows them all." in out
