"""The scenario library: invented journals (tests/scenarios/*.toml), each with the signs
and directions `kj trends` must and must not give for it.

Each file tells a story a supervisor would recognise. Its runs are check-ins every few
days between two offsets from ANCHOR (0 = ANCHOR, -7 = a week before), with fixed
ratings or ratings that move step by step to `to_ratings`. Run as a script it prints
the table of the closing note: `python tests/scenario_journals.py` (PYTHONPATH picks
which kindjournal, so the same library runs against an older checkout).
"""

from __future__ import annotations

import datetime
import json
import os
import shutil
import sys
import tempfile
import tomllib
from pathlib import Path

SCENARIOS = Path(__file__).resolve().parent / "scenarios"
# A past Friday: the trends are read --until this day, so a scenario never depends on
# the day the tests run.
ANCHOR = datetime.date(2026, 11, 20)


def scenario_files() -> list[Path]:
    return sorted(SCENARIOS.glob("*.toml"))


def load(path: Path) -> dict:
    scenario = tomllib.loads(path.read_text(encoding="utf-8"))
    scenario["name"] = path.stem
    return scenario


def checkins(scenario: dict) -> list[tuple[datetime.date, str, dict[str, int]]]:
    """(shift date, shift type, ratings) for every check-in the runs describe."""
    found = []
    for run in scenario["runs"]:
        offsets = list(range(run["first"], run["last"] + 1, run["every"]))
        start, end = run["ratings"], run.get("to_ratings", run["ratings"])
        for step, offset in enumerate(offsets):
            share = step / (len(offsets) - 1) if len(offsets) > 1 else 0.0
            ratings = {key: round(start[key] + (end[key] - start[key]) * share)
                       for key in start}
            found.append((ANCHOR + datetime.timedelta(days=offset), run["shift"], ratings))
    return sorted(found, key=lambda item: item[0])


def build(scenario: dict, home: Path) -> None:
    """The scenario's journal (and custom pack) in ``home``, through the journal API."""
    from kindjournal.journal.database import open_journal
    from kindjournal.journal.writes import EntryInput, add_entries

    db = open_journal(home / "journal.db", [])
    add_entries(db, [EntryInput(shift_date=day, pack="after-shift", shift_type=shift,
                                checkin=ratings) for day, shift, ratings in checkins(scenario)])
    db.close() if hasattr(db, "close") else db.conn.close()
    if scenario.get("pack"):
        prompts = home / "prompts"
        prompts.mkdir(exist_ok=True)
        shutil.copy(SCENARIOS / "packs" / f"{scenario['pack']}.toml",
                    prompts / "after-shift.toml")


def run(scenario: dict, home: Path) -> tuple[dict, str]:
    """`kj trends --until ANCHOR` on the scenario's journal: its JSON and its text."""
    from typer.testing import CliRunner

    from kindjournal.cli import app

    runner = CliRunner()
    env = {"KJ_HOME": str(home), "NO_COLOR": "1", "COLUMNS": "80"}
    until = ANCHOR.isoformat()
    as_json = runner.invoke(app, ["trends", "--until", until, "--json"], env=env,
                            catch_exceptions=False)
    as_text = runner.invoke(app, ["trends", "--until", until], env=env,
                            catch_exceptions=False)
    return json.loads(as_json.stdout), as_text.stdout


def direction(line: dict) -> str:
    """'higher, worse', 'about the same; lately lower' or 'not compared', as the
    summary row says it (under its header 'than the 12 weeks before')."""
    from kindjournal.trends.text import direction_words

    return direction_words(line) or "not compared"


def outcome(scenario: dict) -> dict:
    before = os.environ.get("KJ_HOME")
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        os.environ["KJ_HOME"] = str(home)  # the journal API reads it
        try:
            build(scenario, home)
            report, text = run(scenario, home)
        finally:
            if before is None:
                os.environ.pop("KJ_HOME", None)
            else:
                os.environ["KJ_HOME"] = before
    return {"signs": sorted({flag["rule"] for flag in report["flags"]}),
            "strain": direction(report["strain"]),
            "resources": direction(report["resources"]),
            "report": report, "text": text}


def main() -> None:
    print("| scenario | signs | strain | resources |")
    print("|---|---|---|---|")
    for path in scenario_files():
        found = outcome(load(path))
        print(f"| {path.stem} | {', '.join(found['signs']) or '—'} | {found['strain']} | "
              f"{found['resources']} |")


if __name__ == "__main__":
    sys.exit(main())
