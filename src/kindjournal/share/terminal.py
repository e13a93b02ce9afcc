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


class _NoBar:
    def __enter__(self):
        return None

    def __exit__(self, *exc_info) -> None:
        return None


class _Bar:
    def __init__(self, total: int, label: str):
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        self.progress = Progress(TextColumn("{task.description}"), BarColumn(),
                                 MofNCompleteColumn(), console=styled.error_console(),
                                 transient=True)
        self.task = self.progress.add_task(label, total=total)

    def __enter__(self):
        self.progress.start()
        return lambda steps: self.progress.advance(self.task, steps)

    def __exit__(self, *exc_info) -> None:
        self.progress.stop()


def progress_bar(total: int, label: str):
    """A progress bar on stderr (total 0: none); the context gives advance(steps) or None."""
    return _Bar(total, label) if total else _NoBar()


def print_import_report(report, kind: str, source: str) -> None:
    out = styled.error_console()

    def line(text: str) -> None:
        # Paths and conflict lines stay whole (no wrapping) so they can be copied.
        out.print(Text(text), soft_wrap=True)

    parts = [f"added {len(report.added)}"]
    if report.replaced:
        parts.append(f"replaced {len(report.replaced)} with newer copies")
    if report.unchanged:
        parts.append(f"{report.unchanged} already in your journal")
    origin = "jrnl export" if kind == "jrnl" else "kindjournal export"
    line(f"Imported {source} ({origin}): {', '.join(parts)}.")
    if report.added:
        first, last = min(report.added), max(report.added)
        line(f"New entries: #{first}" + (f" to #{last}" if last != first else "") + ".")
    if report.conflicts:
        line(f"{len(report.conflicts)} entries differed; the newer copy was kept:")
        for conflict in report.conflicts:
            line(f"  {conflict}")
