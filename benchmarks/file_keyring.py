"""A keyring backend that keeps secrets in a JSON file, for benchmarks/bench.py only.

Not for real keys: the file is plain text. It stands in for the operating system's
keyring so that the encrypted-journal row times the same thing on every machine and
never reads or writes the keyring of the machine it runs on. The file is
$KJ_BENCH_KEYRING_FILE. bench.py puts this folder on PYTHONPATH for that row only.
"""

from __future__ import annotations

import json
import os

from keyring.backend import KeyringBackend


class FileKeyring(KeyringBackend):
    priority = 1

    def _path(self) -> str:
        return os.environ["KJ_BENCH_KEYRING_FILE"]

    def _load(self) -> dict:
        try:
            with open(self._path(), encoding="utf-8") as handle:
                return json.load(handle)
        except FileNotFoundError:
            return {}

    def _save(self, secrets: dict) -> None:
        descriptor = os.open(self._path(), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with open(descriptor, "w", encoding="utf-8") as handle:
            json.dump(secrets, handle)

    def get_password(self, service, username):
        return self._load().get(f"{service}|{username}")

    def set_password(self, service, username, password):
        secrets = self._load()
        secrets[f"{service}|{username}"] = password
        self._save(secrets)

    def delete_password(self, service, username):
        secrets = self._load()
        secrets.pop(f"{service}|{username}", None)
        self._save(secrets)
