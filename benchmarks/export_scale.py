"""Export at scale: time and peak memory of 'kj export' for journals of growing size.

    python benchmarks/export_scale.py            # 10,000 and 100,000 entries
    python benchmarks/export_scale.py 1000 5000  # other sizes

Each journal is built once with 'kj reflect --from -' (JSON Lines, invented text) in a
temporary folder; each export runs in its own process, measured by resource.getrusage
on that child alone (peak resident memory) and the wall clock. Streaming means peak
memory stays flat as the journal grows and time grows in proportion to it.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

SIGNALS = ["exhaustion", "detachment", "dread", "recovery", "connection", "difference",
           "agency", "support"]
THEMES = ["person", "contribution", "agency", "skills", "hard", "colleagues", "forward"]
WORDS = ("calm busy handover family quiet kind tired listened waited window tea walk "
         "laughed frightened settled team shared breath slow").split()


def invented_entry(rng: random.Random, index: int) -> dict:
    day = date(2026, 11, 22) - timedelta(days=index % 3000)
    return {
        "date": day.isoformat(), "shift": rng.choice(["day", "night", "long-day"]),
        "checkin": {key: rng.randint(0, 4) for key in SIGNALS},
        "answers": {theme: " ".join(rng.choices(WORDS, k=rng.randint(8, 40)))
                    for theme in rng.sample(THEMES, 4)},
        "tags": rng.sample(["nights", "family", "team", "handover"], 2),
        "share": rng.random() < 0.2,
    }


def kj_command() -> list[str]:
    return [sys.executable, "-m", "kindjournal"]


def build(db: Path, count: int) -> None:
    rng = random.Random(count)
    lines = "\n".join(json.dumps(invented_entry(rng, i)) for i in range(count))
    subprocess.run([*kj_command(), "--db", str(db), "reflect", "--from", "-"],
                   input=lines.encode(), check=True, capture_output=True)


def measure(args: list[str]) -> tuple[float, float]:
    """Seconds and peak MiB of one child process running kj with args."""
    # A fresh wrapper per run, so RUSAGE_CHILDREN holds this one export only.
    probe = ("import resource, subprocess, sys, time; start = time.perf_counter(); "
             "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL); "
             "print(time.perf_counter() - start, "
             "resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    out = subprocess.run([sys.executable, "-c", probe, *kj_command(), *args],
                         check=True, capture_output=True, text=True).stdout.split()
    return float(out[0]), int(out[1]) / 1024  # ru_maxrss is KiB on Linux


def main(sizes: list[int]) -> None:
    print(f"{'entries':>8}  {'format':<9} {'seconds':>8} {'peak MiB':>9} {'file MiB':>9}")
    with tempfile.TemporaryDirectory() as folder:
        for count in sizes:
            db = Path(folder) / f"journal-{count}.db"
            started = time.perf_counter()
            build(db, count)
            built = time.perf_counter() - started
            print(f"{count:>8}  (built in {built:.1f} s)")
            for format_name in ("json", "markdown"):
                target = Path(folder) / f"export-{count}.{format_name}"
                seconds, peak = measure(["--db", str(db), "export", "--format", format_name,
                                         "-o", str(target)])
                size = target.stat().st_size / 2**20
                os.unlink(target)
                print(f"{count:>8}  {format_name:<9} {seconds:>8.2f} {peak:>9.1f} {size:>9.1f}")


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [10_000, 100_000])
