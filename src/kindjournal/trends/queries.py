"""The numbers behind `kj trends` and `kj supervision`, counted by SQLite.

Every query groups and sums in SQL and returns one row per bucket and signal (or
fewer), so a journal of 100,000 entries costs no more Python than one of 100. The
pure maths (means, scores, directions) is in maths.py; the rule tests in
signs.py. Returns the report as plain data, in the documented JSON shape.

Most queries read the per-day summaries that migration 0004 keeps in step with
the entries by triggers. What counts: ratings of entries that are not in the trash,
drafts included. The
check-in is asked first and saved as it is typed, so a reflection left unfinished
after a hard shift still says how that shift felt; leaving drafts out would hide
exactly the heaviest days.
"""

from __future__ import annotations

import datetime

from kindjournal.trends import maths, support
from kindjournal.trends.rules import evaluate_rules

# The per-day summaries (migration 0004) hold only live entries, drafts included.
_DAYS = "d.shift_date BETWEEN :since AND :until"
# Each per-day summary and its monthly roll-up (migrations 0004, 0005).
_RATINGS = ("trend_ratings", "trend_ratings_monthly")
_DAY_COUNTS = ("trend_days", "trend_days_monthly")
_TAGS = ("trend_tags", "trend_tags_monthly")
# Rated rows only: a summary row whose ratings all went is left at zero, not deleted.
_RATED = "ratings > 0"
_RATING_SUMS = "sum(total) AS total, sum(ratings) AS ratings"


def _period(since: datetime.date, until: datetime.date) -> dict:
    return {"since": since.isoformat(), "until": until.isoformat()}


def _ranges(since: datetime.date, until: datetime.date) -> list[tuple[bool, str, str]]:
    """The period as (by month?, first, last) ranges: the whole calendar months inside
    it as one range of months ('2026-01', '2026-10'), the part months at either end as
    ranges of days. A period of years then reads a few hundred monthly rows."""
    one_day = datetime.timedelta(days=1)
    whole_from = since if since.day == 1 else (since.replace(day=28) + 4 * one_day).replace(day=1)
    whole_to = until if (until + one_day).day == 1 else until.replace(day=1) - one_day
    if whole_from > whole_to:
        return [(False, since.isoformat(), until.isoformat())]
    ranges = [(True, whole_from.isoformat()[:7], whole_to.isoformat()[:7])]
    if since < whole_from:
        ranges.insert(0, (False, since.isoformat(), (whole_from - one_day).isoformat()))
    if whole_to < until:
        ranges.append((False, (whole_to + one_day).isoformat(), until.isoformat()))
    return ranges


_YEARS_OF_MONTHS = 24  # from here on, walking every month in shift order is cheaper


def _months_between(first: str, last: str) -> int:
    """Months from '2024-01' to '2026-11' (34)."""
    return (int(last[:4]) - int(first[:4])) * 12 + int(last[5:7]) - int(first[5:7])


def _union(summary: tuple[str, str], since, until, select: str, where: str = "",
           group: str = "", in_shift_order: bool = False) -> tuple[str, dict]:
    """One SELECT per range of the period (see _ranges), over the per-day table or its
    monthly roll-up, joined by UNION ALL, and its parameters. ``{month}`` in ``select``
    stands for the row's month ('2026-11'). Buckets of a month never span two ranges;
    sums over the whole period must add the ranges' rows up again.

    in_shift_order: over years, walk the monthly ratings in (shift type, signal) order
    (index trend_ratings_monthly_by_shift) rather than sort thousands of rows for a
    GROUP BY shift: '+month' keeps SQLite from choosing the index by month instead."""
    parts, params = [], {}
    for number, (by_month, first, last) in enumerate(_ranges(since, until)):
        table, column = (summary[1], "month") if by_month else (summary[0], "shift_date")
        if by_month and in_shift_order and _months_between(first, last) >= _YEARS_OF_MONTHS:
            column = "+month"
        month = "month" if by_month else "substr(shift_date, 1, 7)"
        condition = f"{column} BETWEEN :first{number} AND :last{number}"
        parts.append(f"SELECT {select.format(month=month)} FROM {table} WHERE {condition}"
                     + (f" AND {where}" if where else "") + (f" {group}" if group else ""))
        params |= {f"first{number}": first, f"last{number}": last}
    return " UNION ALL ".join(parts), params


