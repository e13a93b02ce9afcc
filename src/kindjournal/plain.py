"""Plain-text rendering for the read commands people run most: list and show.

Rich costs ~25 ms to import and ~30 ms to lay out a twenty-row table, which is more
than these commands' whole budget beyond Typer's own start-up. These pure functions
return lines; the command prints them. Bold is the only decoration, and only on a
terminal without NO_COLOR, so the words always carry the meaning.
"""

from __future__ import annotations

import os
import shutil
import sys
import textwrap
from datetime import date

ELLIPSIS = "…"


def terminal_width() -> int:
    return max(40, shutil.get_terminal_size((80, 24)).columns)


def use_bold() -> bool:
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def bold(text: str, enabled: bool) -> str:
    return f"\x1b[1m{text}\x1b[0m" if enabled else text


def friendly_date(iso_date: str) -> str:
    day = date.fromisoformat(iso_date)
    return f"{day:%a} {day.day} {day:%b %Y}"


def shift_label(shift: str | None) -> str:
    return (shift or "").replace("-", " ")


def first_line(text: str | None) -> str:
    stripped = (text or "").strip()
    return stripped.splitlines()[0] if stripped else ""


def fit(text: str, width: int) -> str:
    """Cut to width, marking the cut with an ellipsis."""
    if width <= 0:
        return ""
    return text if len(text) <= width else text[: max(0, width - 1)].rstrip() + ELLIPSIS


def rating_bar(value: int) -> str:
    """Four cells filled to the value; the number is always printed beside it."""
    return "■" * value + "□" * (4 - value)


def format_entry_list(rows: list[dict], width: int, heading_bold: bool = False) -> list[str]:
    """One line per entry: number, date, shift, pack, first line (drafts marked), tags."""
    if not rows:
        return ["No entries yet. Run 'kj reflect' after your next shift to write the first."]
    cells = []
    for row in rows:
        first = first_line(row["first_answer"])
        if row["status"] == "draft":
            first = f"(draft) {first}".strip()
        tags = (row["tag_list"] or "").replace(",", ", ")
        cells.append([str(row["id"]), row["shift_date"], shift_label(row["shift_type"]),
                      row["pack"], first, fit(tags, 18)])
    headers = ["#", "Date", "Shift", "Pack", "First line", "Tags"]
    widths = [max(len(headers[i]), *(len(c[i]) for c in cells)) for i in range(6)]
    fixed = sum(widths[i] for i in (0, 1, 2, 3, 5)) + 2 * 5
    widths[4] = max(10, min(widths[4], width - fixed))

    def line(values: list[str]) -> str:
        parts = [values[0].rjust(widths[0])]
        parts += [fit(values[i], widths[i]).ljust(widths[i]) for i in (1, 2, 3, 4)]
        parts.append(fit(values[5], widths[5]))
        return "  ".join(parts).rstrip()

    return [bold(line(headers), heading_bold)] + [line(c) for c in cells]


def format_entry(entry: dict, signals, width: int, headings_bold: bool = False) -> list[str]:
    """One entry in full: ratings as labelled bars, each prompt as asked with its answer."""
    wrap = textwrap.TextWrapper(width=width, break_long_words=True, replace_whitespace=False)
    heading = f"#{entry['id']}  {friendly_date(entry['date'])}"
    if entry["shift"]:
        heading += f"  ·  {shift_label(entry['shift'])} shift"
    heading += f"  ·  {entry['pack']}"
    if entry["status"] == "draft":
        heading += "  ·  draft (not finished)"
    lines = [bold(heading, headings_bold)]
    details = []
    if entry["tags"]:
        details.append("Tags: " + ", ".join(entry["tags"]))
    details += [label for label, on in (("shared with group", entry["share"]),
                                        ("for supervision", entry["supervision"])) if on]
    if details:
        lines += wrap.wrap("  ·  ".join(details))
    if entry["checkin"]:
        labels = {signal.key: signal for signal in signals}
        names = {key: key.replace("-", " ").capitalize() for key in entry["checkin"]}
        name_width = max(len(name) for name in names.values())
        lines += ["", bold("Check-in", headings_bold)]
        for key, value in entry["checkin"].items():
            signal = labels.get(key)
            ends = f"  ({signal.low} → {signal.high})" if signal else ""
            lines.append(fit(f"  {names[key].ljust(name_width)}  {rating_bar(value)}  "
                             f"{value} of 4{ends}", width))
    for answer in entry["answers"]:
        lines.append("")
        lines += [bold(part, headings_bold) for part in wrap.wrap(answer["prompt"])]
        for paragraph in answer["answer"].splitlines():
            lines += wrap.wrap(paragraph) or [""]
    for action in entry["actions"]:
        note = f" — {action['review_note']}" if action["review_note"] else ""
        lines.append("")
        lines += wrap.wrap(f"Carrying forward ({action['status']}): {action['text']}{note}")
    return lines
