"""Supervision that works both ways (issue 14): sessions with what was agreed, the
agreement, what the supervisor sees, export/import/backup, and CPD from peer sessions."""

from __future__ import annotations

import json
import sqlite3
from datetime import date, timedelta

import pytest

from kindjournal.text import short_date

TODAY = date.today()


def ago(days: int) -> str:
    return (TODAY - timedelta(days=days)).isoformat()


def record_with_actions(kj, days: int = 10, *extra: str) -> None:
    kj("supervision", "record", "-d", ago(days), "--kind", "clinical", "--supervisor",
       "Team leader", "--functions", "learning, support", "--note", "Talked about nights.",
       "--action", "Ask for a debrief after hard shifts.", "--action", "Book the refresher.",
       *extra)


def test_a_session_keeps_its_details_and_agreed_actions(kj):
    record_with_actions(kj)
    [session] = kj.json("supervision", "history")
    assert (session["date"], session["kind"], session["supervisor"], session["functions"],
            session["note"]) == (ago(10), "clinical", "Team leader", ["support", "learning"],
                                 "Talked about nights.")
    assert [a["text"] for a in session["actions"]] == ["Ask for a debrief after hard shifts.",
                                                      "Book the refresher."]
    assert kj.json("supervision", "show", "1") == session
    # They are actions like any other: listed, numbered with the rest, closed the same way.
    listed = kj("actions").stdout
    assert f"agreed in supervision ({ago(10)}): Ask for a debrief" in listed
    rows = kj.json("actions")
    assert [(row["session_id"], row["entry_id"]) for row in rows] == [(1, None), (1, None)]
    kj("actions", "done", str(rows[0]["id"]), "--note", "Booked for Tuesday.")
    assert "Book the refresher" in kj("supervision", "show", "1").stdout
    assert "(done" in kj("supervision", "show", "1").stdout


def test_the_next_preparation_asks_how_the_agreed_actions_went(kj):
    kj("supervision", "record", "-d", ago(40), "--action", "Keep a note of near misses.")
    record_with_actions(kj)
    first = kj.json("actions")[1]["id"]  # the debrief
    kj("actions", "done", str(first), "--note", "It helped.")
    prep = kj.json("supervision")
    assert prep["last_session"]["date"] == ago(10)
    assert [a["status"] for a in prep["last_session"]["actions"]] == ["done", "open"]
    assert [a["text"] for a in prep["earlier_actions"]] == ["Keep a note of near misses."]
    out = " ".join(kj("supervision").stdout.split())
    assert f"At your last supervision on {short_date(ago(10))} you agreed to:" in out
    assert "Book the refresher: how did it go?" in out
    assert "Ask for a debrief after hard shifts (done" in out and "It helped." in out
    assert "Still open from earlier sessions: • Keep a note of near misses" in out
    # Own words first, numbers after.
    assert out.index("What you agreed last time") < out.index("Entries you marked") \
        < out.index("Trends ")


def test_sessions_are_edited_deleted_and_restored_with_their_actions(kj):
    record_with_actions(kj)
    kj("supervision", "edit", "1", "--kind", "peer", "--note", "Peer session.",
       "--action", "Read the new policy.")
    session = kj.json("supervision", "show", "1")
    assert (session["kind"], session["note"], len(session["actions"])) == ("peer",
                                                                         "Peer session.", 3)
    assert session["updated_at"] >= session["created_at"]
    kj("supervision", "delete", "1")
    assert kj.json("supervision", "history") == []
    assert kj.json("actions") == []  # out of sight with their session
    assert kj.json("supervision")["last_session"] is None
    assert len(kj.json("supervision", "history", "--bin")) == 1
    kj("supervision", "show", "1", expect=2)
    kj("supervision", "restore", "1")
    assert len(kj.json("actions")) == 3
    assert kj.json("supervision", "show", "1")["note"] == "Peer session."


@pytest.mark.parametrize("args", [
    ["supervision", "record", "--kind", "coffee"],
    ["supervision", "record", "--functions", "support,gossip"],
    ["supervision", "edit", "1"],
    ["supervision", "edit", "7", "--note", "x"],
    ["supervision", "show", "one"],
    ["supervision", "restore", "1"],
    ["supervision", "agreement", "--every", "0"],
    ["supervision", "--hide", "sleepiness"],
    ["supervision", "choose", "--hide", "summary"],
])
def test_mistakes_are_one_line_and_change_nothing(kj, journal_file, args):
    record_with_actions(kj)
    before = kj.json("supervision", "history")
    result = kj(*args, expect=2)
    assert result.stderr.startswith("kj: ") and len(result.stderr.splitlines()) <= 2
    assert kj.json("supervision", "history") == before


