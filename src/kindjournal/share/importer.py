"""Importing entries: kindjournal's own JSON export, and jrnl's JSON export.

All or nothing: the whole file is read and checked first (every problem names the
entry and the field), then written in one transaction. Importing our export is
idempotent by uuid: an entry already in the journal is left alone when unchanged,
replaced when the file's copy is newer (by updated_at), and kept when the journal's
is newer; both of the last two are listed as conflicts. Nothing here prints.
"""

from __future__ import annotations

import io
import itertools
import json
import uuid as uuid_module
from array import array
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from kindjournal.errors import UsageError
from kindjournal.journal.database import database_errors, now_utc, writing
from kindjournal.journal.writes import AnswerInput, EntryInput, insert_entry, refused_uuid
from kindjournal.reflect.from_file import MAX_ANSWER_CHARS
from kindjournal.reflect.json_stream import JsonItems

if TYPE_CHECKING:
    from kindjournal.journal.bulk_writes import AddedBatch
    from kindjournal.journal.database import Journal

FREE_TEXT_PACK = "free-text"
FREE_TEXT_THEME = "text"
JRNL_KEYS = {"title", "body", "date", "time", "tags", "starred", "uuid", "creator"}
# jrnl entries have no uuid of their own in most journals: derive a stable one from the
# entry's content, so importing the same jrnl export twice adds nothing the second time.
JRNL_NAMESPACE = uuid_module.UUID("5d1c7a3e-2f0b-4c47-9a55-6b1f0d3c9e21")

# Where jrnl's entries land: one free-writing theme. Not a prompt pack to reflect with
# (built-in packs have five to eight guided themes), only the record shape imported
# free text keeps, so it lives here rather than in prompts/. A person's own pack called
# free-text would be used instead.
FREE_TEXT_TOML = """
name = "free-text"
title = "Free writing"
description = "Free writing brought in from another journal."

[[themes]]
key = "text"
title = "Free writing"
why = "Writing kept as it was written, in another journal, before kindjournal."

[[themes.prompts]]
key = "text-free"
text = "Free writing, brought in from another journal."
"""


@dataclass
class Incoming:
    entry: EntryInput
    wanted_id: int | None = None  # the entry's number in the journal it came from
    action_ids: list[int | None] = field(default_factory=list)
    where: str = ""
    position: int = 0  # in the file (1 the first), to name a uuid given twice


@dataclass
class ImportReport:
    added: array = field(default_factory=lambda: array("q"))  # 8 bytes an entry
    replaced: list[int] = field(default_factory=list)
    unchanged: int = 0
    conflicts: list[str] = field(default_factory=list)


def read_file(raw: bytes, source: str) -> tuple[str, list]:
    """('kindjournal' or 'jrnl', the entry objects) of a file in memory, or UsageError
    saying where it broke."""
    kind, values = read_kind(JsonItems(io.BytesIO(raw), source))
    return kind, list(values)


def read_kind(items: JsonItems) -> tuple[str, Iterable]:
    """('kindjournal' or 'jrnl', the entry objects one at a time). A jrnl export is one
    object {"tags": ..., "entries": [...]}, read whole; ours is an array (or JSON
    Lines), read an entry at a time."""
    values = iter(items)
    first = next(values, _NOTHING)
    if first is _NOTHING:
        return "kindjournal", iter(())
    if items.shape == "values" and isinstance(first, dict) \
            and isinstance(first.get("entries"), list) and set(first) <= {"tags", "entries"}:
        second = next(values, _NOTHING)
        if second is _NOTHING:
            return "jrnl", first["entries"]  # a list: read whole
        values = itertools.chain([second], values)
    return "kindjournal", itertools.chain([first], values)


_NOTHING = object()


