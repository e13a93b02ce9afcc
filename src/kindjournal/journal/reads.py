"""Reading the journal: the filtered list, full-text search, whole entries (the one
builder of the documented JSON shape), the trash, actions, and what a reflection
under way needs (its draft, wording history, actions to review). Reads only;
returns plain data; never prints.

Works on anything with sqlite3's execute() (database.Journal, or its plain connection),
in plain SQL, so the commands people run most start without sqlite-utils. Every query lets
SQLite filter, rank and limit with its indexes and the FTS5 index: nothing loads the
whole journal.
"""

from __future__ import annotations

import sqlite3
from datetime import date

from kindjournal.errors import UsageError
from kindjournal.journal.database import database_errors
from kindjournal.journal.filters import EntryFilters, where_clauses

# snippet() marks each matched word with these; renderers turn them into bold text,
# brackets or '**' (control characters never appear in typed text worth keeping).
MATCH_START, MATCH_END = "\x02", "\x03"
SNIPPET_WORDS = 14
RANK_AT_MOST = 5_000  # matches ranked by bm25(), the most recently written first
# How much each indexed column weighs in bm25(): a tag or an answer that matches
# counts for more than the wording of a prompt, which many entries share.
_BM25_WEIGHTS = "1.0, 0.2, 2.0, 1.0"  # answers, prompts, tags, actions

_FILE_TROUBLE = ("locked", "busy", "readonly", "disk", "I/O", "malformed", "no such table")

_SUMMARY_COLUMNS = """
    e.id, e.uuid, e.shift_date, e.shift_type, e.pack, e.status, e.share, e.supervision,
    (SELECT a.answer FROM answers a WHERE a.entry_id = e.id
       AND coalesce(a.answer, '') != '' ORDER BY a.position LIMIT 1) AS first_answer,
    (SELECT group_concat(t.tag, ',') FROM tags t WHERE t.entry_id = e.id) AS tag_list
"""


def _dicts(cursor: sqlite3.Cursor) -> list[dict]:
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def list_entries(conn, filters: EntryFilters, limit: int) -> list[dict]:
    """Newest entries first that pass the filters, with what a one-line listing needs."""
    clauses, params = where_clauses(filters)
    sql = (
        f"SELECT {_SUMMARY_COLUMNS} FROM entries e WHERE {' AND '.join(clauses)} "
        "ORDER BY e.shift_date DESC, e.id DESC LIMIT :limit"
    )
    return _dicts(conn.execute(sql, {**params, "limit": limit}))


def count_listed(conn, filters: EntryFilters) -> int:
    """How many entries pass the filters ('20 of 31 shown'). When they name only dates,
    a shift and drafts, from the trend tables' counts of live entries per day or month
    (kept exact by triggers): a few rows, where counting entries reads every one (and
    on an encrypted journal decrypts every page: 60 ms at 100,000 entries)."""
    if not (filters.tags or filters.shared or filters.supervision):
        counted = ("drafts" if filters.drafts else "entries" if filters.include_drafts
                   else "entries - drafts")
        dated = filters.since is not None or filters.until is not None
        clauses = [f"{'shift_date' if dated else 'month'} BETWEEN :since AND :until"]
        if filters.shift is not None:
            clauses.append("shift_type = :shift")
        return conn.execute(
            f"SELECT coalesce(sum({counted}), 0) FROM "
            f"{'trend_days' if dated else 'trend_days_monthly'} WHERE {' AND '.join(clauses)}",
            {"since": str(filters.since or ""), "until": str(filters.until or "9"),
             "shift": filters.shift}).fetchone()[0]
    clauses, params = where_clauses(filters)
    return conn.execute(f"SELECT count(*) FROM entries e WHERE {' AND '.join(clauses)}",
                        params).fetchone()[0]


