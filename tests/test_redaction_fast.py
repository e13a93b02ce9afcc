"""The identifier scan skips each pattern that a cheap test shows cannot find anything
(issue 17: 'kj reflect --from' checks every answer). Skipping must never change what is
found: the quick scan is compared with every pattern run, on the corpora's sentences and
on random text built from their words, digits, punctuation and awkward characters."""

from __future__ import annotations

import re
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st
from redaction_corpus import IDENTIFIERS, NAMES, ORDINARY
from test_redaction import CAUGHT, LEFT_ALONE
from test_redaction import NAMES as MORE_NAMES

from kindjournal.redaction import _find, find_in_each

TODAY = date(2026, 11, 20)
SENTENCES = [text for _kind, text, _parts in IDENTIFIERS] + [text for _kind, text in ORDINARY] \
    + [text for text, _redacted in CAUGHT] + LEFT_ALONE \
    + ["Hosp no 12345 came back.", "Her bed was by the window; the ward round ran late.",
       "She was 1.4.1947, he was 3-5-1939.", "Ring 020-7946-0018 or (0161) 496.0000.",
       "Born March 5, 1939.", "I saw her 14th July 1952.", "It said May. 1950 on it.",
       "Noted 3 of June  1941.", "Dated May 12th, 1940.", "4 Old Mill Farm Lane",
       "Hospital  number :  AB1234 and Patient no. X12345.",
       "Back to The Vicarage.", "Then to Elm Farm and Rose Bungalow.",
       "flat 3, 27 Station Road; she is on Rowan  ward, in Bay C, bed 12b."]
WORDS = sorted({word for text in SENTENCES for word in re.findall(r"[^\W\d_]+['’]?\w*", text)})
ALL_NAMES = sorted({*NAMES, *MORE_NAMES, "Ward", "Bay", "Ivy", "Jo Bloggs"})
# Characters that behave unlike ASCII in patterns: letters re.IGNORECASE reads as s or i,
# other digits and spaces, and the harmless kind (dashes, accents fold() takes off).
ODD = ["ſ", "ı", "İ", "K", "٣", "\u2003", "\u00a0", "—", "’", "é", "Ł", "£", "…"]
OTHER_DIGITS_AND_SPACES = str.maketrans("0123456789 ", "٠١٢٣٤٥٦٧٨٩\u2003")
PIECES = st.one_of(
    st.sampled_from(WORDS),
    st.sampled_from(WORDS).map(str.upper),
    st.sampled_from(WORDS).map(str.lower),
    st.sampled_from(WORDS).map(lambda word: word.replace("s", "ſ").replace("i", "ı")),
    st.integers(0, 10**11).map(str),
    st.sampled_from([" ", " ", " ", "  ", "\n", ". ", ", ", "-", "/", ".", "@", "(", ")",
                     "[", "]", "+", ":", "#", "'", "`", "0", "44", "1950", "st", "dot",
                     "at"]),
    st.sampled_from(ODD),
)
TEXTS = st.lists(PIECES, max_size=40).map("".join)


def same(text: str, names: list[str]) -> None:
    assert _find(text, names, TODAY, quick=True) == _find(text, names, TODAY, quick=False)


def test_the_corpus_sentences_are_found_the_same_either_way():
    for names in (NAMES, MORE_NAMES, []):
        for text in SENTENCES:
            same(text, names)
            same(f"{text} {text.upper()} {text.lower()}", names)
            same(text.replace("s", "ſ").replace("i", "ı"), names)
            same(text.translate(OTHER_DIGITS_AND_SPACES), names)


@settings(max_examples=1500, deadline=None)
@given(TEXTS, st.lists(st.sampled_from(ALL_NAMES), max_size=4, unique=True))
def test_random_text_is_found_the_same_either_way(text, names):
    same(text, names)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=6), st.lists(PIECES,
                                                                              max_size=6))
def test_sentences_run_together_are_found_the_same_either_way(sentences, extra):
    same(" ".join(sentences) + "".join(extra), NAMES)


def alone(texts: list[str], names: list[str]) -> list[list]:
    return [_find(text, names, TODAY, quick=False) for text in texts]


# Texts whose end or start would change what is found beside another, were anything
# read across the join: an event word before a long-past date, a title before a name,
# a place word before a letter or number, a name split in two, words of an address.
NEIGHBOURS = ["She retired in", "3/4/1950 she was born.", "Dr", "Smith came.", "ward",
              "B12 1st", "bed", "4 was empty.", "Jo", "Bloggs", "12 Elm", "Street",
              "born", "12 March 1950", "ring 07700", "900123", "Rowan", "Ward", "",
              # fold() leaves a backtick in ASCII text, and makes it ' in any other
              "Saw `Ann today", "café", "Saw O`Neil today", "Mrs O`Brien came", "naïve"]


def test_texts_scanned_together_are_found_as_if_scanned_alone():
    """find_in_each scans an entry's answers joined (issue 17): what it finds in each
    must be exactly what a scan of that answer alone finds, never more nor less."""
    for names in (NAMES, ["Jo Bloggs", "Ann", "O'Neil"], []):
        assert find_in_each(NEIGHBOURS, names, TODAY) == alone(NEIGHBOURS, names)
        for first in NEIGHBOURS:
            for second in NEIGHBOURS:
                assert find_in_each([first, second], names, TODAY) \
                    == alone([first, second], names)
        assert find_in_each(SENTENCES, names, TODAY) == alone(SENTENCES, names)
    assert find_in_each([], NAMES, TODAY) == []


@settings(max_examples=500, deadline=None)
@given(st.lists(st.one_of(TEXTS, st.sampled_from(SENTENCES + NEIGHBOURS)), max_size=6),
       st.lists(st.sampled_from(ALL_NAMES), max_size=3, unique=True))
def test_random_texts_scanned_together_are_found_as_if_scanned_alone(texts, names):
    assert find_in_each(texts, names, TODAY) == alone(texts, names)


def test_ordinary_text_compiles_only_the_patterns_its_cheap_tests_ask_for():
    """Compiling every pattern cost ~12 ms in each run that scanned any text (one entry
    through 'kj reflect --from'); each is now compiled when first used."""
    from kindjournal import redaction, redaction_patterns

    redaction_patterns.patterns.cache_clear()
    try:
        text = ("The ward was calm tonight. Mrs Patel's family brought cake, and I took my "
                "break on time. By the end I felt tired but settled.")
        assert [f.kind for f in redaction.find_identifiers(text)] == ["titled_name"]
        compiled = redaction_patterns.patterns()
        used = set(compiled.sources) & set(compiled)
        assert "_TITLED" in used and "_DOB_AFTER_KEYWORD" not in used
        assert len(used) <= 8, sorted(used)
    finally:
        redaction_patterns.patterns.cache_clear()
