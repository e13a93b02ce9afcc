"""The supervision agreement (made once, changed when it changes) and what the
preparation shows a supervisor. Plain data; never prints.

One row in supervision_agreement: how often sessions should happen, who the supervisor
is, what is confidential and the limits of that, and the person's standing choice of
what 'kj supervision' shows (check-in ratings left out, whether the 0-100 summaries appear).
"""

from __future__ import annotations

import datetime
import json

from kindjournal.journal.database import now_utc, writing

SUMMARIES = "summaries"  # the word --show/--hide take for the 0-100 summaries
_FIELDS = ("every_weeks", "supervisor", "confidential", "limits")


def agreement(db) -> dict:
    """The agreement as it stands; every field None (and all shown) before one is made."""
    rows = list(db.query("SELECT * FROM supervision_agreement WHERE id = 1"))
    if not rows:
        return {"every_weeks": None, "supervisor": None, "confidential": None,
                "limits": None, "hidden_signals": [], "show_summaries": True,
                "updated_at": None}
    row = rows[0]
    del row["id"]
    row["hidden_signals"] = json.loads(row["hidden_signals"] or "[]")
    row["show_summaries"] = bool(row["show_summaries"])
    return row


def save(db, changes: dict) -> dict:
    """Change some fields of the agreement (or the shown choice); the agreement now."""
    current = agreement(db)
    for name, value in changes.items():
        current[name] = value.strip() or None if isinstance(value, str) else value
    with writing(db):
        db.execute(
            "INSERT INTO supervision_agreement (id, every_weeks, supervisor, confidential, "
            "limits, hidden_signals, show_summaries, updated_at) VALUES (1, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (id) DO UPDATE SET every_weeks = excluded.every_weeks, "
            "supervisor = excluded.supervisor, confidential = excluded.confidential, "
            "limits = excluded.limits, hidden_signals = excluded.hidden_signals, "
            "show_summaries = excluded.show_summaries, updated_at = excluded.updated_at",
            [current["every_weeks"], current["supervisor"], current["confidential"],
             current["limits"], json.dumps(sorted(set(current["hidden_signals"]))),
             int(bool(current["show_summaries"])), now_utc()])
    return agreement(db)


def choose_shown(current: dict, show: list[str], hide: list[str],
                 known_signals: list[str]) -> tuple[list[str], bool]:
    """(hidden signal keys, summaries shown) after --show and --hide; an unknown word is
    a usage error naming what can be chosen."""
    from kindjournal.errors import UsageError

    hidden, summaries = set(current["hidden_signals"]), current["show_summaries"]
    for words, showing in ((hide, False), (show, True)):
        for word in words:
            for key in (part.strip().lower() for part in word.replace(",", " ").split()):
                if key == SUMMARIES:
                    summaries = showing
                elif key in known_signals:
                    (hidden.discard if showing else hidden.add)(key)
                else:
                    raise UsageError(f"'{key[:30]}' is not something the preparation shows; "
                                     f"choose from: {', '.join(known_signals + [SUMMARIES])}.")
    return sorted(hidden), summaries


def next_due(current: dict, last: dict | None, today: datetime.date) -> dict | None:
    """When the next session is due by the agreement: {"due", "days"} (days negative
    when overdue), or None without an agreed frequency."""
    if not current["every_weeks"]:
        return None
    if last is None:
        return {"due": today.isoformat(), "days": 0, "first": True}
    due = (datetime.date.fromisoformat(last["date"])
           + datetime.timedelta(weeks=current["every_weeks"]))
    return {"due": due.isoformat(), "days": (due - today).days, "first": False}
