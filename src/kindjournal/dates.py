"""The date language: turn what a care worker types into calendar days.

Pure functions only (no printing, no files) so the rules are easy to test.
Every failure is a DateError whose message is one plain-English line that is
safe to show as-is. Dates are UK day-first ("3/11" is 3 November) and nothing
here ever returns a day after ``today``: a journal records shifts that happened.
"""

import datetime
import re

from kindjournal.errors import UsageError

__all__ = ["DateError", "parse_day", "parse_period", "read_since_until", "since_day", "until_day"]

_EXAMPLES = "Try 'yesterday', 'last friday', '3/11' or '2026-11-03'."
_FUTURE = "a shift date can only be today or earlier."

# Phrases that name a day by how far back it is. "last night" is yesterday
# because a night shift is filed under the day it started.
_DAYS_BACK_BY_PHRASE = dict.fromkeys(
    ("today", "tonight", "this morning", "this afternoon", "this evening"), 0
) | dict.fromkeys(("yesterday", "last night"), 1) | dict.fromkeys(
    # Read, so that it can be refused for what it is: a day that has not come yet.
    ("tomorrow", "tomorrow night"), -1)
_WEEKDAY_BY_NAME = {
    name: weekday
    for weekday, names in enumerate(
        (
            "monday mon",
            "tuesday tue tues",
            "wednesday wed weds",
            "thursday thu thur thurs",
            "friday fri",
            "saturday sat",
            "sunday sun",
        )
    )
    for name in names.split()
}
# Spelled out rather than taken from calendar.day_name, which follows the locale.
_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTH_NAMES = frozenset(
    "jan january feb february mar march apr april may jun june jul july aug august"
    " sep sept september oct october nov november dec december".split()
)
_COUNT_BY_WORD = {"a": 1, "an": 1} | {
    word: count
    for count, word in enumerate(
        "one two three four five six seven eight nine ten eleven twelve".split(), start=1
    )
}
# More digits than this is certainly off the calendar; checking the length
# first also keeps int() away from enormous strings.
_MAX_COUNT_DIGITS = 7
_DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)

# Patterns stay strings and go through _whole_match, so they are compiled (and
# cached by re) only when a date is actually read: start-up time matters.
_AGO = r"(?P<count>\d+|[a-z]+) (?P<unit>day|week|month|year)s? ago"
_WEEKDAY = r"(?P<last>last )?(?P<name>[a-z]+)"
_YEAR_FIRST = r"(?P<year>\d{4})(?P<sep>[-/.])(?P<month>\d{1,2})(?P=sep)(?P<day>\d{1,2})"
_YEAR_MONTH = r"(?P<year>\d{4})[-/.](?P<month>\d{1,2})"
_DAY_FIRST = r"(?P<day>\d{1,2})(?P<sep>[-/.])(?P<month>\d{1,2})(?:(?P=sep)(?P<year>\d{4}|\d{2}))?"
# Written dates are read by dateutil, which is far too forgiving on its own
# ("t nov" and "1 2 nov" both parse). Only text of this shape reaches it.
_ORDINAL = r"\d{1,2}(?:st|nd|rd|th)?"
_SEP = r"(?: ?[,/-] ?| )"
_WRITTEN = (
    rf"(?:(?P<weekday>[a-z]+),? )?"
    rf"(?:(?P<day_before>{_ORDINAL}){_SEP}(?:of )?(?P<month_after>[a-z]+)\.?"
    rf"|(?P<month_before>[a-z]+)\.?{_SEP}(?P<day_after>{_ORDINAL})"
    rf"|(?P<month_alone>[a-z]+)\.?)"
    rf"(?:{_SEP}(?P<year>\d{{4}}|\d{{2}}))?"
)


class DateError(UsageError, ValueError):
    """The phrase could not be read as a date.

    str(error) is one kind, plain-English line saying what was wrong, usually
    with examples of what works. A UsageError, so a command can let it reach the one
    exit point as it is (exit 2); still a ValueError for code that parses with one.
    """


class _Reading:
    """The days a phrase covers. A plain class: dataclasses costs ~10 ms to import."""

    __slots__ = ("first", "last", "span")

    def __init__(self, first: datetime.date, last: datetime.date, span: str | None = None):
        self.first, self.last = first, last
        self.span = span  # None for a single day, else "week", "month" or "year"


def parse_day(text: str, today: datetime.date) -> datetime.date:
    """Read one calendar day, today or earlier."""
    reading = _read_checked(text, today)
    shown = _shown(text)
    if reading.span == "month":
        example = reading.first.replace(day=14).isoformat()
        raise DateError(f"'{shown}' is a month; give a day such as {example}.")
    if reading.span is not None:
        raise DateError(
            f"'{shown}' is a {reading.span}, not a single day; "
            "give a day such as 'yesterday', 'last friday' or '3/11'."
        )
    if reading.first > today:
        raise DateError(f"'{shown}' is in the future; {_FUTURE}")
    return reading.first


