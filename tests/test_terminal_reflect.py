"""kj reflect in a real terminal: answer, press Ctrl-C, come back, resume, finish."""

from __future__ import annotations

import json
import subprocess

import pytest
from terminal import kj_command

pytestmark = [pytest.mark.tmux, pytest.mark.slow]


def test_ctrl_c_then_resume_in_a_real_terminal(terminal, isolated_home):
    terminal.run("reflect", "--shift", "night")
    terminal.wait_for("How drained do you feel")
    for rating in ["3", "1", "2", "2", "3", "3", "2", "1", "2"]:
        terminal.type(rating)
    screen = terminal.wait_for("1 of 7")
    assert "Press Enter on an empty line to finish" in terminal.history()
    terminal.type("I sat with someone who could not sleep.")
    terminal.type("")
    terminal.wait_for("2 of 7")
    terminal.type("Being calm for them mattered more than the jobs.")
    terminal.type("")
    terminal.wait_for("3 of 7")
    terminal.type("Half a thought")
    # kj's next "> " shows it read (and saved) the line; Ctrl-C before that would
    # let the terminal throw the unread line away (a race on a busy machine).
    terminal.wait_for("> Half a thought\n>")
    terminal.keys("C-c")
    screen = terminal.wait_for("saved as a draft")
    assert "Traceback" not in screen

    terminal.run("reflect")
    screen = terminal.wait_for("Carry on with it?")
    assert "2 of 7 prompts answered, 1 started" in " ".join(screen.split())
    terminal.type("y")
    screen = terminal.wait_for("3 of 7")
    assert "How drained" not in screen  # the check-in is not asked again
    assert "Half a thought" in terminal.history()
    terminal.type("and the rest of it.")
    terminal.type("")
    for _ in range(3):  # skip prompts 4 to 6
        terminal.type("")
    terminal.wait_for("7 of 7")
    terminal.type("Ask about a debrief.")
    terminal.type("")
    terminal.wait_for("Tags, with commas")
    terminal.type("nights")
    screen = terminal.wait_for("Reflection kept")
    assert "Saved as entry #1" in screen
    for line in screen.splitlines():
        assert len(line) <= 80

    shown = subprocess.run([*kj_command(), "show", "1", "--json"], capture_output=True,
                           text=True, check=True, env={**terminal.env, "PATH": "/usr/bin:/bin"})
    entry = json.loads(shown.stdout)
    assert entry["status"] == "complete"
    assert entry["shift"] == "night"
    assert entry["checkin"]["exhaustion"] == 3 and entry["checkin"]["support"] == 1
    answers = [answer["answer"] for answer in entry["answers"]]
    assert answers == [
        "I sat with someone who could not sleep.",
        "Being calm for them mattered more than the jobs.",
        "Half a thought\nand the rest of it.",
        "Ask about a debrief.",
    ]
    assert entry["actions"][0]["text"] == "Ask about a debrief."
    assert entry["tags"] == ["nights"]
