"""Issue 12, finding 2 and deliverable 2: a word deleted for good (kj trash --empty,
kj delete --purge) or edited away is found nowhere under the data folder or the temp
folder, byte for byte; kj names the copies that still hold it and removes them when
asked. Runs against another kj with KJ_UNDER_TEST (see privacy_run.py)."""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
import uuid

import pytest
from privacy_run import kj_run


@pytest.fixture
def temp_folder(tmp_path, monkeypatch):
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setenv("TMPDIR", str(folder))
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def _word() -> str:
    return "zq" + uuid.uuid4().hex[:10]


def _add(word: str, tag: str, prompt_word: str | None = None) -> None:
    entry = {"date": "2026-11-02", "pack": "after-shift", "tags": [tag, "night"],
             "checkin": {"exhaustion": 2},
             "answers": {"agency": f"Spoke with {word} about the handover.",
                         "forward": "Ask about the rota"}}
    if prompt_word:  # a prompt of one's own, stored once in prompts (0011)
        entry["answers"]["person"] = {"prompt": f"How was {prompt_word} today?",
                                      "answer": "Quieter than last week."}
    kj_run("reflect", "--from", "-", input=json.dumps(entry))
    kj_run("search", word)  # the index has it


def _holders(folders, *words: str) -> list[str]:
    found = []
    for folder in folders:
        for root, _dirs, files in os.walk(folder):
            for name in files:
                path = os.path.join(root, name)
                data = open(path, "rb").read()
                found += [f"{path}: {word}" for word in words
                          if word.encode() in data or word.encode("utf-16-le") in data]
    return found


def test_trash_empty_leaves_no_byte_of_the_entry(isolated_home, temp_folder):
    word, tag, prompt_word = _word(), _word(), _word()
    _add(word, tag, prompt_word)
    _add("colleague", "kept")  # the pack's own prompts stay for this entry
    kj_run("delete", "1", "--yes")
    kj_run("trash", "--empty", "--yes")
    assert _holders([isolated_home, temp_folder], word, tag, prompt_word) == []
    assert "Quieter" not in kj_run("show", "2").stdout
    assert "colleague" in kj_run("show", "2").stdout


def test_purge_of_one_entry_takes_its_own_prompt_text_only(isolated_home, temp_folder):
    shared, own = _word(), _word()
    _add("colleague", "kept", shared)
    _add("colleague", "kept", shared)
    _add("colleague", "gone", own)
    kj_run("delete", "3", "--purge", "--yes")
    kj_run("delete", "2", "--purge", "--yes")
    assert _holders([isolated_home, temp_folder], own) == []
    assert shared in kj_run("show", "1").stdout  # entry 1 still asks it


def test_edit_that_removes_a_word_leaves_no_byte_of_it(isolated_home, temp_folder, tmp_path):
    word, tag = _word(), _word()
    _add(word, tag)
    editor = tmp_path / "editor.sh"
    editor.write_text(f"#!/bin/sh\nsed -i -e 's/{word}/a colleague/g' -e 's/{tag}/shift/' \"$1\"\n")
    editor.chmod(0o700)
    kj_run("edit", "1", env={"EDITOR": str(editor)})
    assert word not in kj_run("show", "1").stdout
    assert _holders([isolated_home, temp_folder], word, tag) == []


def test_purge_names_the_copies_and_removes_them_when_asked(isolated_home, temp_folder):
    word, tag = _word(), _word()
    _add(word, tag)
    kj_run("backup")
    result = kj_run("delete", "1", "--purge", "--yes")
    assert "still hold" in result.stdout and "-backup-" in result.stdout
    assert _holders([isolated_home], word) != []  # kept: it was not asked for
    result = kj_run("trash", "--empty", "--yes", "--remove-copies", expect=None)
    kj_run("delete", "1", "--purge", "--yes", expect=None)
    _add(word, tag)
    kj_run("delete", "1", "--purge", "--yes", "--remove-copies")
    assert _holders([isolated_home, temp_folder], word, tag) == []


def test_no_tag_rows_counting_nothing(isolated_home):
    word, tag = _word(), _word()
    _add(word, tag)
    kj_run("delete", "1", "--yes")
    kj_run("trash", "--empty", "--yes")
    conn = sqlite3.connect(isolated_home / "journal.db")
    for table in ("trend_tags", "trend_tags_monthly"):
        assert conn.execute(f"SELECT count(*) FROM {table} WHERE entries <= 0").fetchone() == (0,)


