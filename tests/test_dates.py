"""Tests for the date language in kindjournal.dates."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kindjournal.dates
from kindjournal.dates import DateError, parse_day, parse_period, since_day, until_day

# A Monday, so "this week" is just today and "last <weekday>" is easy to check.
TODAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # words
        ("today", date(2026, 11, 23)),
        ("tonight", date(2026, 11, 23)),
        ("yesterday", date(2026, 11, 22)),
        ("last night", date(2026, 11, 22)),  # the night shift started yesterday
        ("  YesterDay  ", date(2026, 11, 22)),
        ("last   night", date(2026, 11, 22)),
        ("this morning", date(2026, 11, 23)),
        # N units ago
        ("0 days ago", date(2026, 11, 23)),
        ("1 day ago", date(2026, 11, 22)),
        ("3 days ago", date(2026, 11, 20)),
        ("a day ago", date(2026, 11, 22)),
        ("three days ago", date(2026, 11, 20)),
        ("2 weeks ago", date(2026, 11, 9)),
        ("a week ago", date(2026, 11, 16)),
        ("one week ago", date(2026, 11, 16)),
        ("1 month ago", date(2026, 10, 23)),
        ("twelve months ago", date(2025, 11, 23)),
        ("2 years ago", date(2024, 11, 23)),
        ("a year ago", date(2025, 11, 23)),
        # weekdays: the most recent one, today included (TODAY is a Monday)
        ("monday", date(2026, 11, 23)),
        ("mon", date(2026, 11, 23)),
        ("sunday", date(2026, 11, 22)),
        ("friday", date(2026, 11, 20)),
        ("fri", date(2026, 11, 20)),
        ("tuesday", date(2026, 11, 17)),
        ("tues", date(2026, 11, 17)),
        ("weds", date(2026, 11, 18)),
        ("thur", date(2026, 11, 19)),
        ("thurs", date(2026, 11, 19)),
        ("Sat", date(2026, 11, 21)),
        # "last <weekday>" is strictly before today
        ("last monday", date(2026, 11, 16)),
        ("last mon", date(2026, 11, 16)),
        ("last sunday", date(2026, 11, 22)),
        ("last friday", date(2026, 11, 20)),
        ("last fri", date(2026, 11, 20)),
        ("last tuesday", date(2026, 11, 17)),
        # UK day-first numbers
        ("3/11", date(2026, 11, 3)),
        ("3-11", date(2026, 11, 3)),
        ("3.11", date(2026, 11, 3)),
        ("03/11", date(2026, 11, 3)),
        ("3/11/2026", date(2026, 11, 3)),
        ("3/11/26", date(2026, 11, 3)),
        ("3/11/99", date(1999, 11, 3)),
        ("1/2", date(2026, 2, 1)),  # 1 February, not 2 January
        ("23/11", date(2026, 11, 23)),  # today itself
        ("24/11", date(2025, 11, 24)),  # tomorrow this year, so last year's
        ("3/12", date(2025, 12, 3)),
        ("29/02", date(2024, 2, 29)),
        ("29/2/2024", date(2024, 2, 29)),
        # ISO
        ("2026-11-03", date(2026, 11, 3)),
        ("2026-11-3", date(2026, 11, 3)),
        ("2026/11/03", date(2026, 11, 3)),
        # written dates
        ("3 nov", date(2026, 11, 3)),
        ("3rd November", date(2026, 11, 3)),
        ("nov 3", date(2026, 11, 3)),
        ("Nov 3rd", date(2026, 11, 3)),
        ("3 November 2026", date(2026, 11, 3)),
        ("3rd of november", date(2026, 11, 3)),
        ("november 3rd, 2026", date(2026, 11, 3)),
        ("3-nov-2026", date(2026, 11, 3)),
        ("3 nov 26", date(2026, 11, 3)),
        ("tue 3 nov", date(2026, 11, 3)),
        ("Tuesday, 3 November 2026", date(2026, 11, 3)),
        ("1 dec", date(2025, 12, 1)),
        ("29 feb", date(2024, 2, 29)),
        ("14 sept 2025", date(2025, 9, 14)),
    ],
)
def test_parse_day_reads_each_phrase_family(text: str, expected: date) -> None:
    assert parse_day(text, TODAY) == expected
    assert parse_period(text, TODAY) == (expected, expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-09", (date(2026, 9, 1), date(2026, 9, 30))),
        ("2024-02", (date(2024, 2, 1), date(2024, 2, 29))),
        ("2026-11", (date(2026, 11, 1), date(2026, 11, 23))),  # clamped to today
        ("this month", (date(2026, 11, 1), date(2026, 11, 23))),
        ("last month", (date(2026, 10, 1), date(2026, 10, 31))),
        ("this week", (date(2026, 11, 23), date(2026, 11, 23))),  # TODAY is a Monday
        ("last week", (date(2026, 11, 16), date(2026, 11, 22))),
        ("last year", (date(2025, 1, 1), date(2025, 12, 31))),
        ("this year", (date(2026, 1, 1), date(2026, 11, 23))),
        ("september", (date(2026, 9, 1), date(2026, 9, 30))),
        ("november", (date(2026, 11, 1), date(2026, 11, 23))),
        ("december", (date(2025, 12, 1), date(2025, 12, 31))),  # most recent December
        ("nov 2025", (date(2025, 11, 1), date(2025, 11, 30))),
        ("yesterday", (date(2026, 11, 22), date(2026, 11, 22))),
    ],
)
def test_parse_period(text: str, expected: tuple[date, date]) -> None:
    assert parse_period(text, TODAY) == expected
    assert since_day(text, TODAY) == expected[0]
    assert until_day(text, TODAY) == expected[1]


@pytest.mark.parametrize(
    ("today", "text", "expected"),
    [
        (date(2026, 1, 2), "last month", (date(2025, 12, 1), date(2025, 12, 31))),
        (date(2026, 1, 2), "this month", (date(2026, 1, 1), date(2026, 1, 2))),
        (date(2026, 1, 2), "last year", (date(2025, 1, 1), date(2025, 12, 31))),
        (date(2026, 1, 2), "this week", (date(2025, 12, 29), date(2026, 1, 2))),  # a Friday
        (date(2026, 1, 2), "last week", (date(2025, 12, 22), date(2025, 12, 28))),
        (date(2026, 1, 2), "3/12", (date(2025, 12, 3), date(2025, 12, 3))),
        (date(2026, 1, 2), "2/1", (date(2026, 1, 2), date(2026, 1, 2))),
        (date(2026, 1, 2), "3/1", (date(2025, 1, 3), date(2025, 1, 3))),
        (date(2026, 1, 2), "yesterday", (date(2026, 1, 1), date(2026, 1, 1))),
        (date(2026, 1, 2), "3 days ago", (date(2025, 12, 30), date(2025, 12, 30))),
        (date(2026, 1, 2), "1 month ago", (date(2025, 12, 2), date(2025, 12, 2))),
        (date(2026, 3, 31), "1 month ago", (date(2026, 2, 28), date(2026, 2, 28))),
        (date(2024, 2, 29), "1 year ago", (date(2023, 2, 28), date(2023, 2, 28))),
        (date(2024, 2, 29), "29/02", (date(2024, 2, 29), date(2024, 2, 29))),
        (date(2024, 2, 28), "29/02", (date(2020, 2, 29), date(2020, 2, 29))),
        (date(2104, 2, 28), "29/02", (date(2096, 2, 29), date(2096, 2, 29))),  # 2100 skips
        (date(2026, 11, 20), "friday", (date(2026, 11, 20), date(2026, 11, 20))),
        (date(2026, 11, 20), "last friday", (date(2026, 11, 13), date(2026, 11, 13))),
    ],
)
def test_year_boundaries_leap_days_and_weekdays(
    today: date, text: str, expected: tuple[date, date]
) -> None:
    assert parse_period(text, today) == expected


@pytest.mark.parametrize(
    ("text", "message_part"),
    [
        ("", "No date given"),
        ("   ", "No date given"),
        ("blurg", "Could not read 'blurg' as a date. Try 'yesterday'"),
        ("3", "Could not read"),
        ("2026", "Could not read"),
        ("last", "Could not read"),
        ("last blurg", "Could not read"),
        ("zero days ago", "Could not read"),
        ("3 hours ago", "Could not read"),
        ("t nov", "Could not read"),  # dateutil alone would accept this
        ("1 2 nov", "Could not read"),
        ("3 nov blah", "Could not read"),
        ("fri nov", "Could not read"),
        ("3/11-2026", "Could not read"),
        ("3/11/202", "Could not read"),
        ("\u0663/\u0661\u0661", "Could not read"),  # Arabic-Indic digits
        ("31/02", "'31/02' is not a real date"),
        ("29/02/2026", "is not a real date"),
        ("32/1", "is not a real date"),
        ("0/5", "is not a real date"),
        ("3/13", "is not a real date"),
        ("11/30", "dates are day first"),
        ("2026-02-30", "is not a real date"),
        ("31 feb", "is not a real date"),
        ("30 february 2026", "is not a real date"),
        ("2026-13", "is not a real month"),
        ("fri 3 nov 2026", "2026-11-03 was a Tuesday, not a Friday"),
        ("99999999 days ago", "too far from today"),
        ("9" * 5000 + " days ago", "too far from today"),
        ("99999999 months ago", "too far from today"),
        ("99999 years ago", "too far from today"),
        ("24/11/2026", "is in the future; a shift date can only be today or earlier."),
        ("2026-12-01", "is in the future"),
        ("3/11/27", "is in the future"),
        ("1 jan 2027", "is in the future"),
    ],
)
def test_unreadable_or_future_phrases_raise_one_line_date_error(
    text: str, message_part: str
) -> None:
    for parse in (parse_day, parse_period):
        with pytest.raises(DateError) as caught:
            parse(text, TODAY)
        message = str(caught.value)
        assert message_part in message
        assert len(message.splitlines()) == 1


@pytest.mark.parametrize(
    ("text", "message_part"),
    [
        ("2026-09", "'2026-09' is a month; give a day such as 2026-09-14."),
        ("last month", "is a month; give a day such as 2026-10-14"),
        ("november", "is a month"),
        ("last week", "is a week, not a single day"),
        ("this week", "is a week, not a single day"),
        ("last year", "is a year, not a single day"),
    ],
)
def test_parse_day_refuses_periods_helpfully(text: str, message_part: str) -> None:
    with pytest.raises(DateError, match=message_part):
        parse_day(text, TODAY)


@pytest.mark.parametrize("text", ["2026-12", "2027", "december 2026", "2027-01"])
def test_period_starting_in_the_future_is_refused(text: str) -> None:
    with pytest.raises(DateError):
        parse_period(text, TODAY)


def test_error_messages_quote_user_text_on_one_line() -> None:
    with pytest.raises(DateError) as caught:
        parse_day("blurg\nsecond line\u2028third\x00" + "x" * 100, TODAY)
    message = str(caught.value)
    assert len(message.splitlines()) == 1
    assert "\x00" not in message
    assert "…" in message  # long input is shortened


def test_date_error_is_a_value_error() -> None:
    assert issubclass(DateError, ValueError)


@pytest.mark.parametrize("today", [date.min, date(1, 1, 8), date.max, date(9999, 12, 25)])
@pytest.mark.parametrize(
    "text",
    [
        "yesterday",
        "last week",
        "last month",
        "last year",
        "3/12",
        "29/02",
        "3/11/26",
        "1 month ago",
        "last friday",
        "december",
        "2 years ago",
        "nov 3",
        "this week",
    ],
)
def test_edges_of_the_calendar_only_raise_date_error(today: date, text: str) -> None:
    for parse in (parse_day, parse_period):
        try:
            result = parse(text, today)
        except DateError:
            continue
        last = result if isinstance(result, date) else result[1]
        assert last <= today


def test_dateutil_is_imported_lazily() -> None:
    # Start-up time matters: importing the module must not pull in dateutil.
    src_dir = Path(kindjournal.dates.__file__).resolve().parent.parent
    code = (
        "import sys, kindjournal.dates; "
        "print(any(name.startswith('dateutil') for name in sys.modules))"
    )
    output = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(src_dir)},
    ).stdout
    assert output.strip() == "False"


# --- properties -------------------------------------------------------------

sane_today = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))
# Random text rarely looks like a date, so also mix date-ish fragments together.
date_fragments = st.sampled_from(
    "3 11 29 02 2026 26 0 / - . , nov february fri last this week month year days ago a of"
    " 3rd tonight".split()
)
fragment_lists = st.lists(date_fragments, max_size=6)
phrases = st.one_of(st.text(max_size=30), fragment_lists.map("".join), fragment_lists.map(" ".join))


@settings(max_examples=200, deadline=None)
@given(text=phrases, today=sane_today)
def test_any_text_gives_past_dates_or_date_error(text: str, today: date) -> None:
    try:
        day = parse_day(text, today)
    except DateError as error:
        assert len(str(error).splitlines()) == 1
    else:
        assert day <= today
    try:
        first, last = parse_period(text, today)
    except DateError:
        pass
    else:
        assert first <= last <= today


@settings(max_examples=100, deadline=None)
@given(day=st.dates(min_value=date(1900, 1, 1), max_value=TODAY), today=sane_today)
def test_day_first_numeric_dates_round_trip(day: date, today: date) -> None:
    today = max(today, day)  # the date must not be in the future
    assert parse_day(f"{day.day}/{day.month}/{day.year}", today) == day


@settings(max_examples=100, deadline=None)
@given(days=st.integers(min_value=0, max_value=3000), today=sane_today)
def test_n_days_ago(days: int, today: date) -> None:
    assert parse_day(f"{days} days ago", today) == today - timedelta(days=days)
