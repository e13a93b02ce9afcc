"""kj import: entries from our JSON export or from jrnl's, all or nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kindjournal.commands.common import open_db, user_prompt_dir


def import_entries(
    path: Annotated[Path, typer.Argument(help="A JSON file from 'kj export --format json', "
                                         "'kj record export', 'kj supervision export' or "
                                         "'jrnl --export json'.")],
) -> None:
    """Import entries from a kindjournal or jrnl JSON export."""
    from datetime import date

    from kindjournal.reflect.from_file import PackLookup, read_whole
    from kindjournal.reflect.json_stream import JsonItems, opened
    from kindjournal.revalidation import records_file
    from kindjournal.share import importer, supervision_file, terminal

    path = path.expanduser()
    with opened(path) as (stream, label, size):
        start = stream.peek(200)[:200] if hasattr(stream, "peek") else b""
        for other in (records_file, supervision_file):  # 'kj record/supervision export' files
            if other.is_own_document(start):
                raw = read_whole(stream, label)
                typer.echo(other.import_document(open_db(create=True).require_writable(),
                                                 raw, label, date.today()))
                return
        # Our own export is read, checked and written an entry at a time: a file of
        # any size, all or nothing.
        kind, report = importer.import_stream(
            JsonItems(stream, str(path)), size, PackLookup(user_prompt_dir()), date.today(),
            lambda: open_db(create=True).require_writable(),
            terminal.progress_bar(f"Importing {path.name}"))
    if report is None:
        typer.echo(f"{path} holds no entries; nothing was imported.", err=True)
        return
    terminal.print_import_report(report, kind, str(path))
