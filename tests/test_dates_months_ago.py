"""'N months ago' and 'N years ago' are worked out by hand (dates._months_before), not
by dateutil's relativedelta (whose import cost start-up time): they must agree on
every day, month ends and 29 February included, and fail alike off the calendar."""

from __future__ import annotations

from datetime import date

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from kindjournal.dates import DateError, parse_day


@given(st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)),
       st.integers(0, 12_000), st.sampled_from(["month", "year"]))
def test_months_and_years_ago_agree_with_relativedelta(today, count, unit):
    step = relativedelta(months=count) if unit == "month" else relativedelta(years=count)
    try:
        expected = today - step
    except ValueError:
        with pytest.raises(DateError, match="too far from today"):
            parse_day(f"{count} {unit}s ago", today)
        return
    assert parse_day(f"{count} {unit}s ago", today) == expected


@pytest.mark.parametrize(("text", "today", "expected"), [
    ("1 month ago", date(2026, 3, 31), date(2026, 2, 28)),
    ("1 month ago", date(2024, 3, 31), date(2024, 2, 29)),
    ("a year ago", date(2024, 2, 29), date(2023, 2, 28)),
    ("4 years ago", date(2024, 2, 29), date(2020, 2, 29)),
    ("10 years ago", date(2026, 11, 23), date(2016, 11, 23)),
    ("12 months ago", date(2026, 1, 15), date(2025, 1, 15)),
])
def test_calendar_steps(text, today, expected):
    assert parse_day(text, today) == expected
