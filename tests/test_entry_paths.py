"""One of each path an entry takes (issue 10): the same entry added by 'kj reflect --from'
and by 'kj import' gives the same rows; 'kj show --json' is the JSON export's shape
with only the documented things left out; closing an action from 'kj actions' and
reviewing it in 'kj reflect' are the same write; commands hold no SQL of their own."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

from test_pinned_outputs import journal_rows

from kindjournal.journal import action_list, reads, writes
from kindjournal.journal.database import open_journal
from kindjournal.journal.selection import Selection, iter_entries

# Invented entries in every form a file can hold them: several tags (in no order, one
# twice), a skipped and an unreached answer, a skipped rating, a carry-forward answer
# that becomes an action, and an entry that brings its own closed action.
ENTRIES = [
    {"uuid": "5e0a0000-0000-4000-8000-000000000001", "date": "2026-03-02", "shift": "night",
     "created_at": "2026-03-03T07:00:00+00:00", "updated_at": "2026-03-03T07:05:00+00:00",
     "tags": ["teamwork", "#Nights", "breaks", "nights"],
     "checkin": {"exhaustion": 3, "dread": None},
     "answers": {"person": "Held a hand while the family were on their way.",
                 "forward": "Ask for a debrief."}},
    {"uuid": "5e0a0000-0000-4000-8000-000000000002", "date": "2026-03-04",
     "status": "draft", "created_at": "2026-03-04T20:00:00+00:00",
     "checkin": {"support": 2},
     "answers": [{"theme": "person", "prompt": "Who stayed with you?", "answer": "",
                  "answered_at": "2026-03-04T20:01:00+00:00"},
                 {"theme": "hard", "prompt_key": "hard-staying", "answer": None}]},
    {"uuid": "5e0a0000-0000-4000-8000-000000000003", "date": "2026-03-06", "pack": "gibbs",
     "created_at": "2026-03-06T18:00:00+00:00", "share": True,
     "answers": {"description": "A calm handover, for once."},
     "actions": [{"text": "Keep the handover sheet.", "status": "done",
                  "created_at": "2026-03-06T18:00:00+00:00", "review_note": "Kept it.",
                  "reviewed_at": "2026-03-09T12:00:00+00:00"}]},
]


def test_reflect_from_and_import_write_identical_rows(kj, tmp_path):
    path = tmp_path / "entries.json"
    path.write_text(json.dumps(ENTRIES), encoding="utf-8")
    from_db, import_db = tmp_path / "from.db", tmp_path / "import.db"
    kj("--db", str(from_db), "reflect", "--from", str(path))
    kj("--db", str(import_db), "import", str(path))
    from_rows = journal_rows(from_db)
    assert from_rows == journal_rows(import_db)
    assert [row[1] for row in from_rows["tags"]] == ["breaks", "nights", "teamwork"]
    assert [row[2] for row in from_rows["actions"]] == ["Ask for a debrief.",
                                                        "Keep the handover sheet."]


def test_both_paths_go_through_insert_entry(kj, tmp_path, monkeypatch):
    calls = []
    original = writes.insert_entry

    def counted(*args):
        calls.append(args[1].uuid)
        return original(*args)

    monkeypatch.setattr(writes, "insert_entry", counted)
    from kindjournal.share import importer

    monkeypatch.setattr(importer, "insert_entry", counted)
    path = tmp_path / "entries.json"
    path.write_text(json.dumps(ENTRIES[:1]), encoding="utf-8")
    kj("--db", str(tmp_path / "a.db"), "reflect", "--from", str(path))
    kj("--db", str(tmp_path / "b.db"), "import", str(path))
    assert calls == [ENTRIES[0]["uuid"]] * 2


def test_shown_shape_is_the_export_shape_less_what_it_leaves_out(kj, journal_file):
    kj.add(*ENTRIES)
    db = open_journal(journal_file)
    exported = list(iter_entries(db, Selection(include_drafts=True)))
    assert len(exported) == 3
    for lossless in exported:
        shown = reads.entry_details(db, lossless["id"])
        assert shown == {
            **lossless,
            "checkin": {key: value for key, value in lossless["checkin"].items()
                        if value is not None},
            "answers": [{key: value for key, value in answer.items() if key != "answered_at"}
                        for answer in lossless["answers"] if answer["answer"]],
        }
    draft = exported[1]
    assert [answer["answer"] for answer in draft["answers"]] == ["", None]
    assert exported[0]["checkin"] == {"exhaustion": 3, "dread": None}


def test_entries_in_shape_keeps_the_order_of_its_rows(kj, journal_file):
    kj.add(*ENTRIES)
    db = open_journal(journal_file)
    assert [entry["id"] for entry in reads.entries_details(db, [3, 1, 2, 1, 99])] == \
        [3, 1, 2, 1]
    assert reads.entries_in_shape(db, []) == []


def test_closing_an_action_is_the_review_write(kj, journal_file):
    kj.add(ENTRIES[0])
    db = open_journal(journal_file)
    writes.review_action(db, 1, "open", "Asked; waiting to hear.")
    closed = action_list.close_actions(db, [1], "done", None)
    assert closed["changed"] == [{"id": 1, "text": "Ask for a debrief.", "status": "done",
                                  "reviewed_at": closed["changed"][0]["reviewed_at"]}]
    action = reads.actions(db, include_closed=True)[0]
    # No note given when closing: the earlier review's note is kept, as in 'kj reflect'.
    assert (action["status"], action["review_note"]) == ("done", "Asked; waiting to hear.")


def test_demo_refuses_a_journal_with_trashed_entries_too(kj, journal_file):
    from kindjournal.errors import KindJournalError
    from kindjournal.reflect.demo import add_demo

    kj.add(ENTRIES[0])
    kj("delete", "1", "--yes")
    db = open_journal(journal_file)
    try:
        add_demo(db, date(2026, 11, 23))
    except KindJournalError as error:
        assert "already holds 1 entry," in error.message
    else:
        raise AssertionError("the demo was added to a journal that holds an entry")


COMMANDS = Path(__file__).resolve().parents[1] / "src" / "kindjournal" / "commands"
SQL_OR_FILES = re.compile(
    r"\b(SELECT|INSERT|UPDATE|DELETE FROM|PRAGMA)\b|\.execute\(|\bwriting\(|\bopen\(|"
    r"\.read_(bytes|text)\(|\.write_(bytes|text)\(")


def test_commands_hold_no_sql_and_open_no_files():
    found = [f"{path.name}:{number}: {line.strip()}"
             for path in sorted(COMMANDS.glob("*.py"))
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if SQL_OR_FILES.search(line)]
    assert found == []


# Text that every rule of the Markdown and HTML exports has something to do with.
HOSTILE = {"uuid": "5e0a0000-0000-4000-8000-000000000004", "date": "2026-03-08",
           "shift": "long-day", "tags": ["<b>x</b>", "[a](javascript:x)"],
           "checkin": {"support": 1, "exhaustion": 4, "dread": None},
           "answers": [{"theme": "person", "prompt": "  <i>Who</i> [x]: y  ",
                        "answer": "  [x]: javascript:alert(1)\n   [y]\r\n<img onerror=z>\r"
                                  "[z]: w  "},
                       {"theme": "hard", "prompt": "What was hard?", "answer": " \t "},
                       {"theme": "skills", "prompt": "What was hard?",
                        "answer": "A&E \x1b[8mhidden\u202e line\u2028two"}],
           "actions": [{"text": "Ask <Sam>.", "status": "open",
                        "created_at": "2026-03-08T20:00:00+00:00",
                        "review_note": "[n](x)"}]}


def test_reader_shape_is_the_shown_shape_less_what_no_reader_sees(kj, journal_file):
    kj.add(*ENTRIES, HOSTILE)
    db = open_journal(journal_file)
    read = list(iter_entries(db, Selection(include_drafts=True), reader=True))
    assert len(read) == 4
    for entry in read:
        shown = reads.entry_details(db, entry["id"])
        assert entry == {
            **{key: value for key, value in shown.items()
               if key not in ("uuid", "pack", "created_at", "updated_at")},
            "answers": [{key: answer[key] for key in ("theme", "prompt", "answer")}
                        for answer in shown["answers"]],
            "actions": [{key: action[key] for key in ("text", "status", "review_note")}
                        for action in shown["actions"]],
        }
    # check-ins in the order they were rated, not the primary key's (alphabetical) order
    assert list(read[3]["checkin"]) == ["support", "exhaustion"]


def test_markdown_and_html_read_the_reader_shape_with_the_same_output(kj, journal_file):
    import io

    from kindjournal.share.exporters import ExportContext, ExportOptions, exporter, prepared_entries

    kj.add(*ENTRIES, HOSTILE)
    db = open_journal(journal_file)
    chosen = Selection(include_drafts=True)
    for options in (ExportOptions(), ExportOptions(for_group=True, redact=True,
                                                   private_names=("Sam",))):
        for name in ("markdown", "html"):
            outputs = []
            for reader in (False, True):
                out = io.StringIO()
                entries = prepared_entries(iter_entries(db, chosen, reader=reader), options)
                exporter(name).write(entries, out, ExportContext(options=options))
                outputs.append(out.getvalue())
            assert outputs[0] == outputs[1]
            assert "&lt;" in outputs[1] and "\n[x]: javascript" not in outputs[1]
