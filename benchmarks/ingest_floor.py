"""How fast could any Python program put entries into kj's schema on this machine? Run:

    python benchmarks/ingest_floor.py --entries 10000 [--rounds 5]

The floor under 'kj reflect --from' and 'kj import' (benchmarks/ingest.py): the same
invented entries (JSON Lines), read with json.loads and written with plain sqlite3 into
a journal made from kj's own schema.sql with every trigger dropped, one transaction,
then the search index and the day-by-signal rating sums built in one statement each.
None of what kj also does: no checks of the file, no identifier notes, no tag, day or
month sums, no VACUUM, no Python start-up beyond this script's. Whatever rate this
prints, kj, doing all of that as well, will be slower on the same machine.
Standard library only.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from ingest import write_entries  # noqa: E402

SCHEMA = HERE.parent / "src" / "kindjournal" / "journal" / "schema.sql"
STAMP = "2026-12-06T22:00:00+00:00"


def floor_run(source: Path, journal: Path) -> dict[str, float]:
    """Seconds for each step of one run into a new journal at journal."""
    started = time.perf_counter()
    conn = sqlite3.connect(journal, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.executescript(SCHEMA.read_text(encoding="utf-8"))
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("BEGIN")
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'"
                                ).fetchall():
        conn.execute(f"DROP TRIGGER {name}")
    prompts: dict[str, int] = {}
    made = time.perf_counter()
    with source.open(encoding="utf-8") as lines:
        for line in lines:
            entry = json.loads(line)
            entry_id = conn.execute(
                "INSERT INTO entries (uuid, shift_date, shift_type, created_at, updated_at, "
                "status, pack, share, supervision) VALUES (?, ?, ?, ?, ?, 'complete', "
                "'after-shift', ?, ?)",
                (str(uuid.uuid4()), entry["date"], entry.get("shift"), STAMP, STAMP,
                 int(entry["share"]), int(entry["supervision"]))).lastrowid
            rows = []
            for position, (theme, answer) in enumerate(entry["answers"].items()):
                if theme not in prompts:
                    conn.execute("INSERT INTO prompts (text) VALUES (?)", (f"About {theme}?",))
                    prompts[theme] = conn.execute("SELECT max(id) FROM prompts").fetchone()[0]
                rows.append((entry_id, position, theme, theme, prompts[theme], answer, STAMP))
            conn.executemany(
                "INSERT INTO answers (entry_id, position, theme_key, prompt_key, prompt_id, "
                "answer, answered_at) VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
            conn.executemany("INSERT INTO checkins (entry_id, signal_key, value, position) "
                             "VALUES (?, ?, ?, ?)",
                             [(entry_id, *pair, position)
                              for position, pair in enumerate(entry["checkin"].items())])
            conn.executemany("INSERT INTO tags (entry_id, tag) VALUES (?, ?)",
                             [(entry_id, tag) for tag in sorted(set(entry["tags"]))])
            conn.execute("INSERT INTO actions (entry_id, text, status, created_at, owner_date) "
                         "VALUES (?, ?, 'open', ?, ?)",
                         (entry_id, entry["answers"].get("forward") or "-", STAMP, entry["date"]))
    inserted = time.perf_counter()
    conn.execute("INSERT INTO entries_fts (rowid, answers, prompts, tags, actions) "
                 "SELECT id, answers, prompts, tags, actions FROM entries_fts_source")
    indexed = time.perf_counter()
    conn.execute("INSERT INTO trend_ratings (shift_date, shift_type, signal_key, total, ratings) "
                 "SELECT e.shift_date, coalesce(e.shift_type, ''), c.signal_key, sum(c.value), "
                 "count(c.value) FROM checkins c JOIN entries e ON e.id = c.entry_id "
                 "WHERE c.value IS NOT NULL GROUP BY 1, 2, 3")
    summed = time.perf_counter()
    conn.execute("COMMIT")
    conn.close()
    ended = time.perf_counter()
    return {"all": ended - started, "inserts": inserted - made, "index": indexed - inserted,
            "sums": summed - indexed, "commit and close": ended - summed}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=5)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "entries.jsonl"
        write_entries(source, options.entries)
        runs = []
        for round_number in range(options.rounds):
            journal = Path(folder) / f"floor-{round_number}.db"
            runs.append(floor_run(source, journal))
    print(f"{options.entries:,} entries, {options.rounds} rounds, medians (seconds):\n")
    print("| step | s |\n| --- | ---: |")
    for step in runs[0]:
        print(f"| {step} | {statistics.median(run[step] for run in runs):.2f} |")
    best = statistics.median(run["all"] for run in runs)
    print(f"\nThe floor: {options.entries / best:,.0f} entries a second.")


if __name__ == "__main__":
    main()
