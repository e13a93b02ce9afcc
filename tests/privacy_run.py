"""Running kj for the privacy tests (issue 12), in-process or as another kj.

KJ_UNDER_TEST=/path/to/kj runs the same scenarios against another build (the review
ran them against 65505f8 to show each one failed there); by default they run through
Typer's CliRunner like every other test."""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass

from typer.testing import CliRunner

from kindjournal.cli import app


@dataclass
class Ran:
    stdout: str
    stderr: str
    exit_code: int

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def kj_run(*args: str, input: str | None = None, expect: int | None = 0,
           env: dict | None = None) -> Ran:
    other = os.environ.get("KJ_UNDER_TEST")
    if other:
        done = subprocess.run([other, *args], input=input, capture_output=True, text=True,
                              env={**os.environ, **(env or {})}, timeout=120)
        ran = Ran(done.stdout, done.stderr, done.returncode)
    else:
        result = CliRunner().invoke(app, list(args), input=input, env=env,
                                    catch_exceptions=False)
        ran = Ran(result.stdout, result.stderr, result.exit_code)
    if expect is not None:
        assert ran.exit_code == expect, f"kj {' '.join(args)} exited {ran.exit_code}\n{ran.output}"
    return ran
