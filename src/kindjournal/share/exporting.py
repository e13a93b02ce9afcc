"""An export from choice to output: which entries, what a group export leaves out,
the CSV columns, and the writing (to a stream, or to a new private file).

'kj export' reads its options into an ExportRequest, asks plan() for an ExportPlan,
then shows a preview or calls write()/write_file(). Nothing here touches the terminal.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from kindjournal.errors import UsageError
from kindjournal.share.exporters import FORMATS, ExportContext, ExportOptions, Prepared

if TYPE_CHECKING:
    from kindjournal.journal.filters import EntryFilters
    from kindjournal.journal.selection import Selection

FORMAT_NAMES = tuple(FORMATS)
# Regulator exports are read by confirmers and discussion partners: redacted unless the
# person says otherwise (--no-redact).
REGULATOR_FORMATS = ("nmc",)
GROUP_TITLE = "Reflections shared with my group"


@dataclass(frozen=True)
class ExportRequest:
    """How the person wants the export made; refused on creation when it cannot be."""

    format_name: str = "markdown"
    for_group: bool = False
    include_checkins: bool = False  # with for_group: keep the check-in
    include_actions: bool = False  # with for_group: keep the actions (not review notes)
    redact: bool = False
    no_redact: bool = False  # a regulator export left unredacted, asked for by name
    include_drafts: bool = False

    def __post_init__(self):
        name = self.format_name.strip().lower()
        if name not in FORMAT_NAMES:
            raise UsageError(f"'{name}' is not an export format. Use one of: "
                             f"{', '.join(FORMAT_NAMES)}.")
        object.__setattr__(self, "format_name", name)
        if (self.include_checkins or self.include_actions) and not self.for_group:
            raise UsageError("--include-checkins and --include-actions go with --for-group; "
                             "other exports include them already.")

    @property
    def redacting(self) -> bool:
        regulator = self.format_name in REGULATOR_FORMATS and not self.no_redact
        return self.redact or self.for_group or regulator

    @property
    def unredacted_regulator_export(self) -> bool:
        return self.no_redact and self.format_name in REGULATOR_FORMATS


@dataclass
class ExportPlan:
    format_name: str
    selection: Selection
    context: ExportContext


def check_output(output: Path | None, force: bool) -> Path | None:
    """The file to write, refused before anything is read if it exists (without force)."""
    if output is None:
        return None
    from kindjournal.files import refuse_existing

    output = output.expanduser()
    refuse_existing(output, force)
    return output


def plan(db, request: ExportRequest, filters: EntryFilters, typed_ids: tuple[str, ...],
         user_prompt_dir: Path | None) -> ExportPlan:
    """The entries chosen (typed numbers and filters; a group export takes shared ones
    only, never drafts) and everything the exporter needs besides them."""
    from kindjournal.journal.reads import resolve_entry_id
    from kindjournal.journal.redaction_names import list_names
    from kindjournal.journal.selection import Selection

    if request.for_group:
        filters = filters.replace(shared=True)
    selection = Selection(
        entry_ids=tuple(resolve_entry_id(db, typed) for typed in typed_ids),
        filters=filters, include_drafts=request.include_drafts and not request.for_group)
    redacting = request.redacting
    options = ExportOptions(
        for_group=request.for_group,
        include_checkins=request.include_checkins or not request.for_group,
        include_actions=request.include_actions or not request.for_group,
        redact=redacting, private_names=tuple(list_names(db)) if redacting else ())
    # Only CSV needs its columns worked out ahead (two scans of the whole selection).
    context = ExportContext(options=options, **(
        csv_columns(db, selection, user_prompt_dir) if request.format_name == "csv" else {}))
    context.named_entries = bool(typed_ids)
    if request.format_name == "html":  # its title's dates and its contents
        from kindjournal.journal.selection import outline

        context.outline = outline(db, selection)
    if request.for_group:
        context.title = GROUP_TITLE
    return ExportPlan(request.format_name, selection, context)


def csv_columns(db, selection: Selection, user_prompt_dir: Path | None) -> dict:
    """CSV columns in a steady order: the default pack's signals and themes first, in
    the pack's order, then any others the selection uses, alphabetically."""
    from kindjournal.journal.selection import distinct_keys
    from kindjournal.reflect.packs import DEFAULT_PACK, PackError, checkin_signals, load_pack

    try:
        default = load_pack(DEFAULT_PACK, user_prompt_dir)
        known_signals = [signal.key for signal in checkin_signals(default, user_prompt_dir)]
        known_themes = [theme.key for theme in default.themes]
    except PackError:
        known_signals, known_themes = [], []

    def ordered(keys: list[str], known: list[str]) -> list[str]:
        return [key for key in known if key in keys] + [key for key in keys if key not in known]

    # A column named by the theme's title ("answer: What helped") rather than its key
    # ("answer: grow"); the default pack's title first when two packs share a key.
    from kindjournal.reflect.packs import discover_packs

    packs, _problems = discover_packs(user_prompt_dir)
    titles: dict[str, str] = {}
    for pack in sorted(packs.values(), key=lambda pack: pack.name != DEFAULT_PACK):
        for theme in pack.themes:
            titles.setdefault(theme.key, theme.title)
    return {
        "theme_titles": titles,
        "signal_keys": ordered(distinct_keys(db, selection, "checkins", "signal_key"),
                               known_signals),
        "theme_keys": ordered(distinct_keys(db, selection, "answers", "theme_key"),
                              known_themes),
    }


def preview(db, export: ExportPlan) -> Iterator[Prepared]:
    """Each entry as it would be exported, with every replacement the redaction made."""
    from kindjournal.journal.selection import iter_entries
    from kindjournal.share.exporters import prepare_entry

    for entry in iter_entries(db, export.selection):
        yield prepare_entry(entry, export.context.options)


def write(db, export: ExportPlan, out: TextIO) -> int:
    """Stream the export to out, a batch of entries at a time; how many it held."""
    from kindjournal.journal.selection import iter_entries
    from kindjournal.share.exporters import exporter, prepared_entries

    chosen = exporter(export.format_name)
    # Markdown and HTML show a reader only part of each entry: they read only that part.
    read = iter_entries(db, export.selection, reader=getattr(chosen, "READER_SHAPE", False))
    return chosen.write(prepared_entries(read, export.context.options), out, export.context)


def write_file(db, export: ExportPlan, path: Path, force: bool) -> int:
    """The export into a new private file (0600), whole or not at all."""
    from kindjournal.files import private_text_file

    with private_text_file(path, force) as handle:
        return write(db, export, handle)
