"""Reading entries from a JSON file for 'kj reflect --from' (and exports read back).

Accepted: one JSON object, a JSON array of them, or JSON Lines. Every problem names
the field and, in a batch, the entry's position, so nothing is added until the
whole file is right.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from kindjournal.errors import UsageError
from kindjournal.journal.writes import AnswerInput, EntryInput, normalise_shift

if TYPE_CHECKING:
    from kindjournal.reflect.packs import Pack, Signal

ENTRY_KEYS = {
    "date", "shift", "pack", "checkin", "answers", "tags", "share", "supervision",
    # What 'kj show --json' and the JSON export add, so exported entries read back in:
    "id", "uuid", "status", "created_at", "updated_at", "actions",
}
# Limits that keep a wrong file (a disk image, a log) from filling memory or the journal:
# a file read whole (a 'kj record' or 'kj supervision' file; entries are read a piece at
# a time, with json_stream.MAX_VALUE_BYTES an entry) holds at most 100 MB, an answer at
# most a million characters (several hundred pages).
MAX_FILE_BYTES = 100 * 1024 * 1024
MAX_ANSWER_CHARS = 1_000_000


def too_big(source: str, size: int) -> UsageError:
    return UsageError(f"{source} is {size / 1024 / 1024:.0f} MB; kj reads files of up to "
                      f"{MAX_FILE_BYTES // 1024 // 1024} MB at a time. Split it and add "
                      "each part.")


def read_input_file(source: str | Path) -> tuple[bytes, str]:
    """The bytes of a small file read whole ('-' is standard input: a 'kj record' or
    'kj supervision' file) and a label for messages; a missing or unreadable file is
    one kind line, not a traceback. Entries are read a piece at a time instead
    (json_stream)."""
    from kindjournal.reflect.json_stream import opened

    with opened(source) as (stream, label, _size):
        return read_whole(stream, label), label


def read_whole(stream, label: str) -> bytes:
    """All of stream, up to MAX_FILE_BYTES (one byte more is enough to know it is
    too big)."""
    raw = stream.read(MAX_FILE_BYTES + 1)
    if len(raw) > MAX_FILE_BYTES:
        raise too_big(label, len(raw))
    return raw


def decode_entries(raw: bytes, source: str) -> list:
    """Bytes already in memory to a list of entry objects; errors name the file and
    where it broke (json_stream's messages)."""
    from kindjournal.reflect.json_stream import read_all

    if len(raw) > MAX_FILE_BYTES:
        raise too_big(source, len(raw))
    items = read_all(raw, source)[1]
    if not items:
        raise UsageError(f"{source} holds no entries.")
    return items


def parse_entries(items: list[dict], packs, today: date) -> list[EntryInput]:
    """Check every entry against its pack; raise on the first problem, naming it."""
    several = len(items) > 1
    return [
        parse_entry(item, packs, today, f"entry {position}: " if several else "")
        for position, item in enumerate(items, start=1)
    ]


def parse_entry(item, packs, today: date, where: str) -> EntryInput:
    """One entry object checked against its pack (packs: a PackLookup); where starts
    every problem's message ("entry 3: ")."""
    def problem(message: str) -> UsageError:
        return UsageError(f"{where}{message}")

    if not isinstance(item, dict):
        raise problem("each entry must be a JSON object like {\"date\": ..., \"answers\": ...}.")
    if not item.keys() <= ENTRY_KEYS:
        unknown = sorted(set(item) - ENTRY_KEYS)[0]
        raise problem(f"unknown field '{unknown}'. Fields are: {', '.join(sorted(ENTRY_KEYS))}.")

    pack = packs(_text(item, "pack", problem), problem)
    shift_date = today
    if item.get("date") is not None:
        shift_date = _iso_day(_text(item, "date", problem), today, problem)
    shift = _text(item, "shift", problem)
    if shift:
        try:
            shift = normalise_shift(shift)
        except UsageError as error:
            raise problem(f"shift: {error.message}") from None

    checkin = _parse_checkin(item.get("checkin"), pack.signal_keys, problem)
    answers = _parse_answers(item.get("answers"), pack, problem)
    status = item.get("status", "complete")
    if not checkin and not any(a.answer for a in answers) and status != "draft":
        raise problem("an entry needs at least one answer or check-in rating.")

    tags = item.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(tag, str) for tag in tags):
        raise problem("tags: must be a list of words, like [\"family\", \"nights\"].")
    if status not in ("complete", "draft"):
        raise problem("status: must be \"complete\" or \"draft\".")
    actions = item.get("actions", [])
    if not isinstance(actions, list) or not all(
        isinstance(action, dict) and isinstance(action.get("text"), str)
        and action.get("status", "open") in ("open", "done", "dropped")
        for action in actions
    ):
        raise problem("actions: must be a list of objects with 'text' and a status of "
                      "open, done or dropped.")
    for index, action in enumerate(actions):
        for key in ("created_at", "review_note", "reviewed_at"):
            if action.get(key) is not None and not isinstance(action[key], str):
                raise problem(f"actions[{index}].{key}: must be text or null.")
    uuid = _text(item, "uuid", problem)
    forward = pack.pack.forward_theme
    return EntryInput(
        shift_date=shift_date,
        pack=pack.pack.name,
        shift_type=shift or None,
        checkin=checkin,
        answers=answers,
        tags=tags,
        share=_flag(item, "share", problem),
        supervision=_flag(item, "supervision", problem),
        forward_theme=forward.key if forward else None,
        uuid=uuid.lower() if uuid else None,
        status=status,
        created_at=_text(item, "created_at", problem),
        updated_at=_text(item, "updated_at", problem),
        actions=actions,
    )


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


