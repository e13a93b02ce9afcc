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


@cache
def _patterns():
    """Compiled on first use: text with no digit, '@' or listed name needs few of them."""
    _NHS = re.compile(r"(?<![\w.])(?<!\d[ .-])\d(?:[ .-]?\d){9}(?![ .-]?\d)(?!\w)")
    _LONG_NUMBER = re.compile(r"(?<![\w])\d{7,}(?![\w])")
    _RECORD = re.compile(
        r"(?i:\b(?:hospital|hosp|record|unit|case|patient|pas|mrn|crn)\.?\s{0,3}"
        r"(?:number|no\.?|num|id)?\s{0,3}[:#.]?\s{0,3})"
        r"(?P<id>[A-Za-z]{0,3}\d[A-Za-z0-9]{3,11})\b"
        r"|\b(?P<bare>[A-Z]{1,3}\d{6,9})\b")
    _EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+", re.ASCII)
    _DOT = r"(?:\s*+(?:\.|\(dot\)|\[dot\])\s*+|\s++dot\s++)"
    _WORD = r"[a-z0-9+_-]++"
    _EMAIL_SPELLED = re.compile(
        rf"\b{_WORD}(?:{_DOT}{_WORD}){{0,4}}+(?:\s*+(?:\(at\)|\[at\])\s*+|\s++at\s++){_WORD}"
        rf"(?:{_DOT}{_WORD}){{0,4}}?{_DOT}(?:com|org|net|uk|nhs|gov|ac|co|io|me)\b",
        re.IGNORECASE)  # at most five parts each side: no search through a whole answer
    # A UK number: +44, 0044 or 00 44 (optionally '(0)') or a leading 0, then digits
    # with spaces, hyphens or brackets; the digit count is checked afterwards. A mobile
    # is also written without its 0: 7700 900123.
    _PHONE = re.compile(
        r"(?<![\w+])(?:(?:\+44|00\s?44)[\s-]?(?:\(0\)[\s-]?)?|\(?0)\d[\d\s()-]{7,14}\d(?![\w])"
        r"|(?<![\w+])(?<!\d\s)7\d{3}[\s-]?\d{3}[\s-]?\d{3}(?![\w])")
    _POSTCODE = re.compile(
        r"(?<![\w])(?:[A-Z]{1,2}\d[A-Z\d]?|GIR) ?\d[ABD-HJLNP-UW-Z]{2}(?![\w])", re.IGNORECASE)
    _MONTHS = ("january|february|march|april|may|june|july|august|september|october|november|"
               "december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec")
    _DAY_MONTH = (rf"\d{{1,2}}(?:st|nd|rd|th)?\s++(?:of\s++)?(?:{_MONTHS})\b"
                  rf"|(?:{_MONTHS})\.?\s++\d{{1,2}}(?:st|nd|rd|th)?\b")
    _DATE = (rf"(?:\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{2,4}}"
             rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTHS})\.?,?\s+\d{{4}}"
             rf"|(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}})")
    # A date right after 'DOB', 'date of birth' or 'born (on/in)'; the keyword stays.
    # Possessive whitespace (*+, ++): 'born' and a long run of spaces once backtracked
    # through every way of sharing the spaces between three \s* (258 s for 40,000).
    _DOB_AFTER_KEYWORD = re.compile(
        rf"(?<![\w])(?:d\.?o\.?b\.?|date\s++of\s++birth|born(?:\s++(?:on|in)\b)?+)"
        rf"\s*+[:\-]?\s*+(?P<date>{_DATE}|(?:{_MONTHS})\.?,?\s++'?(?:19|20)?\d\d"
        rf"|\d{{1,2}}[/.-](?:19|20)\d\d|(?:19|20)\d\d)(?![\w])", re.IGNORECASE)
    _BIRTHDAY = re.compile(
        rf"\bbirthday\s++(?:is\s++|was\s++|on\s++|falls\s++on\s++)?(?:the\s++)?"
        rf"(?P<date>{_DAY_MONTH})", re.IGNORECASE)
    # A full date whose year is long past is almost never a shift date in a reflection.
    _FULL_DATE = re.compile(rf"(?<![\w/.-])(?P<date>{_DATE})(?![\w/])", re.IGNORECASE)
    _STRONG_STREETS = "street|st|road|rd|avenue|ave|lane|ln|crescent|cres|terrace|gardens|gdns|mews"
    _STREET_WORDS = (f"{_STRONG_STREETS}|close|drive|dr|way|court|ct|place|pl|grove|hill|park|"
                     "row|square|sq|walk|view|rise|parade|green|vale|meadow|meadows")
    _ADDRESS = re.compile(
        rf"(?<![\w])(?:flat\s+\d+[a-z]?,?\s+)?\d{{1,4}}[a-z]?,?\s+"
        rf"(?P<words>(?:[a-z][a-z'-]*\s+){{1,3}})(?P<street>{_STREET_WORDS})\b\.?", re.IGNORECASE)
    # A street named without a number, after a word that places it: "lives on Elm Street".
    _STREET_NAMED = re.compile(
        r"\b(?:on|in|at|off|along|near|from|to|down|up)\s+(?P<street>(?:[A-Z][a-z'-]+\s+){1,2}"
        r"(?:Street|Road|Avenue|Lane|Close|Drive|Crescent|Terrace|Grove|Gardens|Mews|Way|"
        r"Rd|St)\b\.?)")
    _HOUSE = re.compile(
        r"\b(?:The\s+)?(?:[A-Z][a-z]+\s+){1,2}(?:Cottage|Cottages|Farm|Lodge|Barn|Manor|Villa|"
        r"Rectory|Vicarage|Bungalow|Grange|House)\b")
    _PLACE = re.compile(
        r"\b(?i:bed|bay|side\s+room|room|cubicle|ward)\s+(?:[A-Z]|\d{1,3}[A-Za-z]?)\b"
        rf"|{_NAMED_WARD}")
    _TITLED = re.compile(
        r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof)\b\.?\s+"
        r"(?P<surname>[A-Z][a-zA-Z]*(?:'[A-Z][a-zA-Z]+)?(?:-[A-Z][a-zA-Z]+)?)")
    # Small words that never sit inside a street's name, so "2 laps of the park" is left
    # alone, nor do units and months ("a 1 hour walk", "3 March drive").
    _NOT_STREET_NAME = {"of", "the", "a", "an", "to", "in", "on", "at", "and", "or", "for",
                        "with", "my", "her", "his", "their", "our", "your", "times", "laps",
                        "minutes", "hours", "days", "weeks", "patients", "people", "beds",
                        "hour", "minute", "min", "mins", "mile", "miles", "km", "metre",
                        "metres", "yard", "yards", "step", "steps", "day", "week", "month",
                        "year", "years", "second", "seconds", *_MONTHS.split("|")}
    # Words before a long-past date that make it an event, not a birth.
    _EVENT_WORDS = re.compile(
        r"\b(?:founded|opened|built|established|qualified|graduated|started|joined|began|"
        r"trained|retired|married|since|registered|anniversary|war|closed|moved)\b",
        re.IGNORECASE)
    _NOT_POSTCODE_BEFORE = re.compile(
        r"(?:vitamin|level|grade|stage|type|size|band|class|group|step|phase|version|"
        r"ward|bay|bed|room|floor)\s*$", re.IGNORECASE)
    # _ADDRESS's shape from its last digit, on the lower-cased text: its cheap test.
    _ADDRESS_SHAPE = re.compile(
        rf"[0-9][a-z]?,?\s+(?:[a-z][a-z'-]*\s+){{1,3}}(?:{_STREET_WORDS})\b")
    _MONTH_NAMES = tuple(_MONTHS.split("|"))
    return locals()  # each pattern by its name above


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


