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

FORMAT_NAMES = ("markdown", "html", "json", "csv", "nmc")
REGULATOR_FORMATS = ("nmc",)


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
    """Export entries as markdown, html, json, csv or NMC reflective accounts."""
    from kindjournal.files import refuse_existing
    from kindjournal.journal.redaction_names import list_names
    from kindjournal.journal.selection import Selection
    from kindjournal.journal.writes import resolve_entry_id
    from kindjournal.share.exporters import ExportContext, ExportOptions, exporter

    format_name = format_name.strip().lower()
    if format_name not in FORMAT_NAMES:
        raise UsageError(f"'{format_name}' is not an export format. Use one of: "
                         f"{', '.join(FORMAT_NAMES)}.")
    if (include_checkins or include_actions) and not for_group:
        raise UsageError("--include-checkins and --include-actions go with --for-group; "
                         "other exports include them already.")
    filters = build_filters(since, until, tags, shift, shared or for_group, supervision)
    if output is not None:
        output = output.expanduser()
        refuse_existing(output, force)

    db = open_db(for_reading=True)  # exporting never writes
    selection = Selection(
        entry_ids=tuple(resolve_entry_id(db, typed) for typed in entry_ids or ()),
        filters=filters, include_drafts=drafts and not for_group)
    # Regulator exports are read by confirmers and discussion partners: redacted unless
    # the person says otherwise.
    redacting = redact or for_group or (format_name in REGULATOR_FORMATS and not no_redact)
    if no_redact and format_name in REGULATOR_FORMATS:
        typer.echo("Warning: --no-redact keeps names and identifying details in the "
                   "accounts. Check every line before anyone reads them.", err=True)
    options = ExportOptions(
        for_group=for_group,
        include_checkins=include_checkins or not for_group,
        include_actions=include_actions or not for_group,
        redact=redacting, private_names=tuple(list_names(db)) if redacting else ())
    # Only CSV needs its columns worked out ahead (two scans of the whole selection).
    context = ExportContext(options=options,
                            **(_columns(db, selection) if format_name == "csv" else {}))
    context.named_entries = bool(entry_ids)
    if for_group:
        context.title = "Reflections shared with my group"

    if preview:
        _show_preview(db, selection, options, to_stderr=False)
        return
    if for_group and not yes:
        if not is_interactive():
            raise UsageError("A group export is checked before it is written: run it with "
                             "--preview to look, then add --yes to write it.")
        _show_preview(db, selection, options, to_stderr=output is None)
        target = str(output) if output else "the screen"
        if not typer.confirm(f"Write this export to {target}?", default=False, err=True):
            typer.echo("Nothing was written.", err=True)
            return
    _write(db, selection, exporter(format_name), context, output, force)


def _columns(db, selection) -> dict:
    """CSV columns in a steady order: the default pack's signals and themes first."""
    from kindjournal.journal.selection import distinct_keys
    from kindjournal.reflect.packs import DEFAULT_PACK, PackError, checkin_signals, load_pack

    try:
        default = load_pack(DEFAULT_PACK, user_prompt_dir())
        signals = checkin_signals(default, user_prompt_dir())
        known_signals = [signal.key for signal in signals]
        known_themes = [theme.key for theme in default.themes]
    except PackError:
        known_signals, known_themes = [], []

    def ordered(keys: list[str], known: list[str]) -> list[str]:
        return [key for key in known if key in keys] + [key for key in keys if key not in known]

    return {
        "signal_keys": ordered(distinct_keys(db, selection, "checkins", "signal_key"),
                               known_signals),
        "theme_keys": ordered(distinct_keys(db, selection, "answers", "theme_key"),
                              known_themes),
    }


def _write(db, selection, format_module, context, output: Path | None, force: bool) -> None:
    from kindjournal.files import private_text_file
    from kindjournal.journal.selection import iter_entries
    from kindjournal.share.exporters import prepared_entries

    entries = prepared_entries(iter_entries(db, selection), context.options)
    if output is None:
        count = format_module.write(entries, sys.stdout, context)
        sys.stdout.flush()
    else:
        with private_text_file(output, force) as handle:
            count = format_module.write(entries, handle, context)
        noun = "entry" if count == 1 else "entries"
        typer.echo(f"Exported {count} {noun} to {output}.", err=True)
    if count == 0:
        typer.echo("No entries matched what you chose.", err=True)


def _show_preview(db, selection, options, to_stderr: bool) -> None:
    from kindjournal.journal.selection import iter_entries
    from kindjournal.share import terminal
    from kindjournal.share.exporters import prepare_entry

    prepared = (prepare_entry(entry, options) for entry in iter_entries(db, selection))
    terminal.print_preview(prepared, redacting=options.redact, to_stderr=to_stderr)
