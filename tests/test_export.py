"""kj export: every format, the selection, private files, and group exports."""

from __future__ import annotations

import csv
import io
import json
import os
import stat

import pytest

from kindjournal.share.exporters import nmc_exporter

NIGHT = {"date": "2026-11-20", "shift": "night", "share": True, "tags": ["family"],
         "checkin": {"exhaustion": 3, "support": 1},
         "answers": {"person": "Jim's daughter rang on 07700 900123.",
                     "hard": "Sitting with Mrs Patel while she was frightened.",
                     "forward": "Ask Jim's nurse about the plan."}}
DAY = {"date": "2026-11-18", "shift": "day", "tags": ["quiet"],
       "answers": {"skills": "Listening closely helped.", "forward": "Rest."}}
EARLY = {"date": "2026-11-10", "shift": "early", "share": True, "tags": ["family", "nights"],
         "checkin": {"dread": 2}, "answers": {"contribution": "A small kindness mattered."}}


@pytest.fixture
def journal(kj):
    kj.add(NIGHT, DAY, EARLY)  # numbered #1, #2, #3
    kj("redact", "add", "Jim", "Mrs Patel")
    return kj


def test_markdown_is_the_default_one_section_per_entry_oldest_first(journal):
    out = journal("export").stdout
    assert out.startswith("# Reflections\n")
    sections = [line for line in out.splitlines() if line.startswith("## ")]
    assert sections == ["## #3 · Tue 10 Nov 2026 · early shift",
                        "## #2 · Wed 18 Nov 2026 · day shift",
                        "## #1 · Fri 20 Nov 2026 · night shift"]
    assert "Jim's daughter rang on 07700 900123." in out  # no redaction unless asked
    assert "*Carrying forward (open):* Rest." in out


def test_redact_switches_redaction_on_for_any_export(journal):
    out = journal("export", "1", "--redact").stdout
    assert "[name]'s daughter rang on [phone number]." in out
    assert "Sitting with [name] while" in out
    assert "Jim" not in out and "07700" not in out


def test_selection_by_ids_dates_tags_and_shared(journal):
    def numbers(*args):
        return [entry["id"] for entry in json.loads(journal("export", "-f", "json", *args).stdout)]

    assert numbers() == [3, 2, 1]
    assert numbers("1", "#3") == [3, 1]
    assert numbers("--since", "2026-11-15") == [2, 1]
    assert numbers("--until", "2026-11-18") == [3, 2]
    assert numbers("--tag", "family") == [3, 1]
    assert numbers("--tag", "family", "--tag", "Nights") == [3]
    assert numbers("--shared") == [3, 1]
    assert numbers("--shared", "--since", "2026-11-15") == [1]


def test_bad_choices_are_refused_kindly(journal):
    assert "not an export format" in journal("export", "-f", "pdf", expect=2).stderr
    assert "No entry '9'" in journal("export", "9", expect=2).stderr
    assert "--since" in journal("export", "--since", "someday", expect=2).stderr
    assert "go with --for-group" in journal("export", "--include-checkins", expect=2).stderr


def test_drafts_are_left_out_unless_asked(journal):
    journal.add({"date": "2026-11-21", "status": "draft", "answers": {"person": "half"}})
    assert len(json.loads(journal("export", "-f", "json").stdout)) == 3
    assert len(json.loads(journal("export", "-f", "json", "--include-drafts").stdout)) == 4


def test_output_file_is_private_and_never_overwritten_without_force(journal, tmp_path):
    target = tmp_path / "out.md"
    result = journal("export", "-o", str(target))
    assert "Exported 3 entries" in result.stderr
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    first = target.read_text(encoding="utf-8")
    refused = journal("export", "2", "-o", str(target), expect=2)
    assert "already exists" in refused.stderr and "--force" in refused.stderr
    assert target.read_text(encoding="utf-8") == first
    journal("export", "2", "-o", str(target), "--force")
    assert "#1 " not in target.read_text(encoding="utf-8")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert sorted(os.listdir(tmp_path)) == ["kj-home", "out.md"]  # no temporary files left


def test_a_failed_export_leaves_no_file(journal, tmp_path, monkeypatch):
    from kindjournal.share.exporters import markdown_exporter

    def broken(entries, out, context):
        out.write("half of it")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(markdown_exporter, "write", broken)
    result = journal("export", "-o", str(tmp_path / "out.md"), expect=1)
    assert "No space left" in result.stderr
    assert sorted(os.listdir(tmp_path)) == ["kj-home"]


