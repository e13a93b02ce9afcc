"""The pattern rules of a check-in pack, evaluated against the journal as of a day.

SQL gathers small facts (one value per day, sums per shift type, a count of weeks);
the tests themselves and their sentences are pure functions in signs.py. Every rule
counts distinct shift dates, so two entries on one day never count twice.
"""

from __future__ import annotations

import datetime

from kindjournal.trends import maths, signs

_LIVE = "e.deleted_at IS NULL"


def daily_values(db, signal_key: str, until: datetime.date, limit: int, highest: bool
                 ) -> list[tuple[str, int]]:
    """A signal's value on each of its last ``limit`` days with a rating, newest first:
    the day's highest (for strain) or lowest (for a resource), drafts included. CROSS
    JOIN keeps SQLite walking entries newest first by date, stopping at LIMIT."""
    pick = "max" if highest else "min"
    # A signal never rated (new to the pack, or one nobody uses) would make the walk
    # below visit every entry in the journal to find nothing: ask the monthly sums first
    # (a few rows a month; checkins has no index by signal since 0009, so asking it
    # read every rating in the journal).
    if db.execute("SELECT 1 FROM trend_ratings_monthly WHERE signal_key = ? "
                  "AND ratings > 0 AND month <= ? LIMIT 1",
                  [signal_key, until.isoformat()[:7]]).fetchone() is None:
        return []
    return db.execute(
        f"SELECT e.shift_date, {pick}(c.value) FROM entries e CROSS JOIN checkins c "
        "WHERE c.entry_id = e.id AND c.signal_key = :key AND c.value IS NOT NULL "
        f"AND {_LIVE} AND e.shift_date <= :until "
        "GROUP BY e.shift_date ORDER BY e.shift_date DESC LIMIT :limit",
        {"key": signal_key, "until": until.isoformat(), "limit": limit},
    ).fetchall()


def day_means(db, signal_key: str, since: datetime.date, until: datetime.date) -> list[float]:
    """The signal's mean on each day with a rating in the window."""
    return [total / count for total, count in db.execute(
        "SELECT sum(total), sum(ratings) FROM trend_ratings WHERE signal_key = :key "
        "AND shift_date BETWEEN :since AND :until AND ratings > 0 GROUP BY shift_date",
        {"key": signal_key, "since": since.isoformat(), "until": until.isoformat()})]


def rated_days(db, since: datetime.date, until: datetime.date) -> list[str]:
    """The days in the window with at least one check-in rating."""
    return [day for (day,) in db.execute(
        "SELECT DISTINCT shift_date FROM trend_days WHERE shift_date BETWEEN :since AND "
        ":until AND rated > 0 ORDER BY 1",
        {"since": since.isoformat(), "until": until.isoformat()})]


def by_shift(db, keys: list[str], since: datetime.date, until: datetime.date
             ) -> dict[str, tuple[float, int, int]]:
    """shift type -> (sum, ratings, days with a rating) of the given signals together."""
    if not keys:
        return {}
    marks = ", ".join(f":k{index}" for index in range(len(keys)))
    params = {f"k{index}": key for index, key in enumerate(keys)}
    rows = db.execute(
        f"SELECT shift_type, sum(total), sum(ratings), count(DISTINCT shift_date) "
        f"FROM trend_ratings WHERE shift_date BETWEEN :since AND :until AND ratings > 0 "
        f"AND signal_key IN ({marks}) GROUP BY shift_type",
        {**params, "since": since.isoformat(), "until": until.isoformat()})
    return {shift: (total, count, days) for shift, total, count, days in rows}


def _last_checkin_day(db, until) -> datetime.date | None:
    row = db.execute(
        "SELECT max(shift_date) FROM trend_days WHERE shift_date <= :until AND rated > 0",
        {"until": until.isoformat()}).fetchone()
    return datetime.date.fromisoformat(row[0]) if row and row[0] else None


def _weeks_with_checkins(db, since, until) -> int:
    sql = (f"SELECT count(DISTINCT {maths.bucket_sql('week', 'd.shift_date')}) "
           "FROM trend_days d WHERE d.shift_date BETWEEN :since AND :until AND d.rated > 0")
    return db.execute(sql, {"since": since.isoformat(), "until": until.isoformat()}
                      ).fetchone()[0]


def evaluate_rules(db, rules, signals, until: datetime.date) -> list[dict]:
    """Every rule that fires as of ``until``, in the pack's order."""
    tests = {"often-high": _often, "often-low": _often, "above-baseline": _above_baseline,
             "level": _level, "lowest-for": _lowest_for, "gap-after-regular": _gap}
    flags: list[dict] = []
    for rule in rules:
        kind = rule["kind"]
        for flag in tests[kind](db, rule, signals, until):
            flags.append({"rule": rule.get("key", kind), "kind": kind, **flag})
    return flags