def test_the_agreement_says_when_the_next_session_is_due(kj):
    assert "No agreed frequency yet" in kj("supervision").stdout
    kj("supervision", "agreement", "--every", "4", "--supervisor", "Team leader",
       "--confidential", "What I bring stays between us.",
       "--limits", "Unless someone is at risk.")
    agreement = kj.json("supervision", "agreement")
    assert (agreement["every_weeks"], agreement["limits"]) == (4, "Unless someone is at risk.")
    assert "one is due now" in kj("supervision").stdout
    kj("supervision", "record", "-d", ago(30))
    out = " ".join(kj("supervision").stdout.split())
    assert "2 days overdue" in out
    assert kj.json("supervision")["due"] == {"due": ago(2), "days": -2, "first": False}
    kj("supervision", "record", "-d", ago(1))
    assert "(in 27 days)" in kj("supervision", "history").stdout
    shown = kj("supervision", "agreement").stdout
    assert "every 4 weeks" in shown and "Unless someone is at risk." in shown


def test_the_person_chooses_what_the_supervisor_sees(kj):
    kj.add({"date": ago(3), "checkin": {"exhaustion": 3, "detachment": 4, "support": 1},
            "supervision": True, "answers": {"person": "The family who waited all night."}})
    full = kj("supervision").stdout
    assert "Detachment" in full and "Strain 0-100" in full
    once = kj("supervision", "--hide", "detachment").stdout
    assert "Detachment" not in once and "Left out for this run: detachment." in once
    assert "Detachment" in kj("supervision").stdout  # one-off only
    kj("supervision", "choose", "--hide", "detachment", "--hide", "summaries")
    remembered = kj("supervision").stdout
    assert "Detachment" not in remembered and "Strain 0-100" not in remembered
    assert "Left out as you chose" in remembered
    prep = kj.json("supervision")
    assert "detachment" not in [signal["key"] for signal in prep["trends"]["signals"]]
    assert prep["trends"]["strain"] is None and "strain" not in prep["trends"]["buckets"][0]
    assert "Detachment" in kj("supervision", "--show", "detachment").stdout
    assert "Detachment" in kj("trends").stdout  # the person's own trends show it all
    kj("supervision", "choose", "--show", "detachment,summaries")
    assert "Strain 0-100" in kj("supervision").stdout


def test_a_sign_about_a_hidden_signal_is_hidden_with_it():
    from kindjournal.trends.supervision_prep import only_chosen

    report = {"signals": [{"key": "detachment"}, {"key": "support"}],
              "flags": [{"signal": "detachment", "text": "Detachment often high"},
                        {"signal": None, "summary": "strain", "text": "Strain above usual"},
                        {"signal": "support", "text": "Support lowest"}],
              "strain": {"values": []}, "resources": {"values": []},
              "buckets": [{"strain": 1, "resources": 2, "entries": 1}],
              "themes": {"by_shift": [{"shift": "night", "checkins": 2, "strain": 40,
                                       "resources": 60}]}}
    chosen = only_chosen(report, ["detachment"], summaries=True)
    assert [f["text"] for f in chosen["flags"]] == ["Strain above usual", "Support lowest"]
    chosen = only_chosen(report, ["detachment"], summaries=False)
    assert [f["text"] for f in chosen["flags"]] == ["Support lowest"]
    assert chosen["themes"]["by_shift"] == [{"shift": "night", "checkins": 2}]
    assert report["flags"][0]["signal"] == "detachment"  # the report itself is untouched


def test_the_html_page_holds_only_what_was_chosen(kj, tmp_path):
    kj.add({"date": ago(3), "checkin": {"exhaustion": 3, "detachment": 4},
            "supervision": True, "answers": {"person": "The <family> who waited."}})
    record_with_actions(kj, 20)
    page = tmp_path / "prep.html"
    kj("supervision", "--hide", "detachment", "--html", str(page))
    html = page.read_text(encoding="utf-8")
    assert (page.stat().st_mode & 0o777) == 0o600
    assert "The &lt;family&gt; who waited." in html and "Book the refresher." in html
    assert "Detachment" not in html and "detachment" not in html
    assert html.index("Entries marked for supervision") < html.index("Summary")
    kj("supervision", "--html", str(page), expect=2)  # never over a file unasked
    kj("supervision", "--html", str(page), "--force")
    assert "Detachment" in page.read_text(encoding="utf-8")


def test_sessions_survive_export_import_and_backup(kj, tmp_path, monkeypatch):
    record_with_actions(kj)
    kj("supervision", "agreement", "--every", "6", "--limits", "Risk is passed on.")
    kj("supervision", "choose", "--hide", "dread")
    kj("actions", "drop", "1", "--note", "Not needed now.")
    before = kj.json("supervision", "history")
    exported = tmp_path / "sessions.json"
    kj("supervision", "export", "-o", str(exported))
    assert (exported.stat().st_mode & 0o777) == 0o600
    kj("backup", str(tmp_path / "copy.db"))
    monkeypatch.setenv("KJ_HOME", str(tmp_path / "elsewhere"))
    assert "1 added" in kj("import", str(exported)).stdout
    assert kj.json("supervision", "history") == before
    assert kj.json("supervision", "agreement")["hidden_signals"] == ["dread"]
    assert "1 already here" in kj("import", str(exported)).stdout  # idempotent
    assert kj.json("supervision", "history") == before
    assert kj.json("--db", str(tmp_path / "copy.db"), "supervision", "history") == before


