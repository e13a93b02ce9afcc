"""kj where: where the journal lives and what is in it."""

from __future__ import annotations

from kindjournal.commands.common import (
    JsonOpt,
    journal_path,
    open_db,
    print_json,
    user_prompt_dir,
)


def where(as_json: JsonOpt = False) -> None:
    """Show where the journal is, and what it holds. The file, its version, how many entries
    it holds and the pack folders."""
    from kindjournal.journal.reads import count_entries, schema_version
    from kindjournal.reflect.packs import pack_dirs
    from kindjournal.screens import styled

    path = journal_path()
    db = open_db()  # a --db that is not there is said; the usual place may be empty yet
    if not path.exists():
        db = None  # where it will be, before the first entry
    info = {
        "journal": str(path.resolve()),
        "schema_version": schema_version(db) if db else None,
        "entries": count_entries(db) if db else 0,
        "prompt_dirs": [str(folder) for folder in pack_dirs(user_prompt_dir())],
    }
    if as_json:
        print_json(info)
    else:
        styled.print_where(info)
