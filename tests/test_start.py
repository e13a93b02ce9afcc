"""kj's start (start.py): the cycle collector is paused only while the CLI is
imported, and is running again, with the import's objects frozen, when a command runs."""

from __future__ import annotations

import gc
import subprocess
import sys

import pytest

from kindjournal import __version__, start


def test_the_collector_runs_again_before_the_command(monkeypatch):
    seen = {}

    def command() -> None:
        seen["enabled"], seen["frozen"] = gc.isenabled(), gc.get_freeze_count()

    monkeypatch.setattr("kindjournal.cli.main", command)
    try:
        start.main()
    finally:
        gc.unfreeze()  # give this test process its collector back as it was
    assert seen["enabled"] and seen["frozen"] > 0
    assert gc.isenabled()


def test_a_failed_import_still_turns_the_collector_back_on(monkeypatch):
    monkeypatch.setitem(sys.modules, "kindjournal.cli", None)  # import raises
    try:
        with pytest.raises(ImportError):
            start.main()
    finally:
        gc.unfreeze()
    assert gc.isenabled()


def test_python_dash_m_runs_kj():
    result = subprocess.run([sys.executable, "-m", "kindjournal", "--version"],
                            capture_output=True, text=True, check=True)
    assert __version__ in result.stdout
