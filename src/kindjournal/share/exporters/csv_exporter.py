"""CSV: one row per entry, a column per check-in signal and per theme.

Written as UTF-8 with a byte-order mark, which is what makes spreadsheet programs
(Excel in particular) read accents and curly quotes correctly.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import TextIO

BYTE_ORDER_MARK = "\ufeff"
# A cell starting with one of these is read as a formula by spreadsheet programs
# ("=HYPERLINK(...)" can send the sheet's contents away): such text gets a leading
# apostrophe, which spreadsheets show as text and hide.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def _cell(value):
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def write(entries: Iterable[dict], out: TextIO, context) -> int:
    out.write(BYTE_ORDER_MARK)
    writer = csv.writer(out, lineterminator="\r\n")
    with_checkins = context.options.include_checkins
    signal_keys = context.signal_keys if with_checkins else []
    with_actions = context.options.include_actions
    header = ["id", "date", "shift", "pack", "status", "shared", "tags"]
    header += signal_keys + [f"answer: {context.theme_titles.get(key, key)}"
                             for key in context.theme_keys]
    if with_actions:
        header += ["carry forward", "carry forward status"]
    writer.writerow(header)
    count = 0
    for entry in entries:
        row = [entry["id"], entry["date"], entry["shift"] or "", entry["pack"],
               entry["status"], "yes" if entry["share"] else "no", ", ".join(entry["tags"])]
        row += ["" if entry["checkin"].get(key) is None else entry["checkin"][key]
                for key in signal_keys]
        answers = {answer["theme"]: answer["answer"] or "" for answer in entry["answers"]}
        row += [answers.get(key, "") for key in context.theme_keys]
        if with_actions:
            actions = entry["actions"]
            row += ["; ".join(action["text"] for action in actions),
                    "; ".join(action["status"] for action in actions)]
        writer.writerow([_cell(value) for value in row])
        count += 1
    return count