class _WithFreeText:
    """The person's packs, plus the free-text record shape when they have no such pack."""

    def __init__(self, packs):
        self.packs = packs

    def __call__(self, name: str, problem):
        if name != FREE_TEXT_PACK:
            return self.packs(name, problem)
        try:
            return self.packs(name, problem)
        except UsageError:
            from kindjournal.reflect.from_file import ResolvedPack
            from kindjournal.reflect.pack_format import parse_pack
            from kindjournal.reflect.packs import checkin_signals

            pack = parse_pack(FREE_TEXT_TOML, "kindjournal")
            return ResolvedPack(pack, checkin_signals(pack, getattr(
                self.packs, "user_prompt_dir", None)))


def parse_items(kind: str, items: Iterable, packs, today: date) -> Iterator[Incoming]:
    """Each entry object checked, in turn (a uuid given twice is found by apply)."""
    parse = _parse_jrnl if kind == "jrnl" else _parse_ours
    packs = _WithFreeText(packs)
    for position, item in enumerate(items, start=1):
        where = f"entry {position}: "
        incoming = parse(item, packs, today, where)
        incoming.where = where
        incoming.position = position
        yield incoming


def _parse_ours(item, packs, today: date, where: str) -> Incoming:
    from kindjournal.reflect.from_file import parse_entry

    entry = parse_entry(item, packs, today, where)

    def problem(message: str) -> UsageError:
        return UsageError(f"{where}{message}")

    for key in ("created_at", "updated_at"):
        if getattr(entry, key) is not None:
            _check_timestamp(getattr(entry, key), key, problem)
    wanted_id = item.get("id")
    if not _id_or_none(wanted_id):
        raise problem(f"id: must be a whole number from 1 to {LARGEST_ID}.")
    action_ids: list[int | None] = []
    for index, action in enumerate(entry.actions):  # (its fields checked by parse_entry)
        action_id = action.get("id")
        if not _id_or_none(action_id):
            raise problem(f"actions[{index}].id: must be a whole number from 1 to {LARGEST_ID}.")
        action_ids.append(action_id)
    # An exported entry says exactly which actions it has, even none: do not derive one.
    if "actions" in item:
        entry.forward_theme = None
    return Incoming(entry, wanted_id, action_ids)


# The largest number SQLite keeps an id as (larger ones were a traceback).
LARGEST_ID = 2**63 - 1


def _id_or_none(value) -> bool:
    return value is None or (isinstance(value, int) and not isinstance(value, bool)
                             and 1 <= value <= LARGEST_ID)


def _check_timestamp(text: str, key: str, problem) -> None:
    try:
        datetime.fromisoformat(text)
    except ValueError:
        raise problem(f"{key}: '{text[:40]}' is not a date and time like "
                      "2026-11-20T21:05:00+00:00.") from None


def _parse_jrnl(item, packs, today: date, where: str) -> Incoming:
    def problem(message: str) -> UsageError:
        return UsageError(f"{where}{message} (reading a jrnl export)")

    if not isinstance(item, dict):
        raise problem("each entry must be an object with title, body, date and time.")
    unknown = sorted(set(item) - JRNL_KEYS)
    if unknown:
        raise problem(f"unknown field '{unknown[0]}'.")
    for key in ("title", "body", "date", "time"):
        if not isinstance(item.get(key), str):
            raise problem(f"{key}: must be text.")
    try:
        written = datetime.strptime(f"{item['date']} {item['time']}", "%Y-%m-%d %H:%M")
    except ValueError:
        raise problem(f"date/time: '{item['date']} {item['time']}' should look like "
                      "2026-11-20 and 21:05.") from None
    tags = item.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(tag, str) for tag in tags):
        raise problem("tags: must be a list of words.")
    starred = item.get("starred", False)
    if not isinstance(starred, bool):
        raise problem("starred: must be true or false.")
    title, body = item["title"].strip(), item["body"].strip()
    text = f"{title}\n{body}" if title and body else title or body
    if not text:
        raise problem("the entry has no text.")
    if len(text) > MAX_ANSWER_CHARS:
        raise problem(f"the entry is {len(text):,} characters long; an entry holds at most "
                      f"{MAX_ANSWER_CHARS:,}. Shorten it or split it.")
    pack = packs(FREE_TEXT_PACK, problem).pack
    wording = pack.theme(FREE_TEXT_THEME).wordings[0]
    # jrnl times are local wall-clock times; we store UTC.
    stamp = written.astimezone().astimezone(UTC).isoformat(timespec="seconds")
    tag_words = [tag.lstrip("@#") for tag in tags] + (["starred"] if starred else [])
    identity = json.dumps([item["date"], item["time"], item["title"], item["body"]])
    return Incoming(EntryInput(
        shift_date=written.date(), pack=pack.name,
        answers=[AnswerInput(FREE_TEXT_THEME, wording.text, text, wording.key, stamp)],
        tags=tag_words, uuid=str(uuid_module.uuid5(JRNL_NAMESPACE, identity)),
        created_at=stamp, updated_at=stamp))


