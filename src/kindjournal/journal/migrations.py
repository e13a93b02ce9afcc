"""The journal's schema, one appended migration at a time.

Never edit a migration that has shipped: add a new one below it, with a comment
saying why. SCHEMA_VERSION is the number of migrations and is also written to
PRAGMA user_version, so a journal's version can be read from its header alone.
When you add a migration, raise database.SCHEMA_VERSION to match (a test checks).
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from kindjournal.journal.bulk_writes import (
    INDEX_ROWS,
    PROMPT_OF_ANSWER,
    index_entry,
    source_rows,
    unindex_entry,
)
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


# The text one entry contributes to the search index (shared with bulk_writes, which
# indexes a batch of new entries at once).
_INDEX_ROWS = INDEX_ROWS


def _reindex(entry: str) -> str:
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
            f"{_reindex(entry)} END"
        )
    # Trashing an entry takes it out of the index; restoring it puts it back.
    db.execute(
        "CREATE TRIGGER entries_fts_trash AFTER UPDATE OF deleted_at ON entries BEGIN "
        f"{_reindex('new.id')} END"
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



# The search-index triggers on actions, as 0002 made them: rebuilt with the table below.
_ACTION_INDEX_TRIGGERS = {
    "actions_ai": ("AFTER INSERT ON actions", "new.entry_id"),
    "actions_au": ("AFTER UPDATE OF text ON actions", "new.entry_id"),
    "actions_ad": ("AFTER DELETE ON actions", "old.entry_id"),
}


@migrations(name="0007_supervision_both_ways")
def supervision_both_ways(db: Database) -> None:
    # Why: supervision that works both ways (issue 14). A session keeps its kind
    # (clinical, managerial, peer, group), the supervisor's name or role, the functions
    # it served (a comma list of support, learning, standards), a note, and the actions
    # agreed in it, which come back at the next preparation; sessions can be edited and
    # binned (deleted_at) like entries, and a uuid lets them survive export and import.
    # cpd_uuid ties a peer or group session to the CPD record made from it, so the
    # social worker does not type it twice. An agreed action is a row of actions owned by
    # a session instead of an entry: one numbering, so 'kj actions done N' closes either.
    # SQLite cannot make entry_id nullable in place, so the table is rebuilt (same ids,
    # same rows); session actions have no entry, so the search index ignores them.
    # supervision_agreement holds the one agreement (how often, who, what is
    # confidential and its limits) and what the preparation shows (hidden signals,
    # summaries): it is about this journal's contents, so it lives and travels with it.
    for column in ("uuid TEXT", "kind TEXT CHECK (kind IN ('clinical', 'managerial', "
                   "'peer', 'group'))", "supervisor TEXT", "functions TEXT",
                   "updated_at TEXT", "deleted_at TEXT", "cpd_uuid TEXT"):
        db.execute(f"ALTER TABLE supervision_sessions ADD COLUMN {column}")
    db.execute("UPDATE supervision_sessions SET updated_at = created_at, uuid = "
               "lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || "
               "substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + "
               "(abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || "
               "hex(randomblob(6)))")
    db.execute("CREATE UNIQUE INDEX supervision_by_uuid ON supervision_sessions (uuid)")
    for statement in (
        """
        CREATE TABLE actions_rebuilt (
            id INTEGER PRIMARY KEY,
            entry_id INTEGER REFERENCES entries (id) ON DELETE CASCADE,
            text TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'dropped')),
            created_at TEXT NOT NULL,
            review_note TEXT,
            reviewed_at TEXT,
            -- last, so the columns before it keep their places
            session_id INTEGER REFERENCES supervision_sessions (id) ON DELETE CASCADE,
            CHECK ((entry_id IS NULL) != (session_id IS NULL))
        ) STRICT
        """,
        "INSERT INTO actions_rebuilt (id, entry_id, text, status, created_at, review_note, "
        "reviewed_at) SELECT id, entry_id, text, status, created_at, review_note, "
        "reviewed_at FROM actions",
        "DROP TABLE actions",
        # Legacy renaming leaves the entries triggers that name 'actions' alone (they
        # would otherwise be checked against a schema in which it is briefly missing).
        "PRAGMA legacy_alter_table = ON",
        "ALTER TABLE actions_rebuilt RENAME TO actions",
        "PRAGMA legacy_alter_table = OFF",
        "CREATE INDEX actions_by_entry ON actions (entry_id)",
        "CREATE INDEX actions_by_status ON actions (status, created_at)",
        "CREATE INDEX actions_by_session ON actions (session_id) WHERE session_id IS NOT NULL",
        """
        CREATE TABLE supervision_agreement (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            every_weeks INTEGER CHECK (every_weeks IS NULL OR every_weeks BETWEEN 1 AND 52),
            supervisor TEXT,
            confidential TEXT,
            limits TEXT,
            hidden_signals TEXT NOT NULL DEFAULT '[]',
            show_summaries INTEGER NOT NULL DEFAULT 1 CHECK (show_summaries IN (0, 1)),
            updated_at TEXT NOT NULL
        ) STRICT
        """,
    ):
        db.execute(statement)
    for name, (event, entry) in _ACTION_INDEX_TRIGGERS.items():
        db.execute(f"CREATE TRIGGER entries_fts_{name} {event} BEGIN {_reindex(entry)} END")


# Last in the file: it counts every migration defined above it.


@migrations(name="0008_nothing_left_behind")
def nothing_left_behind(db: Database) -> None:
    # Why (issue 12): deleted words must not stay in the file. (1) The trend tag tables
    # kept a deleted tag as a row counting 0 entries (and backups copied it): a row that
    # reaches 0 now goes. (2) The search index re-indexed an answer on every autosaved
    # line, so words typed and then redacted before the answer was finished stayed in
    # its data; an answer is now indexed once it is finished (kj edit and imports write
    # finished answers). (3) One 'optimize' purges what earlier deletes left behind.
    for table, key in (("trend_tags", "shift_date"), ("trend_tags_monthly", "month")):
        db.execute(trigger(f"{table}_emptied", f"AFTER UPDATE OF entries ON {table} "
                            "WHEN new.entries <= 0",
                            [f"DELETE FROM {table} WHERE {key} = new.{key} AND tag = new.tag"]))
        db.execute(f"DELETE FROM {table} WHERE entries <= 0")
    db.execute("DROP TRIGGER entries_fts_answers_au")
    db.execute("CREATE TRIGGER entries_fts_answers_au AFTER UPDATE ON answers "
               f"WHEN new.answered_at IS NOT NULL BEGIN {_reindex('new.entry_id')} END")
    db.execute("INSERT INTO entries_fts (entries_fts) VALUES ('optimize')")

@migrations(name="0009_unused_indexes_dropped")
def unused_indexes_dropped(db: Database) -> None:
    # Why (issue 17, storage): three indexes of 0001 that no query plan uses cost 3.4 MB
    # at 10,000 entries (0.38 of the answers' text). Checked with EXPLAIN QUERY PLAN
    # over every statement the list, search, trends, export and supervision tests run:
    # tags_by_tag appears in none (tag filters and trend sums look tags up by entry, the
    # primary key); answers_by_theme and checkins_by_signal only in the CSV export's
    # DISTINCT keys, which reads every row either way and is as quick over the primary
    # keys. Foreign-key and per-entry lookups keep their own indexes.
    for name in ("tags_by_tag", "answers_by_theme", "checkins_by_signal"):
        db.execute(f"DROP INDEX IF EXISTS {name}")


def _search_index_triggers(db: Database, prompt: str, tables: tuple[str, ...]) -> None:
    """The search index's BEFORE/AFTER trigger pairs (see 0010) on the given tables;
    prompt: the answers column that holds or points to the prompt."""
    changed = ("old.answered_at IS NOT NULL OR new.answered_at IS NOT NULL OR "
               f"old.{prompt} IS NOT new.{prompt} OR old.position IS NOT new.position")
    # An INSERT OR IGNORE that is ignored fires the BEFORE trigger but not the AFTER one
    # (writes.insert_tags adds tags so), so the row is taken out only when it will go in.
    new_answer = ("NOT EXISTS (SELECT 1 FROM answers WHERE entry_id = new.entry_id "
                  "AND theme_key = new.theme_key)")
    new_tag = "NOT EXISTS (SELECT 1 FROM tags WHERE entry_id = new.entry_id AND tag = new.tag)"
    new_action = "NOT EXISTS (SELECT 1 FROM actions WHERE id = new.id)"
    for name, event, old, new, before_when, when in (
        ("answers_ai", "INSERT ON answers", "new.entry_id", "new.entry_id", new_answer, ""),
        ("answers_au", "UPDATE ON answers", "old.entry_id", "new.entry_id", changed, changed),
        ("answers_ad", "DELETE ON answers", "old.entry_id", "old.entry_id", "", ""),
        ("tags_ai", "INSERT ON tags", "new.entry_id", "new.entry_id", new_tag, ""),
        ("tags_ad", "DELETE ON tags", "old.entry_id", "old.entry_id", "", ""),
        ("actions_ai", "INSERT ON actions", "new.entry_id", "new.entry_id", new_action, ""),
        ("actions_au", "UPDATE OF text, entry_id ON actions", "old.entry_id",
         "new.entry_id", "", ""),
        ("actions_ad", "DELETE ON actions", "old.entry_id", "old.entry_id", "", ""),
        ("trash", "UPDATE OF deleted_at ON entries", "old.id", "new.id", "", ""),
    ):
        if event.split(" ON ")[1] not in tables:
            continue
        before = f" WHEN {before_when}" if before_when else ""
        after = f" WHEN {when}" if when else ""
        # An update may move a row between entries: both entries' rows are redone.
        entries = (old, new) if old != new else (old,)
        db.execute(f"CREATE TRIGGER entries_fts_{name}_before BEFORE {event}{before} BEGIN "
                   f"{' '.join(unindex_entry(entry) for entry in entries)} END")
        db.execute(f"CREATE TRIGGER entries_fts_{name} AFTER {event}{after} BEGIN "
                   f"{' '.join(index_entry(entry) for entry in entries)} END")


@migrations(name="0010_search_index_external_content")
def search_index_external_content(db: Database) -> None:
    # Why (issue 17, storage): the index kept its own verbatim copy of every entry's
    # text, 1.7 times the answers' text. Now it reads the text from a view over the
    # journal's own tables (external content), so it holds only the index itself; ranking,
    # snippets and stemming are unchanged. Two things an external-content index needs:
    # (1) removing an entry's row needs the exact text that was indexed, so each change
    # takes the entry's row out BEFORE it happens (the view still shows the old text) and
    # puts it back AFTER; (2) the view must change only when a trigger re-indexes, so it
    # shows only finished answers (0008 indexes an answer once it is finished; an
    # autosaved line changes nothing the index reads). Every live entry has a row.
    for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' "
                              "AND name LIKE 'entries_fts_%'").fetchall():
        db.execute(f"DROP TRIGGER {name}")
    db.execute("DROP TABLE entries_fts")
    db.execute("DROP VIEW IF EXISTS entries_fts_source")  # safe to run again
    db.execute(f"CREATE VIEW entries_fts_source (id, answers, prompts, tags, actions) AS "
               f"{source_rows('a.prompt_text')}")
    db.execute(
        "CREATE VIRTUAL TABLE entries_fts USING fts5("
        "answers, prompts, tags, actions, content = 'entries_fts_source', "
        "content_rowid = 'id', tokenize = 'porter unicode61 remove_diacritics 2')"
    )
    _search_index_triggers(db, "prompt_text", tables=("answers", "tags", "actions", "entries"))
    db.execute("CREATE TRIGGER entries_fts_added AFTER INSERT ON entries "
               f"BEGIN {index_entry('new.id')} END")
    db.execute("CREATE TRIGGER entries_fts_gone BEFORE DELETE ON entries "
               f"BEGIN {unindex_entry('old.id')} END")
    db.execute("INSERT INTO entries_fts (entries_fts) VALUES ('rebuild')")


@migrations(name="0011_prompt_texts_once")
def prompt_texts_once(db: Database) -> None:
    # Why (issue 17, storage): every answer kept its prompt's whole text, though a pack
    # asks the same few dozen prompts again and again (0.4 of the answers' text at
    # 10,000 entries). Each text is now stored once in prompts and answers point to it;
    # prompts are still kept exactly as they were asked (0001). SQLite cannot change a
    # column in place, so answers is rebuilt (same ids, same rows, same order of the
    # columns before it), and the search index's view and answer triggers with it.
    for statement in (
        "CREATE TABLE prompts (id INTEGER PRIMARY KEY, text TEXT NOT NULL UNIQUE) STRICT",
        "INSERT INTO prompts (text) SELECT prompt_text FROM answers GROUP BY prompt_text "
        "ORDER BY min(id)",
        "DROP VIEW entries_fts_source",
        """
        CREATE TABLE answers_rebuilt (
            id INTEGER PRIMARY KEY,
            entry_id INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            theme_key TEXT NOT NULL,
            prompt_key TEXT,
            prompt_id INTEGER NOT NULL REFERENCES prompts (id),
            answer TEXT,        -- NULL: not reached yet; '': skipped
            answered_at TEXT,   -- set once the answer is finished (or skipped)
            UNIQUE (entry_id, theme_key)
        ) STRICT
        """,
        "INSERT INTO answers_rebuilt (id, entry_id, position, theme_key, prompt_key, "
        "prompt_id, answer, answered_at) SELECT a.id, a.entry_id, a.position, a.theme_key, "
        "a.prompt_key, p.id, a.answer, a.answered_at FROM answers a "
        "JOIN prompts p ON p.text = a.prompt_text ORDER BY a.id",
        "DROP TABLE answers",  # and its triggers
        # As in 0007: legacy renaming leaves the triggers that name 'answers' alone.
        "PRAGMA legacy_alter_table = ON",
        "ALTER TABLE answers_rebuilt RENAME TO answers",
        "PRAGMA legacy_alter_table = OFF",
        f"CREATE VIEW entries_fts_source (id, answers, prompts, tags, actions) AS "
        f"{source_rows(PROMPT_OF_ANSWER)}",
    ):
        db.execute(statement)
    _search_index_triggers(db, "prompt_id", tables=("answers",))
    # The same text as before, read through the new view; rebuilt to be sure of it.
    db.execute("INSERT INTO entries_fts (entries_fts) VALUES ('rebuild')")


@migrations(name="0012_compacted", transactional=False)
def compacted(db: Database) -> None:
    # Why (issue 17, storage): 0010 and 0011 free the index's copy of the text and the
    # answers' prompt texts (about 40% of a journal), but SQLite keeps freed pages in
    # the file. One VACUUM (outside a transaction; the upgrade's backup is already made)
    # gives them back, so an upgraded journal is as small as a new one. Only when a
    # quarter or more of the file is free: a new journal (a few free pages) is left as
    # it is, since VACUUM needs room for a second copy (a nearly full disk).
    free, pages = (db.execute(f"PRAGMA {name}").fetchone()[0]
                   for name in ("freelist_count", "page_count"))
    if free * 4 >= pages:
        db.execute("VACUUM")


SCHEMA_VERSION = len(migrations.pending(Database(memory=True)))
