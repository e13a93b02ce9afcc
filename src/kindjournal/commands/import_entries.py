"""kj import: entries from our JSON export or from jrnl's, all or nothing."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from kindjournal.commands.common import open_db, user_prompt_dir

PROGRESS_FROM = 500  # entries; smaller files finish before a bar would help


def import_entries(
    path: Annotated[Path, typer.Argument(help="A JSON file from 'kj export --format json', "
                                         "'kj record export', 'kj supervision export' or "
                                         "'jrnl --export json'.")],
) -> None:
    """Import entries from a kindjournal or jrnl JSON export."""
    from datetime import date

    from kindjournal.reflect.from_file import PackLookup, read_input_file
    from kindjournal.revalidation import records_file
    from kindjournal.share import importer, supervision_file, terminal

    path = path.expanduser()
    raw, label = read_input_file(path)
    for other in (records_file, supervision_file):  # 'kj record/supervision export' files
        if other.is_own_document(raw):
            typer.echo(other.import_document(open_db(create=True).require_writable(), raw,
                                             label, date.today()))
            return
    kind, items = importer.read_file(raw, str(path))
    if not items:
        typer.echo(f"{path} holds no entries; nothing was imported.", err=True)
        return
    show_bar = len(items) >= PROGRESS_FROM and sys.stderr.isatty()
    with terminal.progress_bar(len(items) * 2 if show_bar else 0,
                                    f"Importing {path.name}") as advance:
        incoming = importer.parse_items(kind, items, PackLookup(user_prompt_dir()),
                                        date.today(), advance)
        report = importer.apply(open_db(create=True).require_writable(), incoming, progress=advance)
    terminal.print_import_report(report, kind, str(path))
