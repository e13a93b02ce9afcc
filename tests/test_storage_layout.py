"""The leaner journal layout of issue 17 (storage): journals written before it upgrade
with every entry, search result and trend intact, and new journals have the layout.

journal-v9.db was written by kj at schema 9 (before these migrations) with
'kj reflect --from' of 20 invented entries and one entry trashed;
journal-v9.expected-reads.json holds what 'kj search --json' and 'kj trends --json'
printed from it then.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_trend_summaries import apply, new_entry, operation

from kindjournal.journal.database import open_journal, writing

FIXTURES = Path(__file__).parent / "fixtures"
DROPPED_INDEXES = {"tags_by_tag", "answers_by_theme", "checkins_by_signal"}


@pytest.fixture
def upgraded(kj, tmp_path) -> Path:
    journal = tmp_path / "journal-v9.db"
    shutil.copyfile(FIXTURES / "journal-v9.db", journal)
    journal.chmod(0o600)
    kj("--db", str(journal), "list", "-n", "1")  # the upgrade
    return journal


def _schema_names(journal: Path, kind: str) -> set[str]:
    conn = sqlite3.connect(journal)
    try:
        return {row[0] for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = ?", [kind])}
    finally:
        conn.close()


def _as_captured(value, captured):
    """value with only the fields the capture had: the JSON shapes only ever gain fields,
    and a field added since (trends' 'lately') is not a difference in what was read."""
    if isinstance(captured, dict) and isinstance(value, dict):
        return {key: _as_captured(value.get(key), item) for key, item in captured.items()}
    if isinstance(captured, list) and isinstance(value, list):
        return [_as_captured(item, was) for item, was in zip(value, captured, strict=False)]
    return value


def test_search_and_trends_read_the_same_after_the_upgrade(kj, upgraded):
    expected = json.loads((FIXTURES / "journal-v9.expected-reads.json").read_text())
    for word, results in expected["search"].items():
        assert kj.json("--db", str(upgraded), "search", word) == results, word
    for by, since in (("month", "2016-01-01"), ("week", "2025-06-01")):
        captured = expected["trends"][by]
        read = kj.json("--db", str(upgraded), "trends", "--since", since, "--until",
                       "2026-11-01", "--by", by)
        assert _as_captured(read, captured) == captured, by


def test_the_unused_indexes_are_gone_after_the_upgrade_and_in_a_new_journal(
        kj, upgraded, journal_file):
    assert not DROPPED_INDEXES & _schema_names(upgraded, "index")
    kj("note", "A quiet shift.")
    assert not DROPPED_INDEXES & _schema_names(journal_file, "index")


def _index_terms(db) -> list:
    db.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.fts_terms "
               "USING fts5vocab(main, entries_fts, instance)")
    return db.execute("SELECT * FROM temp.fts_terms ORDER BY 1, 2, 3, 4").fetchall()


WORDS = st.sampled_from(["tired", "tiring shift", "calm ward", "Zoë's visit", ""])
# Changes to what the index reads, besides the trend tests' own operations.
text_operation = st.one_of(
    operation,
    st.tuples(st.just("ask"), st.integers(1, 4), st.sampled_from(["person", "forward"]),
              st.sampled_from(["Who did you notice?", "What will you carry?"])),
    st.tuples(st.just("write"), st.integers(1, 4), st.sampled_from(["person", "forward"]),
              WORDS, st.booleans()),
    st.tuples(st.just("unask"), st.integers(1, 4), st.sampled_from(["person", "forward"])),
    st.tuples(st.just("act"), st.integers(1, 6), WORDS.filter(bool)),
    st.tuples(st.just("reword"), st.integers(1, 6), WORDS.filter(bool)),
    st.tuples(st.just("unact"), st.integers(1, 6)),
)


