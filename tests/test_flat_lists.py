"""Issue 17 item 4: long lists in 'kj supervision' end with how many more and where to
see them all, and a signal nobody rated does not make the sign rules walk the journal."""

from __future__ import annotations

import datetime

from kindjournal.trends import supervision_text
from kindjournal.trends.rules import daily_values


def _entry(number: int) -> dict:
    return {"id": number, "date": "2026-11-02", "shift": "night", "status": "complete",
            "first_answer": f"A calm night, number {number}."}


def _action(number: int, status: str = "open") -> dict:
    return {"id": number, "text": f"Take my break {number}", "status": status,
            "shift_date": "2026-11-02", "reviewed_at": None, "review_note": None}


def test_marked_entries_show_the_first_twenty_then_how_many_more():
    lines = supervision_text._marked_entries([_entry(n) for n in range(1, 26)], 80, False)
    assert sum(line.startswith("  #") for line in lines) == supervision_text.LONG_LIST
    assert lines[-1] == "  … and 5 more: 'kj supervision --json' shows them all."


def test_a_short_list_has_no_more_line():
    lines = supervision_text._marked_entries([_entry(1)], 80, False)
    assert not any("more:" in line for line in lines)


def test_actions_are_listed_once_and_capped():
    opened = [_action(n) for n in range(1, 31)]
    closed = [_action(n, "done") for n in range(25, 36)]  # 25-30 also opened: listed once
    lines = supervision_text._carry_forward({"opened": opened, "closed": closed}, 200, False)
    assert sum(". Take my break" in line for line in lines) == supervision_text.LONG_LIST
    assert "  … and 15 more: 'kj supervision --json' shows them all." in lines


def test_an_unrated_signal_reads_no_entries(tmp_path):
    import sqlite3

    from kindjournal.journal.database import open_journal

    db = open_journal(tmp_path / "j.db")
    db.conn.executemany(
        "INSERT INTO entries (uuid, shift_date, created_at, updated_at, status, pack) "
        "VALUES (?, '2026-11-02', 'x', 'x', 'complete', 'p')",
        [(f"u{n}",) for n in range(3_000)])
    steps = []
    db.conn.set_progress_handler(lambda: steps.append(1), 100)
    assert daily_values(db, "right-care", datetime.date(2026, 11, 28), 7, False) == []
    db.conn.set_progress_handler(None, 0)
    assert len(steps) < 20, "walked the entries for a signal with no ratings"
    assert isinstance(db.conn, sqlite3.Connection)


def test_an_unrated_signal_reads_no_ratings_of_the_others(tmp_path):
    """Since 0009 checkins has no index by signal: asking it whether a signal was ever
    rated read every rating (30 ms of 'kj supervision' at 100,000 entries)."""
    from kindjournal.journal import writes
    from kindjournal.journal.database import open_journal

    db = open_journal(tmp_path / "j.db")
    writes.add_entries(db, [writes.EntryInput(
        shift_date=datetime.date(2026, 11, 1) - datetime.timedelta(days=n % 300),
        pack="after-shift", checkin={"exhaustion": 2, "support": 3, "dread": 1})
        for n in range(1_500)])
    steps = []
    db.conn.set_progress_handler(lambda: steps.append(1), 100)
    assert daily_values(db, "right-care", datetime.date(2026, 11, 28), 7, False) == []
    db.conn.set_progress_handler(None, 0)
    assert len(steps) < 20, "read the other signals' ratings"
    assert [value for _, value in daily_values(
        db, "support", datetime.date(2026, 11, 28), 3, False)] == [3, 3, 3]


def test_the_preparation_on_screen_reads_twenty_and_counts_the_rest(kj):
    today = datetime.date.today()
    kj.add(*[{"date": (today - datetime.timedelta(days=n % 30)).isoformat(),
              "supervision": True, "answers": {"person": f"Shift {n}.",
                                               "forward": f"Plan {n}"}}
             for n in range(45)])
    kj.add(*[{"date": today.isoformat(), "answers": {"forward": f"Later {n}"}}
             for n in range(10)])
    kj("actions", "done", "1-3")  # closed in the period too: still counted once
    everything = kj.json("supervision")
    unique = {a["id"] for a in everything["actions"]["opened"] + everything["actions"]["closed"]}
    assert len(everything["entries"]) == 45 and "totals" not in everything
    out = kj("supervision").stdout
    assert out.count("  … and 25 more: 'kj supervision --json' shows them all.") == 1
    assert len(unique) == 55
    assert "  … and 35 more: 'kj supervision --json' shows them all." in out
    assert out.count("more: 'kj supervision --json'") == 2


def test_the_listing_count_from_the_trend_tables_equals_counting_entries(tmp_path):
    """'20 of N shown': N comes from the per-day and per-month counts when the filters
    are only dates, a shift and drafts (no entry read), and equals counting entries."""
    from itertools import product

    from kindjournal.journal import edits, reads, writes
    from kindjournal.journal.database import open_journal
    from kindjournal.journal.filters import EntryFilters, where_clauses
    from kindjournal.journal.writes import AnswerInput, EntryInput

    db = open_journal(tmp_path / "j.db")
    shifts = (None, "day", "night")
    writes.add_entries(db, [
        EntryInput(datetime.date(2025, 1 + n % 12, 1 + n % 27), "after-shift",
                   shift_type=shifts[n % 3], status="draft" if n % 5 == 0 else "complete",
                   answers=[AnswerInput("person", "Who?", f"Entry {n}.")], tags=["a"] * (n % 2),
                   share=n % 4 == 0)
        for n in range(80)])
    for entry_id in (3, 10, 11, 40):
        edits.trash(db, entry_id)
    days = (None, datetime.date(2025, 3, 5), datetime.date(2025, 9, 30))
    statements = []
    db.conn.set_trace_callback(statements.append)
    for since, until, shift, drafts, include_drafts, tags, shared in product(
            days, days, ("day", "night", None), (False, True), (False, True), ((), ("a",)),
            (False, True)):
        filters = EntryFilters(since=since, until=until, shift=shift, drafts=drafts,
                               include_drafts=include_drafts, tags=tags, shared=shared)
        statements.clear()
        counted = reads.count_listed(db.conn, filters)
        used = list(statements)
        clauses, params = where_clauses(filters)
        expected = db.execute(f"SELECT count(*) FROM entries e WHERE {' AND '.join(clauses)}",
                              params).fetchone()[0]
        assert counted == expected, filters
        if not (tags or shared):
            assert used and not any("FROM entries" in sql for sql in used), used


def test_the_listing_count_is_written_with_thousands_separators():
    from kindjournal.screens.entry_lines import format_entry_list

    row = {"id": 1, "shift_date": "2026-11-02", "shift_type": "night", "pack": "after-shift",
           "status": "complete", "first_answer": "A calm night.", "tag_list": None}
    assert format_entry_list([row], 80, total=100_000)[-1] == (
        "1 of 100,000 shown; 'kj list -n 100000' shows them all.")

