"""Entry files read a piece at a time (reflect/json_stream.py): whatever the chunk size,
the values are json's own, problems are named as before, and 'kj reflect --from' and
'kj import' stay all or nothing when a problem comes after entries were written."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest

from kindjournal.errors import UsageError
from kindjournal.journal.writes import AnswerInput, EntryInput
from kindjournal.reflect import from_file
from kindjournal.reflect.from_file import IdentifierNotes
from kindjournal.reflect.from_stream import READ_AHEAD
from kindjournal.reflect.json_stream import JsonItems

VALUES = [{"a": "héllo ✓ 𝄞 ŋ", "n": 12345, "deep": {"x": [1, 2.5e3, True, None]}},
          {"b": "quote \" and \\u00e9 \\ud834\\udd1e"}, 123456789, "text", [], {}]
CHUNKS = (1, 2, 3, 5, 7, 64, 1024 * 1024)


def values(raw: bytes, chunk: int = 1) -> tuple[str | None, list]:
    items = JsonItems(io.BytesIO(raw), "f.json", chunk_bytes=chunk)
    found = list(items)
    return items.shape, found


def problem(raw: bytes, chunk: int = 1, **options) -> str:
    with pytest.raises(UsageError) as caught:
        list(JsonItems(io.BytesIO(raw), "f.json", chunk_bytes=chunk, **options))
    return caught.value.message


@pytest.mark.parametrize("chunk", CHUNKS)
def test_every_chunk_size_gives_jsons_own_values(chunk):
    array = json.dumps(VALUES, ensure_ascii=False).encode()
    assert values(array, chunk) == ("array", VALUES)
    assert values(b"\xef\xbb\xbf \n" + array + b"\n\n", chunk) == ("array", VALUES)  # BOM
    lines = "\n".join(json.dumps(v, ensure_ascii=False) for v in VALUES).encode()
    assert values(lines, chunk) == ("values", VALUES)
    assert values(b'{"one": "object"}', chunk) == ("values", [{"one": "object"}])
    # kj's own export: one entry a line, ",\n" between them
    export = ("[\n" + ",\n".join(json.dumps(v) for v in VALUES) + "\n]\n").encode()
    assert values(export, chunk) == ("array", VALUES)


def test_a_number_cut_by_a_chunk_is_read_whole():
    assert values(b"1\n23\n456", 1)[1] == [1, 23, 456]
    assert values(b"[1, 23, 4567]", 2)[1] == [1, 23, 4567]


@pytest.mark.parametrize("chunk", (1, 2, 3))
def test_bytes_split_inside_a_character_are_joined(chunk):
    text = "ŋ✓𝄞é" * 5
    assert values(json.dumps([text], ensure_ascii=False).encode(), chunk)[1] == [text]
    # A bad byte is named by where it is in the whole file, not in its chunk.
    assert "bad byte at position 8" in problem('["aé✓'.encode() + b"\xff" + b'"]', chunk)
    assert "not UTF-8" in problem('["é'.encode()[:-1], chunk)  # the file ends mid-character


def test_empty_and_broken_files_are_named_as_before():
    assert "is empty" in problem(b"")
    assert "is empty" in problem(b" \n\t ")
    assert values(b"[]") == ("array", [])
    assert problem(b"[1]\n[2]") == ("f.json goes on after its JSON array ends (line 2, "
                                   "column 1); a file holds one array, or JSON Lines.")
    assert problem(b"[1 2]") == ("f.json is not valid JSON: Expecting ',' delimiter at line 1, "
                                 "column 4.")
    assert problem(b'{"a": 1}\n{"b": 2}\n\n{bad}\n') == (
        "f.json line 4 is not valid JSON: Expecting property name enclosed in double quotes.")
    assert "nested too deeply" in problem(b"[" * 100_000 + b"]" * 100_000, 1024 * 1024)
    assert "4300 digits" in problem(b"[" + b"1" * 5000 + b"]", 64)
    assert problem(b'"open', 2) == ("f.json is not valid JSON: Unterminated string starting at "
                                    "line 1, column 1.")


@pytest.mark.parametrize("cut", (1, 9, 20, 31))
def test_a_file_cut_short_is_a_problem_not_fewer_entries(cut):
    whole = json.dumps([{"a": 1}, {"b": "two"}, {"c": [3]}]).encode()
    message = problem(whole[:-cut], 3)
    assert "is not valid JSON" in message and "cut short" in message


def test_a_value_over_the_limit_is_refused_without_reading_on():
    raw = b'[{"a": "' + b"x" * 5000 + b'"}]'
    assert "one entry is over" in problem(raw, 64, max_value=1000)
    assert values(raw, 64)[1][0]["a"] == "x" * 5000


class CountingReader(io.BytesIO):
    def __init__(self, data: bytes):
        super().__init__(data)
        self.largest_read = 0

    def read(self, size=-1):
        chunk = super().read(size)
        self.largest_read = max(self.largest_read, len(chunk))
        return chunk


def test_values_come_before_the_file_is_read_to_its_end():
    raw = ("[" + ",".join(json.dumps({"n": n, "t": "w" * 50}) for n in range(2000)) + "]").encode()
    stream = CountingReader(raw)
    items = iter(JsonItems(stream, "f.json", chunk_bytes=4096))
    assert next(items) == {"n": 0, "t": "w" * 50}
    assert stream.tell() <= 4096
    assert sum(1 for _ in items) == 1999
    assert stream.largest_read == 4096  # never the whole file at once


# -- through the commands ---------------------------------------------------------

ENTRY = {"date": "2026-11-20", "shift": "night", "answers": {"person": "A calm night."},
         "checkin": {"exhaustion": 1}, "tags": ["nights"]}


def many(count: int, bad_at: int | None = None, **extra) -> list[dict]:
    entries = [{**ENTRY, "date": f"2026-{1 + n % 10:02d}-{1 + n % 28:02d}", **extra}
               for n in range(count)]
    if bad_at is not None:
        entries[bad_at - 1] = {**ENTRY, "checkin": {"exhaustion": 9}}
    return entries


def test_from_reads_standard_input_in_pieces(kj, monkeypatch):
    monkeypatch.setattr("kindjournal.reflect.json_stream.CHUNK_BYTES", 7)
    result = kj("reflect", "--from", "-", input="\n".join(json.dumps(e) for e in many(60)))
    assert "Added 60 entries (#1 to #60)." in result.stderr
    assert len(kj.json("list", "--limit", "100")) == 60


@pytest.mark.parametrize("command", ("reflect", "import"))
def test_a_problem_after_entries_were_written_changes_nothing(kj, tmp_path, command):
    bad_at = READ_AHEAD + 10  # read and written after the journal was opened
    path = tmp_path / "batch.json"
    path.write_text(json.dumps(many(READ_AHEAD + 20, bad_at=bad_at)), encoding="utf-8")
    args = ("reflect", "--from", str(path)) if command == "reflect" else ("import", str(path))
    result = kj(*args, expect=2)
    assert f"entry {bad_at}: checkin.exhaustion" in result.stderr
    assert result.stderr.count("\n") == 1
    kj.add(ENTRY)
    before = kj("export", "-f", "json").stdout
    assert kj(*args, expect=2).stderr == result.stderr
    assert kj("export", "-f", "json").stdout == before


def test_a_journal_made_for_a_file_that_fails_half_way_is_taken_away(kj, tmp_path,
                                                                       journal_file):
    path = tmp_path / "cut.json"
    text = json.dumps(many(READ_AHEAD + 20))
    path.write_text(text[:-30], encoding="utf-8")  # cut short after 50+ entries
    assert "cut short" in kj("reflect", "--from", str(path), expect=2).stderr
    assert "cut short" in kj("import", str(path), expect=2).stderr
    assert not journal_file.exists()
    assert not list(journal_file.parent.glob("*.db-*"))


@pytest.mark.parametrize("count", [5, READ_AHEAD + 20])
@pytest.mark.parametrize("journal_has_entries", [False, True])
def test_a_uuid_given_twice_is_named_into_an_empty_journal_or_not(kj, tmp_path, count,
                                                                   journal_has_entries):
    """A uuid given twice, far apart in a long file or in a short one, is named by both
    places. Into a journal with no entries the importer asks nothing an entry: the
    uuid's UNIQUE index finds the second copy (issue 17). Nothing is added."""
    if journal_has_entries:
        kj.add(*many(2))
    before = kj("export", "-f", "json").stdout if journal_has_entries else None
    entries = many(count)
    for number, entry in enumerate(entries):
        entry["uuid"] = f"00000000-0000-4000-8000-{number:012d}"
    entries[-2]["uuid"] = entries[1]["uuid"]
    path = tmp_path / "twice.json"
    path.write_text(json.dumps(entries), encoding="utf-8")
    message = kj("import", str(path), expect=2).stderr
    assert f"entry {count - 1}: the same uuid as entry 2; each entry can be in the file " \
        "once." in message
    if journal_has_entries:
        assert kj("export", "-f", "json").stdout == before


