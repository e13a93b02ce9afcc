"""Choosing entries to export, and reading them back a batch at a time.

The choice becomes SQL WHERE fragments with named parameters; entries are then read
in batches (keyset paging on shift date and number), so memory stays flat however
long the journal grows. Nothing here prints.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kindjournal.journal.filters import EntryFilters, where_clauses

if TYPE_CHECKING:
    from sqlite_utils import Database

BATCH_SIZE = 500


@dataclass(frozen=True)
class Selection:
    """The entries an export covers: typed entry numbers, plus the filters that 'kj list'
    and 'kj search' share (filters.EntryFilters: dates, tags, shift, shared, ...)."""

    entry_ids: tuple[int, ...] = ()
    filters: EntryFilters = field(default_factory=EntryFilters)
    include_drafts: bool = False


def where_clause(selection: Selection) -> tuple[str, dict]:
    """SQL for the entries the selection covers (table alias e)."""
    fragments, params = where_clauses(selection.filters.replace(include_drafts=True,
                                                                drafts=False))
    if not selection.include_drafts:
        # The unary + keeps SQLite off the status index: nearly every entry is complete,
        # and that index would make each batch sort the whole journal again.
        fragments.append("+e.status = 'complete'")
    if selection.entry_ids:
        names = [f":id{index}" for index in range(len(selection.entry_ids))]
        fragments.append(f"e.id IN ({', '.join(names)})")
        params.update({f"id{index}": entry_id
                       for index, entry_id in enumerate(selection.entry_ids)})
    return " AND ".join(fragments), params


def count_selected(db: Database, selection: Selection) -> int:
    where, params = where_clause(selection)
    return db.execute(f"SELECT count(*) FROM entries e WHERE {where}", params).fetchone()[0]


def distinct_keys(db: Database, selection: Selection, table: str, column: str) -> list[str]:
    """Signal or theme keys used by the selected entries, for CSV columns."""
    where, params = where_clause(selection)
    return [row[0] for row in db.execute(
        f"SELECT DISTINCT x.{column} FROM {table} x JOIN entries e ON e.id = x.entry_id "
        f"WHERE {where} ORDER BY x.{column}", params)]


def batch_query(selection: Selection) -> tuple[str, dict]:
    """One batch: the next entries after (:after_date, :after_id), walking the
    shift-date index so each batch costs the same however far into the journal it is."""
    where, params = where_clause(selection)
    return (f"SELECT * FROM entries e WHERE {where} AND (e.shift_date, e.id) > "
            f"(:after_date, :after_id) ORDER BY e.shift_date, e.id LIMIT :batch", params)


def iter_entries(db: Database, selection: Selection,
                 batch_size: int = BATCH_SIZE) -> Iterator[dict]:
    """Every selected entry, oldest shift first, complete: all answers (skipped ones as
    '' and unreached ones as null, with when each was finished), skipped ratings as
    null, actions with their review notes. Read batch by batch."""
    sql, params = batch_query(selection)
    after_date, after_id = "", 0
    while True:
        rows = list(db.query(sql, {**params, "after_date": after_date, "after_id": after_id,
                                   "batch": batch_size}))
        if not rows:
            return
        yield from _complete(db, rows)
        after_date, after_id = rows[-1]["shift_date"], rows[-1]["id"]


def _by_entry_and_position(row: tuple) -> tuple[int, int]:
    return row[0], row[1]


def _complete(db: Database, rows: list[dict]) -> Iterator[dict]:
    ids = [row["id"] for row in rows]
    marks = ", ".join("?" for _ in ids)
    tags: dict[int, list[str]] = {}
    for entry_id, tag in db.execute(
            f"SELECT entry_id, tag FROM tags WHERE entry_id IN ({marks}) ORDER BY tag", ids):
        tags.setdefault(entry_id, []).append(tag)
    checkins: dict[int, dict] = {}
    for entry_id, key, value in db.execute(
            f"SELECT entry_id, signal_key, value FROM checkins WHERE entry_id IN ({marks}) "
            "ORDER BY rowid", ids):
        checkins.setdefault(entry_id, {})[key] = value
    answers: dict[int, list[dict]] = {}
    # Sorted here, not by SQL: no index holds (entry_id, position), and SQLite sorting
    # the rows with their text took 40% of an export's reading.
    for entry_id, _position, theme, prompt_key, prompt, answer, answered_at in sorted(
            db.execute("SELECT entry_id, position, theme_key, prompt_key, prompt_text, answer, "
                       f"answered_at FROM answers WHERE entry_id IN ({marks})", ids),
            key=_by_entry_and_position):
        answers.setdefault(entry_id, []).append(
            {"theme": theme, "prompt_key": prompt_key, "prompt": prompt, "answer": answer,
             "answered_at": answered_at})
    actions: dict[int, list[dict]] = {}
    for action_id, entry_id, text, status, created_at, note, reviewed_at in db.execute(
            "SELECT id, entry_id, text, status, created_at, review_note, reviewed_at "
            f"FROM actions WHERE entry_id IN ({marks}) ORDER BY id", ids):
        actions.setdefault(entry_id, []).append(
            {"id": action_id, "text": text, "status": status, "created_at": created_at,
             "review_note": note, "reviewed_at": reviewed_at})
    for row in rows:
        entry_id = row["id"]
        yield {
            "id": entry_id, "uuid": row["uuid"], "date": row["shift_date"],
            "shift": row["shift_type"], "pack": row["pack"], "status": row["status"],
            "share": bool(row["share"]), "supervision": bool(row["supervision"]),
            "created_at": row["created_at"], "updated_at": row["updated_at"],
            "tags": tags.get(entry_id, []), "checkin": checkins.get(entry_id, {}),
            "answers": answers.get(entry_id, []), "actions": actions.get(entry_id, []),
        }
