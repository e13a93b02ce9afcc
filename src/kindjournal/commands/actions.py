"""kj actions: the things you planned to carry forward, and closing them."""

from __future__ import annotations

from typing import Annotated

import typer

from kindjournal.commands.common import JsonOpt, open_db, print_json, print_lines, say

ActionsLimitOpt = Annotated[
    int, typer.Option("--limit", "-n", min=1, help="How many actions to show at most.")
]

ActionIdArg = Annotated[str, typer.Argument(help="The action's number from 'kj actions'.")]
NoteOpt = Annotated[str | None, typer.Option(
    "--note", help="A few words on how it went.", show_default=False)]


def list_actions(
    ctx: typer.Context,
    show_all: Annotated[bool, typer.Option(
        "--all", help="Show done and dropped actions too.")] = False,
    limit: ActionsLimitOpt = 50,
    as_json: JsonOpt = False,
) -> None:
    """Open actions, oldest first, each with the entry it came from."""
    if ctx.invoked_subcommand is not None:
        return
    from kindjournal import text
    from kindjournal.journal import reads
    from kindjournal.screens import entry_lines

    db = open_db()
    rows = reads.actions(db, include_closed=show_all, limit=limit)
    if as_json:
        print_json(rows)
        return
    more = reads.count_actions(db, include_closed=show_all) - limit if len(rows) == limit else 0
    print_lines(entry_lines.format_actions(rows, show_all, text.terminal_width(), more))


def done(action_id: ActionIdArg, note: NoteOpt = None) -> None:
    """Mark an action done."""
    _close(action_id, "done", note)


def drop(action_id: ActionIdArg, note: NoteOpt = None) -> None:
    """Let an action go: it no longer needs doing."""
    _close(action_id, "dropped", note)


def _close(action_id: str, status: str, note: str | None) -> None:
    from kindjournal.journal import edits

    action = edits.close_action(open_db().require_writable(), action_id, status, note)
    say(f"Action {action['id']} marked {status}: {action['text']}")
