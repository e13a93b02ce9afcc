"""Plain-text rendering for search results, the trash and actions (see plain.py for
why these read commands avoid Rich). Pure functions returning lines."""

from __future__ import annotations

import textwrap

from kindjournal.finding import MATCH_END, MATCH_START
from kindjournal.plain import bold, first_line, fit, shift_label


def clean(text: str) -> str:
    """Typed text on one line, safe for a terminal (no escape sequences)."""
    return "".join(char if char.isprintable() or char in (MATCH_START, MATCH_END) else " "
                   for char in " ".join(text.split()))


def highlight(snippet: str, marks: tuple[str, str]) -> str:
    return snippet.replace(MATCH_START, marks[0]).replace(MATCH_END, marks[1])


def _tags(row: dict) -> str:
    return (row.get("tag_list") or "").replace(",", ", ")


def format_search_results(rows: list[dict], width: int, styled: bool) -> list[str]:
    """Best first: a heading per entry, then its snippet, matched words marked (bold
    and underlined on a terminal with colour, else in [brackets])."""
    marks = ("\x1b[1;4m", "\x1b[0m") if styled else ("[", "]")
    lines: list[str] = []
    for row in rows:
        if lines:
            lines.append("")
        heading = f"#{row['id']}  {row['shift_date']}"
        if row["shift_type"]:
            heading += f"  {shift_label(row['shift_type'])}"
        if row.get("tag_list"):
            heading += f"  ·  {_tags(row)}"
        lines.append(bold(fit(heading, width), styled))
        marked = clean(row["snippet"] or "")
        lines += ["  " + highlight(line, marks)
                  for line in textwrap.wrap(marked, width - 2, break_on_hyphens=False)]
    return lines


def _first(row: dict) -> str:
    first = clean(first_line(row["first_answer"]))
    return f"(draft) {first}".strip() if row["status"] == "draft" else first


def format_trash(rows: list[dict], width: int) -> list[str]:
    if not rows:
        return ["The trash is empty."]
    lines = [fit(f"#{row['id']}  {row['shift_date']}  {_first(row)}  "
                 f"(trashed {row['deleted_at'][:10]})", width) for row in rows]
    return lines + ["", "Bring one back with 'kj restore ID'; 'kj trash --empty' deletes "
                    "them for good."]


def format_actions(rows: list[dict], show_closed: bool, width: int, more: int = 0) -> list[str]:
    """One action a line (wrapped): its number, the entry it came from, the text."""
    if not rows:
        return ["No actions yet." if show_closed else
                "No open actions. An action comes from the last prompt of a reflection."]
    lines = []
    for row in rows:
        status = "" if row["status"] == "open" else f" ({row['status']})"
        text = f"{row['id']:>4}.  from #{row['entry_id']} ({row['shift_date']}){status}: " \
            + clean(row["text"])
        if row["review_note"]:
            text += f" — {clean(row['review_note'])}"
        lines += textwrap.wrap(text, width - 1, subsequent_indent=" " * 7)
    if more > 0:
        lines.append(f"… and {more} more: 'kj actions -n {len(rows) + more}' shows them all.")
    if not show_closed:
        lines += ["", "Close one with 'kj actions done N' (add --note) or 'kj actions drop N'."]
    return lines
