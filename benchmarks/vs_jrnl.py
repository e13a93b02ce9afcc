"""kindjournal and jrnl side by side, on the same invented 10,000-entry corpus.

    python benchmarks/vs_jrnl.py [--entries 10000] [--runs 7] [--no-write]

jrnl is installed from PyPI into its own virtual environment under
benchmarks/work/vs-jrnl/ (git-ignored); it is never a dependency of kindjournal. The
corpus is written twice: as a kindjournal journal (through 'kj reflect --from') and as
a jrnl plain-text journal with a config file pointing at it (jrnl --config-file).

Each row runs the kj command and the jrnl command alternately (kj first on even
rounds, jrnl first on odd ones), after one warm-up run each, and reports the medians
and the ratio kj / jrnl. Rows whose kj command does not exist yet say "not yet".
The table goes into benchmarks/results.md between the vs-jrnl marker comments.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import random
import re
import shlex
import sqlite3
import statistics
import subprocess
import sys
import time
import venv
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
WORK = HERE / "work" / "vs-jrnl"
RESULTS = HERE / "results.md"
START = "<!-- vs-jrnl:start -->"
END = "<!-- vs-jrnl:end -->"
JRNL_REQUIREMENT = "jrnl>=4.6,<5"

SEARCH_WORD = "handover"
TAG = "nights"
TAGS = ["nights", "family", "team", "handover", "end-of-life", "learning", "ward", "community"]
THEMES = ["person", "contribution", "agency", "skills", "hard", "colleagues"]
WORDS = ("the a and of to in was felt kind tired quiet calm listened waited held asked "
         "noticed shared rushed steady family window tea night shift bed call son daughter "
         "nurse carer colleague time hand voice room corridor medicine water moment breath "
         "smile worry relief team rota break phone doctor visit slow fast late early").split()
FORWARD = ["Ask for a debrief.", "Take my break.", "Write the plan down.",
           "Check in with the new starter.", "Leave on time once this week."]


# -- the corpus --------------------------------------------------------------------


def sentence(rng: random.Random) -> str:
    words = rng.choices(WORDS, k=rng.randint(6, 16))
    if rng.random() < 0.05:
        words.insert(rng.randrange(len(words)), SEARCH_WORD)
    return " ".join(words).capitalize() + "."


def invented_entries(count: int, rng: random.Random) -> list[dict]:
    """One entry a day, ending yesterday; about 200 words each, like real reflections."""
    last = datetime.date.today() - datetime.timedelta(days=1)
    entries = []
    for number in range(count):
        day = last - datetime.timedelta(days=count - 1 - number)
        themes = rng.sample(THEMES, rng.randint(2, 4))
        answers = {theme: " ".join(sentence(rng) for _ in range(rng.randint(3, 6)))
                   for theme in themes}
        answers["forward"] = rng.choice(FORWARD)
        entries.append({
            "date": day.isoformat(),
            "shift": rng.choice(["day", "night", "long-day", "early", "late"]),
            "checkin": {"exhaustion": rng.randrange(5), "support": rng.randrange(5)},
            "answers": answers,
            "tags": rng.sample(TAGS, rng.randint(1, 3)),
        })
    return entries


def jrnl_text(entry: dict) -> str:
    """The same entry as jrnl keeps it: '[date time] title. body', tags as @words."""
    answers = list(entry["answers"].values())
    first, _, rest = answers[0].partition(". ")
    body = "\n\n".join([rest, *answers[1:]]).strip()
    tags = " ".join(f"@{tag}" for tag in entry["tags"])
    return f"[{entry['date']} 21:00] {first}.\n{body}\n{tags}\n"


JRNL_CONFIG = """\
colors:
  body: none
  date: none
  tags: none
  title: none
default_hour: 21
default_minute: 0
editor: ''
encrypt: false
highlight: false
indent_character: '|'
journals:
  default:
    journal: {journal}
