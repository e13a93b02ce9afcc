"""Hostile and broken input: each gets one kind line, a non-zero exit, and nothing changes.

"Nothing changes" is checked by hashing every file in the journal's folder before and
after. Read-only and full-disk cases need root (chattr, mount); they are skipped with
a reason elsewhere.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from datetime import date
from pathlib import Path

import pytest

from kindjournal.journal.database import SCHEMA_VERSION, open_journal
from kindjournal.journal.writes import add_entries
from kindjournal.reflect.from_file import PackLookup, parse_entries

GOOD_ENTRY = {"date": "2026-03-02", "answers": {"person": "Someone who waited all day."}}


EMPTY = hashlib.sha256(b"").hexdigest()


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under folder -> its sha256. SQLite's shared-memory index (-shm) is
    left out, and an empty -wal counts as no -wal: SQLite may leave those two working
    files beside a journal it could read but not write, holding nothing of the journal."""
    files = {}
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or path.name.endswith("-shm"):
            continue
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if not (path.name.endswith("-wal") and digest == EMPTY):
            files[str(path.relative_to(folder))] = digest
    return files


def assert_one_kind_line(result, codes=(1, 2)) -> str:
    assert result.exit_code in codes, (result.exit_code, result.stdout, result.stderr)
    message = result.stderr.strip()
    assert message.startswith("kj: ") and "Traceback" not in message, result.stderr
    assert len(message.splitlines()) == 1 or len(" ".join(message.split())) <= 400, message
    assert "\n" not in message.replace("\n", " ").strip()
    return message


def settled_journal(path: Path, entries: int = 3) -> None:
    """A real journal with a few entries, checkpointed so it is one self-contained file."""
    db = open_journal(path)
    items = [{**GOOD_ENTRY, "date": f"2026-03-{n % 28 + 1:02d}", "answers": {
        "person": f"Entry {n}: " + "someone who waited all day. " * 20}} for n in range(entries)]
    add_entries(db, parse_entries(items, PackLookup(path.parent / "prompts"), date(2026, 11, 1)))
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()


# -- journal files that kj must refuse and leave alone -------------------------------


def random_bytes(path: Path) -> None:
    path.write_bytes(os.urandom(64 * 1024))


def plain_text(path: Path) -> None:
    path.write_text("Shopping: bread, milk, tea.\n" * 50)


def empty_file(path: Path) -> None:
    path.write_bytes(b"")


def truncated_journal(path: Path) -> None:
    settled_journal(path, entries=60)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def header_only(path: Path) -> None:
    settled_journal(path)
    path.write_bytes(path.read_bytes()[:100])


def newer_schema(path: Path) -> None:
    settled_journal(path)
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def table_missing(table: str):
    def make(path: Path) -> None:
        settled_journal(path)
        conn = sqlite3.connect(path)
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute(f"DROP TABLE {table}")
        conn.commit()
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.close()
    make.__name__ = f"table_{table}_missing"
    return make


def another_apps_database(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.commit()
    conn.close()


def a_folder(path: Path) -> None:
    path.mkdir()
    (path / "note.txt").write_text("not a journal")


BAD_JOURNALS = [random_bytes, plain_text, empty_file, truncated_journal, header_only,
                newer_schema, another_apps_database, a_folder,
                *(table_missing(t) for t in ("entries", "answers", "checkins", "tags",
                                             "actions", "_sqlite_migrations"))]
COMMANDS = [["list"], ["list", "--json"], ["show", "1"], ["where"],
            ["reflect", "--from", "GOOD"], ["reflect", "--quick", "--shift", "day"]]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: "-".join(c[:2]))
@pytest.mark.parametrize("make_bad", BAD_JOURNALS, ids=lambda f: f.__name__)
def test_a_bad_journal_is_refused_in_one_line_and_left_alone(kj, tmp_path, make_bad, command):
    folder = tmp_path / "journals"
    folder.mkdir()
    journal = folder / "journal.db"
    make_bad(journal)
    good = tmp_path / "good.json"
    good.write_text(json.dumps(GOOD_ENTRY))
    before = snapshot(folder)
    args = [str(good) if part == "GOOD" else part for part in command]
    result = kj("--db", str(journal), *args, input="2\n" * 10, expect=None)
    message = assert_one_kind_line(result)
    assert str(journal) in message or "journal" in message
    assert snapshot(folder) == before