def test_the_importers_note_of_entries_seen_keeps_the_first_position():
    from kindjournal.share.importer import _Seen

    seen = _Seen()
    for entry_id, position in ((3, 1), (9_000_000, 2), (2**62, 3), (3, 4), (2**62, 5)):
        seen.add(entry_id, position)
    assert [seen.position(n) for n in (3, 9_000_000, 2**62, 4, 2**61, 10**8)] == \
        [1, 2, 3, None, None, None]


def test_an_export_past_the_old_whole_file_limit_imports(kj, tmp_path, monkeypatch):
    kj.add(*many(30))
    exported = kj("export", "-f", "json").stdout
    path = tmp_path / "export.json"
    path.write_text(exported, encoding="utf-8")
    # Files were refused past MAX_FILE_BYTES; entry files are no longer read whole.
    monkeypatch.setattr(from_file, "MAX_FILE_BYTES", len(exported) // 4)
    result = kj("--db", str(tmp_path / "copy.db"), "import", str(path))
    assert "added 30" in result.stderr
    assert kj("--db", str(tmp_path / "copy.db"), "export", "-f", "json").stdout == exported


def test_identifier_notes_name_every_entry_in_order(kj, tmp_path, monkeypatch):
    monkeypatch.setattr(IdentifierNotes, "WAITING_CHARS", 100)  # some scanned early
    entries = many(READ_AHEAD + 10)
    for number in (3, READ_AHEAD + 7):
        entries[number - 1] = {**ENTRY, "answers": {"person": "Mrs Patel on bay 4 was calm."}}
    path = tmp_path / "notes.json"
    path.write_text(json.dumps(entries), encoding="utf-8")
    lines = kj("reflect", "--from", str(path)).stderr.splitlines()
    assert [line.split(",")[0] for line in lines[:2]] == [
        "Note: entry 3", f"Note: entry {READ_AHEAD + 7}"]
    assert lines[2].startswith("Added as written.")
    assert lines[3] == f"Added {len(entries)} entries (#1 to #{len(entries)})."


def test_identifier_notes_read_each_answer_as_if_alone():
    """An entry's answers are scanned together (issue 17); a backtick, which the scan
    reads as an apostrophe only in text that is not all ASCII, must not make a listed
    name go unnoted because another answer of the entry has an accent."""
    from kindjournal.reflect.from_file import identifier_notes

    entry = EntryInput(date(2026, 11, 2), "after-shift", answers=[
        AnswerInput("person", "Who?", "Talked with `Ann about it"),
        AnswerInput("hard", "What was hard?", "Felt naïve")])
    assert identifier_notes([entry], ["Ann"])[0] == (
        "Note: answer 'person' seems to hold a name from your private list.")


def test_the_progress_bar_follows_the_bytes_read_then_says_the_index_is_built(monkeypatch):
    from kindjournal.reflect.from_stream import watched
    from kindjournal.share import terminal

    monkeypatch.setattr("sys.stderr.isatty", lambda: True, raising=False)
    raw = ("[" + ",".join(json.dumps({"n": n}) for n in range(500)) + "]").encode()
    assert isinstance(terminal.progress_bar("x")(100), __import__("contextlib").nullcontext)
    items = JsonItems(io.BytesIO(raw), "f.json", chunk_bytes=256)
    with terminal.progress_bar("Adding entries")(len(raw) * 2000) as bar:
        seen = []
        for value in watched(items, lambda: items.bytes_read, bar):
            seen.append((value, bar.progress.tasks[0].completed))
        task = bar.progress.tasks[0]
    done = [completed for _value, completed in seen]
    assert seen[-1][0] == {"n": 499} and done == sorted(done) and done[-1] < len(raw)
    assert task.completed == task.total == len(raw)  # honest: all of it, and no more
    assert task.description == "Building the search index and trends"


def test_a_jrnl_export_read_whole_shows_progress_by_entries(tmp_path, monkeypatch):
    import contextlib
    from datetime import date

    from kindjournal.journal.database import open_journal
    from kindjournal.share import importer

    told = []

    class Bar:
        def read(self, done):
            told.append(done)

        def finishing(self):
            told.append("finishing")

    monkeypatch.setattr("kindjournal.reflect.from_stream.PROGRESS_EVERY", 1)
    entries = [{"title": f"Night {n}", "body": "Calm.", "date": "2026-11-01",
                "time": f"{n // 60:02d}:{n % 60:02d}"} for n in range(READ_AHEAD * 3)]
    raw = json.dumps({"tags": {}, "entries": entries}).encode()
    items = JsonItems(io.BytesIO(raw), "jrnl.json")
    kind, report = importer.import_stream(
        items, len(raw), from_file.PackLookup(None), date(2026, 11, 2),
        lambda: open_journal(tmp_path / "j.db"), lambda size: contextlib.nullcontext(Bar()))
    assert kind == "jrnl" and len(report.added) == len(entries)
    *done, last = told
    assert last == "finishing" and done == sorted(done)
    # The whole file was read at once; the bar follows the entries taken from it.
    assert done[0] < len(raw) / 2 and done[-1] == len(raw)


@pytest.mark.parametrize("how", ["from", "import"])
def test_half_a_character_is_a_kind_error_and_changes_nothing(kj, tmp_path, how):
    """JSON can spell half of a UTF-16 pair alone ('\\ud800'), which Python reads but no
    text can hold: it was a traceback from SQLite, once entries were being written."""
    good = [{"date": "2026-01-02", "answers": {"person": f"Fine {n}."}} for n in range(60)]
    bad = {"date": "2026-01-03", "answers": {"person": "broken \ud800 here"}}
    if how == "from":
        path = tmp_path / "entries.jsonl"
        path.write_text("\n".join(json.dumps(e) for e in [*good, bad]), encoding="utf-8")
        result = kj("reflect", "--from", str(path), expect=2)
        where = "line 61, column 54"
    else:
        path = tmp_path / "export.json"
        path.write_text(json.dumps({"entries": [*good, bad]}), encoding="utf-8")
        result = kj("import", str(path), expect=2)
        where = "line 1, column"
    assert "'\\ud800' is half of a character and not text on its own" in result.stderr
    assert where in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "kj-home" / "journal.db").exists() or \
        kj.json("list", "--json") == []


