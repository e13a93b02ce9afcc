"""Exporters: one module per format, each streaming entries to a file object.

Every exporter has ``write(entries, out, context) -> int`` (how many entries it
wrote) and takes entries one at a time from an iterator, so the whole journal is
never in memory. ``prepare_entry`` applies what a group export leaves out and the
redaction, before any exporter sees an entry. Nothing here touches the terminal.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from kindjournal.redaction import Redacted, redact

# Format name -> module; imported only when chosen, to keep start-up fast.
FORMATS = {
    "markdown": "kindjournal.share.exporters.markdown_exporter",
    "html": "kindjournal.share.exporters.html_exporter",
    "json": "kindjournal.share.exporters.json_exporter",
    "csv": "kindjournal.share.exporters.csv_exporter",
    "nmc": "kindjournal.share.exporters.nmc_exporter",
}


def exporter(format_name: str):
    return importlib.import_module(FORMATS[format_name])


@dataclass
class ExportOptions:
    for_group: bool = False
    include_checkins: bool = True
    include_actions: bool = True
    redact: bool = False
    private_names: tuple[str, ...] = ()


@dataclass
class ExportContext:
    """What exporters need besides the entries: column keys, labels, the options."""

    options: ExportOptions = field(default_factory=ExportOptions)
    signal_keys: list[str] = field(default_factory=list)  # CSV columns, in order
    theme_keys: list[str] = field(default_factory=list)
    theme_titles: dict[str, str] = field(default_factory=dict)  # CSV column names
    signal_labels: dict[str, str] = field(default_factory=dict)
    title: str = "Reflections"
    named_entries: bool = False  # the person named entries by number (nmc: any pack)
    outline: list[tuple[int, str, str | None]] = field(default_factory=list)  # html contents


@dataclass
class Prepared:
    entry: dict
    # (where, redacted text) for every field that had something replaced: for --preview.
    replacements: list[tuple[str, Redacted]] = field(default_factory=list)


def prepare_entry(entry: dict, options: ExportOptions) -> Prepared:
    """A copy of the entry with what the options leave out removed and redacted."""
    prepared = dict(entry)
    replacements: list[tuple[str, Redacted]] = []

    def clean(text: str | None, where: str) -> str | None:
        if not options.redact or not text:
            return text
        result = redact(text, options.private_names)
        if result.count:
            replacements.append((where, result))
        return result.text

    if options.for_group:
        for private in ("uuid", "created_at", "updated_at", "supervision"):
            prepared.pop(private, None)
    if not options.include_checkins:
        prepared["checkin"] = {}
    if not options.include_actions:
        prepared["actions"] = []
    prepared["answers"] = [
        # A prompt can come from a --from file or an import, written by anyone: it is
        # redacted like the answer (issue 12).
        {**answer, "answer": clean(answer["answer"], f"answer: {answer['theme']}"),
         "prompt": clean(answer.get("prompt"), f"prompt: {answer['theme']}")}
        for answer in entry["answers"]
    ]
    if options.for_group:  # when each answer was written is nobody else's business
        for answer in prepared["answers"]:
            answer.pop("answered_at", None)
    prepared["tags"] = [clean(tag, "tags") for tag in entry["tags"]]
    prepared["actions"] = [
        {**action, "text": clean(action["text"], "carry forward"),
         # Review notes are private notes: a group never sees them.
         "review_note": None if options.for_group
         else clean(action.get("review_note"), "review note")}
        for action in prepared["actions"]
    ]
    return Prepared(prepared, replacements)


def prepared_entries(entries: Iterable[dict], options: ExportOptions) -> Iterator[dict]:
    if options.include_checkins and options.include_actions and not (
            options.redact or options.for_group):
        yield from entries  # a whole, private export: nothing to leave out or replace
        return
    for entry in entries:
        yield prepare_entry(entry, options).entry


def answered(entry: dict) -> list[dict]:
    """Answers with words in them (skipped and unreached prompts left out)."""
    return [answer for answer in entry["answers"] if (answer["answer"] or "").strip()]


def long_date(iso_date: str) -> str:
    """'Thu 20 Nov 2026': readable in every format, with no locale surprises."""
    from kindjournal.text import weekday_date

    return weekday_date(iso_date)


def entry_heading(entry: dict) -> str:
    parts = [f"#{entry['id']}", long_date(entry["date"])]
    if entry["shift"]:
        parts.append(f"{entry['shift'].replace('-', ' ')} shift")
    if entry["status"] == "draft":
        parts.append("draft (not finished)")
    return " · ".join(parts)