# Julian day numbers count Mondays as multiples of 7, so this numbers the Monday-to-
# Sunday weeks, which are exactly the ISO weeks; one cheap function per row, where the
# ISO week key itself (maths.bucket_sql) takes four. _bucket_key names the numbers.
_WEEK_NUMBER = "CAST((julianday(d.shift_date) + 0.5) / 7 AS INTEGER)"
_ORDINAL_OF_JULIAN_DAY_0 = -1721425  # date.toordinal() of Julian day number 0


def _by_bucket(by: str, daily_table: str, columns: str, where: str, sums: str,
               since, until) -> tuple[str, dict]:
    """SELECT bucket, [signal_key,] sums per bucket, from the per-day table (for
    buckets finer than a month). By week the bucket is a week number: see _bucket_key."""
    bucket = _WEEK_NUMBER if by == "week" else maths.bucket_sql(by, "d.shift_date")
    keys = ", signal_key" if "signal_key" in columns else ""
    condition = _DAYS + (f" AND {where}" if where else "")
    return (f"SELECT {bucket}{keys}, {sums} FROM {daily_table} d WHERE {condition} "
            f"GROUP BY 1{', 2' if keys else ''}", _period(since, until))


def _bucket_key(by: str):
    """What turns _by_bucket's first column into the bucket's key ('2026-W48')."""
    if by != "week":
        return lambda key: key
    names: dict[int, str] = {}  # one row per signal of each week: name each week once

    def week_key(week: int) -> str:
        if week not in names:
            monday = datetime.date.fromordinal(week * 7 + _ORDINAL_OF_JULIAN_DAY_0)
            names[week] = maths.bucket_key(monday, "week")
        return names[week]

    return week_key


def checkin_totals(db, since, until, by: str | None = None) -> dict:
    """(sum, count) of ratings per signal, per bucket when ``by`` is given."""
    if by:
        sql, params = _by_bucket(by, "trend_ratings", "signal_key, total, ratings", _RATED,
                                 _RATING_SUMS, since, until)
    else:
        parts, params = _union(_RATINGS, since, until, f"signal_key, {_RATING_SUMS}",
                               _RATED, "GROUP BY 1")
        sql = f"SELECT '', signal_key, {_RATING_SUMS} FROM ({parts}) GROUP BY 2"
    by_bucket: dict[str, maths.Totals] = {}
    name = _bucket_key(by or "")
    for key, signal_key, total, count in db.execute(sql, params):
        by_bucket.setdefault(name(key), {})[signal_key] = (total, count)
    return by_bucket if by else by_bucket.get("", {})


def checkin_count(db, since, until) -> int:
    parts, params = _union(_DAY_COUNTS, since, until, "sum(rated) AS rated")
    return db.execute(f"SELECT coalesce(sum(rated), 0) FROM ({parts})", params).fetchone()[0]


def period_aggregates(db, since, until, by: str) -> dict:
    """The period's sums per bucket, per shift type and overall, each grouped by SQL:
    what comes back is one row per bucket (or shift type) and signal, a few hundred
    at most, never one per day or rating."""
    if by == "month":
        sql, params = _union(_RATINGS, since, until, f"{{month}}, signal_key, {_RATING_SUMS}",
                             _RATED, "GROUP BY 1, 2")
    else:
        sql, params = _by_bucket(by, "trend_ratings", "signal_key, total, ratings", _RATED,
                                 _RATING_SUMS, since, until)
    per_bucket: dict[str, maths.Totals] = {}
    name = _bucket_key(by)
    for key, signal_key, total, count in db.execute(sql, params):
        per_bucket.setdefault(name(key), {})[signal_key] = (total, count)

    parts, params = _union(_RATINGS, since, until, f"shift_type, signal_key, {_RATING_SUMS}",
                           _RATED, "GROUP BY 1, 2", in_shift_order=True)
    per_shift: dict[str, maths.Totals] = {}
    overall: maths.Totals = {}
    for shift, signal_key, total, count in db.execute(
            f"SELECT shift_type, signal_key, {_RATING_SUMS} FROM ({parts}) GROUP BY 1, 2",
            params):
        per_shift.setdefault(shift, {})[signal_key] = (total, count)
        before_total, before_count = overall.get(signal_key, (0, 0))
        overall[signal_key] = (before_total + total, before_count + count)

    counted = "sum(entries) AS entries, sum(rated) AS rated"
    if by == "month":
        sql, params = _union(_DAY_COUNTS, since, until, f"{{month}}, {counted}",
                             group="GROUP BY 1")
    else:
        sql, params = _by_bucket(by, "trend_days", "entries, rated", "", counted, since, until)
    counts = {name(key): (entries, rated) for key, entries, rated in db.execute(sql, params)}
    parts, params = _union(_DAY_COUNTS, since, until, "shift_type, sum(rated) AS rated",
                           group="GROUP BY 1")
    shift_checkins = dict(db.execute(
        f"SELECT shift_type, sum(rated) FROM ({parts}) GROUP BY 1", params))
    names = ("entries", "supervision", "share", "drafts")
    parts, params = _union(_DAY_COUNTS, since, until,
                           ", ".join(f"sum({name}) AS {name}" for name in names))
    marks = dict(zip(names, db.execute(
        "SELECT " + ", ".join(f"coalesce(sum({name}), 0)" for name in names)
        + f" FROM ({parts})", params).fetchone(), strict=True))
    return {"per_bucket": per_bucket, "per_shift": per_shift, "overall": overall,
            "counts": counts, "shift_checkins": shift_checkins, "marks": marks}