def apply(db: Journal, incoming: Iterable[Incoming], stamp: str | None = None,
          at_least: int | None = None) -> ImportReport:
    """Write everything in one transaction: all of it, or (on any error) none. stamp
    (default now) is the time given to whatever the file leaves without one. incoming
    may be a stream: at_least is then how many entries are known to come."""
    from kindjournal.journal.bulk_writes import (
        UuidRefused,
        compact_after_batch,
        insert_triggers_paused,
    )
    from kindjournal.journal.edits import purge_removed_text

    stamp = stamp or now_utc()
    report = ImportReport()
    count = 0
    if at_least is None:
        incoming = list(incoming)
        at_least = len(incoming)
    seen = _Seen()
    try:
        with writing(db), insert_triggers_paused(db, at_least) as inserted:
            count = _apply_each(db, incoming, stamp, report, seen, inserted)
    except UuidRefused as refused:  # found when the held rows were written
        raise _given_twice(f"entry {seen.position(refused.entry_id)}: ",
                           seen.position(refused.holder)) from None
    if report.replaced:
        purge_removed_text(db)
    compact_after_batch(db, count)  # after the purge, which frees pages of its own
    return report


def _apply_each(db: Journal, incoming: Iterable[Incoming], stamp: str, report: ImportReport,
                seen: _Seen, inserted: AddedBatch) -> int:
    """Write each entry of incoming (apply's transaction); how many there were."""
    from kindjournal.journal.edits import forget_unasked_prompts

    count = 0
    # Into a journal that had no entries, a uuid can only clash with one this file
    # gave already: the UNIQUE index finds that, with no lookup an entry, and nothing
    # of the file's own entries is read back, so their rows can be held and written
    # a thousand entries at a time.
    began_empty = db.execute("SELECT NOT EXISTS (SELECT 1 FROM entries)").fetchone()[0]
    if began_empty:
        inserted.hold_rows()
    for count, item in enumerate(incoming, start=1):
        entry = item.entry
        position = item.position or count
        existing = None
        if entry.uuid and not began_empty:
            existing = db.execute("SELECT id, updated_at, shift_date FROM entries "
                                  "WHERE uuid = ?", [entry.uuid]).fetchone()
        if existing is not None and seen.position(existing[0]) is not None:
            raise _given_twice(item.where, seen.position(existing[0]))
        if existing is None:
            try:
                written = insert_entry(db, entry, stamp, inserted, item.wanted_id,
                                       item.action_ids)
            except database_errors("IntegrityError") as error:
                if not (began_empty and refused_uuid(error, entry)):
                    raise
                first = db.execute("SELECT id FROM entries WHERE uuid = ?",
                                   [entry.uuid]).fetchone()[0]
                raise _given_twice(item.where, seen.position(first)) from None
            report.added.append(written)
        else:
            written = _merge(db, item, existing, report, stamp, inserted)
        seen.add(written if written is not None else existing[0], position)
    if report.replaced:  # the replaced copies' words: nowhere in the file afterwards
        forget_unasked_prompts(db)
    return count


