"""kj prompts: the prompt packs you can reflect with, and writing your own."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kindjournal.commands.common import user_prompt_dir
from kindjournal.errors import FAILURE


def list_packs(ctx: typer.Context) -> None:
    """List the prompt packs, with what each is for."""
    if ctx.invoked_subcommand:
        return
    from kindjournal.reflect.packs import DEFAULT_PACK, discover_packs
    from kindjournal.screens import styled

    packs, problems = discover_packs(user_prompt_dir())
    styled.print_pack_list(packs, DEFAULT_PACK, problems)


def show_pack(name: Annotated[str, typer.Argument(help="The pack's name.")]) -> None:
    """Show one pack: its check-in, themes and every wording."""
    from kindjournal.reflect.packs import load_pack
    from kindjournal.screens import styled

    pack = load_pack(name, user_prompt_dir())
    styled.print_pack(pack)


def new_pack(
    name: Annotated[str, typer.Argument(help="A name for the pack: lowercase letters, digits, "
                                        "'-' and '_' (for example my-nights).")],
) -> None:
    """Start your own pack in your prompts folder: a copy of the built-in pack of that
    name, or a template."""
    from kindjournal.reflect.pack_authoring import overrides_builtin, scaffold
    from kindjournal.screens import styled

    path = scaffold(name, user_prompt_dir())
    styled.print_new_pack(name, path, overrides_builtin(name))


def check_pack(
    file: Annotated[Path, typer.Argument(
        help="The pack's .toml file, or the name of one of your packs ('my-nights').",
        show_default=False)],
) -> None:
    """Check a pack file and list every problem in it at once."""
    from kindjournal.reflect.pack_authoring import check_file
    from kindjournal.reflect.packs import PackError
    from kindjournal.screens import styled

    file = file.expanduser()
    if not file.exists() and len(file.parts) == 1:
        # 'kj prompts new' puts packs in your prompts folder: find them there by name,
        # from any folder, as 'kj prompts check my-nights.toml' or just 'my-nights'.
        mine = user_prompt_dir() / (file.name if file.suffix == ".toml" else f"{file.name}.toml")
        file = mine if mine.exists() else file

    try:
        result = check_file(file, user_prompt_dir())
    except PackError as error:
        styled.print_pack_problems(error.problems)
        raise typer.Exit(code=FAILURE) from None
    styled.print_pack_check(file, result)
