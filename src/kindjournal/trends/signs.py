"""Signs worth noticing: the pattern rules a check-in pack carries, and their tests.

The rules are data (``[[rules]]`` in a pack) so an organisation can tune them. Each
kind has a pure test here, fed with small facts that rules.py gets from SQL,
and a plain sentence saying what was seen, with dates. Never a diagnosis: a flag
describes the ratings, not the person.
"""

from __future__ import annotations

import datetime

from kindjournal.reflect.rule_kinds import RULE_KINDS  # noqa: E402 (kept beside its users' docs)
from kindjournal.text import short_date, signal_name, span

# Signs that describe weeks rather than a few days: one of them is enough for the
# fuller signposting (occupational health, GP, the employee assistance programme).
SUSTAINED_KINDS = ("above-baseline", "level")
# With a mixed rota, each shift type needs this many days in both windows before the
# usual level is taken shift type by shift type.
MIN_SHIFT_DAYS = 3


def setting(rule: dict, name: str) -> float:
    default = RULE_KINDS[rule["kind"]][name][0]
    value = rule.get(name, default)
    return float(value) if isinstance(default, float) else int(value)


def rule_signals(rule: dict, signals) -> list:
    """The signals a rule looks at: a polarity group, or a list of keys."""
    chosen = rule.get("signals", "strain" if rule["kind"] == "often-high" else "resource")
    if isinstance(chosen, str):
        return [signal for signal in signals if signal.polarity == chosen]
    return [signal for signal in signals if signal.key in chosen]


# -- the tests, one per kind: facts in, a flag (dict) or None out ---------------------


def often(days_newest_first: list[tuple[str, int]], hit, times: int, of_last: int,
          min_span_days: int) -> dict | None:
    """Fires when `hit(value)` holds on at least `times` of the last `of_last` days
    (one value per day), the first and last of those days `min_span_days` or more apart."""
    window = days_newest_first[:of_last]
    hits = sorted(day for day, value in window if hit(value))
    if len(hits) < times:
        return None
    apart = (datetime.date.fromisoformat(hits[-1]) - datetime.date.fromisoformat(hits[0])).days
    if apart < min_span_days:
        return None
    return {"dates": hits, "since": window[-1][0], "until": window[0][0],
            "count": len(hits), "of": len(window)}


def spread_enough(days: list[str], min_days: int, min_span_days: int) -> bool:
    """Enough distinct days, far enough apart, to speak of weeks rather than a burst."""
    if len(days) < min_days:
        return False
    return (datetime.date.fromisoformat(max(days))
            - datetime.date.fromisoformat(min(days))).days >= min_span_days


def above_baseline(recent_mean: float | None, baseline_mean: float | None, points: int,
                   summary: str) -> float | None:
    """The change in points (0-100) when it reaches `points` the worrying way, else None.
    More strain is worrying; for resources, less."""
    if recent_mean is None or baseline_mean is None:
        return None
    delta = (recent_mean - baseline_mean) * 25
    worrying = delta if summary == "strain" else -delta
    return round(delta, 1) if worrying >= points - 1e-9 else None


def usual_level(recent: dict[str, tuple[float, int, int]],
                before: dict[str, tuple[float, int, int]]) -> tuple[float | None, bool]:
    """The person's usual level for the recent mix of shifts, and whether it could be
    taken shift type by shift type. Each dict is shift type -> (sum, ratings, days).

    When every shift type rated recently also has MIN_SHIFT_DAYS days in both windows,
    the usual level is each type's own earlier mean, weighted by how much of the recent
    weeks it makes up: more nights lately does not read as more strain when nights were
    always heavier. Otherwise it is the plain mean of the earlier weeks."""
    recent_ratings = sum(count for _, count, _ in recent.values())
    matched = recent_ratings > 0 and all(
        days >= MIN_SHIFT_DAYS and before.get(shift, (0, 0, 0))[2] >= MIN_SHIFT_DAYS
        for shift, (_, _, days) in recent.items())
    if matched:
        return sum(count / recent_ratings * before[shift][0] / before[shift][1]
                   for shift, (_, count, _) in recent.items()), True
    total = sum(value for value, _, _ in before.values())
    count = sum(count for _, count, _ in before.values())
    return (total / count if count else None), False


