"""Issue 15, the rough edges a new user met: messages in our own words, read commands
that never make a journal, quiet broken pipes, words wrapped whole. Each test fails on
65505f8 and passes after."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

READERS = [["trends"], ["list"], ["show", "1"], ["search", "tea"], ["export"],
           ["supervision"], ["actions"], ["where"], ["trash"], ["redact", "list"]]


@pytest.mark.parametrize("words", READERS, ids=[" ".join(w) for w in READERS])
def test_a_mistyped_db_is_named_and_never_made(kj, tmp_path, words):
    (tmp_path / "demo.db").write_bytes(b"")  # the file that was meant, beside it
    wrong = tmp_path / "demo.bd"
    result = kj("--db", str(wrong), *words, expect=1)
    assert f"There is no journal at {wrong}" in result.stderr
    assert "Did you mean" in result.stderr and "demo.db" in result.stderr
    assert result.stderr.count("\n") == 1 and "Nothing was rated" not in result.output
    assert not wrong.exists()


def test_reading_before_the_first_entry_makes_no_file(kj, journal_file):
    assert "No entries" in kj("list").stdout or kj("list").stdout == ""
    kj("trends")
    assert "Not there yet" in kj("where").stdout
    assert "no journal yet" in kj("edit", "1", "--tag", "x", expect=1).stderr
    assert not journal_file.exists()


def test_commands_that_start_a_journal_still_do(kj, journal_file):
    kj("redact", "add", "Alex")
    assert journal_file.exists()


@pytest.mark.parametrize(("args", "expected"), [
    (["list", "-n", "0"], "--limit takes a whole number, 1 or more; '0' is not one."),
    (["list", "-n", "abc"], "--limit takes a whole number, 1 or more; 'abc' is not one."),
    (["show"], "kj show needs the entry's number from 'kj list'"),
    (["relfect"], "There is no command 'relfect'. Did you mean 'kj reflect'?"),
    (["list", "--lmit", "3"], "kj list has no option --lmit. Did you mean --limit?"),
    (["trends", "--by", "year"], "--by takes one of day, week, month; 'year' is not one."),
])
def test_click_messages_are_said_in_our_words(kj, args, expected):
    result = kj(*args, expect=2)
    assert result.stderr.startswith("kj: ") and expected in result.stderr
    assert "Usage:" not in result.stderr and "Error:" not in result.stderr
    assert "x>=1" not in result.stderr and "'redact'" not in result.stderr
    assert result.stderr.count("\n") == 1


def test_demo_hint_names_the_file_it_filled(kj, tmp_path):
    out = kj("--db", str(tmp_path / "demo.db"), "demo").stdout
    assert f"kj --db {tmp_path / 'demo.db'} trends" in out


def test_words_are_wrapped_whole_with_hanging_bullets():
    from kindjournal.text import wrap_words

    text = ("kj: The journal is busy in another window; try again when it is waiting for "
            "the round to finish. Try: kj trends")
    lines = wrap_words(text, 40)
    assert all(len(line) <= 40 for line in lines)
    assert " ".join(lines).split() == text.split()  # no word was cut
    bullet = wrap_words("• Support from colleagues, with a long note that goes on and on", 30)
    assert bullet[0].startswith("• ") and all(line.startswith("  ") for line in bullet[1:])


@pytest.mark.slow
@pytest.mark.parametrize("args", [["list", "--json", "-n", "500"], ["export"],
                                  ["show", "1", "--json"]])
def test_a_closed_pipe_ends_quietly(tmp_path, args):
    environment = {**os.environ, "KJ_HOME": str(tmp_path), "NO_COLOR": "1"}
    kj = [sys.executable, "-m", "kindjournal", "--db", str(tmp_path / "demo.db")]
    subprocess.run([*kj, "demo"], env=environment, check=True, capture_output=True)
    if args[0] == "show":  # one big entry, bigger than a pipe holds
        subprocess.run([*kj, "note", "long " * 20_000], env=environment, check=True,
                       capture_output=True)
        args = ["show", "97", "--json"]
    run = subprocess.Popen([*kj, *args], env=environment, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE)
    run.stdout.readline()
    run.stdout.close()  # as `| head -1` does
    error = run.stderr.read().decode()
    run.wait(timeout=30)
    assert error == "", error
    assert Path(tmp_path / "demo.db").exists()


# -- tending entries ----------------------------------------------------------------


@pytest.fixture
def two_entries(kj):
    kj.add({"date": "2026-11-01", "shift": "night", "tags": ["nights"],
            "answers": {"person": "A calm handover at last"}},
           {"date": "2026-11-02", "checkin": {"dread": 1}})
    return kj


def test_a_trashed_entry_is_said_to_be_in_the_trash(two_entries):
    kj = two_entries
    kj("delete", "1", "--yes")
    assert "Entry #1 is in the trash. 'kj restore 1' brings it back." in kj(
        "show", "1", expect=2).stderr
    trash = kj("trash").stdout
    assert "night" in trash and "A calm handover at last" in trash


def test_delete_asks_with_the_date_and_first_line(two_entries, monkeypatch):
    monkeypatch.setattr("kindjournal.commands.tend.is_interactive", lambda: True)
    out = two_entries("delete", "1", input="n\n", expect=1).output
    assert "Move entry #1 (Sun 1 Nov 2026: A calm handover at last) to the trash?" in out


def test_list_says_check_in_only_and_how_many_are_shown(two_entries):
    out = two_entries("list", "-n", "1").stdout
    assert "(check-in only)" in out and "1 of 2 shown" in out


def test_list_keeps_whole_tags_and_room_for_the_first_line(kj):
    kj.add({"date": "2026-11-01", "shift": "long-day", "tags": ["short-staffed", "end of life",
                                                                 "family"],
            "answers": {"person": "Remembered how she likes her tea, and it mattered to her"}})
    row = kj("list").stdout.splitlines()[1]
    assert len(row) < 80 and "sta…" not in row and "+" in row
    assert "Remembered how she likes her tea" in row


def test_untagging_a_tag_the_entry_lacks_changes_nothing_and_says_so(two_entries):
    result = two_entries("edit", "1", "--untag", "nonexistent", expect=2)
    assert "has no tag 'nonexistent' (its tags: nights)" in result.stderr
    assert "updated" not in result.stdout
    assert "updated: tags" in two_entries("edit", "1", "--untag", "nights").stdout


def test_tomorrow_is_read_and_refused_as_the_future(kj, journal_file):
    assert "'tomorrow' is in the future" in kj("reflect", "-d", "tomorrow", expect=2).stderr
    assert not journal_file.exists()


def test_an_edit_with_two_problems_names_both_in_line_order():
    import datetime

    from kindjournal.reflect import entry_text

    entry = {"id": 1, "date": "2026-11-01", "shift": None, "tags": [], "share": False,
             "supervision": False, "checkin": {"exhaustion": 2}}
    prompts = [{"theme_key": "person", "prompt_text": "Who?", "answer": "Me"}]
    text = entry_text.entry_text(entry, ["exhaustion"], prompts)
    text = text.replace("exhaustion: 2", "exhaustion: 7").replace("share: no", "share: perhaps")
    with pytest.raises(entry_text.EditError) as error:
        entry_text.parse_entry_text(text, ["exhaustion"], ["person"], datetime.date(2026, 11, 20))
    lines = [line for line, _message in error.value.problems]
    assert len(lines) == 2 and lines == sorted(lines)
    assert "2 problems" in str(error.value) and "not '7'" in str(error.value)


# -- words on screen and on the page -------------------------------------------------


def test_one_problem_is_one_problem(capsys):
    from kindjournal.screens import styled

    styled.print_pack_problems(["themes[0].title: missing"])
    err = capsys.readouterr().err
    assert "1 problem found; fix it and check again." in err


def test_prompts_check_finds_your_own_pack_by_name_from_anywhere(kj):
    kj("prompts", "new", "my-nights")
    out = kj("prompts", "check", "my-nights.toml").output
    assert "No such file" not in out and "my-nights" in out


def test_show_names_ratings_in_plain_words(kj):
    kj.add({"date": "2026-11-01", "checkin": {"agency": 3, "detachment": 1}})
    out = kj("show", "1").stdout
    assert "Free to use your judgement" in out and "People felt like tasks" in out
    assert "Agency " not in out and "Detachment " not in out
    assert all(len(line) <= 80 for line in out.splitlines())


def test_the_html_export_has_dates_contents_and_labels_with_their_scale(kj):
    kj.add({"date": "2026-10-03", "checkin": {"support": 3}, "answers": {"person": "A"}},
           {"date": "2026-11-20", "checkin": {"agency": 2}, "answers": {"person": "B"}})
    page = kj("export", "--format", "html").stdout
    assert "<h1>Reflections, 3 Oct to 20 Nov 2026</h1>" in page
    assert "<h2>Contents</h2>" in page and 'href="#entry-2"' in page
    assert "Support from colleagues (0–4)" in page and ">agency<" not in page
    assert "system-ui" in page  # the trends page's look


def test_where_says_file_format_not_schema(kj):
    kj.add({"date": "2026-11-01", "checkin": {"dread": 1}})
    out = kj("where").stdout
    assert "File format:" in out and "Schema" not in out


# -- long screens through the pager ---------------------------------------------------


class _Screen:
    """A stand-in terminal: isatty() says yes, and what is written is kept."""

    def __init__(self, tty: bool = True):
        self.tty, self.written = tty, ""

    def isatty(self) -> bool:
        return self.tty

    def write(self, text: str) -> None:
        self.written += text

    def flush(self) -> None:
        pass


def test_a_long_screen_goes_through_the_pager_only_on_a_terminal(tmp_path, monkeypatch):
    from kindjournal.screens.pager import show_long

    paged = tmp_path / "paged.txt"
    monkeypatch.setenv("PAGER", f"sh -c 'cat > {paged}'")
    monkeypatch.setenv("LINES", "24")
    long_text = "\n".join(f"line {n}" for n in range(60))
    screen = _Screen()
    show_long(long_text, screen)
    assert paged.read_text() == long_text + "\n" and screen.written == ""
    show_long("short", screen)  # fits: no pager
    assert screen.written == "short\n"
    piped = _Screen(tty=False)
    show_long(long_text, piped)  # never into a pipe
    assert piped.written == long_text + "\n"
    monkeypatch.setenv("PAGER", "no-such-pager-here")
    show_long(long_text, screen)  # a missing pager: the text as it is
    assert screen.written.endswith("line 59\n")


def test_trends_and_supervision_use_the_one_pager(monkeypatch, kj):
    shown = []
    monkeypatch.setattr("kindjournal.screens.pager.show_long",
                        lambda text, stream=None: shown.append(text))
    kj.add({"date": "2026-11-01", "checkin": {"dread": 1}})
    kj("trends")
    kj("supervision")
    assert len(shown) == 2 and "Trends" in shown[0]


def test_prompts_show_keeps_bullets_hanging_and_keys_beside_their_text(kj):
    lines = kj("prompts", "show", "after-shift").stdout.splitlines()
    assert all(len(line) <= 80 for line in lines)
    assert not any(line.startswith("(") for line in lines)  # no key alone at column 0
    for before, after in zip(lines, lines[1:], strict=False):
        if before.startswith("  • ") and after and not after.startswith(("  • ", " " * 4)):
            assert not after[0].islower(), (before, after)


def test_the_tags_question_leaves_room_to_type(kj):
    out = kj("reflect", "--quick", "--shift", "day", input="\n" * 10).stdout
    question = next(line for line in out.splitlines() if "Tags, with commas" in line)
    assert len(question.split("Tags")[1]) < 45


def test_no_drafts_is_said_plainly(kj):
    kj.add({"date": "2026-11-02", "answers": {"person": "A calm night."}})
    assert kj("list", "--drafts").stdout == "No unfinished drafts.\n"
    out = kj("list", "--drafts", "--tag", "family").stdout
    assert out == "No unfinished drafts tagged family.\n"


def test_a_month_view_too_long_for_the_screen_says_so_in_a_sentence():
    from kindjournal.trends.text import _visible

    buckets = [{} for _ in range(48)]
    _, note = _visible({"buckets": buckets, "period": {"by": "month"}}, 21)
    assert note.endswith("cover the whole period. A shorter --since shows it all.")


def test_counts_of_a_thousand_or_more_have_separators(kj):
    import json

    lines = "\n".join(json.dumps({"date": "2026-11-02", "answers": {"person": f"Night {n}."}})
                      for n in range(1_000))
    result = kj("reflect", "--from", "-", input=lines)
    assert "Added 1,000 entries (#1 to #1000)." in result.stderr
    assert "Entries:        1,000" in kj("where").stdout


def test_a_new_low_is_never_printed_equal_to_the_low_before_it():
    """'averaged 1.9, its lowest ... the lowest week before was 1.9' read as a
    contradiction (1.857 against 1.909): two places when one would print them alike."""
    import datetime
    from types import SimpleNamespace

    from kindjournal.trends.signs import describe_lowest_for

    found = {"week": datetime.date(2026, 11, 30), "mean": 1.857, "usual": 2.6,
             "previous_low": 1.909}
    text = describe_lowest_for(SimpleNamespace(key="agency"), found, 13)
    assert "averaged 1.86, its lowest in 13 weeks" in text
    assert "its usual was 2.6; the lowest week before was 1.91)." in text
    found |= {"mean": 1.5}
    assert "averaged 1.5," in describe_lowest_for(SimpleNamespace(key="agency"), found, 13)


def test_the_delete_question_fits_one_line_of_80_columns(kj, monkeypatch):
    """The first line, the date and ' [y/N]: ' on one line: the question used to run
    past 80 columns and the terminal broke it mid-word ('to th' / 'e trash?')."""
    monkeypatch.setattr("kindjournal.commands.tend.is_interactive", lambda: True)
    monkeypatch.setenv("COLUMNS", "80")
    kj.add({"date": "2026-09-30", "answers": {"person": "Sat with a colleague who was "
                                                       "upset after a difficult family meeting."}})
    out = kj("delete", "1", input="n\n", expect=1).output
    line = next(line for line in out.splitlines() if "to the trash?" in line)
    question = line.removesuffix("n")  # the answer typed, as the test runner echoes it
    assert question.startswith("Move entry #1 (Wed 30 Sep 2026: Sat with a colleague")
    assert question.endswith("…) to the trash? [y/N]: ") and len(question) < 80


def test_one_signals_change_reads_as_a_sentence_when_lately_differs(kj, tmp_path):
    """'change +0.2 about the same; lately lower as the 12 weeks before' was garbled:
    the comparison goes right after the direction, before '; lately'."""
    import json

    from kindjournal.trends.text import _one_signal

    demo = str(tmp_path / "demo.db")
    kj("--db", demo, "demo")
    report = json.loads(kj("--db", demo, "trends", "--json").stdout)
    signal = dict(report["signals"][0], direction="same", meaning="", lately="lower",
                  compared=True)
    text = " ".join(_one_signal(dict(report, signals=[signal]), 200, False))
    assert "about the same as the 12 weeks before; lately lower" in text
    signal |= {"direction": "higher", "meaning": "worse"}
    text = " ".join(_one_signal(dict(report, signals=[signal]), 200, False))
    assert "higher than the 12 weeks before, worse; lately lower" in text


def test_the_default_period_is_compared_with_12_weeks_on_any_weekday():
    """12 whole weeks from a Monday, this one unfinished: on a Tuesday that is 11 weeks
    and 2 days, which once read 'than the 11 weeks before'."""
    from kindjournal.trends.text import compared_with

    period = {"since": "2027-12-13", "until": "2028-02-29",
              "previous": {"since": "2027-09-25", "until": "2027-12-12"}}
    assert compared_with(period) == "than the 12 weeks before"
    period = {"since": "2027-12-15", "until": "2028-02-29",  # a Wednesday: as typed
              "previous": {"since": "2027-09-29", "until": "2027-12-14"}}
    assert compared_with(period) == "than the 11 weeks before"


def test_the_trash_keeps_the_date_an_entry_was_trashed_in_view():
    from kindjournal.screens.entry_lines import format_trash

    row = {"id": 5, "shift_date": "2026-06-14", "shift_type": "early", "status": "complete",
           "first_answer": "They were a teacher once, and still loved explaining things to "
                           "anyone who would listen.", "deleted_at": "2026-12-06T10:00:00+00:00"}
    line = format_trash([row], 80)[0]
    assert line.endswith("…  (trashed 2026-12-06)") and len(line) < 80
