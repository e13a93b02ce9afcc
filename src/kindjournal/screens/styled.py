"""What kj shows on a terminal with Rich: the reflection, packs, panels. Rich is imported
here and in share/terminal.py only (list and show, which must start fast, use
entry_lines.py instead).

Functions take plain data (dicts from the journal/ wing, packs) and print. Colour is
decoration only: every meaning is also carried by words, so NO_COLOR=1 loses nothing.
"""

from __future__ import annotations

import re

from rich.console import Console
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from kindjournal.text import visible
from kindjournal.text import weekday_date as friendly_date  # noqa: F401 - shared with the interview


class _VisibleConsole(Console):
    """A Console whose every piece of text passes through text.visible() just before it
    is written: Rich's own styling is added after, so a table cell, a panel or a
    preview can never carry a control sequence of its own (an OSC 52 clipboard write,
    'conceal' hiding a name). Same-length stand-ins keep Rich's layout."""

    def _render_buffer(self, buffer):
        from rich.segment import Segment

        return super()._render_buffer(
            segment if segment.control else Segment(visible(segment.text), segment.style)
            for segment in buffer)


_console: Console | None = None
_error_console: Console | None = None


def console() -> Console:
    global _console
    if _console is None:
        _console = _VisibleConsole(highlight=False, soft_wrap=False)
    return _console


def error_console() -> Console:
    global _error_console
    if _error_console is None:
        _error_console = _VisibleConsole(stderr=True, highlight=False)
    return _error_console


# -- the reflection ------------------------------------------------------------


def print_heading(text: str) -> None:
    console().print()
    console().print(Text(text, style="bold"))


def print_note(text: str) -> None:
    console().print(Text(text, style="dim"))


def print_text(text: str) -> None:
    console().print(escape(text))


def print_paragraphs(text: str) -> None:
    """Text written in a pack file: its line breaks are the author's, not the terminal's,
    so each paragraph is re-flowed to the terminal's width; blank lines are kept."""
    for index, paragraph in enumerate(re.split(r"\n\s*\n", text.strip())):
        if index:
            console().print()
        console().print(escape(" ".join(paragraph.split())))


def print_prompt(theme_title: str, prompt_text: str, position: int, total: int) -> None:
    console().print()
    console().print(
        Panel(
            Text(prompt_text),
            title=f"{position} of {total} · {theme_title}",
            title_align="left",
            width=min(78, console().width),
        )
    )


def print_summary(summary: dict) -> None:
    """The closing panel: what was kept, kindly. No scores, no verdicts."""
    lines = [f"Saved as entry #{summary['id']} for {friendly_date(summary['date'])}."]
    if summary["ratings"]:
        lines.append(f"Check-in: {summary['ratings']} of {summary['signals']} ratings recorded.")
    if summary["prompts"]:
        lines.append(f"You reflected on {summary['answered']} of {summary['prompts']} prompts.")
    if summary["forward"]:
        lines.append(f"Carrying forward: {summary['forward']}")
    if summary["tags"]:
        lines.append("Tags: " + ", ".join(summary["tags"]))
    lines.append("")
    lines.append("Thank you for taking this time. Rest well.")
    if summary.get("support"):
        lines.append("If today is weighing on you, 'kj support' shows who you can talk to, "
                     "day or night.")
    console().print()
    console().print(
        Panel(escape("\n".join(lines)), title="Reflection kept", title_align="left",
              width=min(78, console().width))
    )


# -- packs and the journal's whereabouts ----------------------------------------------


def print_pack_list(packs: dict, default_name: str, problems: list[str]) -> None:
    out = console()
    table = Table(box=None, pad_edge=False, header_style="bold")
    table.add_column("Pack", no_wrap=True)
    table.add_column("What it is for")
    for name in sorted(packs):
        pack = packs[name]
        label = name + (" (default)" if name == default_name else "")
        if pack.source != "built-in":
            label += " (yours)"
        table.add_row(label, escape(pack.description))
    out.print(table)
    out.print()
    out.print("Use one with 'kj reflect --pack NAME'; see its prompts with 'kj prompts show NAME'.")
    for problem in problems:
        error_console().print(escape(f"kj: skipped a broken pack: {problem}"), soft_wrap=True)


