"""The writing rules for prompts that a machine can judge (prompts/README.md has them all).

The tests hold every built-in wording to these rules; 'kj prompts check' passes them on
as advice to people writing their own packs. Plain module: nothing here prints.
"""

from __future__ import annotations

import difflib
import itertools
import re

from kindjournal.reflect.packs import Pack

MAX_WORDS = 30
# Two wordings at least this alike (difflib's ratio, 0 to 1) count as near-identical.
NEAR_IDENTICAL = 0.8

# Words that start an invitation rather than a question.
INVITATIONS = ("Describe", "Name", "Think", "Tell", "Imagine", "Picture", "Write")
# A question that opens with one of these can be answered yes or no: not open.
CLOSED_OPENINGS = frozenset({"did", "do", "does", "is", "are", "was", "were", "have", "has",
                             "had", "can", "could", "would", "will", "should", "shall", "am"})
# Professional or management words a tired reader should not have to translate. Matched
# as word starts, so "escalat" also catches "escalate" and "escalation".
JARGON = ("holistic", "stakeholder", "leverage", "outcomes", "intervention", "attunement",
          "therapeutic", "alliance", "depersonalisation", "compliance", "paradigm",
          "deliverable", "best practice", "patient-centred", "person-centred", "service user",
          "competenc", "resilience", "modality", "escalat", "protocol", "metric")
# Words that find fault with the writer or anyone else.
BLAME = ("fault", "blame", "should have", "shouldn't have", "failed", "failure", "careless",
         "negligen", "incompetent", "lazy", "why didn't you", "guilty", "your mistake")

WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?")
_ACRONYM = re.compile(r"\b[A-Z]{2,}s?\b")
_SECOND_PERSON = re.compile(r"\b(you|your|yours|yourself)\b", re.IGNORECASE)


def _found(stems: tuple[str, ...], lowered: str) -> list[str]:
    """The words in the text that start with one of ``stems``, as they are written."""
    matches = (re.search(rf"\b{re.escape(stem)}[\w-]*", lowered) for stem in stems)
    return [match.group(0) for match in matches if match]


def wording_advice(text: str) -> list[str]:
    """What in one wording goes against the rules, in words its author can act on."""
    advice = []
    count = len(WORD.findall(text))
    if count > MAX_WORDS:
        advice.append(f"has {count} words; keep it to {MAX_WORDS} or fewer")
    if not _SECOND_PERSON.search(text):
        advice.append("speak to the reader as 'you'")
    if text.count("?") > 1:
        advice.append("ask one question at a time")
    if "?" in text:
        if not text.endswith("?"):
            advice.append("end with the question")
        question = re.split(r"(?<=[.!])\s+", text)[-1]
        opening = next(iter(WORD.findall(question)), "").lower()
        if opening in CLOSED_OPENINGS:
            advice.append(f"ask an open question: one starting '{opening.capitalize()}' can "
                          "be answered yes or no")
    elif not text.startswith(INVITATIONS):
        advice.append(f"ask a question, or start with an invitation ({', '.join(INVITATIONS)})")
    acronyms = sorted(set(_ACRONYM.findall(text)))
    if acronyms:
        advice.append(f"spell out {', '.join(acronyms)}")
    lowered = text.lower()
    jargon = _found(JARGON, lowered)
    if jargon:
        advice.append(f"use plainer words than {', '.join(jargon)}")
    blame = _found(BLAME, lowered)
    if blame:
        advice.append(f"leave out words of blame ({', '.join(blame)})")
    return advice


def near_identical(first: str, second: str) -> bool:
    matcher = difflib.SequenceMatcher(None, first.lower(), second.lower())
    return matcher.quick_ratio() >= NEAR_IDENTICAL and matcher.ratio() >= NEAR_IDENTICAL


def pack_advice(pack: Pack) -> list[tuple[str, str]]:
    """(field, advice) for every wording that could follow the rules more closely."""
    advice = []
    located = [(f"themes[{t}].prompts[{w}]", wording)
               for t, theme in enumerate(pack.themes)
               for w, wording in enumerate(theme.wordings)]
    for where, wording in located:
        advice.extend((where, line) for line in wording_advice(wording.text))
    for (_, first), (where, second) in itertools.combinations(located, 2):
        if near_identical(first.text, second.text):
            advice.append((where, f"is nearly the same as '{first.key}'; make each wording "
                                  "ask in its own way"))
    return advice