# -- --from files ----------------------------------------------------------------------

NESTED = ("[" * 100_000 + "]" * 100_000).encode()
BAD_FROM_FILES = {
    "invalid-utf8": b'{"answers": {"person": "caf\xe9"}}',
    "latin1-bom-mix": b"\xef\xbb\xbf\xff\xfe{}",
    "utf16": json.dumps(GOOD_ENTRY).encode("utf-16"),
    "nul-bytes": b"\x00" * 100,
    "random-bytes": bytes(range(256)) * 8,
    "empty": b"",
    "whitespace": b"  \n\t\n",
    "deeply-nested-array": NESTED,
    "deeply-nested-object": ('{"a":' * 50_000 + "1" + "}" * 50_000).encode(),
    "nested-in-answer": json.dumps({"answers": {"person": [[[["deep"]]]]}}).encode(),
    "truncated-json": json.dumps(GOOD_ENTRY).encode()[:-5],
    "json-null": b"null",
    "json-number": b"42",
    "json-string": b'"an entry"',
    "json-true": b"true",
    "empty-array": b"[]",
    "empty-object": b"{}",
    "array-of-numbers": b"[1, 2, 3]",
    "jsonl-with-bad-line": (json.dumps(GOOD_ENTRY) + "\n{oops\n").encode(),
    "date-31-02": json.dumps({**GOOD_ENTRY, "date": "31/02"}).encode(),
    "date-30-02-iso": json.dumps({**GOOD_ENTRY, "date": "2026-02-30"}).encode(),
    "date-29-02-2025": json.dumps({**GOOD_ENTRY, "date": "29/02/2025"}).encode(),
    "date-32-01": json.dumps({**GOOD_ENTRY, "date": "32/01/2026"}).encode(),
    "date-month-13": json.dumps({**GOOD_ENTRY, "date": "2026-13-01"}).encode(),
    "date-future": json.dumps({**GOOD_ENTRY, "date": "2099-01-01"}).encode(),
    "date-nonsense": json.dumps({**GOOD_ENTRY, "date": "the day after never"}).encode(),
    "date-number": json.dumps({**GOOD_ENTRY, "date": 20260302}).encode(),
    "date-year-0": json.dumps({**GOOD_ENTRY, "date": "0000-01-01"}).encode(),
    "date-huge-year": json.dumps({**GOOD_ENTRY, "date": "99999999-01-01"}).encode(),
    "answers-a-list-of-text": json.dumps({"answers": ["a", "b"]}).encode(),
    "answers-a-string": json.dumps({"answers": "all of it"}).encode(),
    "answer-a-number": json.dumps({"answers": {"person": 3}}).encode(),
    "answer-null-only": json.dumps({"answers": {"person": None}}).encode(),
    "unknown-theme": json.dumps({"answers": {"nobody": "x"}}).encode(),
    "unknown-field": json.dumps({**GOOD_ENTRY, "mood": "ok"}).encode(),
    "no-answers-or-ratings": json.dumps({"date": "2026-03-02"}).encode(),
    "rating-5": json.dumps({"checkin": {"exhaustion": 5}}).encode(),
    "rating-negative": json.dumps({"checkin": {"exhaustion": -1}}).encode(),
    "rating-text": json.dumps({"checkin": {"exhaustion": "3"}}).encode(),
    "rating-float": json.dumps({"checkin": {"exhaustion": 2.5}}).encode(),
    "rating-bool": json.dumps({"checkin": {"exhaustion": True}}).encode(),
    "rating-huge": b'{"checkin": {"exhaustion": 1' + b"0" * 5000 + b"}}",
    "unknown-signal": json.dumps({"checkin": {"happiness": 2}}).encode(),
    "checkin-a-list": json.dumps({"checkin": [1, 2]}).encode(),
    "tags-a-string": json.dumps({**GOOD_ENTRY, "tags": "nights"}).encode(),
    "tags-numbers": json.dumps({**GOOD_ENTRY, "tags": [1, 2]}).encode(),
    "share-yes": json.dumps({**GOOD_ENTRY, "share": "yes"}).encode(),
    "supervision-1": json.dumps({**GOOD_ENTRY, "supervision": 1}).encode(),
    "shift-unknown": json.dumps({**GOOD_ENTRY, "shift": "afternoon tea"}).encode(),
    "shift-number": json.dumps({**GOOD_ENTRY, "shift": 7}).encode(),
    "pack-unknown": json.dumps({**GOOD_ENTRY, "pack": "no-such-pack"}).encode(),
    "pack-path": json.dumps({**GOOD_ENTRY, "pack": "../../etc/passwd"}).encode(),
    "status-finished": json.dumps({**GOOD_ENTRY, "status": "finished"}).encode(),
    "actions-a-string": json.dumps({**GOOD_ENTRY, "actions": "call the GP"}).encode(),
    "action-bad-status": json.dumps({**GOOD_ENTRY, "actions": [
        {"text": "x", "status": "maybe"}]}).encode(),
    "uuid-number": json.dumps({**GOOD_ENTRY, "uuid": 12}).encode(),
    "second-entry-bad": json.dumps([GOOD_ENTRY, {**GOOD_ENTRY, "date": "31/02"}]).encode(),
    "enormous-answer-50mb": None,  # written by the test: a 50 MB answer
}