def test_a_newer_copy_in_the_file_replaces_the_session(kj, tmp_path):
    record_with_actions(kj)
    exported = tmp_path / "sessions.json"
    kj("supervision", "export", "-o", str(exported))
    document = json.loads(exported.read_text())
    document["sessions"][0]["note"] = "Changed elsewhere."
    document["sessions"][0]["updated_at"] = "2999-01-01T00:00:00+00:00"
    exported.write_text(json.dumps(document))
    assert "1 replaced" in kj("import", str(exported)).stdout
    session = kj.json("supervision", "show", "1")
    assert session["note"] == "Changed elsewhere." and len(session["actions"]) == 2
    document["sessions"][0]["kind"] = "lunch"
    exported.write_text(json.dumps(document))
    assert "sessions[0]" in kj("import", str(exported), expect=2).stderr


def test_a_peer_session_becomes_the_cpd_peer_reflection(kj):
    kj("registration", "social-work-england")
    status = kj.json("revalidation")
    assert "kj record add cpd" in json.dumps(status)
    kj("supervision", "record", "-d", ago(0), "--kind", "peer", "--note",
       "What I learned from talking over a hard visit with a colleague.")
    assert "kj supervision cpd 1" in json.dumps(kj.json("revalidation"))
    out = kj("supervision", "cpd", "1", "--hours", "1.5").stdout
    assert "Made CPD record 1" in out
    [record] = kj.json("record", "list", "cpd")
    assert (record["method"], record["start_date"], record["hours"]) == (
        "Peer supervision", ago(0), 1.5)
    assert record["peer_reflection"].startswith("What I learned")
    assert "1 with peer reflection" in json.dumps(kj.json("revalidation"))
    kj("supervision", "cpd", "1", expect=2)  # once only
    kj("supervision", "record", "--kind", "clinical", "--note", "x", "--cpd", expect=2)
    assert len(kj.json("supervision", "history")) == 1  # the refused one was not kept


def test_recorded_in_a_terminal_question_by_question(kj, monkeypatch):
    from kindjournal.commands import supervision as command

    monkeypatch.setattr(command, "is_interactive", lambda: True)
    kj("supervision", "record", input=f"{ago(2)}\ngroup\nPractice educator\nsupport\n"
       "A Schwartz round.\nTry the quiet room.\nSpeak up at handover.\n\n")
    [session] = kj.json("supervision", "history")
    assert (session["date"], session["kind"], session["functions"]) == (ago(2), "group",
                                                                        ["support"])
    assert [a["text"] for a in session["actions"]] == ["Try the quiet room.",
                                                      "Speak up at handover."]


def test_a_version_seven_journal_upgrades_intact(kj, tmp_path):
    from sqlite_utils import Database

    from kindjournal.journal.database import SCHEMA_VERSION
    from kindjournal.journal.file_checks import APPLICATION_ID
    from kindjournal.journal.migrations import migrations

    path = tmp_path / "seven.db"
    old = Database(path)
    old.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    old.execute("PRAGMA foreign_keys = ON")
    migrations.apply(old, stop_before="0007_supervision_both_ways")
    stamp = "2026-10-01T09:00:00+00:00"
    old.execute("INSERT INTO entries (id, uuid, shift_date, created_at, updated_at, status, "
                "pack) VALUES (3, 'u-3', ?, ?, ?, 'complete', 'after-shift')",
                [ago(9), stamp, stamp])
    old.execute("INSERT INTO answers (entry_id, position, theme_key, prompt_text, answer) "
                "VALUES (3, 0, 'forward', 'Next time?', 'Ask about the quieter room.')")
    old.execute("INSERT INTO actions (id, entry_id, text, status, created_at, review_note) "
                "VALUES (12, 3, 'Ask about the quieter room.', 'done', ?, 'Asked.')", [stamp])
    old.execute("INSERT INTO supervision_sessions (session_date, note, created_at) "
                "VALUES (?, 'Talked about nights.', ?)", [ago(8), stamp])
    old.execute("PRAGMA user_version = 7")
    old.conn.commit()
    old.close()
    result = kj("--db", str(path), "actions", "--all")
    assert f"from version 7 to {SCHEMA_VERSION}" in result.stderr
    [action] = kj.json("--db", str(path), "actions", "--all")
    assert (action["id"], action["entry_id"], action["review_note"]) == (12, 3, "Asked.")
    [session] = kj.json("--db", str(path), "supervision", "history")
    assert session["note"] == "Talked about nights." and len(session["uuid"]) == 36
    assert [hit["id"] for hit in kj.json("--db", str(path), "search", "quieter")] == [3]
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
