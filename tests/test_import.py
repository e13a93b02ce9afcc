"""kj import: our JSON export (lossless, idempotent by uuid) and jrnl's; all or nothing."""

from __future__ import annotations

import io
import json
import tempfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kindjournal.journal.database import open_journal
from kindjournal.journal.selection import Selection, iter_entries
from kindjournal.journal.writes import add_entries
from kindjournal.reflect.from_file import PackLookup, parse_entries
from kindjournal.reflect.packs import builtin_prompts_dir, load_pack_file
from kindjournal.share import importer
from kindjournal.share.exporters import ExportContext, json_exporter

AFTER_SHIFT = load_pack_file(builtin_prompts_dir() / "after-shift.toml")
SIGNALS = [signal.key for signal in AFTER_SHIFT.signals]
THEMES = [theme.key for theme in AFTER_SHIFT.themes]
TODAY = date(2026, 11, 23)
STAMP = "2026-11-23T10:00:00+00:00"
EVERYTHING = Selection(include_drafts=True)


def export_json(db) -> str:
    out = io.StringIO()
    json_exporter.write(iter_entries(db, EVERYTHING), out, ExportContext())
    return out.getvalue()


def import_text(db, text: str):
    kind, items = importer.read_file(text.encode("utf-8"), "test.json")
    incoming = importer.parse_items(kind, items, PackLookup(None), TODAY)
    return importer.apply(db, incoming, STAMP)


timestamps = st.datetimes(min_value=__import__("datetime").datetime(2020, 1, 1),
                          max_value=__import__("datetime").datetime(2026, 11, 22)).map(
    lambda moment: moment.replace(microsecond=0).isoformat() + "+00:00")
words = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=40)
answer_values = st.one_of(words, st.just(""),
                          st.builds(lambda text, at: {"answer": text, "answered_at": at},
                                    words, timestamps),
                          st.just({"answer": None}))
actions = st.lists(st.fixed_dictionaries(
    {"text": words.filter(str.strip), "status": st.sampled_from(["open", "done", "dropped"])},
    optional={"review_note": st.none() | words, "reviewed_at": st.none() | timestamps,
              "created_at": timestamps}), max_size=2)
entries = st.fixed_dictionaries(
    {"date": st.dates(min_value=date(2024, 1, 1), max_value=TODAY).map(date.isoformat),
     "checkin": st.dictionaries(st.sampled_from(SIGNALS), st.none() | st.integers(0, 4),
                                min_size=1),
     "answers": st.dictionaries(st.sampled_from(THEMES), answer_values)},
    optional={"shift": st.sampled_from(["day", "night", "long-day", "early"]),
              "tags": st.lists(st.from_regex(r"[a-z][a-z -]{0,9}", fullmatch=True), max_size=3),
              "share": st.booleans(), "supervision": st.booleans(),
              "status": st.sampled_from(["complete", "draft"]),
              "created_at": timestamps, "updated_at": timestamps, "actions": actions})


@pytest.mark.slow
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(entries, max_size=6))
def test_export_import_export_is_identical(journal_entries):
    with tempfile.TemporaryDirectory() as folder:
        source = open_journal(Path(folder) / "source.db")
        if journal_entries:
            add_entries(source, parse_entries(journal_entries, PackLookup(None), TODAY))
        first = export_json(source)
        target = open_journal(Path(folder) / "target.db")
        import_text(target, first)
        assert export_json(target) == first
        # And importing the same file again adds nothing.
        report = import_text(target, first)
        assert list(report.added) == [] and report.conflicts == []
        assert export_json(target) == first


ENTRY = {"date": "2026-11-20", "shift": "night", "answers": {"person": "A calm night."},
         "checkin": {"exhaustion": 1}, "tags": ["nights"]}


def test_import_through_the_cli_is_idempotent(kj, tmp_path):
    kj.add(ENTRY, {**ENTRY, "date": "2026-11-21"})
    exported = tmp_path / "all.json"
    kj("export", "-f", "json", "-o", str(exported))
    other = ("--db", str(tmp_path / "other.db"))
    first = kj(*other, "import", str(exported))
    assert "added 2" in first.stderr
    second = kj(*other, "import", str(exported))
    assert "added 0, 2 already in your journal" in second.stderr
    assert len(kj.json(*other, "list")) == 2


def test_the_newer_copy_wins_and_conflicts_are_listed(kj, tmp_path):
    kj.add({**ENTRY, "uuid": "11111111-1111-4111-8111-111111111111",
            "updated_at": "2026-11-21T08:00:00+00:00"},
           {**ENTRY, "uuid": "22222222-2222-4222-8222-222222222222",
            "updated_at": "2026-11-21T08:00:00+00:00"})
    exported = json.loads(kj("export", "-f", "json").stdout)
    exported[0]["answers"][0]["answer"] = "Edited later."
    exported[0]["updated_at"] = "2026-11-22T08:00:00+00:00"  # newer: wins
    exported[1]["answers"][0]["answer"] = "An older copy."
    exported[1]["updated_at"] = "2026-11-20T08:00:00+00:00"  # older: the journal's is kept
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(exported), encoding="utf-8")
    result = kj("import", str(path))
    assert "replaced 1 with newer copies" in result.stderr
    assert "#1 (2026-11-20): the file's copy is newer" in result.stderr
    assert "#2 (2026-11-20): the journal's copy is newer" in result.stderr
    assert kj.json("show", "1")["answers"][0]["answer"] == "Edited later."
    assert kj.json("show", "2")["answers"][0]["answer"] == "A calm night."


