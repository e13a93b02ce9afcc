"""kj: the command-line entry point. A thin layer: parse, call, render.

Only typer and the standard library are imported here at module level; every
heavy module is imported inside the command that needs it (ruff TID253).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from kindjournal import __version__
from kindjournal.commands import (
    actions,
    backup,
    browse,
    demo,
    export,
    import_entries,
    prompts,
    redact,
    reflect,
    supervision,
    tend,
    trends,
    where,
)
from kindjournal.commands.common import guarded, selected_db

app = typer.Typer(
    name="kj",
    help="kindjournal: a private reflective-practice journal for care workers.\n\n"
    "Start with 'kj reflect' after a shift.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"kj (kindjournal) {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    db: Annotated[
        Path | None,
        typer.Option(
            "--db",
            help="Journal file to use (else $KJ_DB, else $KJ_HOME/journal.db, "
            "else your data folder).",
            show_default=False,
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_show_version, is_eager=True, help="Show the version and stop."
        ),
    ] = False,
) -> None:
    """kindjournal: a private reflective-practice journal for care workers."""
    selected_db["path"] = db


def _register(name: str, command, group: typer.Typer = app) -> None:
    group.command(name)(guarded(command))


def _register_group(name: str, help_text: str, default_command, subcommands: dict) -> None:
    """A command with subcommands ('kj prompts show'); run alone it does default_command,
    which returns early when a subcommand was named."""
    group = typer.Typer(help=help_text, invoke_without_command=True, rich_markup_mode=None)
    group.callback(invoke_without_command=True)(guarded(default_command))
    for sub_name, command in subcommands.items():
        _register(sub_name, command, group)
    app.add_typer(group, name=name)


_register("reflect", reflect.reflect)
_register("list", browse.list_entries)
_register("show", browse.show_entry)
_register("where", where.where)
_register("trends", trends.trends)
_register("support", __import__("kindjournal.commands.support", fromlist=["support"]).support)
_register("search", browse.search_entries)
_register("edit", tend.edit_entry)
_register("delete", tend.delete_entry)
_register("trash", tend.show_trash)
_register("restore", tend.restore_entry)

_register_group("prompts", "List and show prompt packs, or write your own.",
                prompts.list_packs,
                {"show": prompts.show_pack, "new": prompts.new_pack,
                 "check": prompts.check_pack})

_register("demo", demo.demo)
_register_group("supervision", "Get ready for supervision, record sessions, list them.",
                supervision.prepare,
                {"record": supervision.record, "history": supervision.history})

_register_group("actions", "Your carry-forward actions: list them, mark them done or drop "
                "them.", actions.list_actions,
                {"done": actions.done, "drop": actions.drop})

_register("export", export.export)
_register("import", import_entries.import_entries)
_register("backup", backup.backup)
_register("restore-backup", backup.restore_backup)
_register_group("redact", "Your private list of names to take out of exports.",
                redact.show_names,
                {"add": redact.add_names_cmd, "list": redact.list_names_cmd,
                 "remove": redact.remove_name_cmd})


def main() -> None:
    every_command = list(app.registered_commands), list(app.registered_groups)
    _keep_only_the_invoked_command(sys.argv[1:])
    try:
        app(prog_name="kj")
    finally:  # leave the app whole for anything that runs it again in this process
        app.registered_commands[:], app.registered_groups[:] = every_command


def _keep_only_the_invoked_command(args: list[str]) -> None:
    """Why: Typer builds the options of every registered command before it runs one,
    about 13 ms with all of kj's commands: a fifth of Typer's own import, which is
    kj's whole start-up budget. When the command line names a command, register only
    that one (its --help and errors are unchanged). Anything else (kj --help, a
    mistyped name) keeps them all, so Typer's own messages still list every command."""
    position = 0
    while position < len(args) and args[position].startswith("-"):
        position += 2 if args[position] == "--db" else 1
    if position >= len(args):
        return
    name = args[position]
    commands = [info for info in app.registered_commands if info.name == name]
    groups = [info for info in app.registered_groups if info.name == name]
    if commands or groups:
        app.registered_commands[:] = commands
        app.registered_groups[:] = groups
