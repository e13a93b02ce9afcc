"""The journal's schema from version 7 on, one appended migration at a time: supervision
both ways, nothing left behind, and the leaner storage of a journal kept for years.

Registered on migrations.py's Migrations object, after versions 1 to 6 there; append new
migrations at the end of this module, each with a comment saying why (never edit one
that has shipped), and raise database.SCHEMA_VERSION to match.
"""

from __future__ import annotations

from sqlite_utils import Database

from kindjournal.journal.migrations import migrations, reindex
from kindjournal.journal.trend_tables import trigger


# The text one entry gives the search index (the view entries_fts_source, which the
# index reads its text from since migration 0010): every finished answer, every prompt
# as it was asked, its tags and its action texts, each in a fixed order (taking a row
# out of the index needs exactly the text that went in). Trashed entries have no row.
# prompt: the SQL for an answer's (a) prompt text, which moved to the prompts table
# in migration 0011.
def source_rows(prompt: str) -> str:
    return f"""
    SELECT e.id,
           coalesce((SELECT group_concat(answer, char(10)) FROM (
                         SELECT a.answer FROM answers a WHERE a.entry_id = e.id
                         AND a.answered_at IS NOT NULL AND coalesce(a.answer, '') != ''
                         ORDER BY a.position)), ''),
           coalesce((SELECT group_concat(prompt, char(10)) FROM (
                         SELECT {prompt} AS prompt FROM answers a WHERE a.entry_id = e.id
                         ORDER BY a.position)), ''),
           coalesce((SELECT group_concat(tag, ' ') FROM (
                         SELECT t.tag FROM tags t WHERE t.entry_id = e.id ORDER BY t.tag)), ''),
           coalesce((SELECT group_concat(text, char(10)) FROM (
                         SELECT x.text FROM actions x WHERE x.entry_id = e.id
                         ORDER BY x.id)), '')
    FROM entries e WHERE e.deleted_at IS NULL
"""


PROMPT_OF_ANSWER = "(SELECT p.text FROM prompts p WHERE p.id = a.prompt_id)"

# Whether an entry has a row in the index (its shadow table of row sizes; reading
# entries_fts itself would read the view).
_INDEXED = "EXISTS (SELECT 1 FROM entries_fts_docsize WHERE id = {entry})"


def index_entry(entry: str) -> str:
    """Trigger statement: give one entry its row, from the view, unless it has one."""
    return ("INSERT INTO entries_fts (rowid, answers, prompts, tags, actions) "
            "SELECT id, answers, prompts, tags, actions FROM entries_fts_source "
            f"WHERE id = {entry} AND NOT {_INDEXED.format(entry=entry)};")


def unindex_entry(entry: str) -> str:
    """Trigger statement (BEFORE a change): take one entry's row out, with the text the
    view still shows, which is the text that was indexed."""
    return ("INSERT INTO entries_fts (entries_fts, rowid, answers, prompts, tags, actions) "
            "SELECT 'delete', id, answers, prompts, tags, actions FROM entries_fts_source "
            f"WHERE id = {entry} AND {_INDEXED.format(entry=entry)};")


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
        db.execute(f"CREATE TRIGGER entries_fts_{name} {event} BEGIN {reindex(entry)} END")


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
               f"WHEN new.answered_at IS NOT NULL BEGIN {reindex('new.entry_id')} END")
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


# The date an action belongs to: its entry's shift date, or the date of the supervision
# session it was agreed in (0013). Filled in by the triggers below whatever path inserts
# the action, and kept when an entry or session moves to another date.
_OWNER_DATE = ("coalesce((SELECT shift_date FROM entries WHERE id = new.entry_id), "
               "(SELECT session_date FROM supervision_sessions WHERE id = new.session_id))")


