"""Drive kj in a real terminal: tmux at 80x24, typed keys, and the screen read back."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest


def kj_command() -> list[str]:
    """The installed kj script when there is one (as a person runs it), else the module."""
    script = Path(sys.executable).parent / "kj"
    return [str(script)] if script.exists() else [sys.executable, "-m", "kindjournal"]


class Terminal:
    def __init__(self, env: dict[str, str], width: int = 80, height: int = 24):
        if shutil.which("tmux") is None:
            if os.environ.get("CI"):
                pytest.fail("tmux is needed for the terminal tests; .ci/run installs it")
            pytest.skip("tmux is not installed")
        self.socket = f"kjtest-{uuid.uuid4().hex[:8]}"
        # Long screens page through $PAGER on a terminal; tests that read the screen
        # after a command ends want it printed, so paging is opt-in (PAGER in env).
        self.env = {"PAGER": "cat", **env, "NO_COLOR": "1", "TERM": "xterm-256color"}
        if "PYTHONPATH" in os.environ:
            self.env["PYTHONPATH"] = os.environ["PYTHONPATH"]
        self._tmux("new-session", "-d", "-s", "kj", "-x", str(width), "-y", str(height),
                   "bash --norc --noprofile")
        self._tmux("set-option", "-t", "kj", "history-limit", "5000")

    def _tmux(self, *args: str) -> str:
        return subprocess.run(["tmux", "-L", self.socket, *args], check=True,
                              capture_output=True, text=True).stdout

    def run(self, *kj_args: str) -> None:
        exports = " ".join(f"{key}={shlex.quote(value)}" for key, value in self.env.items())
        command = " ".join(shlex.quote(part) for part in [*kj_command(), *kj_args])
        self._tmux("send-keys", "-t", "kj", f"clear; env {exports} {command}", "Enter")

    def run_to_end(self, *kj_args: str, timeout: float = 30.0) -> tuple[int, str]:
        """Run a command that asks nothing; wait until it exits. Returns (exit code, screen).
        The exit marker is printed by printf, so the typed command line never matches it."""
        exports = " ".join(f"{key}={shlex.quote(value)}" for key, value in self.env.items())
        command = " ".join(shlex.quote(part) for part in [*kj_command(), *kj_args])
        # A fresh marker each run: the last command's marker may still be on screen until
        # tmux has processed 'clear', and must not be mistaken for this one's.
        marker = f"kj-exited-{uuid.uuid4().hex[:8]}"
        self._tmux("send-keys", "-t", "kj",
                   f"clear; env {exports} {command}; printf '[%s %s]\\n' {marker} $?", "Enter")
        screen = self.wait_for(f"[{marker} ", timeout)
        code = int(screen.split(f"[{marker} ")[1].split("]")[0])
        return code, screen

    def type(self, text: str) -> None:
        """Type a line and press Enter."""
        if text:
            self._tmux("send-keys", "-t", "kj", "-l", text)
        self._tmux("send-keys", "-t", "kj", "Enter")

    def keys(self, *keys: str) -> None:
        self._tmux("send-keys", "-t", "kj", *keys)

    def screen(self) -> str:
        return self._tmux("capture-pane", "-p", "-t", "kj")

    def history(self) -> str:
        return self._tmux("capture-pane", "-p", "-t", "kj", "-S", "-5000")

    def wait_for(self, text: str, timeout: float = 15.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.05)
        raise AssertionError(f"{text!r} never appeared on screen:\n{self.screen()}")

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True)


def looks_right(screen: str) -> str:
    """A screen as a person should see it: no traceback, no line past 80 columns."""
    assert "Traceback" not in screen
    for line in screen.splitlines():
        assert len(line) <= 80, line
    return screen


def flat(screen: str) -> str:
    """The screen's words with its line wrapping undone, to find whole sentences."""
    return " ".join(screen.split())
