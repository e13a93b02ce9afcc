"""Outputs pinned byte for byte: the JSON shape of show/list/search --json, every export
format, and the rows 'kj import' and 'kj reflect --from' write. The files under
fixtures/pinned/ were made by the code before the entry-shape builder and the
add-entries path were made one (issue 10); nothing a person sees may change.

KJ_REPIN=1 rewrites them (only when a change to the output is meant)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

PINNED = Path(__file__).parent / "fixtures" / "pinned"

# Added after the import: the short form a person writes, with its own timestamps,
# so the action derived from the carry-forward answer is pinned too.
FROM_FILE_ENTRY = {
    "uuid": "0A1B2C3D-0000-4000-8000-000000000011", "date": "2026-02-10", "shift": "Long day",
    "created_at": "2026-02-10T21:00:00+00:00",
    "tags": ["#Nights", "nights", " "], "checkin": {"dread": 2, "support": None},
    "answers": {"forward": "  Book the moving and handling refresher.  ",
                "person": "Sat with Mrs Birch while her son drove in."},
}

COMMANDS = {
    "show-3.json": ["show", "3", "--json"],
    "show-4-draft.json": ["show", "4", "--json"],
    "show-11-from-file.json": ["show", "11", "--json"],
    "list.json": ["list", "--json"],
    "list-drafts.json": ["list", "--drafts", "--json"],
    "list-tag.json": ["list", "--tag", "nights", "--json"],
    "search-garden.json": ["search", "garden", "--json"],
    "actions.json": ["actions", "--json"],
    "actions-all.json": ["actions", "--all", "--json"],
    "export.json": ["export", "--format", "json"],
    "export-drafts.json": ["export", "--format", "json", "--include-drafts"],
    "export-ids.json": ["export", "4", "9", "--format", "json", "--include-drafts"],
    "export-group.json": ["export", "--format", "json", "--for-group", "--yes",
                          "--include-checkins"],
    "export-redact.json": ["export", "--format", "json", "--redact"],
    "export-drafts.csv": ["export", "--format", "csv", "--include-drafts"],
    "export-drafts.md": ["export", "--format", "markdown", "--include-drafts"],
    "export.html": ["export", "--format", "html"],
    "export.nmc": ["export", "--format", "nmc"],
    "export-empty.json": ["export", "--format", "json", "--until", "2025-01-01"],
}


@pytest.fixture
def pinned_journal(kj):
    kj("import", str(PINNED / "entries.json"))
    kj("reflect", "--from", "-", input=json.dumps(FROM_FILE_ENTRY))
    return kj


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_output_is_as_pinned(pinned_journal, name):
    output = pinned_journal(*COMMANDS[name]).stdout
    pinned = PINNED / name
    if os.environ.get("KJ_REPIN"):
        pinned.write_text(output, encoding="utf-8")
    assert output == pinned.read_text(encoding="utf-8")


def journal_rows(path) -> dict[str, list[tuple]]:
    """Every row of the tables an entry lives in, in rowid order."""
    import sqlite3

    conn = sqlite3.connect(path)
    # Answers with their prompt's text in its old place (stored once in prompts since
    # migration 0011), so the pinned rows still say what was asked.
    answers = ("SELECT a.id, a.entry_id, a.position, a.theme_key, a.prompt_key, p.text, "
               "a.answer, a.answered_at FROM answers a JOIN prompts p ON p.id = a.prompt_id")
    queries = {table: f"SELECT * FROM {table} ORDER BY rowid"
               for table in ("entries", "answers", "checkins", "tags", "actions")}
    queries["answers"] = f"{answers} ORDER BY a.rowid"
    # Check-ins and tags are kept by entry since 0014 (no rowid): the same rows, in the
    # order the rowid gave them (each entry's ratings as asked, its tags sorted).
    queries["checkins"] = ("SELECT entry_id, signal_key, value FROM checkins "
                           "ORDER BY entry_id, position")
    queries["tags"] = "SELECT entry_id, tag FROM tags ORDER BY entry_id, tag"
    # owner_date (0013) is the entry's shift date again, checked in test_flat_lists.
    queries["actions"] = ("SELECT id, entry_id, text, status, created_at, review_note, "
                          "reviewed_at, session_id FROM actions ORDER BY rowid")
    try:
        return {table: conn.execute(sql).fetchall() for table, sql in queries.items()}
    finally:
        conn.close()


def test_rows_are_as_pinned(pinned_journal, journal_file):
    rows = json.loads(json.dumps(journal_rows(journal_file)))
    pinned = PINNED / "rows.json"
    if os.environ.get("KJ_REPIN"):
        pinned.write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")
    assert rows == json.loads(pinned.read_text(encoding="utf-8"))