def _iso_day(text: str, today: date, problem) -> date:
    """parse_day, with the form every export uses (2026-11-20) read directly: the
    date language's readers cost more than the rest of an entry's checks."""
    if _ISO_DAY.fullmatch(text):
        with contextlib.suppress(ValueError):
            day = date.fromisoformat(text)
            if day <= today:
                return day
    from kindjournal.dates import DateError, parse_day

    try:
        return parse_day(text, today)  # its own words for a future or unreal day
    except DateError as error:
        raise problem(f"date: {error}") from None


def _text(item: dict, key: str, problem) -> str | None:
    value = item.get(key)
    if value is not None and not isinstance(value, str):
        raise problem(f"{key}: must be text.")
    return value


def _flag(item: dict, key: str, problem) -> bool:
    value = item.get(key, False)
    if not isinstance(value, bool):
        raise problem(f"{key}: must be true or false.")
    return value


def _parse_checkin(checkin, known: frozenset[str], problem) -> dict[str, int | None]:
    if checkin is None:
        return {}
    if not isinstance(checkin, dict):
        raise problem("checkin: must be an object of signal: rating, like {\"exhaustion\": 3}.")
    ratings: dict[str, int | None] = {}
    for key, value in checkin.items():
        if key not in known:
            raise problem(f"checkin.{key}: not a check-in signal of this pack "
                          f"(signals: {', '.join(sorted(known))}).")
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)
                                  or not 0 <= value <= 4):
            raise problem(f"checkin.{key}: a rating is a whole number from 0 to 4.")
        ratings[key] = value
    return ratings


