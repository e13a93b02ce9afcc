"""Kill kj at random moments and check the journal after every kill.

A reusable harness for the crash-safety tests: it starts kj as a real process, lets
it run for a random moment, sends SIGKILL (what a flat battery or an OOM killer does:
no cleanup code runs), and then checks the journal as the next kj would find it.

Two kinds of run are understood:

- batch runs (`kj reflect --from FILE`, later `kj import FILE`): entries carry uuids,
  so after a kill every batch is either wholly in the journal, with each entry exactly
  as it was sent, or wholly absent;
- interactive runs (`kj reflect` fed by a pipe): an interrupted entry is either absent
  or a draft whose saved answers are whole lines of what was typed; an entry is only
  ever marked complete with everything in it.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from kindjournal.journal.database import open_journal


def kj_argv(*args: str) -> list[str]:
    """kj as a person starts it, but through this interpreter (no install needed)."""
    return [sys.executable, "-m", "kindjournal", *args]


def subprocess_env(home: Path, **extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items()
           if key not in ("KJ_DB", "EDITOR", "VISUAL")}
    src = Path(__file__).resolve().parent.parent / "src"
    env.update(KJ_HOME=str(home), NO_COLOR="1", COLUMNS="80",
               PYTHONPATH=os.pathsep.join(filter(None, [str(src), env.get("PYTHONPATH")])))
    env.update(extra)
    return env


@dataclass
class KillCount:
    kills: int = 0  # runs that were still going when SIGKILL arrived
    finished: int = 0  # runs that ended on their own before the kill
    checks: int = 0
    killed_before_commit: int = 0  # a killed batch that is absent afterwards
    killed_after_commit: int = 0  # a killed batch that is wholly there
    drafts_left: int = 0  # killed interactive runs that left a draft behind


@dataclass
class Journal:
    """What the journal holds, read straight from SQLite after a kill."""

    entries: dict[str, dict] = field(default_factory=dict)  # uuid -> entry

    @classmethod
    def read(cls, path: Path) -> Journal:
        # Open it the way kj does first: this must never fail after a kill.
        db = open_journal(path)
        try:
            assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            assert db.execute("PRAGMA foreign_key_check").fetchall() == []
            journal = cls()
            for uuid, entry_id, status, shift_date in db.execute(
                    "SELECT uuid, id, status, shift_date FROM entries"):
                journal.entries[uuid] = {"id": entry_id, "status": status, "date": shift_date,
                                         "answers": {}, "checkin": {}, "tags": []}
            by_id = {entry["id"]: entry for entry in journal.entries.values()}
            for entry_id, theme, answer, answered_at in db.execute(
                    "SELECT entry_id, theme_key, answer, answered_at FROM answers"):
                by_id[entry_id]["answers"][theme] = (answer, answered_at)
            for entry_id, key, value in db.execute(
                    "SELECT entry_id, signal_key, value FROM checkins"):
                by_id[entry_id]["checkin"][key] = value
            for entry_id, tag in db.execute("SELECT entry_id, tag FROM tags ORDER BY tag"):
                by_id[entry_id]["tags"].append(tag)
            return journal
        finally:
            db.close()


class CrashHarness:
    """Starts kj runs against one journal, kills them, and checks what is left."""

    def __init__(self, home: Path, rng: random.Random, count: KillCount):
        self.home = home
        self.journal_path = home / "journal.db"
        self.env = subprocess_env(home)
        self.rng = rng
        self.count = count
        self.committed: dict[str, dict] = {}  # uuid -> the entry as sent, known to be saved
        self.interactive_typed: dict[int, dict[str, str]] = {}  # entry id -> theme -> typed
        self.resumed: set[int] = set()  # drafts finished later with blank lines
        self.durations: list[float] = []  # of recent whole runs: kills are spread over them

    # -- running ---------------------------------------------------------------

    def run(self, args: list[str], stdin: bytes | None, kill_after: float | None) -> bool:
        """Run kj; with kill_after, SIGKILL it after that many seconds. True if killed."""
        started = time.monotonic()
        process = subprocess.Popen(kj_argv(*args), env=self.env, stdin=subprocess.PIPE,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        if stdin is not None:
            try:
                process.stdin.write(stdin)
            except BrokenPipeError:
                pass
        process.stdin.close()
        try:
            # Waiting (rather than sleeping) notices a run that ends before its kill.
            returncode = process.wait(timeout=60 if kill_after is None else kill_after)
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGKILL)
            returncode = process.wait(timeout=60)
        stderr = process.stderr.read().decode()
        process.stderr.close()
        if returncode == -signal.SIGKILL:
            self.count.kills += 1
            return True
        assert returncode == 0, stderr
        self.count.finished += 1
        self.durations = [*self.durations[-4:], time.monotonic() - started]
        return False

    @property
    def usual_duration(self) -> float:
        """How long a whole run takes lately (the median of the last five)."""
        return sorted(self.durations)[len(self.durations) // 2]

    def kill_moment(self) -> float:
        """Anywhere in the run, but mostly after Python's start-up, where the work is."""
        duration = self.usual_duration
        if self.rng.random() < 0.2:
            return self.rng.uniform(0, duration)
        return self.rng.uniform(duration * 0.45, duration * 1.02)

    # -- batches (kj reflect --from, kj import) --------------------------------

    def batch_run(self, args: list[str], stdin: bytes | None, batch: list[dict],
                  kill_after: float | None) -> None:
        """Run a command that adds the batch (entries with uuids); check after."""
        killed = self.run(args, stdin, kill_after)
        journal = Journal.read(self.journal_path)
        present = [entry["uuid"] in journal.entries for entry in batch]
        assert all(present) or not any(present), (
            f"a batch was half-added: {sum(present)} of {len(batch)} entries")
        if killed and all(present):
            self.count.killed_after_commit += 1
        elif killed:
            self.count.killed_before_commit += 1
        if all(present):
            self.committed.update((entry["uuid"], entry) for entry in batch)
        self.check(journal)

    # -- interactive kj reflect fed by a pipe -----------------------------------

    def interactive_run(self, args: list[str], typed: str, answers: dict[str, str],
                        kill_after: float | None) -> None:
        """answers: theme -> the whole answer typed for it (lines joined by newlines)."""
        before = set(Journal.read(self.journal_path).entries) if self.journal_path.exists() \
            else set()
        killed = self.run(args, typed.encode(), kill_after)
        journal = Journal.read(self.journal_path)
        for uuid in set(journal.entries) - before:
            self.interactive_typed[journal.entries[uuid]["id"]] = answers
            if not killed:
                assert journal.entries[uuid]["status"] == "complete"
            elif journal.entries[uuid]["status"] == "draft":
                self.count.drafts_left += 1
        self.check(journal)

    # -- the checks after every run --------------------------------------------

    def check(self, journal: Journal) -> None:
        self.count.checks += 1
        for uuid, sent in self.committed.items():
            assert uuid in journal.entries, f"entry {uuid} was committed and is now lost"
            kept = journal.entries[uuid]
            assert kept["status"] == sent.get("status", "complete")
            assert kept["date"] == sent["date"]
            assert {theme: answer for theme, (answer, _) in kept["answers"].items()} == \
                sent["answers"], f"entry {uuid} changed"
            assert kept["checkin"] == sent["checkin"]
            assert kept["tags"] == sorted(sent["tags"])
        by_id = {entry["id"]: entry for entry in journal.entries.values()}
        for entry_id, typed in self.interactive_typed.items():
            if entry_id not in by_id:
                continue  # killed before its draft was created: absent is fine
            self.check_interactive(by_id[entry_id], typed, entry_id in self.resumed)

    @staticmethod
    def check_interactive(entry: dict, typed: dict[str, str], resumed: bool) -> None:
        for theme, (answer, answered_at) in entry["answers"].items():
            whole = typed.get(theme, "")
            if answer is None:
                assert entry["status"] == "draft", "a complete entry has an unreached prompt"
                continue
            # Every saved answer is whole lines of what was typed, never a torn line.
            assert whole.startswith(answer) and (answer in ("", whole) or
                                                 whole[len(answer)] == "\n"), (entry, theme, whole)
            if entry["status"] == "complete":
                assert answered_at is not None, "a complete entry has an unfinished answer"
                if not resumed:
                    assert answer == whole, "a complete entry lost part of an answer"

    def resume_with_blank_lines(self) -> None:
        """Finish the newest draft the way a person who just presses Enter would."""
        db = open_journal(self.journal_path)
        row = db.execute("SELECT id FROM entries WHERE status = 'draft' "
                         "ORDER BY updated_at DESC, id DESC LIMIT 1").fetchone()
        db.close()
        if row is None:
            return
        self.resumed.add(row[0])
        self.run(["reflect", "--resume"], b"\n" * 60, None)
        journal = Journal.read(self.journal_path)
        by_id = {entry["id"]: entry for entry in journal.entries.values()}
        assert by_id[row[0]]["status"] == "complete", "a resumed draft did not finish"
        self.check(journal)


def write_batch(path: Path, batch: list[dict]) -> None:
    path.write_text("\n".join(json.dumps(entry) for entry in batch) + "\n")


def integrity_ok(path: Path) -> bool:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()
