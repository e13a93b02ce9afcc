"""Finding identifying details in text and replacing them with labelled placeholders.

Pure functions, no terminal and no journal: the caller passes the person's private
list of names. Used by group exports (redaction), by 'kj reflect' (a gentle warning
before an identifier is stored) and by 'kj reflect --from' (a report).

It catches what has a shape: names the person listed, NHS numbers (with a valid
check digit), other long numbers, email addresses, UK phone numbers, postcodes,
dates of birth and house-number street addresses. It cannot know that "the retired
teacher in bay 4 with the rare condition" is someone; docs/reference/sharing.md
says so plainly.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from functools import cache
from typing import NamedTuple

from kindjournal.redaction_patterns import (
    ASCII_DIGITS,
    names_may_match,
    old_date_may_match,
    place_may_match,
    plain,
)
from kindjournal.redaction_patterns import patterns as compiled_patterns

# kind -> (placeholder, how the warning names it)
KINDS = {
    "name": ("[name]", "a name from your private list"),
    "titled_name": ("[name]", "a name with a title (Mr, Mrs, Dr...)"),
    "nhs_number": ("[NHS number]", "an NHS number"),
    "phone": ("[phone number]", "a phone number"),
    "email": ("[email]", "an email address"),
    "date_of_birth": ("[date of birth]", "a date of birth"),
    "address": ("[address]", "an address"),
    "postcode": ("[postcode]", "a postcode"),
    "long_number": ("[ID number]", "a long number that could identify someone"),
    "record_number": ("[record number]", "a hospital or record number"),
    "place": ("[bed or ward]", "a bed, bay, room or ward"),
}
# When two findings overlap, the earlier kind in this order wins (an NHS number is
# also a long number; a phone number is not an NHS number).
_PRIORITY = {kind: rank for rank, kind in enumerate(KINDS)}


# NamedTuples rather than dataclasses: 'kj reflect --from' checks every answer, and
# importing dataclasses costs several milliseconds of its start-up.
class Finding(NamedTuple):
    kind: str
    start: int
    end: int
    text: str

    @property
    def placeholder(self) -> str:
        return KINDS[self.kind][0]


class Redacted(NamedTuple):
    """The text with placeholders in, and where each placeholder sits in it."""

    text: str
    replaced: tuple[tuple[int, int, str], ...]  # (start, end, kind) in the new text

    @property
    def count(self) -> int:
        return len(self.replaced)


def describe(kind: str) -> str:
    """How a warning names the kind: 'a phone number'."""
    return KINDS[kind][1]


def label(kind: str) -> str:
    """The placeholder's words without brackets: 'phone number'."""
    return KINDS[kind][0].strip("[]")


# --- the text as the patterns read it ------------------------------------------------

_SAME_CHARACTER = {"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u00a0": " ",
                   "\u202f": " ", "\u2010": "-", "\u2011": "-"}


@cache
def _fold_character(char: str) -> str:
    import unicodedata

    if char in _SAME_CHARACTER:
        return _SAME_CHARACTER[char]
    base = unicodedata.normalize("NFD", char)[0]
    return base if base.isascii() and base.isalpha() else char


def fold(text: str) -> str:
    """One character for one: accents off (Zoë reads Zoe), curly apostrophes straight,
    dashes hyphens, non-breaking spaces spaces. Positions in it are positions in text."""
    if text.isascii():
        return text
    return "".join(_fold_character(char) for char in text)


# --- patterns ------------------------------------------------------------------------

TITLES = ("mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sister", "nurse")
# Names that are also everyday words: matched only when written with a capital.
_EVERYDAY_WORDS = {"rose", "will", "may", "mark", "grace", "hope", "faith", "joy", "bill",
                   "pat", "sue", "dawn", "april", "june", "rob", "jack", "ruby", "amber",
                   "holly", "lily", "daisy", "heather", "summer", "penny", "hazel", "ray",
                   "drew", "frank", "jean", "art", "bob", "sunny", "iris", "violet", "chance",
                   "ivy", "rich", "gene", "sky", "robin", "carol", "victor", "bay", "ward"}
# Capitalised words after a title that are not a surname ("Dr On Call", "Mr Motivator").
_NOT_SURNAMES = {"On", "Call", "Team", "Rota", "Who", "The", "And", "Registrar",
                 "Consultant", "Manager", "Nurse", "Said", "Was", "In", "At", "Of", "If"}


