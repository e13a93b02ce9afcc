"""The kinds of pattern rule a check-in pack may carry (``[[rules]]``), with each
setting's default and allowed range.

Data about the pack format: pack_format.py checks every rule in a pack against it, and
trends/signs.py reads a rule's settings through it. docs/trends.md explains each kind
in plain words, with a story.
"""

from __future__ import annotations

# kind -> field -> (default, lowest allowed, highest allowed); a float default allows a
# fraction. "signals" and "summary" are checked separately (pack_format.py validates
# every rule against this). docs/trends.md explains each kind in plain words, with a story.
RULE_KINDS: dict[str, dict[str, tuple[float, float, float]]] = {
    # A signal at `at_least` or more on `times` of the last `of_last` days with a rating
    # (a day counts once, at its highest), the first and last of those days at least
    # `min_span_days` apart: a run of heavy nights inside one week is not "often".
    "often-high": {"at_least": (3, 0, 4), "times": (4, 1, 100), "of_last": (6, 1, 100),
                   "min_span_days": (7, 0, 90)},
    # The same for a resource at `at_most` or less (a day counts at its lowest).
    "often-low": {"at_most": (1, 0, 4), "times": (4, 1, 100), "of_last": (6, 1, 100),
                  "min_span_days": (7, 0, 90)},
    # The strain (or resources) score over the last `recent_weeks` weeks against the
    # person's usual level: the `weeks_before` weeks just before, rolling on with time.
    # Both need `min_days` days with a check-in, the recent ones a week or more apart.
    # Where both hold enough of each shift type, nights are compared with nights.
    # `first_weeks` is read but no longer used: older packs that set it still load.
    "above-baseline": {"points": (15, 1, 100), "recent_weeks": (4, 1, 52),
                       "weeks_before": (12, 1, 104), "min_days": (4, 2, 100),
                       "first_weeks": (8, 1, 52)},
    # Not personal: strain at or above `points` (or resources at or below), on 0-100,
    # over the last `weeks` weeks, on `min_days` days spread over `min_span_days` or
    # more. Someone whose usual level is already poor is noticed too.
    "level": {"points": (65, 0, 100), "weeks": (4, 1, 52), "min_days": (4, 1, 100),
              "min_span_days": (14, 0, 365)},
    # A signal's latest weekly mean is its lowest of the last `weeks` weeks, at least
    # `min_drop` below the mean of the other weeks, and below that on `min_days` days.
    "lowest-for": {"weeks": (13, 2, 104), "min_weeks": (4, 2, 104),
                   "min_drop": (0.5, 0.1, 4.0), "min_days": (2, 1, 7)},
    # No check-in for `weeks` weeks, after check-ins in `regular_min_weeks` of the
    # `regular_weeks` weeks before the last one.
    "gap-after-regular": {"weeks": (3, 1, 52), "regular_weeks": (8, 1, 52),
                          "regular_min_weeks": (4, 1, 52)},
}
SIGNAL_GROUPS = ("strain", "resource")
SUMMARIES = ("strain", "resources")
# Which rule kinds look at signals (and so take a "signals" field), and which at a
# summary score (and so take "summary").
SIGNAL_RULES = ("often-high", "often-low", "lowest-for")
SUMMARY_RULES = ("above-baseline", "level")
