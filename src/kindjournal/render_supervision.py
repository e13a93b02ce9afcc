"""`kj supervision` on a terminal: a calm page to read before, or during, a session."""

from __future__ import annotations

from rich.markup import escape
from rich.table import Table
from rich.text import Text

from kindjournal.render import console, first_line, friendly_date, shift_label
from kindjournal.render_trends import print_trends
from kindjournal.trend_rules import short_date


def print_prep(prep: dict) -> None:
    out = console()
    period, last = prep["period"], prep["last_session"]
    out.print(Text("Getting ready for supervision", style="bold"))
    if last:
        out.print(f"Since your last recorded session on {short_date(last['date'])}: "
                  f"{short_date(period['since'])} to {short_date(period['until'])}.")
    else:
        out.print(f"From {short_date(period['since'])} to {short_date(period['until'])}. "
                  "Record a session with 'kj supervision record'.")
    out.print()
    print_trends(prep["trends"])

    out.print()
    out.print(Text("Entries you marked for supervision", style="bold"))
    if not prep["entries"]:
        out.print("  None in this period. Mark one with 'kj reflect --supervision'.")
    for entry in prep["entries"]:
        shift = f" ({shift_label(entry['shift'])})" if entry["shift"] else ""
        draft = " (draft)" if entry["status"] == "draft" else ""
        out.print(escape(f"  #{entry['id']}  {friendly_date(entry['date'])}{shift}{draft}: "
                         f"{first_line(entry['first_answer'], 44) or '(no answer yet)'}"))

    out.print()
    out.print(Text("Actions to carry forward", style="bold"))
    opened, closed = prep["actions"]["opened"], prep["actions"]["closed"]
    if not opened and not closed:
        out.print("  None opened or closed in this period.")
    for action in opened:
        out.print(escape(f"  opened {short_date(action['created_at'][:10])} "
                         f"({action['status']}): {first_line(action['text'], 50)}"))
    for action in closed:
        note = f" — {action['review_note']}" if action["review_note"] else ""
        out.print(escape(f"  {action['status']} {short_date(action['reviewed_at'][:10])}: "
                         f"{first_line(action['text'], 40)}{note}"))

    if prep["prompts"]:
        out.print()
        out.print(Text("To think about beforehand", style="bold"))
        for prompt in prep["prompts"]:
            out.print(escape(f"  • {prompt['prompt']}"))


def print_history(rows: list[dict]) -> None:
    out = console()
    if not rows:
        out.print("No supervision sessions recorded yet. After one, run "
                  "'kj supervision record'.")
        return
    table = Table(box=None, pad_edge=False, header_style="bold")
    table.add_column("Date", no_wrap=True)
    table.add_column("Note", ratio=1, overflow="ellipsis", no_wrap=True)
    for row in rows:
        table.add_row(friendly_date(row["date"]), escape(row["note"] or ""))
    out.print(table)
