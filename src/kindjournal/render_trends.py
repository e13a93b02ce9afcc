"""`kj trends` on a terminal, drawn with Rich, readable at 80 columns.

Takes the report dict from trends_query.build_report. A gap (no rating in a bucket)
is drawn as '·', never as a low bar. Colour only repeats what the words say:
"rising, worse" is also yellow, "falling, better" also green, so NO_COLOR=1 loses
nothing.
"""

from __future__ import annotations

import datetime

from rich.console import Group
from rich.markup import escape
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from kindjournal.render import console
from kindjournal.trend_rules import short_date, signal_name, span

GAP = "·"
_LEVELS = "▁▂▃▄▅▆▇█"  # 0 is the lowest bar, still visible; a gap is GAP
_MEANING_STYLE = {"worse": "yellow", "better": "green"}
# name, mean, change and direction columns take this much; the chart gets the rest.
_FIXED_WIDTH = 50


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
    """Counts as digits while they fit in one cell, else bars scaled to the largest."""
    peak = max(counts, default=0)
    if peak <= 9:
        return "".join(str(count) if count else GAP for count in counts)
    return "".join(GAP if not count else _LEVELS[round(count / peak * 7)] for count in counts)


def bucket_label(bucket: dict, by: str) -> str:
    if by == "week":
        return bucket["key"][-3:]  # 'W48'
    day = datetime.date.fromisoformat(bucket["start"])
    return f"{day.day}/{day.month}" if by == "day" else f"{day:%b} {day:%y}"


def direction_text(line: dict) -> Text:
    if not line["direction"]:
        return Text("no earlier data" if line["mean"] is not None else "", style="dim")
    words = line["direction"] + (f", {line['meaning']}" if line["meaning"] else "")
    return Text(words, style=_MEANING_STYLE.get(line["meaning"], ""))


def _number(value: float | None, places: int, signed: bool = False) -> str:
    if value is None:
        return "–"
    return f"{value:+.{places}f}" if signed else f"{value:.{places}f}"


def _visible(report: dict, width: int) -> tuple[int, str | None]:
    """How many of the latest buckets fit, and a note when some do not."""
    room = max(8, width - _FIXED_WIDTH)
    total = len(report["buckets"])
    if total <= room:
        return 0, None
    by = report["period"]["by"]
    return total - room, (f"Showing the last {room} of {total} {by}s; the averages and "
                          f"changes cover the whole period. --by "
                          f"{'week' if by == 'day' else 'month'} or a shorter --since shows "
                          "it all.")


def print_trends(report: dict, only_signal: str | None = None) -> None:
    out = console()
    period, by = report["period"], report["period"]["by"]
    out.print(Text(f"Trends {span(period['since'], period['until'])}, by {by}", style="bold"))
    previous = span(period["previous"]["since"], period["previous"]["until"])
    out.print(Text(f"Ratings 0 to 4 ({GAP} = no check-in); change is against {previous}.",
                   style="dim"))
    out.print()
    if only_signal:
        _print_one_signal(report, only_signal)
    elif report["checkins"]:
        _print_table(report)
    else:
        out.print("Nothing was rated in this period. Each 'kj reflect' starts with a short "
                  "check-in; the trends build up from those.")
    _print_flags(report)
    if not only_signal:
        _print_themes(report)


def _print_table(report: dict) -> None:
    out = console()
    by = report["period"]["by"]
    skip, note = _visible(report, out.width)
    shown = report["buckets"][skip:]
    first, last = bucket_label(shown[0], by), bucket_label(shown[-1], by)
    header = first if len(shown) < len(first) + len(last) + 1 else (
        first + " " * (len(shown) - len(first) - len(last)) + last)

    table = Table(box=None, pad_edge=False, header_style="bold", show_edge=False)
    table.add_column("", no_wrap=True)
    table.add_column(header, no_wrap=True)
    table.add_column("mean", justify="right", no_wrap=True)
    table.add_column("change", justify="right", no_wrap=True)
    table.add_column("", no_wrap=True)
    for signal in report["signals"]:
        table.add_row(signal_name(signal["key"]), spark(signal["values"][skip:], 4),
                      _number(signal["mean"], 1), _number(signal["change"], 1, signed=True),
                      direction_text(signal))
    table.add_row()
    for name, label in (("strain", "Strain 0-100"), ("resources", "Resources 0-100")):
        line = report[name]
        table.add_row(Text(label, style="bold"), spark(line["values"][skip:], 100),
                      _number(line["mean"], 0), _number(line["change"], 0, signed=True),
                      direction_text(line))
    table.add_row("Entries", count_cells([b["entries"] for b in shown]),
                  str(report["entries"]), "", "")
    table.add_row("Check-ins", count_cells([b["checkins"] for b in shown]),
                  str(report["checkins"]), "", "")
    out.print(table)
    if max(b["entries"] for b in shown) > 9:
        out.print(Text("Entries and check-ins are drawn as bars against the busiest "
                       f"{by}; the totals are on the right.", style="dim"))
    if note:
        out.print(Text(note, style="dim"))


