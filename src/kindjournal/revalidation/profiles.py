"""Regulator profiles: what a regulator asks for, read from TOML files.

Built-in profiles ship in the package's ``regulators`` folder; a person or an
organisation can add or override one in their own regulators folder. Validation
collects every problem in a file, each named by file and field, before giving up.
Nothing here prints.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from kindjournal.errors import UsageError
from kindjournal.journal.record_kinds import KINDS

_NAME = re.compile(r"[a-z0-9][a-z0-9_-]*")
_TOP = ("name", "title", "regulator", "who", "source", "checked", "period", "requirements",
        "portfolio")
# Requirement kind -> its numbers (all required unless listed in _OPTIONAL_NUMBERS).
REQUIREMENT_KINDS: dict[str, tuple[str, ...]] = {
    "practice-hours": ("target",),
    "cpd-hours": ("target", "participatory"),
    "feedback": ("target",),
    "accounts": ("target",),
    "discussion": (),
    "confirmation": (),
    "declaration": (),
    "cpd-records": ("target", "peer_reflection"),
}
_REQUIREMENT_TEXT = ("key", "kind", "label", "source", "checked", "note", "pack", "about",
                     "code")


@dataclass(frozen=True)
class Requirement:
    key: str
    kind: str
    label: str
    source: str
    checked: str
    numbers: dict[str, float] = field(default_factory=dict, hash=False)
    note: str | None = None
    pack: str | None = None
    about: str | None = None
    code: str | None = None


@dataclass(frozen=True)
class Profile:
    name: str
    title: str
    regulator: str
    who: str
    source: str
    checked: str
    period_kind: str  # "renewal" or "year"
    years: int
    year_ends: str | None  # "MM-DD" for kind "year"
    requirements: tuple[Requirement, ...]
    portfolio: dict[str, dict[str, Any]] = field(default_factory=dict, hash=False)
    file: str = "built-in"

    def requirement(self, key: str) -> Requirement:
        for requirement in self.requirements:
            if requirement.key == key:
                return requirement
        raise KeyError(key)


class ProfileError(UsageError):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__(problems[0] if len(problems) == 1
                         else f"{len(problems)} problems: " + "; ".join(problems))


def builtin_dir() -> Path:
    """Installed: inside the package (force-included); in a checkout: the repo root."""
    package = Path(__file__).resolve().parents[1]
    packaged = package / "regulators"
    return packaged if packaged.is_dir() else package.parents[1] / "regulators"


def user_dir() -> Path:
    from kindjournal.files import data_home

    return data_home() / "regulators"


def available() -> dict[str, Path]:
    """Profile name -> file; a person's own file replaces a built-in one of that name."""
    found = {path.stem: path for path in sorted(builtin_dir().glob("*.toml"))}
    mine = user_dir()
    if mine.is_dir():
        found.update({path.stem: path for path in sorted(mine.glob("*.toml"))})
    return found


def load(name: str) -> Profile:
    files = available()
    if name not in files:
        raise UsageError(f"There is no regulator profile '{name}'. Profiles: "
                         f"{', '.join(files) or 'none'}.")
    return load_file(files[name])


def load_file(path: Path) -> Profile:
    label = path.name if path.parent.resolve() == builtin_dir().resolve() else str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UsageError(f"Cannot find {path}.") from None
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(f"Cannot read {path}: {error}.") from None
    return parse(text, label, expected_name=path.stem)


