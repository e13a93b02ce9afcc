"""Text formatting shared by every screen and page: dates, numbers, names and layout.

One home for each form a person sees, so two screens can never drift apart (the HTML
trends page once printed "-0.0" where the terminal printed "0.0"). Pure functions,
standard library only: list and show import this on every run.
"""

from __future__ import annotations

import datetime
import os
import re
import shutil
import sys

ELLIPSIS = "…"
# Names spelled out rather than strftime: the same in every locale, and an export
# formats one date per entry (strftime twice per entry was a tenth of a Markdown export).
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_FULL_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December")


# -- dates ---------------------------------------------------------------------------


def _day(value: datetime.date | str) -> datetime.date:
    return datetime.date.fromisoformat(value) if isinstance(value, str) else value


def weekday_date(day: datetime.date | str) -> str:
    """'Thu 20 Nov 2026': an entry's heading, in lists, exports and the interview."""
    day = _day(day)
    return f"{_DAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]} {day.year}"


def short_date(day: datetime.date | str) -> str:
    """'20 Nov 2026': dates inside sentences."""
    day = _day(day)
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def day_month(day: datetime.date | str) -> str:
    """'7 Sep': a chart's axis, where the year is in the heading."""
    day = _day(day)
    return f"{day.day} {_MONTHS[day.month - 1]}"


def month_year(day: datetime.date | str) -> str:
    """'Sep 2026': a month on a chart (never 'Sep 26', which reads as 26 September)."""
    day = _day(day)
    return f"{_MONTHS[day.month - 1]} {day.year}"


def full_month_year(day: datetime.date | str) -> str:
    """'November 2026': the only date a regulator's account carries (no exact day)."""
    day = _day(day)
    return f"{_FULL_MONTHS[day.month - 1]} {day.year}"


def span(first: datetime.date | str, last: datetime.date | str) -> str:
    """'3 Nov 2026', '3 to 20 Nov 2026', '28 Oct to 20 Nov 2026' or across years in full."""
    first, last = _day(first), _day(last)
    if first == last:
        return short_date(first)
    if first.year != last.year:
        return f"{short_date(first)} to {short_date(last)}"
    if first.month != last.month:
        return f"{day_month(first)} to {short_date(last)}"
    return f"{first.day} to {short_date(last)}"


# -- numbers -------------------------------------------------------------------------


def number(value: float | None, places: int, signed: bool = False) -> str:
    """A mean or a change as printed: '–' for none, never '-0.0' (a change that rounds
    to nothing is '0.0', with no sign)."""
    if value is None:
        return "–"
    if round(value, places) == 0:
        return f"{0:.{places}f}"
    return f"{value:+.{places}f}" if signed else f"{value:.{places}f}"


def quantity(value: float) -> str:
    """Hours and counts as people write them: '8', '7.5', '0.25' (no trailing '.0')."""
    return f"{value:g}" if value != int(value) else str(int(value))


# -- names ---------------------------------------------------------------------------


def signal_name(key: str) -> str:
    """A check-in signal's key as people read it: 'right-care' -> 'Right care'."""
    return key.replace("-", " ").replace("_", " ").capitalize()


# The built-in check-in's ratings in plain words, for screens and pages a person reads
# (a bare "Agency" or "Detachment" is jargon). Other packs' signals use signal_name.
PLAIN_SIGNAL_NAMES = {
    "exhaustion": "Worn out",
    "detachment": "People felt like tasks",
    "dread": "Dreading the next shift",
    "recovery": "Able to rest after",
    "connection": "Connection with people cared for",
    "difference": "Making a difference",
    "agency": "Free to use your judgement",
    "support": "Support from colleagues",
    "right-care": "Able to give the right care",
}


def plain_signal_name(key: str) -> str:
    """A rating's name in plain words: 'Support from colleagues'."""
    return PLAIN_SIGNAL_NAMES.get(key, signal_name(key))


def signal_label(key: str) -> str:
    """A rating as a person reads it, with its scale: 'Support from colleagues (0–4)'."""
    return f"{plain_signal_name(key)} (0–4)"


def shift_label(shift: str | None) -> str:
    return (shift or "").replace("-", " ")


# -- layout --------------------------------------------------------------------------


def terminal_width() -> int:
    return max(40, shutil.get_terminal_size((80, 24)).columns)


BULLETS = ("• ", "- ", "* ")


def wrap_words(text: str, width: int, first_indent: str = "") -> list[str]:
    """Lines at most width wide, broken between words, never inside one (a terminal
    left to wrap a long line cuts "round" into "r" and "ound"). A bullet line's
    continuation hangs under its text, and a line's own leading spaces are kept."""
    import textwrap

    lines: list[str] = []
    for number, line in enumerate(text.splitlines() or [""]):
        lead = first_indent if number == 0 else ""
        stripped = line.lstrip(" ")
        margin = " " * (len(line) - len(stripped))
        hang = margin + ("  " if stripped.startswith(BULLETS) else "")
        lines += textwrap.wrap(stripped, width, initial_indent=lead + margin,
                               subsequent_indent=hang or " " * len(lead),
                               break_long_words=False, break_on_hyphens=False) or [lead]
    return lines


