"""Private by default: 0600 files and 0700 folders under any umask, and no network, ever."""

from __future__ import annotations

import json
import os
import shutil
import socket
import stat
from pathlib import Path

import pytest

from kindjournal.journal.database import backup_journal, open_journal

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def open_umask():
    old = os.umask(0)
    yield
    os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_journal_wal_shm_backup_and_folders_are_private_under_umask_000(
        kj, tmp_path, open_umask, monkeypatch):
    home = tmp_path / "a" / "b" / "kj-home"  # three folders kj has to create
    monkeypatch.setenv("KJ_HOME", str(home))
    kj.add({"answers": {"person": "private words"}})
    db = open_journal(home / "journal.db")  # held open, so -wal and -shm exist
    db.execute("INSERT INTO tags (entry_id, tag) VALUES (1, 'held')")
    names = {path.name for path in home.iterdir()}
    assert {"journal.db", "journal.db-shm", "journal.db-wal"} <= names
    for path in home.rglob("*"):  # the journal, its side files, any cache kj keeps
        assert mode(path) == (0o700 if path.is_dir() else 0o600), path
    for folder in (home, home.parent, home.parent.parent):
        assert mode(folder) == 0o700, folder
    backup = backup_journal(db, tmp_path / "copy.db")
    assert mode(backup) == 0o600
    db.close()


def test_an_upgrade_backup_is_private_under_umask_000(kj, tmp_path, open_umask):
    journal = tmp_path / "old.db"
    shutil.copyfile(FIXTURES / "journal-v1.db", journal)
    journal.chmod(0o600)
    kj("--db", str(journal), "list")
    for path in tmp_path.iterdir():
        assert mode(path) == 0o600, path


def test_editor_files_are_private_under_umask_000(kj, tmp_path, open_umask, monkeypatch):
    seen = tmp_path / "modes.txt"
    editor = tmp_path / "editor.sh"
    editor.write_text(f"#!/bin/sh\nstat -c %a \"$1\" >> {seen}\necho words >> \"$1\"\n")
    editor.chmod(0o700)
    monkeypatch.setenv("EDITOR", str(editor))
    kj("reflect", "--editor", "--shift", "day", input="\n" * 10)
    assert set(seen.read_text().split()) == {"600"}


# -- no network ----------------------------------------------------------------------


class NetworkUsed(AssertionError):
    pass


@pytest.fixture
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise NetworkUsed(f"kj tried to use the network: {args!r}")

    for name in ("socket", "create_connection", "getaddrinfo", "gethostbyname",
                 "socketpair", "fromfd"):
        monkeypatch.setattr(socket, name, refuse)
    yield


def every_command(tmp_path: Path) -> list[tuple[list[str], str | None]]:
    """A broad walk through kj: each command with the options that do the most."""
    entry = tmp_path / "entry.json"
    entry.write_text(json.dumps({"date": "yesterday", "shift": "night", "tags": ["team"],
                                 "checkin": {"exhaustion": 3, "support": 1}, "share": True,
                                 "answers": {"person": "Someone waited.", "forward": "Ask."}}))
    typed = "2\n" * 9 + "An answer.\n\n" + "\n" * 6 + "tag\n"
    return [
        (["--help"], None), (["--version"], None), (["where"], None), (["where", "--json"], None),
        (["reflect", "--from", str(entry)], None),
        (["reflect", "--shift", "day"], typed),
        (["reflect", "--quick", "--shift", "night"], "1\n" * 9),
        (["reflect", "--new", "--shift", "day"], "\n" * 3),  # left as a draft
        (["reflect", "--resume"], "\n" * 30),
        (["list"], None), (["list", "--json", "--drafts"], None),
        (["show", "1"], None), (["show", "1", "--json"], None),
        (["prompts"], None), (["prompts", "show", "after-shift"], None),
        *[(args, None) for args in LATER_COMMANDS],
    ]


# The other commands, each with the options that do the most.
LATER_COMMANDS = [
    ["search", "waited"], ["trends"], ["supervision"], ["actions"],
    ["export", "--format", "json"], ["export", "--format", "markdown"],
    ["export", "--format", "html"], ["export", "--format", "csv"], ["export", "--format", "nmc"],
    ["export", "--for-group", "--preview"], ["backup"],
]


def test_no_command_opens_a_network_connection(kj, tmp_path, no_network):
    walked = 0
    for args, typed in every_command(tmp_path):
        result = kj(*args, input=typed, expect=None)
        assert result.exit_code in (0, 130), (args, result.stdout, result.stderr)
        assert "network" not in result.stderr
        walked += 1
    assert walked >= 15


# -- group exports ---------------------------------------------------------------------


def group_journal(kj) -> None:
    kj.add({"date": "2026-03-02", "share": True, "checkin": {"exhaustion": 4, "support": 0},
            "answers": {"person": "A shared moment with a quiet gardener.",
                        "forward": "Bring flowers to the team room."}},
           {"date": "2026-03-03", "share": False, "checkin": {"exhaustion": 1},
            "answers": {"person": "A private matter about a zebra-striped scarf."}})


@pytest.mark.parametrize("format_name", ["markdown", "json", "html", "csv"])
def test_a_group_export_holds_no_unshared_entry_and_no_ratings(kj, tmp_path, format_name):
    group_journal(kj)
    out = tmp_path / f"group.{format_name}"
    kj("export", "--for-group", "--yes", "--format", format_name, "--output", str(out))
    text = out.read_text()
    assert "quiet gardener" in text
    assert "zebra" not in text  # the unshared entry is not there at all
    lowered = text.lower()
    assert "exhaustion" not in lowered and "drained" not in lowered  # no check-in
    assert mode(out) == 0o600


def test_a_group_export_keeps_ratings_only_when_asked(kj, tmp_path):
    group_journal(kj)
    out = tmp_path / "group.json"
    kj("export", "--for-group", "--yes", "--include-checkins", "--format", "json",
       "--output", str(out))
    text = out.read_text()
    assert "exhaustion" in text.lower()
    assert "zebra" not in text


def test_exports_are_private_under_umask_000(kj, tmp_path, open_umask):
    group_journal(kj)
    for format_name in ("markdown", "json", "csv", "html"):
        out = tmp_path / f"all.{format_name}"
        kj("export", "--format", format_name, "--output", str(out))
        assert mode(out) == 0o600, out
    kj("backup", str(tmp_path / "copy.db"))
    assert mode(tmp_path / "copy.db") == 0o600
