"""Which entries a command is about: one set of filters shared by list, search, export
and trends.

EntryFilters holds what the person asked for; where_clauses() turns it into SQL WHERE
fragments with :named parameters, so SQLite does the choosing (with its indexes) and
no command ever loads the whole journal to pick a few entries. Stdlib only: this sits
on the start-up path of every reading command.
"""

from __future__ import annotations

import datetime

_FIELDS = ("since", "until", "tags", "shift", "shared", "supervision", "drafts",
           "include_drafts")


class EntryFilters:
    """What the person asked for. A plain class rather than a dataclass: building a
    dataclass costs about a millisecond at import, on every 'kj list' and 'kj search'.
    Treat it as immutable; replace() gives a changed copy."""

    __slots__ = _FIELDS

    def __init__(
        self,
        since: datetime.date | None = None,  # first shift day, inclusive
        until: datetime.date | None = None,  # last shift day, inclusive
        tags: tuple[str, ...] = (),  # entries carrying all of these
        shift: str | None = None,
        shared: bool = False,  # only entries marked to share with a group
        supervision: bool = False,  # only entries marked for supervision
        drafts: bool = False,  # only unfinished drafts
        include_drafts: bool = True,  # False: complete entries only (exports, trends)
    ):
        self.since, self.until, self.tags, self.shift = since, until, tuple(tags), shift
        self.shared, self.supervision = shared, supervision
        self.drafts, self.include_drafts = drafts, include_drafts

    def _values(self) -> tuple:
        return tuple(getattr(self, name) for name in _FIELDS)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, EntryFilters) and self._values() == other._values()

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        changed = ", ".join(f"{name}={value!r}" for name, value, default in
                            zip(_FIELDS, self._values(), EntryFilters()._values(), strict=True)
                            if value != default)
        return f"EntryFilters({changed})"

    def replace(self, **changes) -> EntryFilters:
        return EntryFilters(**(dict(zip(_FIELDS, self._values(), strict=True)) | changes))


def where_clauses(filters: EntryFilters, alias: str = "e") -> tuple[list[str], dict]:
    """SQL fragments to AND together (over entries aliased as alias) and their params.

    Trashed entries are always left out. Parameter names start with 'f_' so they
    cannot clash with a caller's own (:query, :limit).
    """
    clauses = [f"{alias}.deleted_at IS NULL"]
    params: dict = {}
    if filters.since is not None:
        clauses.append(f"{alias}.shift_date >= :f_since")
        params["f_since"] = filters.since.isoformat()
    if filters.until is not None:
        clauses.append(f"{alias}.shift_date <= :f_until")
        params["f_until"] = filters.until.isoformat()
    for number, tag in enumerate(dict.fromkeys(filters.tags)):
        clauses.append(
            f"EXISTS (SELECT 1 FROM tags ft WHERE ft.entry_id = {alias}.id "
            f"AND ft.tag = :f_tag{number})"
        )
        params[f"f_tag{number}"] = tag
    if filters.shift is not None:
        clauses.append(f"{alias}.shift_type = :f_shift")
        params["f_shift"] = filters.shift
    if filters.shared:
        clauses.append(f"{alias}.share = 1")
    if filters.supervision:
        clauses.append(f"{alias}.supervision = 1")
    if filters.drafts:
        clauses.append(f"{alias}.status = 'draft'")
    elif not filters.include_drafts:
        clauses.append(f"{alias}.status = 'complete'")
    return clauses, params


def describe(filters: EntryFilters) -> str:
    """The filters in words, for 'nothing matched' messages."""
    parts = []
    if filters.since and filters.until:
        parts.append(f"from {filters.since} to {filters.until}")
    elif filters.since:
        parts.append(f"since {filters.since}")
    elif filters.until:
        parts.append(f"up to {filters.until}")
    if filters.tags:
        parts.append("tagged " + " and ".join(filters.tags))
    if filters.shift:
        parts.append(f"{filters.shift} shifts")
    if filters.shared:
        parts.append("marked to share")
    if filters.supervision:
        parts.append("marked for supervision")
    if filters.drafts:
        parts.append("drafts only")
    return ", ".join(parts)