def for_terminal(text: str, stream, first_indent: str = "") -> str:
    """text wrapped at word boundaries to the terminal's width when stream is a
    terminal; unchanged when it goes to a file or a pipe (one line stays one line)."""
    try:
        is_terminal = stream.isatty()
    except (AttributeError, ValueError):
        is_terminal = False
    if not is_terminal:
        return first_indent + text
    return "\n".join(wrap_words(text, terminal_width() - 1, first_indent))


def use_bold() -> bool:
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def bold(text: str, enabled: bool) -> str:
    return f"\x1b[1m{text}\x1b[0m" if enabled else text


def fit(text: str, width: int) -> str:
    """Cut to width, marking the cut with an ellipsis."""
    if width <= 0:
        return ""
    return text if len(text) <= width else text[: max(0, width - 1)].rstrip() + ELLIPSIS


# -- what reaches a terminal -----------------------------------------------------------

# Text people typed, imported or received in a pack can hold terminal control sequences
# (set the window title, write the clipboard through OSC 52, hide text with 'conceal').
# Every human-readable output passes through visible(): each control character becomes
# one visible stand-in of the same length (ESC shows as ␛, so '\x1b[8m' reads '␛[8m'),
# which keeps highlight positions and column widths right and can never be cut into
# half a sequence. Bidirectional overrides, which can reorder what is shown, count too.
_BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_STAND_INS = {code: 0x2400 + code for code in range(0x20)}  # ␀ ␁ ... ␟ (control pictures)
_STAND_INS |= {0x7F: 0x2421}  # ␡
_STAND_INS |= {code: 0xFFFD for code in range(0x80, 0xA0)}  # C1 controls, e.g. CSI 0x9b
_STAND_INS |= {ord(char): 0xFFFD for char in _BIDI_CONTROLS}
_STAND_INS |= {0x2028: 0x2424, 0x2029: 0x2424}  # line and paragraph separators: ␤
_KEEP_LINES = {**_STAND_INS}
del _KEEP_LINES[0x0A], _KEEP_LINES[0x09]
_ONE_LINE = {**_STAND_INS, 0x0A: 0x2424, 0x0D: 0x2424}  # newlines shown as ␤


def visible(text: str, one_line: bool = False, keep: str = "") -> str:
    """The text with every control character shown, never acted on. Newlines and tabs
    stay unless one_line; keep names characters our own code put there on purpose."""
    table = _ONE_LINE if one_line else _KEEP_LINES
    if keep:
        table = {code: to for code, to in table.items() if chr(code) not in keep}
    elif not _finder(one_line).search(text):
        # Nearly all text has nothing to replace, and translate() with a dict looks every
        # character up (about 70 ns each once the text holds any non-ASCII, like the
        # '·' of an export's headings): a whole-journal export spent 0.7 s there.
        return text
    return text.translate(table)


_FINDERS: dict[bool, re.Pattern] = {}


def _finder(one_line: bool) -> re.Pattern:
    """A pattern matching any character the table would replace (made on first use)."""
    if one_line not in _FINDERS:
        table = _ONE_LINE if one_line else _KEEP_LINES
        _FINDERS[one_line] = re.compile(
            "[" + "".join(re.escape(chr(code)) for code in sorted(table)) + "]")
    return _FINDERS[one_line]


# The only escape sequences kj writes itself in plain output: bold, bold-underline (a
# search match), yellow and green (trends' words) and reset. A line passes through
# terminal_line() on its way out, so anything else, from any source, is shown, not run.
_OWN_SEQUENCES = ("\x1b[1;4m", "\x1b[1m", "\x1b[0m", "\x1b[33m", "\x1b[32m")


def terminal_line(line: str) -> str:
    if "\x1b" not in line:
        return visible(line)
    parts = [line]
    for sequence in _OWN_SEQUENCES:
        parts = [piece for part in parts for piece in _split_keep(part, sequence)]
    return "".join(part if part in _OWN_SEQUENCES else visible(part) for part in parts)


def _split_keep(text: str, sequence: str) -> list[str]:
    if text in _OWN_SEQUENCES:
        return [text]
    pieces = text.split(sequence)
    out = [pieces[0]]
    for piece in pieces[1:]:
        out += [sequence, piece]
    return [piece for piece in out if piece]


def visible_data(value):
    """visible() on every string inside rows, dicts and lists a screen is built from."""
    if isinstance(value, str):
        return visible(value)
    if isinstance(value, dict):
        return {key: visible_data(item) for key, item in value.items()}
    if type(value) in (list, tuple):
        return type(value)(visible_data(item) for item in value)
    return value
