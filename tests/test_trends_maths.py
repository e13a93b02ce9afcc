"""The trends maths and the pattern rules, on small hand-worked examples."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kindjournal.reflect.packs import Signal
from kindjournal.trends import maths, signs

D = date.fromisoformat


# -- buckets ----------------------------------------------------------------------------


@pytest.mark.parametrize("day, week", [
    ("2025-12-28", "2025-W52"),  # a Sunday: the last day of 2025's last week
    ("2025-12-29", "2026-W01"),  # a Monday in December that belongs to 2026's first week
    ("2026-01-01", "2026-W01"),
    ("2026-12-31", "2026-W53"),  # 2026 has 53 ISO weeks (it starts on a Thursday)
    ("2027-01-03", "2026-W53"),  # still 2026's week 53
    ("2027-01-04", "2027-W01"),
])
def test_iso_weeks_across_a_year_boundary(day, week):
    assert maths.bucket_key(D(day), "week") == week
    assert _sql_key(day, "week") == week


def _sql_key(day: str, by: str) -> str:
    conn = sqlite3.connect(":memory:")
    return conn.execute(f"SELECT {maths.bucket_sql(by, ':day')}", {"day": day}).fetchone()[0]


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31)),
       st.sampled_from(maths.BUCKET_SIZES))
def test_sqlite_and_python_agree_on_every_bucket_key(day, by):
    assert _sql_key(day.isoformat(), by) == maths.bucket_key(day, by)


def test_buckets_cover_the_period_with_partial_ends():
    weeks = maths.buckets(D("2026-12-30"), D("2027-01-12"), "week")
    assert [(b["key"], b["start"], b["end"]) for b in weeks] == [
        ("2026-W53", "2026-12-30", "2027-01-03"),
        ("2027-W01", "2027-01-04", "2027-01-10"),
        ("2027-W02", "2027-01-11", "2027-01-12"),
    ]
    months = maths.buckets(D("2026-01-15"), D("2026-03-02"), "month")
    assert [(b["key"], b["end"]) for b in months] == [
        ("2026-01", "2026-01-31"), ("2026-02", "2026-02-28"), ("2026-03", "2026-03-02")]
    assert len(maths.buckets(D("2026-03-01"), D("2026-03-31"), "day")) == 31


def test_clock_changes_do_not_move_a_shift_to_another_day():
    # BST starts on Sunday 29 March 2026 and ends on Sunday 25 October 2026. Shift
    # dates are calendar days, so the 23-hour and 25-hour days are one bucket each.
    for sunday, monday in (("2026-03-29", "2026-03-30"), ("2026-10-25", "2026-10-26")):
        assert _sql_key(sunday, "week") != _sql_key(monday, "week")
        assert _sql_key(sunday, "day") == sunday
    days = maths.buckets(D("2026-10-24"), D("2026-10-26"), "day")
    assert [b["key"] for b in days] == ["2026-10-24", "2026-10-25", "2026-10-26"]


def test_default_and_previous_periods():
    since, until = maths.default_period(D("2026-11-25"))  # a Wednesday
    assert (since, until) == (D("2026-09-07"), D("2026-11-25"))
    assert since.weekday() == 0
    assert len(maths.buckets(since, until, "week")) == 12
    assert maths.previous_period(D("2026-11-01"), D("2026-11-30")) == (
        D("2026-10-02"), D("2026-10-31"))


# -- means, scores, directions -----------------------------------------------------------


def test_pooled_means_gaps_and_all_skipped():
    totals = {"exhaustion": (7, 3), "dread": (1, 1)}
    assert maths.pooled_mean(totals, ["exhaustion", "dread"]) == 2.0
    assert maths.pooled_mean(totals, ["exhaustion"]) == pytest.approx(7 / 3)
    assert maths.pooled_mean({}, ["exhaustion"]) is None  # all skipped: no ratings at all
    assert maths.score(2.0) == 50.0 and maths.score(None) is None
    bucket_list = maths.buckets(D("2026-11-02"), D("2026-11-22"), "week")
    per_bucket = {"2026-W45": {"dread": (3, 1)}, "2026-W47": {"dread": (0, 2)}}
    # A week with no rating is a gap (None), and a real 0 stays 0.
    assert maths.series(bucket_list, per_bucket, ["dread"]) == [3.0, None, 0.0]


def test_one_data_point_has_no_change_to_speak_of():
    assert maths.change(2.0, None) is None
    assert maths.direction(None, "strain") == ("", "")


@pytest.mark.parametrize("delta, polarity, expected", [
    (0.25, "strain", ("higher", "worse")),
    (0.2499, "strain", ("same", "")),
    (-0.25, "strain", ("lower", "better")),
    (0.5, "resource", ("higher", "better")),
    (-0.5, "resource", ("lower", "worse")),
    (0.0, "resource", ("same", "")),
])
def test_direction_words_respect_polarity(delta, polarity, expected):
    assert maths.direction(delta, polarity) == expected


# -- the pattern rules, each at and just past its threshold --------------------------------


def _days(*values, every=3):
    """Newest first, one day with a check-in every `every` days back from 20 Nov 2026."""
    return [((D("2026-11-20") - timedelta(days=i * every)).isoformat(), v)
            for i, v in enumerate(values)]


def _high(value):
    return value >= 3


def test_often_high_fires_at_four_of_six_days_a_week_apart():
    found = signs.often(_days(3, 0, 4, 1, 3, 3), _high, times=4, of_last=6, min_span_days=7)
    assert found["count"] == 4 and found["of"] == 6
    assert found["dates"] == ["2026-11-05", "2026-11-08", "2026-11-14", "2026-11-20"]
    assert (found["since"], found["until"]) == ("2026-11-05", "2026-11-20")
    # three of six, or four at 2 (just under the value), do not
    assert signs.often(_days(3, 0, 4, 1, 2, 3), _high, 4, 6, 7) is None
    assert signs.often(_days(2, 2, 2, 2, 0, 0), _high, 4, 6, 7) is None
    # older days beyond the last six do not count
    assert signs.often(_days(3, 3, 3, 0, 0, 0, 4), _high, 4, 6, 7) is None
    # too few days to say
    assert signs.often(_days(4, 4, 4), _high, 4, 6, 7) is None


def test_four_heavy_nights_in_a_row_are_a_run_not_often():
    """Ten calm weeks then four nights at 3: the first and last 3 days apart."""
    run = _days(3, 3, 3, 3, 1, 1, every=1)
    assert signs.often(run, _high, 4, 6, 7) is None
    assert signs.often(run, _high, 4, 6, 0) is not None  # a pack can choose otherwise


def test_often_low_for_a_resource():
    found = signs.often(_days(1, 0, 1, 1, 1, 3, 2), lambda value: value <= 1, 5, 7, 7)
    assert found["count"] == 5


def test_above_baseline_at_fifteen_points():
    assert signs.above_baseline(2.0, 1.4, 15, "strain") == 15.0  # 0.6 * 25
    assert signs.above_baseline(2.0, 1.41, 15, "strain") is None  # 14.75
    assert signs.above_baseline(1.0, 2.0, 15, "strain") is None  # strain fell
    assert signs.above_baseline(1.0, 2.0, 15, "resources") == -25.0  # resources fell
    assert signs.above_baseline(None, 2.0, 15, "strain") is None


def test_usual_level_compares_nights_with_nights():
    # nights always 2.5, days always 1.0; lately mostly nights
    before = {"day": (60.0, 60, 20), "night": (25.0, 10, 5)}
    recent = {"day": (3.0, 3, 3), "night": (22.5, 9, 9)}
    usual, matched = signs.usual_level(recent, before)
    assert matched and usual == pytest.approx(3 / 12 * 1.0 + 9 / 12 * 2.5)
    recent_mean = 25.5 / 12
    assert signs.above_baseline(recent_mean, usual, 15, "strain") is None
    # plainly pooled, the same weeks would read as 25 points above usual
    assert signs.above_baseline(recent_mean, 85 / 70, 15, "strain") is not None


def test_usual_level_pools_when_a_shift_type_is_too_thin():
    before = {"day": (60.0, 60, 20), "night": (5.0, 2, 2)}
    recent = {"day": (3.0, 3, 3), "night": (22.5, 9, 9)}
    assert signs.usual_level(recent, before) == (65 / 62, False)


def test_level_rules_do_not_depend_on_the_usual_level():
    assert signs.level(35.0, 35, "resources") and not signs.level(35.1, 35, "resources")
    assert signs.level(65.0, 65, "strain") and not signs.level(64.9, 65, "strain")
    assert not signs.level(None, 65, "strain")
    assert signs.spread_enough(["2026-11-01", "2026-11-05", "2026-11-09", "2026-11-15"], 4, 14)
    assert not signs.spread_enough(["2026-11-01", "2026-11-05", "2026-11-09", "2026-11-14"],
                                   4, 14)


def test_lowest_for_needs_a_real_drop():
    until = D("2026-11-20")
    weekly = [("2026-10-19", 2.0), ("2026-10-26", 1.5), ("2026-11-02", 2.5),
              ("2026-11-16", 1.0)]
    found = signs.lowest_for(weekly, 4, until, 0.5, [1.0, 1.0], 2)
    assert found == {"week": "2026-11-16", "mean": 1.0, "usual": 2.0, "previous_low": 1.5,
                     "since": "2026-10-19"}
    tie = weekly[:-1] + [("2026-11-16", 1.5)]
    assert signs.lowest_for(tie, 4, until, 0.5, [1.5, 1.5], 2) is None  # not lower
    assert signs.lowest_for(weekly[1:], 4, until, 0.5, [1.0, 1.0], 2) is None  # too few weeks
    assert signs.lowest_for(weekly, 4, D("2026-12-01"), 0.5, [1.0, 1.0], 2) is None  # old news
    # recovery from 2.5 to 2.3 is a new low but no real drop
    slight = [("2026-10-19", 2.5), ("2026-10-26", 2.5), ("2026-11-02", 2.6),
              ("2026-11-16", 2.3)]
    assert signs.lowest_for(slight, 4, until, 0.5, [2.3, 2.3], 2) is None
    # one terrible shift in an ordinary week: only one day below usual
    assert signs.lowest_for(weekly, 4, until, 0.5, [0.0, 2.5, 2.5], 2) is None


def test_gap_after_regular_use_at_three_weeks():
    last = D("2026-11-01")
    assert signs.gap_after_regular(last, D("2026-11-22"), 3, 4, 4) == {
        "last": "2026-11-01", "days": 21}
    assert signs.gap_after_regular(last, D("2026-11-21"), 3, 4, 4) is None  # 20 days
    assert signs.gap_after_regular(last, D("2026-11-22"), 3, 3, 4) is None  # not regular
    assert signs.gap_after_regular(None, D("2026-11-22"), 3, 8, 4) is None


def test_rules_pick_signals_by_polarity_or_key():
    signals = [Signal("exhaustion", "q", "l", "h", "strain"),
               Signal("support", "q", "l", "h", "resource")]
    assert [s.key for s in signs.rule_signals({"kind": "often-high"}, signals)] == [
        "exhaustion"]
    assert [s.key for s in signs.rule_signals(
        {"kind": "lowest-for", "signals": ["support"]}, signals)] == ["support"]
    assert signs.setting({"kind": "often-high"}, "of_last") == 6


def test_flag_sentences_say_what_was_seen_with_dates():
    signal = Signal("exhaustion", "q", "l", "h", "strain")
    found = signs.often(_days(3, 3, 3, 3, 0, 0), _high, 4, 6, 7)
    assert signs.describe_often(signal, found, 3, high=True) == (
        "Exhaustion was 3 or more on 4 of your last 6 days with a check-in (5 to 20 Nov "
        "2026).")
    assert signs.span("2026-12-30", "2027-01-02") == "30 Dec 2026 to 2 Jan 2027"
    assert signs.describe_gap({"last": "2026-11-01", "days": 22}, 6, 8) == (
        "No check-in for 3 weeks, since 1 Nov 2026, after check-ins in 6 of the 8 weeks "
        "before that.")


def test_the_word_follows_the_printed_change():
    """'Connection -0.2 steady' beside 'Support -0.2 falling, worse' (the real change
    -0.25) can no longer happen: the word is decided from the printed number."""
    support = maths.printed_change(1.75, 2.0, on_score=False)
    connection = maths.printed_change(1.8, 2.0, on_score=False)
    assert support == connection == -0.2
    assert maths.direction(support, "resource") == maths.direction(connection, "resource") \
        == ("same", "")
    assert maths.direction(maths.printed_change(2.3, 2.0, False), "strain") == (
        "higher", "worse")
    zero = maths.printed_change(2.0, 2.01, on_score=True)
    assert zero == 0.0 and str(zero) == "0.0"  # never -0.0
    assert maths.direction(maths.printed_change(2.0, 1.75, True), "strain", 6.25) == (
        "same", "")  # +6 points
    assert maths.direction(maths.printed_change(2.0, 1.7, True), "strain", 6.25) == (
        "higher", "worse")  # +8 points


def test_lately_names_the_last_weeks_only_when_they_went_the_other_way():
    import datetime

    weeks = maths.buckets(datetime.date(2026, 9, 7), datetime.date(2026, 11, 29), "week")
    falling_back = [60, 62, 64, 66, 66, 66, 66, 66, 40, 40, 40, 40]
    until = datetime.date(2026, 11, 29)
    assert maths.lately(falling_back, weeks, until, "higher", 6.25) == "lower"
    assert maths.lately(falling_back, weeks, until, "lower", 6.25) == ""  # same way
    assert maths.lately(falling_back, weeks, until, "same", 6.25) == "lower"
    assert maths.lately(falling_back, weeks, until, "", 6.25) == ""  # not compared
    flat = [60] * 8 + [63, 62, 64, 63]
    assert maths.lately(flat, weeks, until, "higher", 6.25) == ""  # under 6.25 points
    gaps = [60] * 8 + [None, None, None, 40]
    assert maths.lately(gaps, weeks, until, "higher", 6.25) == ""  # one recent week