# --- cheap tests first ------------------------------------------------------------------
# Each test below is one the text must pass for its pattern to find something it keeps,
# so skipping the pattern when the test fails changes nothing; tests/test_redaction_fast.py
# compares with every pattern run, on random text. Case-sensitive literals are searched
# for in the folded text; the rest read the lower-cased text with 'in' and count ASCII
# digits, which is right only when no character outside ASCII is a digit, a space or a
# letter that re.IGNORECASE matches to an ASCII one (ſ, ı): such text gets every pattern.
_UNSURE = re.compile(r"[\u0130\u0131\u017f\u212a]|(?=[^\x00-\x7f])[\d\s]")
# Starting with literal alternatives or a digit lets sre skip ahead fast.
_TITLE_CLUE = re.compile(r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof)\b\.?\s+[A-Z]")
_RECORD_CLUE = re.compile(r"(?:hosp|record|unit|case|patient|pas|mrn|crn)[^0-9]{0,24}[0-9]")
_HOUSE_CLUE = re.compile(r"Cottage|Farm|Lodge|Barn|Manor|Villa|Rectory|Vicarage|Bungalow|"
                         r"Grange|House")
_STREET_CLUE = re.compile(r"(?:Street|Road|Avenue|Lane|Close|Drive|Crescent|Terrace|Grove|"
                          r"Gardens|Mews|Way|Rd|St)\b")