def test_connections_zero_deleted_content_and_distrust_restored_schemas(tmp_path):
    from kindjournal.journal.database import harden, open_journal

    db = open_journal(tmp_path / "j.db")
    assert db.execute("PRAGMA secure_delete").fetchone() == (1,)
    other = harden(sqlite3.connect(tmp_path / "j.db"))
    assert other.execute("PRAGMA trusted_schema").fetchone() == (0,)


def test_autosaved_lines_are_not_indexed_until_the_answer_is_finished(tmp_path):
    from kindjournal.journal import writes
    from kindjournal.journal.database import open_journal

    db = open_journal(tmp_path / "j.db")
    entry_id = writes.add_entries(db, [writes.EntryInput(
        shift_date=__import__("datetime").date(2026, 11, 2), pack="after-shift",
        status="draft", answers=[writes.AnswerInput("agency", "What did you do?")])])[0]
    word = _word()
    writes.set_answer(db, entry_id, "agency", f"Talked with {word}", finished=False)
    assert db.execute("SELECT count(*) FROM entries_fts WHERE entries_fts MATCH ?",
                      [word]).fetchone() == (0,)
    writes.set_answer(db, entry_id, "agency", "Talked with [name]", finished=True)
    db.close()
    assert word.encode() not in (tmp_path / "j.db").read_bytes()


def test_a_journal_from_before_this_change_upgrades_intact(tmp_path, kj):
    """A version-8 journal (main before issue 12), with a tag row left at 0 and
    words of a deleted entry in the index, upgrades with its entries whole, the 0 row
    gone and the same schema as a journal made new."""
    from sqlite_utils import Database

    from kindjournal.journal import backups
    from kindjournal.journal.database import APPLICATION_ID, SCHEMA_VERSION
    from kindjournal.journal.migrations import migrations

    path = tmp_path / "v8.db"
    old = Database(path)  # a journal as version 8 left it
    old.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    old.execute("PRAGMA foreign_keys = ON")
    migrations.apply(old, stop_before="0008_nothing_left_behind")
    old.close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA foreign_keys = ON")  # deleting entry 2 takes its rows too
    for entry, (tag, word) in enumerate((("kept", "stays"), ("gone", _word())), start=1):
        conn.execute("INSERT INTO entries (id, uuid, shift_date, created_at, updated_at, "
                     "status, pack, share, supervision) VALUES (?, ?, '2026-11-02', 'x', 'x', "
                     "'complete', 'after-shift', 0, 0)", [entry, f"u{entry}"])
        conn.execute("INSERT INTO answers (entry_id, position, theme_key, prompt_text, answer,"
                     " answered_at) VALUES (?, 0, 'agency', 'Q?', ?, 'x')", [entry, word])
        conn.execute("INSERT INTO tags (entry_id, tag) VALUES (?, ?)", [entry, tag])
    conn.execute("DELETE FROM entries WHERE id = 2")
    conn.execute("PRAGMA user_version = 8")
    conn.commit()
    assert conn.execute("SELECT count(*) FROM trend_tags WHERE entries = 0").fetchone() == (1,)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the version into the file's header
    conn.close()
    result = kj("--db", str(path), "list", "--json")
    assert "a copy of the old one" in result.stderr
    assert [entry["tags"] for entry in json.loads(result.stdout)] == [["kept"]]
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT count(*) FROM trend_tags WHERE entries = 0").fetchone() == (0,)
    assert conn.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
    assert backups.unexpected_schema(conn, SCHEMA_VERSION) is None
    assert "stays" in kj("--db", str(path), "search", "stays").stdout


def test_an_import_that_replaces_an_entry_leaves_none_of_its_old_words(isolated_home,
                                                                       temp_folder):
    old_word, prompt_word = _word(), _word()
    _add(old_word, "kept", prompt_word)
    exported = json.loads(kj_run("export", "--format", "json").stdout)
    entry = exported[0] if isinstance(exported, list) else exported["entries"][0]
    entry["updated_at"] = "2099-01-01T08:00:00+00:00"  # newer: the file's copy wins
    for answer in entry["answers"]:
        answer["answer"] = (answer["answer"] or "").replace(old_word, "a colleague")
        answer["prompt"] = answer["prompt"].replace(prompt_word, "the shift")
    source = temp_folder.parent / "newer.json"
    source.write_text(json.dumps(exported), encoding="utf-8")
    assert "replaced" in kj_run("import", str(source)).stderr
    source.unlink()
    assert _holders([isolated_home, temp_folder], old_word, prompt_word) == []
    assert "a colleague" in kj_run("show", "1").stdout