# The same bad files through 'kj reflect --from' and 'kj import'.
READERS = [["reflect", "--from"], ["import"]]


@pytest.mark.parametrize("reader", READERS, ids=lambda reader: reader[0])
@pytest.mark.parametrize("name", list(BAD_FROM_FILES))
def test_a_bad_from_file_is_refused_in_one_line_and_adds_nothing(kj, tmp_path, name, reader):
    home = tmp_path / "kj-home"
    settled_journal(home / "journal.db")
    before = snapshot(home)
    source = tmp_path / f"{name}.json"
    if BAD_FROM_FILES[name] is None:
        source.write_text(json.dumps({"answers": {"person": "a" * 50_000_000}}))
    else:
        source.write_bytes(BAD_FROM_FILES[name])
    result = kj(*reader, str(source), expect=None)
    if reader == ["import"] and name == "empty-array":  # an export of an empty journal
        assert result.exit_code == 0 and "nothing was imported" in result.stderr
        assert snapshot(home) == before
        return
    message = assert_one_kind_line(result, codes=(2,))
    assert len(message) < 400
    assert snapshot(home) == before
    if name != "enormous-answer-50mb" and reader[0] == "reflect":  # through standard input
        result = kj("reflect", "--from", "-", input=BAD_FROM_FILES[name], expect=None)
        assert_one_kind_line(result, codes=(2,))
        assert snapshot(home) == before


def test_an_answer_just_under_the_limit_is_kept(kj):
    from kindjournal.reflect.from_file import MAX_ANSWER_CHARS

    kj.add({"answers": {"person": "b" * MAX_ANSWER_CHARS}})
    assert len(kj.json("show", "1")["answers"][0]["answer"]) == MAX_ANSWER_CHARS


def test_missing_and_unreadable_from_paths(kj, tmp_path):
    for path in (tmp_path / "nowhere.json", tmp_path):
        assert_one_kind_line(kj("reflect", "--from", str(path), expect=None), codes=(2,))


# -- prompt packs with every kind of mistake ----------------------------------------

PACK_HEAD = 'name = "{name}"\ntitle = "T"\ndescription = "D."\n'
THEME = '[[themes]]\nkey = "one"\ntitle = "One"\nwhy = "W."\n[[themes.prompts]]\nkey = "one-a"\n' \
        'text = "What did you notice?"\n'