def level(score: float | None, points: int, summary: str) -> bool:
    """Strain at or above `points`, or resources at or below, on the 0-100 scale."""
    if score is None:
        return False
    return score >= points if summary == "strain" else score <= points


def lowest_for(weekly_newest_last: list[tuple[str, float]], min_weeks: int,
               until: datetime.date, min_drop: float, latest_days: list[float],
               min_days: int) -> dict | None:
    """Fires when the latest week's mean is below every other week's in the window and
    at least `min_drop` below their mean, with `min_days` days that week under that
    mean: a real drop, not 2.5 becoming 2.3 and not one bad shift in a good week.
    The latest week must be recent (this week or last), or it is old news."""
    if len(weekly_newest_last) < min_weeks:
        return None
    latest_start, latest_mean = weekly_newest_last[-1]
    if datetime.date.fromisoformat(latest_start) < until - datetime.timedelta(days=13):
        return None
    earlier = [mean for _, mean in weekly_newest_last[:-1]]
    usual = sum(earlier) / len(earlier)
    if latest_mean >= min(earlier) - 1e-9 or usual - latest_mean < min_drop - 1e-9:
        return None
    if sum(1 for value in latest_days if value < usual - 1e-9) < min_days:
        return None
    return {"week": latest_start, "mean": round(latest_mean, 2), "usual": round(usual, 2),
            "previous_low": round(min(earlier), 2), "since": weekly_newest_last[0][0]}


def gap_after_regular(last_checkin: datetime.date | None, until: datetime.date, weeks: int,
                      weeks_with_checkins: int, regular_min_weeks: int) -> dict | None:
    """Fires when nothing was rated for `weeks` weeks after a regular habit."""
    if last_checkin is None:
        return None
    days_quiet = (until - last_checkin).days
    if days_quiet < weeks * 7 or weeks_with_checkins < regular_min_weeks:
        return None
    return {"last": last_checkin.isoformat(), "days": days_quiet}


# -- what a flag says ------------------------------------------------------------------


def describe_often(signal, found: dict, threshold: int, high: bool) -> str:
    way = f"{threshold} or more" if high else f"{threshold} or less"
    return (f"{signal_name(signal.key)} was {way} on {found['count']} of your last "
            f"{found['of']} days with a check-in ({span(found['since'], found['until'])}).")


def describe_above_baseline(summary: str, delta: float, recent: tuple, baseline: tuple,
                            recent_score: float, baseline_score: float, matched: bool) -> str:
    way = "above" if delta > 0 else "below"
    usual = "your usual level for the same mix of shifts" if matched else "your usual level"
    return (f"{summary.capitalize()} over {span(recent[0], recent[1])} was "
            f"{recent_score:.0f} out of 100, {abs(delta):.0f} points {way} {usual} "
            f"of {baseline_score:.0f} ({baseline[0]}, {span(baseline[1], baseline[2])}).")


def describe_level(summary: str, score: float, points: int, since, until, days: int) -> str:
    way = "at or above" if summary == "strain" else "at or below"
    return (f"{summary.capitalize()} over {span(since, until)} was {score:.0f} out of 100, "
            f"{way} {points}, across {days} days with a check-in. This does not depend on "
            "your usual level.")


def describe_lowest_for(signal, found: dict, weeks: int) -> str:
    # Two places when one would print the new low and the low before it alike
    # ("averaged 1.9 ... the lowest week before was 1.9" read as a contradiction).
    places = 1 if f"{found['mean']:.1f}" != f"{found['previous_low']:.1f}" else 2
    return (f"{signal_name(signal.key)} in the week of {short_date(found['week'])} averaged "
            f"{found['mean']:.{places}f}, its lowest in {weeks} weeks (its usual was "
            f"{found['usual']:.1f}; the lowest week before was "
            f"{found['previous_low']:.{places}f}).")


def describe_gap(found: dict, weeks_with: int, regular_weeks: int) -> str:
    quiet_weeks = found["days"] // 7
    return (f"No check-in for {quiet_weeks} weeks, since {short_date(found['last'])}, after "
            f"check-ins in {weeks_with} of the {regular_weeks} weeks before that.")
