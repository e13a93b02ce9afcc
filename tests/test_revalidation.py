"""Revalidation and CPD (issue 13): regulator profiles, records, progress, the portfolio."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import zipfile
from datetime import date, timedelta
from pathlib import Path

import pytest

from kindjournal.revalidation import profiles
from kindjournal.revalidation.progress import REMIND_EVERY_DAYS

TODAY = date.today()
RENEWAL = (TODAY + timedelta(days=60)).isoformat()
ROOT = Path(__file__).resolve().parents[1]


def account(days_ago: int, about: str = "CPD", changed: str | None = "I changed a habit.",
            code: str = "Preserve safety\nSafety first.") -> dict:
    answers = {"about": about, "activity": "A session with the ward team.",
               "learned": "Ask before assuming.", "code": code}
    if changed:
        answers["changed"] = changed
    return {"date": (TODAY - timedelta(days=days_ago)).isoformat(), "pack": "nmc-account",
            "answers": answers}


def day(days_ago: int) -> str:
    return (TODAY - timedelta(days=days_ago)).isoformat()


@pytest.fixture
def nurse(kj):
    kj("registration", "nmc", "--renewal", RENEWAL)
    return kj


def everything_done(kj) -> None:
    kj("record", "add", "hours", "--date", day(300), "--hours", "460",
       "--set", "organisation=Community trust", "--set", "setting=District nursing")
    for offset in range(3):
        kj("record", "add", "cpd", "--date", day(100 + offset), "--hours", "12",
           "--participatory", "7", "--set", f"topic=Topic {offset}", "--set", "method=Workshop")
    for offset in range(5):
        kj("record", "add", "feedback", "--date", day(50 + offset),
           "--set", "source=A colleague", "--set", "content=Kind words")
    kj.add(*(account(10 + n, about) for n, about in
             enumerate(["CPD", "CPD", "Feedback", "Feedback", "An event or experience"])))
    kj("record", "add", "discussion", "--date", day(5), "--set", "partner_name=Sam Carer",
       "--set", "partner_pin=12A3456E", "--set", "partner_email=sam@example.org")
    kj("registration", "nmc", "--declare", "health-character", "--declare", "indemnity")
    kj("record", "add", "confirmation", "--date", day(2), "--set", "confirmer_name=Alex Lead")


# --- profiles -------------------------------------------------------------------------


def test_built_in_profiles_validate_with_sources_and_dates():
    found = profiles.available()
    assert {"nmc", "social-work-england"} <= set(found)
    nmc = profiles.load("nmc")
    assert nmc.requirement("practice-hours").numbers == {"target": 450}
    assert nmc.requirement("cpd-hours").numbers == {"target": 35, "participatory": 20}
    assert nmc.requirement("accounts").numbers["target"] == 5
    swe = profiles.load("social-work-england")
    assert swe.year_ends == "11-30"
    assert swe.requirement("cpd-records").numbers == {"target": 2, "peer_reflection": 1}
    for profile in (nmc, swe):
        for requirement in profile.requirements:
            assert requirement.source and date.fromisoformat(requirement.checked)


def test_a_broken_profile_names_every_problem_by_file_and_field(kj, tmp_path):
    bad = tmp_path / "my-regulator.toml"
    bad.write_text(
        'name = "my-regulator"\ntitle = "Mine"\nregulator = "R"\nwho = "W"\nsource = "S"\n'
        'checked = "yesterday"\n[period]\nkind = "year"\nends = "13-40"\n'
        '[[requirements]]\nkey = "cpd"\nkind = "cpd-hour"\nlabel = "CPD"\nsource = "s"\n'
        'checked = 2026-11-28\n[[requirements]]\nkey = "hours"\nkind = "practice-hours"\n'
        'label = "h"\nsource = "s"\nchecked = 2026-11-28\ntarget = "lots"\n'
        '[portfolio.cpd]\nfields = ["topic", "colour"]\n')
    result = kj("registration", "--check", str(bad), expect=2)
    message = result.stderr
    for expected in ("checked: 'yesterday' is not a date", "period.ends",
                     "requirements[0].kind: 'cpd-hour'", "requirements[1].target",
                     "portfolio.cpd.fields[1]: 'colour'"):
        assert expected in message, message
    assert str(bad) in message and "Traceback" not in message
    good = tmp_path / "copy.toml"
    good.write_text((ROOT / "regulators" / "nmc.toml").read_text().replace(
        'name = "nmc"', 'name = "copy"'))
    assert "is a valid profile" in kj("registration", "--check", str(good)).stdout


def test_a_person_can_adapt_a_profile_in_their_own_folder(kj, isolated_home):
    folder = isolated_home / "regulators"
    folder.mkdir(parents=True)
    (folder / "nmc.toml").write_text((ROOT / "regulators" / "nmc.toml").read_text().replace(
        "target = 450", "target = 500"))
    kj("registration", "nmc", "--renewal", RENEWAL)
    assert "0 of 500 practice hours" in kj("revalidation").stdout
    kj("registration", "nmc", "--set", "practice-hours=900")
    assert "0 of 900 practice hours" in kj("revalidation").stdout


@pytest.mark.slow
def test_a_built_wheel_carries_the_profiles_and_finds_them(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w",
                    str(tmp_path), str(ROOT)], check=True, capture_output=True, timeout=300)
    wheel = next(tmp_path.glob("kindjournal-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "kindjournal/regulators/nmc.toml" in names
    assert "kindjournal/prompts/nmc-account.toml" in names
    target = tmp_path / "installed"
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target",
                    str(target), str(wheel)], check=True, capture_output=True, timeout=300)
    code = ("import sys; sys.path.insert(0, sys.argv[1]); "
            "from kindjournal.revalidation import profiles; "
            "print(profiles.builtin_dir()); print(sorted(profiles.available()))")
    out = subprocess.run([sys.executable, "-I", "-c", code, str(target)], cwd=tmp_path,
                         capture_output=True, text=True, check=True).stdout
    assert str(target) in out and "'nmc', 'social-work-england'" in out


# --- records --------------------------------------------------------------------------


def test_records_are_added_listed_edited_deleted_and_restored(nurse):
    kj = nurse
    kj("record", "add", "cpd", "--date", day(3), "--hours", "3", "--participatory", "2",
       "--set", "topic=Mouth care", "--set", "method=Study day")
    listed = json.loads(kj("record", "list", "cpd", "--json").stdout)
    assert listed[0]["topic"] == "Mouth care" and listed[0]["participatory_hours"] == 2
    kj("record", "edit", "cpd", "1", "--set", "topic=Mouth care at night", "--hours", "4")
    assert "4 h (2 with others)  Mouth care at night" in kj("record", "list").stdout
    kj("record", "delete", "cpd", "1")
    assert "None yet" in kj("record", "list", "cpd").stdout
    assert "Mouth care" in kj("record", "list", "cpd", "--trash").stdout
    kj("record", "restore", "cpd", "1")
    assert "Mouth care" in kj("record", "list", "cpd").stdout
    kj("record", "add", "discussion", "--date", day(1), "--set", "partner_name=Sam Carer")
    kj("record", "delete", "discussion", "1", "--for-good")
    assert "Sam Carer" not in kj("record", "list", "--trash").stdout
    assert kj("record", "restore", "discussion", "1", expect=2).stderr


def test_partner_and_confirmer_details_never_reach_an_entry_export(nurse):
    everything_done(nurse)
    for args in (("export", "-f", "json"), ("export", "-f", "markdown"),
                 ("export", "-f", "nmc"), ("export", "--for-group", "--yes")):
        out = nurse(*args).stdout
        assert "Sam Carer" not in out and "12A3456E" not in out and "Alex Lead" not in out


def test_bad_record_input_is_one_kind_line_and_changes_nothing(nurse):
    kj = nurse
    result = kj("record", "add", "cpd", "--hours", "2", "--participatory", "3",
                "--set", "topik=x", expect=2)
    assert "topik: not a field of a CPD record (did you mean 'topic'?)" in result.stderr
    assert "participatory_hours: 3 is more than the 2 hours" in result.stderr
    assert "start_date: missing" in result.stderr
    assert kj("record", "add", "shifts", expect=2).stderr.startswith("kj: 'shifts' is not")
    assert kj("record", "delete", "cpd", "9", expect=2).stderr.count("\n") == 1
    assert json.loads(kj("record", "list", "--json").stdout)["cpd"] == []


def test_records_asked_field_by_field_in_a_terminal(nurse, monkeypatch):
    monkeypatch.setattr("kindjournal.commands.records.is_interactive", lambda: True)
    replies = "\n".join([day(1), "", "A colleague", "Kind words about a handover", ""]) + "\n"
    # The source is required: an empty reply asks again.
    result = nurse("record", "add", "feedback", input=replies)
    assert "Added piece of feedback 1" in result.stdout
    assert json.loads(nurse("record", "list", "feedback", "--json").stdout)[0]["source"] == \
        "A colleague"


def test_records_export_and_import_round_trip_and_from_file(nurse, tmp_path):
    kj = nurse
    everything_done(kj)
    exported = tmp_path / "records.json"
    kj("record", "export", "-o", str(exported))
    other = tmp_path / "other.db"
    result = kj("--db", str(other), "import", str(exported))
    assert "27 added" not in result.stdout  # 1 hours + 3 cpd + 5 feedback + 2 forms = 11
    assert "11 added" in result.stdout
    again = kj("--db", str(other), "record", "import", str(exported)).stdout
    assert "0 added" in again and "11 already here" in again
    mine = json.loads(kj("record", "list", "--json").stdout)
    theirs = json.loads(kj("--db", str(other), "record", "list", "--json").stdout)
    assert [r["uuid"] for r in mine["cpd"]] == [r["uuid"] for r in theirs["cpd"]]
    items = [{"kind": "feedback", "received_date": day(1), "source": "A student"},
             {"kind": "hours", "start_date": day(2), "hours": 7.5}]
    source = tmp_path / "more.json"
    source.write_text(json.dumps(items))
    assert "Added 2 records" in kj("--db", str(other), "record", "add", "--from",
                                    str(source)).stdout
    source.write_text(json.dumps([{"kind": "hours", "start_date": "soon", "hours": -1}]))
    bad = kj("--db", str(other), "record", "add", "--from", str(source), expect=2).stderr
    assert "item 1: start_date" in bad and "item 1: hours" in bad


def test_a_backup_keeps_the_records_and_restores_them(nurse, tmp_path, journal_file):
    nurse("record", "add", "hours", "--date", day(1), "--hours", "12")
    backup = tmp_path / "copy.db"
    nurse("backup", str(backup))
    nurse("record", "delete", "hours", "1")
    nurse("restore-backup", str(backup), "--yes")
    assert "12 h" in nurse("record", "list", "hours").stdout


# --- progress and the portfolio -------------------------------------------------------


def test_progress_half_done_in_the_order_to_do_things(nurse):
    kj = nurse
    kj("record", "add", "hours", "--date", day(30), "--hours", "300")
    kj("record", "add", "cpd", "--date", day(20), "--hours", "28", "--participatory", "12",
       "--set", "topic=Falls")
    for offset in range(4):
        kj("record", "add", "feedback", "--date", day(offset + 1), "--set", "source=A patient")
    kj.add(account(3, "CPD"), account(4, "Feedback"), account(5, "An event or experience"))
    out = kj("revalidation").stdout
    lines = [line.strip() for line in out.splitlines()]
    assert lines[0].startswith("NMC revalidation · renewal") and "in 60 days" in lines[0]
    assert "○ 300 of 450 practice hours" in lines
    assert "○ 28 of 35 CPD hours, 12 of 20 participatory" in lines
    assert "○ 4 of 5 pieces of practice-related feedback" in lines
    assert ("○ 3 of 5 written reflective accounts — one on CPD, one on feedback, one on an "
            "event or experience") in " ".join(lines)
    assert "○ Reflective discussion with another NMC registrant: not yet recorded" in lines
    assert "Next: kj record add hours" in lines
    assert all(len(line) <= 80 for line in out.splitlines())


def test_progress_everything_done(nurse):
    everything_done(nurse)
    out = nurse("revalidation").stdout
    assert "○" not in out and out.count("✓") == 8 and "Everything is in place" in out
    assert json.loads(nurse("revalidation", "--json").stdout)[0]["complete"] is True


def test_social_work_england_year_and_peer_reflection(kj):
    kj("registration", "social-work-england")
    kj("record", "add", "cpd", "--date", day(0), "--set", "topic=Reading on neglect")
    out = kj("revalidation", "-r", "social-work-england").stdout
    assert "○ 1 of 2 CPD records, 0 of 1 with peer reflection" in out
    kj("record", "add", "cpd", "--date", day(0), "--set", "topic=Team case discussion",
       "--set", "peer_reflection=A colleague showed me another way to ask.")
    out = kj("revalidation").stdout
    assert "✓ 2 of 2 CPD records, 1 of 1 with peer reflection" in out
    assert "year ends 30 Nov" in out


def test_portfolio_numbers_accounts_marks_gaps_and_redacts(nurse):
    kj = nurse
    everything_done(kj)
    kj.add(account(1, changed=None, code="Prioritise people",
                   about="An event or experience") | {"answers": {
                       "about": "Feedback", "activity": "Mrs Rowe's son thanked me.",
                       "code": "Prioritise people"}})
    kj("redact", "add", "Mrs Rowe")
    out = kj("portfolio", "-f", "markdown").stdout
    headings = [line for line in out.splitlines() if line.startswith("## Reflective account")]
    assert [h.split(":")[0] for h in headings] == [f"## Reflective account {n}"
                                                   for n in range(1, 7)]
    assert all(h.split(": ")[1].split(" (")[0].split()[0].isalpha() for h in headings)
    last = out.split("## Reflective account 6")[1].split("## Reflective discussion")[0]
    assert "[name]'s son" in last and "Rowe" not in out
    assert last.count("To complete") == 3  # parts 2 and 3, and the words of part 4
    assert "- [x] Prioritise people" in last
    assert "Sam Carer" in out and "12A3456E" in out  # the form asks for them
    warned = kj("portfolio", "-f", "markdown", "--no-redact")
    assert "Mrs Rowe" in warned.stdout and "Warning" in warned.stderr


def test_social_work_england_records_come_out_in_its_field_order(kj):
    kj("registration", "social-work-england")
    kj("record", "add", "cpd", "--date", day(0), "--set", "method=Peer discussion",
       "--set", "topic=Working with interpreters", "--set", "learned=Slow down.",
       "--set", "impact=Families understood more.", "--set", "peer_reflection=Ask twice.")
    out = kj("portfolio", "-r", "social-work-england", "-f", "markdown").stdout
    labels = [line.strip("*") for line in out.split("### CPD record 1")[1].splitlines()
              if line.startswith("**")]
    assert labels == ["Type of CPD", "A short description, and why it is relevant to you",
                      "Date", "What you learned",
                      "The impact on your practice and the people you work with",
                      "What you learned from discussing it with a peer"]


def test_reflect_mentions_what_is_missing_at_most_once_a_week(nurse, journal_file):
    from kindjournal.journal import records as store
    from kindjournal.journal.database import open_journal
    from kindjournal.revalidation.progress import reminder

    db = open_journal(journal_file)
    first = reminder(db, TODAY)
    assert first and "in 60 days" in first and "450 practice hours" in first
    assert reminder(db, TODAY) is None
    assert reminder(db, TODAY + timedelta(days=REMIND_EVERY_DAYS - 1)) is None
    assert reminder(db, TODAY + timedelta(days=REMIND_EVERY_DAYS)) is not None
    store.save_registration(db, "nmc", (TODAY + timedelta(days=400)).isoformat(), {}, [])
    assert reminder(db, TODAY + timedelta(days=30)) is None  # not near yet


def test_a_journal_from_before_the_records_upgrades_intact(kj, journal_file):
    kj.add(account(2))
    # Make it a journal as main left it (schema 6, without this migration's tables).
    conn = sqlite3.connect(journal_file)
    for table in ("practice_hours", "cpd_activities", "feedback", "reflective_discussions",
                  "confirmations", "registrations"):
        conn.execute(f"DROP TABLE {table}")
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = '0006_revalidation_records'")
    conn.execute("PRAGMA user_version = 6")
    conn.commit()
    # Into the file's header now, where kj reads the version before it opens the file:
    # a connection the in-process kj left open would otherwise keep it in the log.
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    result = kj("record", "add", "hours", "--date", day(1), "--hours", "8")
    from kindjournal.journal.database import SCHEMA_VERSION

    assert f"Upgraded your journal from version 6 to {SCHEMA_VERSION}" in result.stderr
    assert json.loads(kj("list", "--json").stdout)[0]["pack"] == "nmc-account"
    assert kj("record", "list", "--json").stdout.count('"uuid"') == 1


def test_choices_are_picked_by_number_or_kept_as_words():
    from kindjournal.reflect.flow import chosen, parse_choices

    themes = ("Prioritise people", "Practise effectively", "Preserve safety",
              "Promote professionalism and trust")
    assert parse_choices("3, 1 safety first", themes) == \
        "Preserve safety; Prioritise people\nsafety first"
    assert parse_choices("5", themes) is None and parse_choices("safety", themes) is None
    assert chosen("Preserve safety; Prioritise people\nwords", themes) == \
        ["Prioritise people", "Preserve safety"]
    assert chosen("nothing named", themes) == []
