"""The person's private list of names to redact, kept in the journal. Never prints."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kindjournal.errors import UsageError
from kindjournal.journal.database import now_utc, writing

if TYPE_CHECKING:
    from kindjournal.journal.database import Journal


def _clean(name: str) -> str:
    return " ".join(name.split())


def list_names(db: Journal) -> list[str]:
    return [row[0] for row in db.execute(
        "SELECT name FROM redaction_names ORDER BY name COLLATE NOCASE")]


def add_names(db: Journal, names: list[str]) -> list[str]:
    """Add names (any case matches later); returns those that were new."""
    cleaned = [_clean(name) for name in names]
    if not all(cleaned):
        raise UsageError("A name cannot be empty. Try: kj redact add Jim \"Mrs Patel\"")
    if any(len(name) < 2 for name in cleaned):
        raise UsageError("A name needs at least two letters, or it would hide ordinary words.")
    added: list[str] = []
    with writing(db):
        stamp = now_utc()
        for name in cleaned:
            cursor = db.execute(
                "INSERT OR IGNORE INTO redaction_names (name, added_at) VALUES (?, ?)",
                [name, stamp])
            if cursor.rowcount:
                added.append(name)
    return added


def remove_name(db: Journal, name: str) -> None:
    with writing(db):
        cursor = db.execute("DELETE FROM redaction_names WHERE name = ?", [_clean(name)])
    if not cursor.rowcount:
        raise UsageError(f"'{_clean(name)}' is not on your list. Run 'kj redact list' to see it.")
