"""Asking one question at a time in a terminal, each answer checked as it is typed.

A form that checks everything only at the end loses every answer to one slip, so a
question whose answer cannot be used says why, in one line, and is asked again. Ctrl-C
is left to the one exit point (commands.common.guarded), which says what was kept.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TypeVar

import typer

from kindjournal.errors import KindJournalError

Value = TypeVar("Value")

HANG = "  "  # a question's second line starts under its words, not at the margin


def question_prompt(question: str) -> str:
    """The question as input() shows it: on a terminal, broken between words with a
    hanging indent (a terminal left to wrap it cuts "work w" / "ith"), ending in a space."""
    if not sys.stdout.isatty():
        return question + " "
    import textwrap

    from kindjournal.text import terminal_width, visible

    lines = textwrap.wrap(visible(question, one_line=True), terminal_width() - 1,
                          subsequent_indent=HANG, break_long_words=False,
                          break_on_hyphens=False) or [""]
    return "\n".join(lines) + " "


def ask(question: str, read: Callable[[str], Value] = str) -> Value:
    """Ask until read() accepts the (stripped) answer. read raises a KindJournalError
    (or ValueError) whose message is a sentence; it is said, and the question comes again."""
    while True:
        reply = input(question_prompt(question)).strip()
        try:
            return read(reply)
        except (KindJournalError, ValueError) as error:
            said = error.message if isinstance(error, KindJournalError) else str(error)
            _say_again(said)


def _say_again(message: str) -> None:
    from kindjournal.text import for_terminal, visible

    typer.echo(for_terminal(visible(message, one_line=True), sys.stdout, ""))