def _given_twice(where: str, first: int | None) -> UsageError:
    return UsageError(f"{where}the same uuid as entry {first}; each entry can be in "
                      "the file once.")


class _Seen:
    """The journal's entries this import has written or matched, each with the position
    in the file it came from: a uuid given twice is found in the journal the second time,
    and named by where it was first. A bit an entry number (row_ids.IdSet), and two
    arrays read only to name a position: about 16 bytes an entry, where a table in
    SQLite cost a statement an entry."""

    def __init__(self):
        from kindjournal.journal.row_ids import IdSet

        self._seen = IdSet()
        self._ids = array("q")
        self._positions = array("q")

    def add(self, entry_id: int, position: int) -> None:
        """Note entry_id (once: a second call keeps the first position)."""
        if self._seen.add(entry_id):
            self._ids.append(entry_id)
            self._positions.append(position)

    def position(self, entry_id: int) -> int | None:
        if entry_id not in self._seen:
            return None
        return self._positions[self._ids.index(entry_id)]


def _merge(db: Journal, item: Incoming, existing, report: ImportReport, stamp: str,
           batch: AddedBatch) -> int | None:
    """The id of the row inserted when the file's copy replaced the journal's."""
    entry_id, journal_updated, shift_date = existing
    file_updated = item.entry.updated_at or item.entry.created_at or ""
    if file_updated == journal_updated:
        report.unchanged += 1
    elif _instant(file_updated) > _instant(journal_updated):
        db.execute("DELETE FROM entries WHERE id = ?", [entry_id])
        item.wanted_id = entry_id  # keeps its number
        new_id = insert_entry(db, item.entry, stamp, batch, item.wanted_id, item.action_ids)
        report.replaced.append(entry_id)
        report.conflicts.append(f"#{entry_id} ({shift_date}): the file's copy is newer "
                                f"({file_updated}); it replaced the journal's.")
        return new_id
    else:
        report.conflicts.append(f"#{entry_id} ({shift_date}): the journal's copy is newer "
                                f"({journal_updated}); kept it.")
    return None


def _instant(text: str) -> datetime:
    moment = datetime.fromisoformat(text) if text else datetime.min
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def import_stream(items: JsonItems, size: int | None, packs, today: date,
                  open_journal: Callable[[], Journal], progress_bar=None
                  ) -> tuple[str, ImportReport | None]:
    """Import a whole file an entry at a time: (its kind, the report), or (kind, None)
    when it holds no entries. The first entries are checked before the journal is
    opened (or made); a problem later rolls everything back, and a journal made by
    this run is taken away again. progress_bar: see reflect.from_stream.ProgressBar."""
    from kindjournal.reflect.from_stream import (
        READ_AHEAD,
        opened_bar,
        unmade_on_failure,
        watched,
    )

    kind, values = read_kind(items)
    done = lambda: items.bytes_read  # noqa: E731
    if isinstance(values, list):  # a jrnl export, read whole: progress by entries
        values, done = _counted(values, lambda: items.bytes_read)
    incoming = parse_items(kind, values, packs, today)
    ahead = list(itertools.islice(incoming, READ_AHEAD))
    if not ahead:
        return kind, None
    db = open_journal()
    with unmade_on_failure(db), opened_bar(progress_bar, size) as bar:
        report = apply(db, watched(itertools.chain(ahead, incoming), done, bar),
                       at_least=len(ahead))
    return kind, report


def _counted(values: list, size: Callable[[], int]) -> tuple[Iterator, Callable[[], int]]:
    """values one at a time, and how far through them (as a share of size bytes)."""
    taken = [0]

    def each() -> Iterator:
        for value in values:
            taken[0] += 1
            yield value

    return each(), lambda: size() * taken[0] // max(len(values), 1)
