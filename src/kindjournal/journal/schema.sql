-- A new journal, as the migrations make it from nothing. Written by
-- 'python -m kindjournal.journal.new_journal'; not edited by hand.
CREATE TABLE "_sqlite_migrations" (
   "id" INTEGER PRIMARY KEY,
   "migration_set" TEXT,
   "name" TEXT,
   "applied_at" TEXT
);
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
        ;
CREATE TABLE supervision_sessions (
            id INTEGER PRIMARY KEY,
            session_date TEXT NOT NULL,
            note TEXT,
            created_at TEXT NOT NULL
        , uuid TEXT, kind TEXT CHECK (kind IN ('clinical', 'managerial', 'peer', 'group')), supervisor TEXT, functions TEXT, updated_at TEXT, deleted_at TEXT, cpd_uuid TEXT) STRICT
        ;
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
        ;
CREATE TABLE trend_ratings (
            shift_date TEXT NOT NULL,
            shift_type TEXT NOT NULL,
            signal_key TEXT NOT NULL,
            total INTEGER NOT NULL DEFAULT 0,    -- sum of the ratings given
            ratings INTEGER NOT NULL DEFAULT 0,  -- how many (skipped ones are not counted)
            PRIMARY KEY (shift_date, shift_type, signal_key)
        ) STRICT, WITHOUT ROWID
        ;
CREATE TABLE trend_ratings_monthly (
            month TEXT NOT NULL,                 -- '2026-11'
            shift_type TEXT NOT NULL,
            signal_key TEXT NOT NULL,
            total INTEGER NOT NULL DEFAULT 0,
            ratings INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (month, shift_type, signal_key)
        ) STRICT, WITHOUT ROWID
        ;
CREATE TABLE trend_tags (
            shift_date TEXT NOT NULL,
            tag TEXT NOT NULL,
            entries INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (shift_date, tag)
        ) STRICT, WITHOUT ROWID
        ;
CREATE TABLE redaction_names (
            name TEXT PRIMARY KEY COLLATE NOCASE,
            added_at TEXT NOT NULL
        ) STRICT
        ;
CREATE TABLE trend_days_monthly (month TEXT NOT NULL, shift_type TEXT NOT NULL, entries INTEGER NOT NULL DEFAULT 0, rated INTEGER NOT NULL DEFAULT 0, supervision INTEGER NOT NULL DEFAULT 0, share INTEGER NOT NULL DEFAULT 0, drafts INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (month, shift_type)) STRICT, WITHOUT ROWID;
CREATE TABLE trend_tags_monthly (month TEXT NOT NULL, tag TEXT NOT NULL, entries INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (month, tag)) STRICT, WITHOUT ROWID;
CREATE TABLE practice_hours (id INTEGER PRIMARY KEY, uuid TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, deleted_at TEXT,
            start_date TEXT NOT NULL, end_date TEXT, hours REAL NOT NULL CHECK (hours >= 0),
            organisation TEXT, scope TEXT, setting TEXT, description TEXT) STRICT;
CREATE TABLE cpd_activities (id INTEGER PRIMARY KEY, uuid TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, deleted_at TEXT,
            start_date TEXT NOT NULL, end_date TEXT, method TEXT, topic TEXT, relevance TEXT,
            hours REAL NOT NULL DEFAULT 0 CHECK (hours >= 0),
            participatory_hours REAL NOT NULL DEFAULT 0
                CHECK (participatory_hours >= 0 AND participatory_hours <= hours),
            code_part TEXT, evidence TEXT, learned TEXT, impact TEXT,
            peer_reflection TEXT) STRICT;
CREATE TABLE feedback (id INTEGER PRIMARY KEY, uuid TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, deleted_at TEXT,
            received_date TEXT NOT NULL, source TEXT, content TEXT, how_used TEXT) STRICT;
CREATE TABLE reflective_discussions (id INTEGER PRIMARY KEY, uuid TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, deleted_at TEXT,
            discussion_date TEXT NOT NULL, partner_name TEXT, partner_pin TEXT,
            partner_email TEXT, partner_address TEXT, partner_postcode TEXT,
            notes TEXT) STRICT;
CREATE TABLE confirmations (id INTEGER PRIMARY KEY, uuid TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, deleted_at TEXT,
            confirmation_date TEXT NOT NULL, confirmer_name TEXT, confirmer_role TEXT,
            confirmer_pin TEXT, confirmer_email TEXT, confirmer_address TEXT,
            confirmer_postcode TEXT, notes TEXT) STRICT;
CREATE TABLE registrations (
            profile TEXT PRIMARY KEY, period_end TEXT, overrides TEXT NOT NULL DEFAULT '{}',
            declared TEXT NOT NULL DEFAULT '[]', last_reminded TEXT) STRICT;
CREATE TABLE "actions" (
            id INTEGER PRIMARY KEY,
            entry_id INTEGER REFERENCES entries (id) ON DELETE CASCADE,
            text TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'dropped')),
            created_at TEXT NOT NULL,
            review_note TEXT,
            reviewed_at TEXT,
            -- last, so the columns before it keep their places
            session_id INTEGER REFERENCES supervision_sessions (id) ON DELETE CASCADE, owner_date TEXT,
            CHECK ((entry_id IS NULL) != (session_id IS NULL))
        ) STRICT
        ;
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
        ;