linewrap: 79
tagsymbols: '#@'
template: false
timeformat: '%Y-%m-%d %H:%M'
version: v4.6
"""


# -- the two programs ----------------------------------------------------------------


def jrnl_venv() -> Path:
    """benchmarks/work/vs-jrnl/jrnl-venv with jrnl from PyPI (made once, then reused)."""
    folder = WORK / "jrnl-venv"
    jrnl = folder / "bin" / "jrnl"
    if not jrnl.exists():
        print(f"Installing {JRNL_REQUIREMENT} into {folder.relative_to(REPO)} ...", flush=True)
        venv.create(folder, with_pip=True)
        subprocess.run([str(folder / "bin" / "python"), "-m", "pip", "install", "-q",
                        JRNL_REQUIREMENT], check=True)
    return jrnl


def build(entries: int, rebuild: bool) -> tuple[dict, dict]:
    """Both journals from one corpus; returns the environment for each program."""
    kj_home = WORK / "kj-home"
    jrnl_file = WORK / "jrnl" / "journal.txt"
    config = WORK / "jrnl" / "jrnl.yaml"
    stamp = WORK / f"built-{entries}"
    # As a person's shell would have it: no forced-unbuffered output for either program.
    base = {key: value for key, value in os.environ.items()
            if key not in ("KJ_DB", "PYTHONUNBUFFERED")}
    kj_env = {**base, "KJ_HOME": str(kj_home), "NO_COLOR": "1", "COLUMNS": "80",
              "PYTHONPATH": str(REPO / "src")}
    jrnl_env = {**base, "NO_COLOR": "1", "COLUMNS": "80",
                "XDG_CONFIG_HOME": str(WORK / "jrnl" / "config"),
                "XDG_DATA_HOME": str(WORK / "jrnl" / "data")}
    if stamp.exists() and not rebuild:
        return kj_env, jrnl_env
    for path in (kj_home / "journal.db", kj_home / "journal.db-wal", kj_home / "journal.db-shm",
                 jrnl_file, *WORK.glob("built-*")):
        path.unlink(missing_ok=True)
    corpus = invented_entries(entries, random.Random(20261123))
    corpus_file = WORK / "corpus.jsonl"
    corpus_file.parent.mkdir(parents=True, exist_ok=True)
    corpus_file.write_text("".join(json.dumps(entry) + "\n" for entry in corpus))
    print(f"Building both journals of {entries:,} entries ...", flush=True)
    subprocess.run([sys.executable, "-m", "kindjournal", "reflect", "--from", str(corpus_file)],
                   env=kj_env, check=True, stderr=subprocess.DEVNULL)
    jrnl_file.parent.mkdir(parents=True, exist_ok=True)
    jrnl_file.write_text("\n".join(jrnl_text(entry) for entry in corpus))
    config.write_text(JRNL_CONFIG.format(journal=jrnl_file))
    stamp.touch()
    return kj_env, jrnl_env


def kj_exists(command: str, env: dict) -> bool:
    probe = subprocess.run([sys.executable, "-m", "kindjournal", command, "--help"], env=env,
                           capture_output=True)
    return probe.returncode == 0


def rows(jrnl: Path) -> list[tuple[str, list[str], list[str], bytes | None]]:
    """(what, kj arguments, jrnl arguments, what both read on stdin)."""
    config = ["--config-file", str(WORK / "jrnl" / "jrnl.yaml")]
    new_entry = {"answers": {"person": "Someone waited for the tea round and smiled."},
                 "tags": [TAG]}
    return [
        ("start-up (--version)", ["--version"], ["--version"], None),
        ("show the last 10 entries", ["list", "-n", "10"], [*config, "-n", "10"], None),
        (f"search a word ('{SEARCH_WORD}', 20 shown)", ["search", SEARCH_WORD, "-n", "20"],
         [*config, "-contains", SEARCH_WORD, "-n", "20"], None),
        (f"filter by tag ('{TAG}', 20 shown)", ["list", "--tag", TAG, "-n", "20"],
         [*config, "-n", "20", f"@{TAG}"], None),
        ("export all to JSON", ["export", "--format", "json"], [*config, "--export", "json"],
         None),
        ("export all to Markdown", ["export", "--format", "markdown"],
         [*config, "--export", "markdown"], None),
        ("add an entry", ["reflect", "--from", "-"],
         [*config, f"Someone waited for the tea round and smiled. @{TAG}"],
         json.dumps(new_entry).encode()),
    ]


def timed(argv: list[str], env: dict, stdin: bytes | None) -> float:
    started = time.perf_counter()
    # Without input, stdin is /dev/null: jrnl reads piped text as a new entry.
    done = subprocess.run(argv, env=env, input=stdin, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE,
                          **({} if stdin is not None else {"stdin": subprocess.DEVNULL}))
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed: {done.stderr.decode()[-500:]}")
    return elapsed


def measure(runs: int, kj_env: dict, jrnl_env: dict, jrnl: Path) -> list[dict]:
    kj = [sys.executable, "-m", "kindjournal"]
    results = []
    for what, kj_args, jrnl_args, stdin in rows(jrnl):
        if not kj_exists(kj_args[0], kj_env) and not kj_args[0].startswith("-"):
            results.append({"what": what, "kj": None, "jrnl": None})
            continue
        pair = {"kj": (kj + kj_args, kj_env), "jrnl": ([str(jrnl), *jrnl_args], jrnl_env)}
        times: dict[str, list[float]] = {"kj": [], "jrnl": []}
        for name in pair:  # warm-up: file caches, .pyc files
            timed(*pair[name], stdin)
        for round_number in range(runs):
            order = ("kj", "jrnl") if round_number % 2 == 0 else ("jrnl", "kj")
            for name in order:
                times[name].append(timed(*pair[name], stdin))
        kj_ms = statistics.median(times["kj"]) * 1000
        jrnl_ms = statistics.median(times["jrnl"]) * 1000
        results.append({"what": what, "kj": kj_ms, "jrnl": jrnl_ms})
        print(f"  {what}: kj {kj_ms:.0f} ms, jrnl {jrnl_ms:.0f} ms", flush=True)
    return results


# -- reporting -------------------------------------------------------------------------


def table(results: list[dict], kj_cmds: list[str], jrnl_cmds: list[str]) -> str:
    lines = ["| what | kj command | jrnl command | kj ms | jrnl ms | kj / jrnl | ≤ 0.5? |",
             "| --- | --- | --- | ---: | ---: | ---: | :---: |"]
    for result, kj_cmd, jrnl_cmd in zip(results, kj_cmds, jrnl_cmds, strict=True):
        if result["kj"] is None:
            lines.append(f"| {result['what']} | `{kj_cmd}` | `{jrnl_cmd}` | not yet | | | |")
            continue
        ratio = result["kj"] / result["jrnl"]
        # The target is for reading and exporting; start-up and adding are shown as they are.
        is_target = not result["what"].startswith(("add", "start-up"))
        judged = ("yes" if ratio <= 0.5 else "**no**") if is_target else ""
        lines.append(f"| {result['what']} | `{kj_cmd}` | `{jrnl_cmd}` | {result['kj']:.0f} | "
                     f"{result['jrnl']:.0f} | {ratio:.2f} | {judged} |")
    return "\n".join(lines)


def jrnl_version(jrnl: Path) -> str:
    out = subprocess.run([str(jrnl), "--version"], capture_output=True, text=True).stdout
    return out.split("\n")[0].strip()


def section(entries: int, runs: int, body: str, jrnl: Path) -> str:
    kj_size = (WORK / "kj-home" / "journal.db").stat().st_size / 1e6
    jrnl_size = (WORK / "jrnl" / "journal.txt").stat().st_size / 1e6
    when = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    return (
        f"{START}\n## kindjournal and jrnl side by side ({entries:,} entries)\n\n"
        f"Written by `python benchmarks/vs_jrnl.py --entries {entries}` on {when}; "
        f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"SQLite {sqlite3.sqlite_version}, {jrnl_version(jrnl)} (from PyPI, in its own "
        f"virtual environment). The same invented corpus in both: kj journal "
        f"{kj_size:.0f} MB, jrnl text file {jrnl_size:.0f} MB. Median of {runs} runs each, "
        "kj and jrnl alternated, after a warm-up; output to /dev/null. Target: kj at most "
        "half of jrnl's time on every read and export row.\n\n"
        f"{body}\n{END}\n"
    )


def write_results(text: str) -> None:
    """Replace our marked section of results.md, leaving the rest of the file alone."""
    current = RESULTS.read_text() if RESULTS.exists() else "# Benchmark results\n"
    pattern = re.compile(re.escape(START) + r".*?" + re.escape(END) + r"\n?", re.S)
    if pattern.search(current):
        updated = pattern.sub(lambda _: text, current)
    else:
        updated = current.rstrip() + "\n\n" + text
    RESULTS.write_text(updated)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7, help="timed runs of each (>= 5)")
    parser.add_argument("--rebuild", action="store_true", help="write both journals afresh")
    parser.add_argument("--no-write", action="store_true", help="print only")
    options = parser.parse_args()
    if options.runs < 5:
        parser.error("--runs must be at least 5")
    WORK.mkdir(parents=True, exist_ok=True)
    jrnl = jrnl_venv()
    kj_env, jrnl_env = build(options.entries, options.rebuild)
    results = measure(options.runs, kj_env, jrnl_env, jrnl)
    row_list = rows(jrnl)
    kj_cmds = [shlex.join(["kj", *args]) for _, args, _, _ in row_list]
    jrnl_cmds = [shlex.join(["jrnl", *(args[2:] if args[0] == "--config-file" else args)])
                 for _, _, args, _ in row_list]  # shown without the config file
    text = section(options.entries, options.runs, table(results, kj_cmds, jrnl_cmds), jrnl)
    print()
    print(text)
    if not options.no_write:
        write_results(text)
        print(f"Written to {RESULTS.relative_to(REPO)}")


if __name__ == "__main__":
    main()
