"""Issue 13 in a real terminal (tmux, 80x24, NO_COLOR=1): a nurse from an empty journal
to a complete portfolio, and a social worker to two CPD records with peer reflection.
The screen is read after every step; no line may pass 80 columns or show a traceback."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from test_terminal_journey import LOW_STRAIN, flat, looks_right

pytestmark = [pytest.mark.tmux, pytest.mark.slow]


def day(days_ago: int) -> str:
    return (date.today() - timedelta(days=days_ago)).isoformat()


def in_this_swe_year(days_ago: int) -> str:
    """A day at most days_ago back, inside Social Work England's CPD year (1 Dec-30 Nov),
    so the test counts the same whatever day it runs on."""
    today = date.today()
    start = date(today.year if today.month == 12 else today.year - 1, 12, 1)
    return max(start, today - timedelta(days=days_ago)).isoformat()


def done(terminal, *args: str) -> str:
    code, screen = terminal.run_to_end(*args)
    assert code == 0, screen
    return looks_right(screen)


def test_a_nurse_from_an_empty_journal_to_a_complete_portfolio(terminal, tmp_path):
    code, screen = terminal.run_to_end("revalidation")
    assert code == 2 and "kj registration nmc --renewal" in flat(looks_right(screen))
    renewal = (date.today() + timedelta(days=45)).isoformat()
    assert "applies to you" in done(terminal, "registration", "nmc", "--renewal", renewal)

    # Practice hours with flags; one CPD activity asked field by field.
    done(terminal, "record", "add", "hours", "--date", day(200), "--hours", "460",
         "--set", "organisation=Community trust", "--set", "setting=District nursing")
    terminal.run("record", "add", "cpd")
    replies = {"When it took place": day(30), "Last day": "", "What kind of learning":
               "Study day", "The topic": "Pressure care", "Why it matters": "Many of my "
               "patients are in bed", "Hours spent": "20", "Of those": "12",
               "The part of your code": "Preserve safety", "What shows": "Certificate",
               "What you learned": "Check heels at every visit", "The difference":
               "Fewer sores", "If you talked": ""}
    for question, reply in replies.items():
        looks_right(terminal.wait_for(question))
        terminal.type(reply)
    assert "Added CPD record 1" in looks_right(terminal.wait_for("where you are"))
    done(terminal, "record", "add", "cpd", "--date", day(20), "--hours", "15",
         "--participatory", "8", "--set", "topic=Wound care update")
    for number in range(5):
        done(terminal, "record", "add", "feedback", "--date", day(40 + number),
             "--set", "source=A colleague", "--set", "content=Kind words")

    # One account written in the terminal, with the Code's themes picked by number.
    terminal.run("reflect", "--pack", "nmc-account", "--date", "yesterday", "--shift", "day")
    terminal.wait_for("How drained")
    for rating in LOW_STRAIN:
        terminal.type(rating)
    # Wait for the last choice, not the panel's title: the choices are printed after it.
    screen = looks_right(terminal.wait_for("3. An event or experience"))
    assert "1 of 5" in screen and "1. CPD" in screen
    terminal.type("1")
    terminal.type("")
    terminal.wait_for("2 of 5")
    terminal.type("A study day on pressure care with the district team.")
    terminal.type("")
    terminal.wait_for("3 of 5")
    terminal.type("Heels need checking at every single visit.")
    terminal.type("")
    screen = looks_right(terminal.wait_for("4. Promote professionalism and trust"))
    assert "4 of 5" in screen
    terminal.type("9")
    looks_right(terminal.wait_for("numbers from 1 to 4"))
    terminal.type("2 3 It keeps people safe from harm.")
    terminal.type("")
    terminal.wait_for("5 of 5")
    terminal.type("I check heels at every visit now.")
    terminal.type("")
    terminal.wait_for("Tags, with commas")
    terminal.type("")
    screen = looks_right(terminal.wait_for("Reflection kept"))
    assert "in 45 days; still to do" in flat(terminal.wait_for("'kj revalidation' shows"))

    # Four more accounts from a file, the discussion, declarations and confirmation.
    accounts = tmp_path / "accounts.json"
    accounts.write_text(json.dumps([
        {"date": day(10 + n), "pack": "nmc-account",
         "answers": {"about": about, "activity": "An invented account.", "learned": "Much.",
                     "code": "Prioritise people\nPeople first.", "changed": "A new habit."}}
        for n, about in enumerate(["Feedback", "Feedback", "An event or experience", "CPD"])]))
    done(terminal, "reflect", "--from", str(accounts))
    done(terminal, "record", "add", "discussion", "--date", day(3),
         "--set", "partner_name=Sam Carer", "--set", "partner_pin=12A3456E")
    done(terminal, "registration", "nmc", "--declare", "health-character",
         "--declare", "indemnity")
    done(terminal, "record", "add", "confirmation", "--date", day(1),
         "--set", "confirmer_name=Alex Lead")
    screen = done(terminal, "revalidation")
    assert "Everything is in place" in screen and "○" not in screen
    assert "5 of 5 written reflective accounts — two on CPD, two on feedback, one on an" \
        in flat(screen)

    portfolio = tmp_path / "portfolio.html"
    assert "Wrote your portfolio" in done(terminal, "portfolio", "-o", str(portfolio))
    page = portfolio.read_text()
    assert page.count('<section class="account">') == 5
    assert "☑ Preserve safety" in page and "Sam Carer" in page


def test_a_social_worker_to_two_cpd_records_with_peer_reflection(terminal):
    done(terminal, "registration", "social-work-england")
    screen = done(terminal, "revalidation")
    assert "0 of 2 CPD records, 0 of 1 with peer reflection" in screen
    done(terminal, "record", "add", "cpd", "--date", in_this_swe_year(60),
         "--set", "method=Reading", "--set", "topic=Research on kinship care",
         "--set", "learned=Grandparents carry hidden costs.",
         "--set", "impact=I ask about money sooner.")
    terminal.run("record", "add", "cpd")
    for question in ("When it took place", "Last day", "What kind of learning", "The topic",
                     "Why it matters", "Hours spent", "Of those", "The part of your code",
                     "What shows", "What you learned", "The difference", "If you talked"):
        looks_right(terminal.wait_for(question))
        terminal.type({"When it took place": in_this_swe_year(5), "What kind of learning":
                       "Group supervision", "The topic": "Hearing children's views",
                       "If you talked": "A colleague showed me how she uses drawings."}
                      .get(question, ""))
    looks_right(terminal.wait_for("Added CPD record 2"))
    screen = done(terminal, "revalidation")
    assert "✓ 2 of 2 CPD records, 1 of 1 with peer reflection" in screen
    assert "Everything is in place" in screen
    screen = done(terminal, "portfolio", "-f", "markdown")
    assert "What you learned from discussing it with a peer" in flat(terminal.history())