def _parse_answers(answers, resolved: ResolvedPack, problem) -> list[AnswerInput]:
    """answers: {theme: text} or {theme: {prompt, answer}} or a list of
    {theme, prompt_key, prompt, answer} as 'kj show --json' prints them."""
    pack, themes, order = resolved.pack, resolved.themes, resolved.theme_order
    if answers is None:
        return []
    if isinstance(answers, dict):
        pairs = list(answers.items())
    elif isinstance(answers, list) and all(isinstance(a, dict) for a in answers):
        pairs = [(a.get("theme"), a) for a in answers]
    else:
        raise problem("answers: must be an object of theme: answer, like {\"person\": \"...\"}.")
    parsed: dict[str, AnswerInput] = {}
    for theme_key, value in pairs:
        text = value.get("answer") if isinstance(value, dict) else value
        if isinstance(text, str) and len(text) > MAX_ANSWER_CHARS:
            raise problem(f"answers.{theme_key}: is {len(text):,} characters long; an answer "
                          f"holds at most {MAX_ANSWER_CHARS:,}. Shorten it or split it.")
        if theme_key not in themes:
            raise problem(f"answers.{theme_key}: not a theme of pack '{pack.name}' "
                          f"(themes: {', '.join(themes)}).")
        if theme_key in parsed:
            raise problem(f"answers.{theme_key}: given twice.")
        theme = themes[theme_key]
        if isinstance(value, str):
            wording = theme.wordings[0]
            parsed[theme_key] = AnswerInput(theme_key, wording.text, value, wording.key)
        elif isinstance(value, dict) and (isinstance(value.get("answer"), str)
                                          or ("answer" in value and value["answer"] is None)):
            # null: a prompt asked but not reached yet (exports of drafts carry these).
            prompt = value.get("prompt")
            prompt_key = value.get("prompt_key")
            if prompt is not None and not isinstance(prompt, str):
                raise problem(f"answers.{theme_key}.prompt: must be text.")
            wording = next((w for w in theme.wordings if w.key == prompt_key), theme.wordings[0])
            answered_at = value.get("answered_at")
            if answered_at is not None and not isinstance(answered_at, str):
                raise problem(f"answers.{theme_key}.answered_at: must be text.")
            parsed[theme_key] = AnswerInput(
                theme_key, prompt or wording.text, value["answer"],
                prompt_key if isinstance(prompt_key, str) else wording.key, answered_at,
            )
        else:
            raise problem(f"answers.{theme_key}: must be text.")
    return sorted(parsed.values(), key=lambda answer: order[answer.theme_key])


class PackLookup:
    """Loads each pack named in a batch once; an unknown pack is the entry's problem."""

    def __init__(self, user_prompt_dir):
        self.user_prompt_dir = user_prompt_dir
        self._cache: dict[str | None, ResolvedPack] = {}

    def __call__(self, name: str | None, problem) -> ResolvedPack:
        """The pack named (None or '': the default pack)."""
        resolved = self._cache.get(name)
        if resolved is None:
            from kindjournal.reflect.packs import (
                DEFAULT_PACK,
                PackError,
                checkin_signals,
                load_pack,
            )

            try:
                pack = load_pack(name or DEFAULT_PACK, self.user_prompt_dir)
                signals = checkin_signals(pack, self.user_prompt_dir)
            except PackError as error:
                raise problem(f"pack: {str(error).splitlines()[0]}") from None
            resolved = self._cache[name] = ResolvedPack(pack, signals)
        return resolved


@dataclass(frozen=True)
class ResolvedPack:
    """A pack as an entry is checked against it: its themes, and the check-in signals
    it asks about (its own, or the default pack's)."""

    pack: Pack
    signals_for_checkin: tuple[Signal, ...]

    # What every entry of a batch is checked against, worked out once a pack.
    @cached_property
    def signal_keys(self) -> frozenset[str]:
        return frozenset(signal.key for signal in self.signals_for_checkin)

    @cached_property
    def themes(self) -> dict:
        return {theme.key: theme for theme in self.pack.themes}

    @cached_property
    def theme_order(self) -> dict[str, int]:
        return {key: index for index, key in enumerate(self.themes)}


def identifier_notes(entries: list[EntryInput], private_names) -> list[str]:
    """A line for each answer that seems to hold an identifier (they are still added
    as written), then one saying how exports take such details out; none when clean."""
    notes = IdentifierNotes(private_names, several=len(entries) > 1)
    for position, entry in enumerate(entries, start=1):
        notes.check(entry, position)
    return list(notes.lines())