def parse_period(text: str, today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """Read an inclusive (first_day, last_day) range; a single day gives (d, d).

    The last day is clamped to today, so "this month" ends today.
    """
    reading = _read_checked(text, today)
    if reading.first > today:
        raise DateError(f"'{_shown(text)}' is in the future; {_FUTURE}")
    return reading.first, min(reading.last, today)


def since_day(text: str, today: datetime.date) -> datetime.date:
    """First day a --since phrase covers ("--since last month" is the 1st)."""
    return parse_period(text, today)[0]


def until_day(text: str, today: datetime.date) -> datetime.date:
    """Last day an --until phrase covers, never after today."""
    return parse_period(text, today)[1]


def read_since_until(since: str | None, until: str | None, today: datetime.date
                     ) -> tuple[datetime.date | None, datetime.date | None]:
    """The one reading of a --since / --until pair (list, search, export, trends,
    supervision): (first day, last day), None where nothing was typed. A phrase that
    cannot be read, or a --since after the --until, is a UsageError naming the option."""
    from kindjournal.errors import UsageError

    first = last = None
    try:
        if since is not None:
            option = "--since"
            first = since_day(since, today)
        if until is not None:
            option = "--until"
            last = until_day(until, today)
    except DateError as error:
        raise UsageError(f"{option}: {error}") from None
    if first and last and first > last:
        raise UsageError(f"--since ({first}) is after --until ({last}); swap them round.")
    return first, last


def _shown(text: str) -> str:
    """The user's text made safe to quote inside a one-line message."""
    one_line = " ".join(text.split())
    printable = "".join(char if char.isprintable() else "?" for char in one_line)
    return printable if len(printable) <= 40 else printable[:39] + "…"


def _read_checked(text: str, today: datetime.date) -> _Reading:
    """_read, but any arithmetic that falls off the calendar becomes a DateError."""
    try:
        return _read(text, today)
    except DateError:
        raise
    except (ValueError, OverflowError) as error:  # e.g. date.min - 1 day
        raise DateError(f"'{_shown(text)}' is too far from today to be a shift date.") from error


def _read(text: str, today: datetime.date) -> _Reading:
    phrase = " ".join(text.lower().split())
    if not phrase:
        raise DateError(f"No date given. {_EXAMPLES}")
    shown = _shown(text)
    for reader in (_read_named, _read_ago, _read_weekday, _read_numeric, _read_written):
        reading = reader(phrase, today, shown)
        if reading is not None:
            return reading
    raise DateError(f"Could not read '{shown}' as a date. {_EXAMPLES}")


def _whole_match(pattern: str, phrase: str) -> re.Match[str] | None:
    # re.ASCII: \d must not match Arabic-Indic or other digits int() would accept.
    return re.fullmatch(pattern, phrase, re.ASCII)


def _single(day: datetime.date) -> _Reading:
    return _Reading(day, day)


def _month(year: int, month: int) -> _Reading:
    # Computed by hand because importing calendar (and locale with it) is slow.
    if month == 12:
        last = datetime.date(year, 12, 31)
    else:
        last = datetime.date(year, month + 1, 1) - datetime.timedelta(days=1)
    return _Reading(datetime.date(year, month, 1), last, "month")


def _read_named(phrase: str, today: datetime.date, shown: str) -> _Reading | None:
    if phrase in _DAYS_BACK_BY_PHRASE:
        return _single(today - datetime.timedelta(days=_DAYS_BACK_BY_PHRASE[phrase]))
    this_monday = today - datetime.timedelta(days=today.weekday())
    if phrase == "this week":
        return _Reading(this_monday, today, "week")
    if phrase == "last week":
        last_sunday = this_monday - datetime.timedelta(days=1)
        return _Reading(last_sunday - datetime.timedelta(days=6), last_sunday, "week")
    if phrase == "this month":
        return _month(today.year, today.month)
    if phrase == "last month":
        if today.month == 1:
            return _month(today.year - 1, 12)
        return _month(today.year, today.month - 1)
    if phrase in ("this year", "last year"):
        year = today.year if phrase == "this year" else today.year - 1
        return _Reading(datetime.date(year, 1, 1), datetime.date(year, 12, 31), "year")
    return None


def _read_ago(phrase: str, today: datetime.date, shown: str) -> _Reading | None:
    match = _whole_match(_AGO, phrase)
    if match is None:
        return None
    count_text, unit = match["count"], match["unit"]
    if count_text.isdigit():
        if len(count_text) > _MAX_COUNT_DIGITS:
            raise DateError(f"'{shown}' is too far from today to be a shift date.")
        count = int(count_text)
    elif count_text in _COUNT_BY_WORD:
        count = _COUNT_BY_WORD[count_text]
    else:
        return None
    if unit in ("day", "week"):
        return _single(today - datetime.timedelta(days=count * (7 if unit == "week" else 1)))
    # Calendar months and years: 31 March minus one month is 28/29 February.
    return _single(_months_before(today, count if unit == "month" else count * 12))


def _months_before(day: datetime.date, months: int) -> datetime.date:
    """``day`` minus whole calendar months, kept within the month it lands in, as
    dateutil's relativedelta does; by hand because importing that took ~2 ms of every
    'kj trends --since "10 years ago"'. Before year 1 it raises ValueError."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    days_in_month = 29 if month == 1 and leap else _DAYS_IN_MONTH[month]
    return datetime.date(year, month + 1, min(day.day, days_in_month))


def _read_weekday(phrase: str, today: datetime.date, shown: str) -> _Reading | None:
    match = _whole_match(_WEEKDAY, phrase)
    if match is None or match["name"] not in _WEEKDAY_BY_NAME:
        return None
    days_back = (today.weekday() - _WEEKDAY_BY_NAME[match["name"]]) % 7
    if match["last"] and days_back == 0:
        days_back = 7  # "last friday" said on a Friday means a week ago
    return _single(today - datetime.timedelta(days=days_back))


def _read_numeric(phrase: str, today: datetime.date, shown: str) -> _Reading | None:
    if match := _whole_match(_YEAR_FIRST, phrase):
        year, month, day = int(match["year"]), int(match["month"]), int(match["day"])
        return _single(_real_date(year, month, day, shown))
    if match := _whole_match(_YEAR_MONTH, phrase):
        month = int(match["month"])
        if not 1 <= month <= 12 or int(match["year"]) < datetime.MINYEAR:
            raise DateError(f"'{shown}' is not a real month.")
        return _month(int(match["year"]), month)
    if match := _whole_match(_DAY_FIRST, phrase):
        day, month, year_text = int(match["day"]), int(match["month"]), match["year"]
        if year_text is None:
            return _single(_most_recent(month, day, today, shown))
        return _single(_real_date(_full_year(year_text, today), month, day, shown))
    return None


def _read_written(phrase: str, today: datetime.date, shown: str) -> _Reading | None:
    match = _whole_match(_WRITTEN, phrase)
    if match is None:
        return None
    month_name = match["month_after"] or match["month_before"] or match["month_alone"]
    weekday_name = match["weekday"]
    if month_name not in _MONTH_NAMES or (weekday_name and weekday_name not in _WEEKDAY_BY_NAME):
        return None
    if weekday_name and match["month_alone"]:
        return None  # "fri nov" names no particular day
    from dateutil.parser import parse as dateutil_parse

    # A leap-year default lets "29 feb" through; the real year is chosen below.
    try:
        leap_default = datetime.datetime(2000, 1, 1)
        parsed = dateutil_parse(phrase, dayfirst=True, fuzzy=False, default=leap_default)
    except (ValueError, OverflowError) as error:
        raise DateError(f"'{shown}' is not a real date.") from error
    year_text, month = match["year"], parsed.month
    if match["month_alone"]:
        if year_text is not None:
            return _month(_full_year(year_text, today), month)
        return _month(today.year if month <= today.month else today.year - 1, month)
    # The day comes from our own match: dateutil may read "nov 26 03" differently.
    day_of_month = int((match["day_before"] or match["day_after"]).rstrip("stndrh"))
    if year_text is None:
        day = _most_recent(month, day_of_month, today, shown)
    else:
        day = _real_date(_full_year(year_text, today), month, day_of_month, shown)
    if weekday_name and day.weekday() != _WEEKDAY_BY_NAME[weekday_name]:
        said, actual = _WEEKDAY_NAMES[_WEEKDAY_BY_NAME[weekday_name]], _WEEKDAY_NAMES[day.weekday()]
        raise DateError(f"'{shown}' does not add up: {day} was a {actual}, not a {said}.")
    return _single(day)


def _real_date(year: int, month: int, day: int, shown: str) -> datetime.date:
    try:
        return datetime.date(year, month, day)
    except ValueError as error:
        # "11/30" looks like a US month-first date; say how we read it.
        hint = " (dates are day first: 3/11 is 3 November)" if month > 12 >= day else ""
        raise DateError(f"'{shown}' is not a real date{hint}.") from error


def _most_recent(month: int, day: int, today: datetime.date, shown: str) -> datetime.date:
    """The latest month/day that is not after today (a date typed without a year)."""
    _real_date(2000, month, day, shown)  # 2000 is a leap year, so only truly impossible days fail
    # Leap years can be 8 years apart (2096 -> 2104), so look back that far.
    for year in range(today.year, max(today.year - 9, datetime.MINYEAR - 1), -1):
        try:
            candidate = datetime.date(year, month, day)
        except ValueError:
            continue  # 29 February outside a leap year
        if candidate <= today:
            return candidate
    raise DateError(f"'{shown}' is too far from today to be a shift date.")


def _full_year(year_text: str, today: datetime.date) -> int:
    """Four digits as typed; two digits mean the nearest such year to today."""
    if len(year_text) == 4:
        return int(year_text)
    in_this_century = today.year - today.year % 100 + int(year_text)
    candidates = (in_this_century - 100, in_this_century, in_this_century + 100)
    # min() keeps the earliest on a tie, so a 50-year tie goes to the past.
    return min(candidates, key=lambda year: abs(year - today.year))