CREATE VIRTUAL TABLE entries_fts USING fts5(answers, prompts, tags, actions, content = 'entries_fts_source', content_rowid = 'id', tokenize = 'porter unicode61 remove_diacritics 2');
CREATE TABLE prompts (id INTEGER PRIMARY KEY, text TEXT NOT NULL UNIQUE) STRICT;
CREATE TABLE "answers" (
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
        ;
CREATE TABLE "checkins" (
            entry_id INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
            signal_key TEXT NOT NULL,
            value INTEGER CHECK (value IS NULL OR value BETWEEN 0 AND 4),  -- NULL: skipped
            position INTEGER NOT NULL,  -- the order the entry's ratings were asked in
            PRIMARY KEY (entry_id, signal_key)
        ) STRICT, WITHOUT ROWID
        ;
CREATE TABLE "tags" (
            entry_id INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
            tag TEXT NOT NULL,
            PRIMARY KEY (entry_id, tag)
        ) STRICT, WITHOUT ROWID
        ;
CREATE UNIQUE INDEX "idx__sqlite_migrations_migration_set_name"
    ON "_sqlite_migrations" ("migration_set", "name");
CREATE INDEX entries_by_shift_date ON entries (shift_date, id);
CREATE INDEX entries_by_status ON entries (status);
CREATE INDEX supervision_by_date ON supervision_sessions (session_date, id);
CREATE INDEX entries_by_deleted ON entries (deleted_at) WHERE deleted_at IS NOT NULL;
CREATE INDEX trend_ratings_monthly_by_signal ON trend_ratings_monthly (month, signal_key, total, ratings);
CREATE INDEX trend_ratings_monthly_by_shift ON trend_ratings_monthly (shift_type, signal_key, month, total, ratings);
CREATE INDEX practice_hours_by_date ON practice_hours (start_date);
CREATE INDEX cpd_activities_by_date ON cpd_activities (start_date);
CREATE INDEX feedback_by_date ON feedback (received_date);
CREATE UNIQUE INDEX supervision_by_uuid ON supervision_sessions (uuid);
CREATE INDEX actions_by_entry ON actions (entry_id);
CREATE INDEX actions_by_session ON actions (session_id) WHERE session_id IS NOT NULL;
CREATE INDEX actions_by_status ON actions (status, owner_date);
CREATE INDEX actions_by_review ON actions (reviewed_at DESC, id);
CREATE VIEW entries_fts_source (id, answers, prompts, tags, actions) AS 
    SELECT e.id,
           coalesce((SELECT group_concat(answer, char(10)) FROM (
                         SELECT a.answer FROM answers a WHERE a.entry_id = e.id
                         AND a.answered_at IS NOT NULL AND coalesce(a.answer, '') != ''
                         ORDER BY a.position)), ''),
           coalesce((SELECT group_concat(prompt, char(10)) FROM (
                         SELECT (SELECT p.text FROM prompts p WHERE p.id = a.prompt_id) AS prompt FROM answers a WHERE a.entry_id = e.id
                         ORDER BY a.position)), ''),
           coalesce((SELECT group_concat(tag, ' ') FROM (
                         SELECT t.tag FROM tags t WHERE t.entry_id = e.id ORDER BY t.tag)), ''),
           coalesce((SELECT group_concat(text, char(10)) FROM (
                         SELECT x.text FROM actions x WHERE x.entry_id = e.id
                         ORDER BY x.id)), '')
    FROM entries e WHERE e.deleted_at IS NULL;
CREATE TRIGGER trend_entry_added AFTER INSERT ON entries BEGIN INSERT INTO trend_days (shift_date, shift_type) SELECT new.shift_date, coalesce(new.shift_type, '') WHERE new.deleted_at IS NULL AND NOT EXISTS (SELECT 1 FROM trend_days WHERE shift_date = new.shift_date AND shift_type = coalesce(new.shift_type, '')); INSERT INTO trend_ratings (shift_date, shift_type, signal_key) SELECT new.shift_date, coalesce(new.shift_type, ''), c.signal_key FROM checkins c WHERE c.entry_id = new.id AND c.value IS NOT NULL AND new.deleted_at IS NULL AND NOT EXISTS (SELECT 1 FROM trend_ratings WHERE shift_date = new.shift_date AND shift_type = coalesce(new.shift_type, '') AND signal_key = c.signal_key); INSERT INTO trend_ratings_monthly (month, shift_type, signal_key) SELECT substr(new.shift_date, 1, 7), coalesce(new.shift_type, ''), c.signal_key FROM checkins c WHERE c.entry_id = new.id AND c.value IS NOT NULL AND new.deleted_at IS NULL AND NOT EXISTS (SELECT 1 FROM trend_ratings_monthly WHERE month = substr(new.shift_date, 1, 7) AND shift_type = coalesce(new.shift_type, '') AND signal_key = c.signal_key); INSERT INTO trend_tags (shift_date, tag) SELECT new.shift_date, t.tag FROM tags t WHERE t.entry_id = new.id AND new.deleted_at IS NULL AND NOT EXISTS (SELECT 1 FROM trend_tags WHERE shift_date = new.shift_date AND tag = t.tag); UPDATE trend_days SET entries = entries + 1, rated = rated + (EXISTS (SELECT 1 FROM checkins WHERE entry_id = new.id AND value IS NOT NULL)), supervision = supervision + new.supervision, share = share + new.share, drafts = drafts + (new.status = 'draft') WHERE shift_date = new.shift_date AND shift_type = coalesce(new.shift_type, '') AND new.deleted_at IS NULL; UPDATE trend_ratings SET total = total + (SELECT value FROM checkins WHERE entry_id = new.id AND signal_key = trend_ratings.signal_key), ratings = ratings + 1 WHERE shift_date = new.shift_date AND shift_type = coalesce(new.shift_type, '') AND new.deleted_at IS NULL AND signal_key IN (SELECT signal_key FROM checkins WHERE entry_id = new.id AND value IS NOT NULL); UPDATE trend_ratings_monthly SET total = total + (SELECT value FROM checkins WHERE entry_id = new.id AND signal_key = trend_ratings_monthly.signal_key), ratings = ratings + 1 WHERE month = substr(new.shift_date, 1, 7) AND shift_type = coalesce(new.shift_type, '') AND new.deleted_at IS NULL AND signal_key IN (SELECT signal_key FROM checkins WHERE entry_id = new.id AND value IS NOT NULL); UPDATE trend_tags SET entries = entries + 1 WHERE shift_date = new.shift_date AND new.deleted_at IS NULL AND tag IN (SELECT tag FROM tags WHERE entry_id = new.id); END;
CREATE TRIGGER trend_entry_changed AFTER UPDATE OF shift_date, shift_type, deleted_at, supervision, share, status ON entries BEGIN UPDATE trend_days SET entries = entries - 1, rated = rated - (EXISTS (SELECT 1 FROM checkins WHERE entry_id = old.id AND value IS NOT NULL)), supervision = supervision - old.supervision, share = share - old.share, drafts = drafts - (old.status = 'draft') WHERE shift_date = old.shift_date AND shift_type = coalesce(old.shift_type, '') AND old.deleted_at IS NULL; UPDATE trend_ratings SET total = total - (SELECT value FROM checkins WHERE entry_id = old.id AND signal_key = trend_ratings.signal_key), ratings = ratings - 1 WHERE shift_date = old.shift_date AND shift_type = coalesce(old.shift_type, '') AND old.deleted_at IS NULL AND signal_key IN (SELECT signal_key FROM checkins WHERE entry_id = old.id AND value IS NOT NULL); UPDATE trend_ratings_monthly SET total = total - (SELECT value FROM checkins WHERE entry_id = old.id AND signal_key = trend_ratings_monthly.signal_key), ratings = ratings - 1 WHERE month = substr(old.shift_date, 1, 7) AND shift_type = coalesce(old.shift_type, '') AND old.deleted_at IS NULL AND signal_key IN (SELECT signal_key FROM checkins WHERE entry_id = old.id AND value IS NOT NULL); UPDATE trend_tags SET entries = entries - 1 WHERE shift_date = old.shift_date AND old.deleted_at IS NULL AND tag IN (SELECT tag FROM tags WHERE entry_id = old.id); INSERT INTO trend_days (shift_date, shift_type) SELECT new.shift_date, coalesce(new.shift_type, '') WHERE new.deleted_at IS NULL AND NOT EXISTS (SELECT 1 FROM trend_days WHERE shift_date = new.shift_date AND shift_type = coalesce(new.shift_type, '')); INSERT INTO trend_ratings (shift_date, shift_type, signal_key) SELECT new.shift_date, coalesce(new.shift_type, ''), c.signal_key FROM checkins c WHERE c.entry_id = new.id AND c.value IS NOT NULL AND new.deleted_at IS NULL AND NOT EXISTS (SELECT 1 FROM trend_ratings WHERE shift_date = new.shift_date AND shift_type = coalesce(new.shift_type, '') AND signal_key = c.signal_key); INSERT INTO trend_ratings_monthly (month, shift_type, signal_key) SELECT substr(new.shift_date, 1, 7), coalesce(new.shift_type, ''), c.signal_key FROM checkins c WHERE c.entry_id = new.id AND c.value IS NOT NULL AND new.deleted_at IS NULL AND NOT EXISTS (SELECT 1 FROM trend_ratings_monthly WHERE month = substr(new.shift_date, 1, 7) AND shift_type = coalesce(new.shift_type, '') AND signal_key = c.signal_key); INSERT INTO trend_tags (shift_date, tag) SELECT new.shift_date, t.tag FROM tags t WHERE t.entry_id = new.id AND new.deleted_at IS NULL AND NOT EXISTS (SELECT 1 FROM trend_tags WHERE shift_date = new.shift_date AND tag = t.tag); UPDATE trend_days SET entries = entries + 1, rated = rated + (EXISTS (SELECT 1 FROM checkins WHERE entry_id = new.id AND value IS NOT NULL)), supervision = supervision + new.supervision, share = share + new.share, drafts = drafts + (new.status = 'draft') WHERE shift_date = new.shift_date AND shift_type = coalesce(new.shift_type, '') AND new.deleted_at IS NULL; UPDATE trend_ratings SET total = total + (SELECT value FROM checkins WHERE entry_id = new.id AND signal_key = trend_ratings.signal_key), ratings = ratings + 1 WHERE shift_date = new.shift_date AND shift_type = coalesce(new.shift_type, '') AND new.deleted_at IS NULL AND signal_key IN (SELECT signal_key FROM checkins WHERE entry_id = new.id AND value IS NOT NULL); UPDATE trend_ratings_monthly SET total = total + (SELECT value FROM checkins WHERE entry_id = new.id AND signal_key = trend_ratings_monthly.signal_key), ratings = ratings + 1 WHERE month = substr(new.shift_date, 1, 7) AND shift_type = coalesce(new.shift_type, '') AND new.deleted_at IS NULL AND signal_key IN (SELECT signal_key FROM checkins WHERE entry_id = new.id AND value IS NOT NULL); UPDATE trend_tags SET entries = entries + 1 WHERE shift_date = new.shift_date AND new.deleted_at IS NULL AND tag IN (SELECT tag FROM tags WHERE entry_id = new.id); END;
CREATE TRIGGER trend_entry_deleted BEFORE DELETE ON entries BEGIN UPDATE trend_days SET entries = entries - 1, rated = rated - (EXISTS (SELECT 1 FROM checkins WHERE entry_id = old.id AND value IS NOT NULL)), supervision = supervision - old.supervision, share = share - old.share, drafts = drafts - (old.status = 'draft') WHERE shift_date = old.shift_date AND shift_type = coalesce(old.shift_type, '') AND old.deleted_at IS NULL; UPDATE trend_ratings SET total = total - (SELECT value FROM checkins WHERE entry_id = old.id AND signal_key = trend_ratings.signal_key), ratings = ratings - 1 WHERE shift_date = old.shift_date AND shift_type = coalesce(old.shift_type, '') AND old.deleted_at IS NULL AND signal_key IN (SELECT signal_key FROM checkins WHERE entry_id = old.id AND value IS NOT NULL); UPDATE trend_ratings_monthly SET total = total - (SELECT value FROM checkins WHERE entry_id = old.id AND signal_key = trend_ratings_monthly.signal_key), ratings = ratings - 1 WHERE month = substr(old.shift_date, 1, 7) AND shift_type = coalesce(old.shift_type, '') AND old.deleted_at IS NULL AND signal_key IN (SELECT signal_key FROM checkins WHERE entry_id = old.id AND value IS NOT NULL); UPDATE trend_tags SET entries = entries - 1 WHERE shift_date = old.shift_date AND old.deleted_at IS NULL AND tag IN (SELECT tag FROM tags WHERE entry_id = old.id); END;
CREATE TRIGGER trend_days_monthly_insert AFTER INSERT ON trend_days BEGIN INSERT INTO trend_days_monthly (month, shift_type) SELECT substr(new.shift_date, 1, 7), new.shift_type WHERE NOT EXISTS (SELECT 1 FROM trend_days_monthly WHERE month = substr(new.shift_date, 1, 7) AND shift_type = new.shift_type); UPDATE trend_days_monthly SET entries = entries + new.entries, rated = rated + new.rated, supervision = supervision + new.supervision, share = share + new.share, drafts = drafts + new.drafts WHERE month = substr(new.shift_date, 1, 7) AND shift_type = new.shift_type; END;
CREATE TRIGGER trend_days_monthly_update AFTER UPDATE ON trend_days BEGIN UPDATE trend_days_monthly SET entries = entries - old.entries, rated = rated - old.rated, supervision = supervision - old.supervision, share = share - old.share, drafts = drafts - old.drafts WHERE month = substr(old.shift_date, 1, 7) AND shift_type = old.shift_type; INSERT INTO trend_days_monthly (month, shift_type) SELECT substr(new.shift_date, 1, 7), new.shift_type WHERE NOT EXISTS (SELECT 1 FROM trend_days_monthly WHERE month = substr(new.shift_date, 1, 7) AND shift_type = new.shift_type); UPDATE trend_days_monthly SET entries = entries + new.entries, rated = rated + new.rated, supervision = supervision + new.supervision, share = share + new.share, drafts = drafts + new.drafts WHERE month = substr(new.shift_date, 1, 7) AND shift_type = new.shift_type; END;
CREATE TRIGGER trend_days_monthly_delete AFTER DELETE ON trend_days BEGIN UPDATE trend_days_monthly SET entries = entries - old.entries, rated = rated - old.rated, supervision = supervision - old.supervision, share = share - old.share, drafts = drafts - old.drafts WHERE month = substr(old.shift_date, 1, 7) AND shift_type = old.shift_type; END;
CREATE TRIGGER trend_tags_monthly_insert AFTER INSERT ON trend_tags BEGIN INSERT INTO trend_tags_monthly (month, tag) SELECT substr(new.shift_date, 1, 7), new.tag WHERE NOT EXISTS (SELECT 1 FROM trend_tags_monthly WHERE month = substr(new.shift_date, 1, 7) AND tag = new.tag); UPDATE trend_tags_monthly SET entries = entries + new.entries WHERE month = substr(new.shift_date, 1, 7) AND tag = new.tag; END;
CREATE TRIGGER trend_tags_monthly_update AFTER UPDATE ON trend_tags BEGIN UPDATE trend_tags_monthly SET entries = entries - old.entries WHERE month = substr(old.shift_date, 1, 7) AND tag = old.tag; INSERT INTO trend_tags_monthly (month, tag) SELECT substr(new.shift_date, 1, 7), new.tag WHERE NOT EXISTS (SELECT 1 FROM trend_tags_monthly WHERE month = substr(new.shift_date, 1, 7) AND tag = new.tag); UPDATE trend_tags_monthly SET entries = entries + new.entries WHERE month = substr(new.shift_date, 1, 7) AND tag = new.tag; END;
CREATE TRIGGER trend_tags_monthly_delete AFTER DELETE ON trend_tags BEGIN UPDATE trend_tags_monthly SET entries = entries - old.entries WHERE month = substr(old.shift_date, 1, 7) AND tag = old.tag; END;
CREATE TRIGGER trend_tags_emptied AFTER UPDATE OF entries ON trend_tags WHEN new.entries <= 0 BEGIN DELETE FROM trend_tags WHERE shift_date = new.shift_date AND tag = new.tag; END;
CREATE TRIGGER trend_tags_monthly_emptied AFTER UPDATE OF entries ON trend_tags_monthly WHEN new.entries <= 0 BEGIN DELETE FROM trend_tags_monthly WHERE month = new.month AND tag = new.tag; END;
CREATE TRIGGER entries_fts_actions_ai_before BEFORE INSERT ON actions WHEN NOT EXISTS (SELECT 1 FROM actions WHERE id = new.id) BEGIN INSERT INTO entries_fts (entries_fts, rowid, answers, prompts, tags, actions) SELECT 'delete', id, answers, prompts, tags, actions FROM entries_fts_source WHERE id = new.entry_id AND EXISTS (SELECT 1 FROM entries_fts_docsize WHERE id = new.entry_id); END;
CREATE TRIGGER entries_fts_actions_ai AFTER INSERT ON actions BEGIN INSERT INTO entries_fts (rowid, answers, prompts, tags, actions) SELECT id, answers, prompts, tags, actions FROM entries_fts_source WHERE id = new.entry_id AND NOT EXISTS (SELECT 1 FROM entries_fts_docsize WHERE id = new.entry_id); END;
CREATE TRIGGER entries_fts_actions_au_before BEFORE UPDATE OF text, entry_id ON actions BEGIN INSERT INTO entries_fts (entries_fts, rowid, answers, prompts, tags, actions) SELECT 'delete', id, answers, prompts, tags, actions FROM entries_fts_source WHERE id = old.entry_id AND EXISTS (SELECT 1 FROM entries_fts_docsize WHERE id = old.entry_id); INSERT INTO entries_fts (entries_fts, rowid, answers, prompts, tags, actions) SELECT 'delete', id, answers, prompts, tags, actions FROM entries_fts_source WHERE id = new.entry_id AND EXISTS (SELECT 1 FROM entries_fts_docsize WHERE id = new.entry_id); END;
CREATE TRIGGER entries_fts_actions_au AFTER UPDATE OF text, entry_id ON actions BEGIN INSERT INTO entries_fts (rowid, answers, prompts, tags, actions) SELECT id, answers, prompts, tags, actions FROM entries_fts_source WHERE id = old.entry_id AND NOT EXISTS (SELECT 1 FROM entries_fts_docsize WHERE id = old.entry_id); INSERT INTO entries_fts (rowid, answers, prompts, tags, actions) SELECT id, answers, prompts, tags, actions FROM entries_fts_source WHERE id = new.entry_id AND NOT EXISTS (SELECT 1 FROM entries_fts_docsize WHERE id = new.entry_id); END;
CREATE TRIGGER entries_fts_actions_ad_before BEFORE DELETE ON actions BEGIN INSERT INTO entries_fts (entries_fts, rowid, answers, prompts, tags, actions) SELECT 'delete', id, answers, prompts, tags, actions FROM entries_fts_source WHERE id = old.entry_id AND EXISTS (SELECT 1 FROM entries_fts_docsize WHERE id = old.entry_id); END;
CREATE TRIGGER entries_fts_actions_ad AFTER DELETE ON actions BEGIN INSERT INTO entries_fts (rowid, answers, prompts, tags, actions) SELECT id, answers, prompts, tags, actions FROM entries_fts_source WHERE id = old.entry_id AND NOT EXISTS (SELECT 1 FROM entries_fts_docsize WHERE id = old.entry_id); END;
CREATE TRIGGER entries_fts_trash_before BEFORE UPDATE OF deleted_at ON entries BEGIN INSERT INTO entries_fts (entries_fts, rowid, answers, prompts, tags, actions) SELECT 'delete', id, answers, prompts, tags, actions FROM entries_fts_source WHERE id = old.id AND EXISTS (SELECT 1 FROM entries_fts_docsize WHERE id = old.id); INSERT INTO entries_fts (entries_fts, rowid, answers, prompts, tags, actions) SELECT 'delete', id, answers, prompts, tags, actions FROM entries_fts_source WHERE id = new.id AND EXISTS (SELECT 1 FROM entries_fts_docsize WHERE id = new.id); END;
CREATE TRIGGER entries_fts_trash AFTER UPDATE OF deleted_at ON entries BEGIN INSERT INTO entries_fts (rowid, answers, prompts, tags, actions) SELECT id, answers, prompts, tags, actions FROM entries_fts_source WHERE id = old.id AND NOT EXISTS (SELECT 1 FROM entries_fts_docsize WHERE id = old.id); INSERT INTO entries_fts (rowid, answers, prompts, tags, actions) SELECT id, answers, prompts, tags, actions FROM entries_fts_source WHERE id = new.id AND NOT EXISTS (SELECT 1 FROM entries_fts_docsize WHERE id = new.id); END;
CREATE TRIGGER entries_fts_added AFTER INSERT ON entries BEGIN INSERT INTO entries_fts (rowid, answers, prompts, tags, actions) SELECT id, answers, prompts, tags, actions FROM entries_fts_source WHERE id = new.id AND NOT EXISTS (SELECT 1 FROM entries_fts_docsize WHERE id = new.id); END;
CREATE TRIGGER entries_fts_gone BEFORE DELETE ON entries BEGIN INSERT INTO entries_fts (entries_fts, rowid, answers, prompts, tags, actions) SELECT 'delete', id, answers, prompts, tags, actions FROM entries_fts_source WHERE id = old.id AND EXISTS (SELECT 1 FROM entries_fts_docsize WHERE id = old.id); END;
CREATE TRIGGER entries_fts_answers_ai_before BEFORE INSERT ON answers WHEN NOT EXISTS (SELECT 1 FROM answers WHERE entry_id = new.entry_id AND theme_key = new.theme_key) BEGIN INSERT INTO entries_fts (entries_fts, rowid, answers, prompts, tags, actions) SELECT 'delete', id, answers, prompts, tags, actions FROM entries_fts_source WHERE id = new.entry_id AND EXISTS (SELECT 1 FROM entries_fts_docsize WHERE id = new.entry_id); END;
CREATE TRIGGER entries_fts_answers_ai AFTER INSERT ON answers BEGIN INSERT INTO entries_fts (rowid, answers, prompts, tags, actions) SELECT id, answers, prompts, tags, actions FROM entries_fts_source WHERE id = new.entry_id AND NOT EXISTS (SELECT 1 FROM entries_fts_docsize WHERE id = new.entry_id); END;
CREATE TRIGGER entries_fts_answers_au_before BEFORE UPDATE ON answers WHEN old.answered_at IS NOT NULL OR new.answered_at IS NOT NULL OR old.prompt_id IS NOT new.prompt_id OR old.position IS NOT new.position BEGIN INSERT INTO entries_fts (entries_fts, rowid, answers, prompts, tags, actions) SELECT 'delete', id, answers, prompts, tags, actions FROM entries_fts_source WHERE id = old.entry_id AND EXISTS (SELECT 1 FROM entries_fts_docsize WHERE id = old.entry_id); INSERT INTO entries_fts (entries_fts, rowid, answers, prompts, tags, actions) SELECT 'delete', id, answers, prompts, tags, actions FROM entries_fts_source WHERE id = new.entry_id AND EXISTS (SELECT 1 FROM entries_fts_docsize WHERE id = new.entry_id); END;
CREATE TRIGGER entries_fts_answers_au AFTER UPDATE ON answers WHEN old.answered_at IS NOT NULL OR new.answered_at IS NOT NULL OR old.prompt_id IS NOT new.prompt_id OR old.position IS NOT new.position BEGIN INSERT INTO entries_fts (rowid, answers, prompts, tags, actions) SELECT id, answers, prompts, tags, actions FROM entries_fts_source WHERE id = old.entry_id AND NOT EXISTS (SELECT 1 FROM entries_fts_docsize WHERE id = old.entry_id); INSERT INTO entries_fts (rowid, answers, prompts, tags, actions) SELECT id, answers, prompts, tags, actions FROM entries_fts_source WHERE id = new.entry_id AND NOT EXISTS (SELECT 1 FROM entries_fts_docsize WHERE id = new.entry_id); END;
CREATE TRIGGER entries_fts_answers_ad_before BEFORE DELETE ON answers BEGIN INSERT INTO entries_fts (entries_fts, rowid, answers, prompts, tags, actions) SELECT 'delete', id, answers, prompts, tags, actions FROM entries_fts_source WHERE id = old.entry_id AND EXISTS (SELECT 1 FROM entries_fts_docsize WHERE id = old.entry_id); END;
CREATE TRIGGER entries_fts_answers_ad AFTER DELETE ON answers BEGIN INSERT INTO entries_fts (rowid, answers, prompts, tags, actions) SELECT id, answers, prompts, tags, actions FROM entries_fts_source WHERE id = old.entry_id AND NOT EXISTS (SELECT 1 FROM entries_fts_docsize WHERE id = old.entry_id); END;
CREATE TRIGGER actions_dated AFTER INSERT ON actions WHEN new.owner_date IS NULL BEGIN UPDATE actions SET owner_date = coalesce((SELECT shift_date FROM entries WHERE id = new.entry_id), (SELECT session_date FROM supervision_sessions WHERE id = new.session_id)) WHERE id = new.id; END;
CREATE TRIGGER actions_owner_changed AFTER UPDATE OF entry_id, session_id ON actions BEGIN UPDATE actions SET owner_date = coalesce((SELECT shift_date FROM entries WHERE id = new.entry_id), (SELECT session_date FROM supervision_sessions WHERE id = new.session_id)) WHERE id = new.id; END;
CREATE TRIGGER actions_follow_entry AFTER UPDATE OF shift_date ON entries BEGIN UPDATE actions SET owner_date = new.shift_date WHERE entry_id = new.id; END;
CREATE TRIGGER actions_follow_session AFTER UPDATE OF session_date ON supervision_sessions BEGIN UPDATE actions SET owner_date = new.session_date WHERE session_id = new.id; END;
CREATE TRIGGER trend_rating_added AFTER INSERT ON checkins BEGIN INSERT INTO trend_ratings (shift_date, shift_type, signal_key) SELECT e.shift_date, coalesce(e.shift_type, ''), new.signal_key FROM entries e WHERE e.id = new.entry_id AND e.deleted_at IS NULL AND new.value IS NOT NULL AND NOT EXISTS (SELECT 1 FROM trend_ratings x WHERE x.shift_date = e.shift_date AND x.shift_type = coalesce(e.shift_type, '') AND x.signal_key = new.signal_key); UPDATE trend_ratings SET total = total + new.value, ratings = ratings + 1 WHERE (shift_date, shift_type) = (SELECT e.shift_date, coalesce(e.shift_type, '') FROM entries e WHERE e.id = new.entry_id AND e.deleted_at IS NULL) AND signal_key = new.signal_key AND new.value IS NOT NULL; INSERT INTO trend_ratings_monthly (month, shift_type, signal_key) SELECT substr(e.shift_date, 1, 7), coalesce(e.shift_type, ''), new.signal_key FROM entries e WHERE e.id = new.entry_id AND e.deleted_at IS NULL AND new.value IS NOT NULL AND NOT EXISTS (SELECT 1 FROM trend_ratings_monthly x WHERE x.month = substr(e.shift_date, 1, 7) AND x.shift_type = coalesce(e.shift_type, '') AND x.signal_key = new.signal_key); UPDATE trend_ratings_monthly SET total = total + new.value, ratings = ratings + 1 WHERE (month, shift_type) = (SELECT substr(e.shift_date, 1, 7), coalesce(e.shift_type, '') FROM entries e WHERE e.id = new.entry_id AND e.deleted_at IS NULL) AND signal_key = new.signal_key AND new.value IS NOT NULL; UPDATE trend_days SET rated = rated + 1 WHERE (shift_date, shift_type) = (SELECT e.shift_date, coalesce(e.shift_type, '') FROM entries e WHERE e.id = new.entry_id AND e.deleted_at IS NULL) AND new.value IS NOT NULL AND (SELECT count(*) FROM checkins WHERE entry_id = new.entry_id AND value IS NOT NULL) = 1; END;
CREATE TRIGGER trend_rating_changed AFTER UPDATE OF value ON checkins BEGIN UPDATE trend_ratings SET total = total - old.value, ratings = ratings - 1 WHERE (shift_date, shift_type) = (SELECT e.shift_date, coalesce(e.shift_type, '') FROM entries e WHERE e.id = old.entry_id AND e.deleted_at IS NULL) AND signal_key = old.signal_key AND old.value IS NOT NULL; UPDATE trend_ratings_monthly SET total = total - old.value, ratings = ratings - 1 WHERE (month, shift_type) = (SELECT substr(e.shift_date, 1, 7), coalesce(e.shift_type, '') FROM entries e WHERE e.id = old.entry_id AND e.deleted_at IS NULL) AND signal_key = old.signal_key AND old.value IS NOT NULL; UPDATE trend_days SET rated = rated - 1 WHERE (shift_date, shift_type) = (SELECT e.shift_date, coalesce(e.shift_type, '') FROM entries e WHERE e.id = old.entry_id AND e.deleted_at IS NULL) AND old.value IS NOT NULL AND (SELECT count(*) FROM checkins WHERE entry_id = old.entry_id AND value IS NOT NULL) = 0 AND new.value IS NULL; INSERT INTO trend_ratings (shift_date, shift_type, signal_key) SELECT e.shift_date, coalesce(e.shift_type, ''), new.signal_key FROM entries e WHERE e.id = new.entry_id AND e.deleted_at IS NULL AND new.value IS NOT NULL AND NOT EXISTS (SELECT 1 FROM trend_ratings x WHERE x.shift_date = e.shift_date AND x.shift_type = coalesce(e.shift_type, '') AND x.signal_key = new.signal_key); UPDATE trend_ratings SET total = total + new.value, ratings = ratings + 1 WHERE (shift_date, shift_type) = (SELECT e.shift_date, coalesce(e.shift_type, '') FROM entries e WHERE e.id = new.entry_id AND e.deleted_at IS NULL) AND signal_key = new.signal_key AND new.value IS NOT NULL; INSERT INTO trend_ratings_monthly (month, shift_type, signal_key) SELECT substr(e.shift_date, 1, 7), coalesce(e.shift_type, ''), new.signal_key FROM entries e WHERE e.id = new.entry_id AND e.deleted_at IS NULL AND new.value IS NOT NULL AND NOT EXISTS (SELECT 1 FROM trend_ratings_monthly x WHERE x.month = substr(e.shift_date, 1, 7) AND x.shift_type = coalesce(e.shift_type, '') AND x.signal_key = new.signal_key); UPDATE trend_ratings_monthly SET total = total + new.value, ratings = ratings + 1 WHERE (month, shift_type) = (SELECT substr(e.shift_date, 1, 7), coalesce(e.shift_type, '') FROM entries e WHERE e.id = new.entry_id AND e.deleted_at IS NULL) AND signal_key = new.signal_key AND new.value IS NOT NULL; UPDATE trend_days SET rated = rated + 1 WHERE (shift_date, shift_type) = (SELECT e.shift_date, coalesce(e.shift_type, '') FROM entries e WHERE e.id = new.entry_id AND e.deleted_at IS NULL) AND new.value IS NOT NULL AND (SELECT count(*) FROM checkins WHERE entry_id = new.entry_id AND value IS NOT NULL) = 1 AND old.value IS NULL; END;
CREATE TRIGGER trend_rating_deleted AFTER DELETE ON checkins BEGIN UPDATE trend_ratings SET total = total - old.value, ratings = ratings - 1 WHERE (shift_date, shift_type) = (SELECT e.shift_date, coalesce(e.shift_type, '') FROM entries e WHERE e.id = old.entry_id AND e.deleted_at IS NULL) AND signal_key = old.signal_key AND old.value IS NOT NULL; UPDATE trend_ratings_monthly SET total = total - old.value, ratings = ratings - 1 WHERE (month, shift_type) = (SELECT substr(e.shift_date, 1, 7), coalesce(e.shift_type, '') FROM entries e WHERE e.id = old.entry_id AND e.deleted_at IS NULL) AND signal_key = old.signal_key AND old.value IS NOT NULL; UPDATE trend_days SET rated = rated - 1 WHERE (shift_date, shift_type) = (SELECT e.shift_date, coalesce(e.shift_type, '') FROM entries e WHERE e.id = old.entry_id AND e.deleted_at IS NULL) AND old.value IS NOT NULL AND (SELECT count(*) FROM checkins WHERE entry_id = old.entry_id AND value IS NOT NULL) = 0; END;
CREATE TRIGGER trend_tag_added AFTER INSERT ON tags BEGIN INSERT INTO trend_tags (shift_date, tag) SELECT e.shift_date, new.tag FROM entries e WHERE e.id = new.entry_id AND e.deleted_at IS NULL AND NOT EXISTS (SELECT 1 FROM trend_tags x WHERE x.shift_date = e.shift_date AND x.tag = new.tag); UPDATE trend_tags SET entries = entries + 1 WHERE tag = new.tag AND shift_date = (SELECT e.shift_date FROM entries e WHERE e.id = new.entry_id AND e.deleted_at IS NULL); END;
CREATE TRIGGER trend_tag_deleted AFTER DELETE ON tags BEGIN UPDATE trend_tags SET entries = entries - 1 WHERE tag = old.tag AND shift_date = (SELECT e.shift_date FROM entries e WHERE e.id = old.entry_id AND e.deleted_at IS NULL); END;
CREATE TRIGGER entries_fts_tags_ai_before BEFORE INSERT ON tags WHEN NOT EXISTS (SELECT 1 FROM tags WHERE entry_id = new.entry_id AND tag = new.tag) BEGIN INSERT INTO entries_fts (entries_fts, rowid, answers, prompts, tags, actions) SELECT 'delete', id, answers, prompts, tags, actions FROM entries_fts_source WHERE id = new.entry_id AND EXISTS (SELECT 1 FROM entries_fts_docsize WHERE id = new.entry_id); END;
CREATE TRIGGER entries_fts_tags_ai AFTER INSERT ON tags BEGIN INSERT INTO entries_fts (rowid, answers, prompts, tags, actions) SELECT id, answers, prompts, tags, actions FROM entries_fts_source WHERE id = new.entry_id AND NOT EXISTS (SELECT 1 FROM entries_fts_docsize WHERE id = new.entry_id); END;
CREATE TRIGGER entries_fts_tags_ad_before BEFORE DELETE ON tags BEGIN INSERT INTO entries_fts (entries_fts, rowid, answers, prompts, tags, actions) SELECT 'delete', id, answers, prompts, tags, actions FROM entries_fts_source WHERE id = old.entry_id AND EXISTS (SELECT 1 FROM entries_fts_docsize WHERE id = old.entry_id); END;
CREATE TRIGGER entries_fts_tags_ad AFTER DELETE ON tags BEGIN INSERT INTO entries_fts (rowid, answers, prompts, tags, actions) SELECT id, answers, prompts, tags, actions FROM entries_fts_source WHERE id = old.entry_id AND NOT EXISTS (SELECT 1 FROM entries_fts_docsize WHERE id = old.entry_id); END;
INSERT INTO entries_fts (entries_fts) VALUES ('rebuild');
INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('kindjournal', '0001_initial', strftime('%Y-%m-%d %H:%M:%f000+00:00', 'now'));
INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('kindjournal', '0003_supervision_sessions', strftime('%Y-%m-%d %H:%M:%f000+00:00', 'now'));
INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('kindjournal', '0004_trend_summaries', strftime('%Y-%m-%d %H:%M:%f000+00:00', 'now'));
INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('kindjournal', '0002_search_index', strftime('%Y-%m-%d %H:%M:%f000+00:00', 'now'));
INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('kindjournal', '0004_redaction_names', strftime('%Y-%m-%d %H:%M:%f000+00:00', 'now'));
INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('kindjournal', '0005_trend_monthly_rollups', strftime('%Y-%m-%d %H:%M:%f000+00:00', 'now'));
INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('kindjournal', '0006_revalidation_records', strftime('%Y-%m-%d %H:%M:%f000+00:00', 'now'));
INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('kindjournal', '0007_supervision_both_ways', strftime('%Y-%m-%d %H:%M:%f000+00:00', 'now'));
INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('kindjournal', '0008_nothing_left_behind', strftime('%Y-%m-%d %H:%M:%f000+00:00', 'now'));
INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('kindjournal', '0009_unused_indexes_dropped', strftime('%Y-%m-%d %H:%M:%f000+00:00', 'now'));
INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('kindjournal', '0010_search_index_external_content', strftime('%Y-%m-%d %H:%M:%f000+00:00', 'now'));
INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('kindjournal', '0011_prompt_texts_once', strftime('%Y-%m-%d %H:%M:%f000+00:00', 'now'));
INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('kindjournal', '0012_compacted', strftime('%Y-%m-%d %H:%M:%f000+00:00', 'now'));
INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('kindjournal', '0013_actions_dated', strftime('%Y-%m-%d %H:%M:%f000+00:00', 'now'));
INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('kindjournal', '0014_ratings_and_tags_kept_by_entry', strftime('%Y-%m-%d %H:%M:%f000+00:00', 'now'));
