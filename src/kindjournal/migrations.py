"""The journal's schema, one appended migration at a time.

Never edit a migration that has shipped: add a new one below it, with a comment
saying why. SCHEMA_VERSION is the number of migrations and is also written to
PRAGMA user_version, so a journal's version can be read from its header alone.
When you add a migration, raise store.SCHEMA_VERSION to match (a test checks).
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("kindjournal")


@migrations(name="0001_initial")
def initial_schema(db: Database) -> None:
    # Why: the first journal. Entries keep a per-journal number (id) that people
    # type, and a uuid that survives export and import. Prompts are stored exactly
    # as they were asked, because packs change over the years.
    for statement in (
        """
        CREATE TABLE entries (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            shift_date TEXT NOT NULL,
            shift_type TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'complete')),
            pack TEXT NOT NULL,
            share INTEGER NOT NULL DEFAULT 0 CHECK (share IN (0, 1)),
            supervision INTEGER NOT NULL DEFAULT 0 CHECK (supervision IN (0, 1)),
            deleted_at TEXT
        ) STRICT
        """,
        "CREATE INDEX entries_by_shift_date ON entries (shift_date, id)",
        "CREATE INDEX entries_by_status ON entries (status)",
        """
        CREATE TABLE answers (
            id INTEGER PRIMARY KEY,
            entry_id INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            theme_key TEXT NOT NULL,
            prompt_key TEXT,
            prompt_text TEXT NOT NULL,
            answer TEXT,        -- NULL: not reached yet; '': skipped
            answered_at TEXT,   -- set once the answer is finished (or skipped)
            UNIQUE (entry_id, theme_key)
        ) STRICT
        """,
        "CREATE INDEX answers_by_theme ON answers (theme_key, prompt_key)",
        """
        CREATE TABLE checkins (
            entry_id INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
            signal_key TEXT NOT NULL,
            value INTEGER CHECK (value IS NULL OR value BETWEEN 0 AND 4),  -- NULL: skipped
            PRIMARY KEY (entry_id, signal_key)
        ) STRICT
        """,
        "CREATE INDEX checkins_by_signal ON checkins (signal_key)",
        """
        CREATE TABLE tags (
            entry_id INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
            tag TEXT NOT NULL,
            PRIMARY KEY (entry_id, tag)
        ) STRICT
        """,
        "CREATE INDEX tags_by_tag ON tags (tag, entry_id)",
        """
        CREATE TABLE actions (
            id INTEGER PRIMARY KEY,
            entry_id INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
            text TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'dropped')),
            created_at TEXT NOT NULL,
            review_note TEXT,
            reviewed_at TEXT
        ) STRICT
        """,
        "CREATE INDEX actions_by_entry ON actions (entry_id)",
        "CREATE INDEX actions_by_status ON actions (status, created_at)",
    ):
        db.execute(statement)


@migrations(name="0003_supervision_sessions")
def supervision_sessions(db: Database) -> None:
    # Why: 'kj supervision' prepares for the next session from what happened since the
    # last one, so the journal must remember when sessions took place. Only the date and
    # an optional short note: what was said in supervision stays in supervision.
    db.execute(
        """
        CREATE TABLE supervision_sessions (
            id INTEGER PRIMARY KEY,
            session_date TEXT NOT NULL,
            note TEXT,
            created_at TEXT NOT NULL
        ) STRICT
        """
    )
    db.execute("CREATE INDEX supervision_by_date ON supervision_sessions (session_date, id)")


SCHEMA_VERSION = len(migrations.pending(Database(memory=True)))