def parse(text: str, label: str, expected_name: str | None = None) -> Profile:
    import tomllib

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ProfileError([f"{label}: not valid TOML ({error})"]) from None
    problems: list[str] = []

    def problem(where: str, message: str) -> None:
        problems.append(f"{label}: {where}: {message}")

    def text_of(table: dict, key: str, where: str, required: bool = True) -> str:
        value = table.get(key)
        if value is None:
            if required:
                problem(f"{where}{key}", "missing")
            return ""
        if not isinstance(value, str) or not value.strip():
            problem(f"{where}{key}", "should be text")
            return ""
        return value.strip()

    def checked_date(table: dict, where: str) -> str:
        value = table.get("checked")
        value = value.isoformat() if isinstance(value, date) else value
        if not isinstance(value, str):
            problem(f"{where}checked", "missing: the date the figures were checked, "
                    "YYYY-MM-DD")
            return ""
        try:
            date.fromisoformat(value)
        except ValueError:
            problem(f"{where}checked", f"'{value}' is not a date like 2026-11-28")
        return value

    for key in data:
        if key not in _TOP:
            problem(key, "unknown key")
    name = text_of(data, "name", "")
    if name and not _NAME.fullmatch(name):
        problem("name", "use lowercase letters, digits, - and _")
    if name and expected_name and name != expected_name:
        problem("name", f"'{name}' should match the file's name '{expected_name}'")
    title, regulator = text_of(data, "title", ""), text_of(data, "regulator", "")
    who, source = text_of(data, "who", ""), text_of(data, "source", "")
    checked = checked_date(data, "")
    period = data.get("period")
    period_kind, years, year_ends = "renewal", 3, None
    if not isinstance(period, dict):
        problem("period", "missing: a [period] table")
    else:
        period_kind = period.get("kind")
        if period_kind == "renewal":
            years = period.get("years")
            if not isinstance(years, int) or isinstance(years, bool) or not 1 <= years <= 10:
                problem("period.years", "should be a whole number of years, 1 to 10")
                years = 3
        elif period_kind == "year":
            years, year_ends = 1, period.get("ends")
            if not isinstance(year_ends, str) or not _month_day(year_ends):
                problem("period.ends", "should be the month and day the year ends, e.g. "
                        "\"11-30\"")
        else:
            problem("period.kind", "should be \"renewal\" or \"year\"")
    requirements = []
    seen: set[str] = set()
    raw_requirements = data.get("requirements")
    if not isinstance(raw_requirements, list) or not raw_requirements:
        problem("requirements", "missing: at least one [[requirements]] table")
        raw_requirements = []
    for index, table in enumerate(raw_requirements):
        where = f"requirements[{index}]."
        if not isinstance(table, dict):
            problem(where[:-1], "should be a table")
            continue
        kind = text_of(table, "kind", where)
        numbers_wanted = REQUIREMENT_KINDS.get(kind)
        if kind and numbers_wanted is None:
            problem(f"{where}kind", f"'{kind}' is not one of: {', '.join(REQUIREMENT_KINDS)}")
            numbers_wanted = ()
        for key in table:
            if key not in _REQUIREMENT_TEXT and key not in (numbers_wanted or ()):
                problem(f"{where}{key}", "unknown key" + (f" for kind '{kind}'" if kind else ""))
        key = text_of(table, "key", where)
        if key in seen:
            problem(f"{where}key", f"'{key}' is used twice")
        seen.add(key)
        numbers = {}
        for number in numbers_wanted or ():
            value = table.get(number)
            if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
                problem(f"{where}{number}", "should be a number, 0 or more")
            else:
                numbers[number] = value
        if kind == "accounts":
            for needed in ("pack", "about", "code"):
                text_of(table, needed, where)
        requirements.append(Requirement(
            key, kind, text_of(table, "label", where), text_of(table, "source", where),
            checked_date(table, where), numbers, text_of(table, "note", where, False) or None,
            table.get("pack"), table.get("about"), table.get("code")))
    portfolio = _portfolio(data.get("portfolio", {}), problem)
    if problems:
        raise ProfileError(problems)
    return Profile(name, title, regulator, who, source, checked, period_kind, years,
                   year_ends, tuple(requirements), portfolio, label)


def _portfolio(table, problem) -> dict[str, dict[str, Any]]:
    if not isinstance(table, dict):
        problem("portfolio", "should be a table")
        return {}
    result = {}
    for kind_name, section in table.items():
        where = f"portfolio.{kind_name}"
        if kind_name not in KINDS:
            problem(where, f"'{kind_name}' is not a kind of record ({', '.join(KINDS)})")
            continue
        if not isinstance(section, dict) or not isinstance(section.get("fields"), list):
            problem(f"{where}.fields", "missing: a list of field names")
            continue
        names = {f.name for f in KINDS[kind_name].fields}
        for position, name in enumerate(section["fields"]):
            if name not in names:
                problem(f"{where}.fields[{position}]",
                        f"'{name}' is not a field of {kind_name} ({', '.join(sorted(names))})")
        labels = section.get("labels", {})
        if not isinstance(labels, dict) or not all(
                isinstance(value, str) for value in labels.values()):
            problem(f"{where}.labels", "should be a table of field = \"label\"")
            labels = {}
        for name in labels:
            if name not in names:
                problem(f"{where}.labels.{name}", f"'{name}' is not a field of {kind_name}")
        for key in section:
            if key not in ("fields", "labels", "source"):
                problem(f"{where}.{key}", "unknown key")
        result[kind_name] = {"fields": list(section["fields"]), "labels": dict(labels)}
    return result


def _month_day(text: str) -> bool:
    try:
        date.fromisoformat(f"2024-{text}")  # a leap year, so 02-29 is allowed
    except ValueError:
        return False
    return True


def period_for(profile: Profile, period_end: str | None, today: date) -> tuple[date, date]:
    """(first day, last day) of the period being counted now."""
    if profile.period_kind == "year":
        month, day = (int(part) for part in profile.year_ends.split("-"))
        end = _safe_date(today.year, month, day)
        if end < today:
            end = _safe_date(today.year + 1, month, day)
        start = _safe_date(end.year - 1, month, day)
        from datetime import timedelta

        return start + timedelta(days=1), end
    if not period_end:
        raise UsageError(f"Set your renewal date first: kj registration {profile.name} "
                         "--renewal YYYY-MM-DD.")
    end = date.fromisoformat(period_end)
    from datetime import timedelta

    start = _safe_date(end.year - profile.years, end.month, end.day) + timedelta(days=1)
    return start, end


def _safe_date(year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:  # 29 February in a year without one
        return date(year, month, 28)
