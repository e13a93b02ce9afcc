"""HTML: one self-contained page (styles inline, nothing fetched), made to print well,
with the trends page's look: a title with the dates it covers, contents, then each entry."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from typing import TextIO

from kindjournal.page_look import PAGE_STYLE
from kindjournal.share.exporters import answered, entry_heading
from kindjournal.text import full_month_year, signal_label, span, weekday_date

# Reads entries in reads.entries_in_shape(reader=True): only what a reader sees.
READER_SHAPE = True
_STYLE = PAGE_STYLE + """
section { border-top: 1px solid #c9ced6; margin-top: 1.6em; }
.prompt { font-weight: 600; margin-bottom: 0.2em; }
.answer { white-space: pre-wrap; margin-top: 0; }
.meta, .action { color: #5a6270; } nav p { margin: 0.2em 0; }
@media print { section { break-inside: avoid-page; } h2 { break-after: avoid; }
               nav { display: none; } }
"""


def _contents(outline: list[tuple[int, str, str | None]]) -> str:
    """Links to each entry, a line per month."""
    months: dict[str, list[str]] = {}
    for number, shift_date, _shift in outline:
        day = weekday_date(shift_date).rsplit(" ", 2)[0]  # 'Sat 30'
        months.setdefault(full_month_year(shift_date), []).append(
            f'<a href="#entry-{number}">{escape(day)}</a>')
    lines = "".join(f"<p><strong>{escape(month)}</strong>: {', '.join(links)}</p>\n"
                    for month, links in months.items())
    return f"<nav>\n<h2>Contents</h2>\n{lines}</nav>\n"


def write(entries: Iterable[dict], out: TextIO, context) -> int:
    outline = context.outline
    title = context.title
    if outline:
        title += f", {span(outline[0][1], outline[-1][1])}"
    out.write(f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
              f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
              f"<title>{escape(title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
              f"<h1>{escape(title)}</h1>\n")
    if outline:
        noun = "entry" if len(outline) == 1 else "entries"
        out.write(f'<p class="muted">{len(outline)} {noun}, oldest first.</p>\n')
        out.write(_contents(outline))
    count = 0
    for entry in entries:
        count += 1
        out.write(f'<section id="entry-{entry["id"]}">\n'
                  f"<h2>{escape(entry_heading(entry))}</h2>\n")
        if entry["tags"]:
            out.write(f'<p class="meta">Tags: {escape(", ".join(entry["tags"]))}</p>\n')
        ratings = {key: value for key, value in entry["checkin"].items() if value is not None}
        if ratings:
            out.write("<table>\n<tr><th>Check-in</th><th class=num>Rating</th></tr>\n")
            for key, value in ratings.items():
                out.write(f"<tr><td>{escape(signal_label(key))}</td>"
                          f"<td class=num>{value}</td></tr>\n")
            out.write("</table>\n")
        for answer in answered(entry):
            out.write(f'<p class="prompt">{escape(answer["prompt"].strip())}</p>\n'
                      f'<p class="answer">{escape(answer["answer"].strip())}</p>\n')
        for action in entry["actions"]:
            note = f" — {action['review_note']}" if action.get("review_note") else ""
            out.write(f'<p class="action">Carrying forward ({escape(action["status"])}): '
                      f"{escape(action['text'] + note)}</p>\n")
        out.write("</section>\n")
    if not count:
        out.write("<p>No entries matched.</p>\n")
    out.write("</body>\n</html>\n")
    return count
