"""`kj supervision` as plain text lines, readable at 80 columns: the preparation, the
sessions, one session, the agreement. Pure functions returning lines (the command
prints them in one place, so a pager can take them whole).

The preparation puts the person's own words first (what was agreed last time, the
entries they marked, their actions) and the numbers after: it may be read with the
supervisor looking on.
"""

from __future__ import annotations

import textwrap

from kindjournal.text import bold, fit, shift_label, short_date, signal_name, span, weekday_date
from kindjournal.trends.text import format_trends


def _wrapped(text: str, width: int, first: str = "  ", rest: str = "  ") -> list[str]:
    return textwrap.wrap(text, width=width, initial_indent=first, subsequent_indent=rest,
                         break_on_hyphens=False) or [first.rstrip()]


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def due_line(due: dict | None, every_weeks: int | None = None) -> str:
    """When the next session is due by the agreement, or how to agree a frequency."""
    if due is None:
        return ("No agreed frequency yet. To record how often you meet, run 'kj "
                "supervision agreement --every 4' (the weeks between sessions).")
    if due["first"]:
        return "No session recorded yet, so one is due now by your agreement."
    when, days = weekday_date(due["due"]), due["days"]
    if days > 0:
        return f"Your next session is due by {when} (in {_plural(days, 'day')})."
    if days == 0:
        return f"Your next session is due today, {when}."
    return (f"Your next session was due on {when}: {_plural(-days, 'day')} overdue. "
            "It is fine to ask for one.")


def _shown_line(shown: dict) -> str | None:
    left_out = [signal_name(key).lower() for key in shown["hidden_signals"]]
    if not shown["summaries"]:
        left_out.append("the 0-100 summaries")
    if not left_out:
        return None
    how = ("for this run" if shown["one_off"]
           else "as you chose ('kj supervision choose' changes it)")
    return f"Left out {how}: {', '.join(left_out)}."


def format_prep(prep: dict, width: int, colour: bool = False) -> list[str]:
    period, last = prep["period"], prep["last_session"]
    lines = [bold("Getting ready for supervision", colour)]
    if prep.get("since_given"):
        told = (f" Your last recorded session was on {short_date(last['date'])}."
                if last else "")
        lines += _wrapped(f"From {span(period['since'], period['until'])}, as you asked."
                          + told, width, "", "")
    elif last:
        lines += _wrapped(f"Since your last recorded session on {short_date(last['date'])}: "
                          f"{span(period['since'], period['until'])}.", width, "", "")
    else:
        lines += _wrapped(f"From {span(period['since'], period['until'])}. Record a session "
                          "with 'kj supervision record'.", width, "", "")
    lines += _wrapped(due_line(prep["due"]), width, "", "")
    shown = _shown_line(prep["shown"])
    if shown:
        lines += _wrapped(shown, width, "", "")

    lines += _agreed_last_time(prep, width, colour)
    totals = prep.get("totals", {})
    lines += _marked_entries(prep["entries"], width, colour, totals.get("entries"))
    lines += _carry_forward(prep["actions"], width, colour, totals.get("actions"))
    lines.append("")
    lines += format_trends(prep["trends"], width, colour=colour)
    if prep["prompts"]:
        lines += ["", bold("To think about beforehand", colour)]
        for prompt in prep["prompts"]:
            lines += _wrapped(prompt["prompt"], width, "  • ", "    ")
    return lines


