"""How fast does kj start and answer on a big journal? Run: python benchmarks/bench.py

Builds (once, then reuses) a synthetic journal of N invented entries under
benchmarks/work/, then times whole `kj` processes: the median of several runs after a
warm-up, beside `python -c "import typer"` timed in the same run, with each command's
peak memory. Prints a table and writes it into benchmarks/results.md with the machine
it ran on. Standard library only; it runs the kj installed beside this Python (or on
PATH), so install kindjournal first (pip install .).

Targets: each command at most 1.5x the Typer import at 10,000 entries and at most 2x
at 100,000: kj's cost should be set by start-up, not by the size of the journal.
"""

from __future__ import annotations

import argparse
import datetime
import json
import math
import os
import platform
import random
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results.md"
BATCH = 5_000  # entries per 'kj reflect --from' call: one transaction, flat memory
SPAN_DAYS = 3_650  # entries are spread over ten years, whatever N is
SEARCH_WORD = "handover"  # planted in about 8% of entries, and only there
COMMON_WORD = "felt"  # in most entries: the worst case for ranking by bm25()
TAG = "family"

THEMES = ("person", "contribution", "agency", "skills", "hard", "colleagues", "forward")
STRAIN = ("exhaustion", "detachment", "dread")
RESOURCE = ("recovery", "connection", "difference", "agency", "support")
TAGS = ("family", "nights", "short-staffed", "end-of-life", "teamwork", "learning",
        "dementia", "agency-staff", "good-day", "rota", "mentoring", "falls",
        "safeguarding-training", "community", "breaks")

# Invented fragments, recombined at random: realistic in shape, about no one.
OPENINGS = (
    "Tonight the ward felt", "This morning the unit was", "Most of the shift felt",
    "By the end of the day I was", "At the start the team seemed", "Early on the floor was",
    "After the break things were", "For the first hours it was",
)
STATES = (
    "calm and unhurried", "stretched thin", "noisy but kind", "quiet and heavy",
    "busier than the rota allowed", "steady", "tense after a difficult call",
    "warm despite the pressure", "rushed from the start", "slower than usual",
)
MOMENTS = (
    "I sat for a few minutes with someone who was frightened and just listened",
    "a relative thanked me for explaining the plan in plain words",
    "I noticed a resident was quieter than usual and asked what was on their mind",
    "we got someone out into the garden for the first time in weeks",
    "a colleague covered my break so I could eat something",
    "I stayed late to finish the notes properly and felt resentful about it",
    "the morning huddle was rushed and I missed something I should have asked",
    "I helped a new starter with a difficult conversation about discharge",
    "someone refused care and I took the time to understand why",
    "I held a hand during a long night and did not feel alone in it",
    "the family were angry and I tried not to take it personally",
    "a small thing like a warm drink changed the whole afternoon for someone",
    "I was on autopilot for an hour and only noticed afterwards",
    "the team pulled together when two people called in sick",
    "I explained a change in medication and checked it was understood",
    "a manager stopped by and asked how we were really doing",
)
FEELINGS = (
    "I felt tired but useful", "I felt proud of the team", "I felt drained and a bit numb",
    "I felt anxious about the next shift", "I felt connected to the person in front of me",
    "I felt rushed and not at my best", "I felt listened to for once",
    "I felt frustrated with the staffing", "I felt calmer than I expected",
    "I felt sad in a way that was hard to name",
)
LEARNING = (
    "Next time I want to ask one more question before moving on",
    "I learned that slowing down for two minutes saves twenty later",
    "It reminded me that the person is more than the task on my list",
    "I want to bring this to supervision and talk it through",
    "Asking for help early made the whole shift easier",
    "I need to protect my break even when the ward is busy",
    "Small kindnesses between colleagues matter more than I admit",
    "I could use more practice with difficult conversations",
)
FORWARD = (
    "Take my full break", "Ask for a debrief after hard calls", "Check in with the new starter",
    "Write notes as I go", "Bring the staffing worry to the team meeting",
    "Sit down for five minutes with someone each shift", "Book supervision this month",
    "Ask about the end-of-life training", "Hand over with a written list",
)


