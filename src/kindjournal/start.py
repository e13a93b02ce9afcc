"""Where the `kj` program starts (the console script and `python -m kindjournal`).

Why a module of its own: importing Typer makes some 26,000 objects the collector tracks, and
Python's cycle collector, set off by all that allocation, walks them again and again
while they are being made, and once more when the program exits. So the collector is
paused while the CLI is imported, what the import made is frozen (kept for the life of
the process, as modules are anyway, and never walked again), and the collector resumes
before the command is built and run. Measured with lazy commands (30 runs each, 1,000-entry
journal, median): kj --help 48 ms with the pause, 61 ms without; kj list 60 and 74;
gc.disable() alone, without the freeze, gives back only half of that. Freezing again after
a command is built saved under 1 ms, so it is not done. Tests import kindjournal.cli
directly and are untouched.
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