def _print_one_signal(report: dict, key: str) -> None:
    """A taller chart for one signal: four rows, one per rating step, in eighths."""
    out = console()
    signal = next(s for s in report["signals"] if s["key"] == key)
    out.print(Text(f"{signal_name(key)} ({signal['polarity']})", style="bold"))
    out.print(escape(f"{signal['question']}  0 = {signal['low']}, 4 = {signal['high']}"))
    out.print()
    skip, note = _visible(report, out.width + 30)
    values = signal["values"][skip:]
    shown = report["buckets"][skip:]
    cell = 2 if len(values) * 2 <= out.width - 8 else 1
    for row in range(4, 0, -1):  # the row holding ratings from row-1 to row
        cells = []
        for value in values:
            if value is None:
                cells.append((GAP if row == 1 else " ").ljust(cell))
                continue
            fill = max(0.0, min(1.0, value - (row - 1)))
            level = round(fill * 8)
            char = "█" if level >= 8 else (" ▁▂▃▄▅▆▇"[level] if level else " ")
            if row == 1 and level == 0:
                char = "▁"  # a 0 rating is still a rating: show it on the floor
            cells.append(char.ljust(cell))
        out.print(f"{row} ┤ " + "".join(cells))
    out.print("  └─" + "─" * (len(values) * cell))
    first, last = bucket_label(shown[0], report["period"]["by"]), bucket_label(
        shown[-1], report["period"]["by"])
    axis_width = len(values) * cell
    out.print("    " + (first + last.rjust(axis_width - len(first))
                        if axis_width > len(first) + len(last) else first))
    out.print()
    out.print(Text.assemble(
        f"Mean {_number(signal['mean'], 1)} from {signal['ratings']} ratings; change "
        f"{_number(signal['change'], 1, signed=True)} ", direction_text(signal)))
    if note:
        out.print(Text(note, style="dim"))


def _print_flags(report: dict) -> None:
    out = console()
    out.print()
    if not report["flags"]:
        out.print(Text("Signs worth noticing", style="bold"))
        out.print("None of the check-in pack's patterns showed up as of "
                  f"{short_date(report['period']['until'])}.")
        return
    out.print(Text("Signs worth noticing", style="bold"))
    for flag in report["flags"]:
        console().print(Padding(Text(f"• {flag['text']}"), (0, 0, 0, 2)))
    print_signposting(report["signposting"])


def print_signposting(signposting: dict | None) -> None:
    if not signposting:
        return
    parts = []
    if signposting.get("text"):
        parts.append(escape(signposting["text"].strip()))
    for line in signposting.get("people", []):
        parts.append(escape(f"• {line}"))
    if signposting.get("crisis"):
        parts.append(Text(signposting["crisis"].strip(), style="bold"))
    out = console()
    out.print()
    out.print(Panel(Group(*parts), title=signposting.get("title", "Where to turn"),
                    title_align="left", width=min(78, out.width)))


def _indented(text: str) -> None:
    """A line indented by two, its wrapped lines too."""
    console().print(Padding(Text(text), (0, 0, 0, 2)))


def _print_themes(report: dict) -> None:
    out = console()
    themes = report["themes"]
    out.print()
    out.print(Text("The period", style="bold"))
    drafts = f" ({themes['drafts']} unfinished)" if themes["drafts"] else ""
    _indented(f"{themes['entries']} entries{drafts}, {report['checkins']} with a check-in.")
    _indented(f"{themes['supervision']} marked for supervision, {themes['share']} to share "
              "with a group.")
    if themes["tags"]:
        _indented("Most used tags: " + ", ".join(
            f"{tag['tag']} ({tag['entries']})" for tag in themes["tags"]) + ".")
    if themes["by_shift"]:
        table = Table(box=None, pad_edge=False, header_style="bold")
        table.add_column("  By shift", no_wrap=True)
        table.add_column("check-ins", justify="right")
        table.add_column("strain 0-100", justify="right")
        table.add_column("resources 0-100", justify="right")
        for shift in themes["by_shift"]:
            table.add_row("  " + (shift["shift"] or "not given").replace("-", " "),
                          str(shift["checkins"]), _number(shift["strain"], 0),
                          _number(shift["resources"], 0))
        out.print(table)
