"""Questions asked in a terminal: each answer checked as it is typed, and Ctrl-C at any
question ending the same way on every screen (a new line, one kind line, exit 130)."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
import typer

TODAY = date.today()


def ago(days: int) -> str:
    return (TODAY - timedelta(days=days)).isoformat()


@pytest.fixture
def in_a_terminal(monkeypatch):
    from kindjournal.commands import records, supervision

    monkeypatch.setattr(supervision, "is_interactive", lambda: True)
    monkeypatch.setattr(records, "is_interactive", lambda: True)


def test_a_supervision_date_or_kind_that_cannot_be_read_is_asked_again(kj, in_a_terminal):
    replies = ["blursday", ago(3), "weekly", "peer", "A colleague", "wellbeing, support",
               "support", "A quiet talk.", "Take my break.", ""]
    result = kj("supervision", "record", input="\n".join(replies) + "\n")
    out = result.stdout
    assert "Could not read 'blursday' as a date." in out
    assert "'weekly' is not a kind of session" in out
    assert "'wellbeing' is not a function of supervision" in out
    assert out.count("When was it?") == 2 and out.count("What kind:") == 2
    assert "Recorded supervision session 1" in out
    [session] = kj.json("supervision", "history")
    assert (session["date"], session["kind"], session["functions"]) == (ago(3), "peer",
                                                                        ["support"])
    assert [action["text"] for action in session["actions"]] == ["Take my break."]


def test_a_record_field_that_cannot_be_used_is_asked_again_by_its_label(kj, in_a_terminal):
    kj("registration", "nmc", "--renewal", (TODAY + timedelta(days=200)).isoformat())
    replies = ["31/02", ago(5), "blursday", "", "course", "", "Moving and handling",
               "Safer transfers", "three", "3", "5", "1", "", "", "", "", ""]
    result = kj("record", "add", "cpd", input="\n".join(replies) + "\n")
    out = result.stdout
    assert "'31/02' is not a real date." in out
    assert "Could not read 'blursday' as a date." in out
    assert "This one is needed: topic." in out
    assert "'three' is not a number of hours (e.g. 7.5)." in out
    assert "5 is more than the 3 hours of the activity; give 3 or fewer." in out
    for internal in ("start_date", "end_date", "participatory_hours", ".;"):
        assert internal not in out + result.stderr
    assert "Added CPD record 1" in out
    [record] = json.loads(kj("record", "list", "cpd", "--json").stdout)
    assert (record["start_date"], record["topic"], record["hours"],
            record["participatory_hours"]) == (ago(5), "Moving and handling", 3.0, 1.0)


def test_several_problems_given_at_once_read_as_sentences(kj):
    kj("registration", "nmc", "--renewal", (TODAY + timedelta(days=200)).isoformat())
    result = kj("record", "add", "cpd", "--set", "start_date=31/02", "--set",
                "end_date=blursday", "--set", "topic=x", "--hours", "three", expect=2)
    line = result.stderr.strip()
    assert ".;" not in line and "; end_date" not in line
    assert "start_date: '31/02' is not a real date. end_date: Could not read" in line
    assert line.endswith("'three' is not a number of hours (e.g. 7.5).")


def _input_then_ctrl_c(monkeypatch, *replies: str) -> None:
    waiting = list(replies)

    def typed(prompt: str = "") -> str:
        print(prompt, end="")
        if not waiting:
            raise KeyboardInterrupt
        return waiting.pop(0)

    monkeypatch.setattr("builtins.input", typed)


@pytest.mark.parametrize("args", [("supervision", "record"), ("record", "add", "cpd")])
def test_ctrl_c_at_a_question_says_nothing_was_saved(kj, in_a_terminal, monkeypatch, args):
    kj("registration", "nmc", "--renewal", (TODAY + timedelta(days=200)).isoformat())
    _input_then_ctrl_c(monkeypatch, ago(2))
    result = kj(*args, expect=130)
    assert result.stderr == "\nStopped; nothing was saved.\n"
    assert kj.json("supervision", "history") == []
    assert json.loads(kj("record", "list", "cpd", "--json").stdout) == []


def test_ctrl_c_at_a_typer_question_is_the_same_line_not_aborted(kj, monkeypatch):
    """typer.prompt and typer.confirm turn Ctrl-C into Abort ('Aborted!' in Click's words)."""
    kj("note", "A quiet shift.")

    def interrupted(*_args, **_kwargs):
        try:
            raise KeyboardInterrupt
        except KeyboardInterrupt:
            raise typer.Abort() from None

    monkeypatch.setattr(typer, "confirm", interrupted)
    monkeypatch.setattr("kindjournal.commands.tend.is_interactive", lambda: True)
    result = kj("delete", "1", expect=130)
    assert result.stderr == "\nStopped; nothing was saved.\n"
    assert "Aborted" not in result.stdout + result.stderr
    assert len(kj.json("list")) == 1


def test_end_of_input_at_a_question_still_says_nothing_more_was_read(kj, in_a_terminal):
    result = kj("supervision", "record", input=f"{ago(2)}\n", expect=1)
    assert "Stopped; nothing more was read." in result.stderr
    assert kj.json("supervision", "history") == []


# -- supervision screens at 80 columns ---------------------------------------------------


def test_history_columns_never_run_together_and_notes_wrap_between_words(kj):
    for days, note in ((9, "Feeling steadier. " * 8), (2, "Short.")):
        kj("supervision", "record", "--date", ago(days), "--kind", "managerial",
           "--note", note.strip(), "--action", "Ask for a rota change.", "--action",
           "Take my break.")
    lines = kj("supervision", "history").stdout.splitlines()
    assert all(len(line) <= 80 for line in lines)
    assert "2, 2 open  Feeling steadier." in "\n".join(lines)
    first = next(index for index, line in enumerate(lines) if "Feeling" in line)
    column = lines[first].index("Feeling")
    assert lines[first + 1].startswith(" " * column + "Feeling")  # a hanging indent
    from kindjournal.trends.supervision_text import format_history

    rows = kj.json("supervision", "history")
    narrow = format_history(rows, 50)
    assert all(len(line) <= 50 for line in narrow)
    assert any(line.strip().startswith("Feeling steadier.") for line in narrow)


def test_the_preparation_lists_each_action_once_with_its_number(kj):
    kj.add({"date": ago(5), "answers": {"forward": "Take my break before 2pm."}},
           {"date": ago(4), "answers": {"forward": "Ask about the rota."}})
    kj("actions", "done", "1", "--note", "Managed it twice")
    out = kj("supervision").stdout
    flat = " ".join(out.split())
    assert flat.count("Take my break before 2pm.") == 1
    assert "1. Take my break before 2pm. — Managed it twice (from your shift on" in flat
    assert "2. Ask about the rota. (from your shift on" in flat
    assert "Close one with 'kj actions done N' (N is its number above)." in flat
    from kindjournal.trends.supervision_html import render_page

    assert render_page(kj.json("supervision")).count("Take my break before 2pm.") == 1


def test_kj_support_on_its_own_speaks_of_no_patterns_it_never_showed(kj):
    out = kj("support", "--nation", "england").stdout
    assert "pattern" not in out.lower()
    assert "Your supervisor or manager: talk over what is weighing on you" in " ".join(
        out.split())
    from kindjournal.trends import support

    sustained = [{"kind": "sustained-high", "signal": "exhaustion"}]
    beside_signs = support.signposting({}, sustained, "england")["people"]
    assert any("bring these patterns" in line for line in beside_signs)


def test_the_portfolio_page_is_not_poured_into_a_terminal(kj, monkeypatch):
    kj("registration", "nmc", "--renewal", (TODAY + timedelta(days=200)).isoformat())
    hint = " ".join(kj("revalidation").stdout.split())
    assert "'kj portfolio -o portfolio.html' writes what you have so far to a page." in hint
    assert "still to open or finish" not in hint and "Still to do: " in hint
    monkeypatch.setattr("kindjournal.commands.revalidation._to_a_terminal", lambda: True)
    refused = kj("portfolio", expect=2)
    assert refused.stdout == "" and "<html" not in refused.stderr
    assert refused.stderr.strip() == (
        "kj: The portfolio page is for a browser: add -o portfolio.html to write it to a "
        "file, or --format markdown to read it here.")
    assert "<" not in kj("portfolio", "--format", "markdown").stdout.split("\n")[0]


# -- one word for one thing, and lines broken between words ------------------------------


def test_supervision_and_records_say_trash_and_check_in_rating(kj):
    kj("registration", "nmc", "--renewal", (TODAY + timedelta(days=200)).isoformat())
    kj("supervision", "record", "--date", ago(3), "--note", "A talk.")
    assert "to the trash." in kj("supervision", "delete", "1").stdout
    assert len(kj.json("supervision", "history", "--trash")) == 1
    kj("record", "add", "feedback", "--date", ago(2), "--set", "source=A colleague")
    assert "to the trash." in kj("record", "delete", "feedback", "1").stdout
    assert "in the trash" in kj("record", "list", "--trash").stdout
    for args in (("supervision", "--help"), ("supervision", "choose", "--help"),
                 ("supervision", "history", "--help"), ("record", "delete", "--help")):
        shown = " ".join(kj(*args).stdout.split())
        assert "signal" not in shown.lower() and " bin" not in shown, args
    chosen = " ".join(kj("supervision", "choose").stdout.split())
    assert "Check-in ratings you can choose: exhaustion" in chosen
    assert "signal" not in chosen.lower()
    assert "To record how often you meet, run 'kj supervision agreement --every 4'" in " ".join(
        kj("supervision", "history", "--trash").stdout.split() + kj(
            "supervision", "history").stdout.split())


def test_long_questions_and_registration_lines_break_between_words(kj, monkeypatch):
    import sys

    from kindjournal.journal.record_kinds import KINDS
    from kindjournal.screens.questions import question_prompt

    impact = KINDS["cpd"].field("impact").question
    # A context, not monkeypatch.undo(): undo would also take back the autouse fixture's
    # KJ_HOME, and the commands below would then use the real user's data folder.
    with monkeypatch.context() as patched:
        patched.setattr(sys.stdout, "isatty", lambda: True, raising=False)
        lines = question_prompt(impact).split("\n")
    assert len(lines) == 2 and all(len(line) <= 79 for line in lines)
    assert lines[1].startswith("  ") and " ".join(" ".join(lines).split()) == impact
    kj("registration", "nmc", "--renewal", (TODAY + timedelta(days=200)).isoformat())
    listed = kj("registration").stdout.splitlines()
    assert all(len(line) <= 80 for line in listed)
    assert any(line.startswith(" " * 23 + "checked") or line.endswith("checked")
               for line in listed)
