"""kj reflect, list, show, where and prompts, driven through the CLI as a person would."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, timedelta

import pytest

from kindjournal.reflect.packs import builtin_prompts_dir, load_pack_file

AFTER_SHIFT = load_pack_file(builtin_prompts_dir() / "after-shift.toml")
SIGNALS = [signal.key for signal in AFTER_SHIFT.signals]
THEMES = [theme.key for theme in AFTER_SHIFT.themes]


def reflection_input(ratings, answers, tags="", shift=None):
    """What a person types: shift (if asked), ratings, answers (blank line ends one), tags."""
    lines = [] if shift is None else [shift]
    lines += [str(value) for value in ratings]
    for answer in answers:
        lines += answer.splitlines() if answer else []
        lines.append("")
    lines.append(tags)
    return "\n".join(lines) + "\n"


def test_a_whole_reflection_is_kept(kj):
    typed = reflection_input(
        [3, 1, "", 2, 4, 3, 2, 1, ""],
        ["I held one resident in mind all night.\nShe liked the window open.", "", "", "",
         "The handover was rushed.", "", "Ask for a debrief next week."],
        tags="nights, Handover",
        shift="night",
    )
    result = kj("reflect", "--date", "yesterday", input=typed)
    assert "Saved as entry #1" in result.stdout
    assert "Carrying forward: Ask for a debrief next week." in result.stdout
    entry = kj.json("show", "1")
    assert entry["date"] == (date.today() - timedelta(days=1)).isoformat()
    assert entry["shift"] == "night"
    assert entry["status"] == "complete"
    assert entry["checkin"] == {"exhaustion": 3, "detachment": 1, "recovery": 2,
                                "connection": 4, "difference": 3, "agency": 2, "support": 1}
    assert [a["theme"] for a in entry["answers"]] == ["person", "hard", "forward"]
    assert entry["answers"][0]["answer"] == (
        "I held one resident in mind all night.\nShe liked the window open.")
    person_wordings = {w.text for w in AFTER_SHIFT.theme("person").wordings}
    assert entry["answers"][0]["prompt"] in person_wordings
    assert entry["tags"] == ["handover", "nights"]
    assert [(a["text"], a["status"]) for a in entry["actions"]] == [
        ("Ask for a debrief next week.", "open")]


def test_a_rating_out_of_range_is_asked_again(kj):
    typed = reflection_input(["7", "x", 2] + [""] * 8, [""] * 7, shift="")
    result = kj("reflect", input=typed)
    assert result.stdout.count("Please type a number from 0 to 4") == 2
    assert kj.json("show", "1")["checkin"] == {"exhaustion": 2}


def test_quick_is_the_check_in_alone(kj):
    result = kj("reflect", "--quick", "--shift", "early", input="1\n2\n3\n4\n0\n1\n2\n3\n2\n\n")
    assert "prompts" not in result.stdout.split("Reflection kept")[1]
    entry = kj.json("show", "1")
    assert entry["answers"] == [] and len(entry["checkin"]) == 9


def test_ctrl_c_or_closed_input_leaves_a_draft_that_resumes(kj):
    first = kj("reflect", "--shift", "day",
               input="2\n2\n2\n2\n2\n2\n2\n2\n2\nA first answer\nstill typing", expect=130)
    assert "saved as a draft" in first.stdout
    draft = kj.json("list")[0]
    assert draft["status"] == "draft"
    assert draft["answers"][0]["answer"] == "A first answer\nstill typing"
    # Resume: the check-in is not asked again; the half-written answer carries on.
    second = kj("reflect", input="y\nand finished.\n\n" + "\n" * 6 + "\n")
    assert "unfinished reflection" in second.stdout
    assert "You had written" in second.stdout
    entries = kj.json("list")
    assert len(entries) == 1 and entries[0]["status"] == "complete"
    assert entries[0]["answers"][0]["answer"] == "A first answer\nstill typing\nand finished."


def test_new_leaves_the_draft_and_starts_afresh(kj):
    kj("reflect", "--shift", "day", input="1\n", expect=130)
    kj("reflect", "--new", "--quick", "--shift", "day", input="\n" * 10)
    statuses = sorted(entry["status"] for entry in kj.json("list"))
    assert statuses == ["complete", "draft"]


def test_resume_without_a_draft_is_a_usage_error(kj):
    result = kj("reflect", "--resume", expect=2)
    assert "no unfinished reflection" in result.stderr


def test_open_action_is_reviewed_first(kj):
    kj.add({"date": "2026-11-01", "answers": {"forward": "Take my breaks"}})
    result = kj("reflect", "--quick", "--shift", "day", input="d\n" + "\n" * 10)
    assert "Did it happen?" in result.stdout
    first = kj.json("show", "1")
    assert first["actions"][0]["status"] == "done"


def test_future_and_unreadable_dates_are_refused_and_nothing_is_written(kj, journal_file):
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    result = kj("reflect", "--date", tomorrow, expect=2)
    assert "future" in result.stderr and "Traceback" not in result.stderr
    result = kj("reflect", "--date", "the other day", expect=2)
    assert "Could not read" in result.stderr
    assert result.stderr.count("\n") == 1
    assert not journal_file.exists()


def test_unknown_pack_and_shift_are_usage_errors(kj, journal_file):
    assert "No prompt pack called" in kj("reflect", "--pack", "nope", expect=2).stderr
    assert "not a shift type" in kj("reflect", "--shift", "lunch", expect=2).stderr
    assert not journal_file.exists()


def test_rotation_avoids_recent_wordings(kj):
    asked = []
    for _ in range(len(AFTER_SHIFT.theme("person").wordings)):
        kj("reflect", "--new", "--shift", "day", input="\n" * 9 + "\n" * 7 + "\n")
    for entry in kj.json("list"):
        asked.extend(a for a in entry["answers"])
    # Skipped prompts are not in the JSON answers, so read the drawn keys from the store.
    from kindjournal.files import journal_path
    from kindjournal.journal.database import open_journal

    db = open_journal(journal_path())
    keys = [row[0] for row in db.execute(
        "SELECT prompt_key FROM answers WHERE theme_key = 'person' ORDER BY entry_id")]
    assert len(keys) == len(set(keys)) == len(AFTER_SHIFT.theme("person").wordings)


# -- --from ------------------------------------------------------------------------


def test_from_file_adds_entries_in_one_go(kj, tmp_path):
    batch = [
        {"date": "2026-11-20", "shift": "night", "checkin": {"exhaustion": 3, "support": 1},
         "answers": {"person": "Stayed with someone frightened.", "forward": "Rest more"},
         "tags": ["family"], "share": True},
        {"date": "3/11", "answers": {"hard": "A long wait for the doctor."}},
    ]
    source = tmp_path / "batch.json"
    source.write_text(json.dumps(batch))
    result = kj("reflect", "--from", str(source))
    assert "Added 2 entries" in result.stderr
    listed = kj.json("list")
    # "3/11" is the last 3 November, so which entry is newer depends on today's date.
    dates = [e["date"] for e in listed]
    assert "2026-11-20" in dates and any(day.endswith("-11-03") for day in dates)
    first = next(e for e in listed if e["date"] == "2026-11-20")
    assert first["share"] is True and first["tags"] == ["family"]
    assert first["actions"][0]["text"] == "Rest more"


def test_from_jsonl_on_stdin(kj):
    lines = "\n".join(json.dumps({"date": f"2026-10-{day:02d}", "checkin": {"dread": 2}})
                      for day in range(1, 11))
    kj("reflect", "--from", "-", input=lines)
    assert len(kj.json("list", "-n", "50")) == 10


def test_show_json_reads_back_through_from(kj, tmp_path):
    kj.add({"date": "2026-11-02", "shift": "late", "checkin": {"agency": 3},
            "answers": {"skills": "Calming voice", "forward": "Practise it"}})
    exported = kj.json("show", "1")
    exported.pop("uuid")
    kj.add(exported)
    again = kj.json("show", "2")
    for field in ("date", "shift", "checkin", "answers", "tags", "actions"):
        if field == "actions":
            assert [a["text"] for a in again[field]] == [a["text"] for a in exported[field]]
        else:
            assert again[field] == exported[field]


def test_a_bad_entry_in_a_batch_adds_nothing_and_names_the_place(kj, journal_file):
    kj.add({"checkin": {"exhaustion": 1}})
    batch = [{"checkin": {"exhaustion": 1}}, {"checkin": {"exhaustion": 9}}]
    result = kj("reflect", "--from", "-", input=json.dumps(batch), expect=2)
    assert result.stderr.strip() == (
        "kj: entry 2: checkin.exhaustion: a rating is a whole number from 0 to 4.")
    assert len(kj.json("list")) == 1


def test_from_file_problems_are_one_line_each(kj, tmp_path, journal_file):
    cases = {
        b"{not json": "not valid JSON",
        b"\xff\xfe\x00bad": "not UTF-8",
        b"": "is empty",
        json.dumps({"date": "31/02", "checkin": {"dread": 1}}).encode(): "date:",
        json.dumps({"colour": "blue"}).encode(): "unknown field 'colour'",
        json.dumps({"answers": {"weather": "sunny"}}).encode(): "answers.weather: not a theme",
        json.dumps({"checkin": {"mood": 2}}).encode(): "checkin.mood: not a check-in signal",
        json.dumps({"date": "2026-01-01"}).encode(): "at least one answer or check-in",
        json.dumps({"pack": "nope", "checkin": {}}).encode(): "No prompt pack called 'nope'",
        json.dumps([1, 2]).encode(): "must be a JSON object",
        json.dumps({"checkin": {"dread": True}}).encode(): "whole number from 0 to 4",
        ("[" * 100000 + "]" * 100000).encode(): "nested too deeply",
    }
    for content, says in cases.items():
        source = tmp_path / "bad.json"
        source.write_bytes(content)
        result = kj("reflect", "--from", str(source), expect=2)
        assert says in result.stderr, (content[:40], result.stderr)
        assert result.stderr.count("\n") == 1
    assert kj("reflect", "--from", str(tmp_path / "missing.json"), expect=2).stderr.startswith(
        "kj: Cannot find")
    assert not journal_file.exists()


@pytest.mark.slow
def test_ten_thousand_entries_take_seconds(kj, tmp_path):
    import time

    lines = "\n".join(json.dumps({"date": "2026-10-01", "checkin": {"exhaustion": n % 5},
                                  "answers": {"person": f"entry {n}"}}) for n in range(10000))
    started = time.perf_counter()
    kj("reflect", "--from", "-", input=lines)
    assert time.perf_counter() - started < 30
    assert len(kj.json("list", "-n", "3")) == 3


# -- list, show, where, prompts ------------------------------------------------------


def test_list_marks_drafts_and_shows_first_lines(kj):
    kj.add({"date": "2026-11-01", "shift": "long-day", "answers": {"person": "First line\nmore"},
            "tags": ["a", "b"]})
    kj.add({"date": "2026-11-02", "status": "draft", "checkin": {"dread": 1}})
    result = kj("list")
    lines = result.stdout.splitlines()
    assert "(draft)" in lines[1] and "2026-11-02" in lines[1]
    assert "First line" in lines[2] and "long day" in lines[2] and "a, b" in lines[2]
    assert kj("list", "--drafts").stdout.count("2026-11") == 1


def test_show_prints_bars_prompts_and_action(kj):
    kj.add({"date": "2026-11-01", "checkin": {"exhaustion": 3},
            "answers": {"person": "Held them in mind", "forward": "Slow down"}})
    out = kj("show", "1").stdout
    assert "■■■□" in out and "3 of 4" in out
    assert AFTER_SHIFT.theme("person").wordings[0].text[:30] in " ".join(out.split())
    assert "Carrying forward (open): Slow down" in out


def test_show_unknown_id_is_a_usage_error(kj):
    result = kj("show", "99", expect=2)
    assert "No entry '99'" in result.stderr


def test_where_reports_the_journal(kj, journal_file):
    kj.add({"checkin": {"dread": 1}})
    info = kj.json("where")
    assert info["journal"] == str(journal_file)
    assert info["entries"] == 1 and info["schema_version"] >= 1
    assert info["prompt_dirs"][-1].endswith("prompts")


def test_prompts_lists_and_shows_packs(kj):
    assert "after-shift (default)" in kj("prompts").stdout
    shown = kj("prompts", "show", "after-shift").stdout
    assert "exhaustion (strain)" in shown
    assert "no prompt pack" in kj("prompts", "show", "nope", expect=2).stderr.lower()


def test_a_non_journal_file_is_refused_through_the_cli(kj, tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("my notes")
    result = kj("--db", str(path), "list", expect=1)
    assert "not a kindjournal journal" in result.stderr
    assert path.read_text() == "my notes"


def test_version_and_module_entry_point():
    out = subprocess.run([sys.executable, "-m", "kindjournal", "--version"],
                         capture_output=True, text=True, check=True).stdout
    assert out.startswith("kj (kindjournal) ")


def test_editor_writes_each_answer_in_the_editor(kj, tmp_path, monkeypatch):
    editor = tmp_path / "fake-editor"
    editor.write_text("#!/bin/sh\nprintf 'Written in my editor.\\nSecond line.\\n' >> \"$1\"\n")
    editor.chmod(0o700)
    monkeypatch.setenv("EDITOR", str(editor))
    kj("reflect", "--editor", "--shift", "day", input="\n" * 9 + "\n")
    entry = kj.json("show", "1")
    assert len(entry["answers"]) == 7
    assert entry["answers"][0]["answer"] == "Written in my editor.\nSecond line."


def test_editor_without_editor_set_is_a_clear_error(kj, journal_file, monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path / "no-editor-here"))
    result = kj("reflect", "--editor", expect=2)
    assert "Set $EDITOR" in result.stderr
    assert not journal_file.exists()


def test_an_editor_that_fails_keeps_the_draft(kj, monkeypatch):
    monkeypatch.setenv("EDITOR", "false")
    result = kj("reflect", "--editor", "--shift", "day", input="\n" * 9, expect=1)
    assert "stopped with an error" in result.stderr
    assert kj.json("list")[0]["status"] == "draft"
    monkeypatch.setenv("EDITOR", "no-such-editor-anywhere")
    result = kj("reflect", "--resume", "--editor", expect=1)
    assert "Cannot start the editor" in result.stderr


@pytest.mark.parametrize(("typed", "stored"), [
    ("Nights", "night"), ("nights", "night"), ("long", "long-day"), ("long days", "long-day"),
    ("Long Day", "long-day"), ("long_day", "long-day"), ("earlies", "early"),
    ("lates", "late"), ("days", "day")])
def test_common_shift_words_are_understood_and_stored_plainly(typed, stored):
    from kindjournal.journal.writes import normalise_shift

    assert normalise_shift(typed) == stored


def test_shift_words_at_the_question_and_on_the_command_line(kj):
    kj("reflect", "--quick", "--shift", "Nights", input="\n" * 10)
    kj("reflect", "--quick", input="long days\n" + "\n" * 10)
    assert [entry["shift"] for entry in kj.json("list")] == ["long-day", "night"]
    result = kj("reflect", "--quick", "--shift", "weekend", expect=2)
    assert "day, night, long day, early, late, other" in result.stderr


def test_without_editor_set_the_systems_editor_command_is_used(kj, tmp_path, monkeypatch):
    """Debian's 'editor' (the system's chosen editor) once went unused: kj refused."""
    folder = tmp_path / "bin"
    folder.mkdir()
    editor = folder / "editor"
    editor.write_text("#!/bin/sh\nprintf 'From the system editor.\\n' >> \"$1\"\n")
    editor.chmod(0o700)
    monkeypatch.delenv("EDITOR", raising=False)
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("PATH", f"{folder}:/usr/bin:/bin")
    kj("reflect", "--editor", "--shift", "day", input="\n" * 9 + "\n")
    assert kj.json("show", "1")["answers"][0]["answer"] == "From the system editor."


def test_the_edit_template_fits_80_columns():
    """'as it was ask/ed' was wrapped mid-word by the editor."""
    from kindjournal.reflect.entry_text import entry_text

    entry = {"id": 1, "date": "2026-11-03", "shift": "night", "tags": [], "share": False,
             "supervision": False, "checkin": {"exhaustion": 2}}
    text = entry_text(entry, ["exhaustion"], [])
    assert all(len(line) <= 80 for line in text.splitlines())
