"""The keyring that keeps an encrypted journal's key, reached quickly (issue 12: kj list
on an encrypted journal with a remembered key starts within the benchmark's targets).

The keyring library chooses its backend in three steps: PYTHON_KEYRING_BACKEND, then its
own config file (keyringrc.cfg), then a search that imports every installed backend,
reads every installed package's entry points and asks each backend whether it works
here: about 50 ms on a 2-core machine with no desktop keyring, more where D-Bus answers.
kj keeps the first two steps as they are. For the third, it records the name of the
backend class that served or kept a key (the file 'keyring-backend' in kj's data folder:
a class name, never a key or passphrase) and next time loads that class alone with
keyring.core.load_keyring, which still asks it whether it works here. If it cannot be
loaded, no longer works or holds no key for the journal, keyring searches as usual and
the record follows what the search finds. The record can do no more than keyringrc.cfg,
which names a class the same way; kj reads it only when it is private to this user.

Importing keyring costs ~30 ms, most of it in modules it never uses to fetch a key (see
DEFERRED_MODULES).
"""

from __future__ import annotations

import os
import re
import stat
import sys
from pathlib import Path

# keyring imports these when it is imported but uses them only for work kj never asks of
# it on the way to a key: urllib.request (with http.client, ssl and email, ~11 ms) and
# tempfile for jaraco.context's download and temporary-folder helpers; importlib_metadata
# or importlib.metadata (~4 ms) to list installed backends, which only the search needs;
# more_itertools (~2.5 ms) for one jaraco.functools helper; configparser (~1 ms) to read
# keyringrc.cfg, when there is one. While keyring is imported they are made lazy with the
# standard library's importlib.util.LazyLoader: each loads in full the first time anything
# uses it, so nothing behaves differently, only later. One that keyring does use during
# its import (tarfile is, by jaraco.context) loads then: no gain and no harm, whatever
# keyring's version.
DEFERRED_MODULES = frozenset({"urllib.request", "tempfile", "importlib_metadata",
                              "importlib.metadata", "more_itertools", "configparser"})
RECORD_NAME = "keyring-backend"
CLASS_NAME = re.compile(r"[A-Za-z_]\w*(\.[A-Za-z_]\w*)+")

# How this process's backend was chosen: NAMED by PYTHON_KEYRING_BACKEND or keyringrc.cfg,
# RECORDED (kj's record), SEARCHED (keyring's own search); anything else (set_keyring by
# a program using kj, or tests) is left alone.
NAMED, RECORDED, SEARCHED = "named", "recorded", "searched"
_chosen: dict[str, object] = {}


class _LoadLater:
    """A meta path finder in place only while keyring is imported. It makes the
    DEFERRED_MODULES lazy when they are first imported. (Putting lazy modules in
    sys.modules beforehand, as the importlib recipe does, does not work here: an import
    statement reads __spec__ of a module already in sys.modules, which loads it.)"""

    def find_spec(self, name, path, target=None):
        if name not in DEFERRED_MODULES:
            return None
        import importlib.machinery
        import importlib.util

        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(name, path, target)
            if spec is not None:
                break
        else:
            return None
        # Only plain Python source: an extension module cannot be loaded lazily.
        if type(spec.loader) is importlib.machinery.SourceFileLoader:
            spec.loader = importlib.util.LazyLoader(spec.loader)
        return spec


def import_keyring():
    """The keyring package, imported without the modules it would not use."""
    if "keyring.core" not in sys.modules:
        finder = _LoadLater()
        sys.meta_path.insert(0, finder)
        try:
            import keyring.core  # noqa: F401 (loads the package and its core)
        finally:
            sys.meta_path.remove(finder)
    return sys.modules["keyring"]


def use_keyring():
    """keyring, with this process's backend chosen (once) as described above."""
    keyring = import_keyring()
    core = keyring.core
    # A backend already chosen in this process (by kj, or set_keyring) stays. keyring has
    # kept it in core._keyring_backend since its first versions; if that ever changes,
    # kj chooses afresh, as it does in a new process.
    if getattr(core, "_keyring_backend", None) is None:
        named = core.load_env() or (core.load_config() if _may_have_config(core) else None)
        if named is not None:
            _set(core, named, NAMED)
        else:
            recorded = _load_recorded(keyring)
            if recorded is not None:
                _set(core, recorded, RECORDED)
            else:
                _search(keyring)
    return keyring


