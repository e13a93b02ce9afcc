"""Rich output for sharing: the redaction preview. Placeholders such as [name] carry
the meaning in words; the highlight only helps the eye (NO_COLOR loses nothing)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from rich.text import Text

from kindjournal.redaction import Redacted, label
from kindjournal.screens import styled
from kindjournal.share.exporters import answered, entry_heading

HIGHLIGHT = "bold reverse"


def highlighted(redacted: Redacted) -> Text:
    text = Text(redacted.text)
    for start, end, _kind in redacted.replaced:
        text.stylize(HIGHLIGHT, start, end)
    return text


def print_preview(prepared: Iterable, redacting: bool, to_stderr: bool = False) -> None:
    out = styled.error_console() if to_stderr else styled.console()
    kinds: Counter[str] = Counter()
    count = 0
    for item in prepared:
        count += 1
        entry = item.entry
        by_place = dict(item.replacements)
        out.print()
        out.print(Text(entry_heading(entry), style="bold"))
        if entry["tags"]:
            out.print(Text("Tags: " + ", ".join(entry["tags"])))
        for answer in answered(entry):
            out.print()
            out.print(Text(answer["prompt"].strip(), style="italic"))
            redacted = by_place.get(f"answer: {answer['theme']}")
            out.print(highlighted(redacted) if redacted else Text(answer["answer"].strip()))
        for action in entry["actions"]:
            out.print(Text(f"Carrying forward ({action['status']}): {action['text']}"))
        for _place, redacted in item.replacements:
            kinds.update(kind for _start, _end, kind in redacted.replaced)
    out.print()
    if not count:
        out.print("No entries matched what you chose.")
        return
    noun = "entry" if count == 1 else "entries"
    if not redacting:
        out.print(f"{count} {noun}. Redaction is off; add --redact to take out identifiers.")
    elif kinds:
        found = ", ".join(f"{number} × {label(kind)}"
                          for kind, number in kinds.most_common())
        out.print(f"{count} {noun}; replaced: {found}. Read it through: redaction cannot "
                  "catch everything that could identify someone.")
    else:
        out.print(f"{count} {noun}; nothing needed replacing. Read it through: redaction "
                  "cannot catch everything that could identify someone.")


# Files smaller than this finish before a bar would help (about 400 entries).
PROGRESS_FROM_BYTES = 1024 * 1024


class _Bar:
    """A file read in: how much of it (MB, or only MB read when its size is not known,
    as for standard input), then, once it is all read, that the search index and the
    trends are being built (which takes a while of its own for a long file)."""

    def __init__(self, total: int | None, label: str):
        from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn

        self.progress = Progress(TextColumn("{task.description}"), BarColumn(),
                                 DownloadColumn(binary_units=False),
                                 console=styled.error_console(), transient=True)
        self.task = self.progress.add_task(label, total=total)

    def __enter__(self):
        self.progress.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.progress.stop()

    def read(self, bytes_read: int) -> None:
        self.progress.update(self.task, completed=bytes_read)

    def finishing(self) -> None:
        task = self.progress.tasks[0]
        self.progress.update(self.task, total=task.completed,
                             description="Building the search index and trends")


def progress_bar(label: str):
    """A function giving, for a file's size in bytes (None: not known), a progress bar
    on stderr for reading it in when that is on a terminal and the file long enough,
    else a context with None (see reflect.from_stream.Progress)."""
    import contextlib
    import sys

    def bar(size: int | None):
        if not sys.stderr.isatty() or (size is not None and size < PROGRESS_FROM_BYTES):
            return contextlib.nullcontext()
        return _Bar(size, label)

    return bar


def print_import_report(report, kind: str, source: str) -> None:
    out = styled.error_console()

    def line(text: str) -> None:
        # Paths and conflict lines stay whole (no wrapping) so they can be copied.
        out.print(Text(text), soft_wrap=True)

    parts = [f"added {len(report.added):,}"]
    if report.replaced:
        parts.append(f"replaced {len(report.replaced):,} with newer copies")
    if report.unchanged:
        parts.append(f"{report.unchanged:,} already in your journal")
    origin = "jrnl export" if kind == "jrnl" else "kindjournal export"
    line(f"Imported {source} ({origin}): {', '.join(parts)}.")
    if report.added:
        first, last = min(report.added), max(report.added)
        line(f"New entries: #{first}" + (f" to #{last}" if last != first else "") + ".")
    if report.conflicts:
        line(f"{len(report.conflicts):,} entries differed; the newer copy was kept:")
        for conflict in report.conflicts:
            line(f"  {conflict}")
