"""Finding identifying details in text and replacing them with labelled placeholders.

Pure functions, no terminal and no journal: the caller passes the person's private
list of names. Used by group exports (redaction), by 'kj reflect' (a gentle warning
before an identifier is stored) and by 'kj reflect --from' (a report).

It catches what has a shape: names the person listed, NHS numbers (with a valid
check digit), other long numbers, email addresses, UK phone numbers, postcodes,
dates of birth and house-number street addresses. It cannot know that "the retired
teacher in bay 4 with the rare condition" is someone; README says so plainly.
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
    "nhs_number": ("[NHS number]", "an NHS number"),
    "phone": ("[phone number]", "a phone number"),
    "email": ("[email]", "an email address"),
    "date_of_birth": ("[date of birth]", "a date of birth"),
    "address": ("[address]", "a street address"),
    "postcode": ("[postcode]", "a postcode"),
    "long_number": ("[ID number]", "a long number that could identify someone"),
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


# --- patterns ------------------------------------------------------------------------

@cache
def _patterns():
    """Compiled on first use: text with no digit, '@' or listed name needs none of them."""
    _NHS = re.compile(r"(?<![\d\w])(\d{3})([ -]?)(\d{3})\2(\d{4})(?![\d\w])")
    _LONG_NUMBER = re.compile(r"(?<![\w])\d{7,}(?![\w])")
    _EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+", re.ASCII)
    # A UK number: +44 (optionally '(0)') or a leading 0, then digits with spaces,
    # hyphens or brackets; the digit count is checked afterwards.
    _PHONE = re.compile(
        r"(?<![\w+])(?:\+44[\s-]?(?:\(0\)[\s-]?)?|\(?0)\d[\d\s()-]{7,14}\d(?![\w])")
    _POSTCODE = re.compile(
        r"(?<![\w])(?:[A-Z]{1,2}\d[A-Z\d]?|GIR) ?\d[ABD-HJLNP-UW-Z]{2}(?![\w])", re.IGNORECASE)
    _MONTHS = ("january|february|march|april|may|june|july|august|september|october|november|"
               "december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec")
    _DATE = (rf"(?:\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{2,4}}"
             rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTHS})\.?,?\s+\d{{4}}"
             rf"|(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}})")
    # A date right after 'DOB', 'date of birth' or 'born (on/in)'; the keyword stays.
    # Possessive whitespace (*+, ++): 'born' and a long run of spaces once backtracked
    # through every way of sharing the spaces between three \s* (258 s for 40,000).
    _DOB_AFTER_KEYWORD = re.compile(
        rf"(?<![\w])(?:d\.?o\.?b\.?|date\s++of\s++birth|born(?:\s++(?:on|in)\b)?+)"
        rf"\s*+[:\-]?\s*+(?P<date>{_DATE}|(?:19|20)\d\d)(?![\w])", re.IGNORECASE)
    # A full date whose year is long past is almost never a shift date in a reflection.
    _FULL_DATE = re.compile(rf"(?<![\w/.-])(?P<date>{_DATE})(?![\w/])", re.IGNORECASE)
    _STREET_WORDS = ("street|st|road|rd|avenue|ave|lane|ln|close|drive|dr|way|crescent|cres|"
                     "court|ct|place|pl|grove|gardens|gdns|terrace|hill|park|row|square|sq|walk|"
                     "mews|view|rise|parade|green|vale|meadow|meadows")
    _ADDRESS = re.compile(
        rf"(?<![\w])(?:flat\s+\d+[a-z]?,?\s+)?\d{{1,4}}[a-z]?,?\s+"
        rf"(?P<words>(?:[a-z][a-z'-]*\s+){{1,3}})(?:{_STREET_WORDS})\b\.?", re.IGNORECASE)
    # Small words that never sit inside a street's name, so "2 laps of the park" is left alone.
    _NOT_STREET_NAME = {"of", "the", "a", "an", "to", "in", "on", "at", "and", "or", "for",
                        "with", "my", "her", "his", "their", "our", "your", "times", "laps",
                        "minutes", "hours", "days", "weeks", "patients", "people", "beds"}
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
    if found.startswith("+44"):
        national = digits[2:]
        if "(0)" in found:
            national = national[1:]
        return len(national) in (9, 10) and not national.startswith("0")
    return len(digits) in (10, 11) and digits.startswith("0") and digits[1] != "0"


def _name_pattern(names: Iterable[str]) -> re.Pattern[str] | None:
    cleaned = sorted({" ".join(name.split()) for name in names if name.strip()},
                     key=len, reverse=True)
    if not cleaned:
        return None
    alternatives = "|".join(r"\s+".join(map(re.escape, name.split())) for name in cleaned)
    # Whole words only: no letter, digit, apostrophe-letter or hyphen either side, so
    # "Ann" is found in "Ann's" and "(Ann)" but not in "planned" or "Annual".
    return re.compile(rf"(?<![\w'’-])(?:{alternatives})(?=(?:['’]s?|s['’])?(?![\w-]))",
                      re.IGNORECASE)


def find_identifiers(text: str, names: Iterable[str] = (), today: date | None = None
                     ) -> list[Finding]:
    """Every identifier found, in order, without overlaps."""
    this_year = (today or date.today()).year
    found: list[Finding] = []

    def add(kind: str, start: int, end: int) -> None:
        found.append(Finding(kind, start, end, text[start:end]))

    pattern = _name_pattern(names)
    if pattern is not None:
        for match in pattern.finditer(text):
            add("name", match.start(), match.end())
    has_digit = any(char.isdigit() for char in text)
    if not has_digit and "@" not in text:
        return _without_overlaps(found)  # nothing else has a shape without these
    patterns = _patterns()
    if "@" in text:
        for match in patterns["_EMAIL"].finditer(text):
            add("email", match.start(), match.end())
    if not has_digit:
        return _without_overlaps(found)
    for match in patterns["_NHS"].finditer(text):
        if nhs_number_is_valid(match.group(1) + match.group(3) + match.group(4)):
            add("nhs_number", match.start(), match.end())
    for match in patterns["_PHONE"].finditer(text):
        if _phone_digits_ok(match.group()):
            add("phone", match.start(), match.end())
    for match in patterns["_DOB_AFTER_KEYWORD"].finditer(text):
        add("date_of_birth", match.start("date"), match.end("date"))
    for match in patterns["_FULL_DATE"].finditer(text):
        year = re.findall(r"\d{4}|\d{2}$", match.group("date"))
        if year and len(year[-1]) == 4 and int(year[-1]) <= this_year - 16:
            add("date_of_birth", match.start("date"), match.end("date"))
    for match in patterns["_ADDRESS"].finditer(text):
        words = match.group("words").lower().split()
        if not any(word in patterns["_NOT_STREET_NAME"] for word in words):
            add("address", match.start(), match.end())
    for match in patterns["_POSTCODE"].finditer(text):
        add("postcode", match.start(), match.end())
    for match in patterns["_LONG_NUMBER"].finditer(text):
        add("long_number", match.start(), match.end())
    return _without_overlaps(found)


def _without_overlaps(found: list[Finding]) -> list[Finding]:
    chosen: list[Finding] = []
    for finding in sorted(found, key=lambda f: (_PRIORITY[f.kind], f.start, -f.end)):
        if all(finding.end <= other.start or finding.start >= other.end for other in chosen):
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