def _may_have_config(core) -> bool:
    """False only when keyring's config file is surely absent, so configparser is not
    loaded just to find that out. keyring names its path with core._config_path (since
    version 24); without it, load_config looks as before."""
    config_path = getattr(core, "_config_path", None)
    try:
        return config_path is None or config_path().exists()
    except Exception:
        return True


def read(keyring, service: str, username: str) -> str | None:
    if _how(keyring) == RECORDED:
        try:
            stored = keyring.get_password(service, username)
        except Exception:  # locked or broken since: as if it held nothing
            stored = None
        if stored is None:  # kept elsewhere since, or no longer works here: search
            _search(keyring)
            stored = keyring.get_password(service, username)
    else:
        stored = keyring.get_password(service, username)
    if stored is not None and _how(keyring) == SEARCHED:
        _record(keyring.get_keyring(), service, username, stored)
    return stored


def write(keyring, service: str, username: str, secret: str) -> None:
    try:
        keyring.set_password(service, username, secret)
    except Exception:
        if _how(keyring) != RECORDED:
            raise
        _search(keyring)  # the recorded one no longer works here: keyring's own choice
        keyring.set_password(service, username, secret)
    if _how(keyring) == SEARCHED:
        _record(keyring.get_keyring(), service, username, secret)


def delete(keyring, service: str, username: str) -> bool:
    """Remove the secret; False when none was kept. With a recorded backend, the one
    keyring's search picks now is cleared too, so no copy is left where kj would look."""
    backends = [keyring.get_keyring()]
    if _how(keyring) == RECORDED:
        _search(keyring)
        backends.append(keyring.get_keyring())
    found = False
    for backend in backends:
        try:
            if backend.get_password(service, username) is not None:
                backend.delete_password(service, username)
                found = True
        except Exception:  # a locked or broken backend: the others still count
            continue
    return found


# ---- the record --------------------------------------------------------------------

def record_path() -> Path:
    from kindjournal.files import data_home

    return data_home() / RECORD_NAME


def recorded_name() -> str | None:
    """The class named in the record, if the record is this user's own private file."""
    path = record_path()
    try:
        info = path.stat()
        # POSIX modes only: on Windows, stat shows every writable file as 0666, and the
        # user's own data folder is private by its access list.
        if os.name == "posix" and (info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
                                   or info.st_uid != os.getuid()):
            return None
        name = path.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return name if CLASS_NAME.fullmatch(name) else None


def _load_recorded(keyring):
    name = recorded_name()
    if name is None:
        return None
    try:
        backend = keyring.core.load_keyring(name)  # also asks it whether it works here
    except Exception:  # gone, or no longer works here: keyring searches instead
        return None
    return backend if isinstance(backend, keyring.backend.KeyringBackend) else None


def _record(backend, service: str, username: str, secret: str) -> None:
    """Record the class that holds the secret: the backend itself or, for keyring's
    chainer (several backends in turn), the one of its backends that has it."""
    holder = backend
    members = getattr(backend, "backends", None)
    if members is not None:
        for member in members:
            try:
                if member.get_password(service, username) == secret:
                    holder = member
                    break
            except Exception:
                continue
        else:
            return
    kind = type(holder)
    name = f"{kind.__module__}.{kind.__qualname__}"
    if not CLASS_NAME.fullmatch(name) or kind.__module__ == "__main__" or \
            name == recorded_name():
        return
    from kindjournal.files import make_private_folders, write_private_bytes

    try:
        make_private_folders(record_path().parent)
        write_private_bytes(record_path(), name.encode("utf-8"), replace=True)
    except Exception:  # only a shortcut: keyring's search still finds the key
        pass


def _set(core, backend, how: str) -> None:
    core.set_keyring(backend)
    _chosen.update(backend=backend, how=how)


def _search(keyring) -> None:
    keyring.core.init_backend()
    _chosen.update(backend=keyring.get_keyring(), how=SEARCHED)


def _how(keyring) -> str | None:
    current = getattr(keyring.core, "_keyring_backend", None)
    return _chosen.get("how") if current is not None and current is _chosen.get("backend") \
        else None
