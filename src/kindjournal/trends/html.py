"""`kj trends --html`: the trends as one self-contained page to bring to supervision.

Everything is inline (CSS and SVG charts): no scripts, no fonts, no network, so the
page opens the same on a work computer with no internet and prints cleanly. Built
from the report dict of queries.build_report; every text is escaped.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from kindjournal.errors import UsageError
from kindjournal.page_look import PAGE_STYLE
from kindjournal.text import number, short_date, signal_name

_WIDTH, _HEIGHT = 720, 150
_LEFT, _RIGHT, _TOP, _BOTTOM = 44, 16, 12, 28
_STYLE = PAGE_STYLE + """
.worse { color: #8a5a00; font-weight: 600; } .better { color: #1f6f3a; font-weight: 600; }
figure { margin: 1em 0; } figcaption { font-weight: 600; }
svg.chart { display: block; width: 100%; height: auto; }
.axis { stroke: #9aa1ab; stroke-width: 1; } .grid { stroke: #e6e8eb; stroke-width: 1; }
.line { fill: none; stroke: #2f5d8a; stroke-width: 2.5; } .point { fill: #2f5d8a; }
.gap { fill: #9aa1ab; } .flag { fill: #f3c969; fill-opacity: 0.35; }
.bar { fill: #8fa9c4; } .label { font-size: 11px; fill: #5a6270; }
"""


def _x(index: int, count: int) -> float:
    span = _WIDTH - _LEFT - _RIGHT
    return _LEFT + (span * (index + 0.5) / count)


def _y(value: float, top: float) -> float:
    return _TOP + (_HEIGHT - _TOP - _BOTTOM) * (1 - value / top)


def _flag_bands(report: dict, flags: list[dict]) -> list[str]:
    """A shaded band over the buckets each flag covers."""
    buckets, bands = report["buckets"], []
    for flag in flags:
        inside = [i for i, b in enumerate(buckets)
                  if b["end"] >= flag["since"] and b["start"] <= flag["until"]]
        if not inside:
            continue
        step = (_WIDTH - _LEFT - _RIGHT) / len(buckets)
        left = _x(inside[0], len(buckets)) - step / 2
        right = _x(inside[-1], len(buckets)) + step / 2
        bands.append(f'<rect class="flag" x="{left:.1f}" y="{_TOP}" width="{right - left:.1f}"'
                     f' height="{_HEIGHT - _TOP - _BOTTOM}"><title>{escape(flag["text"])}'
                     "</title></rect>")
    return bands


def _axes(report: dict, top: float, ticks: list[float]) -> list[str]:
    parts = []
    for tick in ticks:
        y = _y(tick, top)
        parts.append(f'<line class="grid" x1="{_LEFT}" x2="{_WIDTH - _RIGHT}" y1="{y:.1f}" '
                     f'y2="{y:.1f}"/>')
        parts.append(f'<text class="label" x="{_LEFT - 6}" y="{y + 4:.1f}" '
                     f'text-anchor="end">{tick:g}</text>')
    parts.append(f'<line class="axis" x1="{_LEFT}" x2="{_WIDTH - _RIGHT}" '
                 f'y1="{_HEIGHT - _BOTTOM}" y2="{_HEIGHT - _BOTTOM}"/>')
    buckets = report["buckets"]
    every = max(1, len(buckets) // 8)
    for index in range(0, len(buckets), every):
        label = _bucket_label(buckets[index], report["period"]["by"])
        parts.append(f'<text class="label" x="{_x(index, len(buckets)):.1f}" '
                     f'y="{_HEIGHT - 8}" text-anchor="middle">{escape(label)}</text>')
    return parts


def _bucket_label(bucket: dict, by: str) -> str:
    from kindjournal.trends.text import bucket_label

    return bucket_label(bucket, by)


def line_chart(report: dict, values: list, top: float, name: str, flags: list[dict]) -> str:
    """A line broken at every gap: a bucket without ratings is drawn as a grey dot on
    the axis, never joined to its neighbours and never as 0."""
    count = len(values)
    parts = [f'<svg class="chart" data-signal="{escape(name)}" viewBox="0 0 {_WIDTH} '
             f'{_HEIGHT}" role="img" aria-label="{escape(signal_name(name))} over time" '
             'xmlns="http://www.w3.org/2000/svg">']
    parts += _flag_bands(report, flags)
    parts += _axes(report, top, [0, top / 2, top])
    run: list[str] = []
    for index, value in enumerate(values + [None]):
        if value is None:
            if len(run) > 1:
                parts.append(f'<polyline class="line" points="{" ".join(run)}"/>')
            run = []
            if index < count:
                parts.append(f'<circle class="gap" cx="{_x(index, count):.1f}" '
                             f'cy="{_HEIGHT - _BOTTOM}" r="2"/>')
            continue
        x, y = _x(index, count), _y(value, top)
        run.append(f"{x:.1f},{y:.1f}")
        label = _bucket_label(report["buckets"][index], report["period"]["by"])
        parts.append(f'<circle class="point" cx="{x:.1f}" cy="{y:.1f}" r="3.5">'
                     f"<title>{escape(label)}: {value:g}</title></circle>")
    parts.append("</svg>")
    return "".join(parts)


def bar_chart(report: dict) -> str:
    counts = [bucket["entries"] for bucket in report["buckets"]]
    top = max(max(counts, default=0), 1)
    count = len(counts)
    step = (_WIDTH - _LEFT - _RIGHT) / max(count, 1)
    parts = [f'<svg class="chart" data-signal="entries" viewBox="0 0 {_WIDTH} {_HEIGHT}" '
             'role="img" aria-label="Entries over time" xmlns="http://www.w3.org/2000/svg">']
    parts += _axes(report, top, [0, top])
    for index, value in enumerate(counts):
        if value:
            y = _y(value, top)
            label = _bucket_label(report["buckets"][index], report["period"]["by"])
            parts.append(f'<rect class="bar" x="{_x(index, count) - step * 0.35:.1f}" '
                         f'y="{y:.1f}" width="{step * 0.7:.1f}" '
                         f'height="{_HEIGHT - _BOTTOM - y:.1f}"><title>'
                         f'{escape(label)}: {value}</title></rect>')
    parts.append("</svg>")
    return "".join(parts)





def _direction(line: dict) -> str:
    from kindjournal.trends.text import direction_words

    words = direction_words(line)
    css = line["meaning"] if line.get("compared") and line["meaning"] else "muted"
    return f'<span class="{escape(css)}">{escape(words)}</span>' if words else ""


def page_head(title: str) -> list[str]:
    """The page's head and title: the one look of kj's pages (trends, supervision)."""
    return ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{escape(title)}</title><style>{_STYLE}</style></head><body>",
            f"<h1>{escape(title)}</h1>"]


def render_html(report: dict) -> str:
    from kindjournal.trends.text import comparison_note

    period = report["period"]
    title = f"Check-in trends, {short_date(period['since'])} to {short_date(period['until'])}"
    out = page_head(title)
    out.append(f'<p class="muted">By {escape(period["by"])}. Ratings are 0 to 4; the summaries '
               f"are 0 to 100. {escape(comparison_note(period))} The check-in is a prompt "
               "for reflection, not a clinical measure.</p>")
    out += report_sections(report)
    out.append("</body></html>")
    return "\n".join(out)


def report_sections(report: dict) -> list[str]:
    """Summary, signs, charts and the period. A summary set to None (left out of a
    supervision page) is left out of each."""
    from kindjournal.trends.text import LATELY_NOTE, compared_with

    summaries = [name for name in ("strain", "resources") if report.get(name) is not None]
    out = ["<h2>Summary</h2><table><tr><th></th><th>mean</th><th>change</th>"
           f"<th>{escape(compared_with(report['period']))}</th></tr>"]
    for name in summaries:
        line = report[name]
        out.append(f"<tr><th>{name.capitalize()} (0-100)</th><td class=num>"
                   f"{number(line['mean'], 0)}</td><td class=num>"
                   f"{number(line['change'], 0, True)}</td><td>{_direction(line)}</td></tr>")
    for signal in report["signals"]:
        out.append(f"<tr><td>{escape(signal_name(signal['key']))}</td><td class=num>"
                   f"{number(signal['mean'], 1)}</td><td class=num>"
                   f"{number(signal['change'], 1, True)}</td><td>{_direction(signal)}</td></tr>")
    lately = any(line.get("lately") for line in
                 [*report["signals"], *(report[name] for name in summaries)])
    out.append("</table>" + (f'<p class="muted">{escape(LATELY_NOTE)}</p>' if lately else "")
               + f"<p>{report['entries']} entries, {report['checkins']} with a check-in.</p>")

    out.append('<h2>Signs worth noticing</h2><ul class="flags">')
    for flag in report["flags"]:
        out.append(f'<li class="flag-text">{escape(flag["text"])}</li>')
    if not report.get("rules", 1):
        out.append("<li>The check-in pack you use has no rules, so kj is not looking for any "
                   "patterns: no sign here does not mean all is well.</li>")
    elif not report["flags"]:
        out.append("<li>None of the check-in pack's patterns showed up.</li>")
    out.append("</ul>")
    signposting = report["signposting"]
    if signposting:
        title = signposting["title"] if signposting["level"] else "Support is always there"
        out.append(f'<div class="signpost"><h3>{escape(title)}</h3>')
        if signposting.get("text") and signposting["level"]:
            out.append(f"<p>{escape(signposting['text'])}</p>")
        if signposting["people"]:
            out.append("<ul>" + "".join(f"<li>{escape(line)}</li>"
                                        for line in signposting["people"]) + "</ul>")
        out.append("".join(f"<p><strong>{escape(line)}</strong></p>"
                           for line in signposting["crisis"]))
        out.append("<p>'kj support' shows everything, for your nation.</p></div>")

    out.append('<h2>Over time</h2><p class="muted">Shaded: where a sign was seen. A grey '
               "dot on the axis: no check-in then.</p>")
    for name in summaries:
        # A sign about this summary, or about check-ins stopping, is shaded here.
        summary_flags = [f for f in report["flags"] if f.get("summary") == name
                         or (not f.get("signal") and not f.get("summary"))]
        out.append(f"<figure><figcaption>{name.capitalize()} (0-100)</figcaption>"
                   f"{line_chart(report, report[name]['values'], 100, name, summary_flags)}"
                   "</figure>")
    for signal in report["signals"]:
        flags = [f for f in report["flags"] if f.get("signal") == signal["key"]]
        out.append(f"<figure><figcaption>{escape(signal_name(signal['key']))}: "
                   f"<span class=muted>{escape(signal['question'])} (0 = "
                   f"{escape(signal['low'])}, 4 = {escape(signal['high'])})</span></figcaption>"
                   f"{line_chart(report, signal['values'], 4, signal['key'], flags)}</figure>")
    out.append(f"<figure><figcaption>Entries</figcaption>{bar_chart(report)}</figure>")

    themes = report["themes"]
    out.append("<h2>The period</h2>"
               f"<p>{themes['entries']} entries; {themes['supervision']} marked for "
               f"supervision, {themes['share']} to share with a group.</p>")
    if themes["tags"]:
        out.append("<p>Most used tags: " + escape(", ".join(
            f"{tag['tag']} ({tag['entries']})" for tag in themes["tags"])) + "</p>")
    if themes["by_shift"]:
        with_summaries = "strain" in themes["by_shift"][0]
        out.append("<table><tr><th>Shift</th><th>check-ins</th>" + (
            "<th>strain</th><th>resources</th>" if with_summaries else "") + "</tr>")
        for shift in themes["by_shift"]:
            out.append(f"<tr><td>{escape((shift['shift'] or 'not given').replace('-', ' '))}"
                       f"</td><td class=num>{shift['checkins']}</td>" + (
                           f"<td class=num>{number(shift['strain'], 0)}</td><td class=num>"
                           f"{number(shift['resources'], 0)}</td>" if with_summaries else "")
                       + "</tr>")
        out.append("</table>")
    return out


def write_page(page: str, path: Path, force: bool = False) -> Path:
    """Write a page as a new private file (0600); an existing one only with force."""
    if path.exists() and not force:
        raise UsageError(f"{path} already exists; choose another name or add --force to "
                         "replace it.")
    if path.is_dir():
        raise UsageError(f"{path} is a folder; give a file name such as page.html.")
    from kindjournal.files import DestinationExists, write_private_bytes

    try:  # written beside the target and put in place, so a failure never leaves half a page
        write_private_bytes(path, page.encode("utf-8"), replace=force)
    except DestinationExists:
        raise UsageError(f"{path} already exists; choose another name or add --force to "
                         "replace it.") from None
    return path


def write_html(report: dict, path: Path, force: bool = False) -> Path:
    """Write the trends page as a new private file (0600); an existing one only with force."""
    return write_page(render_html(report), path, force)
