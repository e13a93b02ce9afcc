"""Trends maths: periods, buckets, pooled means, 0-100 scores and direction words.

Pure functions only: no database, no printing. SQL does the counting (see
queries.py); what arrives here is one (sum, count) per bucket and signal, so
the work is proportional to the number of buckets, never to the number of ratings.

Dates are local calendar days (a shift's date as the person gave it), so the change
of clocks between GMT and BST cannot move a rating into another bucket.
"""

from __future__ import annotations

import datetime

BUCKET_SIZES = ("day", "week", "month")
DEFAULT_WEEKS = 12
# A change in the mean smaller than this (on the 0-4 scale, a sixteenth of it) is
# "steady": a single heavy shift among a few should not turn a word. It is applied to
# the change as printed, so the same printed number always gets the same word.
STEADY_BELOW = 0.25
# A change is shown only when both periods have ratings on at least this many different
# days: a month of weekly check-ins. Fewer, and one shift would decide the word.
MIN_COMPARE_DAYS = 4
# On the 0-100 summary scores the same threshold is 6.25 points.
SCORE_PER_POINT = 25

Totals = dict[str, tuple[float, int]]  # signal key -> (sum of ratings, how many)


def monday_of(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def default_period(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The last 12 weeks, as whole ISO weeks ending with this (unfinished) one."""
    return monday_of(today) - datetime.timedelta(weeks=DEFAULT_WEEKS - 1), today


def previous_period(
    since: datetime.date, until: datetime.date
) -> tuple[datetime.date, datetime.date]:
    """The period of equal length that ends the day before ``since``."""
    length = (until - since).days + 1
    return since - datetime.timedelta(days=length), since - datetime.timedelta(days=1)


def bucket_key(day: datetime.date, by: str) -> str:
    """'2026-11-23', '2026-W48' (ISO week: 29 Dec 2025 is in 2026-W01) or '2026-11'."""
    if by == "day":
        return day.isoformat()
    if by == "week":
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    return f"{day.year:04d}-{day.month:02d}"


def bucket_sql(by: str, column: str = "e.shift_date") -> str:
    """The same key as bucket_key, computed by SQLite from an ISO date column.

    The ISO week belongs to the year of its Thursday: step back 3 days then forward
    to the next Thursday ('weekday 4') and that Thursday's year and day-of-year give
    the week. SQLite before 3.46 has no %V, so this works everywhere.
    """
    if by == "day":
        return column
    if by == "week":
        thursday = f"date({column}, '-3 days', 'weekday 4')"
        return (f"printf('%s-W%02d', strftime('%Y', {thursday}), "
                f"(strftime('%j', {thursday}) + 6) / 7)")
    if by == "month":
        return f"substr({column}, 1, 7)"
    raise ValueError(by)


def buckets(since: datetime.date, until: datetime.date, by: str) -> list[dict]:
    """Every bucket the period touches, oldest first, with its first and last day
    inside the period (so a partial first or last week is labelled truthfully)."""
    result: list[dict] = []
    day = since
    while day <= until:
        if by == "day":
            end = day
        elif by == "week":
            end = monday_of(day) + datetime.timedelta(days=6)
        else:
            following = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
            end = following - datetime.timedelta(days=1)
        end = min(end, until)
        result.append({"key": bucket_key(day, by), "start": day.isoformat(),
                       "end": end.isoformat()})
        day = end + datetime.timedelta(days=1)
    return result


def pooled_mean(totals: Totals, keys) -> float | None:
    """The mean of every rating of the given signals together; None when there are none."""
    total = count = 0
    for key in keys:
        signal_sum, signal_count = totals.get(key, (0, 0))
        total += signal_sum
        count += signal_count
    return total / count if count else None


def score(mean: float | None) -> float | None:
    """A 0-4 mean as 0-100 (the summary rows' scale), one decimal."""
    return None if mean is None else round(mean * SCORE_PER_POINT, 1)


def change(now: float | None, before: float | None) -> float | None:
    return None if now is None or before is None else now - before


def direction(delta: float | None, polarity: str, steady_below: float = STEADY_BELOW
              ) -> tuple[str, str]:
    """(direction, meaning) of this period against the one before it: ('higher',
    'worse') for more strain, ('higher', 'better') for more of a resource; ('same', '')
    for small changes; ('', '') with nothing to compare. Give it the change as printed
    (see printed_change), never the raw one. 'higher'/'lower' rather than
    'rising'/'falling': the change compares two means, not where things are heading
    now. The meaning word is what lets the output work without colour."""
    if delta is None:
        return "", ""
    if abs(delta) < steady_below:
        return "same", ""
    higher = delta > 0
    worse = higher if polarity == "strain" else not higher
    return ("higher" if higher else "lower"), ("worse" if worse else "better")


LATELY_DAYS = 28  # "lately": the last 4 weeks of the period


def lately(values: list[float | None], bucket_list: list[dict], until: datetime.date,
           period_direction: str, steady_below: float) -> str:
    """'higher' or 'lower' when the last 4 weeks' buckets moved the other way from the
    period's change (or moved while the period stayed the same), else ''.

    A period's mean can be higher than the period before while its last weeks fall
    back: the chart shows the fall, and without this word the row would seem to
    contradict it. It compares the average of the recent buckets with the average of
    the earlier buckets of the same period (each needs 2 buckets with a rating), on
    the values' own scale, rounded as printed (one decimal on 0-4, whole on 0-100)."""
    if period_direction not in ("higher", "lower", "same"):
        return ""
    first_recent = (until - datetime.timedelta(days=LATELY_DAYS - 1)).isoformat()
    recent = [value for value, bucket in zip(values, bucket_list, strict=True)
              if value is not None and bucket["start"] >= first_recent]
    earlier = [value for value, bucket in zip(values, bucket_list, strict=True)
               if value is not None and bucket["start"] < first_recent]
    if len(recent) < 2 or len(earlier) < 2:
        return ""
    places = 0 if steady_below > 1 else 1
    delta = round(sum(recent) / len(recent) - sum(earlier) / len(earlier), places)
    if abs(delta) < steady_below:
        return ""
    word = "higher" if delta > 0 else "lower"
    return word if word != period_direction else ""


def mark_lately(lines: list[dict], bucket_list: list[dict], until: datetime.date) -> None:
    """Set each compared line's 'lately' (see lately); summaries are on 0-100."""
    for line in lines:
        on_score = "polarity" not in line
        steady = STEADY_BELOW * (SCORE_PER_POINT if on_score else 1)
        line["lately"] = (lately(line["values"], bucket_list, until, line["direction"],
                                 steady) if line.get("compared") else "")


def printed_change(now: float | None, before: float | None, on_score: bool) -> float | None:
    """The change as every screen prints it: one decimal on the 0-4 scale, whole points
    on 0-100; a change that rounds to nothing is 0.0, never -0.0."""
    delta = change(now, before)
    if delta is None:
        return None
    printed = round(delta * SCORE_PER_POINT, 0) if on_score else round(delta, 1)
    return printed if printed != 0 else 0.0


def series(bucket_list: list[dict], by_bucket: dict[str, Totals], keys) -> list[float | None]:
    """One pooled mean per bucket, None (a gap, never 0) where nothing was rated."""
    return [pooled_mean(by_bucket.get(bucket["key"], {}), keys) for bucket in bucket_list]


def rounded(value: float | None, places: int = 2) -> float | None:
    return None if value is None else round(value, places)
