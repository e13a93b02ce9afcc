"""The portfolio as a Word document (.docx), for people whose regulator's forms are Word
templates: the same sections as the Markdown and HTML portfolio (portfolio.sections),
drawn with headings, tables for the logs and a page per account.

python-docx is an optional extra (kindjournal[docx]) and is imported here alone, so no
other command pays for it or needs it installed.
"""

from __future__ import annotations

import io
import re

from kindjournal.errors import KindJournalError
from kindjournal.revalidation.portfolio import TO_COMPLETE
from kindjournal.text import visible

# Characters XML 1.0 cannot hold; visible() already shows control characters, these are
# the few left (lone surrogates, U+FFFE/U+FFFF) that would stop the file being written.
_NOT_XML = re.compile("[\ud800-\udfff\ufffe\uffff]")


def install_hint() -> str:
    """The one line shown when the extra is missing: the install command for the very
    Python kj runs on, so it lands beside kj whatever venv or tool installed it."""
    import sys

    return (f"Word output needs python-docx, which is not installed: add it with "
            f"{sys.executable} -m pip install python-docx (or install kj with its docx "
            "extra, pip install '.[docx]').")


def _text(value) -> str:
    return _NOT_XML.sub("\ufffd", visible(str(value or "")))


def to_docx(every: list[dict]) -> bytes:
    try:
        from docx import Document
        from docx.enum.text import WD_BREAK
        from docx.shared import Mm
    except ImportError:
        raise KindJournalError(install_hint()) from None

    document = Document()
    for section in document.sections:  # A4 with the HTML page's margins (UK forms)
        section.page_width, section.page_height = Mm(210), Mm(297)
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Mm(16))
    _plain_properties(document, every)
    started = False

    def new_page() -> None:
        if started:
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    for section in every:
        kind = section["type"]
        if kind == "title":
            new_page()  # a second regulator starts on its own page
            document.add_heading(_text(section["title"]), level=0)
            document.add_paragraph(_text(section["subtitle"]))
        elif kind == "checklist":
            document.add_heading(_text(section["title"]), level=1)
            for done, line in section["items"]:
                document.add_paragraph(f"{'☑' if done else '☐'} {_text(line)}")
        elif kind == "table":
            if section.get("break"):
                new_page()
            document.add_heading(_text(section["title"]), level=1)
            if section["rows"]:
                _table(document, section["headers"], section["rows"])
            document.add_paragraph(_text(section["total"]))
        elif kind == "blocks":
            if section.get("break"):
                new_page()
            document.add_heading(_text(section["title"]), level=1)
            if not section["blocks"]:
                _to_complete(document, section.get("empty", "None yet."))
            for heading, pairs in section["blocks"]:
                if len(section["blocks"]) > 1 or heading != section["title"]:
                    document.add_heading(_text(heading), level=2)
                _table(document, None, [(label, value or "—") for label, value in pairs])
        elif kind == "account":
            new_page()  # each account on its own page, as the NMC form is
            about = f" ({', '.join(section['about'])})" if section["about"] else ""
            document.add_heading(_text(f"Reflective account {section['number']}: "
                                       f"{section['when']}{about}"), level=1)
            for number, (question, text) in enumerate(section["parts"], start=1):
                document.add_heading(_text(f"{number}. {question}"), level=2)
                _answer(document, text)
            document.add_heading("4. How it relates to the Code", level=2)
            for theme, ticked in section["code"]:
                document.add_paragraph(f"{'☑' if ticked else '☐'} {_text(theme)}")
            _answer(document, section["code_text"])
        started = True
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _answer(document, text: str | None) -> None:
    if text:
        document.add_paragraph(_text(text))
    else:
        _to_complete(document, TO_COMPLETE)


def _to_complete(document, words: str) -> None:
    document.add_paragraph().add_run(_text(words)).italic = True


def _table(document, headers, rows) -> None:
    table = document.add_table(rows=0, cols=len(headers or rows[0]))
    table.style = "Table Grid"
    if headers:
        cells = table.add_row().cells
        for cell, header in zip(cells, headers, strict=True):
            cell.paragraphs[0].add_run(_text(header)).bold = True
    for row in rows:
        cells = table.add_row().cells
        for column, (cell, value) in enumerate(zip(cells, row, strict=True)):
            run = cell.paragraphs[0].add_run(_text(value))
            run.bold = headers is None and column == 0  # a label beside its value


def _plain_properties(document, every: list[dict]) -> None:
    """python-docx's template says it was written by 'python-docx' in 2013; say only
    what the document is, and nothing about who wrote it or on which machine."""
    from datetime import UTC, datetime

    properties = document.core_properties
    title = next((s["title"] for s in every if s["type"] == "title"), "Portfolio")
    properties.title = _text(title)
    properties.author = properties.last_modified_by = ""
    properties.comments = properties.keywords = properties.subject = ""
    properties.category = properties.identifier = properties.language = ""
    properties.content_status = properties.version = ""
    now = datetime.now(UTC).replace(microsecond=0)
    properties.created = properties.modified = now
    properties.revision = 1
