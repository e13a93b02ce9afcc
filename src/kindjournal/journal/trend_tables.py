"""The SQL behind the trend summary tables: the statements their triggers run when an
entry, a rating or a tag changes, the monthly roll-ups, and a full rebuild.

The migrations (migrations.py) create the tables and triggers from these; tests use
rebuild_trend_summaries to check the triggers keep the tables exactly as a rebuild
would. Kept apart so the migrations read as a list of schema steps.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database


# Keys of the per-day summaries for one entry; {e} is 'new' or 'old' in a trigger.
DAY_KEY = "shift_date = {e}.shift_date AND shift_type = coalesce({e}.shift_type, '')"
RATED = ("EXISTS (SELECT 1 FROM checkins WHERE entry_id = {e}.id AND value IS NOT NULL)")
# Ratings are summed per day, and again per month so that a trend over years reads
# one row per month: (table, its date column, that column's value for a row alias).
RATING_TABLES = (
    ("trend_ratings", "shift_date", lambda e: f"{e}.shift_date"),
    ("trend_ratings_monthly", "month", lambda e: f"substr({e}.shift_date, 1, 7)"),
)


def entry_in_summaries(e: str, sign: str) -> list[str]:
    """Statements adding (sign '+') or removing ('-') one entry's share of the per-day
    summaries, when the entry is live (not in the trash)."""
    key, live = DAY_KEY.format(e=e), f"{e}.deleted_at IS NULL"
    rated_list = f"(SELECT signal_key FROM checkins WHERE entry_id = {e}.id AND value IS NOT NULL)"
    statements = []
    if sign == "+":
        statements += [
            f"INSERT INTO trend_days (shift_date, shift_type) "
            f"SELECT {e}.shift_date, coalesce({e}.shift_type, '') WHERE {live} "
            f"AND NOT EXISTS (SELECT 1 FROM trend_days WHERE {key})",
            *(f"INSERT INTO {table} ({column}, shift_type, signal_key) "
              f"SELECT {day(e)}, coalesce({e}.shift_type, ''), c.signal_key FROM checkins c "
              f"WHERE c.entry_id = {e}.id AND c.value IS NOT NULL AND {live} AND NOT EXISTS "
              f"(SELECT 1 FROM {table} WHERE {column} = {day(e)} AND shift_type = "
              f"coalesce({e}.shift_type, '') AND signal_key = c.signal_key)"
              for table, column, day in RATING_TABLES),
            f"INSERT INTO trend_tags (shift_date, tag) "
            f"SELECT {e}.shift_date, t.tag FROM tags t WHERE t.entry_id = {e}.id AND {live} "
            f"AND NOT EXISTS (SELECT 1 FROM trend_tags WHERE shift_date = {e}.shift_date "
            f"AND tag = t.tag)",
        ]
    statements += [
        f"UPDATE trend_days SET entries = entries {sign} 1, "
        f"rated = rated {sign} ({RATED.format(e=e)}), "
        f"supervision = supervision {sign} {e}.supervision, share = share {sign} {e}.share, "
        f"drafts = drafts {sign} ({e}.status = 'draft') WHERE {key} AND {live}",
        *(f"UPDATE {table} SET total = total {sign} (SELECT value FROM checkins "
          f"WHERE entry_id = {e}.id AND signal_key = {table}.signal_key), "
          f"ratings = ratings {sign} 1 WHERE {column} = {day(e)} AND shift_type = "
          f"coalesce({e}.shift_type, '') AND {live} AND signal_key IN {rated_list}"
          for table, column, day in RATING_TABLES),
        f"UPDATE trend_tags SET entries = entries {sign} 1 WHERE shift_date = {e}.shift_date "
        f"AND {live} AND tag IN (SELECT tag FROM tags WHERE entry_id = {e}.id)",
    ]
    return statements


def rating_in_summaries(r: str, sign: str, other: str | None = None) -> list[str]:
    """Statements adding or removing one rating row ({r} is 'new' or 'old'). In an
    update, ``other`` names the row's other side: the entry's check-in count changes only
    when a rating appears where there was none, or goes."""
    def entry(day) -> str:
        return (f"(SELECT {day('e')}, coalesce(e.shift_type, '') FROM entries e "
                f"WHERE e.id = {r}.entry_id AND e.deleted_at IS NULL)")

    count_now = (f"(SELECT count(*) FROM checkins WHERE entry_id = {r}.entry_id "
                 f"AND value IS NOT NULL)")
    statements = []
    for table, column, day in RATING_TABLES:
        if sign == "+":
            statements.append(
                f"INSERT INTO {table} ({column}, shift_type, signal_key) "
                f"SELECT {day('e')}, coalesce(e.shift_type, ''), {r}.signal_key FROM entries e "
                f"WHERE e.id = {r}.entry_id AND e.deleted_at IS NULL AND {r}.value IS NOT NULL "
                f"AND NOT EXISTS (SELECT 1 FROM {table} x WHERE x.{column} = {day('e')} "
                f"AND x.shift_type = coalesce(e.shift_type, '') AND x.signal_key = "
                f"{r}.signal_key)")
        statements.append(
            f"UPDATE {table} SET total = total {sign} {r}.value, ratings = ratings {sign} 1 "
            f"WHERE ({column}, shift_type) = {entry(day)} AND signal_key = {r}.signal_key "
            f"AND {r}.value IS NOT NULL")
    statements += [
        # The entry became a check-in with its first rating, or stopped being one.
        f"UPDATE trend_days SET rated = rated {sign} 1 WHERE (shift_date, shift_type) = "
        f"{entry(RATING_TABLES[0][2])} AND {r}.value IS NOT NULL "
        f"AND {count_now} = {1 if sign == '+' else 0}"
        + (f" AND {other}.value IS NULL" if other else ""),
    ]
    return statements


def trigger(name: str, event: str, statements: list[str]) -> str:
    # No INSERT OR IGNORE inside: an outer upsert's conflict policy would override it.
    return f"CREATE TRIGGER {name} {event} BEGIN " + "; ".join(statements) + "; END"


def rebuild_trend_summaries(db: Database) -> None:
    """Fill the summaries from the entries themselves (the migration, and tests)."""
    for statement in (
        "DELETE FROM trend_days",
        "DELETE FROM trend_ratings",
        "DELETE FROM trend_tags",
        "DELETE FROM trend_ratings_monthly",
        "INSERT INTO trend_days SELECT e.shift_date, coalesce(e.shift_type, ''), count(*), "
        "sum(EXISTS (SELECT 1 FROM checkins c WHERE c.entry_id = e.id AND c.value IS NOT NULL)),"
        " sum(e.supervision), sum(e.share), sum(e.status = 'draft') FROM entries e "
        "WHERE e.deleted_at IS NULL GROUP BY 1, 2",
        "INSERT INTO trend_ratings SELECT e.shift_date, coalesce(e.shift_type, ''), "
        "c.signal_key, sum(c.value), count(*) FROM entries e JOIN checkins c "
        "ON c.entry_id = e.id WHERE e.deleted_at IS NULL AND c.value IS NOT NULL "
        "GROUP BY 1, 2, 3",
        "INSERT INTO trend_ratings_monthly SELECT substr(shift_date, 1, 7), shift_type, "
        "signal_key, sum(total), sum(ratings) FROM trend_ratings GROUP BY 1, 2, 3",
        "INSERT INTO trend_tags SELECT e.shift_date, t.tag, count(*) FROM entries e "
        "JOIN tags t ON t.entry_id = e.id WHERE e.deleted_at IS NULL GROUP BY 1, 2",
    ):
        db.execute(statement)


# Monthly roll-ups of two per-day summaries: (monthly table, daily table, key column
# beside the month, counted columns).
MONTHLY_ROLLUPS = (
    ("trend_days_monthly", "trend_days", "shift_type",
     ("entries", "rated", "supervision", "share", "drafts")),
    ("trend_tags_monthly", "trend_tags", "tag", ("entries",)),
)


def rollup_statements(monthly: str, key: str, counts: tuple[str, ...], row: str,
                       sign: str) -> list[str]:
    """Add ('+') or take away ('-') one daily summary row ({row} 'new' or 'old') in its
    month's row, creating that row first when adding."""
    month = f"substr({row}.shift_date, 1, 7)"
    where = f"month = {month} AND {key} = {row}.{key}"
    statements = []
    if sign == "+":
        statements.append(f"INSERT INTO {monthly} (month, {key}) SELECT {month}, {row}.{key} "
                          f"WHERE NOT EXISTS (SELECT 1 FROM {monthly} WHERE {where})")
    changes = ", ".join(f"{name} = {name} {sign} {row}.{name}" for name in counts)
    statements.append(f"UPDATE {monthly} SET {changes} WHERE {where}")
    return statements
