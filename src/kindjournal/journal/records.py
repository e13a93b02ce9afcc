"""Revalidation records and registrations in the journal: the SQL, nothing else.

Tables and columns come from record_kinds (a fixed, trusted list), never from what a
person typed; values always go in as parameters. Deleting moves a record to the bin
(deleted_at), so it can be restored, like an entry.
"""

from __future__ import annotations

import json

from kindjournal.errors import UsageError
from kindjournal.journal.database import new_uuid, now_utc, writing
from kindjournal.journal.record_kinds import KINDS, RecordKind

_META = ("id", "uuid", "created_at", "updated_at", "deleted_at")


def _columns(kind: RecordKind) -> list[str]:
    return [field.name for field in kind.fields]


def add(db, kind: RecordKind, values: dict, *, uuid: str | None = None,
        stamps: tuple[str, str] | None = None) -> int:
    created, updated = stamps or (now_utc(), now_utc())
    names = [name for name in _columns(kind) if values.get(name) is not None]
    row = [uuid or new_uuid(), created, updated, *(values[n] for n in names)]
    marks = ", ".join("?" for _ in row)
    with writing(db):
        cursor = db.execute(
            f"INSERT INTO {kind.table} (uuid, created_at, updated_at"
            f"{''.join(', ' + name for name in names)}) VALUES ({marks})", row)
        return cursor.lastrowid


def update(db, kind: RecordKind, record_id: int, values: dict) -> None:
    get(db, kind, record_id)
    if not values:
        return
    sets = ", ".join(f"{name} = ?" for name in values)
    with writing(db):
        db.execute(f"UPDATE {kind.table} SET {sets}, updated_at = ? WHERE id = ?",
                   [*values.values(), now_utc(), record_id])


def get(db, kind: RecordKind, record_id: int, *, deleted: bool = False) -> dict:
    rows = list(db.query(
        f"SELECT * FROM {kind.table} WHERE id = ? AND deleted_at IS "
        f"{'NOT NULL' if deleted else 'NULL'}", [record_id]))
    if not rows:
        where = "in the trash" if deleted else "in your records"
        raise UsageError(f"There is no {kind.noun} {record_id} {where}. "
                         f"'kj record list {kind.name}' shows their numbers.")
    return rows[0]


def parse_id(typed: str) -> int:
    text = typed.strip().lstrip("#")
    if not text.isdigit() or len(text) > 18:
        raise UsageError(f"'{typed}' is not a record number; 'kj record list' shows them.")
    return int(text)


def records(db, kind: RecordKind, *, first: str | None = None, last: str | None = None,
            deleted: bool = False) -> list[dict]:
    """Records of one kind, oldest first, optionally dated from first to last."""
    where = [f"deleted_at IS {'NOT NULL' if deleted else 'NULL'}"]
    params: list = []
    if first:
        where.append(f"{kind.date_field} >= ?")
        params.append(first)
    if last:
        where.append(f"{kind.date_field} <= ?")
        params.append(last)
    return list(db.query(
        f"SELECT * FROM {kind.table} WHERE {' AND '.join(where)} "
        f"ORDER BY {kind.date_field}, id", params))


def trash(db, kind: RecordKind, record_id: int) -> None:
    get(db, kind, record_id)
    with writing(db):
        db.execute(f"UPDATE {kind.table} SET deleted_at = ? WHERE id = ?",
                   [now_utc(), record_id])


def restore(db, kind: RecordKind, record_id: int) -> None:
    get(db, kind, record_id, deleted=True)
    with writing(db):
        db.execute(f"UPDATE {kind.table} SET deleted_at = NULL, updated_at = ? WHERE id = ?",
                   [now_utc(), record_id])


def delete_for_good(db, kind: RecordKind, record_id: int) -> None:
    """Gone from the journal, bin included (backups made before keep their copy)."""
    with writing(db):
        if not db.execute(f"DELETE FROM {kind.table} WHERE id = ?", [record_id]).rowcount:
            raise UsageError(f"There is no {kind.noun} {record_id}.")


def every_record(db) -> dict[str, list[dict]]:
    """All records not in the bin, by kind: for the records' JSON export."""
    return {name: [{key: value for key, value in record.items() if key != "deleted_at"}
                   for record in records(db, kind)]
            for name, kind in KINDS.items()}


def import_records(db, document: dict[str, list[dict]]) -> dict[str, int]:
    """Add records whose uuid is new; replace those the file has newer. All or nothing:
    the caller has checked every value first. Returns counts for the report."""
    counts = {"added": 0, "replaced": 0, "unchanged": 0}
    with writing(db):
        for name, items in document.items():
            kind = KINDS[name]
            for item in items:
                existing = list(db.query(
                    f"SELECT id, updated_at FROM {kind.table} WHERE uuid = ?", [item["uuid"]]))
                if not existing:
                    add(db, kind, item["values"], uuid=item["uuid"],
                        stamps=(item["created_at"], item["updated_at"]))
                    counts["added"] += 1
                elif existing[0]["updated_at"] < item["updated_at"]:
                    names = _columns(kind)
                    sets = ", ".join(f"{n} = ?" for n in names)
                    db.execute(f"UPDATE {kind.table} SET {sets}, updated_at = ?, "
                               "deleted_at = NULL WHERE id = ?",
                               [*(item["values"].get(n) for n in names), item["updated_at"],
                                existing[0]["id"]])
                    counts["replaced"] += 1
                else:
                    counts["unchanged"] += 1
    return counts


# --- registrations: which profiles apply, and their dates -----------------------------


def registrations(db) -> list[dict]:
    rows = list(db.query("SELECT * FROM registrations ORDER BY profile"))
    for row in rows:
        row["overrides"] = json.loads(row["overrides"] or "{}")
        row["declared"] = json.loads(row["declared"] or "[]")
    return rows


def save_registration(db, profile: str, period_end: str | None, overrides: dict,
                      declared: list[str]) -> None:
    with writing(db):
        db.execute(
            "INSERT INTO registrations (profile, period_end, overrides, declared) "
            "VALUES (?, ?, ?, ?) ON CONFLICT (profile) DO UPDATE SET "
            "period_end = excluded.period_end, overrides = excluded.overrides, "
            "declared = excluded.declared",
            [profile, period_end, json.dumps(overrides), json.dumps(sorted(set(declared)))])


def remove_registration(db, profile: str) -> bool:
    with writing(db):
        return db.execute("DELETE FROM registrations WHERE profile = ?",
                          [profile]).rowcount > 0


def mark_reminded(db, profile: str, day: str) -> None:
    with writing(db):
        db.execute("UPDATE registrations SET last_reminded = ? WHERE profile = ?", [day, profile])


def account_entries(db, pack: str, first: str, last: str) -> list[dict]:
    """Finished entries written with the accounts pack between first and last, oldest
    first, each {"id", "date", "answers": {theme: text}}."""
    entries: dict[int, dict] = {}
    for row in db.query(
            "SELECT e.id, e.shift_date, a.theme_key, a.answer FROM entries e "
            "LEFT JOIN answers a ON a.entry_id = e.id "
            "WHERE e.pack = ? AND e.status = 'complete' AND e.deleted_at IS NULL "
            "AND e.shift_date BETWEEN ? AND ? ORDER BY e.shift_date, e.id, a.position",
            [pack, first, last]):
        entry = entries.setdefault(row["id"], {"id": row["id"], "date": row["shift_date"],
                                               "answers": {}})
        if row["theme_key"] and (row["answer"] or "").strip():
            entry["answers"][row["theme_key"]] = row["answer"].strip()
    return list(entries.values())
