"""The codebase's own rules: ruff is clean, and importing the CLI imports nothing heavy
(what each command imports is in test_start_up_imports.py)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_ruff_is_clean():
    beside_python = Path(sys.executable).parent / "ruff"
    ruff = str(beside_python) if beside_python.exists() else shutil.which("ruff")
    if ruff is None:
        pytest.fail("ruff is part of the test extras: pip install '.[test]'")
    result = subprocess.run([ruff, "check", str(ROOT)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


def test_importing_the_cli_imports_no_command_and_nothing_heavy():
    code = (
        "import sys, kindjournal.cli; "
        "print(' '.join(m for m in sys.modules if m.split('.')[0] in "
        "('rich', 'sqlite_utils', 'sqlite3', 'dateutil', 'platformdirs', 'pydantic', 'click')"
        " or m.startswith('kindjournal.commands.') and m != 'kindjournal.commands.common'))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
