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
# Words that find fault with the writer or anyone else. "fail" also catches "fail to",
# "failed" and "failure"; "could you have" is a "should have" in disguise.
BLAME = ("fault", "blame", "should have", "shouldn't have", "should not have", "should've",
         "ought to", "fail", "careless", "negligen", "incompetent", "lazy", "why didn't",
         "why did you", "why did not", "could you have", "could have done", "guilty",
         "your mistake", "poor attitude", "bad attitude", "unprofessional", "sloppy",
         "useless")
# Asking for who someone is: a reflection keeps the learning, never what identifies a
# patient, family member or colleague.
_IDENTIFYING = re.compile(
    r"\b(?:the\s+|their\s+|his\s+|her\s+|your\s+patient'?s\s+)?(?:full\s+)?"
    r"(?:name|names|surname|date\s+of\s+birth|address|NHS\s+number|bed\s+number|"
    r"room\s+number|hospital\s+number)\s+of\b|\bwho\s+(?:exactly\s+)?was\s+it\b|"
    r"\bwhat\s+(?:was|is)\s+(?:the|their|his|her)\s+(?:full\s+)?"
    r"(?:name|surname|address|date\s+of\s+birth|NHS\s+number)\b",
    re.IGNORECASE)
# Two questions in one ("..., and what ...?") double the load on a tired reader. A few
# are fine; more than one wording in ten is a habit.
DOUBLE_SHARE = 0.10
_QUESTION_WORD = r"(?:what|how|why|where|when|who|whom|which|whose)"
_DOUBLE = re.compile(rf"[,;—–]\s*(?:and|or)\s+{_QUESTION_WORD}\b|\band\s+{_QUESTION_WORD}\b",
                     re.IGNORECASE)
# "When did you ...?" takes for granted that it happened; a word like "if" or "ever"
# leaves room for "it didn't".
_PRESUMING = re.compile(r"(?:when\s+(?:did|was|were|have|has)|how\s+did)\b", re.IGNORECASE)
_HEDGE = re.compile(r"\b(?:if|ever|whether|any\w*)\b", re.IGNORECASE)
# "How do you ...?" asks what you usually do, and draws a textbook answer; one moment
# draws a real one. "How do you feel" is a question about now, not a habit.
_HABITUAL = re.compile(r"how\s+do\s+you\s+(?!feel\b)", re.IGNORECASE)

WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?")
_ACRONYM = re.compile(r"\b[A-Z]{2,}s?\b")
_SECOND_PERSON = re.compile(r"\b(you|your|yours|yourself)\b", re.IGNORECASE)


def _found(stems: tuple[str, ...], lowered: str) -> list[str]:
    """The words in the text that start with one of ``stems``, as they are written."""
    matches = (re.search(rf"\b{re.escape(stem)}[\w-]*", lowered) for stem in stems)
    return [match.group(0) for match in matches if match]


def asks_two_things(text: str) -> bool:
    """Whether one wording asks two questions at once (two question marks, or "..., and
    what ..."), which a pack may do now and then but not as a habit."""
    return text.count("?") > 1 or bool(_DOUBLE.search(text))


def _opening_question(text: str) -> str:
    """The question a wording asks, when it opens with one rather than an invitation.

    "Think of a time ... . How did you ...?" lets the reader choose the moment, so only a
    wording whose first sentence is the question can take something for granted."""
    if text.startswith(INVITATIONS):
        return ""
    first = re.split(r"(?<=[.!?])\s+", text)[0]
    return first if first.endswith("?") else ""


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
    if _IDENTIFYING.search(text):
        advice.append("never ask for names or details that could identify a person; ask "
                      "about the moment and what you learned")
    question = _opening_question(text)
    if _PRESUMING.match(question) and not _HEDGE.search(text):
        advice.append("don't take for granted that it happened: add 'if' (\"If ..., what "
                      "...?\") or let the reader choose a moment (\"Think of a time ...\")")
    if _HABITUAL.match(question):
        advice.append("'How do you ...' asks what you usually do; ask about one moment "
                      "instead")
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
    doubles = [(where, wording) for where, wording in located if asks_two_things(wording.text)]
    if len(doubles) > DOUBLE_SHARE * len(located):
        advice.extend((where, f"asks two questions at once, like {len(doubles)} of the pack's "
                              f"{len(located)} wordings; keep that to one in ten, and ask one "
                              "thing at a time")
                      for where, _wording in doubles)
    for (_, first), (where, second) in itertools.combinations(located, 2):
        if near_identical(first.text, second.text):
            advice.append((where, f"is nearly the same as '{first.key}'; make each wording "
                                  "ask in its own way"))
    return advice
