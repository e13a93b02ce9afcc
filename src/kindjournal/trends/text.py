"""`kj trends` and `kj supervision` as plain text lines, readable at 80 columns.

Plain text rather than Rich, like list and show (see screens/entry_lines.py): Rich's
import and table layout alone would cost more than these commands' whole start-up
budget. Pure functions that take the report dict (queries.build_report) and return lines.

A gap (no rating in a bucket) is drawn as '·', never as a low bar. Colour only
repeats what the words say ("higher, worse" is also yellow, "lower, better" also
green), and only on a terminal without NO_COLOR, so the words carry the meaning.
The words say what is compared (this period's mean against the period before, named
in the column's header), not where things are heading; "lately" adds the last weeks'
move when it goes the other way, so the words never seem to contradict the chart.
"""

from __future__ import annotations

import textwrap

from kindjournal.text import (
    bold,
    day_month,
    fit,
    month_year,
    number,
    shift_label,
    short_date,
    signal_name,
    span,
)
from kindjournal.trends.support import format_signposting

GAP = "·"
_LEVELS = "▁▂▃▄▅▆▇█"  # 0 is the lowest bar, still visible; a gap is GAP
_COLOURS = {"worse": "33", "better": "32"}  # yellow, green
_NAME_WIDTH = 15  # "Resources 0-100"
# name, mean and change columns (and the spaces between) take this much, before the
# words, whose width depends on the rows (see _words_width).
_FIXED_WIDTH = _NAME_WIDTH + 2 + 2 + 5 + 2 + 6 + 2
_WORDS = {"higher": "higher", "lower": "lower", "same": "about the same"}


def spark(values: list[float | None], top: float) -> str:
    """One cell per value: a bar from ▁ (0) to █ (top), GAP for None."""
    cells = []
    for value in values:
        if value is None:
            cells.append(GAP)
        else:
            level = round(max(0.0, min(value, top)) / top * (len(_LEVELS) - 1))
            cells.append(_LEVELS[level])
    return "".join(cells)


def count_cells(counts: list[int]) -> str:
    """Counts as small bars scaled to the busiest bucket, GAP for none: digits side by
    side ('223252311215') read as one long number."""
    peak = max(counts, default=0)
    return "".join(GAP if not count else _LEVELS[max(1, round(count / peak * 7))]
                   for count in counts)


def bucket_label(bucket: dict, by: str) -> str:
    """'7 Sep' for a day or the week starting then, 'Sep 2026' for a month: never an
    ISO week number, and never 'Sep 26', which reads as the 26th."""
    if by == "month":
        return month_year(bucket["start"])
    return day_month(bucket["start"])


def direction_words(line: dict) -> str:
    """'higher, worse', 'about the same', 'lower, better; lately higher', or 'not
    compared' when either period has too few days with a rating (the line above the
    table says how many each had). Read under the header compared_with() gives."""
    if line["mean"] is None:
        return ""
    if not line.get("compared", bool(line["direction"])):
        return "not compared"
    words = _WORDS.get(line["direction"], line["direction"])
    words += f", {line['meaning']}" if line["meaning"] else ""
    return words + (f"; lately {line['lately']}" if line.get("lately") else "")


def compared_with(period: dict) -> str:
    """The words' header: 'than the 12 weeks before' (the period before is as long as
    this one; the note above the table gives its dates)."""
    previous = period["previous"]
    length = (_date(previous["until"]) - _date(previous["since"])).days + 1
    if length >= 14:
        # A period of whole weeks from a Monday with this week unfinished (the default
        # 12 weeks on a Tuesday is 11 weeks and 2 days) counts its weeks as its chart does.
        whole = _date(period["since"]).weekday() == 0
        return f"than the {-(-length // 7) if whole else round(length / 7)} weeks before"
    return f"than the {_days(length)} before"


def _date(text: str):
    import datetime

    return datetime.date.fromisoformat(text)


LATELY_NOTE = ("'Lately' says where the last 4 weeks went when that differs from the "
               "whole period's change.")


def _any_lately(report: dict) -> bool:
    lines = [*report["signals"], report.get("strain"), report.get("resources")]
    return any(line and line.get("lately") for line in lines)


def _coloured(text: str, meaning: str, colour: bool) -> str:
    code = _COLOURS.get(meaning)
    return f"\x1b[{code}m{text}\x1b[0m" if colour and code and text else text


def _wrapped(text: str, width: int, first: str = "  ", rest: str = "  ") -> list[str]:
    return textwrap.wrap(text, width=width, initial_indent=first, subsequent_indent=rest,
                         break_on_hyphens=False) or [first.rstrip()]


