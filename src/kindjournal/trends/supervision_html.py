"""`kj supervision --html FILE`: the preparation as one page to print or show on a
screen, with only what the person chose to show, in the trends page's look.

Own words first (what was agreed last time, the entries marked for supervision with
their first lines, the actions), the numbers after. The page does not list what was
left out: that choice is the person's own. Written through the one private writer.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from kindjournal.text import short_date, span, weekday_date


def render_page(prep: dict) -> str:
    from kindjournal.trends.html import page_head, report_sections
    from kindjournal.trends.text import comparison_note

    period = prep["period"]
    out = page_head(f"For supervision, {span(period['since'], period['until'])}")
    last = prep["last_session"]
    if last:
        out.append(f'<p class="muted">Since the last session on {escape(short_date(last["date"]))}.'
                   "</p>")
    out += _agreed(prep)
    out.append("<h2>Entries marked for supervision</h2>")
    if not prep["entries"]:
        out.append("<p class=muted>None in this period.</p>")
    else:
        out.append("<ul>")
        for entry in prep["entries"]:
            first = (entry["first_answer"] or "").strip().splitlines()
            shift = f" ({entry['shift'].replace('-', ' ')})" if entry["shift"] else ""
            out.append(f"<li><strong>{escape(weekday_date(entry['date']))}</strong>"
                       f"{escape(shift)}: "
                       f"{escape(first[0] if first else '(no answer yet)')}</li>")
        out.append("</ul>")
    opened = prep["actions"]["opened"]
    listed = {action["id"] for action in opened}  # each action once, under its shift
    closed = [action for action in prep["actions"]["closed"] if action["id"] not in listed]
    out.append("<h2>Actions carried forward</h2>")
    if not opened and not closed:
        out.append("<p class=muted>None from shifts in this period.</p>")
    else:
        out.append("<ul>")
        out += [f"<li>{escape(action['text'])} <span class=muted>(from "
                f"{escape(short_date(action['shift_date']))}, {escape(action['status'])})"
                "</span></li>" for action in opened]
        out += [f"<li>{escape(action['text'])} <span class=muted>({escape(action['status'])} "
                f"{escape(short_date(action['reviewed_at'][:10]))})</span></li>"
                for action in closed]
        out.append("</ul>")
    report = prep["trends"]
    out.append("<h2>Check-ins</h2>"
               f'<p class="muted">Ratings are 0 to 4. {escape(comparison_note(report["period"]))}'
               " The check-in is a prompt for reflection, not a clinical measure.</p>")
    out += report_sections(report)
    out.append("</body></html>")
    return "\n".join(out)


def _agreed(prep: dict) -> list[str]:
    last, earlier = prep["last_session"], prep["earlier_actions"]
    if not last or (not last["actions"] and not earlier):
        return []
    out = ["<h2>Agreed last time</h2><ul class=agreed>"]
    for action in last["actions"]:
        state = ("open" if action["status"] == "open" else
                 action["status"] + (f": {action['review_note']}" if action["review_note"]
                                     else ""))
        out.append(f"<li>{escape(action['text'])} <span class=muted>({escape(state)})"
                   "</span></li>")
    for action in earlier:
        out.append(f"<li>{escape(action['text'])} <span class=muted>(agreed "
                   f"{escape(short_date(action['session_date']))}, open)</span></li>")
    out.append("</ul>")
    return out


def write_page(prep: dict, path: Path, force: bool = False) -> Path:
    from kindjournal.trends import html

    return html.write_page(render_page(prep), path, force)
