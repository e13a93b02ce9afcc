"""Opening the person's own editor ($VISUAL or $EDITOR) on some text, privately.

The text goes into a 0600 temporary file that is removed afterwards, so a
reflection never lingers in /tmp readable by others.
"""

from __future__ import annotations

import os
import shlex
import signal
import subprocess
import tempfile
from pathlib import Path

from kindjournal.errors import KindJournalError, UsageError


def editor_command() -> list[str]:
    command = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if not command or not command.strip():
        import shutil

        # Debian and Ubuntu name the system's chosen editor 'editor': use it rather than
        # refuse when the person never set $EDITOR.
        if shutil.which("editor"):
            return ["editor"]
        raise UsageError("No editor is set. Set $EDITOR to your editor, e.g. EDITOR=nano.")
    try:
        return shlex.split(command)
    except ValueError as error:  # an unbalanced quote in $EDITOR
        raise UsageError(f"$EDITOR ({command}) cannot be read: {error}. "
                         "Set it to your editor's name, e.g. EDITOR=nano.") from None


def edit_text(text: str, suffix: str = ".md") -> str:
    """Let the person edit text; returns what they saved. Raises if the editor fails."""
    command = editor_command()
    handle, name = tempfile.mkstemp(prefix="kj-", suffix=suffix)  # created 0600
    path = Path(name)
    previous = _remove_on_hangup(path)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        try:
            completed = subprocess.run([*command, str(path)])
        except OSError as error:  # not found, not executable, a folder...
            raise KindJournalError(
                f"Cannot start the editor '{command[0]}' ({error.strerror or error}). "
                "Check $EDITOR (or $VISUAL)."
            ) from None
        if completed.returncode != 0:
            raise KindJournalError(
                f"The editor '{command[0]}' stopped with an error (exit "
                f"{completed.returncode}), so nothing from it was used."
            )
        try:
            # An editor set to another encoding must not cost the person their words:
            # undecodable bytes become U+FFFD rather than an error.
            return path.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            raise KindJournalError(
                f"The editor '{command[0]}' removed the file instead of saving it, so "
                "nothing from it was used."
            ) from None
    finally:
        path.unlink(missing_ok=True)
        for number, handler in previous.items():
            signal.signal(number, handler)


def _remove_on_hangup(path: Path) -> dict:
    """Closing the terminal (SIGHUP) or being told to stop (SIGTERM) while the editor is
    open ends kj without running its 'finally': the temporary file holding the whole
    entry is removed first, then kj ends as the signal asks."""
    previous: dict = {}

    def remove_then_end(number, _frame) -> None:
        path.unlink(missing_ok=True)
        signal.signal(number, previous.get(number, signal.SIG_DFL))
        os.kill(os.getpid(), number)

    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is not None:
            try:
                previous[number] = signal.signal(number, remove_then_end)
            except ValueError:  # not the main thread: nothing to hook
                break
    return previous
