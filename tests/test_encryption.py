"""Encryption at rest (issue 12, deliverable 4): an encrypted journal through every main
command, its backups encrypted, the passphrase from the keyring, KJ_PASSPHRASE or
KJ_PASSPHRASE_COMMAND, and a wrong one refused in one line with nothing changed."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend

from kindjournal.journal import encryption

PASSPHRASE = "lantern by the sluice gate"
SECRET_WORD = "quillowmere"  # invented: appears only in the answer written here
ENTRY = {"date": "yesterday", "shift": "night", "tags": ["nights"],
         "checkin": {"exhaustion": 2, "support": 4},
         "answers": {"person": f"A quiet night; {SECRET_WORD} tea at three.",
                     "forward": "Rest before the next one"}}
FIXTURES = Path(__file__).parent / "fixtures"


class MemoryKeyring(KeyringBackend):
    """A keyring held in memory for one test: no test touches the real one."""

    priority = 1

    def __init__(self):
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.secrets.get((service, username))

    def set_password(self, service, username, password):
        self.secrets[(service, username)] = password

    def delete_password(self, service, username):
        self.secrets.pop((service, username), None)


@pytest.fixture(autouse=True)
def memory_keyring(monkeypatch) -> MemoryKeyring:
    monkeypatch.delenv("KJ_PASSPHRASE", raising=False)
    monkeypatch.delenv("KJ_PASSPHRASE_COMMAND", raising=False)
    monkeypatch.delenv("KJ_NEW_PASSPHRASE", raising=False)
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def encrypted(kj, journal_file, monkeypatch) -> Path:
    """A journal with one entry, encrypted with PASSPHRASE (given through KJ_PASSPHRASE)."""
    kj.add(ENTRY)
    monkeypatch.setenv("KJ_PASSPHRASE", PASSPHRASE)
    kj("encrypt", "--yes", "--no-remember")
    return journal_file


def no_plain_text(path: Path) -> bool:
    data = path.read_bytes()
    return not data.startswith(b"SQLite format 3") and SECRET_WORD.encode() not in data


def test_encrypt_hides_every_word_and_warns_first(kj, journal_file, monkeypatch):
    kj.add(ENTRY)
    assert any(SECRET_WORD.encode() in side.read_bytes()  # the journal or its -wal
               for side in journal_file.parent.iterdir())
    monkeypatch.setenv("KJ_PASSPHRASE", PASSPHRASE)
    result = kj("encrypt", "--yes", "--no-remember")
    assert "no way back" in result.stderr
    assert no_plain_text(journal_file)
    assert (journal_file.stat().st_mode & 0o777) == 0o600
    for side in journal_file.parent.iterdir():
        assert SECRET_WORD.encode() not in side.read_bytes(), side


def test_encrypt_asks_for_a_say_so_when_not_interactive(kj, journal_file, monkeypatch):
    kj.add(ENTRY)
    monkeypatch.setenv("KJ_PASSPHRASE", PASSPHRASE)
    before = journal_file.read_bytes()
    result = kj("encrypt", expect=2)
    assert "--yes" in result.stderr
    assert journal_file.read_bytes() == before


def test_every_main_command_works_on_an_encrypted_journal(kj, encrypted, tmp_path):
    kj.add({**ENTRY, "date": "today", "tags": ["learning"]})
    listed = kj.json("list")
    assert len(listed) == 2
    assert SECRET_WORD in kj("show", "1").stdout
    assert SECRET_WORD in kj("search", SECRET_WORD).stdout
    assert kj("trends", "--json").exit_code == 0
    export = tmp_path / "out.json"
    kj("export", "--format", "json", "-o", str(export))
    assert SECRET_WORD in export.read_text()
    assert no_plain_text(encrypted)


def test_backups_are_encrypted_and_restore(kj, encrypted, tmp_path):
    copy = tmp_path / "copy.db"
    kj("backup", str(copy))
    assert no_plain_text(copy)
    kj("delete", "1", "--yes")
    kj("trash", "--empty", "--yes")
    assert kj.json("list") == []
    kj("restore-backup", str(copy), "--yes")
    assert SECRET_WORD in kj("show", "1").stdout
    for kept in encrypted.parent.glob("*before-restore*"):
        assert no_plain_text(kept)


def test_a_plain_backup_is_not_restored_into_an_encrypted_journal(kj, journal_file, tmp_path,
                                                                   monkeypatch):
    kj.add(ENTRY)
    plain = tmp_path / "plain.db"
    kj("backup", str(plain))
    monkeypatch.setenv("KJ_PASSPHRASE", PASSPHRASE)
    kj("encrypt", "--yes", "--no-remember")
    before = journal_file.read_bytes()
    result = kj("restore-backup", str(plain), "--yes", expect=1)
    assert "kj decrypt" in result.stderr and len(result.stderr.strip().splitlines()) >= 1
    assert journal_file.read_bytes() == before


def test_a_wrong_passphrase_is_one_line_and_changes_nothing(kj, encrypted, monkeypatch):
    before = encrypted.read_bytes()
    names = sorted(path.name for path in encrypted.parent.iterdir())
    monkeypatch.setenv("KJ_PASSPHRASE", "not the passphrase")
    for command in (["list"], ["reflect", "--from", "-"], ["search", "tea"]):
        result = kj(*command, input=json.dumps(ENTRY), expect=1)
        assert result.stdout == ""
        assert result.stderr.count("\n") == 1 and "passphrase does not open" in result.stderr
    assert encrypted.read_bytes() == before
    assert sorted(path.name for path in encrypted.parent.iterdir()) == names


def test_no_passphrase_anywhere_says_where_to_give_one(kj, encrypted, monkeypatch):
    monkeypatch.delenv("KJ_PASSPHRASE")
    result = kj("list", expect=1)
    assert "KJ_PASSPHRASE" in result.stderr and result.stderr.count("\n") == 1


def test_the_passphrase_can_come_from_a_command(kj, encrypted, monkeypatch, tmp_path):
    monkeypatch.delenv("KJ_PASSPHRASE")
    script = tmp_path / "say_passphrase.py"
    script.write_text(f"print({PASSPHRASE!r})\n")
    monkeypatch.setenv("KJ_PASSPHRASE_COMMAND", f"{sys.executable} {script}")
    assert len(kj.json("list")) == 1
    monkeypatch.setenv("KJ_PASSPHRASE_COMMAND", f"{sys.executable} -c 'import sys; sys.exit(3)'")
    result = kj("list", expect=1)
    assert "KJ_PASSPHRASE_COMMAND printed no passphrase" in result.stderr


def test_a_remembered_key_opens_without_the_passphrase(kj, encrypted, monkeypatch,
                                                      memory_keyring):
    kj("passphrase", "--remember")
    stored = next(iter(memory_keyring.secrets.values()))
    assert PASSPHRASE not in stored and len(bytes.fromhex(stored)) == 32  # the key, not it
    monkeypatch.delenv("KJ_PASSPHRASE")
    assert len(kj.json("list")) == 1
    kj("passphrase", "--forget")
    assert memory_keyring.secrets == {}
    kj("list", expect=1)


def test_a_keyring_that_keeps_nothing_is_not_said_to_keep_the_key(kj, encrypted, monkeypatch,
                                                                    memory_keyring):
    """keyring's null backend (or one misconfigured) accepts the key and keeps nothing:
    kj reads it back and says the passphrase will be asked each time, never 'kept'."""
    monkeypatch.setattr(memory_keyring, "set_password", lambda *args: None)
    result = kj("passphrase", "--remember", expect=1)
    assert result.stderr.strip() == (
        "kj: This computer's keyring did not keep the key, so kj will ask for the "
        "passphrase each time; the journal itself is fine.")
    assert "is kept" not in result.stdout
    monkeypatch.delenv("KJ_PASSPHRASE")
    kj("list", expect=1)  # asked for, as the message said


def test_a_kept_key_is_said_to_be_kept_in_one_line(kj, encrypted):
    out = kj("passphrase", "--remember").stdout
    assert out == ("The key is kept in this computer's keyring; 'kj passphrase --forget' "
                   "removes it.\n")
    assert max(map(len, out.splitlines())) <= 80


def test_the_derived_key_is_sqlciphers_own(encrypted):
    """The passphrase itself (not only kj's raw key) opens the file in SQLCipher."""
    import sqlcipher3

    conn = sqlcipher3.connect(str(encrypted))
    conn.execute("PRAGMA key = " + "'" + PASSPHRASE.replace("'", "''") + "'")
    assert conn.execute("SELECT count(*) FROM entries").fetchone() == (1,)
    conn.close()


def test_changing_the_passphrase(kj, encrypted, monkeypatch, memory_keyring):
    kj("passphrase", "--remember")
    monkeypatch.setenv("KJ_NEW_PASSPHRASE", "a different lantern")
    kj("passphrase")
    monkeypatch.setenv("KJ_PASSPHRASE", PASSPHRASE)
    memory_keyring.secrets.clear()
    kj("list", expect=1)
    monkeypatch.setenv("KJ_PASSPHRASE", "a different lantern")
    assert len(kj.json("list")) == 1


def test_a_short_new_passphrase_is_refused(kj, journal_file, monkeypatch):
    kj.add(ENTRY)
    before = journal_file.read_bytes()
    monkeypatch.setenv("KJ_PASSPHRASE", "short")
    result = kj("encrypt", "--yes", "--no-remember", expect=1)
    assert "at least 8 characters" in result.stderr
    assert journal_file.read_bytes() == before


def test_decrypt_brings_back_a_plain_journal(kj, encrypted, memory_keyring):
    kj("passphrase", "--remember")
    kj("decrypt", "--yes")
    assert encrypted.read_bytes().startswith(b"SQLite format 3")
    assert memory_keyring.secrets == {}
    assert SECRET_WORD in kj("show", "1").stdout


def test_an_older_encrypted_journal_is_upgraded_with_an_encrypted_copy(kj, journal_file,
                                                                      monkeypatch):
    journal_file.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    shutil.copy(FIXTURES / "journal-v1.db", journal_file)
    journal_file.chmod(0o600)
    encryption.encrypt_file(journal_file, PASSPHRASE)
    monkeypatch.setenv("KJ_PASSPHRASE", PASSPHRASE)
    result = kj("list")
    assert "Upgraded your journal from version 1" in result.stderr
    kept = list(journal_file.parent.glob("*.v1-*.bak"))
    assert len(kept) == 1 and not kept[0].read_bytes().startswith(b"SQLite format 3")
    expected = json.loads((FIXTURES / "journal-v1.expected.json").read_text())
    assert len(kj.json("list")) == len(expected)
