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
    """Show the journal file, its version, how many entries it holds and the pack folders."""
    from kindjournal.journal.reads import count_entries, schema_version
    from kindjournal.reflect.packs import pack_dirs
    from kindjournal.screens import styled

    db = open_db()
    info = {
        "journal": str(journal_path().resolve()),
        "schema_version": schema_version(db),
        "entries": count_entries(db),
        "prompt_dirs": [str(folder) for folder in pack_dirs(user_prompt_dir())],
    }
    if as_json:
        print_json(info)
    else:
        styled.print_where(info)