def _agreed_last_time(prep: dict, width: int, colour: bool) -> list[str]:
    last, earlier = prep["last_session"], prep["earlier_actions"]
    if not last or (not last["actions"] and not earlier):
        return []
    lines = ["", bold("What you agreed last time", colour)]
    if last["actions"]:
        lines += _wrapped(f"At your last supervision on {short_date(last['date'])} you "
                          "agreed to:", width)
    for action in last["actions"]:
        if action["status"] == "open":
            text = f"{action['text'].rstrip('.')}: how did it go? (action {action['id']})"
        else:
            note = f": {action['review_note']}" if action["review_note"] else ""
            text = (f"{action['text'].rstrip('.')} ({action['status']} "
                    f"{short_date((action['reviewed_at'] or '')[:10] or last['date'])}{note})")
        lines += _wrapped(text, width, "  • ", "    ")
    if earlier:
        lines += _wrapped("Still open from earlier sessions:", width)
        for action in earlier:
            lines += _wrapped(f"{action['text'].rstrip('.')} (agreed "
                              f"{short_date(action['session_date'])}, action {action['id']})",
                              width, "  • ", "    ")
    if any(a["status"] == "open" for a in last["actions"]) or earlier:
        lines += _wrapped("Close one with 'kj actions done N --note \"how it went\"' or "
                          "'kj actions drop N'.", width)
    return lines


# A busy period can hold hundreds of marked entries and actions; a page to read before
# a session shows the first of each, then how many more and where to see them all.
LONG_LIST = 20


def _more_line(more: int) -> list[str]:
    return [f"  … and {more:,} more: 'kj supervision --json' shows them all."] if more > 0 else []


def _marked_entries(entries: list[dict], width: int, colour: bool,
                    total: int | None = None) -> list[str]:
    """The first LONG_LIST; total: how many there are, when entries holds only those."""
    lines = ["", bold("Entries you marked for supervision", colour)]
    if not entries:
        lines.append("  None in this period. Mark one with 'kj reflect --supervision'.")
    for entry in entries[:LONG_LIST]:
        shift = f" ({shift_label(entry['shift'])})" if entry["shift"] else ""
        draft = " (draft)" if entry["status"] == "draft" else ""
        start = f"  #{entry['id']}  {weekday_date(entry['date'])}{shift}{draft}: "
        first = (entry["first_answer"] or "").strip().splitlines()
        lines.append(start + fit(first[0] if first else "(no answer yet)",
                                 max(10, width - len(start))))
    return lines + _more_line((len(entries) if total is None else total) - LONG_LIST)


def _carry_forward(actions: dict, width: int, colour: bool,
                   total: int | None = None) -> list[str]:
    """Each action once, with its number for 'kj actions': one from a shift in the period
    and closed in it too is listed with its shift, saying when it was closed. total: how
    many there are, each once, when the lists hold only the first of each."""
    lines = ["", bold("Actions to carry forward", colour)]
    opened, closed = actions["opened"], actions["closed"]
    if not opened and not closed:
        lines.append("  None from shifts in this period, and none closed in it.")
    listed: set[int] = set()
    unique = [action for action in [*opened, *closed]
              if action["id"] not in listed and not listed.add(action["id"])]
    for action in unique[:LONG_LIST]:
        when = [f"from your shift on {short_date(action['shift_date'])}"]
        if action["status"] != "open":
            when.append(f"{action['status']} {short_date((action['reviewed_at'] or '')[:10])}"
                        if action["reviewed_at"] else action["status"])
        note = f" — {action['review_note']}" if action["review_note"] else ""
        start = f"  {action['id']}. "
        lines += _wrapped(f"{action['text'].rstrip()}{note} ({', '.join(when)})", width,
                          start, " " * len(start))
    lines += _more_line((len(unique) if total is None else total) - LONG_LIST)
    if any(action["status"] == "open" for action in opened):
        lines += _wrapped("Close one with 'kj actions done N' (N is its number above).",
                          width)
    return lines


# -- sessions and the agreement ----------------------------------------------------------


def _actions_summary(actions: list[dict]) -> str:
    if not actions:
        return ""
    still = sum(1 for action in actions if action["status"] == "open")
    return f"{len(actions)}, {still} open" if still else str(len(actions))