def test_json_export_reads_back_with_reflect_from(journal, tmp_path):
    target = tmp_path / "all.json"
    journal("export", "-f", "json", "-o", str(target))
    exported = json.loads(target.read_text(encoding="utf-8"))
    shown = journal.json("show", "1")
    night = next(entry for entry in exported if entry["id"] == 1)
    for key, value in shown.items():  # a superset of the 'kj show --json' shape
        if key != "answers":
            assert night[key] == value
    assert [a["answer"] for a in night["answers"] if a["answer"]] == [
        a["answer"] for a in shown["answers"]]
    assert all("answered_at" in answer for answer in night["answers"])
    journal("--db", str(tmp_path / "other.db"), "reflect", "--from", str(target))
    again = journal("--db", str(tmp_path / "other.db"), "show", night["uuid"][:8], "--json")
    assert json.loads(again.stdout)["answers"] == shown["answers"]


def test_csv_has_a_bom_and_a_column_per_signal(journal):
    raw = journal("export", "-f", "csv").stdout
    assert raw.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(raw[1:])))
    assert [row["id"] for row in rows] == ["3", "2", "1"]
    header = list(rows[0])
    assert header[7:10] == ["exhaustion", "dread", "support"]  # the pack's order
    night = rows[2]
    assert (night["exhaustion"], night["support"], night["dread"]) == ("3", "1", "")
    # Columns are named by the theme's title, not its key (issue 15).
    assert night["answer: What was hard, and how you met it"] == (
        "Sitting with Mrs Patel while she was frightened.")
    assert night["carry forward"] == "Ask Jim's nurse about the plan."


def test_html_is_self_contained_and_escaped(journal, kj):
    kj.add({"date": "2026-11-19", "answers": {"person": "<b>bold</b> & brave"}})
    page = journal("export", "-f", "html").stdout
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; brave" in page
    assert "http" not in page and "<script" not in page and "@media print" in page


def test_nmc_marks_missing_parts_and_never_invents(journal):
    out = journal("export", "-f", "nmc", "3").stdout  # only a 'contribution' answer
    account = out.split("## Reflective account 1: November 2026")[1]
    part1, rest = account.split("### 2.")
    part2, rest = rest.split("### 3.")
    part3, part4 = rest.split("### 4.")
    assert "To complete" in part1 and "To complete" in part3
    assert "A small kindness mattered." in part2 and "To complete" not in part2
    assert "- [ ] Prioritise people" in part4 and "[x]" not in part4
    assert "To complete" in part4


def test_nmc_places_answers_and_never_makes_a_plan_a_change_to_practice(journal):
    # Issue 13: other packs' carry-forward ("Rest.", a plan, often self-care) is never
    # put in part 3; it is shown apart. Events go in part 1. Redacted by default.
    result = journal("export", "-f", "nmc", "1", "2")
    out = result.stdout
    first, second = out.split("## Reflective account 1")[1].split("## Reflective account 2")
    part1 = second.split("### 1.")[1].split("### 2.")[0]
    assert "Sitting with [name]" in part1 and "[name]'s daughter" in second
    assert "Jim" not in out and "07700" not in out
    for account, plan in ((first, "Rest."), (second, "Ask [name]'s nurse")):
        part3 = account.split("### 3.")[1].split("### 4.")[0]
        assert "To complete" in part3 and plan not in part3
        assert plan in account.split("### Also in this entry")[1]
    assert "## Reflective account 2: November 2026" in out  # numbered, month and year
    assert "#1" not in out and "20 Nov" not in out


def test_nmc_takes_only_accounts_unless_entries_are_named(journal):
    out = journal("export", "-f", "nmc").stdout
    assert "Reflective account 1" not in out and "kj reflect --pack nmc-account" in out
    journal.add({"date": "2026-11-21", "pack": "nmc-account",
                 "answers": {"about": "Feedback", "activity": "Feedback from a relative.",
                             "code": "Prioritise people; Preserve safety\nKeeping her safe.",
                             "changed": "I explain the plan at the start of each shift."}})
    out = journal("export", "-f", "nmc").stdout
    assert out.count("## Reflective account") == 1 and "*About:* Feedback" in out
    part4 = out.split("### 4.")[1]
    assert "- [x] Prioritise people" in part4 and "- [x] Preserve safety" in part4
    assert "- [ ] Practise effectively" in part4 and "Keeping her safe." in part4
    assert "I explain the plan" in out.split("### 3.")[1].split("### 4.")[0]


def test_nmc_no_redact_warns(journal):
    result = journal("export", "-f", "nmc", "1", "--no-redact")
    assert "Jim's daughter" in result.stdout and "--no-redact" in result.stderr


def test_every_nmc_part_is_either_answered_or_marked():
    out = io.StringIO()
    nmc_exporter.write(iter([{"id": 5, "date": "2026-11-01", "answers": [], "actions": [],
                              "pack": "nmc-account"}]), out, None)
    assert out.getvalue().count("**To complete:**") == 4


def test_group_export_needs_a_look_first(journal):
    refused = journal("export", "--for-group", expect=2)
    assert "--preview" in refused.stderr and "--yes" in refused.stderr
    assert refused.stdout == ""


