"""Where the journal and the user's own prompt packs live.

Order for the journal: --db PATH, then $KJ_DB, then $KJ_HOME/journal.db, then the
user's data directory (platformdirs). User packs live in <home>/prompts, where home
is $KJ_HOME or the data directory.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "kindjournal"
JOURNAL_FILENAME = "journal.db"


def data_home() -> Path:
    """$KJ_HOME if set, else the per-user data folder of this platform."""
    home = os.environ.get("KJ_HOME")
    if home:
        return Path(home).expanduser()
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def journal_path(db_option: str | Path | None = None) -> Path:
    """The journal file to use, by the documented order of precedence."""
    if db_option:
        return Path(db_option).expanduser()
    from_env = os.environ.get("KJ_DB")
    if from_env:
        return Path(from_env).expanduser()
    return data_home() / JOURNAL_FILENAME


def user_prompts_dir() -> Path:
    """Folder for the person's own prompt packs (may not exist yet)."""
    return data_home() / "prompts"
