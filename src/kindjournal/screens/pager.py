"""Long screens through the person's pager, as git and man do: `kj trends`,
`kj supervision` and export previews are often taller than the terminal, and their
first lines (the most important) would scroll away.

Paged only when stdout is a terminal and the text is taller than it; never when the
output goes to a pipe or a file. $PAGER is used when set ('' or 'cat' turns paging
off); otherwise less with -F (quit at once if it fits), -R (keep bold) and -X (leave
the text on the screen after quitting), unless $LESS says otherwise.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys


def _pager_command() -> list[str] | None:
    chosen = os.environ.get("PAGER")
    if chosen is not None:
        try:
            words = shlex.split(chosen)
        except ValueError:
            return None
        return words if words and words[0] != "cat" else None
    return ["less"] if shutil.which("less") else None


def show_long(text: str, stream=None) -> None:
    """Write text (a newline is added), through the pager when it would not fit. Like
    every plain screen, each line passes the one output filter (text.terminal_line):
    control characters from the journal are shown, never acted on."""
    from kindjournal.text import terminal_line

    text = "\n".join(terminal_line(line) for line in text.split("\n"))
    stream = stream if stream is not None else sys.stdout
    try:
        is_terminal = stream.isatty()
    except (AttributeError, ValueError):
        is_terminal = False
    height = shutil.get_terminal_size((80, 24)).lines
    command = _pager_command() if is_terminal and text.count("\n") + 1 >= height else None
    if command is None:
        stream.write(text + "\n")
        stream.flush()
        return
    environment = dict(os.environ)
    environment.setdefault("LESS", "FRX")
    stream.flush()
    try:
        pager = subprocess.Popen(command, stdin=subprocess.PIPE, env=environment)
    except OSError:  # the pager named in $PAGER is not there: show the text as it is
        stream.write(text + "\n")
        stream.flush()
        return
    try:
        pager.communicate((text + "\n").encode("utf-8", "replace"))
    except (BrokenPipeError, KeyboardInterrupt):
        pass  # quitting the pager early, or Ctrl-C in it, is a normal way to stop
    pager.wait()