def test_group_export_is_shared_redacted_and_private_parts_left_out(journal):
    entries = json.loads(journal("export", "--for-group", "--yes", "-f", "json").stdout)
    assert [entry["id"] for entry in entries] == [3, 1]
    night = entries[1]
    assert night["checkin"] == {} and night["actions"] == []
    assert not {"uuid", "created_at", "updated_at", "supervision"} & set(night)
    assert all("answered_at" not in answer for answer in night["answers"])
    text = json.dumps(entries)
    assert "Jim" not in text and "Patel" not in text and "07700" not in text
    assert "[name]'s daughter rang on [phone number]." in text


def test_group_export_can_keep_checkins_and_actions_but_never_review_notes(journal, tmp_path):
    from kindjournal.journal.database import open_journal
    from kindjournal.journal.writes import review_action

    db = open_journal(tmp_path / "kj-home" / "journal.db")
    review_action(db, 1, "done", "Jim's nurse said yes")
    db.close()
    night = json.loads(journal("export", "1", "--for-group", "--yes", "-f", "json",
                               "--include-checkins", "--include-actions").stdout)[0]
    assert night["checkin"] == {"exhaustion": 3, "support": 1}
    assert night["actions"][0]["text"] == "Ask [name]'s nurse about the plan."
    assert night["actions"][0]["review_note"] is None


def test_preview_marks_every_replacement_and_writes_nothing(journal, tmp_path):
    result = journal("export", "--for-group", "--preview", "-o", str(tmp_path / "g.md"))
    out = result.stdout
    assert "[name]'s daughter rang on [phone number]." in out
    assert "replaced: 3 × name, 1 × phone number" in out
    assert "cannot catch everything" in out
    assert not (tmp_path / "g.md").exists()


def test_group_export_from_a_terminal_asks_after_the_preview(journal, tmp_path, monkeypatch):
    monkeypatch.setattr("kindjournal.commands.export.is_interactive", lambda: True)
    target = tmp_path / "group.md"
    declined = journal("export", "--for-group", "-o", str(target), input="n\n")
    assert "[phone number]" in declined.stdout + declined.stderr
    assert "Nothing was written." in declined.stderr and not target.exists()
    journal("export", "--for-group", "-o", str(target), input="y\n")
    assert "[name]'s daughter" in target.read_text(encoding="utf-8")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_export_reads_in_batches(journal, monkeypatch):
    import kindjournal.journal.selection as selection

    monkeypatch.setattr(selection, "BATCH_SIZE", 2)
    original = selection.iter_entries

    def small_batches(db, chosen, batch_size=2, **shape):
        return original(db, chosen, batch_size=2, **shape)

    monkeypatch.setattr(selection, "iter_entries", small_batches)
    journal.add(*({"date": f"2026-10-{day:02d}", "answers": {"person": f"day {day}"}}
                  for day in range(1, 8)))
    entries = json.loads(journal("export", "-f", "json").stdout)
    assert [entry["date"] for entry in entries] == sorted(entry["date"] for entry in entries)
    assert len(entries) == 10 and len({entry["id"] for entry in entries}) == 10


def test_an_empty_selection_still_gives_a_valid_file(journal):
    result = journal("export", "-f", "json", "--tag", "nothing-like-this")
    assert json.loads(result.stdout) == []
    assert "No entries matched" in result.stderr


@pytest.mark.parametrize("chosen", [
    {}, {"shared": True}, {"since": "2026-11-01"}, {"tags": ("family",)},
    {"include_drafts": True}])
def test_each_batch_walks_the_date_index_instead_of_sorting_the_journal(journal, tmp_path,
                                                                         chosen):
    from datetime import date

    from kindjournal.journal.database import open_journal
    from kindjournal.journal.filters import EntryFilters
    from kindjournal.journal.selection import Selection, batch_query

    if "since" in chosen:
        chosen = {"since": date.fromisoformat(chosen["since"])}
    drafts = chosen.pop("include_drafts", False)
    sql, params = batch_query(Selection(filters=EntryFilters(**chosen), include_drafts=drafts))
    db = open_journal(tmp_path / "kj-home" / "journal.db")
    plan = " ".join(row[3] for row in db.execute(
        f"EXPLAIN QUERY PLAN {sql}",
        {**params, "after_date": "", "after_id": 0, "batch": 10}).fetchall())
    assert "entries_by_shift_date" in plan and "TEMP B-TREE" not in plan


def test_shift_and_supervision_filters_are_shared_with_list(journal):
    journal.add({"date": "2026-11-19", "shift": "night", "supervision": True,
                 "answers": {"person": "x"}})
    entries = json.loads(journal("export", "-f", "json", "--shift", "night").stdout)
    assert [entry["id"] for entry in entries] == [4, 1]
    entries = json.loads(journal("export", "-f", "json", "--supervision").stdout)
    assert [entry["id"] for entry in entries] == [4]
