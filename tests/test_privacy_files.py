"""Issue 12, findings 3 to 6: the editor's temporary file, links at the journal's path,
who owns the folder and files, and which backups may be restored."""

from __future__ import annotations

import gc
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest
from privacy_run import kj_run


def _kj_command() -> list[str]:
    other = os.environ.get("KJ_UNDER_TEST")
    return [other] if other else [sys.executable, "-m", "kindjournal"]


@pytest.mark.parametrize("signal_name", ["SIGTERM", "SIGHUP"])
def test_the_editor_file_goes_when_kj_is_ended(tmp_path, isolated_home, signal_name):
    kj_run("reflect", "--from", "-", input=json.dumps(
        {"date": "2026-11-02", "answers": {"agency": "A private answer"}}))
    temp = tmp_path / "tmp"
    temp.mkdir()
    opened = tmp_path / "opened"
    editor = tmp_path / "editor.sh"
    editor.write_text(f"#!/bin/sh\necho \"$1\" > {opened}\nsleep 30\n")
    editor.chmod(0o700)
    env = {**os.environ, "EDITOR": str(editor), "TMPDIR": str(temp)}
    process = subprocess.Popen([*_kj_command(), "edit", "1"], env=env,
                               stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    try:
        for _ in range(200):
            if opened.exists() and opened.read_text().strip():
                break
            time.sleep(0.05)
        assert opened.exists(), "the editor never opened"
        process.send_signal(getattr(signal, signal_name))
        process.wait(timeout=20)
    finally:
        process.kill()
        process.wait()
    assert list(temp.iterdir()) == []


def test_a_dangling_link_at_the_journal_path_is_refused(tmp_path):
    target = tmp_path / "elsewhere" / "planted.db"
    target.parent.mkdir()
    link = tmp_path / "home" / "journal.db"
    link.parent.mkdir(mode=0o700)
    link.symlink_to(target)
    result = kj_run("--db", str(link), "reflect", "--from", "-", expect=None,
                    input=json.dumps({"date": "2026-11-02", "answers": {"agency": "secret"}}))
    assert result.exit_code != 0 and "link" in result.stderr
    assert not target.exists()
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_link_to_a_real_journal_is_followed(tmp_path):
    real = tmp_path / "real.db"
    kj_run("--db", str(real), "reflect", "--from", "-",
           input=json.dumps({"date": "2026-11-02", "answers": {"agency": "one"}}))
    link = tmp_path / "link.db"
    link.symlink_to(real)
    assert "one" in kj_run("--db", str(link), "show", "1").stdout


@pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() != 0,
                    reason="planting another account's file needs root")
@pytest.mark.parametrize("planted", ["journal.db-wal", "journal.db-shm"])
def test_side_files_planted_by_someone_else_are_refused(isolated_home, planted):
    kj_run("note", "Tea at three.")  # a journal (reading commands never make one)
    # The note's connection, closed now rather than whenever the collector next runs
    # (perhaps inside the run below): closing takes away the -wal and -shm it made, and
    # would take the planted one with them.
    gc.collect()
    # A new file, not the old one truncated: a connection still open in this process
    # may map the old -shm, and truncating a mapped file ends the process.
    (isolated_home / planted).unlink(missing_ok=True)
    (isolated_home / planted).write_bytes(b"")
    os.chown(isolated_home / planted, 12345, 12345)
    os.chmod(isolated_home / planted, 0o666)
    result = kj_run("reflect", "--from", "-", expect=None,
                    input=json.dumps({"date": "2026-11-02", "answers": {"agency": "secret"}}))
    assert result.exit_code == 1 and "another account" in result.stderr


@pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() != 0,
                    reason="planting another account's file needs root")
def test_a_journal_planted_by_someone_else_is_refused(isolated_home, tmp_path):
    kj_run("note", "Tea at three.")  # a journal (reading commands never make one)
    os.chown(isolated_home / "journal.db", 12345, 12345)
    os.chmod(isolated_home / "journal.db", 0o666)
    result = kj_run("list", expect=None)
    assert result.exit_code == 1 and "chmod 600" in result.stderr


def test_a_folder_others_can_write_is_refused(tmp_path):
    folder = tmp_path / "shared"
    folder.mkdir()
    os.chmod(folder, 0o777)
    result = kj_run("--db", str(folder / "journal.db"), "list", expect=None)
    assert result.exit_code == 1 and "chmod 700" in result.stderr
    assert list(folder.iterdir()) == []


def _doctored_backup(isolated_home, tmp_path, statements: list[str]):
    kj_run("reflect", "--from", "-", input=json.dumps(
        {"date": "2026-11-02", "answers": {"agency": "kept private"}}))
    kj_run("redact", "add", "Quill")
    backup = tmp_path / "doctored.db"
    kj_run("backup", str(backup))
    conn = sqlite3.connect(backup)
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    return backup


@pytest.mark.parametrize("statements", [
    ["CREATE TRIGGER force_share AFTER INSERT ON entries BEGIN "
     "UPDATE entries SET share = 1 WHERE id = new.id; DELETE FROM redaction_names; END"],
    ["CREATE TABLE shadow (answer TEXT)",
     "CREATE TRIGGER copy_out AFTER UPDATE ON answers BEGIN "
     "INSERT INTO shadow VALUES (new.answer); END"],
    ["CREATE VIEW everything AS SELECT * FROM answers"],
    ["DROP TRIGGER entries_fts_gone"],
], ids=["share-trigger", "shadow-table", "view", "missing-trigger"])
def test_a_backup_with_a_schema_kj_did_not_write_is_refused(isolated_home, tmp_path,
                                                            statements):
    backup = _doctored_backup(isolated_home, tmp_path, statements)
    result = kj_run("restore-backup", str(backup), "--yes", expect=None)
    assert result.exit_code != 0 and "no kindjournal made" in result.stderr
    conn = sqlite3.connect(isolated_home / "journal.db")
    names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    assert not names & {"force_share", "shadow", "copy_out", "everything"}
    assert "entries_fts_gone" in names


def test_a_true_backup_is_restored(isolated_home, tmp_path):
    backup = _doctored_backup(isolated_home, tmp_path, [])
    kj_run("restore-backup", str(backup), "--yes")
    assert "kept private" in kj_run("show", "1").stdout
