"""The patterns redaction.py finds identifiers with, and the cheap tests that tell it
which of them can find anything in a text (issue 17: 'kj reflect --from' checks every
answer, and running every pattern over every answer was most of its time).

Each cheap test is one the text must pass for its pattern to find something it keeps,
so skipping the pattern when the test fails changes nothing; tests/test_redaction_fast.py
compares with every pattern run, on the corpora and on random text. Case-sensitive
literals are searched for in the folded text; the other tests read the lower-cased text
and count ASCII digits, which is right only when no character outside ASCII is a digit,
a space or a letter that re.IGNORECASE reads as an ASCII one (ſ, ı): see plain().
"""

from __future__ import annotations

import re
from functools import cache

ASCII_DIGITS = "0123456789"
_LOWER = "abcdefghijklmnopqrstuvwxyz"
_UNSURE = r"[\u0130\u0131\u017f\u212a]|(?=[^\x00-\x7f])[\d\s]"
# _PLACE's second half: 'Rowan Ward', not 'The ward' nor 'Rowan Ward Manager'.
# Words that start a sentence about a ward without naming one ("Busy ward, two
# admissions"): the ward's state or kind, not its name.
_NOT_WARD_NAMES = ("The|This|That|Our|My|Each|Every|Busy|Quiet|Calm|Hectic|Manic|Chaotic|"
                   "Noisy|Full|Empty|Whole|Same|Other|Next|Old|New|Main|Small|Big|Large|"
                   "Little|Home|Acute|Medical|Surgical|General|Mixed|Open|Closed|Locked|"
                   "Settled|Heavy|Hard|Difficult|Good|Bad|Lovely|Happy|Sad|Whose|Which|"
                   "Any|One|Another|Your|His|Her|Their")
_NAMED_WARD = (rf"\b(?!(?:{_NOT_WARD_NAMES})\b)[A-Z][a-z]+\s+"
               r"(?:Ward|ward)\b(?!\s+(?:Manager|Sister|Round|round|manager|sister))")


class _Later(tuple):
    """A pattern's re.compile arguments, compiled when the pattern is first used."""

    def __new__(cls, *args):
        return super().__new__(cls, args)


class _Compiled(dict):
    """The patterns by name, each compiled on first use: compiling them all cost ~12 ms
    in every run that scanned any text ('kj reflect', one entry through --from), and
    ordinary text needs few of them."""

    def __missing__(self, name: str):
        compiled = self[name] = re.compile(*self.sources[name])
        return compiled


