"""Which keyring backend kj reads an encrypted journal's key from (issue 12, start-up):
keyring's own choice (PYTHON_KEYRING_BACKEND, keyringrc.cfg) wins; otherwise the backend
that served the key last time, recorded in kj's data folder, is loaded alone, and keyring's
search (every installed backend) runs only when that fails. Test backends keep their
secrets on the class, so the fresh instance keyring makes from a class name sees them."""

from __future__ import annotations

import os
import subprocess
import sys

import keyring
import keyring.backend
import keyring.core
import keyring.util.platform_
import pytest
from keyring.backend import KeyringBackend
from keyring.backends.chainer import ChainerBackend

from kindjournal.journal import encryption, keyring_choice

KEY = bytes(range(32))
OTHER_KEY = bytes(range(1, 33))


class Shelf(KeyringBackend):
    priority = 1
    secrets: dict = {}

    def get_password(self, service, username):
        return type(self).secrets.get((service, username))

    def set_password(self, service, username, password):
        type(self).secrets[(service, username)] = password

    def delete_password(self, service, username):
        type(self).secrets.pop((service, username), None)


class ShelfA(Shelf):
    secrets: dict = {}


class ShelfB(Shelf):
    secrets: dict = {}


class NotHere(Shelf):
    """A backend that no longer works on this computer (keyring asks its priority)."""

    @keyring.compat.properties.classproperty
    def priority(cls):
        raise RuntimeError("no such service here")


def name_of(kind: type) -> str:
    return f"{kind.__module__}.{kind.__qualname__}"


@pytest.fixture
def journal(tmp_path):
    return tmp_path / "journal.db"


@pytest.fixture(autouse=True)
def new_process(monkeypatch, tmp_path):
    """keyring as a fresh kj process meets it: no backend chosen yet, no environment or
    config choice, and keyring's search offering only what a test puts in `searched`."""
    for shelf in (ShelfA, ShelfB):
        shelf.secrets = {}
    monkeypatch.delenv("PYTHON_KEYRING_BACKEND", raising=False)
    monkeypatch.setattr(keyring.util.platform_, "config_root", lambda: tmp_path / "kr-config")
    searched: list = []
    searches = []

    def search():
        searches.append(1)
        return list(searched)

    monkeypatch.setattr(keyring.backend, "get_all_keyring", search)

    def restart():
        monkeypatch.setattr(keyring.core, "_keyring_backend", None)
        monkeypatch.setattr(keyring_choice, "_chosen", {})
        searches.clear()

    restart()
    return restart, searched, searches


def store(shelf: type, journal, key: bytes) -> None:
    shelf.secrets[(encryption.KEYRING_SERVICE, str(journal.resolve()))] = key.hex()


def record(name: str) -> None:
    path = keyring_choice.record_path()
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    path.write_text(name)
    path.chmod(0o600)


def test_the_backend_that_served_the_key_is_loaded_alone_next_time(journal, new_process):
    restart, searched, searches = new_process
    searched.append(ShelfA())
    store(ShelfA, journal, KEY)
    assert encryption.remembered_key(journal) == KEY
    assert searches  # the first time, keyring searched
    path = keyring_choice.record_path()
    assert path.read_text() == name_of(ShelfA) and (path.stat().st_mode & 0o777) == 0o600
    assert KEY.hex() not in path.read_text()
    restart()
    assert encryption.remembered_key(journal) == KEY
    assert not searches


@pytest.mark.parametrize("recorded", [name_of(NotHere), "no_such_module.Keyring",
                                      "os.path", "not a class name"])
def test_a_recorded_backend_that_fails_gives_way_to_the_search(journal, new_process,
                                                              recorded):
    _restart, searched, searches = new_process
    record(recorded)
    searched.append(ShelfA())
    store(ShelfA, journal, KEY)
    assert encryption.remembered_key(journal) == KEY
    assert searches
    assert keyring_choice.record_path().read_text() == name_of(ShelfA)


def test_a_recorded_backend_without_the_key_gives_way_to_the_search(journal, new_process):
    _restart, searched, searches = new_process
    record(name_of(ShelfB))
    searched.append(ShelfA())
    store(ShelfA, journal, KEY)
    assert encryption.remembered_key(journal) == KEY
    assert keyring_choice.record_path().read_text() == name_of(ShelfA)


def test_no_key_anywhere_is_none(journal, new_process):
    _restart, searched, _searches = new_process
    record(name_of(ShelfB))
    searched.append(ShelfA())
    assert encryption.remembered_key(journal) is None
    assert keyring_choice.record_path().read_text() == name_of(ShelfB)


def test_the_environment_choice_wins_over_the_record(journal, new_process, monkeypatch):
    _restart, searched, searches = new_process
    record(name_of(ShelfA))
    store(ShelfA, journal, KEY)
    store(ShelfB, journal, OTHER_KEY)
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", name_of(ShelfB))
    assert encryption.remembered_key(journal) == OTHER_KEY
    assert not searches
    assert keyring_choice.record_path().read_text() == name_of(ShelfA)  # left as it was


