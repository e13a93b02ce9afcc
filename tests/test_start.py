"""kj's start: start.py pauses the cycle collector only while the CLI is imported, and
cli.py lists every command from its table but builds only the one that runs."""

from __future__ import annotations

import gc
import inspect
import os
import subprocess
import sys

import pytest
import typer
from typer.core import TyperGroup

from kindjournal import __version__, start
from kindjournal.cli import COMMANDS, Command, app, build_command


def run_python(code: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True,
                          text=True, timeout=60, env=os.environ | {"COLUMNS": "80"})


def test_the_collector_runs_again_before_the_command(monkeypatch):
    seen = {}
    monkeypatch.setattr("kindjournal.cli.main", lambda: seen.update(enabled=gc.isenabled()))
    try:
        start.main()
    finally:
        gc.unfreeze()  # give this test process its collector back as it was
    assert seen == {"enabled": True}


def test_what_the_cli_import_made_is_frozen_in_a_fresh_process():
    """In a fresh process nothing is frozen until start.main imports the CLI; after it,
    Typer's import (some 26,000 tracked objects) is, and the collector is on."""
    result = run_python(
        "import gc, sys\n"
        "before = gc.get_freeze_count()\n"
        "sys.argv = ['kj', '--version']\n"
        "from kindjournal.start import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(before, gc.get_freeze_count(), gc.isenabled())")
    before, frozen, enabled = result.stdout.splitlines()[-1].split()
    assert before == "0" and int(frozen) > 10_000 and enabled == "True", result.stderr


def test_a_failed_import_still_turns_the_collector_back_on(monkeypatch):
    monkeypatch.setitem(sys.modules, "kindjournal.cli", None)  # import raises
    try:
        with pytest.raises(ImportError):
            start.main()
    finally:
        gc.unfreeze()
    assert gc.isenabled()


def test_python_dash_m_runs_kj():
    result = subprocess.run([sys.executable, "-m", "kindjournal", "--version"],
                            capture_output=True, text=True, check=True)
    assert __version__ in result.stdout


# -- the lazy group ----------------------------------------------------------------------


@pytest.mark.parametrize("width", [50, 80, 120])
def test_help_lists_each_command_as_typer_would_from_the_command_itself(width):
    """The summaries in cli.COMMANDS, shortened for the screen, read exactly as Typer's
    own listing of the real commands (their docstrings) would."""
    group = typer.main.get_command(app)
    context = typer.Context(group, info_name="kj", terminal_width=width)
    from_table, from_commands = context.make_formatter(), context.make_formatter()
    group.format_commands(context, from_table)
    TyperGroup.format_commands(group, context, from_commands)  # builds every command
    assert from_table.getvalue() == from_commands.getvalue()
    assert all(name in from_table.getvalue() for name in COMMANDS)


@pytest.mark.parametrize("name", [name for name, entry in COMMANDS.items()
                                  if isinstance(entry, Command)])
def test_each_summary_is_the_first_sentence_of_its_docstring(name):
    command = build_command(name, COMMANDS[name])
    first_paragraph = " ".join(inspect.cleandoc(command.help).split("\n\n")[0].split())
    assert first_paragraph.startswith(COMMANDS[name].summary)


def test_only_the_invoked_command_module_is_imported():
    result = run_python(
        "import sys\nsys.argv = ['kj', '--db', sys.argv[1], 'list', '--help']\n"
        "from kindjournal.start import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.startswith('kindjournal.commands.')),"
        " file=sys.stderr)", "some.db")
    assert "--since" in result.stdout
    assert result.stderr.strip().splitlines()[-1] == str(sorted([
        "kindjournal.commands.browse", "kindjournal.commands.common",
        "kindjournal.commands.filter_options"]))


def test_a_mistyped_command_gets_the_closest_command_only(kj):
    # In our words since issue 15 (Typer's listed three guesses and a Usage: block).
    result = kj("lst", expect=2)
    assert result.stderr == "kj: There is no command 'lst'. Did you mean 'kj list'?\n"


def test_a_mistyped_subcommand_is_said_in_our_words(kj):
    assert kj("prompts", "nosuch", expect=2).stderr == (
        "kj: There is no command 'nosuch'. 'kj prompts --help' lists them.\n")


def test_db_before_the_command_chooses_the_journal(kj, tmp_path):
    chosen = tmp_path / "elsewhere.db"
    kj("--db", str(chosen), "reflect", "--from", "-",
       input='{"date": "yesterday", "answers": {"person": "Calm."}}')
    assert kj.json("--db", str(chosen), "where")["journal"] == str(chosen.resolve())
    assert kj.json("--db", str(chosen), "where")["entries"] == 1


def test_a_group_runs_alone_and_with_a_subcommand(kj):
    assert "after-shift" in kj("prompts").stdout
    assert "Show one pack" in kj("prompts", "show", "--help").stdout
    assert "Usage: kj actions [OPTIONS] COMMAND [ARGS]..." in kj("actions", "--help").stdout


def test_no_arguments_shows_the_help():
    result = subprocess.run([sys.executable, "-m", "kindjournal"], capture_output=True,
                            text=True)
    assert result.returncode == 2 and "Commands:" in result.stderr  # as Typer does it
    assert all(f"  {name} " in result.stderr for name in COMMANDS)


def test_asking_whether_a_command_exists_builds_nothing():
    result = run_python(
        "import sys, typer\nfrom kindjournal.cli import COMMANDS, app\n"
        "group = typer.main.get_command(app)\n"
        "assert all(name in group.commands for name in COMMANDS)\n"
        "assert 'nosuch' not in group.commands and sorted(group.commands) == sorted(COMMANDS)\n"
        "print([m for m in sys.modules if m.startswith('kindjournal.commands.')])")
    assert result.stdout.strip() == "['kindjournal.commands.common']", result.stderr


def test_help_is_a_command_too(kj):
    """'kj help' and 'kj help CMD' were unknown commands; a new person types them."""
    assert "Commands:" in kj("help").stdout
    assert "--since" in kj("help", "trends").stdout
    assert "--every" in kj("help", "supervision", "agreement").stdout


def test_every_summary_shows_whole_in_kj_help_at_80_columns():
    """Summaries were cut off with '…' ('Keep a one-line note about a shift, for when
    even a...')."""
    group = typer.main.get_command(app)
    context = typer.Context(group, info_name="kj", terminal_width=80)
    formatter = context.make_formatter()
    group.format_commands(context, formatter)
    listing = formatter.getvalue()
    for name, entry in COMMANDS.items():
        assert entry.summary in listing, name