@cache
def patterns():
    """By name: the patterns, and the cheap tests that decide whether each is run."""
    _NHS = _Later(r"(?<![\w.])(?<!\d[ .-])\d(?:[ .-]?\d){9}(?![ .-]?\d)(?!\w)")
    _LONG_NUMBER = _Later(r"(?<![\w])\d{7,}(?![\w])")
    _RECORD = _Later(
        r"(?i:\b(?:hospital|hosp|record|unit|case|patient|pas|mrn|crn)\.?\s{0,3}"
        r"(?:number|no\.?|num|id)?\s{0,3}[:#.]?\s{0,3})"
        r"(?P<id>[A-Za-z]{0,3}\d[A-Za-z0-9]{3,11})\b"
        r"|\b(?P<bare>[A-Z]{1,3}\d{6,9})\b")
    _EMAIL = _Later(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+", re.ASCII)
    _DOT = r"(?:\s*+(?:\.|\(dot\)|\[dot\])\s*+|\s++dot\s++)"
    _WORD = r"[a-z0-9+_-]++"
    _EMAIL_SPELLED = _Later(
        rf"\b{_WORD}(?:{_DOT}{_WORD}){{0,4}}+(?:\s*+(?:\(at\)|\[at\])\s*+|\s++at\s++){_WORD}"
        rf"(?:{_DOT}{_WORD}){{0,4}}?{_DOT}(?:com|org|net|uk|nhs|gov|ac|co|io|me)\b",
        re.IGNORECASE)  # at most five parts each side: no search through a whole answer
    # A UK number: +44, 0044 or 00 44 (optionally '(0)') or a leading 0, then digits
    # with spaces, hyphens or brackets; the digit count is checked afterwards. A mobile
    # is also written without its 0: 7700 900123.
    _PHONE = _Later(
        r"(?<![\w+])(?:(?:\+44|00\s?44)[\s-]?(?:\(0\)[\s-]?)?|\(?0)\d[\d\s()-]{7,14}\d(?![\w])"
        r"|(?<![\w+])(?<!\d\s)7\d{3}[\s-]?\d{3}[\s-]?\d{3}(?![\w])")
    _POSTCODE = _Later(
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
    _DOB_AFTER_KEYWORD = _Later(
        rf"(?<![\w])(?:d\.?o\.?b\.?|date\s++of\s++birth|born(?:\s++(?:on|in)\b)?+)"
        rf"\s*+[:\-]?\s*+(?P<date>{_DATE}|(?:{_MONTHS})\.?,?\s++'?(?:19|20)?\d\d"
        rf"|\d{{1,2}}[/.-](?:19|20)\d\d|(?:19|20)\d\d)(?![\w])", re.IGNORECASE)
    _BIRTHDAY = _Later(
        rf"\bbirthday\s++(?:is\s++|was\s++|on\s++|falls\s++on\s++)?(?:the\s++)?"
        rf"(?P<date>{_DAY_MONTH})", re.IGNORECASE)
    # A full date whose year is long past is almost never a shift date in a reflection.
    _FULL_DATE = _Later(rf"(?<![\w/.-])(?P<date>{_DATE})(?![\w/])", re.IGNORECASE)
    _STRONG_STREETS = "street|st|road|rd|avenue|ave|lane|ln|crescent|cres|terrace|gardens|gdns|mews"
    _STREET_WORDS = (f"{_STRONG_STREETS}|close|drive|dr|way|court|ct|place|pl|grove|hill|park|"
                     "row|square|sq|walk|view|rise|parade|green|vale|meadow|meadows")
    _ADDRESS = _Later(
        rf"(?<![\w])(?:flat\s+\d+[a-z]?,?\s+)?\d{{1,4}}[a-z]?,?\s+"
        rf"(?P<words>(?:[a-z][a-z'-]*\s+){{1,3}})(?P<street>{_STREET_WORDS})\b\.?", re.IGNORECASE)
    # A street named without a number, after a word that places it: "lives on Elm Street".
    _STREET_NAMED = _Later(
        r"\b(?:on|in|at|off|along|near|from|to|down|up)\s+(?P<street>(?:[A-Z][a-z'-]+\s+){1,2}"
        r"(?:Street|Road|Avenue|Lane|Close|Drive|Crescent|Terrace|Grove|Gardens|Mews|Way|"
        r"Rd|St)\b\.?)")
    _HOUSE = _Later(
        r"\b(?:The\s+)?(?:[A-Z][a-z]+\s+){1,2}(?:Cottage|Cottages|Farm|Lodge|Barn|Manor|Villa|"
        r"Rectory|Vicarage|Bungalow|Grange|House)\b")
    _PLACE = _Later(
        r"\b(?i:bed|bay|side\s+room|room|cubicle|ward)\s+(?:[A-Z]|\d{1,3}[A-Za-z]?)\b"
        rf"|{_NAMED_WARD}")
    _TITLED = _Later(
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
    _EVENT_WORDS = _Later(
        r"\b(?:founded|opened|built|established|qualified|graduated|started|joined|began|"
        r"trained|retired|married|since|registered|anniversary|war|closed|moved)\b",
        re.IGNORECASE)
    _NOT_POSTCODE_BEFORE = _Later(
        r"(?:vitamin|level|grade|stage|type|size|band|class|group|step|phase|version|"
        r"ward|bay|bed|room|floor)\s*$", re.IGNORECASE)
    # _ADDRESS's shape from its last digit, on the lower-cased text: its cheap test.
    _ADDRESS_SHAPE = _Later(
        rf"[0-9][a-z]?,?\s+(?:[a-z][a-z'-]*\s+){{1,3}}(?:{_STREET_WORDS})\b")
    _MONTH_NAMES = tuple(_MONTHS.split("|"))
    # The cheap tests (see below), compiled on first use like the patterns. Most start
    # with literal alternatives or a digit, which lets sre skip ahead fast. The _SHAPEs
    # and _ENDING read the lower-cased text.
    _TITLE_CLUE = _Later(r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof)\b\.?\s+[A-Z]")
    _RECORD_CLUE = _Later(  # the keyword, then at most 24 characters to a digit
        r"(?:hosp|record|unit|case|patient|pas|mrn|crn)[^0-9]{0,24}[0-9]")
    _HOUSE_CLUE = _Later(r"Cottage|Farm|Lodge|Barn|Manor|Villa|Rectory|Vicarage|Bungalow|"
                             r"Grange|House")
    _STREET_NAMED_CLUE = _Later(r"(?:Street|Road|Avenue|Lane|Close|Drive|Crescent|"
                                    r"Terrace|Grove|Gardens|Mews|Way|Rd|St)\b")
    _EMAIL_ENDING = _Later(r"[.)\]t]\s*(?:com|org|net|uk|nhs|gov|ac|co|io|me)\b")
    _AFTER_PLACE_WORD = _Later(r"\s+(?:[A-Z]\b|[0-9])")
    _NAMED_WARD_AT = _Later(_NAMED_WARD)
    # Ten digits joined only by what NHS and phone numbers are written with; a year of
    # four after a space or date separator; a long or record number; a postcode.
    _TEN_DIGITS = _Later(r"[0-9](?:[\s().+-]*+[0-9]){9}")
    _YEAR = _Later(r"[\s/.-][0-9]{4}(?![0-9])")
    _SIX_DIGITS = _Later(r"[0-9]{6}")
    _POSTCODE_SHAPE = _Later(r"[0-9][a-z0-9]? ?[0-9][a-z]{2}|gir ?[0-9]")
    found = {name: value for name, value in locals().items() if not name.startswith("__")}
    compiled = _Compiled({name: value for name, value in found.items()
                          if not isinstance(value, _Later)})
    compiled.sources = {name: value for name, value in found.items()
                        if isinstance(value, _Later)}
    return compiled


def plain(folded: str) -> bool:
    """Whether the cheap tests on lower-cased text and ASCII digits hold for it."""
    return folded.isascii() or re.search(_UNSURE, folded) is None


def names_may_match(clues: tuple[str, ...] | None, everyday: frozenset[str],
                    folded: str, lowered: str) -> bool:
    """A word of some way of writing a listed name; an everyday one with a capital."""
    if clues is None or any(clue in lowered for clue in clues):
        return True
    for word in everyday:
        place = lowered.find(word)
        while place >= 0:
            if folded[place].isupper():
                return True
            place = lowered.find(word, place + 1)
    return False


def place_may_match(folded: str, lowered: str) -> bool:
    """'bed 4', 'Bay C', 'ward 7B' (a place word, spaces, a lone capital or a digit) or
    'Rowan Ward' (_PLACE's second half, tried where the capitalised word starts)."""
    after_word, named_ward = patterns()["_AFTER_PLACE_WORD"], patterns()["_NAMED_WARD_AT"]
    for word in ("bed", "bay", "room", "cubicle", "ward"):
        place = lowered.find(word)
        while place >= 0:
            if after_word.match(folded, place + len(word)):
                return True
            if word == "ward" and place and folded[place - 1].isspace():
                start = max(0, place - 64)  # a window: no quadratic time on odd text
                before = folded[start:place]
                spaced = len(before.rstrip())
                named = len(before[:spaced].rstrip(_LOWER))
                if not named and start:
                    return True  # spaces or a word longer than the window: let it decide
                if 0 < named < spaced and named_ward.match(folded, start + named - 1):
                    return True
            place = lowered.find(word, place + 1)
    return False


def old_date_may_match(folded: str, lowered: str, last_year: int) -> bool:
    """A year of four digits no later than last_year, after a day and a date separator
    ('3/5/1939') or after spaces and a day or month ('3rd May 1950', 'May 3, 1950')."""
    months = patterns()["_MONTH_NAMES"]
    for match in patterns()["_YEAR"].finditer(folded):
        if int(match.group()[1:]) > last_year:
            continue
        if not match.group()[0].isspace():
            if match.start() and folded[match.start() - 1] in ASCII_DIGITS:
                return True
            continue
        start = max(0, match.start() - 48)
        before = lowered[start:match.start() + 1].rstrip().removesuffix(",")
        if not before and start:
            return True  # more spaces than the window: let the pattern decide
        if before[-1:] in tuple(ASCII_DIGITS) or before.removesuffix(".").endswith(months) \
                or before[-2:] in ("st", "nd", "rd", "th") and before[-3:-2] in ASCII_DIGITS:
            return True
    return False
