"""How fast does kj take in entries, and how big is the journal? Run:
python benchmarks/ingest.py --entries 10000 [--rounds 15] [--kj 'cmd' --kj 'label=cmd' ...]
python benchmarks/ingest.py --gigabyte     # the memory check on a 1 GB file (slow)

Writes N invented entries (bench.py's generator) as one JSON Lines file, adds them to a
fresh journal with one 'kj reflect --from FILE' (one batch, one transaction), exports
that journal as JSON once, and imports the export into a fresh journal with 'kj import'.
Each --kj given (default: the kj beside this Python) is run in turn, alternating, for
each round, with the floor (ingest_floor.py: the same file into kj's schema through
plain sqlite3) as a whole process too; the table has the median entries a second, that
rate as a share of the floor's in the same run (this machine's speed moves by up to
1.45x within the hour; the share does not), wall and CPU seconds, and the peak
resident memory of each whole process. Then the size of the first kj's journals
(bytes per entry and the ratio to the answers' text), with a table per table and index
from SQLite's dbstat.

--gigabyte writes a JSON array of about 1 GB (kj's export shape, about 450,000 entries)
and runs 'kj import' and 'kj reflect --from' on it once each: the target is peak memory
of at most 100 MB, whatever the file's size. Standard library only.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import invented_entry, kj_command  # noqa: E402


def timed(argv: list[str], env: dict) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak resident MB of one whole process."""
    started = time.perf_counter()
    process = subprocess.Popen(argv, env=env, stdin=subprocess.DEVNULL,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    # stderr is read while it runs: a long file's notes would fill the pipe.
    errors = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    process.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{' '.join(argv)} failed: {errors.decode()[-400:]}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


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


def fresh(path: Path) -> Path:
    for side in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        side.unlink(missing_ok=True)
    return path


def journal_size(journal: Path) -> int:
    return journal.stat().st_size + sum(
        p.stat().st_size for p in journal.parent.glob(journal.name + "-wal"))


def variants(given: list[str] | None) -> list[tuple[str, list[str]]]:
    """(label, command) for each --kj: 'label=command' (the label before any space),
    or a command, labelled by its number."""
    found = []
    for number, text in enumerate(given or [""], start=1):
        label, command = f"kj {number}" if given else "kj", text
        if "=" in text.split(" ", 1)[0]:
            label, command = text.split("=", 1)
        found.append((label, kj_command(command or None)))
    return found


# One run of ingest_floor.py's floor_run: argv[1] the JSON Lines file, argv[2] the journal.
FLOOR = ("import sys; from pathlib import Path; "
         f"sys.path.insert(0, {str(Path(__file__).parent)!r}); from ingest_floor import "
         "floor_run; floor_run(Path(sys.argv[1]), Path(sys.argv[2]))")


def write_entries(path: Path, n: int, as_array: bool = False) -> None:
    rng = random.Random(n)
    today = datetime.date.today()
    with path.open("w", encoding="utf-8") as handle:
        handle.write("[\n" if as_array else "")
        for number in range(n):
            if as_array and number:
                handle.write(",\n")
            handle.write(json.dumps(invented_entry(rng, number, n, today), ensure_ascii=False))
            handle.write("" if as_array else "\n")
        handle.write("\n]\n" if as_array else "")


def speed(options, folder: Path, env: dict) -> None:
    n = options.entries
    kjs = variants(options.kj)
    source = folder / f"entries-{n}.jsonl"
    write_entries(source, n)
    exported = folder / f"export-{n}.json"
    runs: dict[tuple[str, str], list[tuple[float, float, float]]] = {}
    built = None  # the first journal built by --from: its export is what is imported
    for round_number in range(options.rounds):
        # The floor (ingest_floor.py) on the same file, as a whole process too: this
        # machine's speed in this run, which the kjs' rates are read against.
        runs.setdefault(("floor", "plain sqlite3"), []).append(timed(
            [sys.executable, "-c", FLOOR, str(source), str(fresh(folder / "floor.db"))], env))
        # Each round in the other order: whichever runs first in a round does not
        # always meet the machine in the same state.
        order = list(enumerate(kjs))[::-1 if round_number % 2 else 1]
        for index, (label, kj) in order:
            by_from = fresh(folder / f"from-{index}.db")
            try:
                result = timed([*kj, "--db", str(by_from), "reflect", "--from", str(source)],
                               env)
            except RuntimeError as refused:  # a kj that refuses files over 100 MB
                print(f"{label}: --from refused: {str(refused)[-160:]}", file=sys.stderr)
                result = (float("nan"),) * 3
            runs.setdefault((label, "reflect --from"), []).append(result)
            if round_number == 0 and built is None and result[0] == result[0]:
                built = by_from
                exported.unlink(missing_ok=True)
                timed([*kj, "--db", str(by_from), "export", "--format", "json", "-o",
                       str(exported)], env)
        for index, (label, kj) in order:
            by_import = fresh(folder / f"import-{index}.db")
            try:
                result = timed([*kj, "--db", str(by_import), "import", str(exported)], env)
            except RuntimeError as refused:
                print(f"{label}: import refused: {str(refused)[-160:]}", file=sys.stderr)
                result = (float("nan"),) * 3
            runs.setdefault((label, "import"), []).append(result)
    print(f"{n:,} entries, {options.rounds} rounds alternating, medians; export file "
          f"{exported.stat().st_size / 1e6:.1f} MB\n")
    print("| kj | path | entries/s | of the floor | wall s | CPU s | peak MB |")
    print("|---|---|---:|---:|---:|---:|---:|")
    floor_wall = statistics.median(result[0] for result in runs["floor", "plain sqlite3"])
    for (label, path), results in runs.items():
        wall, cpu, peak = (statistics.median(column) for column in zip(*results, strict=True))
        print(f"| {label} | {path} | {n / wall:,.0f} | {floor_wall / wall:.2f} | {wall:.2f} | "
              f"{cpu:.2f} | {peak:.0f} |")
    by_from = built
    by_import = folder / f"import-{by_from.stem.split('-')[1]}.db"
    text = answers_text_bytes(by_from)
    print(f"\nanswers' text: {text / 1e6:.1f} MB ({text / n:,.0f} bytes/entry)")
    print("\n| journal | MB | bytes/entry | × text |\n|---|---:|---:|---:|")
    for label, journal in (("built by --from", by_from), ("built by import", by_import)):
        size = journal_size(journal)
        print(f"| {label} | {size / 1e6:.1f} | {size / n:,.0f} | {size / text:.2f} |")
    print("\n| table or index (journal built by --from) | MB | bytes/entry | × text |")
    print("|---|---:|---:|---:|")
    for name, size in storage(by_from):
        if size >= 0.005 * text:
            print(f"| {name} | {size / 1e6:.1f} | {size / n:,.0f} | {size / text:.2f} |")


def gigabyte(options, folder: Path, env: dict) -> None:
    """Peak memory of 'kj import' and 'kj reflect --from' of a 1 GB file, once each."""
    n = options.entries if options.entries != 10_000 else 450_000
    source = folder / f"gigabyte-{n}.json"
    if not source.exists():
        write_entries(source, n, as_array=True)
    size = source.stat().st_size
    print(f"{source.name}: {size / 1e9:.2f} GB, {n:,} entries (a JSON array, export shape)\n")
    print("| kj | path | entries/s | wall s | CPU s | peak MB |\n|---|---|---:|---:|---:|---:|")
    for label, kj in variants(options.kj):
        for path, args in (("import", ["import", str(source)]),
                           ("reflect --from", ["reflect", "--from", str(source)])):
            journal = fresh(folder / "gigabyte.db")
            try:
                wall, cpu, peak = timed([*kj, "--db", str(journal), *args], env)
            except RuntimeError as refused:
                print(f"| {label} | {path} | refused: {str(refused)[-120:]} | | | |")
                continue
            print(f"| {label} | {path} | {n / wall:,.0f} | {wall:.1f} | {cpu:.1f} | "
                  f"{peak:.0f} |")
            fresh(journal)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--kj", action="append", help="a kj command to run, as "
                        "'label=command' or 'command' (repeat to compare; default: the kj "
                        "beside this Python)")
    parser.add_argument("--keep", help="folder to keep the files and journals in")
    parser.add_argument("--gigabyte", action="store_true", help="only the memory check on "
                        "a 1 GB file (about 450,000 entries; --entries to change)")
    options = parser.parse_args()
    folder = Path(options.keep or tempfile.mkdtemp(prefix="kj-ingest-"))
    folder.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "KJ_HOME": str(folder / "home"), "NO_COLOR": "1"}
    (gigabyte if options.gigabyte else speed)(options, folder, env)


if __name__ == "__main__":
    main()
