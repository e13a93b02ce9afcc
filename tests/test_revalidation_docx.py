"""kj portfolio --format docx (issue 13, item 4): the portfolio's sections as a Word
document, read back with python-docx: five accounts on the NMC form's four parts, dated
by month and year, the logs as tables, redacted by default, private and never replaced
without --force."""

from __future__ import annotations

import stat
import sys
import zipfile

import pytest
from test_revalidation import RENEWAL, account, day, everything_done

docx = pytest.importorskip("docx")

NAME = "Quenby Farrowdale"  # invented


@pytest.fixture
def nurse(kj):
    kj("registration", "nmc", "--renewal", RENEWAL)
    return kj


def written(kj, path, *more):
    kj("portfolio", "-f", "docx", "-o", str(path), *more)
    return docx.Document(str(path))


def headings(document, level: int) -> list[str]:
    style = f"Heading {level}" if level else "Title"
    return [p.text for p in document.paragraphs if p.style.name == style]


def every_text(path) -> str:
    """Every part of the file (body, properties, styles), as stored."""
    with zipfile.ZipFile(path) as package:
        return "\n".join(package.read(name).decode("utf-8", "replace")
                         for name in package.namelist())


def test_the_accounts_come_out_on_the_form_numbered_and_dated(nurse, tmp_path):
    everything_done(nurse)
    document = written(nurse, tmp_path / "portfolio.docx")
    titles = [h for h in headings(document, 1) if h.startswith("Reflective account")]
    assert [t.split(":")[0] for t in titles] == [f"Reflective account {n}" for n in range(1, 6)]
    for title in titles:  # "Reflective account 1: October 2026 (CPD)": month and year only
        month, year = title.split(": ")[1].split(" (")[0].split()
        assert month.isalpha() and len(year) == 4 and year.isdigit()
    parts = headings(document, 2)
    for part in ("1. What the activity", "2. What you learned", "3. How you changed",
                 "4. How it relates to the Code"):
        assert sum(h.startswith(part) for h in parts) == 5, part
    lines = [p.text for p in document.paragraphs]
    assert lines.count("☑ Preserve safety") == 5 and lines.count("☐ Prioritise people") == 5
    assert headings(document, 0) == ["NMC revalidation: portfolio"]
    assert any(line.startswith("☑ ") for line in lines)  # the checklist
    # A page break before each account; the logs as tables with their headers.
    breaks = document.element.body.xml.count('w:type="page"')
    assert breaks >= 5 + 2
    first_rows = [[cell.text for cell in table.rows[0].cells] for table in document.tables]
    assert ["From", "To", "Hours"] == first_rows[0][:3]
    assert any(row[0] == "Source" or "Date" in row for row in first_rows)
    assert "Sam Carer" in every_text(tmp_path / "portfolio.docx")  # the form asks for it


def test_redacted_by_default_and_gaps_say_to_complete(nurse, tmp_path):
    nurse("redact", "add", NAME)
    nurse.add(account(3, changed=None, code="Prioritise people") | {"answers": {
        "about": "Feedback", "activity": f"{NAME} thanked me on the ward.",
        "code": "Prioritise people"}})
    nurse("record", "add", "cpd", "--date", day(4), "--hours", "2",
          "--set", f"topic=Shadowing {NAME}")
    path = tmp_path / "portfolio.docx"
    document = written(nurse, path)
    stored = every_text(path)
    assert "Farrowdale" not in stored and "Quenby" not in stored
    assert "python-docx" not in stored  # the template's author, cleared
    lines = [p.text for p in document.paragraphs]
    assert "[name] thanked me on the ward." in lines
    assert lines.count("To complete: write this part in your own words.") == 3
    assert "☑ Prioritise people" in lines
    plain = tmp_path / "plain.docx"
    result = nurse("portfolio", "-f", "docx", "-o", str(plain), "--no-redact")
    assert "Warning" in result.stderr
    assert NAME in every_text(plain)


def test_private_and_never_replaced_without_force(nurse, tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    path = folder / "portfolio.docx"
    written(nurse, path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    before = path.read_bytes()
    refused = nurse("portfolio", "-f", "docx", "-o", str(path), expect=2)
    assert "already exists" in refused.stderr and "--force" in refused.stderr
    assert path.read_bytes() == before
    written(nurse, path, "--force")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in folder.iterdir()] == ["portfolio.docx"]  # nothing half-written


def test_a_word_document_needs_a_file(nurse):
    result = nurse("portfolio", "-f", "docx", expect=2)
    assert result.stderr.strip() == "kj: A Word document goes in a file: add -o portfolio.docx."
    assert "docx" in nurse("portfolio", "-f", "pdf", expect=2).stderr


def test_without_python_docx_one_kind_line_and_no_file(nurse, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "docx", None)  # import docx now raises ImportError
    path = tmp_path / "portfolio.docx"
    result = nurse("portfolio", "-f", "docx", "-o", str(path), expect=1)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr
    assert "python-docx" in lines[0] and "-m pip install python-docx" in lines[0]
    assert not path.exists()


def test_control_characters_do_not_stop_the_document():
    from kindjournal.revalidation.portfolio_docx import to_docx

    data = to_docx([{"type": "title", "title": "T\x00", "subtitle": "s\x1b[31m\ud800"},
                    {"type": "account", "number": 1, "when": "May 2026", "about": [],
                     "parts": [("Q", "a\x07b\nc")], "code": [("Theme", True)],
                     "code_text": None}])
    assert data[:2] == b"PK"
