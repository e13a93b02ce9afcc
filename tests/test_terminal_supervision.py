"""Supervision both ways in a real terminal (tmux, 80x24, NO_COLOR=1): a session recorded
question by question with two agreed actions, one closed in 'kj actions', then the next
preparation asking how they went, and again with detachment hidden."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from terminal import flat, looks_right

pytestmark = [pytest.mark.tmux, pytest.mark.slow]


def test_agreed_actions_come_back_at_the_next_preparation(terminal, kj):
    kj.add({"date": (date.today() - timedelta(days=2)).isoformat(), "supervision": True,
            "checkin": {"exhaustion": 2, "detachment": 3},
            "answers": {"person": "A family who waited all night."}})
    when = (date.today() - timedelta(days=12)).isoformat()
    terminal.run("supervision", "record")
    looks_right(terminal.wait_for("When was it?"))
    terminal.type(when)
    terminal.wait_for("What kind")
    terminal.type("clinical")
    terminal.wait_for("name or role")
    terminal.type("Ward sister")
    terminal.wait_for("What did it serve")
    terminal.type("support, learning")
    terminal.wait_for("A few words")
    terminal.type("Talked about nights.")
    terminal.wait_for("One action a line")
    terminal.type("Ask for a debrief after hard shifts.")
    terminal.type("Book the moving and handling refresher.")
    terminal.type("")
    screen = looks_right(terminal.wait_for("with 2 agreed actions"))
    assert "Recorded supervision session 1" in screen

    code, screen = terminal.run_to_end("actions")
    assert code == 0 and "agreed in supervision" in looks_right(screen)
    code, _ = terminal.run_to_end("actions", "done", "1", "--note", "It helped.")
    assert code == 0

    code, _ = terminal.run_to_end("supervision")
    assert code == 0
    whole = terminal.history()
    looks_right(whole)
    text = flat(whole)
    assert "you agreed to:" in text
    assert "Book the moving and handling refresher: how did it go? (action 2)" in text
    assert "Ask for a debrief after hard shifts (done" in text
    assert "Detachment" in text

    code, _ = terminal.run_to_end("supervision", "--hide", "detachment")
    assert code == 0
    hidden = terminal.history().split("Getting ready for supervision")[-1]
    looks_right(hidden)
    assert "Detachment" not in hidden and "Left out for this run: detachment." in flat(hidden)
