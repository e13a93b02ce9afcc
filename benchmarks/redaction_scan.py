"""How long does redaction take per entry? Run from the repository:

    python benchmarks/redaction_scan.py [--before REV] [--entries 2000] [--rounds 15]

Times two redaction.py files side by side in one process: the one at REV (git show,
default c14881c, before the scan was made fast) and the one in this working tree. Each
round times both, in alternating order, over the same invented entries; the table gives
the median microseconds per entry (wall and CPU) of:

- scan: what 'kj reflect --from' does with each answer (kinds_found(find_identifiers()))
  with a private list of names, and without one;
- redact: what a group export does with each answer (redact()).

Two kinds of text: the ingest benchmark's answers (bench.py's generator, about 220
characters each, four a entry) and long answers (about 1,500 characters) that mix in
digits, capitals, doses, times and now and then a real-looking identifier. Both files
must find exactly the same things in every answer: the script checks before timing.
Standard library only; loads the files by path, so nothing needs installing.
"""

from __future__ import annotations

import argparse
import datetime
import importlib.util
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from bench import FEELINGS, LEARNING, MOMENTS, OPENINGS, STATES, invented_entry  # noqa: E402

NAMES = ["Mrs Quill", "Rose", "Zoe Hart", "Dr Okafor", "Will", "O'Neill"]

# Invented sentences of the kind longer reflections hold: numbers, times, capitals.
EVERYDAY_DETAIL = (
    "Gave 2 paracetamol at 0700 and again at 1400.", "Obs every 15 minutes; BP 120/80.",
    "Sats 94 on 2 litres, better by 10.", "We had 3 admissions and 2 discharges by noon.",
    "The Ward Manager listened when I raised it at the huddle.",
    "On Tuesday the team met to talk it through.", "I did 3 laps of the garden with her.",
    "Took 20 minutes to settle him after the phone call.", "Shift ran 07:00 to 19:30.",
    "Scored 7 out of 10 on the pain scale at the start, 4 by the end.",
    "Dr on call was busy, so we waited an hour.", "NEWS2 was 5 at midnight and 3 by six.",
    "Training on 5 March 2024 helped more than I expected.", "We are 2 HCAs down on nights.",
    "Level 3 safeguarding is booked for June.", "I wrote it up in the notes at 2am.",
)
IDENTIFYING_DETAIL = (
    "Mrs Quill asked for her glasses twice.", "The man in bed 4 was agitated all night.",
    "Dr Lindqvist changed the plan at 10.", "His daughter rang 07700 900123 at teatime.",
    "She went home to Ivy Cottage on Friday.", "NHS no 943 476 5919 was on the form.",
    "Rose was tearful at handover.", "DOB 12/03/1950 on the wristband was wrong.",
    "Bay C had two falls before lunch.", "email jo dot bloggs at example dot org",
)


def long_answer(rng: random.Random) -> str:
    sentences: list[str] = []
    while sum(map(len, sentences)) < 1500:
        kind = rng.random()
        if kind < 0.35:
            sentences.append(rng.choice(EVERYDAY_DETAIL))
        elif kind < 0.37:
            sentences.append(rng.choice(IDENTIFYING_DETAIL))
        elif kind < 0.55:
            sentences.append(f"{rng.choice(OPENINGS)} {rng.choice(STATES)}.")
        elif kind < 0.8:
            sentences.append(f"{rng.choice(MOMENTS).capitalize()}.")
        else:
            sentences.append(f"{rng.choice(FEELINGS + LEARNING)}.")
    return " ".join(sentences)


def load(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def before_file(rev: str, folder: Path) -> Path:
    text = subprocess.run(["git", "show", f"{rev}:src/kindjournal/redaction.py"], cwd=ROOT,
                          capture_output=True, text=True, check=True).stdout
    path = folder / "redaction_before.py"
    path.write_text(text)
    return path


def scan(module, entries, names):
    for answers in entries:
        for answer in answers:
            module.kinds_found(module.find_identifiers(answer, names))


def redact(module, entries, names):
    for answers in entries:
        for answer in answers:
            module.redact(answer, names)


def timed(job, module, entries, names) -> tuple[float, float]:
    """Microseconds per entry: wall, CPU."""
    wall, cpu = time.perf_counter(), time.process_time()
    job(module, entries, names)
    return ((time.perf_counter() - wall) * 1e6 / len(entries),
            (time.process_time() - cpu) * 1e6 / len(entries))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", default="c14881c", help="git revision to compare with")
    parser.add_argument("--entries", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=15)
    options = parser.parse_args()
    rng = random.Random(17)
    today = datetime.date.today()
    ingest = [list(invented_entry(rng, number, options.entries, today)["answers"].values())
              for number in range(options.entries)]
    long = [[long_answer(rng) for _ in range(4)] for _ in range(options.entries // 4)]
    with tempfile.TemporaryDirectory() as folder:
        before = load(before_file(options.before, Path(folder)), "redaction_before")
    sys.path.insert(0, str(ROOT / "src"))  # this tree's kindjournal.redaction_patterns
    after = load(ROOT / "src" / "kindjournal" / "redaction.py", "redaction_after")
    sides = {"before": before, "after": after}

    for answers in ingest + long:
        for answer in answers:
            for names in (NAMES, []):
                if before.find_identifiers(answer, names) != after.find_identifiers(answer,
                                                                                    names):
                    sys.exit(f"before and after differ on: {answer!r}")

    cases = [("scan, ingest answers, names listed", scan, ingest, NAMES),
             ("scan, ingest answers, no names", scan, ingest, []),
             ("scan, long answers, names listed", scan, long, NAMES),
             ("redact, ingest answers, names listed", redact, ingest, NAMES),
             ("redact, long answers, names listed", redact, long, NAMES)]
    times = {(case[0], side): [] for case in cases for side in sides}
    for _warm_up in range(2):
        for _title, job, entries, names in cases:
            for module in sides.values():
                job(module, entries[:50], names)
    for round_number in range(options.rounds):
        order = list(sides) if round_number % 2 == 0 else list(sides)[::-1]
        for title, job, entries, names in cases:
            for side in order:
                times[(title, side)].append(timed(job, sides[side], entries, names))

    print(f"{options.entries:,} ingest entries (4 answers, ~220 characters each), "
          f"{len(long):,} long entries (4 answers, ~1,500 characters); median of "
          f"{options.rounds} rounds, before = {options.before}, after = this tree\n")
    print("| µs per entry | before wall | after wall | before CPU | after CPU | CPU ratio |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for title, *_rest in cases:
        wall = [statistics.median(t[0] for t in times[(title, side)]) for side in sides]
        cpu = [statistics.median(t[1] for t in times[(title, side)]) for side in sides]
        print(f"| {title} | {wall[0]:.1f} | {wall[1]:.1f} | {cpu[0]:.1f} | {cpu[1]:.1f} "
              f"| {cpu[1] / cpu[0]:.2f} |")


if __name__ == "__main__":
    main()
