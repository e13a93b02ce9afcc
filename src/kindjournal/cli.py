"""kj: the command-line entry point. A thin layer: parse, call, render.

Commands load lazily (the pattern of Click's "Lazily Loading Subcommands", through
Typer's own group class): COMMANDS names every command, its one-line help and the
function that runs it, and a command's module is imported, and its options built,
only when that command is run. So `kj list` never pays for `kj export`, and
`kj --help` lists every command without importing any of them.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

import typer
from typer.core import TyperCommand, TyperGroup

from kindjournal import __version__
from kindjournal.commands.common import fail, guarded, selected_db


@dataclass(frozen=True)
class Command:
    """One command: 'module:function' runs it; summary is its line in 'kj --help'."""

    summary: str
    target: str


@dataclass(frozen=True)
class Group:
    """A command with subcommands ('kj prompts show'). Run alone it does `default`,
    which returns early when a subcommand was named. Functions are named within module."""

    summary: str
    module: str
    default: str
    subcommands: dict[str, str] = field(default_factory=dict)


# In the order 'kj --help' lists them. A command's summary is the first sentence of its
# function's docstring (test_start.py checks the two agree), kept here so the listing
# needs no command module.
COMMANDS: dict[str, Command | Group] = {
    "reflect": Command("Reflect on a shift: a quick check-in, then a few prompts.",
                       "kindjournal.commands.reflect:reflect"),
    "note": Command("Keep a one-line note about a shift.", "kindjournal.commands.note:note"),
    "list": Command("List entries, newest first.", "kindjournal.commands.browse:list_entries"),
    "show": Command("Show one entry in full.", "kindjournal.commands.browse:show_entry"),
    "where": Command("Show where the journal is, and what it holds.",
                     "kindjournal.commands.where:where"),
    "trends": Command("Show how your check-in ratings moved, week by week.",
                      "kindjournal.commands.trends:trends"),
    "support": Command("Show where to turn for support, at any time.",
                       "kindjournal.commands.support:support"),
    "search": Command("Search answers, prompts, tags and actions.",
                      "kindjournal.commands.browse:search_entries"),
    "edit": Command("Change an entry.", "kindjournal.commands.tend:edit_entry"),
    "delete": Command("Move an entry to the trash.",
                      "kindjournal.commands.tend:delete_entry"),
    "trash": Command("List entries in the trash, or empty it.",
                     "kindjournal.commands.tend:show_trash"),
    "restore": Command("Bring an entry back from the trash.",
                       "kindjournal.commands.tend:restore_entry"),
    "demo": Command("Fill a new journal with six months of invented entries.",
                    "kindjournal.commands.demo:demo"),
    "export": Command("Export entries: markdown, html, json, csv or NMC accounts.",
                      "kindjournal.commands.export:export"),
    "import": Command("Import entries from a kindjournal or jrnl JSON export.",
                      "kindjournal.commands.import_entries:import_entries"),
    "backup": Command("Copy the journal safely, even while kj is writing to it.",
                      "kindjournal.commands.backup:backup"),
    "restore-backup": Command("Replace the journal with a backup, checked first.",
                              "kindjournal.commands.backup:restore_backup"),
    "encrypt": Command("Lock the whole journal with a passphrase.",
                       "kindjournal.commands.encryption:encrypt"),
    "decrypt": Command("Turn encryption off: a plain file again.",
                       "kindjournal.commands.encryption:decrypt"),
    "passphrase": Command("Change the passphrase, or remember or forget the key.",
                          "kindjournal.commands.encryption:passphrase"),
    "prompts": Group("List and show prompt packs, or write your own.",
                     "kindjournal.commands.prompts", "list_packs",
                     {"show": "show_pack", "new": "new_pack", "check": "check_pack"}),
    "supervision": Group("Get ready for supervision and record your sessions.",
                         "kindjournal.commands.supervision", "prepare",
                         {"record": "record", "history": "history", "show": "show",
                          "edit": "edit", "delete": "delete", "restore": "restore",
                          "agreement": "agreement", "choose": "choose",
                          "export": "export_sessions", "cpd": "cpd"}),
    "actions": Group("Your carry-forward actions: list, mark done or drop.",
                     "kindjournal.commands.actions", "list_actions",
                     {"done": "done", "drop": "drop"}),
    "redact": Group("Your private list of names to take out of exports.",
                    "kindjournal.commands.redact", "show_names",
                    {"add": "add_names_cmd", "list": "list_names_cmd",
                     "remove": "remove_name_cmd"}),
    "revalidation": Command("Where you are with revalidation or CPD.",
                            "kindjournal.commands.revalidation:revalidation"),
    "registration": Command("Say which regulator's rules apply to you, and your dates.",
                            "kindjournal.commands.revalidation:registration"),
    "portfolio": Command("Your portfolio for a regulator: a page, Markdown or Word.",
                         "kindjournal.commands.revalidation:portfolio"),
    "record": Group("Revalidation records: hours, CPD, feedback and more.",
                    "kindjournal.commands.records",
                    "list_default",
                    {"add": "add", "list": "list_records", "edit": "edit", "delete": "delete",
                     "restore": "restore", "fields": "show_fields",
                     "export": "export_records", "import": "import_records"}),
}


class OwnWordsGroup(TyperGroup):
    """A group whose unknown-command message suggests the closest command only."""

    def resolve_command(self, ctx: typer.Context, args: list[str]):
        typed = args[0] if args else ""
        if typed == "help" and ctx.parent is None:  # 'kj help', 'kj help CMD': as --help
            if len(args) == 1:
                typer.echo(ctx.get_help())
                ctx.exit()
            return self.resolve_command(ctx, [*args[1:], "--help"])
        if typed and not typed.startswith("-") and self.get_command(ctx, typed) is None:
            from kindjournal.commands.own_words import unknown_command

            ctx.fail(unknown_command(typed, self.list_commands(ctx), ctx.command_path))
        return super().resolve_command(ctx, args)


def build_command(name: str, entry: Command | Group):
    """Import one command's module and build its Typer command (or group), each function
    wrapped in `guarded`, the one exit point."""
    if isinstance(entry, Command):
        module_name, function_name = entry.target.split(":")
        single = typer.Typer(add_completion=False, rich_markup_mode=None)
        single.command(name)(guarded(getattr(importlib.import_module(module_name),
                                             function_name)))
        return typer.main.get_command(single)
    module = importlib.import_module(entry.module)
    group = typer.Typer(cls=OwnWordsGroup, name=name, help=entry.summary,
                        invoke_without_command=True,
                        add_completion=False, rich_markup_mode=None)
    group.callback(invoke_without_command=True)(guarded(getattr(module, entry.default)))
    for sub_name, function_name in entry.subcommands.items():
        group.command(sub_name)(guarded(getattr(module, function_name)))
    return typer.main.get_command(group)


class _BuiltWhenAskedFor(Mapping):
    """Every command's name; a command is built the first time it is looked up."""

    def __init__(self) -> None:
        self._built: dict = {}

    def __getitem__(self, name: str):
        if name not in COMMANDS:
            raise KeyError(name)
        if name not in self._built:
            self._built[name] = build_command(name, COMMANDS[name])
        return self._built[name]

    def __contains__(self, name: object) -> bool:  # without building it
        return name in COMMANDS

    def __iter__(self) -> Iterator[str]:
        return iter(COMMANDS)

    def __len__(self) -> int:
        return len(COMMANDS)