def _visible(report: dict, room: int) -> tuple[int, str | None]:
    """How many of the oldest buckets to leave out so the rest fit, and a note."""
    total = len(report["buckets"])
    if total <= room:
        return 0, None
    by = report["period"]["by"]
    wider = "week" if by == "day" else "month"
    hint = f"--by {wider} or a shorter --since" if by != "month" else "A shorter --since"
    return total - room, (f"Showing the last {room} of {total} {by}s; the means and changes "
                          f"cover the whole period. {hint} shows it all.")


def _row(name: str, chart: str, chart_width: int, mean: str, change: str, words: str,
         meaning: str, colour: bool) -> str:
    line = (f"{name:<{_NAME_WIDTH}}  {chart:<{chart_width}}  {mean:>5}  {change:>6}  "
            f"{_coloured(words, meaning, colour)}")
    return line.rstrip()


def _words_width(report: dict, header: str) -> int:
    lines = [*report["signals"], report.get("strain"), report.get("resources")]
    return max([len(header)] + [len(direction_words(line)) for line in lines if line])


def format_trends(report: dict, width: int, *, only_signal: str | None = None,
                  colour: bool = False) -> list[str]:
    period, by = report["period"], report["period"]["by"]
    lines = [bold(f"Trends {span(period['since'], period['until'])}, by {by}", colour)]
    lines += _wrapped(f"Ratings 0 to 4 ({GAP} = no check-in). " + comparison_note(period),
                      width, "", "")
    lines.append("")
    if only_signal:
        lines += _one_signal(report, width, colour)
    elif report["checkins"]:
        lines += _table(report, width, colour)
    else:
        lines += _wrapped("Nothing was rated in this period. Each 'kj reflect' starts with a "
                          "short check-in; the trends build up from those.", width, "", "")
    lines += format_flags(report, width, colour)
    if not only_signal:
        lines += _themes(report, width, colour)
    return lines


def comparison_note(period: dict) -> str:
    """What every change on the page rests on, in one sentence."""
    previous = span(period["previous"]["since"], period["previous"]["until"])
    days, before = period.get("days", 0), period.get("previous_days", 0)
    needed = period.get("min_compare_days", 0)
    if min(days, before) < needed:
        return (f"No changes shown: there are not enough check-ins to compare "
                f"({_days(before)} with a check-in in {previous}, {_days(days)} now; "
                f"{needed} needed in each).")
    return (f"Changes compare {_days(days)} with a check-in with {_days(before)} in "
            f"{previous} (a change needs {needed} days in each).")


def _days(count: int) -> str:
    return f"{count} day" if count == 1 else f"{count} days"


def _table(report: dict, width: int, colour: bool) -> list[str]:
    by = report["period"]["by"]
    header = compared_with(report["period"])
    room = max(8, width - _FIXED_WIDTH - _words_width(report, header))
    skip, note = _visible(report, room)
    shown = report["buckets"][skip:]
    # A space between cells when they fit: easier to count along, and room for the dates.
    cells = " ".join if len(shown) * 2 - 1 <= room else "".join
    chart_width = max(len(cells("x" * len(shown))), 4)
    first, last = bucket_label(shown[0], by), bucket_label(shown[-1], by)
    axis = first if chart_width < len(first) + len(last) + 1 else (
        first + last.rjust(chart_width - len(first)))
    lines = [bold(f"{'':<{_NAME_WIDTH}}  {axis:<{chart_width}}  {'mean':>5}  {'change':>6}"
                  f"  {header}", colour)]
    for signal in report["signals"]:
        lines.append(_row(signal_name(signal["key"]), cells(spark(signal["values"][skip:], 4)),
                          chart_width, number(signal["mean"], 1),
                          number(signal["change"], 1, signed=True), direction_words(signal),
                          signal["meaning"], colour))
    lines.append("")
    for name, label in (("strain", "Strain 0-100"), ("resources", "Resources 0-100")):
        line = report[name]
        if line is None:  # left out of a supervision preparation
            continue
        lines.append(_row(label, cells(spark(line["values"][skip:], 100)), chart_width,
                          number(line["mean"], 0), number(line["change"], 0, signed=True),
                          direction_words(line), line["meaning"], colour))
    lines.append(_row("Entries", cells(count_cells([b["entries"] for b in shown])),
                      chart_width,
                      str(report["entries"]), "", "", "", colour))
    lines.append(_row("Check-ins", cells(count_cells([b["checkins"] for b in shown])),
                      chart_width,
                      str(report["checkins"]), "", "", "", colour))
    if max(b["entries"] for b in shown):
        busiest = max(b["entries"] for b in shown)
        lines += _wrapped(f"Entries and check-ins are bars: the tallest is the busiest {by} "
                          f"({busiest} entries); the totals are on the right. The axis "
                          f"shows the first day of each {by}.", width, "", "")
    if _any_lately(report):
        lines += _wrapped(LATELY_NOTE, width, "", "")
    if note:
        lines += _wrapped(note, width, "", "")
    return lines


