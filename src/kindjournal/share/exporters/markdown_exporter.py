"""Markdown: one section per entry, readable as it is or in any Markdown viewer."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TextIO

from kindjournal.share.exporters import entry_heading

# Reads entries in reads.entries_in_shape(reader=True): only what a reader sees.
READER_SHAPE = True
_HEADINGS_KEPT = 1_000  # prompt headings remembered at once: memory stays flat
_LINK_DEFINITION = re.compile(r"^(\s{0,3})\[", re.MULTILINE)
_OTHER_BREAKS = re.compile("\r\n?|[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


def _inert(text: str) -> str:
    """The person's text as words, never markup a viewer acts on: no raw HTML (a
    <script> or <img onerror>), no links made of their text ([x](javascript:...),
    [x]: url). Everything else of Markdown (emphasis, lists) stays as they wrote it."""
    # A lone carriage return ends a line in Markdown too, and some viewers break at the
    # other separators Python knows: each becomes a line feed, a line the check sees.
    if _OTHER_BREAKS.search(text):
        text = _OTHER_BREAKS.sub("\n", text)
    # Only '<' opens HTML (and autolinks); '&' and '>' stay, so "A&E" reads as written.
    text = text.replace("<", "&lt;").replace("](", "]\\(")
    if "[" not in text:  # most answers: no regex to run (a fifth of a 10,000-entry export)
        return text
    return _LINK_DEFINITION.sub(r"\1\\[", text)


def _lines(text: str) -> str:
    # Two trailing spaces keep the person's line breaks in rendered Markdown.
    # Split first, at every line break Python knows (\r, \u2028 ...), so that each line
    # the reader will see is checked for a link definition at its start.
    lines = text.strip().splitlines()
    if len(lines) <= 1:
        return _inert(lines[0]) if lines else ""  # strip() took its ends; _inert adds none
    return "  \n".join(line.rstrip() for line in _inert("\n".join(lines)).split("\n"))


def write(entries: Iterable[dict], out: TextIO, context) -> int:
    out.write(f"# {_inert(context.title)}\n")
    count = 0
    labels = context.signal_labels
    # A pack asks the same few prompts again and again: each one's heading is made once.
    headings: dict[str, str] = {}
    # One write per entry: many small writes cost a system call each when the output
    # is unbuffered (PYTHONUNBUFFERED, some pipes).
    for entry in entries:
        count += 1
        parts = [f"\n## {entry_heading(entry)}\n\n"]
        flags = []
        if entry["tags"]:
            flags.append("Tags: " + _inert(", ".join(entry["tags"])))
        if entry.get("share"):
            flags.append("shared with group")
        if entry.get("supervision"):
            flags.append("for supervision")
        if flags:
            parts.append(" · ".join(flags) + "\n\n")
        ratings = [f"- {labels.get(key, key.replace('-', ' '))}: {value}\n"
                   for key, value in entry["checkin"].items() if value is not None]
        if ratings:
            parts.append("**Check-in** (0 to 4)\n\n")
            parts += ratings
            parts.append("\n")
        for answer in entry["answers"]:
            text = answer["answer"]
            if text and not text.isspace():
                prompt = answer["prompt"]
                heading = headings.get(prompt)
                if heading is None:
                    if len(headings) >= _HEADINGS_KEPT:
                        headings.clear()
                    heading = headings[prompt] = f"**{_inert(prompt.strip())}**\n\n"
                parts.append(f"{heading}{_lines(text)}\n\n")
        for action in entry["actions"]:
            note = f" — {action['review_note']}" if action.get("review_note") else ""
            parts.append(f"*Carrying forward ({action['status']}):* "
                         f"{_inert(action['text'] + note)}\n\n")
        out.write("".join(parts))
    if not count:
        out.write("\nNo entries matched.\n")
    return count
