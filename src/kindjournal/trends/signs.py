"""Signs worth noticing: the pattern rules a check-in pack carries, and their tests.

The rules are data (``[[rules]]`` in a pack) so an organisation can tune them. Each
kind has a pure test here, fed with small facts that trends_query.py gets from SQL,
and a plain sentence saying what was seen, with dates. Never a diagnosis: a flag
describes the ratings, not the person.
"""

from __future__ import annotations

import datetime

from kindjournal.text import short_date, signal_name, span

# kind -> field -> (default, lowest allowed, highest allowed). "signals" and
# "summary" are checked separately (packs.py validates every rule against this).
RULE_KINDS: dict[str, dict[str, tuple[int, int, int]]] = {
    # A signal at `at_least` or more in `times` of the last `of_last` check-ins.
    "often-high": {"at_least": (3, 0, 4), "times": (4, 1, 100), "of_last": (6, 1, 100)},
    # The strain (or resources) score over the last `recent_weeks` weeks against the
    # person's own usual level: their first `first_weeks` weeks of check-ins, or when
    # those are not over yet, the `weeks_before` weeks before.
    "above-baseline": {"points": (15, 1, 100), "recent_weeks": (4, 1, 52),
                       "first_weeks": (8, 1, 52), "weeks_before": (12, 1, 104)},
    # A signal's latest weekly mean is its lowest of the last `weeks` weeks.
    "lowest-for": {"weeks": (13, 2, 104), "min_weeks": (4, 2, 104)},
    # No check-in for `weeks` weeks, after check-ins in `regular_min_weeks` of the
    # `regular_weeks` weeks before the last one.
    "gap-after-regular": {"weeks": (3, 1, 52), "regular_weeks": (8, 1, 52),
                          "regular_min_weeks": (4, 1, 52)},
}
SIGNAL_GROUPS = ("strain", "resource")
SUMMARIES = ("strain", "resources")
# Which rule kinds look at signals (and so take a "signals" field).
SIGNAL_RULES = ("often-high", "lowest-for")
# A baseline needs a few check-ins before it means anything.
MIN_BASELINE_CHECKINS = 3


def setting(rule: dict, name: str) -> int:
    return int(rule.get(name, RULE_KINDS[rule["kind"]][name][0]))


def rule_signals(rule: dict, signals) -> list:
    """The signals a rule looks at: a polarity group, or a list of keys."""
    chosen = rule.get("signals", "strain" if rule["kind"] == "often-high" else "resource")
    if isinstance(chosen, str):
        return [signal for signal in signals if signal.polarity == chosen]
    return [signal for signal in signals if signal.key in chosen]


# -- the tests, one per kind: facts in, a flag (dict) or None out ---------------------


def often_high(ratings_newest_first: list[tuple[str, int]], at_least: int, times: int,
               of_last: int) -> dict | None:
    """Fires when at least `times` of the last `of_last` ratings are `at_least` or more."""
    window = ratings_newest_first[:of_last]
    hits = sorted(day for day, value in window if value >= at_least)
    if len(window) < times or len(hits) < times:
        return None
    return {"dates": hits, "since": window[-1][0], "until": window[0][0],
            "count": len(hits), "of": len(window)}


def above_baseline(recent_mean: float | None, baseline_mean: float | None, points: int,
                   summary: str) -> float | None:
    """The change in points (0-100) when it reaches `points` the worrying way, else None.
    More strain is worrying; for resources, less."""
    if recent_mean is None or baseline_mean is None:
        return None
    delta = (recent_mean - baseline_mean) * 25
    worrying = delta if summary == "strain" else -delta
    return round(delta, 1) if worrying >= points - 1e-9 else None


def baseline_windows(first_use: datetime.date | None, recent_since: datetime.date,
                     first_weeks: int, weeks_before: int
                     ) -> list[tuple[str, datetime.date, datetime.date]]:
    """Where to look for the person's usual level, best first: their first weeks of
    check-ins if those ended before the recent window, then the weeks just before it."""
    windows = []
    if first_use is not None:
        first_end = first_use + datetime.timedelta(weeks=first_weeks, days=-1)
        if first_end < recent_since:
            windows.append((f"your first {first_weeks} weeks", first_use, first_end))
    before_end = recent_since - datetime.timedelta(days=1)
    windows.append((f"the {weeks_before} weeks before",
                    recent_since - datetime.timedelta(weeks=weeks_before), before_end))
    return windows


def lowest_for(weekly_newest_last: list[tuple[str, float]], min_weeks: int,
               until: datetime.date) -> dict | None:
    """Fires when the latest week's mean is below every other week's in the window.
    The latest week must be recent (this week or last), or it is old news."""
    if len(weekly_newest_last) < min_weeks:
        return None
    latest_start, latest_mean = weekly_newest_last[-1]
    if datetime.date.fromisoformat(latest_start) < until - datetime.timedelta(days=13):
        return None
    earlier = [mean for _, mean in weekly_newest_last[:-1]]
    if latest_mean >= min(earlier) - 1e-9:
        return None
    return {"week": latest_start, "mean": round(latest_mean, 2),
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


def describe_often_high(signal, found: dict, at_least: int) -> str:
    return (f"{signal_name(signal.key)} was {at_least} or more in {found['count']} of your "
            f"last {found['of']} check-ins ({span(found['since'], found['until'])}).")


def describe_above_baseline(summary: str, delta: float, recent: tuple, baseline: tuple,
                            recent_score: float, baseline_score: float) -> str:
    way = "above" if delta > 0 else "below"
    return (f"{summary.capitalize()} over {span(recent[0], recent[1])} was "
            f"{recent_score:.0f} out of 100, {abs(delta):.0f} points {way} your usual level "
            f"of {baseline_score:.0f} ({baseline[0]}, {span(baseline[1], baseline[2])}).")


def describe_lowest_for(signal, found: dict, weeks: int) -> str:
    return (f"{signal_name(signal.key)} in the week of {short_date(found['week'])} averaged "
            f"{found['mean']:.1f}, its lowest in {weeks} weeks (since "
            f"{short_date(found['since'])}; the lowest before was {found['previous_low']:.1f}).")


def describe_gap(found: dict, weeks_with: int, regular_weeks: int) -> str:
    quiet_weeks = found["days"] // 7
    return (f"No check-in for {quiet_weeks} weeks, since {short_date(found['last'])}, after "
            f"check-ins in {weeks_with} of the {regular_weeks} weeks before that.")