def format_history(rows: list[dict], width: int, colour: bool = False,
                   in_bin: bool = False) -> list[str]:
    """One row a session; columns as wide as their widest cell, two spaces apart, so they
    never run together, and the note wrapped between words under its own column."""
    if not rows:
        return (["The trash holds no supervision sessions."] if in_bin else
                ["No supervision sessions recorded yet. After one, run "
                 "'kj supervision record'."])
    cells = [(str(row["id"]), weekday_date(row["date"]), row["kind"] or "",
              _actions_summary(row["actions"])) for row in rows]
    header = ("#", "Date", "Kind", "Actions")
    widths = [max(len(cell[column]) for cell in [header, *cells]) for column in range(4)]

    def start(cell: tuple) -> str:
        return (f"{cell[0]:>{widths[0]}}  " + "".join(f"{text:<{size}}  " for text, size in
                                                      zip(cell[1:], widths[1:], strict=True)))

    indent = len(start(header))
    narrow = width - indent < 24  # too little room beside the columns: the note goes below
    lines = [bold((start(header) + ("" if narrow else "Note")).rstrip(), colour)]
    for row, cell in zip(rows, cells, strict=True):
        note = (row["note"] or "").strip().splitlines()[:1]
        if narrow:
            lines.append(start(cell).rstrip())
            if note:
                hang = " " * (widths[0] + 2)
                lines += _wrapped(note[0], width, hang, hang)
            continue
        lines += _wrapped(note[0] if note else "", width, start(cell), " " * indent)
    lines += ["", *_wrapped("'kj supervision restore N' brings one back." if in_bin else
                            "'kj supervision show N' shows one in full.", width, "", "")]
    return lines


def format_session(session: dict, width: int, colour: bool = False) -> list[str]:
    lines = [bold(f"Supervision session {session['id']}: {weekday_date(session['date'])}",
                  colour)]
    details = [("Kind", session["kind"]), ("With", session["supervisor"]),
               ("Served", ", ".join(session["functions"]) or None)]
    for label, value in details:
        if value:
            lines += _wrapped(f"{label}: {value}", width, "", "  ")
    if session["note"]:
        lines += ["", bold("Notes", colour)]
        for paragraph in session["note"].splitlines():
            lines += _wrapped(paragraph, width)
    lines += ["", bold("Agreed actions", colour)]
    if not session["actions"]:
        lines.append("  None. 'kj supervision edit "
                     f"{session['id']} --action \"...\"' adds one.")
    for action in session["actions"]:
        status = action["status"]
        if status != "open":
            status += f" {short_date((action['reviewed_at'] or '')[:10] or session['date'])}"
        note = f" — {action['review_note']}" if action["review_note"] else ""
        lines += _wrapped(f"{action['id']}. ({status}) {action['text']}{note}", width,
                          "  ", "      ")
    if session.get("cpd_uuid"):
        lines += ["", "A CPD record with peer reflection was made from it "
                  "('kj record list cpd')."]
    return lines


def format_agreement(agreement: dict, width: int, colour: bool = False) -> list[str]:
    lines = [bold("Your supervision agreement", colour)]
    every = agreement["every_weeks"]
    fields = [("How often", f"every {_plural(every, 'week')}" if every else None),
              ("Supervisor", agreement["supervisor"]),
              ("What is confidential", agreement["confidential"]),
              ("Its limits", agreement["limits"])]
    if not any(value for _, value in fields):
        lines += _wrapped("Not made yet. Agree it once with your supervisor, then for "
                          "example: kj supervision agreement --every 4 --supervisor "
                          "\"Team leader\" --confidential \"...\" --limits \"...\"", width, "", "")
    for label, value in fields:
        lines += _wrapped(f"{label}: {value or '(not set)'}", width, "  ", "    ")
    hidden = [signal_name(key).lower() for key in agreement["hidden_signals"]]
    shown = ("The preparation leaves out: " + ", ".join(hidden) if hidden
             else "The preparation shows every check-in rating")
    shown += ("; the 0-100 summaries are shown." if agreement["show_summaries"]
              else "; the 0-100 summaries are left out.")
    lines += ["", *_wrapped(shown + " 'kj supervision choose' changes it.", width, "", "")]
    return lines
