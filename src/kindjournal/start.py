"""Where the `kj` program starts (the console script and `python -m kindjournal`).

Why a module of its own: importing Typer and kj's commands makes hundreds of
thousands of objects, and Python's cycle collector, set off by all that allocation,
walked them again and again while they were being made: about 5 to 10 ms of every
`kj` command's start-up, which is a tenth of its whole budget. So the collector is
paused while the CLI is imported, what the imports made is frozen (kept for the life
of the process, as modules are anyway, and never walked again), and the collector
resumes before the command itself runs. Tests import kindjournal.cli directly and
are untouched.
"""

from __future__ import annotations

import gc


def main() -> None:
    gc.disable()
    try:
        from kindjournal.cli import main as run_kj
    finally:
        gc.freeze()
        gc.enable()
    run_kj()