BAD_PACKS = {
    "not-toml": "name = \n[[[",
    "binary": b"\xff\xfe\x00garbage",
    "empty": "",
    "no-name": 'title = "T"\ndescription = "D."\n' + THEME,
    "name-mismatch": PACK_HEAD.replace("{name}", "someone-else") + THEME,
    "title-a-number": 'name = "{name}"\ntitle = 3\ndescription = "D."\n' + THEME,
    "no-themes": PACK_HEAD,
    "empty-themes": PACK_HEAD + "themes = []\n",
    "theme-without-prompts": PACK_HEAD + '[[themes]]\nkey = "one"\ntitle = "One"\nwhy = "W."\n',
    "duplicate-theme": PACK_HEAD + THEME + THEME,
    "bad-key": PACK_HEAD + THEME.replace('key = "one"', 'key = "One Two!"'),
    "unknown-field": PACK_HEAD + 'colour = "blue"\n' + THEME,
    "bad-polarity": PACK_HEAD + '[[signals]]\nkey = "s"\nquestion = "Q?"\nlow = "l"\n'
                    'high = "h"\npolarity = "sideways"\n' + THEME,
    "signal-missing-question": PACK_HEAD + '[[signals]]\nkey = "s"\nlow = "l"\nhigh = "h"\n'
                               'polarity = "strain"\n' + THEME,
    "empty-signals": PACK_HEAD + "signals = []\n" + THEME,
    "two-forward-themes": PACK_HEAD + THEME.replace('why = "W."', 'why = "W."\nforward = true')
                          + THEME.replace('"one', '"two').replace(
                              'why = "W."', 'why = "W."\nforward = true'),
    "forward-not-bool": PACK_HEAD + THEME.replace('why = "W."', 'why = "W."\nforward = "yes"'),
    "prompts-a-string": PACK_HEAD + '[[themes]]\nkey = "one"\ntitle = "One"\nwhy = "W."\n'
                        'prompts = "What?"\n',
    "themes-a-table": PACK_HEAD + '[themes]\nkey = "one"\n',
    "huge-text": PACK_HEAD + THEME.replace("What did you notice?", "x" * 200_000) + "[",
}


@pytest.mark.parametrize("mistake", list(BAD_PACKS))
def test_a_broken_pack_is_named_in_one_line_and_others_still_work(kj, isolated_home, mistake):
    name = "mine"
    prompts = isolated_home / "prompts"
    prompts.mkdir(parents=True)
    text = BAD_PACKS[mistake]
    data = text if isinstance(text, bytes) else text.replace("{name}", name).encode()
    (prompts / f"{name}.toml").write_bytes(data)
    before = snapshot(isolated_home)

    result = kj("reflect", "--pack", name, "--from", "-", input=json.dumps(
        {"pack": name, "answers": {"one": "x"}}), expect=None)
    assert_one_kind_line(result, codes=(2,))
    result = kj("reflect", "--pack", name, "--quick", "--shift", "day", expect=None)
    assert_one_kind_line(result, codes=(2,))
    result = kj("prompts", "show", name, expect=None)
    assert result.exit_code == 2 and "Traceback" not in result.stderr
    listing = kj("prompts")  # the built-in packs still list, the broken one is named
    assert "after-shift" in listing.stdout
    assert snapshot(isolated_home) == before


# -- $EDITOR ---------------------------------------------------------------------------


def editor_script(tmp_path: Path, body: str) -> str:
    script = tmp_path / "editor.sh"
    script.write_text(f"#!/bin/sh\n{body}\n")
    script.chmod(0o700)
    return str(script)


EDITORS = {
    "unset": None,
    "blank": "   ",
    "missing": "/no/such/editor",
    "not-executable": "NOT_EXECUTABLE",
    "a-folder": "FOLDER",
    "unbalanced-quote": '"nano',
    "exits-non-zero": "false",
    "killed-by-signal": "SCRIPT:kill -9 $$",
    "removes-the-file": 'SCRIPT:rm -f "$1"',
}


@pytest.mark.parametrize("case", list(EDITORS))
def test_a_broken_editor_is_one_line_and_keeps_no_half_entry(kj, tmp_path, monkeypatch, case):
    editor = EDITORS[case]
    if editor == "NOT_EXECUTABLE":
        plain = tmp_path / "plain.txt"
        plain.write_text("not a program")
        editor = str(plain)
    elif editor == "FOLDER":
        editor = str(tmp_path)
    elif editor and editor.startswith("SCRIPT:"):
        editor = editor_script(tmp_path, editor.removeprefix("SCRIPT:"))
    if editor is not None:
        monkeypatch.setenv("EDITOR", editor)
    result = kj("reflect", "--editor", "--shift", "day", input="\n" * 9, expect=None)
    assert_one_kind_line(result)
    entries = kj.json("list")
    assert all(entry["status"] == "draft" for entry in entries)


# -- read-only journals and a full disk (root-only tricks) -------------------------------