class LazyCommands(OwnWordsGroup):
    """kj's top-level group. Typer reads `commands` to run a command and to suggest one
    for a mistyped name, so `commands` builds on demand; listing and help use only the
    table, which is why they are overridden too."""

    def __init__(self, **settings) -> None:
        super().__init__(**settings)
        self.commands = _BuiltWhenAskedFor()

    def list_commands(self, ctx: typer.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: typer.Context, cmd_name: str):
        return self.commands[cmd_name] if cmd_name in COMMANDS else None

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True,
             **extra):
        """Typer's run, with the command-line mistakes it would report in Click's words
        ("0 is not in the range x>=1", a Usage: block) said in ours, as one line."""
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except typer.Abort:  # input ended (Ctrl-D) at a question Typer asked
            fail("Stopped; nothing more was read.")
            sys.exit(1)
        except Exception as error:
            from kindjournal.commands import own_words

            if not own_words.is_usage_problem(error):
                raise
            fail(own_words.in_own_words(error))
            sys.exit(2)
        sys.exit(code if isinstance(code, int) else 0)

    def format_commands(self, ctx: typer.Context, formatter) -> None:
        """The 'Commands:' section of 'kj --help', from the summaries: a stand-in command
        per line, so Typer shortens each summary exactly as it would the real one."""
        if not COMMANDS:
            return
        limit = formatter.width - 6 - max(len(name) for name in COMMANDS)
        rows = [(name, TyperCommand(name, help=entry.summary).get_short_help_str(limit))
                for name, entry in COMMANDS.items()]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


app = typer.Typer(
    cls=LazyCommands,
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


def main() -> None:
    app(prog_name="kj")