def _often(db, rule, signals, until):
    high = rule["kind"] == "often-high"
    threshold = signs.setting(rule, "at_least" if high else "at_most")
    times, of_last, min_span = (signs.setting(rule, name)
                                for name in ("times", "of_last", "min_span_days"))
    hit = (lambda value: value >= threshold) if high else (lambda value: value <= threshold)
    for signal in signs.rule_signals(rule, signals):
        found = signs.often(daily_values(db, signal.key, until, of_last, highest=high),
                            hit, times, of_last, min_span)
        if found:
            yield {"signal": signal.key, "since": found["since"], "until": found["until"],
                   "dates": found["dates"],
                   "text": signs.describe_often(signal, found, threshold, high)}


def _summary_keys(rule, signals) -> tuple[str, list[str]]:
    summary = rule.get("summary", "strain")
    polarity = "strain" if summary == "strain" else "resource"
    return summary, [signal.key for signal in signals if signal.polarity == polarity]


def _above_baseline(db, rule, signals, until):
    summary, keys = _summary_keys(rule, signals)
    min_days = signs.setting(rule, "min_days")
    recent_since = until - datetime.timedelta(weeks=signs.setting(rule, "recent_weeks"),
                                              days=-1)
    weeks_before = signs.setting(rule, "weeks_before")
    before = (recent_since - datetime.timedelta(weeks=weeks_before),
              recent_since - datetime.timedelta(days=1))
    if not signs.spread_enough(rated_days(db, recent_since, until), min_days, 7):
        return
    if len(rated_days(db, *before)) < min_days:
        return
    recent = by_shift(db, keys, recent_since, until)
    earlier = by_shift(db, keys, *before)
    recent_mean = maths.pooled_mean({"": (sum(v[0] for v in recent.values()),
                                          sum(v[1] for v in recent.values()))}, [""])
    usual, matched = signs.usual_level(recent, earlier)
    delta = signs.above_baseline(recent_mean, usual, signs.setting(rule, "points"), summary)
    if delta is None:
        return
    label = f"the {weeks_before} weeks before"
    yield {"signal": None, "summary": summary, "since": recent_since.isoformat(),
           "until": until.isoformat(), "dates": [], "change": delta,
           "baseline": {"label": label, "since": before[0].isoformat(),
                        "until": before[1].isoformat(), "score": maths.score(usual),
                        "by_shift": matched},
           "text": signs.describe_above_baseline(
               summary, delta, (recent_since, until), (label, *before),
               maths.score(recent_mean), maths.score(usual), matched)}


def _level(db, rule, signals, until):
    summary, keys = _summary_keys(rule, signals)
    since = until - datetime.timedelta(weeks=signs.setting(rule, "weeks"), days=-1)
    days = rated_days(db, since, until)
    if not signs.spread_enough(days, signs.setting(rule, "min_days"),
                               signs.setting(rule, "min_span_days")):
        return
    totals = by_shift(db, keys, since, until)
    count = sum(value[1] for value in totals.values())
    score = maths.score(sum(value[0] for value in totals.values()) / count) if count else None
    points = signs.setting(rule, "points")
    if signs.level(score, points, summary):
        yield {"signal": None, "summary": summary, "since": since.isoformat(),
               "until": until.isoformat(), "dates": [], "score": score,
               "text": signs.describe_level(summary, score, points, since, until, len(days))}


def _lowest_for(db, rule, signals, until):
    from kindjournal.trends.queries import checkin_totals

    weeks = signs.setting(rule, "weeks")
    since = maths.monday_of(until) - datetime.timedelta(weeks=weeks - 1)
    week_list = maths.buckets(since, until, "week")
    weekly = checkin_totals(db, since, until, "week")
    for signal in signs.rule_signals(rule, signals):
        means = [(bucket["start"], weekly[bucket["key"]][signal.key])
                 for bucket in week_list if signal.key in weekly.get(bucket["key"], {})]
        if not means:
            continue
        latest = datetime.date.fromisoformat(means[-1][0])
        found = signs.lowest_for(
            [(start, total / count) for start, (total, count) in means],
            signs.setting(rule, "min_weeks"), until, signs.setting(rule, "min_drop"),
            day_means(db, signal.key, latest, until), signs.setting(rule, "min_days"))
        if found:
            week_end = min(datetime.date.fromisoformat(found["week"])
                           + datetime.timedelta(days=6), until)
            yield {"signal": signal.key, "since": found["week"], "until": week_end.isoformat(),
                   "dates": [], "text": signs.describe_lowest_for(signal, found, weeks)}


def _gap(db, rule, signals, until):
    last = _last_checkin_day(db, until)
    if last is None:
        return
    regular_weeks = signs.setting(rule, "regular_weeks")
    weeks_with = _weeks_with_checkins(
        db, last - datetime.timedelta(weeks=regular_weeks, days=-1), last)
    found = signs.gap_after_regular(last, until, signs.setting(rule, "weeks"), weeks_with,
                                    signs.setting(rule, "regular_min_weeks"))
    if found:
        yield {"signal": None, "since": last.isoformat(), "until": until.isoformat(),
               "dates": [last.isoformat()],
               "text": signs.describe_gap(found, weeks_with, regular_weeks)}