class IdentifierNotes:
    """The notes for entries added as written, gathered while a file is read and told
    once it has gone in. Kept in a spooled file past a megabyte: a long file can have a
    note for every entry (they name the entry, the answer and the kinds found, never
    the words themselves).

    The scan is the slowest step of adding an entry, and needs nothing from the
    journal, so answers wait here (up to WAITING_CHARS of text) and the last of them are
    scanned on a second thread while the journal builds its search index and trends:
    SQLite lets go of Python's lock for that long step, so on a machine with two cores
    the scan costs almost no time there."""

    WAITING_CHARS = 6_000_000  # about 7 MB resident with what holds them
    # The prompts found in a file recur in every entry: each is scanned once (up to
    # this many kept, so a file of a different prompt an entry cannot fill memory).
    PROMPTS_KEPT = 1_000

    def __init__(self, private_names, several: bool):
        import tempfile

        self.names = tuple(private_names)
        self.several = several
        self.count = 0
        self._spool = tempfile.SpooledTemporaryFile(max_size=1024 * 1024, mode="w+",
                                                    encoding="utf-8")
        self._prompts: dict[str, list] = {}
        self._waiting: list[tuple[int, tuple]] = []
        self._waiting_chars = 0
        self._thread = None
        self._failure: BaseException | None = None

    def check(self, entry: EntryInput, position: int) -> None:
        """Note what entry holds (now, or soon after: see finish_aside)."""
        # Only the texts wait (not the AnswerInputs): half the memory an entry.
        self._waiting.append((position, tuple((answer.theme_key, answer.answer,
                                               answer.prompt_text)
                                              for answer in entry.answers)))
        self._waiting_chars += sum(len(answer.answer or "") for answer in entry.answers)
        if self._waiting_chars > self.WAITING_CHARS:
            self._scan_waiting()

    def finish_aside(self) -> None:
        """Scan what is still waiting on a second thread (the entries have all been
        read; the journal is now indexing them)."""
        import threading

        def scan() -> None:
            try:
                self._scan_waiting()
            except BaseException as error:  # told by lines(), on the main thread
                self._failure = error

        self._thread = threading.Thread(target=scan, name="identifier-notes", daemon=True)
        self._thread.start()

    def _scan_waiting(self) -> None:
        from kindjournal.redaction import find_in_each, kinds_found

        waiting, self._waiting, self._waiting_chars = self._waiting, [], 0
        for position, answers in waiting:
            # An entry's answers in one scan (find_in_each: 10-20% less than one each).
            in_answers = find_in_each([answer or "" for _key, answer, _prompt in answers],
                                      self.names)
            for (theme_key, _answer, prompt), in_answer in zip(answers, in_answers,
                                                                strict=True):
                for part, found in (("answer", kinds_found(in_answer)),
                                    ("prompt", self._in_prompt(prompt))):
                    if found:
                        self._note(position, part, theme_key, found)

    def _in_prompt(self, prompt: str) -> list[str]:
        """The kinds found in a prompt. The prompts found in a file recur in every
        entry: each is scanned once (up to PROMPTS_KEPT of them)."""
        found = self._prompts.get(prompt)
        if found is None:
            from kindjournal.redaction import find_identifiers, kinds_found

            found = kinds_found(find_identifiers(prompt, self.names)) if prompt else []
            if len(self._prompts) < self.PROMPTS_KEPT:
                self._prompts[prompt] = found
        return found

    def _note(self, position: int, part: str, theme_key: str, found: list[str]) -> None:
        from kindjournal.redaction import describe

        where = f"entry {position}, " if self.several else ""
        self._spool.write(f"Note: {where}{part} '{theme_key}' seems to hold "
                          f"{', '.join(describe(kind) for kind in found)}.\n")
        self.count += 1

    def lines(self) -> Iterator[str]:
        """Every note, then how exports take such details out; nothing when clean."""
        if self._thread is not None:
            self._thread.join()
            if self._failure is not None:
                raise self._failure
        else:
            self._scan_waiting()
        if not self.count:
            return
        self._spool.seek(0)
        for line in self._spool:
            yield line.rstrip("\n")
        self._spool.close()
        yield ("Added as written. 'kj export --redact' or '--for-group' takes such details "
               "out of exports.")