def _one_signal(report: dict, width: int, colour: bool) -> list[str]:
    """A taller chart for one signal: four rows, one per rating step, in eighths."""
    signal = report["signals"][0]
    lines = [bold(f"{signal_name(signal['key'])} ({signal['polarity']})", colour)]
    lines += _wrapped(f"{signal['question']}  0 = {signal['low']}, 4 = {signal['high']}",
                      width, "", "")
    lines.append("")
    skip, note = _visible(report, width - 6)
    values = signal["values"][skip:]
    shown = report["buckets"][skip:]
    cell = 2 if len(values) * 2 <= width - 6 else 1
    for row in range(4, 0, -1):  # the row holding ratings from row-1 to row
        cells = []
        for value in values:
            if value is None:
                cells.append((GAP if row == 1 else " ").ljust(cell))
                continue
            level = round(max(0.0, min(1.0, value - (row - 1))) * 8)
            char = "█" if level >= 8 else " ▁▂▃▄▅▆▇"[level]
            if row == 1 and level == 0:
                char = "▁"  # a 0 is still a rating: show it on the floor
            cells.append(char.ljust(cell))
        lines.append((f"{row} ┤ " + "".join(cells)).rstrip())
    axis_width = len(values) * cell
    lines.append("  └─" + "─" * axis_width)
    first = bucket_label(shown[0], report["period"]["by"])
    last = bucket_label(shown[-1], report["period"]["by"])
    lines.append("    " + (first + last.rjust(axis_width - len(first))
                           if axis_width > len(first) + len(last) else first))
    lines.append("")
    words = direction_words(signal)
    if signal.get("compared"):
        # The comparison goes right after the direction, before "; lately ...":
        # "higher than the 12 weeks before, worse; lately lower", "about the same as
        # the 12 weeks before; lately lower" (not "...; lately lower as the 12 weeks").
        words, semicolon, lately = words.partition("; ")
        words = words.replace(", ", f" {compared_with(report['period'])}, ", 1) if \
            signal["meaning"] else f"{words} as {compared_with(report['period'])[5:]}"
        words += semicolon + lately
    lines += _wrapped(f"Mean {number(signal['mean'], 1)} from {signal['ratings']} ratings; "
                      f"change {number(signal['change'], 1, signed=True)} "
                      + _coloured(words, signal["meaning"], colour), width, "", "")
    if signal.get("lately"):
        lines += _wrapped(LATELY_NOTE, width, "", "")
    if note:
        lines += _wrapped(note, width, "", "")
    return lines


def format_flags(report: dict, width: int, colour: bool) -> list[str]:
    lines = ["", bold("Signs worth noticing", colour)]
    if not report.get("rules", 1):
        lines += _wrapped("The check-in pack you use has no rules, so kj is not looking for "
                          "any patterns in these ratings: no sign below does not mean all "
                          "is well. Copy the [[rules]] of the built-in after-shift pack "
                          "into yours (docs/trends.md explains each) to have them again.",
                          width, "", "")
    elif not report["flags"]:
        lines += _wrapped("None of the check-in pack's patterns showed up as of "
                          f"{short_date(report['period']['until'])}.", width, "", "")
    for flag in report["flags"]:
        lines += _wrapped(flag["text"], width, "  • ", "    ")
    if report.get("signposting"):
        lines += format_signposting(report["signposting"], width, colour)
    return lines


def _themes(report: dict, width: int, colour: bool) -> list[str]:
    themes = report["themes"]
    drafts = f" ({themes['drafts']} unfinished)" if themes["drafts"] else ""
    lines = ["", bold("The period", colour)]
    lines += _wrapped(f"{themes['entries']:,} entries{drafts}, {report['checkins']:,} with a "
                      "check-in.", width)
    lines += _wrapped(f"{themes['supervision']} marked for supervision, {themes['share']} to "
                      "share with a group.", width)
    if themes["tags"]:
        lines += _wrapped("Most used tags: " + ", ".join(
            f"{tag['tag']} ({tag['entries']})" for tag in themes["tags"]) + ".", width)
    if themes["by_shift"] and "strain" not in themes["by_shift"][0]:
        lines += _wrapped("Check-ins by shift: " + ", ".join(
            f"{shift_label(shift['shift']) or 'not given'} {shift['checkins']}"
            for shift in themes["by_shift"]) + ".", width)
    elif themes["by_shift"]:
        lines.append(bold(f"  {'By shift':<12}{'check-ins':>10}{'strain 0-100':>14}"
                          f"{'resources 0-100':>17}", colour))
        for shift in themes["by_shift"]:
            label = fit(shift_label(shift["shift"]) or "not given", 12)
            lines.append(f"  {label:<12}{shift['checkins']:>10}"
                         f"{number(shift['strain'], 0):>14}"
                         f"{number(shift['resources'], 0):>17}")
    return lines