def strain_level(day_index: int) -> float:
    """0..1: weeks of strain rising to a peak, then recovery, with a slow yearly swell."""
    weeks = day_index / 7
    cycle = 0.5 + 0.35 * math.sin(weeks / 9.0) + 0.15 * math.sin(weeks / 26.0)
    return min(1.0, max(0.0, cycle))


def invented_answer(rng: random.Random, words_wanted: int) -> str:
    sentences: list[str] = []
    while sum(len(s.split()) for s in sentences) < words_wanted:
        kind = rng.random()
        if kind < 0.3:
            sentences.append(f"{rng.choice(OPENINGS)} {rng.choice(STATES)}.")
        elif kind < 0.65:
            sentences.append(f"{rng.choice(MOMENTS).capitalize()}.")
        elif kind < 0.85:
            sentences.append(f"{rng.choice(FEELINGS)}.")
        else:
            sentences.append(f"{rng.choice(LEARNING)}.")
    return " ".join(sentences)


def invented_entry(rng: random.Random, number: int, total: int, today: datetime.date) -> dict:
    day_index = int(number * SPAN_DAYS / total)
    shift_date = today - datetime.timedelta(days=SPAN_DAYS - day_index)
    strain = strain_level(day_index)

    def rating(level: float) -> int:
        return max(0, min(4, round(level * 4 + rng.gauss(0, 0.6))))

    checkin = {key: rating(strain) for key in STRAIN}
    checkin |= {key: rating(1 - strain) for key in RESOURCE}
    total_words = rng.randint(100, 300)
    themes = rng.sample(THEMES[:-1], rng.randint(2, 4))
    answers = {theme: invented_answer(rng, total_words // (len(themes) + 1))
               for theme in themes}
    answers["forward"] = rng.choice(FORWARD)
    entry = {
        "date": shift_date.isoformat(),
        "shift": rng.choice(("day", "night", "long-day", "early", "late")),
        "checkin": checkin,
        "answers": answers,
        "tags": rng.sample(TAGS, rng.randint(1, 3)),
        "share": rng.random() < 0.1,
        "supervision": rng.random() < 0.15 + 0.3 * strain,
    }
    if rng.random() < 0.08:
        entry["answers"]["person"] = entry["answers"].get("person", "") + \
            f" The {SEARCH_WORD} went well today."
    if shift_date < today - datetime.timedelta(days=30) and rng.random() < 0.7:
        entry["actions"] = [{"text": answers["forward"],
                             "status": rng.choice(("done", "done", "dropped")),
                             "review_note": None}]
    return entry


def kj_command(explicit: str | None) -> list[str]:
    if explicit:
        return explicit.split()
    beside = Path(sys.executable).parent / "kj"
    if beside.exists():
        return [str(beside)]
    found = shutil.which("kj")
    if found:
        return [found]
    sys.exit("kj is not installed: run 'pip install .' first (or pass --kj 'python -m "
             "kindjournal').")


def build_journal(kj: list[str], env: dict, journal: Path, entries: int) -> float:
    """Add N invented entries through 'kj reflect --from', in batches."""
    rng = random.Random(entries)
    today = datetime.date.today()
    started = time.perf_counter()
    for first in range(0, entries, BATCH):
        lines = "\n".join(json.dumps(invented_entry(rng, number, entries, today))
                          for number in range(first, min(first + BATCH, entries)))
        subprocess.run([*kj, "reflect", "--from", "-"], input=lines.encode(), env=env,
                       check=True, stdout=subprocess.DEVNULL)
        print(f"  built {min(first + BATCH, entries):,} of {entries:,}", end="\r", flush=True)
    print()
    return time.perf_counter() - started


def run_once(argv: list[str], env: dict, stdin_bytes: bytes | None) -> tuple[float, int, float]:
    """Wall time in seconds, peak resident memory in KiB and CPU seconds (user + system)
    of one whole process."""
    if "-o" in argv:  # an export: kj will not overwrite a file, so each run writes afresh
        Path(argv[argv.index("-o") + 1]).unlink(missing_ok=True)
    started = time.perf_counter()
    process = subprocess.Popen(argv, env=env, stdin=subprocess.PIPE if stdin_bytes else
                               subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
    if stdin_bytes:
        process.stdin.write(stdin_bytes)
        process.stdin.close()
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        error = process.stderr.read().decode(errors="replace").strip()
        sys.exit(f"{' '.join(argv)} failed ({process.returncode}): {error}")
    process.stderr.close()
    peak_kib = usage.ru_maxrss if sys.platform != "darwin" else usage.ru_maxrss // 1024
    return elapsed, peak_kib, usage.ru_utime + usage.ru_stime


def measure_all(commands: list[tuple[list[str], bytes | None, dict]], runs: int):
    """(median seconds, peak KiB) per command, each (argv, stdin, environment). Runs go
    round-robin, one of each command per round, so a busy moment on the machine slows
    every command alike rather than one of them."""
    for argv, stdin_bytes, env in commands:
        run_once(argv, env, stdin_bytes)  # warm-up: file cache, .pyc files
    samples: list[list[tuple[float, int, float]]] = [[] for _ in commands]
    for _ in range(runs):
        for index, (argv, stdin_bytes, env) in enumerate(commands):
            samples[index].append(run_once(argv, env, stdin_bytes))
    return [(statistics.median(s[0] for s in runs_of), max(s[1] for s in runs_of),
             statistics.median(s[2] for s in runs_of)) for runs_of in samples]


ENCRYPTED_PASSPHRASE = "a benchmark lantern by the sluice gate"  # invented, for this copy only


def encrypted_journal(kj: list[str], env: dict, journal: Path, work: Path) -> dict:
    """An encrypted copy of the journal, its key kept in benchmarks/file_keyring.py (a JSON
    file under work/, standing in for the operating system's keyring, which is never
    touched), and the environment that opens it as a person's own kj would: no
    PYTHON_KEYRING_BACKEND, and kj's record of the backend that served the key (the
    file 'keyring-backend' in its data folder, which kj writes itself the first time a
    key comes from keyring's own search of installed backends). Returns that environment."""
    copy = work / f"{journal.stem}-encrypted.db"
    secrets = work / "bench-keyring.json"
    keyed = env | {"KJ_DB": str(copy), "KJ_BENCH_KEYRING_FILE": str(secrets),
                   "PYTHONPATH": os.pathsep.join(filter(None, [str(HERE),
                                                                env.get("PYTHONPATH")]))}
    if not copy.exists():  # --rebuild removes it with the journal
        with sqlite3.connect(journal) as source, sqlite3.connect(copy) as target:
            source.backup(target)
        copy.chmod(0o600)
        subprocess.run([*kj, "encrypt", "--yes", "--remember"], check=True,
                       env=keyed | {"KJ_PASSPHRASE": ENCRYPTED_PASSPHRASE,
                                    "PYTHON_KEYRING_BACKEND": "file_keyring.FileKeyring"},
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    record = Path(env["KJ_HOME"]) / "keyring-backend"
    record.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    record.write_text("file_keyring.FileKeyring")
    record.chmod(0o600)
    return keyed


def command_exists(kj: list[str], env: dict, name: str) -> bool:
    return subprocess.run([*kj, name, "--help"], env=env, stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL).returncode == 0


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        match = re.search(r"^model name\s*:\s*(.+)$", Path("/proc/cpuinfo").read_text(), re.M)
        cpu = match.group(1).strip() if match else cpu
    except OSError:
        pass
    return (f"{cpu}, {os.cpu_count()} cores; {platform.system()} {platform.release()}; "
            f"Python {platform.python_version()}; SQLite {sqlite3.sqlite_version}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7, help="timed runs per command (>= 5)")
    parser.add_argument("--kj", help="how to run kj, e.g. 'python -m kindjournal'")
    parser.add_argument("--rebuild", action="store_true", help="build the journal afresh")
    parser.add_argument("--no-write", action="store_true", help="print only; leave results.md")
    parser.add_argument("--build-only", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args()
    runs = max(5, options.runs)
    kj = kj_command(options.kj)
    work = HERE / "work"
    work.mkdir(mode=0o700, exist_ok=True)
    journal = work / f"journal-{options.entries}.db"
    env = os.environ | {"KJ_DB": str(journal), "KJ_HOME": str(work / "home"),
                        "COLUMNS": "80", "NO_COLOR": "1"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    # The data folder exists on any kj in use (the journal lives there unless KJ_DB says
    # otherwise); without it kj keeps no pack cache and reads the packs' TOML every run.
    (work / "home").mkdir(mode=0o700, exist_ok=True)
    if options.rebuild and journal.exists():
        for suffix in ("", "-wal", "-shm"):
            Path(f"{journal}{suffix}").unlink(missing_ok=True)
            Path(f"{work / journal.stem}-encrypted.db{suffix}").unlink(missing_ok=True)
    if options.build_only:
        print(f"Building a journal of {options.entries:,} invented entries in {journal} …")
        seconds = build_journal(kj, env, journal, options.entries)
        print(f"  took {seconds:.1f} s")
        return
    if not journal.exists():
        # Built in a child process: a child's peak memory (ru_maxrss) starts from its
        # parent's size at fork, so this process must stay small while it times kj.
        subprocess.run([sys.executable, __file__, "--entries", str(options.entries),
                        "--build-only", *(["--kj", options.kj] if options.kj else [])],
                       check=True)
    size_mb = journal.stat().st_size / 1e6
    with sqlite3.connect(journal) as conn:
        middle = conn.execute("SELECT id FROM entries ORDER BY id LIMIT 1 OFFSET ?",
                              [options.entries // 2]).fetchone()[0]
        stored = conn.execute("SELECT count(*) FROM entries").fetchone()[0]
    one_entry = json.dumps({"date": "yesterday", "shift": "night",
                            "checkin": {"exhaustion": 2, "support": 3},
                            "answers": {"person": "A benchmark entry: calm night.",
                                        "forward": "Rest"}, "tags": ["benchmark"]}).encode()
    export_dir = Path(tempfile.mkdtemp(prefix="kj-bench-", dir=work))
    rows = [
        ("kj --help", [*kj, "--help"], None),
        ("kj list", [*kj, "list"], None),
        (f'kj list --since "1 year ago" --tag {TAG}',
         [*kj, "list", "--since", "1 year ago", "--tag", TAG], None),
        (f"kj search {SEARCH_WORD}", [*kj, "search", SEARCH_WORD], None),
        (f"kj search {COMMON_WORD} (in most entries)", [*kj, "search", COMMON_WORD], None),
        (f"kj show {middle}", [*kj, "show", str(middle)], None),
        ("kj reflect --from - (1 entry)", [*kj, "reflect", "--from", "-"], one_entry),
    ]
    skipped = []
    if command_exists(kj, env, "trends"):
        rows.append(('kj trends --since "10 years ago" --by month',
                     [*kj, "trends", "--since", "10 years ago", "--by", "month"], None))
    else:
        skipped.append("kj trends")
    # Issue 17 item 4: both read only what they show, however long the journal.
    for name in ("supervision", "actions"):
        if command_exists(kj, env, name):
            rows.append((f"kj {name}", [*kj, name], None))
        else:
            skipped.append(f"kj {name}")
    if command_exists(kj, env, "export"):
        for fmt in ("json", "markdown"):
            target = export_dir / f"export.{fmt}"
            rows.append((f"kj export --format {fmt} -o FILE",
                         [*kj, "export", "--format", fmt, "-o", str(target)], None))
    else:
        skipped.append("kj export")

    environments = {}
    if command_exists(kj, env, "encrypt"):
        label = "kj list (encrypted, key remembered)"
        # Beside plain kj list, and before the exports: the row after an export meets the
        # disk still writing the exported file out.
        rows.insert(2, (label, [*kj, "list"], None))
        environments[label] = encrypted_journal(kj, env, journal, work)
    else:
        skipped.append("kj list on an encrypted journal")

    print(f"Timing {len(rows)} commands and the Typer import, {runs} rounds …")
    measured = measure_all([([sys.executable, "-c", "import typer"], None, env)]
                           + [(argv, stdin_bytes, environments.get(label, env))
                              for label, argv, stdin_bytes in rows], runs)
    (typer_seconds, typer_peak, typer_cpu), *timings = measured
    target = 1.5 if options.entries <= 10_000 else 2.0
    results = [(label, seconds, peak, cpu)
               for (label, _, _), (seconds, peak, cpu) in zip(rows, timings, strict=True)]
    shutil.rmtree(export_dir, ignore_errors=True)

    table = [
        f"| command | median ms | × typer import | target ≤ {target}× | peak MB | CPU ms "
        "| CPU × typer |",
        "| --- | ---: | ---: | :---: | ---: | ---: | ---: |",
        f"| `python -c \"import typer\"` | {typer_seconds * 1000:.0f} | 1.00 | | "
        f"{typer_peak / 1024:.0f} | {typer_cpu * 1000:.0f} | 1.00 |",
    ]
    for label, seconds, peak, cpu in results:
        ratio = seconds / typer_seconds
        # Exporting the whole journal writes every entry: its target is flat memory and
        # time linear in the journal's size (export_scale.py), not the start-up budget.
        verdict = ("n/a (whole journal)" if label.startswith("kj export")
                   else "yes" if ratio <= target else "**no**")
        table.append(f"| `{label}` | {seconds * 1000:.0f} | {ratio:.2f} | "
                     f"{verdict} | {peak / 1024:.0f} | "
                     f"{cpu * 1000:.0f} | {cpu / typer_cpu:.2f} |")
    when = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    section = "\n".join([
        f"## {options.entries:,} entries",
        "",
        f"Run {when} on {machine()}. Journal: {stored:,} entries, {size_mb:.0f} MB. "
        f"Median of {runs} rounds after a warm-up (one run of each command per round); "
        "peak MB is the largest resident set of any run; CPU is user + system time, which "
        "a busy machine disturbs less than wall time (the target is on wall time).",
        "",
        *table,
        "",
        *([f"Not timed (not in this kj yet): {', '.join(skipped)}.", ""] if skipped else []),
    ])
    print()
    print(section)
    if not options.no_write:
        write_results(options.entries, section)
        print(f"Written to {RESULTS.relative_to(HERE.parent)}")


def write_results(entries: int, section: str) -> None:
    """Replace this size's section in results.md, keeping every other section as it is:
    the other sizes (smallest first), other scripts' marked sections, then the rest."""
    intro = ("# Benchmark results\n\nWritten by `python benchmarks/bench.py --entries N`; "
             "see the script for what is timed and how.\n")
    sections: dict[int, str] = {}
    rest: list[str] = []
    # Other scripts' sections (vs_jrnl.py) sit between marker comments: keep them as they are.
    marked = r"(?s)<!-- ([\w-]+):start -->.*?<!-- \1:end -->\n?"
    current = RESULTS.read_text() if RESULTS.exists() else ""
    others = "".join(match.group(0) for match in re.finditer(marked, current))
    for block in re.split(r"(?m)^(?=## )", re.sub(marked, "", current))[1:]:
        size = re.match(r"## ([\d,]+) entries\n", block)
        if size:
            sections[int(size.group(1).replace(",", ""))] = block.rstrip() + "\n"
        else:  # written by hand or by another script (ingest.py): not this script's
            rest.append(block.rstrip() + "\n")
    sections[entries] = section.rstrip() + "\n"
    RESULTS.write_text(intro + "\n" + "\n".join(sections[size] for size in sorted(sections))
                       + ("\n" + others if others else "")
                       + "".join("\n" + block for block in rest))


if __name__ == "__main__":
    main()
