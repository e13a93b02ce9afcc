"""Plain-text rendering for the read commands people run most: list and show.

Rich costs ~25 ms to import and ~30 ms to lay out a twenty-row table, which is more
than these commands' whole budget beyond Typer's own start-up. These pure functions
return lines; the command prints them. Bold is the only decoration, and only on a
terminal without NO_COLOR, so the words always carry the meaning.
"""

from __future__ import annotations

import textwrap

from kindjournal.journal.reads import MATCH_END, MATCH_START
from kindjournal.text import (
    bold,
    fit,
    plain_signal_name,
    shift_label,
    visible,
    visible_data,
    weekday_date,
)


def first_line(text: str | None) -> str:
    stripped = (text or "").strip()
    return stripped.splitlines()[0] if stripped else ""


def rating_bar(value: int) -> str:
    """Four cells filled to the value; the number is always printed beside it."""
    return "■" * value + "□" * (4 - value)


# The pack column needs this much room: on an 80-column terminal the first line and the
# tags matter more (kj show names the pack).
PACK_COLUMN_FROM = 110


def fit_tags(tags: list[str], width: int) -> str:
    """Whole tags that fit, then '+N' for the rest: never a cut word like 'sta…'."""
    shown: list[str] = []
    for index, tag in enumerate(tags):
        rest = len(tags) - index - 1
        candidate = ", ".join([*shown, tag]) + (f" +{rest}" if rest else "")
        if len(candidate) > width and shown:
            return ", ".join(shown) + f" +{len(tags) - index}"
        shown.append(tag)
    return fit(", ".join(shown), width)


def format_entry_list(rows: list[dict], width: int, heading_bold: bool = False,
                      total: int | None = None) -> list[str]:
    """One line per entry: number, date, shift, (pack,) first line (drafts marked), tags,
    using the width there is; then how many of how many are shown."""
    if not rows:
        return ["No entries yet. Run 'kj reflect' after your next shift to write the first."]
    rows = visible_data(rows)
    with_pack = width >= PACK_COLUMN_FROM
    cells = []
    for row in rows:
        first = first_line(row["first_answer"])
        if row["status"] == "draft":
            first = f"(draft) {first}".strip()
        elif not first:
            first = "(check-in only)"
        tags = (row["tag_list"] or "").split(",") if row["tag_list"] else []
        cells.append([str(row["id"]), row["shift_date"], shift_label(row["shift_type"]),
                      row["pack"], first, tags])
    headers = ["#", "Date", "Shift", "Pack", "First line", "Tags"]
    widths = [max(len(headers[i]), *(len(c[i]) for c in cells)) for i in range(5)]
    tag_width = max(len(headers[5]), *(len(", ".join(c[5])) for c in cells))
    columns = (0, 1, 2, 3) if with_pack else (0, 1, 2)
    room = width - 1 - sum(widths[i] for i in columns) - 2 * (len(columns) + 1)
    tag_width = min(tag_width, max(len(headers[5]), room // 3))
    widths[4] = max(10, min(widths[4], room - tag_width))
    shown = (*columns, 4)

    def line(values: list[str]) -> str:
        parts = [values[0].rjust(widths[0])]
        parts += [fit(values[i], widths[i]).ljust(widths[i]) for i in shown[1:]]
        tags = values[5] if isinstance(values[5], str) else fit_tags(values[5], tag_width)
        parts.append(tags)
        return "  ".join(parts).rstrip()

    lines = [bold(line(headers), heading_bold)] + [line(c) for c in cells]
    if total is not None and total > len(rows):
        lines += ["", f"{len(rows)} of {total:,} shown; 'kj list -n {total}' shows them all."]
    return lines


def format_entry(entry: dict, signals, width: int, headings_bold: bool = False) -> list[str]:
    """One entry in full: ratings as labelled bars, each prompt as asked with its answer."""
    wrap = textwrap.TextWrapper(width=width, break_long_words=True, replace_whitespace=False)
    entry = visible_data(entry)
    heading = f"#{entry['id']}  {weekday_date(entry['date'])}"
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
        # "1 of 4" beside each bar gives the scale.
        names = {key: plain_signal_name(key) for key in entry["checkin"]}
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

# -- search results, the trash and actions -------------------------------------


def clean(text: str) -> str:
    """Typed text on one line, safe for a terminal (no escape sequences)."""
    return visible(" ".join(text.split()), one_line=True, keep=MATCH_START + MATCH_END)


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
            heading += f"  ·  {clean(_tags(row))}"
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
    lines = []
    for row in rows:  # the first line is cut, never the date it was trashed
        start = (f"#{row['id']}  {row['shift_date']}  "
                 f"{shift_label(row['shift_type']) + '  ' if row['shift_type'] else ''}")
        end = f"  (trashed {row['deleted_at'][:10]})"
        first = _first(row) or "(check-in only)"
        lines.append(start + fit(first, max(10, width - 1 - len(start) - len(end))) + end)
    return lines + ["", "Bring one back with 'kj restore ID'; 'kj trash --empty' deletes "
                    "them for good."]


def format_actions(rows: list[dict], show_closed: bool, width: int, more: int = 0,
                   stale: int = 0) -> list[str]:
    """One action a line (wrapped): its number, the entry or supervision session it
    came from, the text."""
    if not rows:
        return ["No actions yet." if show_closed else
                "No open actions. An action comes from the last prompt of a reflection."]
    lines = []
    for row in rows:
        status = "" if row["status"] == "open" else f" ({row['status']})"
        source = (f"from #{row['entry_id']} ({row['shift_date']})" if row["entry_id"]
                  else f"agreed in supervision ({row['session_date']})")
        # fit: an old journal's action may be megabytes long
        text = f"{row['id']:>4}.  {source}{status}: " + fit(clean(row["text"][:2_000]), 1_000)
        if row["review_note"]:
            text += f" — {clean(row['review_note'])}"
        lines += textwrap.wrap(text, width - 1, subsequent_indent=" " * 7)
    if more > 0:
        every = f"kj actions{' --all' if show_closed else ''} -n {len(rows) + more}"
        lines.append(f"… and {more:,} more: '{every}' shows them all.")
    if not show_closed:
        lines += ["", *textwrap.wrap(
            "Close them with 'kj actions done N' (several at once: 'done 3 5 8-10'; add "
            "--note) or 'kj actions drop N'.", width - 1)]
    if stale and not show_closed:
        some = "One has" if stale == 1 else f"{stale:,} have"
        lines += textwrap.wrap(
            f"{some} waited over four weeks. If they no longer fit your days, that is "
            "fine: 'kj actions drop --stale' lets them go.", width - 1)
    return lines
