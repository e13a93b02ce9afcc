"""The layout is the architecture: imports run one way down, from the CLI through the
commands and the wings to the journal store and the small shared helpers. A wing never
reaches up into the commands or sideways into a wing above it, so each room can be read,
tested and changed on its own. (docs/architecture.md draws the same picture.)"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parents[1] / "src" / "kindjournal"

# Lower numbers may import higher ones (and their own room), never the reverse.
LEVELS = {
    "__main__": 0, "start": 1, "cli": 2,
    "commands": 3,
    "revalidation": 4, "trends": 4, "share": 4,  # wings that build on reflecting
    "reflect": 5,
    "screens": 6,  # plain lines and Rich output, over data from the store
    "journal": 7,  # the store
    "files": 8, "dates": 8, "redaction": 8, "page_look": 8,  # shared helpers
    "__init__": 8,
    "redaction_patterns": 9,  # redaction's patterns and cheap tests: imports nothing
    "errors": 9,  # the one error root, under everything but the text filter it uses
    "text": 10,  # formatting, and the one output filter (control characters shown)
}


def _room(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _imports(path: Path) -> list[tuple[int, str]]:
    """(line, module) of every kindjournal import, wherever it stands, except those only
    for type checkers (if TYPE_CHECKING:), which never run."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = {id(node) for block in ast.walk(tree) if isinstance(block, ast.If)
               and getattr(block.test, "id", None) == "TYPE_CHECKING"
               for node in ast.walk(block)}
    found = []
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith(
                "kindjournal"):
            if node.module == "kindjournal":  # a module, or a name such as __version__
                found += [(node.lineno, f"kindjournal.{alias.name}") for alias in node.names
                          if (PACKAGE / f"{alias.name}.py").exists()
                          or (PACKAGE / alias.name).is_dir()]
            else:
                found.append((node.lineno, node.module))
        elif isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names
                      if alias.name.startswith("kindjournal")]
    return found


MODULES = sorted(PACKAGE.rglob("*.py"))


def _name(path: Path) -> str:
    return ".".join(("kindjournal", *path.relative_to(PACKAGE).with_suffix("").parts))


@pytest.mark.parametrize("path", MODULES, ids=[_name(path) for path in MODULES])
def test_imports_run_one_way_down(path):
    here = _room(_name(path))
    assert here in LEVELS, f"{here}: give the new room a level in LEVELS"
    upward = [f"line {line}: {target}" for line, target in _imports(path)
              if _room(target) != here and target != "kindjournal"
              and LEVELS[_room(target)] <= LEVELS[here]]
    assert not upward, f"{_name(path)} imports upward or sideways: {upward}"


def test_no_command_imports_another():
    for path in (PACKAGE / "commands").glob("*.py"):
        others = {target for _, target in _imports(path)
                  if target.startswith("kindjournal.commands.") and target not in (
                      "kindjournal.commands.common", "kindjournal.commands.filter_options")}
        assert not others, f"{path.name} imports {sorted(others)}"
