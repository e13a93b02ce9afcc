"""How fast does kj take in entries, and how big is the journal? Run:
python benchmarks/ingest.py --entries 10000 [--kj 'path/to/kj']

Writes N invented entries (bench.py's generator) as one JSON Lines file, adds them to a
fresh journal with one 'kj reflect --from FILE' (one batch, one transaction), exports
that journal as JSON and imports the export into a second fresh journal with 'kj import'.
Prints entries a second and peak resident memory of each, and the size of both journals
(bytes per entry and the ratio to the answers' text), with a table per table and index
from SQLite's dbstat. Standard library only.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import invented_entry, kj_command  # noqa: E402


def timed(argv: list[str], env: dict) -> tuple[float, float]:
    """Wall seconds and peak resident MB of one whole process."""
    import subprocess

    started = time.perf_counter()
    process = subprocess.Popen(argv, env=env, stdin=subprocess.DEVNULL,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{' '.join(argv)} failed: {process.stderr.read().decode()[-400:]}")
    process.stderr.close()
    return elapsed, usage.ru_maxrss / 1024


def answers_text_bytes(journal: Path) -> int:
    conn = sqlite3.connect(journal)
    try:
        return conn.execute("SELECT coalesce(sum(length(CAST(answer AS BLOB))), 0) "
                            "FROM answers").fetchone()[0]
    finally:
        conn.close()


def storage(journal: Path) -> list[tuple[str, int]]:
    """Bytes per table or index (dbstat), largest first; FTS shadow tables summed."""
    conn = sqlite3.connect(journal)
    try:
        rows = conn.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name").fetchall()
    except sqlite3.OperationalError:
        return []
    finally:
        conn.close()
    return sorted(rows, key=lambda row: -row[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--kj", help="the kj command to run (default: the one beside python)")
    parser.add_argument("--keep", help="folder to keep the journals in")
    parser.add_argument("--batch", type=int, default=0, help="entries per --from file "
                        "(default: all in one; kj refuses files over 100 MB, about 80,000 "
                        "entries, until input streams)")
    options = parser.parse_args()
    kj = kj_command(options.kj)
    folder = Path(options.keep or tempfile.mkdtemp(prefix="kj-ingest-"))
    folder.mkdir(parents=True, exist_ok=True)
    n = options.entries
    rng = random.Random(n)
    today = datetime.date.today()
    batch = options.batch or n
    sources = [folder / f"entries-{n}-{first}.jsonl" for first in range(0, n, batch)]
    for first, source in zip(range(0, n, batch), sources, strict=True):
        with source.open("w") as handle:
            for number in range(first, min(first + batch, n)):
                handle.write(json.dumps(invented_entry(rng, number, n, today)) + "\n")
    env = {**os.environ, "KJ_HOME": str(folder / "home"), "NO_COLOR": "1"}
    by_from, by_import = folder / f"from-{n}.db", folder / f"import-{n}.db"
    exported = folder / f"export-{n}.json"
    for path in (by_from, by_import, exported):
        path.unlink(missing_ok=True)
    from_s, from_mb = 0.0, 0.0
    for source in sources:
        seconds, peak = timed([*kj, "--db", str(by_from), "reflect", "--from", str(source)],
                              env)
        from_s, from_mb = from_s + seconds, max(from_mb, peak)
    timed([*kj, "--db", str(by_from), "export", "--format", "json", "-o", str(exported)], env)
    try:
        import_s, import_mb = timed([*kj, "--db", str(by_import), "import", str(exported)],
                                    env)
    except SystemExit as refused:
        print(f"import refused: {str(refused)[-200:]}")
        import_s, import_mb, by_import = float("nan"), float("nan"), by_from
    text = answers_text_bytes(by_from)
    print(f"| {n:,} entries | entries/s | seconds | peak MB | file MB | bytes/entry | × text |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for label, seconds, peak, journal in (("reflect --from", from_s, from_mb, by_from),
                                          ("import", import_s, import_mb, by_import)):
        size = journal.stat().st_size + sum(
            p.stat().st_size for p in journal.parent.glob(journal.name + "-wal"))
        print(f"| {label} | {n / seconds:,.0f} | {seconds:.1f} | {peak:.0f} | "
              f"{size / 1e6:.1f} | {size / n:,.0f} | {size / text:.2f} |")
    print(f"\nanswers' text: {text / 1e6:.1f} MB ({text / n:,.0f} bytes/entry); "
          f"export file {exported.stat().st_size / 1e6:.1f} MB")
    print("\n| table or index (journal built by --from) | MB | bytes/entry | × text |")
    print("|---|---:|---:|---:|")
    for name, size in storage(by_from):
        if size >= 0.005 * text:
            print(f"| {name} | {size / 1e6:.1f} | {size / n:,.0f} | {size / text:.2f} |")


if __name__ == "__main__":
    main()
