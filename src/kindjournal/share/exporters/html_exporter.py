"""HTML: one self-contained page (styles inline, nothing fetched), made to print well."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from typing import TextIO

from kindjournal.share.exporters import answered, entry_heading

_STYLE = """
body { font-family: Georgia, 'Times New Roman', serif; max-width: 42em; margin: 2em auto;
       padding: 0 1em; line-height: 1.5; color: #222; }
h1 { font-size: 1.6em; } h2 { font-size: 1.2em; border-top: 1px solid #999;
       padding-top: 0.8em; margin-top: 2em; }
.prompt { font-weight: bold; margin-bottom: 0.2em; }
.answer { white-space: pre-wrap; margin-top: 0; }
.meta, .action { font-style: italic; } table { border-collapse: collapse; }
td { padding: 0.1em 0.8em 0.1em 0; }
@media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; }
       section { break-inside: avoid-page; } }
"""


def write(entries: Iterable[dict], out: TextIO, context) -> int:
    title = escape(context.title)
    out.write(f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
              f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
              f"<title>{title}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
              f"<h1>{title}</h1>\n")
    count = 0
    for entry in entries:
        count += 1
        out.write(f"<section>\n<h2>{escape(entry_heading(entry))}</h2>\n")
        if entry["tags"]:
            out.write(f'<p class="meta">Tags: {escape(", ".join(entry["tags"]))}</p>\n')
        ratings = {key: value for key, value in entry["checkin"].items() if value is not None}
        if ratings:
            out.write("<p><strong>Check-in</strong> (0 to 4)</p>\n<table>\n")
            for key, value in ratings.items():
                label = context.signal_labels.get(key, key.replace("-", " "))
                out.write(f"<tr><td>{escape(label)}</td><td>{value}</td></tr>\n")
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