def themes(db, since, until, strain_keys, resource_keys, aggregates: dict) -> dict:
    """Most used tags, entries marked for supervision or a group, check-in by shift."""
    parts, params = _union(_TAGS, since, until, "tag, sum(entries) AS n", group="GROUP BY 1")
    tags = [{"tag": tag, "entries": count} for tag, count in db.execute(
        f"SELECT tag, sum(n) AS n FROM ({parts}) GROUP BY tag HAVING n > 0 "
        f"ORDER BY n DESC, tag LIMIT 5", params)]
    shift_checkins = aggregates["shift_checkins"]
    shifts = [
        {"shift": shift or None, "checkins": shift_checkins.get(shift, 0),
         "strain": maths.score(maths.pooled_mean(totals, strain_keys)),
         "resources": maths.score(maths.pooled_mean(totals, resource_keys))}
        for shift, totals in sorted(aggregates["per_shift"].items(),
                                    key=lambda item: (-shift_checkins.get(item[0], 0), item[0]))
    ]
    return {**aggregates["marks"], "tags": tags, "by_shift": shifts}


# -- the whole report -------------------------------------------------------------------


def _line(now_mean, before_mean, polarity, on_score: bool, days: int,
          previous_days: int) -> dict:
    """A mean and, only when both periods rest on enough days, its change and direction
    word, the word decided from the change as printed."""
    compared = (now_mean is not None and before_mean is not None
                and min(days, previous_days) >= maths.MIN_COMPARE_DAYS)
    delta = maths.printed_change(now_mean, before_mean, on_score) if compared else None
    steady = maths.STEADY_BELOW * (maths.SCORE_PER_POINT if on_score else 1)
    word, meaning = maths.direction(delta, polarity, steady)
    shown = maths.score if on_score else maths.rounded
    return {"mean": shown(now_mean), "previous_mean": shown(before_mean), "change": delta,
            "direction": word, "meaning": meaning, "compared": compared, "days": days,
            "previous_days": previous_days}


def rated_day_counts(db, since, until, groups: dict[str, list[str]]) -> dict[str, int]:
    """For each name, the number of days in the period with a rating of any of its
    signals (a signal's own key, or a summary's keys).

    Flat in journal size for most journals: in a month where every entry with a rating
    rated one of a name's signals (the month roll-ups say so: that signal's ratings
    equal the month's rated entries), the name's days are the days with any rating,
    counted from trend_days (a row per day and shift); in a month where none of its
    signals was rated (a signal a person never rates), none. Only the other months are
    read day by day from trend_ratings (a row per day, shift and signal: 145,712 rows
    over ten years of a 100,000-entry journal), where SQLite makes one row per day (the
    signals rated that day) and counts the days of each set of signals."""
    wanted = {name: frozenset(keys) for name, keys in groups.items()}
    first, last = since.isoformat(), until.isoformat()
    months = {"first": first[:7], "last": last[:7]}
    rated = dict(db.execute("SELECT month, sum(rated) FROM trend_days_monthly WHERE month "
                            "BETWEEN :first AND :last GROUP BY month", months))
    every: dict[str, set[str]] = {}  # month: the signals every rated entry in it rated
    some: dict[str, set[str]] = {}  # month: the signals rated at all in it
    for month, signal, ratings in db.execute(
            "SELECT month, signal_key, sum(ratings) FROM trend_ratings_monthly "
            "WHERE month BETWEEN :first AND :last GROUP BY month, signal_key", months):
        if ratings:
            some.setdefault(month, set()).add(signal)
            if ratings == rated.get(month):
                every.setdefault(month, set()).add(signal)
    # Settled months: every rated day counts for the name (covered), or none does.
    covered = {name: {month for month, signals in every.items() if signals & keys}
               for name, keys in wanted.items()}
    settled = {name: covered[name] | {month for month, signals in some.items()
                                      if not signals & keys}
               for name, keys in wanted.items()}
    period = {"since": first, "until": last}
    days_rated = dict(db.execute(
        "SELECT substr(shift_date, 1, 7), count(DISTINCT shift_date) FROM trend_days "
        "WHERE shift_date BETWEEN :since AND :until AND rated > 0 GROUP BY 1", period))
    counts = {name: sum(days_rated.get(month, 0) for month in covered[name])
              for name in wanted}
    rest = sorted(month for month in days_rated
                  if any(month not in settled[name] for name in wanted))
    if rest:  # read day by day, from the first such month to the last
        period = {"since": max(first, f"{rest[0]}-01"), "until": min(last, f"{rest[-1]}-31")}
        for month, signals, days in db.execute(
                "SELECT substr(shift_date, 1, 7), rated, count(*) FROM (SELECT shift_date, "
                "group_concat(DISTINCT signal_key) AS rated FROM trend_ratings WHERE "
                "shift_date BETWEEN :since AND :until AND ratings > 0 GROUP BY shift_date) "
                "GROUP BY 1, 2", period):
            present = set(signals.split(","))
            for name, keys in wanted.items():
                if month not in settled[name] and keys & present:
                    counts[name] += days
    return counts


