"""What every command shares: the chosen journal, option types and the one exit point.

Imports only typer and the standard library at module level (start-up is a feature).
"""

from __future__ import annotations

import functools
import sys
from pathlib import Path
from typing import Annotated

import typer

from kindjournal.errors import FAILURE, KindJournalError

INTERRUPTED = 130  # the usual exit code after Ctrl-C
# Said after Ctrl-C at a question: the commands that ask save nothing before the end
# (kj reflect, which saves as it goes, says so itself).
NOTHING_SAVED = "Stopped; nothing was saved."

# Set by the app callback from --db; None means "use KJ_DB / KJ_HOME / the data dir".
selected_db: dict[str, Path | None] = {"path": None}

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
LimitOpt = Annotated[
    int, typer.Option("--limit", "-n", min=1, help="How many entries to show at most.")
]
EntryIdArg = Annotated[
    str, typer.Argument(help="The entry's number from 'kj list' (or the start of its uuid).")
]


def journal_path() -> Path:
    from kindjournal.files import journal_path as resolve

    return resolve(selected_db["path"])


def open_db(create: bool = False):
    """Open the journal the person chose (a journal.database.Journal), telling them
    about any upgrade. A command that writes calls require_writable() on it first, so
    read-only media or a full disk is said before anything is asked. Only the commands
    that start a journal (reflect, note, demo, import, ...) pass create: the others say
    the file does not exist rather than make an empty journal of a mistyped name."""
    from kindjournal.journal.database import open_journal

    notices: list[str] = []
    import os

    named = selected_db["path"] is not None or bool(os.environ.get("KJ_DB"))
    db = open_journal(journal_path(), notices, create=create, named=named,
                      ask_passphrase=ask_passphrase if is_interactive() else None)
    for notice in notices:
        typer.echo(notice, err=True)
    return db


def ask_passphrase(question: str) -> str:
    """An encrypted journal's passphrase, typed on the terminal and not shown."""
    return typer.prompt(question, hide_input=True, err=True)


def user_prompt_dir() -> Path:
    from kindjournal.files import user_prompts_dir

    return user_prompts_dir()


def say(message: str, err: bool = False) -> None:
    """A message that may quote the person's own text (a name, an action): any control
    character in it shown, never acted on, and wrapped between words within the
    terminal's width (one line as it is when the output goes to a pipe or a file)."""
    from kindjournal.text import for_terminal, visible

    typer.echo(for_terminal(visible(message), sys.stderr if err else sys.stdout), err=err)


def fail(message: str, code: int = FAILURE) -> typer.Exit:
    """Print one line on stderr (wrapped between words on a terminal), any control
    character in it shown, never acted on; the caller raises what this returns."""
    from kindjournal.text import for_terminal, visible

    typer.echo(for_terminal(visible(message, one_line=True), sys.stderr, "kj: "), err=True)
    return typer.Exit(code=code)


def _stopped_by_ctrl_c() -> typer.Exit:
    """Ctrl-C at any question: the cursor may sit after the question, so a new line
    first, then one line saying what was kept."""
    typer.echo("", err=True)
    typer.echo(NOTHING_SAVED, err=True)
    return typer.Exit(code=INTERRUPTED)


def guarded(command):
    """The one exit point: our errors become one kind line and an exit code, never a
    traceback; Ctrl-C anywhere ends the same way on every screen. Typer sees the
    original signature through functools.wraps."""

    @functools.wraps(command)
    def run(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except KeyboardInterrupt:
            raise _stopped_by_ctrl_c() from None
        except typer.Abort as error:
            # typer.prompt/confirm turn Ctrl-C into Abort, keeping the interrupt as the
            # context; Ctrl-D (end of input) is left to the app's own message.
            if isinstance(error.__context__, KeyboardInterrupt):
                raise _stopped_by_ctrl_c() from None
            raise
        except KindJournalError as error:
            raise fail(error.message, error.exit_code) from None
        except BrokenPipeError:
            # The reader stopped early (`kj export | head`): end quietly. Typer's own
            # handler quiets the streams so nothing more is said at exit.
            raise
        except _database_errors("OperationalError") as error:
            raise fail(_explain_sqlite(str(error))) from None
        except _database_errors("DatabaseError") as error:
            raise fail(
                f"The journal could not be read ({error}). It has not been changed; "
                "restore a backup or choose another file with --db."
            ) from None
        except OSError as error:
            where = f" ({error.filename})" if error.filename else ""
            raise fail(f"{error.strerror or error}{where}.") from None

    return run


def _database_errors(kind: str) -> tuple[type[Exception], ...]:
    """sqlite3's and SQLCipher's errors of a kind; imported only once one is raised."""
    from kindjournal.journal.database import database_errors

    return database_errors(kind)


def _explain_sqlite(message: str) -> str:
    if "readonly" in message:
        return "The journal is read-only here, so nothing was saved. Check the file's permissions."
    if "disk is full" in message or "full" in message:
        return "The disk is full, so nothing was saved. Free some space and try again."
    if "locked" in message or "busy" in message:
        return "The journal is busy in another window; try again in a moment."
    return f"The journal could not be used: {message}. Nothing was changed."


def print_json(data) -> None:
    """JSON for scripts: plain print, never Rich, so the bytes are exactly JSON."""
    import json

    print(json.dumps(data, indent=2, ensure_ascii=False))


def print_lines(lines: list[str]) -> None:
    """Every plain screen goes out through here: control characters in it are shown,
    never acted on, whatever the line came from (text.terminal_line)."""
    from kindjournal.text import terminal_line

    sys.stdout.write("".join(terminal_line(line) + "\n" for line in lines))


def is_interactive() -> bool:
    return sys.stdin.isatty()
