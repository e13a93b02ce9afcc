"""A person's first week with kj, in a real terminal (tmux, 80x24, NO_COLOR=1).

First run with no journal, a reflection, a reflection broken off with Ctrl-C and
resumed, then list, search, trends and a group-export preview: the screen is read
after every step, and no line may pass 80 columns or show a traceback.
"""

from __future__ import annotations

import pytest
from terminal import flat, looks_right

pytestmark = [pytest.mark.tmux, pytest.mark.slow]

LOW_STRAIN = ["1", "0", "1", "3", "3", "3", "3", "3", "3"]  # no hard-day offer after these


def test_a_first_week_in_a_real_terminal(terminal, isolated_home):
    # 1. First run: no journal yet.
    code, screen = terminal.run_to_end("list")
    assert code == 0
    assert "No entries yet" in looks_right(screen)

    # 2. A whole reflection after a night shift.
    terminal.run("reflect", "--date", "yesterday")
    looks_right(terminal.wait_for("Which shift?"))
    terminal.type("night")
    terminal.wait_for("How drained")
    for rating in LOW_STRAIN:
        terminal.type(rating)
    looks_right(terminal.wait_for("1 of 7"))
    terminal.type("A man who waited all night for his daughter to call.")
    terminal.type("")
    for number in range(2, 7):
        terminal.wait_for(f"{number} of 7")
        terminal.type("")  # skipped
    terminal.wait_for("7 of 7")
    terminal.type("Ask for a debrief after the next hard night.")
    terminal.type("")
    terminal.wait_for("Tags, with commas")
    terminal.type("nights, family")
    screen = looks_right(terminal.wait_for("Reflection kept"))
    assert "Saved as entry #1" in screen

    # 3. The next one is broken off with Ctrl-C half-way through an answer ...
    terminal.run("reflect", "--shift", "day")
    screen = looks_right(terminal.wait_for("Did it happen?"))
    assert "Ask for a debrief" in screen
    terminal.type("n")
    terminal.wait_for("Kept on your list")
    terminal.wait_for("How drained")
    for rating in LOW_STRAIN:
        terminal.type(rating)
    terminal.wait_for("1 of 7")
    terminal.type("The handover was calm today.")
    # kj's next "> " shows it read (and saved) the line; Ctrl-C before that would
    # let the terminal throw the unread line away (a race on a busy machine).
    terminal.wait_for("> The handover was calm today.\n>")
    terminal.keys("C-c")
    looks_right(terminal.wait_for("saved as a draft"))

    # ... and resumed: the check-in is not asked again, the answer carries on.
    terminal.run("reflect")
    screen = looks_right(terminal.wait_for("Carry on with it?"))
    assert "unfinished reflection" in flat(screen)
    terminal.type("y")
    screen = looks_right(terminal.wait_for("1 of 7"))
    assert "How drained" not in screen
    assert "The handover was calm today." in terminal.history()
    terminal.type("Everyone had time for a tea.")
    terminal.type("")
    for number in range(2, 8):
        terminal.wait_for(f"{number} of 7")
        terminal.type("")
    terminal.wait_for("Tags, with commas")
    terminal.type("handover")
    screen = looks_right(terminal.wait_for("Reflection kept"))
    assert "Saved as entry #2" in screen

    # 4. Reading back.
    code, screen = terminal.run_to_end("list")
    assert code == 0
    listing = looks_right(screen)
    assert "A man who waited" in listing and "The handover was calm" in listing
    assert "draft" not in listing

    code, screen = terminal.run_to_end("search", "tea")
    assert code == 0
    assert "#2" in looks_right(screen) and "tea" in screen

    code, screen = terminal.run_to_end("trends")
    assert code == 0
    looks_right(screen)
    assert "Signs worth noticing" in terminal.history() or "Trends" in terminal.history()

    # 5. What a group would see.
    code, screen = terminal.run_to_end("export", "--for-group", "--preview")
    assert code in (0, 1)
    looks_right(screen)