def search_entries(conn, query: str, filters: EntryFilters, limit: int) -> list[dict]:
    """Entries matching query, best first, each with one highlighted snippet.

    The query is first tried as FTS5 syntax (so "night AND family", "tir*" and
    "tags:family" work); whatever FTS5 cannot parse is searched as plain words
    instead, so no string a person types ever raises.
    """
    if not query.strip():
        raise UsageError("Give some words to search for, e.g. kj search 'hand over'.")
    check_query(query)
    clauses, params = where_clauses(filters)
    if filters == EntryFilters():
        # Trashed entries are not in the index at all (a trigger takes them out), so
        # with no filters the ranking need not visit the entries table.
        ranked = (f"SELECT rowid AS id, bm25(entries_fts, {_BM25_WEIGHTS}) AS score "
                  "FROM entries_fts WHERE entries_fts MATCH :query")
    else:
        ranked = (f"SELECT e.id, bm25(entries_fts, {_BM25_WEIGHTS}) AS score "
                  "FROM entries_fts JOIN entries e ON e.id = entries_fts.rowid "
                  f"WHERE entries_fts MATCH :query AND {' AND '.join(clauses)}")
    # bm25() costs about a microsecond a match, so a word in nearly every entry of a
    # huge journal would take a tenth of a second to rank (and such a word ranks
    # nothing: its weight in bm25 is close to zero). Only the most recently written
    # RANK_AT_MOST matches are ranked; read in rowid order, the rest are never scored.
    ranked += " ORDER BY entries_fts.rowid DESC LIMIT :rank_at_most"
    # Two steps: rank every match by bm25 (ties: newest entry first), then build
    # snippets and summaries only for the few shown. In one step SQLite would make them for every
    # match before sorting, which for a common word is most of the journal.
    sql = (
        f"WITH best AS (SELECT id, score FROM ({ranked}) "
        "ORDER BY score, id DESC LIMIT :limit) "
        f"SELECT {_SUMMARY_COLUMNS}, "
        f"snippet(entries_fts, -1, :mark_start, :mark_end, '…', {SNIPPET_WORDS}) AS snippet "
        # CROSS JOIN keeps best as the outer loop, so each snippet is one rowid lookup.
        "FROM best CROSS JOIN entries_fts ON entries_fts.rowid = best.id "
        "JOIN entries e ON e.id = best.id "
        "WHERE entries_fts MATCH :query ORDER BY best.score, best.id DESC"
    )
    params |= {"mark_start": MATCH_START, "mark_end": MATCH_END, "limit": limit,
               "rank_at_most": RANK_AT_MOST}
    for attempt in (query, as_plain_words(query)):
        if attempt is None:
            break
        try:
            return _dicts(conn.execute(sql, {**params, "query": attempt}))
        except database_errors("OperationalError") as error:
            # FTS5 reports a query it cannot read in many words ("syntax error", "unknown
            # special query", "no such column"...); trouble with the file itself is real.
            if any(word in str(error) for word in _FILE_TROUBLE):
                raise
    return []


# A search query's size (issue 12): 200 prefix terms or 2,000 ORs ran for minutes on
# 100,000 entries. A person's search is a few words; these are far above that.
MAX_QUERY_LENGTH = 500
MAX_QUERY_WORDS = 30
MAX_PREFIX_WORDS = 5


def check_query(query: str) -> None:
    import re

    words = re.findall(r"\w+\*?", query)
    if len(query) > MAX_QUERY_LENGTH or len(words) > MAX_QUERY_WORDS:
        raise UsageError(f"That search is too long (at most {MAX_QUERY_WORDS} words and "
                         f"{MAX_QUERY_LENGTH} characters). Search for the few words that "
                         "matter most.")
    if sum(word.endswith("*") for word in words) > MAX_PREFIX_WORDS:
        raise UsageError(f"A search can have at most {MAX_PREFIX_WORDS} words ending in '*'. "
                         "Use fewer, longer beginnings of words.")


def as_plain_words(query: str) -> str | None:
    """Each word quoted as an FTS5 string, so punctuation and operators lose their
    meaning: 'didn't' and "long-day" become phrases of their words. None when
    nothing searchable is left."""
    words = ["".join(char for char in word if char.isprintable()) for word in query.split()]
    quoted = ['"' + word.replace('"', '""') + '"' for word in words if word]
    return " ".join(quoted) or None


