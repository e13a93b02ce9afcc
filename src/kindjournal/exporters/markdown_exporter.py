"""Markdown: one section per entry, readable as it is or in any Markdown viewer."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TextIO

from kindjournal.exporters import answered, entry_heading


def _lines(text: str) -> str:
    # Two trailing spaces keep the person's line breaks in rendered Markdown.
    return "  \n".join(line.rstrip() for line in text.strip().splitlines())


def write(entries: Iterable[dict], out: TextIO, context) -> int:
    out.write(f"# {context.title}\n")
    count = 0
    for entry in entries:
        count += 1
        out.write(f"\n## {entry_heading(entry)}\n\n")
        flags = []
        if entry["tags"]:
            flags.append("Tags: " + ", ".join(entry["tags"]))
        if entry.get("share"):
            flags.append("shared with group")
        if entry.get("supervision"):
            flags.append("for supervision")
        if flags:
            out.write(" · ".join(flags) + "\n\n")
        ratings = {key: value for key, value in entry["checkin"].items() if value is not None}
        if ratings:
            out.write("**Check-in** (0 to 4)\n\n")
            for key, value in ratings.items():
                label = context.signal_labels.get(key, key.replace("-", " "))
                out.write(f"- {label}: {value}\n")
            out.write("\n")
        for answer in answered(entry):
            out.write(f"**{answer['prompt'].strip()}**\n\n{_lines(answer['answer'])}\n\n")
        for action in entry["actions"]:
            note = f" — {action['review_note']}" if action.get("review_note") else ""
            out.write(f"*Carrying forward ({action['status']}):* {action['text']}{note}\n\n")
    if not count:
        out.write("\nNo entries matched.\n")
    return count
