"""What `kj supervision` prepares, as plain data (the --json shape), with only what the
person chose to show a supervisor.

The choice (signals left out, whether the 0-100 summaries appear) is remembered in the
journal's supervision agreement; --show and --hide change it for one run. Leaving a
signal out takes it out of everything prepared: its row, its chart and any sign about
it. The summaries pool every signal of their kind, so hiding a signal leaves its share
in them; hiding the summaries takes them, and the signs about them, out too.
"""

from __future__ import annotations

import datetime
from pathlib import Path

PREP_PACK = "supervision-prep"


def build_prep(db, user_prompt_dir: Path | None, today: datetime.date, since: str | None,
               show: list[str], hide: list[str], limit: int | None = None) -> dict:
    """The whole preparation; with limit (the text on screen), only the first limit
    marked entries and actions of each kind, and under "totals" how many there are, so
    a period of thousands reads no more than it shows ('--json' and '--html' get all)."""
    from kindjournal.journal import supervision
    from kindjournal.journal import supervision_agreement as agreed
    from kindjournal.trends import support
    from kindjournal.trends.queries import build_report
    from kindjournal.trends.report import checkin_pack, resolve_period
    from kindjournal.trends.support import saved_nation

    last = supervision.last_session(db, today)
    if since:
        first, _ = resolve_period(since, None, today)
    else:
        first = supervision.prep_period(last, today)
    signals, rules, signposting = checkin_pack(user_prompt_dir)
    agreement = agreed.agreement(db)
    hidden, summaries = agreed.choose_shown(agreement, show, hide,
                                            [signal.key for signal in signals])
    report = only_chosen(build_report(db, signals, rules, signposting, first, today,
                                      "week", saved_nation()), hidden, summaries)
    # The support lines follow the signs shown: a raised level would hint at a sign the
    # person chose to keep to themselves ('kj trends' and 'kj support' still show all).
    report["signposting"] = support.signposting(signposting, report["flags"],
                                                saved_nation())
    prep = {
        "period": {"since": first.isoformat(), "until": today.isoformat()},
        "since_given": bool(since),
        "last_session": last,
        "earlier_actions": supervision.earlier_open_actions(db, last),
        "due": agreed.next_due(agreement, last, today),
        "shown": {"hidden_signals": hidden, "summaries": summaries,
                  "one_off": bool(show or hide)},
        "entries": supervision.marked_entries(db, first, today, limit),
        "actions": supervision.actions_in_period(db, first, today, limit),
        "trends": report,
        "prompts": supervision.prep_prompts(_prep_pack(user_prompt_dir)),
    }
    if limit is not None:
        prep["totals"] = {"entries": supervision.count_marked(db, first, today),
                          "actions": supervision.count_actions_in_period(db, first, today)}
    return prep


def only_chosen(report: dict, hidden: list[str], summaries: bool) -> dict:
    """A copy of the trends report without the hidden signals (rows, charts, signs) and,
    when summaries is False, without the 0-100 summaries and the signs about them."""
    hidden_set = set(hidden)
    chosen = {**report, "signals": [s for s in report["signals"]
                                    if s["key"] not in hidden_set]}
    chosen["flags"] = [flag for flag in report["flags"]
                       if flag.get("signal") not in hidden_set
                       and (summaries or not flag.get("summary"))]
    if not summaries:
        chosen["strain"] = chosen["resources"] = None
        chosen["buckets"] = [{key: value for key, value in bucket.items()
                              if key not in ("strain", "resources")}
                             for bucket in report["buckets"]]
        themes = dict(report["themes"])
        themes["by_shift"] = [{"shift": row["shift"], "checkins": row["checkins"]}
                              for row in themes["by_shift"]]
        chosen["themes"] = themes
    return chosen


def _prep_pack(user_prompt_dir: Path | None):
    """The supervision-prep pack when one is installed; its absence is not a problem."""
    from kindjournal.reflect.packs import PackError, load_pack
    from kindjournal.trends.report import pack_cache

    try:
        return load_pack(PREP_PACK, user_prompt_dir, pack_cache())
    except PackError:
        return None
