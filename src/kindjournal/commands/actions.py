"""kj actions: the things you planned to carry forward, and closing them."""

from __future__ import annotations

from typing import Annotated

import typer

from kindjournal.commands.common import JsonOpt, open_db, print_json, print_lines

ActionsLimitOpt = Annotated[
    int, typer.Option("--limit", "-n", min=1, help="How many actions to show at most.")
]

ActionIdsArg = Annotated[list[str] | None, typer.Argument(
    help="Action numbers from 'kj actions': one or more, or a range like 3-7.",
    show_default=False)]
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
    from datetime import date

    from kindjournal.journal.action_list import stale_count

    more = reads.count_actions(db, include_closed=show_all) - limit if len(rows) == limit else 0
    print_lines(entry_lines.format_actions(rows, show_all, text.terminal_width(), more,
                                           stale_count(db, date.today())))


def done(action_ids: ActionIdsArg = None, note: NoteOpt = None) -> None:
    """Mark actions done: one or several at once ('kj actions done 3 5 8-10')."""
    _close(action_ids or [], "done", note, stale=False)


def drop(
    action_ids: ActionIdsArg = None,
    note: NoteOpt = None,
    stale: Annotated[bool, typer.Option(
        "--stale", help="Let go of every open action that has waited over four weeks "
        "without being looked at.")] = False,
) -> None:
    """Let actions go: they no longer need doing ('kj actions drop 3 5', or --stale)."""
    _close(action_ids or [], "dropped", note, stale=stale)


def _close(typed: list[str], status: str, note: str | None, stale: bool) -> None:
    from datetime import date

    from kindjournal.errors import UsageError
    from kindjournal.journal import action_list

    db = open_db().require_writable()
    numbers = action_list.parse_numbers(typed)
    if stale:
        numbers += [n for n in action_list.stale_ids(db, date.today()) if n not in numbers]
        if not numbers:
            typer.echo("No action has waited over four weeks; nothing to let go.")
            return
    if not numbers:
        raise UsageError("Say which actions, by their numbers from 'kj actions' "
                         "(e.g. 'kj actions done 3' or 'kj actions drop 3 5').")
    result = action_list.close_actions(db, numbers, status, note)
    word = {"done": "Marked done", "dropped": "Let go"}[status]
    for action in result["changed"]:
        typer.echo(f"{word}: {action['id']}. {action['text']}")
    for action in result["already"]:
        typer.echo(f"Action {action['id']} was already {action['status']}; left as it was.")
    count = len(result["changed"])
    if count > 1:
        typer.echo(f"{count} actions done. Well done." if status == "done" else
                   f"{count} actions let go. What matters will come round again.")