def nhs_number_is_valid(digits: str) -> bool:
    """The NHS number's modulus 11 check: weights 10..2 on the first nine digits."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(digit) * weight for digit, weight in zip(digits[:9], range(10, 1, -1),
                                                             strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def _phone_digits_ok(found: str) -> bool:
    digits = re.sub(r"\D", "", found)
    if found.startswith(("+44", "00")):
        national = digits[4:] if found.startswith("00") else digits[2:]
        if "(0)" in found:
            national = national[1:]
        return len(national) in (9, 10) and not national.startswith("0")
    if found.startswith("7"):
        return len(digits) == 10
    return len(digits) in (10, 11) and digits.startswith("0") and digits[1] != "0"


def _name_variants(name: str) -> list[tuple[str, bool]]:
    """(words, everyday) for each way a listed name is written: as given, and without
    its title ('Mrs Quill' is also 'Quill'). everyday: a name that is also a common
    word, found only when written with a capital ('Rose', not 'blood pressure rose')."""
    words = re.split(r"[\s-]+", fold(name).strip())
    variants = [words]
    if len(words) > 1 and words[0].lower().rstrip(".") in TITLES:
        variants.append(words[1:])
    spaced = fold(name).split()
    if len(spaced) > 1 and len(spaced[-1]) > 2:
        variants.append(re.split(r"-+", spaced[-1]))  # the surname alone: 'Hart's notes'

    return [(variant, len(variant) == 1 and variant[0].lower() in _EVERYDAY_WORDS)
            for variant in variants if variant and variant != [""]]


def _word_pattern(words: list[str]) -> str:
    parts = []
    for index, word in enumerate(words):
        word = word.rstrip(".")
        piece = "'?".join(map(re.escape, word.split("'")))
        if index == 0 and word.lower() in TITLES:
            piece += r"\.?"
        parts.append(piece)
    return r"[\s\-\u2013]+".join(parts)


@cache
def _name_pattern(names: tuple[str, ...]) -> tuple[re.Pattern[str] | None, frozenset[str],
                                                   tuple[str, ...] | None]:
    """The pattern, the everyday words among the names, and the clues: a word of each
    way of writing a name, one of which the text must hold (lower case) for the pattern
    to find anything (None: no clue can be trusted, a name holds other letters)."""
    variants = {}
    for name in names:
        if name.strip():
            for words, everyday in _name_variants(name):
                variants[" ".join(words).lower()] = (words, everyday)
    if not variants:
        return None, frozenset(), ()
    ordered = sorted(variants.values(), key=lambda item: -len(" ".join(item[0])))
    alternatives = "|".join(_word_pattern(words) for words, _everyday in ordered)
    everyday = frozenset(words[0].lower() for words, flag in ordered if flag)
    # Whole words only: no letter, digit, apostrophe-letter or hyphen either side, so
    # "Ann" is found in "Ann's", "(Ann)" and "the Anns" but not in "planned" or "Annual".
    pattern = re.compile(rf"(?<![\w'-])(?:{alternatives})(?=(?:'s?|s'?|es)?(?![\w-]))",
                         re.IGNORECASE)
    clues = tuple(max((part.lower() for word in words for part in word.rstrip(".").split("'")),
                      key=len) for words, flag in ordered if not flag)
    if not all(clue.isascii() and clue.isalpha() for clue in (*clues, *everyday)):
        return pattern, everyday, None
    return pattern, everyday, clues


_ANY_DIGIT = re.compile(r"\d")


def find_identifiers(text: str, names: Iterable[str] = (), today: date | None = None
                     ) -> list[Finding]:
    """Every identifier found, in order, without overlaps."""
    return _find(text, names, today, quick=True)


# What find_in_each puts between texts. No pattern matches across a NUL, every
# look-around reads one as it reads the start or end of a text, and the run is longer
# than any stretch of text before a finding that decides whether it is kept (the 40
# characters before a full date that may call it an event rather than a birth).
_APART = "\x00" * 48
# The ASCII characters fold() changes (the backtick), which it leaves as they are in a
# text that is all ASCII: joined to one that is not, such a text would read otherwise.
_FOLDED_ASCII = "".join(char for char in _SAME_CHARACTER if char.isascii())


def find_in_each(texts: list[str], names: Iterable[str] = (), today: date | None = None
                 ) -> list[list[Finding]]:
    """find_identifiers of each text, from one scan of them all joined: an entry's
    answers scanned together cost 10-20% less than one scan an answer, the fixed cost
    of a scan paid once ('kj reflect --from' checks every answer). Findings are placed
    in the text they are in, as if it had been scanned alone
    (tests/test_redaction_fast.py compares the two)."""
    joined = _APART.join(texts)
    if not joined.isascii() and any(char in text for text in texts if text.isascii()
                                    for char in _FOLDED_ASCII):
        # fold() leaves an ASCII text as it is, so these read differently alone.
        return [find_identifiers(text, names, today) for text in texts]
    each: list[list[Finding]] = [[] for _text in texts]
    found = find_identifiers(joined, names, today)
    if found:
        from bisect import bisect_right
        from itertools import accumulate

        starts = list(accumulate((len(text) + len(_APART) for text in texts[:-1]),
                                 initial=0))
        for finding in found:
            index = bisect_right(starts, finding.start) - 1
            shift = starts[index]
            each[index].append(finding._replace(start=finding.start - shift,
                                                end=finding.end - shift))
    return each


def _find(text: str, names: Iterable[str], today: date | None, quick: bool
          ) -> list[Finding]:
    """quick: skip each pattern whose cheap test shows it cannot find anything (False:
    run them all, as the tests' reference)."""
    found: list[Finding] = []
    folded = fold(text)
    lowered = folded.lower()
    sure = quick and plain(folded)  # the tests on lowered text and ASCII digits hold

    def add(kind: str, start: int, end: int) -> None:
        found.append(Finding(kind, start, end, text[start:end]))

    pattern, everyday, clues = _name_pattern(tuple(names))
    if pattern is not None and (not sure or names_may_match(clues, everyday, folded,
                                                             lowered)):
        for match in pattern.finditer(folded):
            if match.group().lower() in everyday and not match.group()[0].isupper():
                continue
            add("name", match.start(), match.end())
    # Both tests in C (a character loop in Python was most of 'kj reflect --from' time).
    has_digit = (any(map(text.__contains__, ASCII_DIGITS)) if text.isascii()
                 else _ANY_DIGIT.search(text) is not None)
    has_capital = text.lower() != text
    if not has_digit and not has_capital and "@" not in text and " at " not in lowered \
            and "(at)" not in lowered and "[at]" not in lowered and "birthday" not in lowered:
        return _without_overlaps(found)  # nothing else has a shape without these
    patterns = compiled_patterns()
    if has_capital:
        if not quick or patterns["_TITLE_CLUE"].search(folded):
            for match in patterns["_TITLED"].finditer(folded):
                if match.group("surname") not in _NOT_SURNAMES:
                    add("titled_name", match.start(), match.end())
        for name in ("_HOUSE", "_STREET_NAMED"):
            for match in patterns[name].finditer(folded) if (
                    not quick or patterns[f"{name}_CLUE"].search(folded)) else ():
                group = "street" if name == "_STREET_NAMED" else 0
                add("address", match.start(group), match.end(group))
    if "@" in text:
        for match in patterns["_EMAIL"].finditer(text):
            add("email", match.start(), match.end())
    if (" at " in lowered or "(at)" in lowered or "[at]" in lowered) and (
            not sure or patterns["_EMAIL_ENDING"].search(lowered)):
        for match in patterns["_EMAIL_SPELLED"].finditer(folded):
            add("email", match.start(), match.end())
    if "birthday" in lowered:
        for match in patterns["_BIRTHDAY"].finditer(folded):
            add("date_of_birth", match.start("date"), match.end("date"))
    if not sure or place_may_match(folded, lowered):
        for match in patterns["_PLACE"].finditer(folded):
            add("place", match.start(), match.end())
    if not has_digit:
        return _without_overlaps(found)
    this_year = (today or date.today()).year
    digits = sum(map(folded.count, ASCII_DIGITS)) if sure else 99
    if not sure or (digits >= 10 and patterns["_TEN_DIGITS"].search(folded)):  # NHS, phone
        for match in patterns["_NHS"].finditer(folded):
            if nhs_number_is_valid(re.sub(r"\D", "", match.group())):
                add("nhs_number", match.start(), match.end())
        for match in patterns["_PHONE"].finditer(folded):
            if _phone_digits_ok(match.group()):
                add("phone", match.start(), match.end())
    if not sure or any(word in lowered for word in ("born", "birth", "dob", "d.o", "do.b")):
        for match in patterns["_DOB_AFTER_KEYWORD"].finditer(folded):
            add("date_of_birth", match.start("date"), match.end("date"))
    if not sure or (digits >= 5 and old_date_may_match(folded, lowered, this_year - 16)):
        for match in patterns["_FULL_DATE"].finditer(folded):
            year = re.findall(r"\d{4}|\d{2}$", match.group("date"))
            before = folded[max(0, match.start() - 40):match.start()]
            if (year and len(year[-1]) == 4 and int(year[-1]) <= this_year - 16
                    and not patterns["_EVENT_WORDS"].search(before)):
                add("date_of_birth", match.start("date"), match.end("date"))
    for match in patterns["_ADDRESS"].finditer(folded) if (
            not sure or patterns["_ADDRESS_SHAPE"].search(lowered)) else ():
        words = match.group("words").split()
        if any(word.lower() in patterns["_NOT_STREET_NAME"] for word in words):
            continue
        add("address", match.start(), match.end())
    if not sure or (digits >= 2 or "gir" in lowered) and patterns["_POSTCODE_SHAPE"].search(
            lowered):
        for match in patterns["_POSTCODE"].finditer(folded):
            ordinal = re.search(r"\d(?:st|nd|rd|th)$", match.group(), re.IGNORECASE)
            if ordinal and patterns["_NOT_POSTCODE_BEFORE"].search(folded[:match.start()]):
                continue  # "Vitamin B12 1st", "level C3 2nd"
            add("postcode", match.start(), match.end())
    if not sure or (digits >= 7 and patterns["_SIX_DIGITS"].search(folded)):
        for match in patterns["_LONG_NUMBER"].finditer(folded):
            add("long_number", match.start(), match.end())
    if not sure or (digits >= 6 and patterns["_SIX_DIGITS"].search(folded)) \
            or patterns["_RECORD_CLUE"].search(lowered):
        for match in patterns["_RECORD"].finditer(folded):
            group = "id" if match.group("id") else "bare"
            add("record_number", match.start(group), match.end(group))
    return _without_overlaps(found)


def _without_overlaps(found: list[Finding]) -> list[Finding]:
    """The findings kept, best kind first, none overlapping one already kept (a sorted
    list of kept spans and bisect: a long export holds thousands of findings)."""
    if len(found) < 2:
        return list(found)
    from bisect import bisect_left, insort

    starts: list[tuple[int, int]] = []  # kept (start, end), in order
    chosen: list[Finding] = []
    for finding in sorted(found, key=lambda f: (_PRIORITY[f.kind], f.start, -f.end)):
        place = bisect_left(starts, (finding.start, finding.end))
        if place > 0 and starts[place - 1][1] > finding.start:
            continue
        if place < len(starts) and starts[place][0] < finding.end:
            continue
        insort(starts, (finding.start, finding.end))
        chosen.append(finding)
    return sorted(chosen, key=lambda f: f.start)


def redact(text: str, names: Iterable[str] = (), today: date | None = None) -> Redacted:
    """The text with each identifier replaced by its labelled placeholder."""
    pieces: list[str] = []
    replaced: list[tuple[int, int, str]] = []
    position = length = 0
    for finding in find_identifiers(text, names, today):
        pieces.append(text[position:finding.start])
        length += finding.start - position
        pieces.append(finding.placeholder)
        replaced.append((length, length + len(finding.placeholder), finding.kind))
        length += len(finding.placeholder)
        position = finding.end
    pieces.append(text[position:])
    return Redacted("".join(pieces), tuple(replaced))


def kinds_found(findings: Iterable[Finding]) -> list[str]:
    """Distinct kinds, in the order first found, for a one-line warning."""
    kinds: list[str] = []
    for finding in findings:
        if finding.kind not in kinds:
            kinds.append(finding.kind)
    return kinds