@migrations(name="0013_actions_dated")
def actions_dated(db: Database) -> None:
    # Why (issue 17 item 4): an action carried only the moment it was written down, so
    # every action of an import or 'kj reflect --from' carried the import day: 'kj
    # actions' (oldest first) put years-old actions after last week's, and counting or
    # dating actions meant joining every one to its entry. Each action now carries its
    # entry's shift date (or its session's date) in owner_date, and the indexes let
    # 'kj actions' and 'kj supervision' read only what they show: open actions by that
    # date (the list, the count, the ones waiting over four weeks), and actions by when
    # they were reviewed (closed in a period, the --all list) instead of every action.
    db.execute("ALTER TABLE actions ADD COLUMN owner_date TEXT")
    db.execute("UPDATE actions SET owner_date = coalesce("
               "(SELECT shift_date FROM entries WHERE id = actions.entry_id), "
               "(SELECT session_date FROM supervision_sessions WHERE id = actions.session_id))")
    db.execute(trigger("actions_dated", "AFTER INSERT ON actions WHEN new.owner_date IS NULL",
                       [f"UPDATE actions SET owner_date = {_OWNER_DATE} WHERE id = new.id"]))
    db.execute(trigger("actions_owner_changed",
                       "AFTER UPDATE OF entry_id, session_id ON actions",
                       [f"UPDATE actions SET owner_date = {_OWNER_DATE} WHERE id = new.id"]))
    db.execute(trigger("actions_follow_entry", "AFTER UPDATE OF shift_date ON entries",
                       ["UPDATE actions SET owner_date = new.shift_date "
                        "WHERE entry_id = new.id"]))
    db.execute(trigger("actions_follow_session",
                       "AFTER UPDATE OF session_date ON supervision_sessions",
                       ["UPDATE actions SET owner_date = new.session_date "
                        "WHERE session_id = new.id"]))
    db.execute("DROP INDEX actions_by_status")  # (status, created_at): nothing orders so now
    db.execute("CREATE INDEX actions_by_status ON actions (status, owner_date)")
    db.execute("CREATE INDEX actions_by_review ON actions (reviewed_at DESC, id)")
    # And (issue 12): entries deleted for good since 0011 left behind the prompt texts
    # only they asked, which may be a person's own words (a custom prompt given to
    # --from); deleting for good now takes them too, and this takes what was left.
    db.execute("DELETE FROM prompts WHERE id NOT IN (SELECT prompt_id FROM answers)")


@migrations(name="0014_ratings_and_tags_kept_by_entry")
def ratings_and_tags_kept_by_entry(db: Database) -> None:
    # Why (issue 17, adding in bulk and storage): check-ins and tags were tables with a
    # rowid and, for their primary key (entry_id with the signal or the tag), a second
    # B-tree: every rating and tag was written twice and stored twice (3.3 MB of a
    # 30 MB journal at 10,000 entries, eight ratings an entry). Kept WITHOUT ROWID, the
    # primary key is the table. The order of an entry's ratings (the order they were
    # asked in, which the rowid gave) is kept in position. Both tables are rebuilt with
    # the same rows; DROP TABLE takes their triggers, which are made again as they were.
    saved = [sql for (sql,) in db.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' "
        "AND tbl_name IN ('checkins', 'tags') ORDER BY rowid").fetchall()]
    for statement in (
        """
        CREATE TABLE checkins_rebuilt (
            entry_id INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
            signal_key TEXT NOT NULL,
            value INTEGER CHECK (value IS NULL OR value BETWEEN 0 AND 4),  -- NULL: skipped
            position INTEGER NOT NULL,  -- the order the entry's ratings were asked in
            PRIMARY KEY (entry_id, signal_key)
        ) STRICT, WITHOUT ROWID
        """,
        "INSERT INTO checkins_rebuilt (entry_id, signal_key, value, position) "
        "SELECT entry_id, signal_key, value, "
        "row_number() OVER (PARTITION BY entry_id ORDER BY rowid) - 1 FROM checkins "
        "ORDER BY entry_id, signal_key",
        """
        CREATE TABLE tags_rebuilt (
            entry_id INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
            tag TEXT NOT NULL,
            PRIMARY KEY (entry_id, tag)
        ) STRICT, WITHOUT ROWID
        """,
        "INSERT INTO tags_rebuilt (entry_id, tag) SELECT entry_id, tag FROM tags "
        "ORDER BY entry_id, tag",
        "DROP TABLE checkins",
        "DROP TABLE tags",
        # As in 0007 and 0011: legacy renaming leaves the view and the triggers on other
        # tables that name checkins or tags alone.
        "PRAGMA legacy_alter_table = ON",
        "ALTER TABLE checkins_rebuilt RENAME TO checkins",
        "ALTER TABLE tags_rebuilt RENAME TO tags",
        "PRAGMA legacy_alter_table = OFF",
        *saved,
    ):
        db.execute(statement)
