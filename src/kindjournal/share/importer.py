"""Importing entries: kindjournal's own JSON export, and jrnl's JSON export.

All or nothing: the whole file is read and checked first (every problem names the
entry and the field), then written in one transaction. Importing our export is
idempotent by uuid: an entry already in the journal is left alone when unchanged,
replaced when the file's copy is newer (by updated_at), and kept when the journal's
is newer; both of the last two are listed as conflicts. Nothing here prints.
"""

from __future__ import annotations

import json
import uuid as uuid_module
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from kindjournal.errors import UsageError
from kindjournal.journal.database import now_utc, writing
from kindjournal.journal.writes import AnswerInput, EntryInput, insert_entry
from kindjournal.reflect.from_file import MAX_ANSWER_CHARS

if TYPE_CHECKING:
    from kindjournal.journal.database import Journal

FREE_TEXT_PACK = "free-text"
FREE_TEXT_THEME = "text"
JRNL_KEYS = {"title", "body", "date", "time", "tags", "starred", "uuid", "creator"}
# jrnl entries have no uuid of their own in most journals: derive a stable one from the
# entry's content, so importing the same jrnl export twice adds nothing the second time.
JRNL_NAMESPACE = uuid_module.UUID("5d1c7a3e-2f0b-4c47-9a55-6b1f0d3c9e21")

Progress = Callable[[int], None] | None

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


@dataclass
class ImportReport:
    added: list[int] = field(default_factory=list)
    replaced: list[int] = field(default_factory=list)
    unchanged: int = 0
    conflicts: list[str] = field(default_factory=list)


def read_file(raw: bytes, source: str) -> tuple[str, list]:
    """('kindjournal' or 'jrnl', the entry objects), or UsageError saying where it broke."""
    from kindjournal.reflect.from_file import decode_entries

    try:
        document = json.loads(raw.decode("utf-8-sig"))
    except (ValueError, RecursionError):  # bad UTF-8 or JSON, a 5,000-digit number...
        document = None  # let decode_entries say exactly where it broke (or read JSONL)
    if isinstance(document, dict) and isinstance(document.get("entries"), list) \
            and set(document) <= {"tags", "entries"}:
        return "jrnl", document["entries"]
    if document == []:
        return "kindjournal", []
    return "kindjournal", decode_entries(raw, source)


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


def parse_items(kind: str, items: list, packs, today: date, progress: Progress = None
                ) -> list[Incoming]:
    parse = _parse_jrnl if kind == "jrnl" else _parse_ours
    packs = _WithFreeText(packs)
    parsed: list[Incoming] = []
    seen: dict[str, int] = {}
    for position, item in enumerate(items, start=1):
        where = f"entry {position}: "
        incoming = parse(item, packs, today, where)
        incoming.where = where
        if incoming.entry.uuid:
            if incoming.entry.uuid in seen:
                raise UsageError(f"{where}the same uuid as entry {seen[incoming.entry.uuid]}; "
                                 "each entry can be in the file once.")
            seen[incoming.entry.uuid] = position
        parsed.append(incoming)
        if progress:
            progress(1)
    return parsed


def _parse_ours(item, packs, today: date, where: str) -> Incoming:
    from kindjournal.reflect.from_file import parse_entry

    entry = parse_entry(item, packs, today, where)

    def problem(message: str) -> UsageError:
        return UsageError(f"{where}{message}")

    for key in ("created_at", "updated_at"):
        if getattr(entry, key) is not None:
            _check_timestamp(getattr(entry, key), key, problem)
    wanted_id = item.get("id")
    if wanted_id is not None and (isinstance(wanted_id, bool) or not isinstance(wanted_id, int)
                                  or wanted_id < 1):
        raise problem("id: must be a whole number above 0.")
    action_ids: list[int | None] = []
    for index, action in enumerate(entry.actions):
        for key in ("created_at", "review_note", "reviewed_at"):
            if action.get(key) is not None and not isinstance(action[key], str):
                raise problem(f"actions[{index}].{key}: must be text or null.")
        action_id = action.get("id")
        if action_id is not None and (isinstance(action_id, bool)
                                      or not isinstance(action_id, int) or action_id < 1):
            raise problem(f"actions[{index}].id: must be a whole number above 0.")
        action_ids.append(action_id)
    # An exported entry says exactly which actions it has, even none: do not derive one.
    if "actions" in item:
        entry.forward_theme = None
    return Incoming(entry, wanted_id, action_ids)


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


def apply(db: Journal, incoming: list[Incoming], stamp: str | None = None,
          progress: Progress = None) -> ImportReport:
    """Write everything in one transaction: all of it, or (on any error) none. stamp
    (default now) is the time given to whatever the file leaves without one."""
    from kindjournal.journal.bulk_writes import compact_after_batch, insert_triggers_paused

    stamp = stamp or now_utc()
    report = ImportReport()
    with writing(db), insert_triggers_paused(db, len(incoming)) as inserted:
        for item in incoming:
            entry = item.entry
            existing = None
            if entry.uuid:
                existing = db.execute("SELECT id, updated_at, shift_date FROM entries "
                                      "WHERE uuid = ?", [entry.uuid]).fetchone()
            if existing is None:
                report.added.append(
                    insert_entry(db, entry, stamp, item.wanted_id, item.action_ids))
                inserted.append(report.added[-1])
            else:
                replaced_by = _merge(db, item, existing, report, stamp)
                if replaced_by is not None:
                    inserted.append(replaced_by)
            if progress:
                progress(1)
    compact_after_batch(db, len(incoming))
    return report


def _merge(db: Journal, item: Incoming, existing, report: ImportReport, stamp: str) -> int | None:
    """The id of the row inserted when the file's copy replaced the journal's."""
    entry_id, journal_updated, shift_date = existing
    file_updated = item.entry.updated_at or item.entry.created_at or ""
    if file_updated == journal_updated:
        report.unchanged += 1
    elif _instant(file_updated) > _instant(journal_updated):
        db.execute("DELETE FROM entries WHERE id = ?", [entry_id])
        item.wanted_id = entry_id  # keeps its number
        new_id = insert_entry(db, item.entry, stamp, item.wanted_id, item.action_ids)
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