def apply_text(db, op) -> None:
    kind, *args = op
    sql = {
        "ask": "INSERT OR IGNORE INTO answers (entry_id, position, theme_key, prompt_id) "
               "SELECT :entry, (SELECT count(*) FROM answers WHERE entry_id = :entry), "
               ":theme, (SELECT id FROM prompts WHERE text = :words) "
               "FROM entries WHERE id = :entry",
        "write": "UPDATE answers SET answer = :words, answered_at = CASE WHEN :finished "
                 "THEN '2026-01-01' END WHERE entry_id = :entry AND theme_key = :theme",
        "unask": "DELETE FROM answers WHERE entry_id = :entry AND theme_key = :theme",
        "act": "INSERT INTO actions (entry_id, text, created_at) SELECT id, :words, 'x' "
               "FROM entries WHERE id = :entry",
        "reword": "UPDATE actions SET text = :words WHERE entry_id = :entry",
        "unact": "DELETE FROM actions WHERE id = (SELECT min(id) FROM actions "
                 "WHERE entry_id = :entry)",
    }.get(kind)
    if sql is None:
        apply(db, op)
        return
    names = {"ask": ("entry", "theme", "words"), "write": ("entry", "theme", "words",
             "finished"), "unask": ("entry", "theme"), "act": ("entry", "words"),
             "reword": ("entry", "words"), "unact": ("entry",)}[kind]
    with writing(db):
        if kind == "ask":
            db.execute("INSERT INTO prompts (text) VALUES (?) ON CONFLICT DO NOTHING",
                       [args[2]])
        db.execute(sql, dict(zip(names, args, strict=True)))


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(new_entry, min_size=1, max_size=4), st.lists(text_operation, max_size=16))
def test_the_search_index_is_what_a_rebuild_gives_after_any_changes(tmp_path_factory,
                                                                     first, operations):
    """The index reads its text from a view, and taking a row out needs the text that
    went in: after any adds, edits, trash, restore and deletes, it holds exactly what
    indexing the journal afresh gives, and SQLite's own check finds nothing wrong."""
    db = open_journal(tmp_path_factory.mktemp("j") / "j.db")
    apply_text(db, ("add", first))
    for entry in range(1, len(first) + 1):  # each entry asks both prompts
        apply_text(db, ("ask", entry, "person", "Who did you notice?"))
        apply_text(db, ("ask", entry, "forward", "What will you carry?"))
    for op in operations:
        apply_text(db, op)
    db.execute("INSERT INTO entries_fts (entries_fts, rank) VALUES ('integrity-check', 1)")
    kept = _index_terms(db)
    with writing(db):
        db.execute("INSERT INTO entries_fts (entries_fts) VALUES ('rebuild')")
    assert _index_terms(db) == kept
    db.close()


def test_each_prompt_text_is_stored_once_after_the_upgrade_and_in_a_new_journal(
        kj, upgraded, journal_file):
    for path in (upgraded, journal_file):
        if path == journal_file:
            kj.add(*[{"date": "2026-11-02", "answers": {"person": f"Answer {n}."}}
                     for n in range(3)])
        conn = sqlite3.connect(path)
        columns = [row[1] for row in conn.execute("PRAGMA table_info(answers)")]
        assert "prompt_text" not in columns and "prompt_id" in columns
        texts = [row[0] for row in conn.execute("SELECT text FROM prompts")]
        asked = conn.execute("SELECT count(DISTINCT prompt_id), count(*) FROM answers"
                             ).fetchone()
        conn.close()
        assert len(texts) == len(set(texts)) == asked[0] < asked[1]


def _free_pages(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA freelist_count").fetchone()[0]
    finally:
        conn.close()


def test_an_upgraded_journal_gives_its_freed_pages_back(upgraded):
    # (0012 compacts when a quarter or more of the file is free; a 10,000-entry journal
    # of schema 9 went from 52.8 MB to 30.2 MB.)
    conn = sqlite3.connect(upgraded)
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.close()
    assert _free_pages(upgraded) * 4 < pages


@pytest.mark.parametrize("how", ["from", "import"])
def test_a_large_batch_into_a_journal_much_of_it_free_is_followed_by_a_vacuum(
        kj, journal_file, tmp_path, monkeypatch, how):
    # (a tenth or more of the file free: bulk_writes.VACUUM_WHEN_FREE; a batch into a
    # new journal leaves a few free pages, and no VACUUM follows it)
    from kindjournal.journal import bulk_writes

    entries = [{"date": "2026-11-02", "answers": {"person": f"Answer {n} " * 800}}
               for n in range(30)]
    kj.add(*entries)
    for number in range(1, 31):
        kj("delete", str(number), "--yes")
    kj("trash", "--empty", "--yes")
    conn = sqlite3.connect(journal_file)
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.close()
    assert _free_pages(journal_file) > pages / 3  # the deleted entries' pages
    monkeypatch.setattr(bulk_writes, "COMPACT_FROM", 3)
    if how == "from":
        kj.add(*entries[:3])
    else:
        export = tmp_path / "three.json"
        other = tmp_path / "other.db"
        kj("--db", str(other), "reflect", "--from", "-",
           input="\n".join(json.dumps(e) for e in entries[:3]))
        kj("--db", str(other), "export", "--format", "json", "-o", str(export))
        kj("import", str(export))
    assert _free_pages(journal_file) == 0
