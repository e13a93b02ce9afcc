"""Issue 15, everyday use after a long shift: the two-minute mode, a one-line note,
actions that do not pile up, and the supervision offer after a heavy check-in.
Each test here fails on 65505f8 (before the issue) and passes after."""

from __future__ import annotations

from datetime import date, timedelta

# The check-in's nine answers: strain first (exhaustion, detachment, dread), then the
# resources (recovery, connection, difference, agency, support, right care).
HEAVY = "4\n3\n4\n1\n1\n1\n1\n1\n1\n"
GOOD = "1\n0\n1\n3\n4\n3\n3\n3\n3\n"
TODAY = date.today()


def _ago(days: int) -> str:
    return (TODAY - timedelta(days=days)).isoformat()


# -- two minutes --------------------------------------------------------------------


def test_short_asks_one_question_for_the_moment_and_one_to_carry_forward(kj):
    out = kj("reflect", "--short", "--shift", "night",
             input=HEAVY + "n\n" + "Too many calls at once\n\nSleep first\n\n").stdout
    assert "What is weighing on you most from this shift?" in out
    assert "1 of 2" in out and "2 of 2" in out and "3 of" not in out
    assert "Tags, with commas" not in out  # two minutes: nothing more is asked
    entry = kj.json("show", "1")
    assert entry["pack"] == "what-now" and entry["status"] == "complete"
    assert [a["text"] for a in entry["actions"]] == ["Sleep first"]


def test_short_after_a_good_shift_asks_what_went_well(kj):
    out = kj("reflect", "--short", "--shift", "day", input=GOOD + "\n\n").stdout
    assert "What went well for you today" in out


def test_later_keeps_a_draft_that_the_next_reflect_finishes(kj):
    out = kj("reflect", "--short", "--shift", "night", input=GOOD + "later\n").stdout
    assert "Kept as a draft" in out
    assert kj.json("list")[0]["status"] == "draft"
    out = kj("reflect", input="\nA calm handover\n\nAsk for help earlier\n\n").stdout
    assert "unfinished reflection" in out and "Rate each" not in out
    entry = kj.json("show", "1")
    assert entry["status"] == "complete"
    assert entry["answers"][0]["answer"] == "A calm handover"


def test_short_is_not_mixed_with_quick_or_a_pack(kj, journal_file):
    assert "--short has its own" in kj("reflect", "--short", "--quick", expect=2).stderr
    assert "--short has its own" in kj("reflect", "--short", "--pack", "gibbs",
                                       expect=2).stderr
    assert not journal_file.exists()


# -- a note -------------------------------------------------------------------------


def test_note_is_an_entry_that_search_and_trends_see(kj):
    out = kj("note", "Long", "night,", "kept", "going", "--date", "yesterday",
             "--tag", "nights").stdout
    assert "Noted for" in out and "#1" in out
    entry = kj.json("show", "1")
    assert entry["date"] == _ago(1) and entry["tags"] == ["nights"]
    assert entry["answers"][0]["answer"] == "Long night, kept going"
    assert kj.json("search", "kept")[0]["id"] == 1
    report = kj.json("trends")
    assert report["entries"] == 1
    assert report["themes"]["tags"] == [{"tag": "nights", "entries": 1}]


def test_an_empty_note_or_a_future_date_is_refused(kj, journal_file):
    assert "empty" in kj("note", " ", expect=2).stderr
    assert "future" in kj("note", "x", "--date", (TODAY + timedelta(days=3)).isoformat(),
                          expect=2).stderr
    assert not journal_file.exists()


# -- actions ------------------------------------------------------------------------


def _with_actions(kj, *pairs: tuple[int, str]) -> None:
    kj.add(*({"date": _ago(days), "answers": {"forward": text}} for days, text in pairs))


def test_one_question_about_actions_then_a_summary(kj):
    _with_actions(kj, (6, "Drink more water"), (5, "Ask about the rota"), (4, "Take my break"))
    out = kj("reflect", "--quick", "--shift", "day", input="d\n" + "\n" * 10).stdout
    assert out.count("Did it happen?") == 1 and "A short note?" not in out
    assert "Take my break" in out  # the latest one
    assert "Well done. Marked as done." in out
    assert "2 other open actions: 'kj actions' shows them all." in out
    statuses = {a["text"]: a["status"] for a in kj.json("actions", "--all")}
    assert statuses["Take my break"] == "done" and statuses["Drink more water"] == "open"


def test_never_asks_about_an_action_from_a_later_shift(kj):
    _with_actions(kj, (1, "Ring the pharmacy"))
    out = kj("reflect", "--quick", "--shift", "day", "--date", _ago(5),
             input="\n" * 10).stdout
    assert "Did it happen?" not in out


def test_a_kept_action_and_a_let_go_one_are_acknowledged(kj):
    _with_actions(kj, (3, "Ring the pharmacy"))
    assert "Kept on your list" in kj("reflect", "--quick", "--new", "-s", "day",
                                     input="n\n" + "\n" * 10).stdout
    _with_actions(kj, (2, "Write up the fall"))
    assert "Let go." in kj("reflect", "--quick", "--new", "-s", "day",
                           input="x\n" + "\n" * 10).stdout


def test_several_actions_done_at_once_and_done_twice_is_left_alone(kj):
    _with_actions(kj, (6, "One"), (5, "Two"), (4, "Three"), (3, "Four"))
    out = kj("actions", "done", "1", "3-4").stdout
    assert "Marked done: 1. One" in out and "3 actions done" in out
    reviewed = {a["id"]: a["reviewed_at"] for a in kj.json("actions", "--all")}
    out = kj("actions", "done", "1").stdout
    assert "already done" in out and "marked" not in out.lower()
    assert {a["id"]: a["reviewed_at"] for a in kj.json("actions", "--all")} == reviewed
    # One number that is not an action changes nothing.
    assert "No action 99" in kj("actions", "drop", "2", "99", expect=2).stderr
    assert [a["id"] for a in kj.json("actions")] == [2]


def test_old_actions_are_offered_to_be_let_go(kj):
    _with_actions(kj, (60, "Keep taking my break"), (45, "Learn the new pumps"),
                  (2, "Ring the pharmacy"))
    assert "2 have waited over four weeks" in kj("actions").stdout
    out = kj("reflect", "--quick", "-s", "day", input="\n" + "\n" * 10).stdout
    assert "'kj actions drop --stale' lets them go" in out
    out = kj("actions", "drop", "--stale").stdout
    assert "2 actions let go" in out
    assert [a["text"] for a in kj.json("actions")] == ["Ring the pharmacy"]


def test_the_same_action_again_is_kept_once(kj):
    _with_actions(kj, (3, "Keep taking my break."))
    out = kj("reflect", "--new", "--shift", "day",
             input="n\n" + "\n" * 9 + "\n" * 6 + "keep taking my break\n\n\n").stdout
    assert "already on your list" in out
    assert [a["text"] for a in kj.json("actions")] == ["Keep taking my break."]


# -- a heavy check-in ---------------------------------------------------------------


def test_a_heavy_check_in_offers_supervision_too(kj):
    out = kj("reflect", "--quick", "--shift", "night", input=HEAVY + "y\n\n").stdout
    assert "Mark it to bring to supervision?" in out
    assert kj.json("show", "1")["supervision"] is True


def test_an_ordinary_check_in_does_not(kj):
    out = kj("reflect", "--quick", "--shift", "day", input=GOOD + "\n").stdout
    assert "supervision" not in out
