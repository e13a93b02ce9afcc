"""A tired person's night with kj, in a real terminal (tmux, 80x24, NO_COLOR=1), for
issue 15: the one action question, two minutes after a heavy night shift broken off
with Ctrl-C, resumed next morning, a one-line note, and a long screen in the pager.
"""

from __future__ import annotations

import shutil
import time
from datetime import date, timedelta

import pytest
from terminal import Terminal, looks_right

pytestmark = [pytest.mark.tmux, pytest.mark.slow]

HEAVY = ["4", "3", "4", "1", "1", "1", "1", "1", "1"]  # a night that weighed


def test_a_tired_night_in_a_real_terminal(terminal, kj):
    today = date.today()
    # An action from three nights ago, and one from today's shift (after the one being
    # written up, so never asked about tonight).
    kj.add({"date": (today - timedelta(days=3)).isoformat(),
            "answers": {"forward": "Take my break away from the ward."}},
           {"date": today.isoformat(), "answers": {"forward": "Ring the pharmacy."}})

    # 1. Two minutes after a long night: one action question, then the check-in.
    terminal.run("reflect", "--short", "--date", "yesterday", "--shift", "night")
    screen = looks_right(terminal.wait_for("Did it happen?"))
    assert "Take my break" in screen and "Ring the pharmacy" not in screen
    terminal.type("d")
    screen = looks_right(terminal.wait_for("How drained"))
    assert "Well done. Marked as done." in screen
    assert "1 other open action" in screen
    for rating in HEAVY:
        terminal.type(rating)
    looks_right(terminal.wait_for("Mark it to bring to supervision?"))
    terminal.type("y")
    screen = looks_right(terminal.wait_for("1 of 2"))
    assert "What is weighing on you most" in screen and "Type 'later'" in screen
    terminal.type("The family arrived too late to say goodbye.")
    terminal.wait_for("> The family arrived too late to say goodbye.\n>")
    terminal.keys("C-c")  # too tired to go on
    looks_right(terminal.wait_for("saved as a draft"))

    # 2. Next morning: carry on where it stopped; nothing is asked twice.
    terminal.run("reflect")
    screen = looks_right(terminal.wait_for("Carry on with it?"))
    assert "9 check-in ratings, 0 of 2" in " ".join(screen.split())
    terminal.type("y")
    screen = looks_right(terminal.wait_for("1 of 2"))
    assert "How drained" not in screen and "Did it happen?" not in screen
    assert "The family arrived too late" in terminal.history()
    terminal.type("")
    terminal.wait_for("2 of 2")
    terminal.type("Ask for a debrief after deaths on nights.")
    terminal.type("")
    screen = looks_right(terminal.wait_for("Reflection kept"))
    assert "Saved as entry #3" in screen and "Tags, with commas" not in screen

    # 3. The next night, only a line.
    code, screen = terminal.run_to_end("note", "Quieter night. Slept at last.", "--tag", "rest")
    assert code == 0 and "Noted for" in looks_right(screen)
    code, screen = terminal.run_to_end("list")
    assert code == 0
    listing = looks_right(screen)
    assert "Quieter night" in listing and "The family arrived" in listing
    entry = kj.json("show", "3")
    assert entry["supervision"] is True and entry["pack"] == "what-now"


@pytest.mark.skipif(shutil.which("less") is None, reason="less is not installed")
def test_a_long_screen_opens_in_the_pager_and_q_leaves_it(isolated_home, kj):
    kj("--db", str(isolated_home / "journal.db"), "demo")
    term = Terminal({"KJ_HOME": str(isolated_home), "PAGER": "less"})
    try:
        term.run("supervision")
        deadline = time.monotonic() + 30
        while term.screen().rstrip("\n").splitlines()[-1:] != [":"]:  # less's prompt
            assert time.monotonic() < deadline, term.screen()
            time.sleep(0.05)
        screen = looks_right(term.screen())
        assert len(screen.splitlines()) == 24  # one screenful, the rest waits in less
        term.keys("q")
        code, _screen = term.run_to_end("where")
        assert code == 0
    finally:
        term.close()