def build_report(db, signals, rules, signposting, since: datetime.date,
                 until: datetime.date, by: str, nation: str | None = None) -> dict:
    """Everything `kj trends` shows, as plain data (the --json shape)."""
    previous_since, previous_until = maths.previous_period(since, until)
    bucket_list = maths.buckets(since, until, by)
    aggregates = period_aggregates(db, since, until, by)
    per_bucket, now_totals = aggregates["per_bucket"], aggregates["overall"]
    before_totals = checkin_totals(db, previous_since, previous_until)
    counts = aggregates["counts"]
    strain_keys = [signal.key for signal in signals if signal.polarity == "strain"]
    resource_keys = [signal.key for signal in signals if signal.polarity == "resource"]

    for bucket in bucket_list:
        bucket["entries"], bucket["checkins"] = counts.get(bucket["key"], (0, 0))
        totals = per_bucket.get(bucket["key"], {})
        bucket["strain"] = maths.score(maths.pooled_mean(totals, strain_keys))
        bucket["resources"] = maths.score(maths.pooled_mean(totals, resource_keys))

    groups = {signal.key: [signal.key] for signal in signals} | {
        "strain": strain_keys, "resources": resource_keys, "any": strain_keys + resource_keys}
    days_now = rated_day_counts(db, since, until, groups)
    days_before = rated_day_counts(db, previous_since, previous_until, groups)

    signal_rows = []
    for signal in signals:
        values = maths.series(bucket_list, per_bucket, [signal.key])
        row = {"key": signal.key, "question": signal.question, "polarity": signal.polarity,
               "low": signal.low, "high": signal.high,
               "values": [maths.rounded(value) for value in values],
               "ratings": now_totals.get(signal.key, (0, 0))[1]}
        row.update(_line(maths.pooled_mean(now_totals, [signal.key]),
                         maths.pooled_mean(before_totals, [signal.key]), signal.polarity,
                         False, days_now[signal.key], days_before[signal.key]))
        signal_rows.append(row)

    summaries = {}
    for name, keys, polarity in (("strain", strain_keys, "strain"),
                                 ("resources", resource_keys, "resource")):
        summaries[name] = {"values": [bucket[name] for bucket in bucket_list]}
        summaries[name].update(_line(maths.pooled_mean(now_totals, keys),
                                     maths.pooled_mean(before_totals, keys), polarity,
                                     True, days_now[name], days_before[name]))

    maths.mark_lately([*signal_rows, *summaries.values()], bucket_list, until)
    flags = evaluate_rules(db, rules, signals, until)
    return {
        "period": {**_period(since, until), "by": by,
                   "previous": _period(previous_since, previous_until),
                   "days": days_now["any"], "previous_days": days_before["any"],
                   "min_compare_days": maths.MIN_COMPARE_DAYS},
        "buckets": bucket_list,
        "signals": signal_rows,
        "strain": summaries["strain"],
        "resources": summaries["resources"],
        "entries": sum(bucket["entries"] for bucket in bucket_list),
        "checkins": sum(bucket["checkins"] for bucket in bucket_list),
        "flags": flags,
        "rules": len(rules),
        "signposting": support.signposting(signposting, flags, nation),
        "themes": themes(db, since, until, strain_keys, resource_keys, aggregates),
    }
