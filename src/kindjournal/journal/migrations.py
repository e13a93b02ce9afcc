"""The journal's schema, one appended migration at a time: versions 1 to 6 here, 7 on in
migrations_v7_on.py (where a new one goes).

Never edit a migration that has shipped: add a new one at the end of
migrations_v7_on.py, with a comment saying why. SCHEMA_VERSION is the number of
migrations and is also written to PRAGMA user_version, so a journal's version can be
read from its header alone.
When you add a migration, raise database.SCHEMA_VERSION to match (a test checks).
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from kindjournal.journal.trend_tables import (
    MONTHLY_ROLLUPS,
    entry_in_summaries,
    rating_in_summaries,
    rebuild_trend_summaries,
    rollup_statements,
    trigger,
)

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


@migrations(name="0004_trend_summaries")
def trend_summaries(db: Database) -> None:
    # Why: 'kj trends --since "10 years ago"' must stay quick with 100,000 entries, and
    # grouping 800,000 ratings on every run cannot. These tables hold per-day (and per
    # shift type) sums, kept in step by triggers in the same transaction as every write
    # (reflect, --from, edits, trash, restore, delete), so a trend reads a few thousand
    # rows. They are derived data: the entries, checkins and tags tables stay the truth,
    # and tests compare the two after random changes. Trashed entries count nowhere;
    # drafts count (their ratings were given).
    for statement in (
        """
        CREATE TABLE trend_days (
            shift_date TEXT NOT NULL,
            shift_type TEXT NOT NULL,            -- '' when not given
            entries INTEGER NOT NULL DEFAULT 0,
            rated INTEGER NOT NULL DEFAULT 0,    -- entries with at least one rating
            supervision INTEGER NOT NULL DEFAULT 0,
            share INTEGER NOT NULL DEFAULT 0,
            drafts INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (shift_date, shift_type)
        ) STRICT, WITHOUT ROWID
        """,
        """
        CREATE TABLE trend_ratings (
            shift_date TEXT NOT NULL,
            shift_type TEXT NOT NULL,
            signal_key TEXT NOT NULL,
            total INTEGER NOT NULL DEFAULT 0,    -- sum of the ratings given
            ratings INTEGER NOT NULL DEFAULT 0,  -- how many (skipped ones are not counted)
            PRIMARY KEY (shift_date, shift_type, signal_key)
        ) STRICT, WITHOUT ROWID
        """,
        """
        CREATE TABLE trend_ratings_monthly (
            month TEXT NOT NULL,                 -- '2026-11'
            shift_type TEXT NOT NULL,
            signal_key TEXT NOT NULL,
            total INTEGER NOT NULL DEFAULT 0,
            ratings INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (month, shift_type, signal_key)
        ) STRICT, WITHOUT ROWID
        """,
        """
        CREATE TABLE trend_tags (
            shift_date TEXT NOT NULL,
            tag TEXT NOT NULL,
            entries INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (shift_date, tag)
        ) STRICT, WITHOUT ROWID
        """,
        trigger("trend_entry_added", "AFTER INSERT ON entries", entry_in_summaries("new", "+")),
        trigger("trend_entry_changed", "AFTER UPDATE OF shift_date, shift_type, deleted_at, "
                 "supervision, share, status ON entries",
                 entry_in_summaries("old", "-") + entry_in_summaries("new", "+")),
        # BEFORE: the entry's ratings and tags are still there to subtract. The cascade
        # that follows finds no live entry, so nothing is taken away twice.
        trigger("trend_entry_deleted", "BEFORE DELETE ON entries",
                 entry_in_summaries("old", "-")),
        trigger("trend_rating_added", "AFTER INSERT ON checkins",
                 rating_in_summaries("new", "+")),
        trigger("trend_rating_changed", "AFTER UPDATE OF value ON checkins",
                 rating_in_summaries("old", "-", "new")
                 + rating_in_summaries("new", "+", "old")),
        trigger("trend_rating_deleted", "AFTER DELETE ON checkins",
                 rating_in_summaries("old", "-")),
        trigger("trend_tag_added", "AFTER INSERT ON tags", [
            "INSERT INTO trend_tags (shift_date, tag) SELECT e.shift_date, new.tag "
            "FROM entries e WHERE e.id = new.entry_id AND e.deleted_at IS NULL AND NOT EXISTS "
            "(SELECT 1 FROM trend_tags x WHERE x.shift_date = e.shift_date AND x.tag = new.tag)",
            "UPDATE trend_tags SET entries = entries + 1 WHERE tag = new.tag AND shift_date = "
            "(SELECT e.shift_date FROM entries e WHERE e.id = new.entry_id "
            "AND e.deleted_at IS NULL)"]),
        trigger("trend_tag_deleted", "AFTER DELETE ON tags", [
            "UPDATE trend_tags SET entries = entries - 1 WHERE tag = old.tag AND shift_date = "
            "(SELECT e.shift_date FROM entries e WHERE e.id = old.entry_id "
            "AND e.deleted_at IS NULL)"]),
    ):
        db.execute(statement)
    rebuild_trend_summaries(db)


# The text one entry contributed to the search index in migrations 0002 to 0008, when
# the index kept its own copy of it. Those migrations still run on new journals.
_INDEX_ROWS = """
    INSERT INTO entries_fts (rowid, answers, prompts, tags, actions)
    SELECT e.id,
           coalesce((SELECT group_concat(answer, char(10)) FROM (
                         SELECT a.answer FROM answers a WHERE a.entry_id = e.id
                         AND coalesce(a.answer, '') != '' ORDER BY a.position)), ''),
           coalesce((SELECT group_concat(prompt_text, char(10)) FROM (
                         SELECT a.prompt_text FROM answers a WHERE a.entry_id = e.id
                         ORDER BY a.position)), ''),
           coalesce((SELECT group_concat(t.tag, ' ') FROM tags t WHERE t.entry_id = e.id), ''),
           coalesce((SELECT group_concat(x.text, char(10)) FROM actions x
                     WHERE x.entry_id = e.id), '')
    FROM entries e WHERE e.deleted_at IS NULL
