"""Records as JSON: the export document, and reading records from a file (--from, import).

The export is {"kindjournal_records": 1, "records": {kind: [record, ...]}}, each record
its fields plus uuid, created_at and updated_at, so importing it again is idempotent.
'kj record add --from' also takes a plain list of {"kind": ..., field: value} objects.
Every problem in a file is named by item and field before anything is written.
"""

from __future__ import annotations

import json
from datetime import date

from kindjournal.errors import UsageError
from kindjournal.journal.record_kinds import KINDS, check_values

FORMAT_KEY = "kindjournal_records"


def export_document(every: dict[str, list[dict]]) -> dict:
    return {FORMAT_KEY: 1, "records": {
        name: [{key: value for key, value in record.items() if key != "id"}
               for record in rows]
        for name, rows in every.items()}}


def import_document(db, raw: bytes, source: str, today: date) -> str:
    """Add the records of a 'kj record export' file (the newer copy of a record wins);
    a sentence saying what happened."""
    from kindjournal.journal import records as store

    counts = store.import_records(db, read(raw, source, today))
    return (f"Records from {source}: {counts['added']} added, {counts['replaced']} "
            f"replaced by newer copies, {counts['unchanged']} already here.")


def is_own_document(raw: bytes) -> bool:
    """Whether 'kj import' was given a 'kj record export' file: a cheap look at its start, so
    it can be handed over without parsing twice."""
    return FORMAT_KEY.encode() in raw[:200]


def read(raw: bytes, source: str, today: date) -> dict[str, list[dict]]:
    """kind -> [{"uuid", "created_at", "updated_at", "values"}] (new uuids for items
    without one), or one UsageError listing every problem."""
    from kindjournal.journal.database import new_uuid, now_utc

    try:
        document = json.loads(raw.decode("utf-8-sig"))
    except (ValueError, RecursionError) as error:
        raise UsageError(f"{source} is not valid JSON ({error}).") from None
    items: list[tuple[str, str, dict]] = []
    if isinstance(document, dict) and isinstance(document.get("records"), dict):
        for name, rows in document["records"].items():
            if not isinstance(rows, list):
                raise UsageError(f"{source}: records.{name}: should be a list of records.")
            items += [(name, f"records.{name}[{index}]", row) for index, row in enumerate(rows)]
    elif isinstance(document, list):
        items = [((row.get("kind") if isinstance(row, dict) else None) or "", f"item {index + 1}",
                  row) for index, row in enumerate(document)]
    else:
        raise UsageError(f"{source}: expected a list of records, or a 'kj record export' file.")
    result: dict[str, list[dict]] = {}
    problems: list[str] = []
    stamp = now_utc()
    for name, where, row in items:
        if not isinstance(row, dict):
            problems.append(f"{where}: should be an object")
            continue
        if name not in KINDS:
            problems.append(f"{where}: kind: '{name}' is not one of {', '.join(KINDS)}")
            continue
        given = {key: value for key, value in row.items()
                 if key not in ("kind", "uuid", "created_at", "updated_at")}
        try:
            values = check_values(KINDS[name], given, today, where=where)
        except UsageError as error:
            problems.append(error.message)
            continue
        result.setdefault(name, []).append({
            "uuid": str(row.get("uuid") or new_uuid()),
            "created_at": str(row.get("created_at") or stamp),
            "updated_at": str(row.get("updated_at") or stamp), "values": values})
    if problems:
        raise UsageError(f"{source}: nothing was added: " + "; ".join(problems[:10])
                         + (f"; and {len(problems) - 10} more" if len(problems) > 10 else ""))
    return result
