"""kj support: where to turn, for your UK nation, whatever the check-in says."""

from __future__ import annotations

from typing import Annotated

import typer

from kindjournal.commands.common import JsonOpt, print_json, print_lines


def support(
    nation: Annotated[str | None, typer.Option(
        "--nation", help="england, scotland, wales or northern-ireland; kj remembers it.",
        show_default=False)] = None,
    as_json: JsonOpt = False,
) -> None:
    """Show where to turn for support, at any time. Crisis lines, people at work, your
    health service and how to raise a concern about care, for your UK nation."""
    import sys

    from kindjournal.trends import support as services

    if nation is not None:
        chosen = services.read_nation(nation)
        services.remember_nation(chosen)
    else:
        chosen = services.saved_nation()
        if chosen is None and sys.stdin.isatty() and not as_json:
            chosen = _ask_once(services)
    data = services.everything(chosen)
    if as_json:
        print_json(data)
        return
    from kindjournal.text import terminal_width, use_bold

    print_lines(services.format_support(data, terminal_width(), use_bold()))


def _ask_once(services) -> str | None:
    """Ask the nation once; Enter skips (everything is shown, each nation labelled)."""
    names = list(services.NATIONS)
    typer.echo("Which UK nation do you work in? kj shows the services there.")
    for number, key in enumerate(names, start=1):
        typer.echo(f"  {number}. {services.NATIONS[key]}")
    answer = typer.prompt("Number or name (Enter to skip)", default="", show_default=False)
    if not answer.strip():
        return None
    chosen = (names[int(answer) - 1] if answer.strip() in {"1", "2", "3", "4"}
              else services.read_nation(answer))
    services.remember_nation(chosen)
    typer.echo(f"Remembered: {services.NATIONS[chosen]}. Change it with 'kj support "
               "--nation'.\n")
    return chosen
