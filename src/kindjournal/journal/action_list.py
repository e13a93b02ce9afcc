"""Keeping the carry-forward list useful: several actions closed at once, old ones
offered to be let go, and the same action noticed instead of added twice.

After a month of shifts the list fills with the same few good intentions; a list of
24 open actions, 20 of them "Keep taking my break.", helps nobody.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import TYPE_CHECKING

from kindjournal.errors import UsageError
from kindjournal.journal import reads
from kindjournal.journal.database import writing
from kindjournal.journal.writes import check_action, review_action

if TYPE_CHECKING:
    from kindjournal.journal.database import Journal

# An open action neither made nor looked at for this long is offered to be let go.
STALE_DAYS = 28


def same_words(text: str) -> str:
    """An action's words without case, punctuation or spacing, to spot the same one."""
    return " ".join(re.findall(r"\w+", text.casefold()))


def open_duplicate(db: Journal, text: str, entry_id: int | None = None) -> dict | None:
    """The open action (not from entry_id) with the same words as text, if there is one."""
    wanted = same_words(text)
    if not wanted:
        return None
    for action_id, action_text, shift_date in db.execute(
            "SELECT a.id, a.text, e.shift_date FROM actions a JOIN entries e "
            "ON e.id = a.entry_id WHERE a.status = 'open' AND e.deleted_at IS NULL "
            "AND a.entry_id IS NOT ? ORDER BY a.created_at, a.id", [entry_id]):
        if same_words(action_text) == wanted:
            return {"id": action_id, "text": action_text, "shift_date": shift_date}
    return None


def _stale_where() -> str:
    return ("a.status = 'open' AND e.deleted_at IS NULL AND a.owner_date <= :cutoff "
            # never reviewed, or (a stamp kj cannot read counts as never) not since
            "AND coalesce(date(a.reviewed_at), '') <= :cutoff")


def _stale_params(today: date) -> dict:
    return {"cutoff": (today - timedelta(days=STALE_DAYS)).isoformat()}


def stale_ids(db: Journal, today: date) -> list[int]:
    """Open actions from shifts over STALE_DAYS days ago, not looked at since: oldest first."""
    return [row[0] for row in db.execute(
        f"SELECT a.id FROM actions a JOIN entries e ON e.id = a.entry_id "
        f"WHERE {_stale_where()} ORDER BY a.owner_date, a.id", _stale_params(today))]


def stale_count(db: Journal, today: date) -> int:
    """len(stale_ids(db, today)), without reading them: the open actions dated up to the
    cutoff are counted from the index alone, less the few that are not stale (agreed in
    supervision, their entry in the trash, or looked at since the cutoff: a review
    stamp begins with its day, and an offset of under a day cannot move date() back
    past the cutoff, so those sort at or after it in actions_by_review). Each subquery
    is steered to its small index: CROSS JOIN fixes the order of the tables, and a
    unary + keeps a term from choosing the big index."""
    return db.execute(
        "SELECT (SELECT count(*) FROM actions WHERE status = 'open' "
        "AND owner_date <= :cutoff) "
        "- (SELECT count(*) FROM supervision_sessions s CROSS JOIN actions a "
        "ON a.session_id = s.id WHERE +a.status = 'open' AND +a.owner_date <= :cutoff) "
        "- (SELECT count(*) FROM entries e CROSS JOIN actions a ON a.entry_id = e.id "
        "WHERE e.deleted_at IS NOT NULL AND +a.status = 'open' "
        "AND +a.owner_date <= :cutoff) "
        "- (SELECT count(*) FROM actions a JOIN entries e ON e.id = a.entry_id "
        "WHERE a.reviewed_at >= :cutoff AND date(a.reviewed_at) > :cutoff "
        "AND +a.status = 'open' AND +a.owner_date <= :cutoff AND e.deleted_at IS NULL)",
        _stale_params(today)).fetchone()[0]


def open_count(db: Journal) -> int:
    """Open actions, carry-forward and agreed in supervision alike."""
    return reads.count_actions(db)


def parse_numbers(typed: list[str]) -> list[int]:
    """'3', '#3', '3,5', '3-7' (a range): the action numbers, in order, once each."""
    numbers: list[int] = []
    for word in typed:
        for part in word.replace(",", " ").split():
            part = part.strip().lstrip("#")
            match = re.fullmatch(r"(\d{1,9})(?:-(\d{1,9}))?", part)
            if not match:
                raise UsageError(f"'{word}' is not an action number. Run 'kj actions' to "
                                 "see them.")
            first, last = int(match[1]), int(match[2] or match[1])
            if last < first or last - first > 10_000:
                raise UsageError(f"'{part}' is not a range of action numbers (try 3-7).")
            numbers.extend(range(first, last + 1))
    return list(dict.fromkeys(numbers))


def close_actions(db: Journal, numbers: list[int], status: str,
                  note: str | None) -> dict[str, list[dict]]:
    """Mark actions done or dropped (carry-forward or agreed in supervision), all in one
    transaction. An action already closed is left as it was (its review time too), and
    reported; a number that is not an action stops the lot, so nothing is half done."""
    found = {}
    for number in numbers:
        row = db.execute(
            f"SELECT a.id, a.text, a.status, a.reviewed_at {reads.ACTION_OWNERS} "
            f"WHERE a.id = ? AND {reads.OWNER_KEPT}", [number]).fetchone()
        if row is None:
            raise UsageError(f"No action {number}; nothing was changed. Run 'kj actions' "
                             "to see action numbers.")
        found[number] = {"id": row[0], "text": row[1], "status": row[2],
                         "reviewed_at": row[3]}
    if note:
        check_action(note)  # a note is held to an action's length
    changed = [action for action in found.values() if action["status"] == "open"]
    already = [action for action in found.values() if action["status"] != "open"]
    with writing(db):
        for action in changed:
            review_action(db, action["id"], status, note)
            action["status"] = status
    return {"changed": changed, "already": already}