def resolve_entry_id(conn, typed: str, trashed: bool = False) -> int:
    """An entry typed by its number ('12' or '#12') or a uuid prefix (4+ characters).

    trashed=True looks in the trash instead (for 'kj restore')."""
    text = typed.strip().lstrip("#")
    state = "deleted_at IS NOT NULL" if trashed else "deleted_at IS NULL"
    if text.isdigit() and len(text) < 19:
        row = conn.execute(f"SELECT id FROM entries WHERE id = ? AND {state}",
                           [int(text)]).fetchone()
        if row:
            return row[0]
    if len(text) >= 4:  # a uuid can start with digits too
        rows = conn.execute(
            f"SELECT id FROM entries WHERE uuid LIKE ? ESCAPE '\\' AND {state} LIMIT 2",
            [text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"],
        ).fetchall()
        if len(rows) == 2:
            raise UsageError(f"More than one entry starts with '{typed}'; type more of it.")
        if rows:
            return rows[0][0]
    if trashed:
        raise UsageError(f"No entry '{typed}' in the trash. Run 'kj trash' to see what is there.")
    if text.isdigit() and len(text) < 19 and conn.execute(
            "SELECT 1 FROM entries WHERE id = ? AND deleted_at IS NOT NULL",
            [int(text)]).fetchone():
        raise UsageError(f"Entry #{int(text)} is in the trash. 'kj restore {int(text)}' "
                         "brings it back.")
    raise UsageError(f"No entry '{typed}' in this journal. Run 'kj list' to see entry numbers.")


def entry_details(conn, entry_id: int) -> dict:
    """The whole entry in the documented JSON shape."""
    found = entries_details(conn, [entry_id])
    if not found:
        raise UsageError(f"No entry #{entry_id} in this journal.")
    return found[0]


def entries_details(conn, entry_ids: list[int]) -> list[dict]:
    """Whole entries in the documented JSON shape ('kj show --json'), in the order given."""
    if not entry_ids:
        return []
    marks = ",".join("?" * len(entry_ids))
    rows = _dicts(conn.execute(f"SELECT * FROM entries WHERE id IN ({marks})", entry_ids))
    shaped = {entry["id"]: entry for entry in entries_in_shape(conn, rows)}
    return [shaped[entry_id] for entry_id in entry_ids if entry_id in shaped]


def entries_in_shape(conn, rows: list[dict], *, lossless: bool = False,
                     reader: bool = False) -> list[dict]:
    """Rows of the entries table as whole entries in the documented JSON shape, in the
    rows' order. The one builder of that shape: 'kj show/list/search --json' and every
    export read entries through it.

    lossless=True is the JSON export's variant, complete enough to rebuild the entries
    with 'kj import': every prompt asked (a skipped one has answer '', one not reached
    yet null) with answered_at, and skipped check-in ratings as null. Without it those
    are left out, as 'kj show --json' prints them.

    reader=True is the shown shape less what a reader of a Markdown or HTML export
    never sees: no uuid, pack or timestamps, answers without prompt_key, actions
    without id or dates. Those exports need nothing else, and building only this (and
    reading only its columns) makes a whole-journal export much quicker.

    Four queries however many entries, each limited to the rows' ids.
    """
    if reader:
        entries = {
            row["id"]: {
                "id": row["id"], "date": row["shift_date"], "shift": row["shift_type"],
                "status": row["status"], "share": bool(row["share"]),
                "supervision": bool(row["supervision"]),
                "tags": [], "checkin": {}, "answers": [], "actions": [],
            }
            for row in rows
        }
    else:
        entries = {
            row["id"]: {
                "id": row["id"], "uuid": row["uuid"], "date": row["shift_date"],
                "shift": row["shift_type"], "pack": row["pack"], "status": row["status"],
                "share": bool(row["share"]), "supervision": bool(row["supervision"]),
                "created_at": row["created_at"], "updated_at": row["updated_at"],
                "tags": [], "checkin": {}, "answers": [], "actions": [],
            }
            for row in rows
        }
    if not entries:
        return []
    ids = list(entries)
    marks = ",".join("?" * len(ids))
    for entry_id, tag in conn.execute(
            # Each entry's tags in order; (entry_id, tag) is the primary key's order, so
            # SQLite need not sort them.
            f"SELECT entry_id, tag FROM tags WHERE entry_id IN ({marks}) "
            "ORDER BY entry_id, tag", ids):
        entries[entry_id]["tags"].append(tag)
    skipped_ratings = "" if lossless else "AND value IS NOT NULL "
    for entry_id, key, value in conn.execute(
            f"SELECT entry_id, signal_key, value FROM checkins WHERE entry_id IN ({marks}) "
            f"{skipped_ratings}ORDER BY entry_id, position", ids):
        entries[entry_id]["checkin"][key] = value
    _add_answers(conn, entries, marks, lossless=lossless, reader=reader)
    if reader:
        for entry_id, text, status, note in conn.execute(
                "SELECT entry_id, text, status, review_note "
                f"FROM actions WHERE entry_id IN ({marks}) ORDER BY entry_id, id", ids):
            entries[entry_id]["actions"].append(
                {"text": text, "status": status, "review_note": note})
        return list(entries.values())
    for entry_id, action_id, text, status, created_at, note, reviewed_at in conn.execute(
            "SELECT entry_id, id, text, status, created_at, review_note, reviewed_at "
            f"FROM actions WHERE entry_id IN ({marks}) ORDER BY entry_id, id", ids):
        entries[entry_id]["actions"].append(
            {"id": action_id, "text": text, "status": status, "created_at": created_at,
             "review_note": note, "reviewed_at": reviewed_at})
    return list(entries.values())


def _add_answers(conn, entries: dict[int, dict], marks: str, *, lossless: bool,
                 reader: bool) -> None:
    """Each entry's answers, in the order they were asked."""
    empty_answers = "" if lossless else " AND coalesce(answer, '') != ''"
    # Sorted here, not by SQL: no index holds (entry_id, position), and SQLite sorting
    # the rows with their text took 40% of an export's reading.
    rows = sorted(conn.execute(
        "SELECT entry_id, position, theme_key, prompt_key, p.text, answer, answered_at "
        "FROM answers JOIN prompts p ON p.id = prompt_id "
        f"WHERE entry_id IN ({marks}){empty_answers}", list(entries)),
        key=_by_entry_and_position)
    for entry_id, _position, theme, prompt_key, prompt, answer, answered_at in rows:
        if reader:
            shaped = {"theme": theme, "prompt": prompt, "answer": answer}
        else:
            shaped = {"theme": theme, "prompt_key": prompt_key, "prompt": prompt,
                      "answer": answer}
            if lossless:
                shaped["answered_at"] = answered_at
        entries[entry_id]["answers"].append(shaped)


def _by_entry_and_position(row: tuple) -> tuple[int, int]:
    return row[0], row[1]


def prompts_as_asked(conn, entry_id: int) -> list[dict]:
    """Every prompt the entry asked, in order, answered or not (for editing)."""
    return _dicts(conn.execute(
        "SELECT theme_key, p.text AS prompt_text, answer FROM answers "
        "JOIN prompts p ON p.id = prompt_id WHERE entry_id = ? ORDER BY position", [entry_id]))


def rated_signal_keys(conn, entry_id: int) -> list[str]:
    """Check-in signals the entry has a row for (rated or skipped), in order."""
    return [row[0] for row in conn.execute(
        "SELECT signal_key FROM checkins WHERE entry_id = ? ORDER BY position", [entry_id])]


def trashed_entries(conn) -> list[dict]:
    """Entries in the trash, most recently trashed first."""
    return _dicts(conn.execute(
        f"SELECT {_SUMMARY_COLUMNS}, e.deleted_at FROM entries e "
        "WHERE e.deleted_at IS NOT NULL ORDER BY e.deleted_at DESC, e.id DESC"))


def actions(conn, include_closed: bool = False, limit: int = -1) -> list[dict]:
    """Carry-forward actions of entries not in the trash, and actions agreed in
    supervision sessions not in the bin: open ones oldest first by the date they belong
    to (their shift's or session's), then with include_closed the closed ones, most
    recently reviewed first. Each part walks its own index (actions_by_status,
    actions_by_review) and stops at limit: no sort, however many actions there are."""
    rows = _dicts(conn.execute(
        f"{_ACTION_ROWS} AND a.status = 'open' ORDER BY a.owner_date, a.id LIMIT :limit",
        {"limit": limit}))
    if include_closed and (limit < 0 or len(rows) < limit):
        rows += _dicts(conn.execute(
            f"{_ACTION_ROWS} AND a.status != 'open' ORDER BY a.reviewed_at DESC, a.id "
            "LIMIT :limit", {"limit": limit - len(rows) if limit >= 0 else -1}))
    return rows


# An action belongs to an entry or (agreed in supervision) to a session; either way it
# is out of sight while its owner is in the trash or the bin.
ACTION_OWNERS = ("FROM actions a LEFT JOIN entries e ON e.id = a.entry_id "
                  "LEFT JOIN supervision_sessions s ON s.id = a.session_id")
OWNER_KEPT = "coalesce(e.deleted_at, s.deleted_at) IS NULL"
_ACTION_ROWS = ("SELECT a.id, a.text, a.status, a.created_at, a.review_note, a.reviewed_at, "
                f"a.entry_id, e.shift_date, a.session_id, s.session_date {ACTION_OWNERS} "
                f"WHERE {OWNER_KEPT}")


def count_actions(conn, include_closed: bool = False) -> int:
    """Open actions (or all) whose entry or session is kept: every one counted from the
    index alone, less the few of entries in the trash and sessions in the bin, so the
    count costs next to nothing however many actions a journal holds."""
    status = "" if include_closed else "AND a.status = 'open'"
    return conn.execute(
        f"SELECT (SELECT count(*) FROM actions a WHERE 1 {status}) "
        f"- (SELECT count(*) FROM entries e CROSS JOIN actions a ON a.entry_id = e.id "
        f"WHERE e.deleted_at IS NOT NULL {status}) "
        f"- (SELECT count(*) FROM supervision_sessions s CROSS JOIN actions a "
        f"ON a.session_id = s.id WHERE s.deleted_at IS NOT NULL {status})").fetchone()[0]


# -- counts, and a reflection under way -------------------------------------------


def schema_version(conn) -> int:
    return conn.execute("PRAGMA user_version").fetchone()[0]


def count_entries(conn, include_trashed: bool = False) -> int:
    where = "" if include_trashed else " WHERE deleted_at IS NULL"
    return conn.execute(f"SELECT count(*) FROM entries{where}").fetchone()[0]


def count_prompts(conn, entry_id: int) -> int:
    """How many prompts the entry asked, answered or not."""
    return conn.execute("SELECT count(*) FROM answers WHERE entry_id = ?",
                        [entry_id]).fetchone()[0]


def latest_draft(conn) -> dict | None:
    rows = _dicts(conn.execute(
        "SELECT * FROM entries WHERE status = 'draft' AND deleted_at IS NULL "
        "ORDER BY updated_at DESC, id DESC LIMIT 1"))
    return rows[0] if rows else None


def draft_state(conn, entry_id: int) -> dict:
    """What a draft holds so far, for resuming it."""
    entry = _dicts(conn.execute("SELECT * FROM entries WHERE id = ?", [entry_id]))[0]
    entry["ratings"] = {key: value for key, value in conn.execute(
        "SELECT signal_key, value FROM checkins WHERE entry_id = ?", [entry_id])}
    entry["prompts"] = _dicts(conn.execute(
        "SELECT theme_key, prompt_key, p.text AS prompt_text, answer, answered_at "
        "FROM answers JOIN prompts p ON p.id = prompt_id WHERE entry_id = ? "
        "ORDER BY position", [entry_id]))
    entry["tags"] = [row[0] for row in conn.execute(
        "SELECT tag FROM tags WHERE entry_id = ? ORDER BY tag", [entry_id])]
    return entry


def wording_history(conn, pack: str) -> dict[str, dict[str, int]]:
    """For rotation: theme -> wording key -> the newest entry id that asked it."""
    history: dict[str, dict[str, int]] = {}
    for theme_key, prompt_key, last_entry in conn.execute(
            "SELECT a.theme_key, a.prompt_key, max(a.entry_id) FROM answers a "
            "JOIN entries e ON e.id = a.entry_id WHERE e.pack = :pack "
            "AND a.prompt_key IS NOT NULL GROUP BY a.theme_key, a.prompt_key",
            {"pack": pack}):
        history.setdefault(theme_key, {})[prompt_key] = last_entry
    return history


def actions_to_review(conn, today: date, shift_date: date | None = None,
                      limit: int = 1) -> list[dict]:
    """Open carry-forward actions to ask about, newest first, from shifts on or before
    the one being written up (never from a later shift); one reviewed in the last week
    is left alone so 'not yet' does not nag every night."""
    return _dicts(conn.execute(
        "SELECT a.id, a.text, a.created_at, e.shift_date FROM actions a "
        "JOIN entries e ON e.id = a.entry_id "
        "WHERE a.status = 'open' AND e.deleted_at IS NULL AND e.status = 'complete' "
        "AND e.shift_date <= :shift_date "
        "AND (a.reviewed_at IS NULL OR date(a.reviewed_at) <= date(:today, '-7 days')) "
        "ORDER BY e.shift_date DESC, a.created_at DESC, a.id DESC LIMIT :limit",
        {"today": today.isoformat(), "limit": limit,
         "shift_date": (shift_date or today).isoformat()}))