JRNL = {"tags": {"@work": 2}, "entries": [
    {"title": "Long night.", "body": "Felt drained but the team was kind.",
     "date": "2026-11-01", "time": "07:45", "tags": ["@work"], "starred": True},
    {"title": "Short one", "body": "", "date": "2026-11-02", "time": "21:10",
     "tags": ["@work", "@Team"], "starred": False}]}


def test_a_jrnl_export_becomes_free_text_entries(kj, tmp_path):
    path = tmp_path / "jrnl.json"
    path.write_text(json.dumps(JRNL), encoding="utf-8")
    result = kj("import", str(path))
    assert "jrnl export" in result.stderr and "added 2" in result.stderr
    first = kj.json("show", "1")
    assert (first["date"], first["pack"], first["tags"]) == (
        "2026-11-01", "free-text", ["starred", "work"])
    assert first["answers"][0]["answer"] == "Long night.\nFelt drained but the team was kind."
    assert first["answers"][0]["theme"] == "text"
    assert kj.json("show", "2")["tags"] == ["team", "work"]
    again = kj("import", str(path))
    assert "added 0, 2 already in your journal" in again.stderr


MALFORMED = {
    "not json": (b"[{\"date\": ", "is not valid JSON"),
    "not utf-8": (b"\xff\xfe\x00[", "is not UTF-8"),
    "empty": (b"   ", "is empty"),
    "unknown theme in entry 2": (
        json.dumps([ENTRY, {**ENTRY, "answers": {"nope": "x"}}]).encode(), "entry 2: answers.nope"),
    "bad rating": (json.dumps([{**ENTRY, "checkin": {"exhaustion": 9}}]).encode(),
                   "checkin.exhaustion"),
    "bad timestamp": (json.dumps([ENTRY, {**ENTRY, "updated_at": "yesterday-ish"}]).encode(),
                      "entry 2: updated_at"),
    "duplicate uuid": (json.dumps([{**ENTRY, "uuid": "abcdabcd-0000-4000-8000-000000000000"}] * 2
                                  ).encode(), "the same uuid as entry 1"),
    "bad action id": (json.dumps([{**ENTRY, "actions": [{"text": "x", "id": "one"}]}]).encode(),
                      "actions[0].id"),
    "jrnl bad date": (json.dumps({"tags": {}, "entries": [JRNL["entries"][0], {
        **JRNL["entries"][1], "date": "2026-13-01"}]}).encode(), "entry 2: date/time"),
    "jrnl missing body": (json.dumps({"entries": [{"title": "x", "date": "2026-11-01",
                                                   "time": "07:00"}]}).encode(), "body"),
}


@pytest.mark.parametrize("case", list(MALFORMED))
def test_a_malformed_file_imports_nothing_and_says_where(kj, tmp_path, case):
    kj.add(ENTRY)
    before = kj("export", "-f", "json").stdout
    raw, where = MALFORMED[case]
    path = tmp_path / "bad.json"
    path.write_bytes(raw)
    result = kj("import", str(path), expect=2)
    assert where in result.stderr
    assert kj("export", "-f", "json").stdout == before


def test_a_failure_while_writing_rolls_everything_back(kj, tmp_path, monkeypatch):
    kj.add(ENTRY)
    before = kj("export", "-f", "json").stdout
    good = [{**ENTRY, "date": f"2026-10-{day:02d}"} for day in range(1, 6)]
    path = tmp_path / "five.json"
    path.write_text(json.dumps(good), encoding="utf-8")
    original = importer.insert_entry
    calls = []

    def fails_on_the_fourth(*args):
        calls.append(1)
        if len(calls) == 4:
            raise OSError(28, "No space left on device")
        return original(*args)

    monkeypatch.setattr(importer, "insert_entry", fails_on_the_fourth)
    kj("import", str(path), expect=1)
    assert kj("export", "-f", "json").stdout == before


def test_missing_file_and_empty_export(kj, tmp_path):
    assert "Cannot find" in kj("import", str(tmp_path / "none.json"), expect=2).stderr
    empty = tmp_path / "empty.json"
    empty.write_text("[]\n", encoding="utf-8")
    assert "holds no entries" in kj("import", str(empty)).stderr


def test_the_import_report_writes_big_counts_with_thousands_separators(capsys):
    from types import SimpleNamespace

    from kindjournal.share.terminal import print_import_report

    report = SimpleNamespace(added=list(range(1, 10_001)), replaced=[1] * 1_500,
                             unchanged=2_000, conflicts=[])
    print_import_report(report, "ours", "export.json")
    said = " ".join(capsys.readouterr().err.split())
    assert "added 10,000, replaced 1,500 with newer copies, 2,000 already" in said
    assert "#1 to #10000" in said  # entry numbers are names, written as kj shows them


@pytest.mark.parametrize("where", ["entry", "action"])
def test_an_id_too_large_for_sqlite_is_a_kind_error(kj, tmp_path, where):
    """An id past 2**63 - 1 was SQLite's OverflowError, a traceback."""
    kj.add(ENTRY)
    exported = json.loads(kj("export", "-f", "json").stdout)
    if where == "entry":
        exported[0]["id"] = 2**64
    else:
        exported[0]["actions"] = [{"id": 2**63, "text": "Rest.", "status": "open"}]
    path = tmp_path / "export.json"
    path.write_text(json.dumps(exported), encoding="utf-8")
    result = kj("--db", str(tmp_path / "other.db"), "import", str(path), expect=2)
    field = "id" if where == "entry" else "actions[0].id"
    assert result.stderr == (f"kj: entry 1: {field}: must be a whole number from 1 to "
                             "9223372036854775807.\n")
