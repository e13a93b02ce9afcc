"""Eight kj processes writing to one journal at once, and a reader that never fails."""

from __future__ import annotations

import json
import subprocess
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest
from crashing import kj_argv, subprocess_env

from kindjournal.files import TEMPORARY_SUFFIX
from kindjournal.journal.database import open_journal
from kindjournal.journal.writes import EntryInput, add_entries

WRITERS = 8
ENTRIES_EACH = 50
CALLS_EACH = 5  # each writer adds its 50 entries in 5 runs of kj, 10 at a time

# What the reader runs while the writers write: mostly kj trends.
READ_COMMANDS = [["trends", "--json"], ["list", "--json", "-n", "5"], ["trends", "--json"],
                 ["search", "writer", "--json"]]


def entries_for(writer: int, call: int) -> str:
    per_call = ENTRIES_EACH // CALLS_EACH
    return "\n".join(json.dumps({
        "date": f"2026-03-{(number % 28) + 1:02d}",
        "checkin": {"exhaustion": number % 5},
        "answers": {"person": f"writer {writer} entry {call * per_call + number}"},
        "tags": [f"writer-{writer}"],
    }) for number in range(per_call)) + "\n"


@pytest.mark.slow
def test_eight_writers_at_once_lose_nothing_and_the_reader_never_fails(tmp_path):
    home = tmp_path / "home"  # no journal yet: the writers race to create it too
    env = subprocess_env(home)
    writing_done = threading.Event()
    reader_runs: list[subprocess.CompletedProcess] = []

    def writer(number: int) -> list[subprocess.CompletedProcess]:
        return [subprocess.run(kj_argv("reflect", "--from", "-"), env=env, capture_output=True,
                               text=True, input=entries_for(number, call), timeout=120)
                for call in range(CALLS_EACH)]

    def reader() -> None:
        while not writing_done.is_set() or len(reader_runs) < 4:
            command = READ_COMMANDS[len(reader_runs) % len(READ_COMMANDS)]
            reader_runs.append(subprocess.run(kj_argv(*command), env=env, capture_output=True,
                                              text=True, timeout=120))

    reading = threading.Thread(target=reader)
    reading.start()
    with ThreadPoolExecutor(WRITERS) as pool:
        runs = [run for runs in pool.map(writer, range(WRITERS)) for run in runs]
    writing_done.set()
    reading.join()

    for run in runs:
        assert run.returncode == 0, run.stderr
        assert "locked" not in run.stderr and "busy" not in run.stderr
    for run in reader_runs:
        assert run.returncode == 0, run.stderr
        assert run.stderr == ""
        json.loads(run.stdout)
    db = open_journal(home / "journal.db")
    assert db.execute("SELECT count(*) FROM entries").fetchone()[0] == WRITERS * ENTRIES_EACH
    per_writer = dict(db.execute("SELECT tag, count(*) FROM tags GROUP BY tag").fetchall())
    assert per_writer == {f"writer-{n}": ENTRIES_EACH for n in range(WRITERS)}
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    # No half-made journal was left behind by the writers racing to create it.
    assert not [path.name for path in home.iterdir() if TEMPORARY_SUFFIX in path.name]


@pytest.mark.slow
def test_many_small_transactions_from_threads_queue_instead_of_failing(tmp_path):
    """The same in-process, one entry per transaction: 8 connections x 50 writes."""
    path = tmp_path / "journal.db"
    open_journal(path).close()

    def writer(number: int) -> None:
        db = open_journal(path)
        try:
            for count in range(ENTRIES_EACH):
                add_entries(db, [EntryInput(shift_date=date(2026, 3, 1), pack="after-shift",
                                            checkin={"exhaustion": count % 5},
                                            tags=[f"writer-{number}"])])
        finally:
            db.close()

    with ThreadPoolExecutor(WRITERS) as pool:
        list(pool.map(writer, range(WRITERS)))
    db = open_journal(path)
    assert db.execute("SELECT count(*) FROM entries").fetchone()[0] == WRITERS * ENTRIES_EACH
