"""Every test runs against tmp paths: no test can touch the real user's journal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kindjournal.cli import app


def _real_data_folder() -> Path:
    from platformdirs import user_data_path

    return user_data_path("kindjournal", appauthor=False)


_REAL_DATA_FOLDER = _real_data_folder()  # found once: a test may set XDG_DATA_HOME


def _real_data_folder_state():
    folder = _REAL_DATA_FOLDER
    if not folder.exists():
        return None
    return sorted((path.name, path.stat().st_mtime_ns) for path in folder.iterdir())


@pytest.fixture(autouse=True)
def real_data_folder_untouched():
    """Fails the test that creates or changes anything in the real user's data folder
    (a monkeypatch.undo() once took back KJ_HOME and wrote a journal there)."""
    before = _real_data_folder_state()
    yield
    assert _real_data_folder_state() == before, "a test touched the real kj data folder"


@pytest.fixture(autouse=True)
def isolated_home(tmp_path, monkeypatch) -> Path:
    home = tmp_path / "kj-home"
    monkeypatch.setenv("KJ_HOME", str(home))
    monkeypatch.delenv("KJ_DB", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("NO_COLOR", "1")
    return home


@pytest.fixture
def journal_file(isolated_home) -> Path:
    return isolated_home / "journal.db"


class KJ:
    """Runs kj in-process through Typer's CliRunner, failing loudly on a crash."""

    def __init__(self):
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None, expect: int | None = 0):
        result = self.runner.invoke(app, list(args), input=input, catch_exceptions=False)
        if expect is not None:
            assert result.exit_code == expect, (
                f"kj {' '.join(args)} exited {result.exit_code}\n"
                f"stdout:\n{result.stdout}\nstderr:\n{result.stderr}"
            )
        return result

    def json(self, *args: str):
        return json.loads(self(*args, "--json").stdout)

    def add(self, *entries: dict) -> None:
        self("reflect", "--from", "-", input="\n".join(json.dumps(e) for e in entries))


@pytest.fixture
def kj() -> KJ:
    return KJ()


@pytest.fixture
def terminal(isolated_home):
    """kj in a real terminal (tmux, 80x24), on this test's own data folder."""
    from terminal import Terminal

    term = Terminal({"KJ_HOME": str(isolated_home)})
    yield term
    term.close()