def test_keyrings_config_file_wins_over_the_record(journal, new_process, tmp_path):
    _restart, _searched, searches = new_process
    record(name_of(ShelfA))
    store(ShelfA, journal, KEY)
    store(ShelfB, journal, OTHER_KEY)
    config = tmp_path / "kr-config" / "keyringrc.cfg"
    config.parent.mkdir()
    config.write_text(f"[backend]\ndefault-keyring={name_of(ShelfB)}\n")
    assert encryption.remembered_key(journal) == OTHER_KEY
    assert not searches


def test_a_record_others_could_have_written_is_not_read(journal, new_process):
    _restart, searched, searches = new_process
    record(name_of(ShelfB))
    keyring_choice.record_path().chmod(0o622)
    store(ShelfB, journal, OTHER_KEY)
    searched.append(ShelfA())
    store(ShelfA, journal, KEY)
    assert encryption.remembered_key(journal) == KEY
    assert searches


def test_a_kept_key_goes_where_it_will_be_read_and_the_record_follows(journal, new_process):
    restart, searched, _searches = new_process
    searched.append(ShelfA())
    encryption.remember_key(journal, KEY)
    assert keyring_choice.record_path().read_text() == name_of(ShelfA)
    restart()
    encryption.remember_key(journal, OTHER_KEY)  # a changed passphrase: the same backend
    assert ShelfA.secrets == {(encryption.KEYRING_SERVICE, str(journal.resolve())):
                              OTHER_KEY.hex()}


def test_forgetting_clears_the_recorded_backend_and_the_searched_one(journal, new_process):
    _restart, searched, _searches = new_process
    record(name_of(ShelfA))
    store(ShelfA, journal, KEY)
    store(ShelfB, journal, KEY)
    searched.append(ShelfB())
    assert encryption.forget_key(journal) is True
    assert ShelfA.secrets == {} and ShelfB.secrets == {}
    assert encryption.forget_key(journal) is False


def test_behind_keyrings_chainer_the_backend_holding_the_key_is_recorded(journal,
                                                                         new_process):
    _restart, searched, _searches = new_process
    searched.extend([ShelfA(), ShelfB(), ChainerBackend()])
    store(ShelfB, journal, KEY)
    assert isinstance(keyring.core._detect_backend(), ChainerBackend)  # what keyring picks
    assert encryption.remembered_key(journal) == KEY
    assert keyring_choice.record_path().read_text() == name_of(ShelfB)


def test_a_backend_set_by_the_program_is_used_as_it_is(journal, new_process):
    _restart, _searched, searches = new_process
    record(name_of(ShelfA))
    store(ShelfB, journal, OTHER_KEY)
    keyring.set_keyring(ShelfB())
    assert encryption.remembered_key(journal) == OTHER_KEY
    assert not searches


def test_keyrings_unused_modules_load_only_when_used():
    """The modules kept back while keyring is imported are not loaded, and work in full
    when something does use them."""
    script = (
        "import sys\n"
        "from kindjournal.journal import keyring_choice\n"
        "keyring_choice.import_keyring()\n"
        "loaded = {'http.client', 'ssl', 'email.message', 'more_itertools.more',\n"
        "          'importlib_metadata._meta', 'urllib.response'} & set(sys.modules)\n"
        "assert not loaded, loaded\n"
        "import urllib.request, more_itertools, tempfile, configparser\n"
        "assert urllib.request.Request('http://example.invalid').host == 'example.invalid'\n"
        "assert list(more_itertools.chunked([1, 2, 3], 2)) == [[1, 2], [3]]\n"
        "assert configparser.RawConfigParser().sections() == []\n"
        "assert callable(tempfile.mkdtemp)\n"
        "from keyring.compat.py312 import metadata\n"
        "assert any(e.name == 'chainer' for e in metadata.entry_points(group='keyring.backends'))\n"
        "assert 'http.client' in sys.modules\n"
    )
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr


class Locked(Shelf):
    """A backend that loads (its priority is fine) but fails when asked: a keyring that
    is locked or broken since it served the key."""

    secrets: dict = {}

    def get_password(self, service, username):
        raise RuntimeError("the keyring is locked")

    def set_password(self, service, username, password):
        raise RuntimeError("the keyring is locked")


def test_a_recorded_backend_that_fails_when_asked_gives_way_to_the_search(journal,
                                                                        new_process):
    restart, searched, searches = new_process
    record(name_of(Locked))
    searched.append(ShelfA())
    store(ShelfA, journal, KEY)
    assert encryption.remembered_key(journal) == KEY
    assert searches
    assert keyring_choice.record_path().read_text() == name_of(ShelfA)
    restart()
    record(name_of(Locked))
    encryption.remember_key(journal, OTHER_KEY)  # kept where keyring's search puts it
    assert ShelfA.secrets[(encryption.KEYRING_SERVICE, str(journal.resolve()))] == \
        OTHER_KEY.hex()
    assert keyring_choice.record_path().read_text() == name_of(ShelfA)