_EMAIL_ENDING = re.compile(r"[.)\]t]\s*(?:com|org|net|uk|nhs|gov|ac|co|io|me)\b")  # lowered
_AFTER_PLACE_WORD = re.compile(r"\s+(?:[A-Z]\b|[0-9])")
_NAMED_WARD = (r"\b(?!The\b|This\b|That\b|Our\b|My\b|Each\b|Every\b)[A-Z][a-z]+\s+(?:Ward|ward)\b"
               r"(?!\s+(?:Manager|Sister|Round|round|manager|sister))")  # _PLACE's second half
_NAMED_WARD_AT = re.compile(_NAMED_WARD)
# Runs of ASCII digits (each starts with [0-9], so sre skips to the next digit fast):
# ten digits joined only by what NHS and phone numbers are written with; a year of four
# after a space or date separator; a long number; and a postcode's shape (lowered).
_TEN_DIGITS = re.compile(r"[0-9](?:[\s().+-]*+[0-9]){9}")
_YEAR = re.compile(r"[\s/.-][0-9]{4}(?![0-9])")
_SIX_DIGITS = re.compile(r"[0-9]{6}")
_POSTCODE_SHAPE = re.compile(r"[0-9][a-z0-9]? ?[0-9][a-z]{2}|gir ?[0-9]")
_LOWER = "abcdefghijklmnopqrstuvwxyz"


def _names_may_match(clues: tuple[str, ...] | None, everyday: frozenset[str],
                     folded: str, lowered: str) -> bool:
    if clues is None or any(clue in lowered for clue in clues):
        return True
    for word in everyday:  # kept only when written with a capital
        place = lowered.find(word)
        while place >= 0:
            if folded[place].isupper():
                return True
            place = lowered.find(word, place + 1)
    return False


def _place_may_match(folded: str, lowered: str) -> bool:
    """'bed 4', 'Bay C', 'ward 7B' (a place word, spaces, a lone capital or a digit) or
    'Rowan Ward' (_PLACE's second half, tried where the capitalised word starts)."""
    for word in ("bed", "bay", "room", "cubicle", "ward"):
        place = lowered.find(word)
        while place >= 0:
            if _AFTER_PLACE_WORD.match(folded, place + len(word)):
                return True
            if word == "ward" and place and folded[place - 1].isspace():
                start = max(0, place - 64)  # a window: no quadratic time on odd text
                before = folded[start:place]
                spaced = len(before.rstrip())
                named = len(before[:spaced].rstrip(_LOWER))
                if not named and start:
                    return True  # spaces or a word longer than the window: let it decide
                if 0 < named < spaced and _NAMED_WARD_AT.match(folded, start + named - 1):
                    return True
            place = lowered.find(word, place + 1)
    return False


def _old_date_may_match(folded: str, lowered: str, last_year: int,
                        months: tuple[str, ...]) -> bool:
    """A year of four digits no later than last_year, after a day and a date separator
    ('3/5/1939') or after spaces and a day or month ('3rd May 1950', 'May 3, 1950')."""
    for match in _YEAR.finditer(folded):
        if int(match.group()[1:]) > last_year:
            continue
        if not match.group()[0].isspace():
            if match.start() and folded[match.start() - 1] in _ASCII_DIGITS:
                return True
            continue
        start = max(0, match.start() - 48)
        before = lowered[start:match.start() + 1].rstrip().removesuffix(",")
        if not before and start:
            return True  # more spaces than the window: let the pattern decide
        if before[-1:] in tuple(_ASCII_DIGITS) or before.removesuffix(".").endswith(months) \
                or before[-2:] in ("st", "nd", "rd", "th") and before[-3:-2] in _ASCII_DIGITS:
            return True
    return False


_ANY_DIGIT = re.compile(r"\d")
_ASCII_DIGITS = "0123456789"


def find_identifiers(text: str, names: Iterable[str] = (), today: date | None = None
                     ) -> list[Finding]:
    """Every identifier found, in order, without overlaps."""
    return _find(text, names, today, quick=True)


