"""The README stays a short front door, and docs/ stays true to the code.

Every command and option that `kj --help` lists has its own section in the reference
(docs/reference.md and docs/reference/*.md), and every link between the documents
leads to a file and a heading that exist.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
DOCS = ROOT / "docs"
REFERENCE_PAGES = [DOCS / "reference.md", *sorted((DOCS / "reference").glob("*.md"))]
MAX_README_LINES = 200


def ci_line(marker: str) -> str:
    """What .ci/run runs: the first command in the ```sh block after the marker."""
    lines = README.read_text(encoding="utf-8").splitlines()
    start = next(number for number, line in enumerate(lines) if f"<!-- ci:{marker} -->" in line)
    inside = False
    for line in lines[start + 1:]:
        if line.startswith("```"):
            if inside:
                break
            inside = True
        elif inside and line.strip():
            return line
    return ""


def test_the_readme_is_a_short_front_door():
    text = README.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= MAX_README_LINES
    assert "git clone" in text  # it says to fetch the code and enter its folder first
    for page in ("docs/reference.md", "docs/development.md", "docs/architecture.md"):
        assert f"({page})" in text


def test_the_readme_holds_the_two_lines_ci_runs():
    install, test = ci_line("install"), ci_line("test")
    # A virtual environment made in the same line: works on Debian's and Ubuntu's own
    # Python, which refuses a plain 'pip install' (externally-managed-environment).
    assert install.startswith("python3 -m venv .venv && .venv/bin/pip install .")
    assert install.endswith(".venv/bin/kj reflect")
    assert test.startswith("python3 -m venv .venv && .venv/bin/pip install '.[test]'")
    assert test.endswith(".venv/bin/pytest")


def _help_sections(text: str, title: str) -> list[str]:
    """The lines of one section of Typer's plain help ('Options:', 'Commands:')."""
    lines, inside = [], False
    for line in text.splitlines():
        if line == title:
            inside = True
        elif inside and line and not line.startswith(" "):
            break
        elif inside:
            lines.append(line)
    return lines


def _commands(kj, words: tuple[str, ...]) -> list[tuple[str, ...]]:
    found = []
    for line in _help_sections(kj(*words, "--help").stdout, "Commands:"):
        if re.match(r"^  \S", line):
            name = line.split()[0]
            found.append((*words, name))
            found += _commands(kj, (*words, name))
    return found


def _options(kj, words: tuple[str, ...]) -> list[str]:
    options = []
    for line in _help_sections(kj(*words, "--help").stdout, "Options:"):
        if re.match(r"^  -", line):  # deeper lines continue a description
            spec = re.split(r"\s{2,}", line.strip())[0]
            options += re.findall(r"(?<![\w-])(--?[a-z][\w-]*)", spec)
    return [option for option in options if option != "--help"]


def _headings(path: Path) -> list[tuple[int, str, int]]:
    """(level, text, line number) of each heading outside fenced code blocks."""
    found, fenced = [], False
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced and (match := re.match(r"^(#{1,6}) (.+)$", line)):
            found.append((len(match[1]), match[2].strip(), number))
    return found


def reference_section(words: tuple[str, ...]) -> str:
    """The text under the reference heading that names `kj WORDS`, down to the next
    heading of the same or a higher level."""
    name = " ".join(("kj", *words))
    for page in REFERENCE_PAGES:
        lines = page.read_text(encoding="utf-8").splitlines()
        headings = _headings(page)
        for position, (level, text, number) in enumerate(headings):
            if f"`{name}`" in text:
                end = next((later for deeper, _, later in headings[position + 1:]
                            if deeper <= level), len(lines))
                return "\n".join(lines[number:end])
    return ""


def test_every_command_and_option_has_its_place_in_the_reference(kj):
    commands = [(), *_commands(kj, ())]
    assert len(commands) > 20  # the help was read
    missing = []
    for words in commands:
        section = reference_section(words)
        if not section:
            missing.append(f"no section for `{' '.join(('kj', *words))}`")
            continue
        for option in _options(kj, words):
            if not re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", section):
                missing.append(f"`{' '.join(('kj', *words))}` does not document {option}")
    assert missing == []


def _slug(heading: str) -> str:
    """The anchor GitHub gives a heading."""
    text = heading.lower().replace("`", "")
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def _anchors(path: Path) -> set[str]:
    anchors, seen = set(), {}
    for _level, text, _number in _headings(path):
        slug = _slug(text)
        anchors.add(slug if slug not in seen else f"{slug}-{seen[slug]}")
        seen[slug] = seen.get(slug, 0) + 1
    return anchors


DOCUMENTS = [README, ROOT / "prompts" / "README.md", *sorted(DOCS.rglob("*.md"))]


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda path: str(path.relative_to(ROOT)))
def test_every_link_between_the_documents_leads_somewhere(document):
    text = re.sub(r"```.*?```", "", document.read_text(encoding="utf-8"), flags=re.S)
    broken = []
    for target in re.findall(r"\]\(([^)\s]+)\)", text):
        if re.match(r"^[a-z]+:", target):
            continue  # a web address
        file_part, _, anchor = target.partition("#")
        linked = (document.parent / file_part).resolve() if file_part else document
        if not linked.exists():
            broken.append(target)
        elif anchor and linked.suffix == ".md" and anchor not in _anchors(linked):
            broken.append(target)
    assert broken == []


def test_the_readme_never_says_one_export_holds_everything():
    """'kj export --format json gives you everything' was untrue: records and supervision
    sessions have their own exports."""
    text = " ".join(README.read_text(encoding="utf-8").split())
    assert "gives you everything" not in text
    assert "kj record export" in text and "kj supervision export" in text