def print_pack(pack) -> None:
    out = console()
    out.print(Text(f"{pack.title} ({pack.name})", style="bold"))
    out.print(escape(pack.description))
    out.print(Text(f"From: {pack.source}", style="dim"))
    if pack.intro:
        out.print()
        out.print(Text("Before the first prompt", style="bold"))
        print_paragraphs(pack.intro)
    if pack.signals:
        out.print()
        out.print(Text("Check-in (0 to 4)", style="bold"))
        for signal in pack.signals:
            _print_hanging(f"  • {signal.key} ({signal.polarity}): {signal.question} "
                           f"[0 = {signal.low}, 4 = {signal.high}]")
    for theme in pack.themes:
        out.print()
        suffix = " — becomes an action to carry forward" if theme.forward else ""
        out.print(Text(f"{theme.title} [{theme.key}]{suffix}", style="bold"))
        out.print(Text(theme.why, style="dim"))
        for wording in theme.wordings:
            _print_hanging(f"  • {wording.text} ({wording.key})")
    if pack.outro:
        out.print()
        out.print(Text("After the last prompt", style="bold"))
        print_paragraphs(pack.outro)


def _print_hanging(line: str) -> None:
    """A bullet wrapped between words, its continuation lines under its text (Rich
    alone would start them at column 0, and could leave a key there by itself)."""
    from kindjournal.text import wrap_words

    out = console()
    for part in wrap_words(line, out.width - 1):
        out.print(escape(part))


def print_where(info: dict) -> None:
    out = console()
    out.print(escape(f"Journal:        {info['journal']}"))
    if info["schema_version"] is None:
        out.print("                Not there yet: 'kj reflect' starts it.")
    else:  # the format's number matters to a bug report, not to the person
        out.print(escape(f"File format:    version {info['schema_version']}"))
        out.print(escape(f"Entries:        {info['entries']:,}"))
    out.print("Prompt packs from:")
    for folder in info["prompt_dirs"]:
        out.print(escape(f"  {folder}"))


def print_new_pack(name: str, path, overrides_builtin: bool) -> None:
    out = console()
    # Paths and commands are printed unwrapped (soft_wrap): a broken line cannot be copied.
    out.print(escape(f"Created {path}"), soft_wrap=True)
    if overrides_builtin:
        out.print(escape(f"It starts as a copy of the built-in pack '{name}', with its "
                         "check-in, rules and signposting, and kj will use yours instead. "
                         "Delete the file to go back to the built-in one."))
    out.print("Edit it, then check it and reflect with it:")
    out.print(escape(f"  kj prompts check {path}"), soft_wrap=True)
    out.print(escape(f"  kj reflect --pack {name}"), soft_wrap=True)


def print_pack_check(path, result) -> None:
    pack = result.pack
    themes = f"{len(pack.themes)} theme{'s' if len(pack.themes) != 1 else ''}"
    wordings = f"{result.wordings} wording{'s' if result.wordings != 1 else ''}"
    ratings = f"{len(pack.signals)} rating{'s' if len(pack.signals) != 1 else ''}"
    checkin = (f"its own check-in ({ratings})" if result.own_checkin
               else "the default check-in")
    out = console()
    verdict = "is a valid pack" if result.advice else "looks good"
    out.print(escape(f"{path} {verdict}: pack '{pack.name}', {themes}, {wordings}, "
                     f"{checkin}."), soft_wrap=True)
    if result.usable_from is not None:
        out.print(escape(f"To reflect with it, copy it into {result.usable_from}, then run "
                         f"'kj reflect --pack {pack.name}'."), soft_wrap=True)
    for line in result.warnings:
        out.print(escape(f"Warning: {line}"))
    if result.advice:
        out.print()
        out.print("Some wordings could follow the writing rules for prompts more closely "
                  "(they are in prompts/README.md):")
        for line in result.advice:
            out.print(escape(f"  {line}"))


def print_pack_problems(problems: list[str]) -> None:
    err = error_console()
    for problem in problems:
        err.print(escape(problem), soft_wrap=True)
    count = len(problems)
    err.print("1 problem found; fix it and check again." if count == 1 else
              f"{count} problems found; fix them and check again.")
