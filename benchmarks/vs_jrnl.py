"""kindjournal and jrnl 4.6 side by side, holding the same text, at 10,000 entries.

    python benchmarks/vs_jrnl.py [--entries 10000] [--runs 15] [--rebuild] [--no-write]
                                 [--baseline-src DIR --baseline-label NAME]

Both sides hold the same content. The invented corpus goes into kj through
'kj reflect --from'; kj then exports it as JSON, and jrnl's text file is written from
that export (jrnl_entry): for each entry the prompts kj asked and the answers, the
check-in ratings as lines of text, the carry-forward actions and the tags as @tags,
which is what kj's Markdown export shows. So jrnl's file is derived from kj's own
export and cannot drift from it; the output gives both sizes.

jrnl's time format is '%Y-%m-%d %H:%M' (jrnl_config). That is jrnl's fast path: jrnl
reads each entry's date with datetime.strptime(date, timeformat) and only when that
fails falls back to parsing it as free text (parsedatetime), which is far slower. Its
own default, '%F %r', always fails there (Python's strptime knows neither %F nor %r),
so jrnl as installed would be slower than measured here.

jrnl 4.6 is installed with pip into its own virtual environment under
benchmarks/work/vs-jrnl/ (git-ignored); it is never a dependency of kindjournal.

Each row runs the kj command and the jrnl command (and, with --baseline-src, kj from
another source tree on the same journal: before and after in one run) after one
warm-up each, then in --runs rounds (at least 15), the order turning each round. Each
run's wall time and its CPU time (user + system, from getrusage of the finished child)
are taken; the table gives the medians and the ratios kj / jrnl, and says which rows
meet the target: kj at most half of jrnl's time, wall and CPU, on reading and export
rows. The section goes into benchmarks/results.md between the vs-jrnl marker comments.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import random
import re
import resource
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
JRNL_REQUIREMENT = "jrnl==4.6"
JRNL_TIME_FORMAT = "%Y-%m-%d %H:%M"
TARGET = 0.5
MIN_RUNS = 15

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


# -- jrnl's journal, from kj's export --------------------------------------------------


def jrnl_entry(entry: dict) -> str:
    """One entry of kj's JSON export as a jrnl entry holding the text kj's Markdown
    export shows: a title line, the check-in ratings, each answered prompt and its
    answer, the carry-forward actions, and the tags as @tags. Dated at 21:00 of the
    shift date, in JRNL_TIME_FORMAT."""
    shift = f"{entry['shift'].replace('-', ' ')} shift" if entry["shift"] else "reflection"
    lines = [f"Entry {entry['id']}, {shift}."]
    ratings = [f"{key.replace('-', ' ')}: {value}"
               for key, value in entry["checkin"].items() if value is not None]
    if ratings:
        lines += ["", "Check-in (0 to 4): " + ", ".join(ratings) + "."]
    for answer in entry["answers"]:
        if (answer["answer"] or "").strip():
            lines += ["", answer["prompt"].strip(), answer["answer"].strip()]
    for action in entry["actions"]:
        note = f" ({action['review_note']})" if action.get("review_note") else ""
        lines += ["", f"Carrying forward ({action['status']}): {action['text']}{note}"]
    if entry["tags"]:
        lines += ["", " ".join(f"@{tag}" for tag in entry["tags"])]
    when = datetime.datetime.fromisoformat(entry["date"]).replace(hour=21)
    return f"[{when.strftime(JRNL_TIME_FORMAT)}] " + "\n".join(lines) + "\n"


def jrnl_config(journal: Path) -> str:
    return f"""\
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
timeformat: '{JRNL_TIME_FORMAT}'
version: v4.6
"""


# -- the two programs ----------------------------------------------------------------


def jrnl_venv() -> Path:
    """benchmarks/work/vs-jrnl/jrnl-venv with jrnl 4.6 (made once, then reused)."""
    folder = WORK / "jrnl-venv"
    jrnl = folder / "bin" / "jrnl"
    if not jrnl.exists():
        print(f"Installing {JRNL_REQUIREMENT} into {folder.relative_to(REPO)} ...", flush=True)
        venv.create(folder, with_pip=True)
        subprocess.run([str(folder / "bin" / "python"), "-m", "pip", "install", "-q",
                        JRNL_REQUIREMENT], check=True)
    return jrnl


def environments(baseline_src: Path | None) -> dict[str, dict]:
    """The environment each program runs in: kj (this tree's src), jrnl and, when
    asked, kj from the baseline tree, on the same journal."""
    kj_home = WORK / "kj-home"
    # As a person's shell would have it: no forced-unbuffered output, and Python's
    # compiled files written and used (with PYTHONDONTWRITEBYTECODE, as some test shells
    # set it, kj's sources were compiled again on every run: about 20 ms).
    base = {key: value for key, value in os.environ.items()
            if key not in ("KJ_DB", "PYTHONUNBUFFERED", "PYTHONPATH",
                           "PYTHONDONTWRITEBYTECODE")}
    kj_env = {**base, "KJ_HOME": str(kj_home), "NO_COLOR": "1", "COLUMNS": "80",
              "PYTHONPATH": str(REPO / "src")}
    envs = {"kj": kj_env,
            "jrnl": {**base, "NO_COLOR": "1", "COLUMNS": "80",
                     "XDG_CONFIG_HOME": str(WORK / "jrnl" / "config"),
                     "XDG_DATA_HOME": str(WORK / "jrnl" / "data")}}
    if baseline_src is not None:
        envs["baseline"] = {**kj_env, "PYTHONPATH": str(baseline_src)}
    return envs


def build(entries: int, rebuild: bool, kj_env: dict) -> None:
    """kj's journal from the invented corpus, then jrnl's file from kj's JSON export."""
    kj_home = WORK / "kj-home"
    jrnl_file = WORK / "jrnl" / "journal.txt"
    stamp = WORK / f"built-{entries}"
    if stamp.exists() and not rebuild:
        return
    for path in (kj_home / "journal.db", kj_home / "journal.db-wal", kj_home / "journal.db-shm",
                 jrnl_file, *WORK.glob("built-*")):
        path.unlink(missing_ok=True)
    corpus = invented_entries(entries, random.Random(20261123))
    corpus_file = WORK / "corpus.jsonl"
    corpus_file.parent.mkdir(parents=True, exist_ok=True)
    corpus_file.write_text("".join(json.dumps(entry) + "\n" for entry in corpus))
    print(f"Building both journals of {entries:,} entries ...", flush=True)
    kj = [sys.executable, "-m", "kindjournal"]
    subprocess.run([*kj, "reflect", "--from", str(corpus_file)], env=kj_env, check=True,
                   stderr=subprocess.DEVNULL)
    exported = WORK / "kj-export.json"
    subprocess.run([*kj, "export", "--format", "json", "--output", str(exported), "--force"],
                   env=kj_env, check=True, stdout=subprocess.DEVNULL)
    jrnl_file.parent.mkdir(parents=True, exist_ok=True)
    jrnl_file.write_text("\n".join(jrnl_entry(entry)
                                   for entry in json.loads(exported.read_text())))
    (WORK / "jrnl" / "jrnl.yaml").write_text(jrnl_config(jrnl_file))
    stamp.touch()


def rows() -> list[tuple[str, list[str], list[str], bytes | None]]:
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


def is_target(what: str) -> bool:
    """The target is for reading and exporting; start-up and adding are shown as they are."""
    return not what.startswith(("add", "start-up"))


def timed(argv: list[str], env: dict, stdin: bytes | None) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one run; the CPU time is the child's own user and
    system time (getrusage of the children, taken just before and after it)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    # Without input, stdin is /dev/null: jrnl reads piped text as a new entry.
    done = subprocess.run(argv, env=env, input=stdin, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE,
                          **({} if stdin is not None else {"stdin": subprocess.DEVNULL}))
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed: {done.stderr.decode()[-500:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu


def measure(runs: int, envs: dict[str, dict], jrnl: Path) -> list[dict]:
    kj = [sys.executable, "-m", "kindjournal"]
    results = []
    for what, kj_args, jrnl_args, stdin in rows():
        programs = {name: ([str(jrnl), *jrnl_args] if name == "jrnl" else kj + kj_args, env)
                    for name, env in envs.items()}
        names = list(programs)
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in names}
        for name in names:  # warm-up: file caches, .pyc files
            timed(*programs[name], stdin)
        for round_number in range(runs):
            turn = round_number % len(names)  # each program goes first in turn
            for name in names[turn:] + names[:turn]:
                times[name].append(timed(*programs[name], stdin))
        result = {"what": what}
        for name, samples in times.items():
            result[name] = (statistics.median(wall for wall, _ in samples) * 1000,
                            statistics.median(cpu for _, cpu in samples) * 1000)
        results.append(result)
        print(f"  {what}: " + ", ".join(f"{name} {wall:.0f} ms wall / {cpu:.0f} ms CPU"
                                        for name, (wall, cpu) in
                                        ((n, result[n]) for n in names)), flush=True)
    return results


# -- reporting -------------------------------------------------------------------------


def meets(result: dict, name: str) -> bool:
    return all(result[name][index] <= TARGET * result["jrnl"][index] for index in (0, 1))


def table(results: list[dict], baseline_label: str | None) -> str:
    head = ["what", "kj wall ms", "jrnl wall ms", "kj / jrnl wall", "kj CPU ms",
            "jrnl CPU ms", "kj / jrnl CPU", f"≤ {TARGET} (wall and CPU)?"]
    align = ["---", "---:", "---:", "---:", "---:", "---:", "---:", ":---:"]
    if baseline_label:
        head[1:1] = [f"{baseline_label} wall ms", f"{baseline_label} / jrnl wall",
                     f"{baseline_label} / jrnl CPU"]
        align[1:1] = ["---:"] * 3
    lines = ["| " + " | ".join(head) + " |", "| " + " | ".join(align) + " |"]
    for result in results:
        kj_wall, kj_cpu = result["kj"]
        jrnl_wall, jrnl_cpu = result["jrnl"]
        judged = ("yes" if meets(result, "kj") else "**no**") if is_target(result["what"]) else ""
        cells = [result["what"], f"{kj_wall:.0f}", f"{jrnl_wall:.0f}",
                 f"{kj_wall / jrnl_wall:.2f}", f"{kj_cpu:.0f}", f"{jrnl_cpu:.0f}",
                 f"{kj_cpu / jrnl_cpu:.2f}", judged]
        if baseline_label:
            base_wall, base_cpu = result["baseline"]
            cells[1:1] = [f"{base_wall:.0f}", f"{base_wall / jrnl_wall:.2f}",
                          f"{base_cpu / jrnl_cpu:.2f}"]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def verdict(results: list[dict]) -> str:
    targets = [result for result in results if is_target(result["what"])]
    met = [result["what"] for result in targets if meets(result, "kj")]
    missed = [result["what"] for result in targets if not meets(result, "kj")]
    text = (f"Meeting the target (kj ≤ {TARGET} of jrnl, wall and CPU): "
            f"{'; '.join(met) or 'none'}.")
    if missed:
        text += f" Not meeting it: {'; '.join(missed)}."
    return text


def commands_table() -> str:
    lines = ["| what | kj command | jrnl command |", "| --- | --- | --- |"]
    for what, kj_args, jrnl_args, _ in rows():
        shown = jrnl_args[2:] if jrnl_args[0] == "--config-file" else jrnl_args
        lines.append(f"| {what} | `{shlex.join(['kj', *kj_args])}` | "
                     f"`{shlex.join(['jrnl', *shown])}` |")
    return "\n".join(lines)


def jrnl_version(jrnl: Path) -> str:
    out = subprocess.run([str(jrnl), "--version"], capture_output=True, text=True).stdout
    return out.split("\n")[0].strip()


def markdown_size(kj_env: dict) -> int:
    done = subprocess.run([sys.executable, "-m", "kindjournal", "export", "--format",
                           "markdown"], env=kj_env, capture_output=True, check=True)
    return len(done.stdout)


def section(options, results: list[dict], jrnl: Path, envs: dict[str, dict]) -> str:
    kj_size = (WORK / "kj-home" / "journal.db").stat().st_size / 1e6
    jrnl_size = (WORK / "jrnl" / "journal.txt").stat().st_size / 1e6
    markdown_mb = markdown_size(envs["kj"]) / 1e6
    when = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    command = f"python benchmarks/vs_jrnl.py --entries {options.entries} --runs {options.runs}"
    before = ""
    if options.baseline_src:
        command += f" --baseline-src DIR --baseline-label '{options.baseline_label}'"
        before = (f" The {options.baseline_label} columns are kj from another source tree "
                  f"({options.baseline_label}), run in the same rounds on the same journal.")
    return (
        f"{START}\n## kindjournal and jrnl side by side ({options.entries:,} entries)\n\n"
        f"Written by `{command}` on {when}; {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, "
        f"{jrnl_version(jrnl)} (pip, in its own virtual environment).\n\n"
        "**Both sides hold the same text.** kj's journal is the invented corpus added with "
        "`kj reflect --from`; jrnl's file is written from kj's own JSON export: for each "
        "entry the prompts and answers, the check-in ratings as text, the carry-forward "
        "actions and the tags as @tags, which is what kj's Markdown export shows "
        f"(kj's Markdown export {markdown_mb:.1f} MB, jrnl's file {jrnl_size:.1f} MB; "
        f"kj's journal {kj_size:.0f} MB).\n\n"
        f"**jrnl's time format is `{JRNL_TIME_FORMAT}`, chosen because it is jrnl's fast "
        "path**: jrnl reads each entry's date with `strptime` in its configured format and "
        "falls back to free-text date parsing (much slower) when that fails, as it always "
        "does with jrnl's default `%F %r`. So jrnl here is at its quickest.\n\n"
        f"Median of {options.runs} rounds after one warm-up run each, the programs taking "
        "turns to go first; output to /dev/null. Wall time, and CPU time (user + system "
        "of the finished child, from getrusage). Target: kj at most half of jrnl's time, "
        f"wall and CPU, on every reading and export row.{before}\n\n"
        f"{table(results, options.baseline_label if options.baseline_src else None)}\n\n"
        f"{verdict(results)}\n\n{commands_table()}\n{END}\n"
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
    parser.add_argument("--runs", type=int, default=MIN_RUNS,
                        help=f"timed rounds (at least {MIN_RUNS} when writing results.md)")
    parser.add_argument("--rebuild", action="store_true", help="write both journals afresh")
    parser.add_argument("--baseline-src", type=Path,
                        help="also time kj from this src folder (e.g. main's), same rounds")
    parser.add_argument("--baseline-label", default="before")
    parser.add_argument("--no-write", action="store_true", help="print only")
    options = parser.parse_args()
    if options.runs < MIN_RUNS and not options.no_write:
        parser.error(f"--runs must be at least {MIN_RUNS} for results.md (or use --no-write)")
    WORK.mkdir(parents=True, exist_ok=True)
    jrnl = jrnl_venv()
    envs = environments(options.baseline_src.resolve() if options.baseline_src else None)
    build(options.entries, options.rebuild, envs["kj"])
    results = measure(options.runs, envs, jrnl)
    text = section(options, results, jrnl, envs)
    print()
    print(text)
    if not options.no_write:
        write_results(text)
        print(f"Written to {RESULTS.relative_to(REPO)}")


if __name__ == "__main__":
    main()