needs_root = pytest.mark.skipif(os.geteuid() != 0, reason="chattr and mount need root; "
                                "as another user chmod already protects the file")


def _try(command: list[str]) -> bool:
    return subprocess.run(command, capture_output=True).returncode == 0


@needs_root
def test_an_immutable_journal_file_is_read_but_never_written(kj, tmp_path):
    home = tmp_path / "kj-home"
    settled_journal(home / "journal.db")
    journal = home / "journal.db"
    if shutil.which("chattr") is None or not _try(["chattr", "+i", str(journal)]):
        pytest.skip("chattr +i is not available on this file system")
    try:
        before = snapshot(home)
        assert len(kj.json("list")) == 3
        good = tmp_path / "good.json"
        good.write_text(json.dumps(GOOD_ENTRY))
        message = assert_one_kind_line(kj("reflect", "--from", str(good), expect=None))
        assert "read-only" in message
        assert_one_kind_line(kj("reflect", "--quick", "--shift", "day", input="1\n" * 9,
                                expect=None))
        assert snapshot(home) == before
    finally:
        _try(["chattr", "-i", str(journal)])


@needs_root
def test_a_journal_in_a_read_only_folder_is_read_but_never_written(kj, tmp_path):
    home = tmp_path / "kj-home"
    settled_journal(home / "journal.db")
    if not _try(["mount", "--bind", str(home), str(home)]):
        pytest.skip("bind mounts are not allowed here")
    try:
        if not _try(["mount", "-o", "remount,ro,bind", str(home)]):
            pytest.skip("read-only remounts are not allowed here")
        before = snapshot(home)
        assert len(kj.json("list")) == 3
        assert kj("show", "1").stdout
        good = tmp_path / "good.json"
        good.write_text(json.dumps(GOOD_ENTRY))
        message = assert_one_kind_line(kj("reflect", "--from", str(good), expect=None))
        assert "read-only" in message
        assert snapshot(home) == before
    finally:
        _try(["umount", "-l", str(home)])


@pytest.fixture
def tiny_disk(tmp_path):
    mount_point = tmp_path / "tiny"
    mount_point.mkdir()
    if os.geteuid() != 0 or not _try(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs",
                                      str(mount_point)]):
        pytest.skip("needs root and tmpfs mounts to simulate a full disk")
    yield mount_point
    _try(["umount", "-l", str(mount_point)])


def fill(folder: Path, leave_bytes: int) -> None:
    free = shutil.disk_usage(folder).free
    with open(folder / "filler", "wb") as filler:
        filler.write(b"\0" * max(0, free - leave_bytes))


def test_a_full_disk_mid_write_adds_nothing_and_loses_nothing(kj, tiny_disk, tmp_path):
    home = tiny_disk / "home"
    journal = home / "journal.db"
    settled_journal(journal)
    fill(tiny_disk, leave_bytes=48 * 1024)
    batch = tmp_path / "batch.json"
    batch.write_text(json.dumps([{"answers": {"person": "word " * 4000}}] * 40))
    result = kj("--db", str(journal), "reflect", "--from", str(batch), expect=None)
    message = assert_one_kind_line(result)
    assert "full" in message
    (tiny_disk / "filler").unlink()
    db = open_journal(journal)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert db.execute("SELECT count(*) FROM entries").fetchone()[0] == 3


def test_a_full_disk_when_opening_or_creating_is_one_line(kj, tiny_disk, tmp_path):
    home = tiny_disk / "home"
    settled_journal(home / "journal.db")
    fill(tiny_disk, leave_bytes=0)
    before = snapshot(home)
    good = tmp_path / "good.json"
    good.write_text(json.dumps(GOOD_ENTRY))
    message = assert_one_kind_line(kj("--db", str(home / "journal.db"), "reflect", "--from",
                                      str(good), expect=None))
    assert "full" in message
    assert len(kj.json("--db", str(home / "journal.db"), "list")) == 3  # reading still works
    assert snapshot(home) == before
    message = assert_one_kind_line(kj("--db", str(tiny_disk / "new" / "journal.db"),
                                      "reflect", "--from", str(good), expect=None))
    assert "full" in message
    assert not (tiny_disk / "new" / "journal.db").exists()
