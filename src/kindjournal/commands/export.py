"""kj export: chosen entries out of the journal, redacted when they go to a group."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from kindjournal.commands.common import is_interactive, open_db, user_prompt_dir
from kindjournal.commands.filter_options import (
    SharedOpt,
    ShiftOpt,
    SinceOpt,
    SupervisionOpt,
    TagOpt,
    UntilOpt,
    build_filters,
)
from kindjournal.errors import UsageError


def export(
    entry_ids: Annotated[
        list[str] | None,
        typer.Argument(help="Entry numbers to export (default: every entry that matches).",
                       show_default=False, metavar="[ID]..."),
    ] = None,
    format_name: Annotated[
        str, typer.Option("--format", "-f", help="markdown, html, json, csv or nmc.")
    ] = "markdown",
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write to this new file (private, 0600) "
                     "instead of the screen.", show_default=False),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace the -o file if it exists.")
                     ] = False,
    since: SinceOpt = None,
    until: UntilOpt = None,
    tags: TagOpt = None,
    shift: ShiftOpt = None,
    shared: SharedOpt = False,
    supervision: SupervisionOpt = False,
    drafts: Annotated[
        bool, typer.Option("--include-drafts", help="Unfinished drafts too.")
    ] = False,
    for_group: Annotated[
        bool, typer.Option("--for-group", help="For a reflective-practice group: shared "
                           "entries only, redacted, without check-ins, actions or notes.")
    ] = False,
    include_checkins: Annotated[
        bool, typer.Option("--include-checkins", help="With --for-group: keep the check-in.")
    ] = False,
    include_actions: Annotated[
        bool, typer.Option("--include-actions", help="With --for-group: keep the "
                           "carry-forward actions (without review notes).")
    ] = False,
    redact: Annotated[
        bool, typer.Option("--redact", help="Replace names and identifying details with "
                           "placeholders (always on with --for-group).")
    ] = False,
    no_redact: Annotated[
        bool, typer.Option("--no-redact", help="Regulator exports (nmc) are redacted by "
                           "default; this turns it off.")
    ] = False,
    preview: Annotated[
        bool, typer.Option("--preview", help="Show the redacted text with every "
                           "replacement marked, and write nothing.")
    ] = False,
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Write a group export without showing the "
                           "preview and asking first.")
    ] = False,
) -> None:
    """Export entries: markdown, html, json, csv or NMC accounts."""
    from kindjournal.share import exporting

    request = exporting.ExportRequest(
        format_name=format_name, for_group=for_group, include_checkins=include_checkins,
        include_actions=include_actions, redact=redact, no_redact=no_redact,
        include_drafts=drafts)
    filters = build_filters(since, until, tags, shift, shared, supervision)
    output = exporting.check_output(output, force)
    if request.unredacted_regulator_export:
        typer.echo("Warning: --no-redact keeps names and identifying details in the "
                   "accounts. Check every line before anyone reads them.", err=True)

    db = open_db()  # exporting never writes
    export_plan = exporting.plan(db, request, filters, tuple(entry_ids or ()),
                                 user_prompt_dir())
    if preview:
        _show_preview(db, export_plan, to_stderr=False)
        return
    if for_group and not yes:
        if not is_interactive():
            raise UsageError("A group export is checked before it is written: run it with "
                             "--preview to look, then add --yes to write it.")
        _show_preview(db, export_plan, to_stderr=output is None)
        target = str(output) if output else "the screen"
        if not typer.confirm(f"Write this export to {target}?", default=False, err=True):
            typer.echo("Nothing was written.", err=True)
            return
    if output is None:
        out = sys.stdout if export_plan.format_name == "json" else _ShownOnScreen(sys.stdout)
        count = exporting.write(db, export_plan, out)
        sys.stdout.flush()
    else:
        count = exporting.write_file(db, export_plan, output, force)
        noun = "entry" if count == 1 else "entries"
        typer.echo(f"Exported {count} {noun} to {output}.", err=True)
    if count == 0:
        typer.echo("No entries matched what you chose.", err=True)


class _ShownOnScreen:
    """An export printed rather than written to a file passes through text.visible(),
    piped or not: control sequences in an answer are shown, never run (JSON escapes
    them itself). A CSV's line ends become plain newlines, so a lone carriage return
    cannot hide the start of a line."""

    def __init__(self, out):
        self.out = out

    def write(self, text: str) -> int:
        from kindjournal.text import visible

        if "\r" in text:  # a quick look first: replace() copies all 14 MB of a big export
            text = text.replace("\r\n", "\n")
        return self.out.write(visible(text))

    def flush(self) -> None:
        self.out.flush()


def _show_preview(db, export_plan, to_stderr: bool) -> None:
    from kindjournal.share import exporting, terminal

    if sys.stdout.isatty():  # on the screen: paged when it is taller than the terminal
        from kindjournal.screens import styled
        from kindjournal.screens.pager import show_long

        out = styled.error_console() if to_stderr else styled.console()
        with out.capture() as captured:
            terminal.print_preview(exporting.preview(db, export_plan),
                                   redacting=export_plan.context.options.redact,
                                   to_stderr=to_stderr)
        show_long(captured.get().rstrip("\n"), sys.stderr if to_stderr else sys.stdout)
        return
    terminal.print_preview(exporting.preview(db, export_plan),
                           redacting=export_plan.context.options.redact, to_stderr=to_stderr)
