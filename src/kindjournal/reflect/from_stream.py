"""'kj reflect --from' (and 'kj import') for a file of any size: each entry is read,
checked and written in turn, all inside one transaction, so memory holds one entry
whatever the file's size and a problem anywhere leaves the journal as it was.

The first READ_AHEAD entries are read and checked before the journal is opened: a
wrong file (not JSON, the wrong shape, a bad first entry) is said without making a
journal, and a file of fewer entries is known to be small, so its entries go in
through the triggers as any single entry does (journal/bulk_writes.py).
"""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from kindjournal.errors import UsageError
from kindjournal.journal.bulk_writes import BULK_FROM

if TYPE_CHECKING:
    from collections.abc import Sequence

    from kindjournal.journal.database import Journal
    from kindjournal.reflect.from_file import IdentifierNotes

READ_AHEAD = BULK_FROM
# Entries between two updates of a progress bar (each update takes its lock).
PROGRESS_EVERY = 64


class Progress(Protocol):
    """What a progress bar is told: how many bytes of the file have been read, and when
    reading is over and the search index and trends are being built."""

    def read(self, bytes_read: int) -> None: ...

    def finishing(self) -> None: ...


ProgressBar = Callable[[int | None], contextlib.AbstractContextManager[Progress | None]]


def opened_bar(progress_bar: ProgressBar | None, size: int | None
               ) -> contextlib.AbstractContextManager[Progress | None]:
    return progress_bar(size) if progress_bar else contextlib.nullcontext()


def watched(values: Iterable, done: Callable[[], int], progress: Progress | None
            ) -> Iterator:
    """values as they are, telling progress how far through the file they are (done:
    bytes, such as how far reading has got)."""
    if progress is None:
        yield from values
        return
    for count, value in enumerate(values, start=1):
        if count % PROGRESS_EVERY == 0:
            progress.read(done())
        yield value
    progress.read(done())
    progress.finishing()


@contextlib.contextmanager
def unmade_on_failure(db: Journal) -> Iterator[None]:
    """A journal made by this run, for entries that then could not all be added, is
    taken away again: nothing is left changed, not even an empty journal."""
    try:
        yield
    except BaseException:
        if db.created:
            from kindjournal.journal.database import remove_new_journal

            remove_new_journal(db)
        raise


@dataclass
class Added:
    ids: Sequence[int]
    notes: IdentifierNotes


def add_from_file(source: str | Path, packs, today: date,
                  open_journal: Callable[[], Journal],
                  progress_bar: ProgressBar | None = None) -> Added:
    """Add every entry of a --from file ('-': standard input) in one transaction.
    progress_bar, given the file's size in bytes (None when unknown), opens the bar
    to tell (or gives None for none)."""
    from kindjournal.journal.redaction_names import list_names
    from kindjournal.journal.writes import add_entries
    from kindjournal.reflect.from_file import IdentifierNotes, parse_entry
    from kindjournal.reflect.json_stream import JsonItems, opened

    with opened(source) as (stream, label, size):
        items = JsonItems(stream, label)
        numbered = enumerate(items, start=1)
        ahead = list(itertools.islice(numbered, READ_AHEAD))
        if not ahead:
            raise UsageError(f"{label} holds no entries.")
        several = len(ahead) > 1  # a single entry's problems need no "entry 1: "

        def checked(pairs):
            for position, item in pairs:
                yield position, parse_entry(item, packs, today,
                                            f"entry {position}: " if several else "")

        first = list(checked(ahead))
        db = open_journal()
        notes = IdentifierNotes(list_names(db), several)

        def noted(pairs):
            for position, entry in pairs:
                notes.check(entry, position)
                yield entry
            notes.finish_aside()

        with unmade_on_failure(db), opened_bar(progress_bar, size) as bar:
            entries = noted(itertools.chain(first, checked(numbered)))
            ids = add_entries(db, watched(entries, lambda: items.bytes_read, bar),
                              at_least=len(ahead))
    return Added(ids, notes)