"""


def reindex(entry: str) -> str:
    """Trigger body: replace one entry's row in the index."""
    return f"DELETE FROM entries_fts WHERE rowid = {entry}; {_INDEX_ROWS} AND e.id = {entry};"


@migrations(name="0002_search_index")
def search_index(db: Database) -> None:
    # Why: 'kj search' must stay quick after years of entries, so SQLite's FTS5 keeps
    # one row per entry (rowid = entries.id). Triggers, not Python, keep it in step, so
    # every way an entry changes (reflect, --from, imports through add_entries, edit,
    # trash, restore, empty trash) updates the index in the same transaction. Porter
    # stemming lets "tired" find "tiring"; diacritics are folded for names of places.
    # Its number was kept free for it while it was written; it comes after 0003 and
    # 0004 here because migrations run in the order they are defined (appended last).
    db.execute(
        "CREATE VIRTUAL TABLE entries_fts USING fts5("
        "answers, prompts, tags, actions, "
        "tokenize = 'porter unicode61 remove_diacritics 2')"
    )
    triggers = {
        "answers_ai": "AFTER INSERT ON answers",
        "answers_au": "AFTER UPDATE ON answers",
        "answers_ad": "AFTER DELETE ON answers",
        "tags_ai": "AFTER INSERT ON tags",
        "tags_ad": "AFTER DELETE ON tags",
        "actions_ai": "AFTER INSERT ON actions",
        "actions_au": "AFTER UPDATE OF text ON actions",
        "actions_ad": "AFTER DELETE ON actions",
    }
    for name, event in triggers.items():
        entry = "old.entry_id" if event.startswith("AFTER DELETE") else "new.entry_id"
        db.execute(
            f"CREATE TRIGGER entries_fts_{name} {event} BEGIN "
            f"{reindex(entry)} END"
        )
    # Trashing an entry takes it out of the index; restoring it puts it back.
    db.execute(
        "CREATE TRIGGER entries_fts_trash AFTER UPDATE OF deleted_at ON entries BEGIN "
        f"{reindex('new.id')} END"
    )
    db.execute(
        "CREATE TRIGGER entries_fts_gone AFTER DELETE ON entries BEGIN "
        "DELETE FROM entries_fts WHERE rowid = old.id; END"
    )
    db.execute(_INDEX_ROWS)  # journals written before the index existed
    # 'kj trash' lists trashed entries without reading every entry.
    db.execute("CREATE INDEX entries_by_deleted ON entries (deleted_at) "
               "WHERE deleted_at IS NOT NULL")


# Named 0004 in the plan for this feature; 0004_trend_summaries landed first. Names only
# need to be unique: migrations run in the order they appear in this file.
@migrations(name="0004_redaction_names")
def redaction_names(db: Database) -> None:
    # Why: the person's private list of names to take out of group exports and to warn
    # about while reflecting. It lives in the journal (not a side file) so that it is
    # as private as the entries, goes into backups with them, and is one thing to delete.
    db.execute(
        """
        CREATE TABLE redaction_names (
            name TEXT PRIMARY KEY COLLATE NOCASE,
            added_at TEXT NOT NULL
        ) STRICT
        """
    )


