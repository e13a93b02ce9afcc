"""kj backup, kj restore-backup, kj redact, and the identifier guard in kj reflect."""

from __future__ import annotations

import os
import sqlite3
import stat

ENTRY = {"date": "2026-11-20", "answers": {"person": "A calm night."}, "checkin": {"dread": 1}}


def test_backup_has_a_dated_default_name_beside_the_journal_and_is_private(kj, journal_file):
    kj.add(ENTRY)
    result = kj("backup")
    written = [name for name in os.listdir(journal_file.parent)
               if name.startswith("journal-backup-") and name.endswith(".db")]
    assert len(written) == 1 and written[0] in result.stdout
    backup = journal_file.parent / written[0]
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert kj("--db", str(backup), "list", "--json").stdout.count('"uuid"') == 1


def test_backup_to_a_path_refuses_to_overwrite(kj, tmp_path):
    kj.add(ENTRY)
    target = tmp_path / "copy.db"
    kj("backup", str(target))
    assert "already exists" in kj("backup", str(target), expect=2).stderr
    kj("backup", str(tmp_path))  # a folder: the default name inside it
    assert any(name.startswith("journal-backup-") for name in os.listdir(tmp_path))


def test_backup_is_consistent_while_another_connection_writes(kj, journal_file, tmp_path):
    kj.add(ENTRY)
    writer = sqlite3.connect(journal_file)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE entries SET shift_type = 'night'")  # not yet committed
    kj("backup", str(tmp_path / "copy.db"))
    writer.rollback()
    writer.close()
    copy = sqlite3.connect(tmp_path / "copy.db")
    assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert copy.execute("SELECT shift_type FROM entries").fetchone() == (None,)


def test_restore_checks_keeps_a_copy_and_replaces(kj, journal_file, tmp_path):
    kj.add(ENTRY)
    backup = tmp_path / "one-entry.db"
    kj("backup", str(backup))
    kj.add({**ENTRY, "date": "2026-11-21"})
    assert "add --yes" in kj("restore-backup", str(backup), expect=2).stderr
    assert len(kj.json("list")) == 2  # asked, not done
    result = kj("restore-backup", str(backup), "--yes")
    assert "1 entries" in result.stderr
    assert len(kj.json("list")) == 1
    kept = [name for name in os.listdir(journal_file.parent) if "-before-restore-" in name]
    assert len(kept) == 1 and kept[0] in result.stdout
    assert len(kj.json("--db", str(journal_file.parent / kept[0]), "list")) == 2
    assert not any(name.startswith("one-entry.db-") for name in os.listdir(tmp_path))


def test_restore_asks_on_a_terminal(kj, tmp_path, monkeypatch):
    kj.add(ENTRY)
    backup = tmp_path / "b.db"
    kj("backup", str(backup))
    kj.add({**ENTRY, "date": "2026-11-21"})
    monkeypatch.setattr("kindjournal.commands.backup.is_interactive", lambda: True)
    assert "Nothing was changed." in kj("restore-backup", str(backup), input="n\n").stderr
    assert len(kj.json("list")) == 2
    kj("restore-backup", str(backup), input="y\n")
    assert len(kj.json("list")) == 1


def test_a_damaged_or_foreign_backup_is_refused_and_nothing_changes(kj, tmp_path):
    kj.add(ENTRY)
    before = kj("export", "-f", "json").stdout
    text = tmp_path / "notes.txt"
    text.write_text("not a journal", encoding="utf-8")
    assert "cannot be restored" in kj("restore-backup", str(text), "--yes", expect=1).stderr
    backup = tmp_path / "b.db"
    kj("backup", str(backup))
    damaged = tmp_path / "damaged.db"
    data = bytearray(backup.read_bytes())
    for page_start in range(4096, len(data), 4096):  # scribble over every b-tree page
        data[page_start:page_start + 8] = b"\x0d\xff\xff\xff\xff\xff\xff\xff"
    damaged.write_bytes(bytes(data))
    refused = kj("restore-backup", str(damaged), "--yes", expect=1)
    assert "not been changed" in refused.stderr
    assert kj("export", "-f", "json").stdout == before
    assert "Cannot find" in kj("restore-backup", str(tmp_path / "x.db"), expect=1).stderr


def test_redact_list_add_remove(kj):
    assert "Your list is empty" in kj("redact").stdout
    assert "Added 2" in kj("redact", "add", "Jim", "Mrs  Patel").stdout
    assert "1 already on your list" in kj("redact", "add", "JIM").stdout
    assert kj("redact", "list").stdout.splitlines() == ["Jim", "Mrs Patel"]
    assert kj("redact").stdout.splitlines() == ["Jim", "Mrs Patel"]
    kj("redact", "remove", "mrs patel")
    assert kj("redact", "list").stdout.splitlines() == ["Jim"]
    assert "not on your list" in kj("redact", "remove", "Ann", expect=2).stderr
    assert "at least two letters" in kj("redact", "add", "J", expect=2).stderr


def test_reflect_from_reports_identifiers_but_still_adds(kj):
    kj("redact", "add", "Jim")
    result = kj("reflect", "--from", "-", input='{"answers": {"person": "Jim rang 07700 900123"}}')
    assert ("answer 'person' seems to hold a name from your private list, a phone number"
            in result.stderr)
    assert kj.json("show", "1")["answers"][0]["answer"] == "Jim rang 07700 900123"


def _typed(answer_lines: list[str], reply: str) -> str:
    """Shift, nine skipped ratings, the first answer and the reply to the offer,
    then the six other prompts skipped and no tags."""
    return "\n".join(["", *[""] * 9, *answer_lines, "", reply, *[""] * 6, ""]) + "\n"


def test_reflect_offers_to_replace_an_identifier_before_it_is_kept(kj):
    kj("redact", "add", "Jim")
    result = kj("reflect", input=_typed(["Jim's son rang", "on 07700 900123"], "y"))
    assert "seems to hold a name from your private list and a phone number" in result.stdout
    saved = kj.json("show", "1")["answers"][0]["answer"]
    assert saved == "[name]'s son rang\non [phone number]"


def test_reflect_keeps_the_words_when_the_offer_is_declined(kj):
    kj("redact", "add", "Jim")
    kj("reflect", input=_typed(["Jim smiled"], "n"))
    assert kj.json("show", "1")["answers"][0]["answer"] == "Jim smiled"


def test_an_ordinary_answer_is_not_questioned(kj):
    kj("redact", "add", "Jim")
    result = kj("reflect", input=_typed(["Jimmy from the kitchen helped"], ""))
    assert "seems to hold" not in result.stdout