def test_a_whole_character_spelled_in_two_halves_is_kept(kj, tmp_path):
    path = tmp_path / "entries.jsonl"
    path.write_text(json.dumps({"date": "2026-01-02", "answers": {"person": "A smile \U0001F642 "
                                                                            "and \\ud800?"}}),
                    encoding="utf-8")  # (an escaped backslash: the text '\ud800', kept)
    kj("reflect", "--from", str(path))
    assert kj.json("list", "--json")[0]["answers"][0]["answer"] == \
        "A smile \U0001F642 and \\ud800?"


@pytest.mark.parametrize("count", [10, 60])
@pytest.mark.parametrize("value", [[1, 2], {"when": "soon"}, 1e300, 10**20])
def test_an_actions_fields_are_text_or_null_in_every_file(kj, tmp_path, count, value):
    """'kj import' checked an action's created_at, review_note and reviewed_at; 'kj
    reflect --from' did not, and kept a list as text or failed with a traceback, as the
    batch was small or large (review of the writer thread)."""
    entries = [{"date": "2026-01-02", "answers": {"person": f"Fine {n}."},
                "actions": [{"text": "Rest.", "status": "open"}]} for n in range(count)]
    entries[-1]["actions"][0]["review_note"] = value
    path = tmp_path / "entries.jsonl"
    path.write_text("\n".join(json.dumps(e) for e in entries), encoding="utf-8")
    result = kj("reflect", "--from", str(path), expect=2)
    assert f"entry {count}: actions[0].review_note: must be text or null." in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("text, escape", [
    ('C:\\\\ud83d\\udc00', "\\udc00"),  # an escaped backslash, then a low half alone
    ('C:\\\\\\\\ud83d\\udc00', "\\udc00"),  # two of them
    ('\\ud83d\\ud83d\\ude42', "\\ud83d"),  # a high half, then a whole pair
    ('\\ude42\\ud83d', "\\ude42"),  # a low half first
])
def test_which_half_is_alone_is_named(kj, tmp_path, text, escape):
    """(The first of these was a traceback: the escaped backslash before a 'ud83d' was
    read as a high half pairing the low one.)"""
    path = tmp_path / "entries.jsonl"
    path.write_text('{"date": "2026-01-02", "answers": {"person": "' + text + '"}}',
                    encoding="utf-8")
    result = kj("reflect", "--from", str(path), expect=2)
    assert f"'{escape}' is half of a character" in result.stderr
    assert "Traceback" not in result.stderr
