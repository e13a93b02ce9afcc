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
from kindjournal.journal.reads import entries_in_shape

if TYPE_CHECKING:
    from kindjournal.journal.database import Journal

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


def distinct_keys(db: Journal, selection: Selection, table: str, column: str) -> list[str]:
    """Signal or theme keys used by the selected entries, for CSV columns."""
    where, params = where_clause(selection)
    return [row[0] for row in db.execute(
        f"SELECT DISTINCT x.{column} FROM {table} x JOIN entries e ON e.id = x.entry_id "
        f"WHERE {where} ORDER BY x.{column}", params)]


def outline(db: Journal, selection: Selection) -> list[tuple[int, str, str | None]]:
    """(number, shift date, shift) of each selected entry, oldest first: a page's
    contents and date range, without reading the entries themselves."""
    where, params = where_clause(selection)
    return [tuple(row) for row in db.execute(
        f"SELECT e.id, e.shift_date, e.shift_type FROM entries e WHERE {where} "
        "ORDER BY e.shift_date, e.id", params)]


def batch_query(selection: Selection, columns: str = "*") -> tuple[str, dict]:
    """One batch: the next entries after (:after_date, :after_id), walking the
    shift-date index so each batch costs the same however far into the journal it is."""
    where, params = where_clause(selection)
    return (f"SELECT {columns} FROM entries e WHERE {where} AND (e.shift_date, e.id) > "
            f"(:after_date, :after_id) ORDER BY e.shift_date, e.id LIMIT :batch", params)


# What reads.entries_in_shape(reader=True) uses of each entries row.
_READER_COLUMNS = "e.id, e.shift_date, e.shift_type, e.status, e.share, e.supervision"


def iter_entries(db: Journal, selection: Selection, batch_size: int = BATCH_SIZE, *,
                 reader: bool = False) -> Iterator[dict]:
    """Every selected entry, oldest shift first, in the JSON export's lossless shape
    (reads.entries_in_shape), or with reader=True only what a reader of a Markdown or
    HTML export sees. Read batch by batch."""
    sql, params = batch_query(selection, _READER_COLUMNS if reader else "*")
    after_date, after_id = "", 0
    while True:
        rows = list(db.query(sql, {**params, "after_date": after_date, "after_id": after_id,
                                   "batch": batch_size}))
        if not rows:
            return
        if reader:
            yield from entries_in_shape(db, rows, reader=True)
        else:
            yield from entries_in_shape(db, rows, lossless=True)
        after_date, after_id = rows[-1]["shift_date"], rows[-1]["id"]
