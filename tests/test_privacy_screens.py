"""Issue 12, finding 1: nothing a person typed, imported or received in a pack can run
as a terminal control sequence on any screen kj prints (plain, Rich, previews,
exports printed to the screen), and 'kj prompts check' refuses such packs."""

from __future__ import annotations

import json

import pytest
from privacy_run import kj_run

# Set the window title, write the clipboard (OSC 52), a hyperlink, clear the screen,
# move the cursor, and 'conceal' around a name; an 8-bit CSI (0x9b) too.
HOSTILE = ("Hidden \x1b[8mMrs Quill\x1b[28m here \x1b]52;c;aGk=\x07 and \x1b]0;title\x07 "
           "\x1b]8;;http://x.invalid\x1b\\link\x1b]8;;\x1b\\ \x1b[2J\x1b[H \x9b31m red")
RAW = ("\x1b[8m", "\x1b]", "\x1b[2J", "\x1b[H", "\x9b", "\x07")


def _assert_shown_not_run(output: str) -> None:
    for sequence in RAW:
        assert sequence not in output, f"{sequence!r} reached the screen"


@pytest.fixture
def hostile_journal(tmp_path):
    entry = {"date": "2026-11-02", "pack": "after-shift", "share": True, "supervision": True,
             "tags": ["ward\x1b]0;t\x07"],
             "checkin": {"exhaustion": 2},
             "answers": {"agency": HOSTILE, "forward": "Ask about \x1b]52;c;aGk=\x07 rota"}}
    kj_run("reflect", "--from", "-", input=json.dumps(entry))
    jrnl = {"tags": {}, "entries": [{"date": "2026-11-03", "time": "09:00", "title": "Shift",
                                     "body": "From jrnl \x1b]0;pwned\x07 text", "tags": [],
                                     "starred": False}]}
    path = tmp_path / "jrnl.json"
    path.write_text(json.dumps(jrnl))
    kj_run("import", str(path))
    return tmp_path


COMMANDS = [
    ("list",), ("show", "1"), ("show", "2"), ("search", "Hidden"), ("search", "ward"),
    ("trends", "--since", "2026-10-01", "--until", "2026-11-20"),
    ("supervision", "--since", "2026-10-01"), ("actions",),
    ("export", "--format", "markdown"), ("export", "--format", "csv"),
    ("export", "--format", "html"), ("export", "--format", "nmc"),
    ("export", "--for-group", "--preview"), ("export", "--preview"),
]


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_control_sequences_are_shown_never_run(hostile_journal, args):
    result = kj_run(*args, expect=None)
    _assert_shown_not_run(result.output)


def test_the_concealed_name_is_visible_in_the_group_preview(hostile_journal):
    result = kj_run("export", "--preview")
    assert "␛[8m" in result.stdout and "Mrs Quill" in result.stdout


def test_prompts_show_shows_a_packs_escape_and_check_refuses_it(isolated_home):
    pack = isolated_home.parent / "mine.toml"
    kj_run("prompts", "new", "mine")
    made = next(isolated_home.rglob("mine.toml"))
    text = made.read_text().replace('description = "', 'description = "\\u001b]0;t\\u0007', 1)
    made.write_text(text)
    shown = kj_run("prompts", "show", "mine", expect=None)
    _assert_shown_not_run(shown.output)
    pack.write_text(text)
    checked = kj_run("prompts", "check", str(pack), expect=None)
    assert checked.exit_code != 0 and "control character" in checked.output


def test_list_never_cuts_a_sequence_in_half(isolated_home):
    long_first = "x" * 70 + "\x1b]52;c;" + "QUJD" * 10 + "\x07"
    kj_run("reflect", "--from", "-", input=json.dumps(
        {"date": "2026-11-02", "answers": {"agency": long_first}}))
    out = kj_run("list").stdout
    assert "\x1b" not in out


def test_one_filter_keeps_length_and_shows_every_control():
    from kindjournal.text import terminal_line, visible

    text = "a\x1b[8mb\x07\x9b\u202ec\nd"
    assert len(visible(text)) == len(text) and "\x1b" not in visible(text)
    assert "\n" in visible(text) and "\n" not in visible(text, one_line=True)
    assert terminal_line("\x1b[1mhead\x1b[0m \x1b[8mx") == "\x1b[1mhead\x1b[0m ␛[8mx"


@pytest.mark.parametrize("args", [("record", "list"), ("revalidation",),
                                  ("portfolio", "--format", "markdown")], ids=" ".join)
def test_revalidation_screens_show_control_sequences(isolated_home, args):
    kj_run("record", "add", "cpd", "--date", "2026-11-02", "--hours", "2",
           "--set", "topic=Falls \x1b]52;c;aGk=\x07 training",
           "--set", "learned=\x1b[8mhidden\x1b[28m")
    result = kj_run(*args, expect=None)
    _assert_shown_not_run(result.output)
