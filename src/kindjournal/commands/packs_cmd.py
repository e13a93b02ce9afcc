"""kj prompts: the prompt packs you can reflect with."""

from __future__ import annotations

from typing import Annotated

import typer

from kindjournal.commands.common import user_prompt_dir
from kindjournal.errors import UsageError


def list_packs(ctx: typer.Context) -> None:
    """List the prompt packs, with what each is for."""
    if ctx.invoked_subcommand:
        return
    from kindjournal import render
    from kindjournal.packs import DEFAULT_PACK, discover_packs

    packs, problems = discover_packs(user_prompt_dir())
    render.print_pack_list(packs, DEFAULT_PACK, problems)


def show_pack(name: Annotated[str, typer.Argument(help="The pack's name.")]) -> None:
    """Show one pack: its check-in, themes and every wording."""
    from kindjournal import render
    from kindjournal.packs import PackError, load_pack

    try:
        pack = load_pack(name, user_prompt_dir())
    except PackError as error:
        raise UsageError(str(error).splitlines()[0]) from None
    render.print_pack(pack)