@migrations(name="0005_trend_monthly_rollups")
def trend_monthly_rollups(db: Database) -> None:
    # Why: 'kj trends --since "10 years ago"' still read every per-day row of
    # trend_days and trend_tags (about 20,000 and 50,000 at 100,000 entries), which made
    # its time grow with the journal. These tables sum them per month, so whole months
    # read one row each. Triggers on the per-day summaries themselves keep them in step
    # (every change there, from whatever write, moves the month by the same amount), so
    # the entry, rating and tag triggers of 0004 stay as they are.
    for monthly, daily, key, counts in MONTHLY_ROLLUPS:
        columns = ", ".join(f"{name} INTEGER NOT NULL DEFAULT 0" for name in counts)
        db.execute(f"CREATE TABLE {monthly} (month TEXT NOT NULL, {key} TEXT NOT NULL, "
                   f"{columns}, PRIMARY KEY (month, {key})) STRICT, WITHOUT ROWID")
        for event, statements in (
            ("AFTER INSERT", rollup_statements(monthly, key, counts, "new", "+")),
            ("AFTER UPDATE", rollup_statements(monthly, key, counts, "old", "-")
             + rollup_statements(monthly, key, counts, "new", "+")),
            ("AFTER DELETE", rollup_statements(monthly, key, counts, "old", "-")),
        ):
            db.execute(trigger(f"{monthly}_{event.split()[1].lower()}",
                                f"{event} ON {daily}", statements))
        sums = ", ".join(f"sum({name})" for name in counts)
        db.execute(f"INSERT INTO {monthly} SELECT substr(shift_date, 1, 7), {key}, {sums} "
                   f"FROM {daily} GROUP BY 1, 2")
    # Per month and signal, and per shift type and signal, in key order: a trend by
    # month and its by-shift sums read these without sorting thousands of rows.
    db.execute("CREATE INDEX trend_ratings_monthly_by_signal ON trend_ratings_monthly "
               "(month, signal_key, total, ratings)")
    db.execute("CREATE INDEX trend_ratings_monthly_by_shift ON trend_ratings_monthly "
               "(shift_type, signal_key, month, total, ratings)")



# Columns every revalidation record has: a uuid that survives export and import, and
# deleted_at for the bin (a deleted record can be brought back, like an entry).
_RECORD_COMMON = ("id INTEGER PRIMARY KEY, uuid TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL, "
                  "updated_at TEXT NOT NULL, deleted_at TEXT")


@migrations(name="0006_revalidation_records")
def revalidation_records(db: Database) -> None:
    # Why: the evidence a regulator asks for beside the written reflections (issue 13):
    # practice hours, CPD, feedback, the reflective discussion and the confirmation, and
    # which regulator profiles apply with their dates. Each kind has its own table,
    # because each has its own fields (as the regulators' templates do); free text stays
    # text, hours are REAL (half hours are common), dates ISO. Partner and confirmer
    # details live only here, in the person's own journal (docs/revalidation.md).
    for statement in (
        f"""CREATE TABLE practice_hours ({_RECORD_COMMON},
            start_date TEXT NOT NULL, end_date TEXT, hours REAL NOT NULL CHECK (hours >= 0),
            organisation TEXT, scope TEXT, setting TEXT, description TEXT) STRICT""",
        f"""CREATE TABLE cpd_activities ({_RECORD_COMMON},
            start_date TEXT NOT NULL, end_date TEXT, method TEXT, topic TEXT, relevance TEXT,
            hours REAL NOT NULL DEFAULT 0 CHECK (hours >= 0),
            participatory_hours REAL NOT NULL DEFAULT 0
                CHECK (participatory_hours >= 0 AND participatory_hours <= hours),
            code_part TEXT, evidence TEXT, learned TEXT, impact TEXT,
            peer_reflection TEXT) STRICT""",
        f"""CREATE TABLE feedback ({_RECORD_COMMON},
            received_date TEXT NOT NULL, source TEXT, content TEXT, how_used TEXT) STRICT""",
        f"""CREATE TABLE reflective_discussions ({_RECORD_COMMON},
            discussion_date TEXT NOT NULL, partner_name TEXT, partner_pin TEXT,
            partner_email TEXT, partner_address TEXT, partner_postcode TEXT,
            notes TEXT) STRICT""",
        f"""CREATE TABLE confirmations ({_RECORD_COMMON},
            confirmation_date TEXT NOT NULL, confirmer_name TEXT, confirmer_role TEXT,
            confirmer_pin TEXT, confirmer_email TEXT, confirmer_address TEXT,
            confirmer_postcode TEXT, notes TEXT) STRICT""",
        # One row per regulator profile that applies: the renewal (or registration-year
        # end) date, figures the person changed (JSON: {"practice-hours": 900}), what they
        # declared (JSON list of requirement keys) and when kj last reminded them.
        """CREATE TABLE registrations (
            profile TEXT PRIMARY KEY, period_end TEXT, overrides TEXT NOT NULL DEFAULT '{}',
            declared TEXT NOT NULL DEFAULT '[]', last_reminded TEXT) STRICT""",
        "CREATE INDEX practice_hours_by_date ON practice_hours (start_date)",
        "CREATE INDEX cpd_activities_by_date ON cpd_activities (start_date)",
        "CREATE INDEX feedback_by_date ON feedback (received_date)",
    ):
        db.execute(statement)


# Later migrations live in their own module (this one would pass 600 lines); importing
# it registers them after the ones above, in order. It imports `migrations` from here.
from kindjournal.journal import migrations_v7_on  # noqa: E402, F401

SCHEMA_VERSION = len(migrations.pending(Database(memory=True)))