def _find(text: str, names: Iterable[str], today: date | None, quick: bool
          ) -> list[Finding]:
    """quick: skip each pattern whose cheap test shows it cannot find anything (False:
    run them all, as the tests' reference)."""
    found: list[Finding] = []
    folded = fold(text)
    lowered = folded.lower()
    # 'sure': the tests on lowered text and ASCII digits hold (see _UNSURE).
    sure = quick and (folded.isascii() or not _UNSURE.search(folded))

    def add(kind: str, start: int, end: int) -> None:
        found.append(Finding(kind, start, end, text[start:end]))

    pattern, everyday, clues = _name_pattern(tuple(names))
    if pattern is not None and (not sure or _names_may_match(clues, everyday, folded,
                                                             lowered)):
        for match in pattern.finditer(folded):
            if match.group().lower() in everyday and not match.group()[0].isupper():
                continue
            add("name", match.start(), match.end())
    # Both tests in C (a character loop in Python was most of 'kj reflect --from' time).
    has_digit = (any(map(text.__contains__, _ASCII_DIGITS)) if text.isascii()
                 else _ANY_DIGIT.search(text) is not None)
    has_capital = text.lower() != text
    if not has_digit and not has_capital and "@" not in text and " at " not in lowered \
            and "(at)" not in lowered and "[at]" not in lowered and "birthday" not in lowered:
        return _without_overlaps(found)  # nothing else has a shape without these
    patterns = _patterns()
    if has_capital:
        if not quick or _TITLE_CLUE.search(folded):
            for match in patterns["_TITLED"].finditer(folded):
                if match.group("surname") not in _NOT_SURNAMES:
                    add("titled_name", match.start(), match.end())
        for name, clue in (("_HOUSE", _HOUSE_CLUE), ("_STREET_NAMED", _STREET_CLUE)):
            for match in patterns[name].finditer(folded) if (
                    not quick or clue.search(folded)) else ():
                group = "street" if name == "_STREET_NAMED" else 0
                add("address", match.start(group), match.end(group))
    if "@" in text:
        for match in patterns["_EMAIL"].finditer(text):
            add("email", match.start(), match.end())
    if (" at " in lowered or "(at)" in lowered or "[at]" in lowered) and (
            not sure or _EMAIL_ENDING.search(lowered)):
        for match in patterns["_EMAIL_SPELLED"].finditer(folded):
            add("email", match.start(), match.end())
    if "birthday" in lowered:
        for match in patterns["_BIRTHDAY"].finditer(folded):
            add("date_of_birth", match.start("date"), match.end("date"))
    if not sure or _place_may_match(folded, lowered):
        for match in patterns["_PLACE"].finditer(folded):
            add("place", match.start(), match.end())
    if not has_digit:
        return _without_overlaps(found)
    this_year = (today or date.today()).year
    digits = sum(map(folded.count, _ASCII_DIGITS)) if sure else 99
    if not sure or (digits >= 10 and _TEN_DIGITS.search(folded)):  # NHS or phone number
        for match in patterns["_NHS"].finditer(folded):
            if nhs_number_is_valid(re.sub(r"\D", "", match.group())):
                add("nhs_number", match.start(), match.end())
        for match in patterns["_PHONE"].finditer(folded):
            if _phone_digits_ok(match.group()):
                add("phone", match.start(), match.end())
    if not sure or any(word in lowered for word in ("born", "birth", "dob", "d.o", "do.b")):
        for match in patterns["_DOB_AFTER_KEYWORD"].finditer(folded):
            add("date_of_birth", match.start("date"), match.end("date"))
    if not sure or (digits >= 5 and _old_date_may_match(
            folded, lowered, this_year - 16, patterns["_MONTH_NAMES"])):
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
    if not sure or (digits >= 2 or "gir" in lowered) and _POSTCODE_SHAPE.search(lowered):
        for match in patterns["_POSTCODE"].finditer(folded):
            ordinal = re.search(r"\d(?:st|nd|rd|th)$", match.group(), re.IGNORECASE)
            if ordinal and patterns["_NOT_POSTCODE_BEFORE"].search(folded[:match.start()]):
                continue  # "Vitamin B12 1st", "level C3 2nd"
            add("postcode", match.start(), match.end())
    if not sure or (digits >= 7 and _SIX_DIGITS.search(folded)):
        for match in patterns["_LONG_NUMBER"].finditer(folded):
            add("long_number", match.start(), match.end())
    if not sure or (digits >= 6 and _SIX_DIGITS.search(folded)) or _RECORD_CLUE.search(
            lowered):
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
