"""Progress as plain-text lines for the terminal: one screen, in the order to do things."""

from __future__ import annotations

import textwrap

from kindjournal.revalidation.progress import Progress, in_days
from kindjournal.text import short_date


def progress_lines(state: Progress, width: int = 80) -> list[str]:
    profile = state.profile
    width = max(40, min(width, 100))
    lines = [f"{profile.title} · {state.date_word} {short_date(state.last.isoformat())}, "
             f"{in_days(state.days_left)}",
             f"Counting from {short_date(state.first.isoformat())} to "
             f"{short_date(state.last.isoformat())}.", ""]
    for item in state.items:
        mark = "✓" if item.done else "○"
        lines += textwrap.wrap(item.line[0].upper() + item.line[1:], width,
                               initial_indent=f"  {mark} ", subsequent_indent="    ")
    lines.append("")
    todo = [item for item in state.items if not item.done]
    if not todo:
        lines += textwrap.wrap("Everything is in place. 'kj portfolio -o portfolio.html' "
                               "writes it all to a page to print.", width,
                               break_long_words=False, break_on_hyphens=False)
    else:
        lines.append(f"Next: {todo[0].next_step}")
        left = (f"Still to do: {len(todo)} of these {len(state.items)} (marked ○), best "
                "in the order above. 'kj portfolio -o portfolio.html' writes what you "
                "have so far to a page.")
        lines += textwrap.wrap(left, width, break_long_words=False, break_on_hyphens=False)
    return lines


def progress_json(state: Progress) -> dict:
    return {
        "profile": state.profile.name,
        "title": state.profile.title,
        "from": state.first.isoformat(),
        "until": state.last.isoformat(),
        "days_left": state.days_left,
        "complete": state.complete,
        "items": [{"key": item.key, "done": item.done, "progress": item.line,
                   "next_step": None if item.done else item.next_step}
                  for item in state.items],
    }
