"""Progress towards a regulator's requirements: pure sums over the records.

Each requirement of a profile becomes one Item (done or not, and a line saying how far
along it is), in the profile's order, which is the order to do things in. Nothing here
prints; screen.py turns a Progress into lines.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from kindjournal.journal import records as store
from kindjournal.journal.record_kinds import KINDS
from kindjournal.revalidation.profiles import Profile, Requirement, period_for
from kindjournal.text import quantity, short_date

# How close a date must be before 'kj reflect' mentions what is missing, and how often.
REMIND_WITHIN_DAYS = 90
REMIND_EVERY_DAYS = 7
_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
DEFAULT_CHOICES = {
    "about": ("CPD", "Feedback", "An event or experience"),
    "code": ("Prioritise people", "Practise effectively", "Preserve safety",
             "Promote professionalism and trust"),
}


@dataclass
class Item:
    key: str
    label: str
    done: bool
    line: str
    next_step: str  # the command that moves it on
    missing: str = ""  # a few words for the reminder: "2 accounts"


@dataclass
class Progress:
    profile: Profile
    first: date
    last: date
    today: date
    items: list[Item] = field(default_factory=list)
    accounts: list[dict] = field(default_factory=list)

    @property
    def days_left(self) -> int:
        return (self.last - self.today).days

    @property
    def complete(self) -> bool:
        return all(item.done for item in self.items)

    @property
    def date_word(self) -> str:
        return "renewal" if self.profile.period_kind == "renewal" else "year ends"


def count_word(count: int) -> str:
    return _WORDS[count] if 0 <= count < len(_WORDS) else str(count)


def account_choices(pack_name: str | None, theme_key: str | None) -> tuple[str, ...]:
    """The named choices of the accounts pack's theme (the person's copy if they have
    one), else the built-in ones."""
    from kindjournal.files import user_prompts_dir
    from kindjournal.reflect.packs import PackError, load_pack

    try:
        pack = load_pack(pack_name or "nmc-account", user_prompts_dir())
        choices = pack.theme(theme_key).choices
    except (PackError, KeyError):
        choices = ()
    return choices or DEFAULT_CHOICES.get(theme_key or "", ())


def accounts(db, requirement: Requirement, first: date, last: date) -> list[dict]:
    """Finished entries of the accounts pack in the period, oldest first, each with its
    answers by theme, what it is about and the Code's themes picked."""
    from kindjournal.reflect.flow import chosen

    about_choices = account_choices(requirement.pack, requirement.about)
    code_choices = account_choices(requirement.pack, requirement.code)
    found = store.account_entries(db, requirement.pack, first.isoformat(), last.isoformat())
    for entry in found:
        entry["about"] = chosen(entry["answers"].get(requirement.about), about_choices)
        entry["code_themes"] = chosen(entry["answers"].get(requirement.code), code_choices)
    return found


def progress(db, profile: Profile, registration: dict | None, today: date) -> Progress:
    registration = registration or {"period_end": None, "overrides": {}, "declared": []}
    first, last = period_for(profile, registration["period_end"], today)
    result = Progress(profile, first, last, today)
    span = (first.isoformat(), last.isoformat())
    for requirement in profile.requirements:
        numbers = {**requirement.numbers,
                   **{key.split(".", 1)[1]: value
                      for key, value in registration["overrides"].items()
                      if key.split(".", 1)[0] == requirement.key and "." in key},
                   **({"target": registration["overrides"][requirement.key]}
                      if requirement.key in registration["overrides"] else {})}
        result.items.append(_item(db, profile, requirement, numbers, span, registration,
                                  result))
    return result


def _item(db, profile, requirement, numbers, span, registration, result) -> Item:
    kind, label = requirement.kind, requirement.label
    target = numbers.get("target", 1)
    if kind == "practice-hours":
        hours = sum(r["hours"] for r in store.records(db, KINDS["hours"], first=span[0],
                                                      last=span[1]))
        return Item(requirement.key, label, hours >= target,
                    f"{quantity(hours)} of {quantity(target)} {label}", "kj record add hours",
                    f"{quantity(max(target - hours, 0))} {label}")
    if kind == "cpd-hours":
        rows = store.records(db, KINDS["cpd"], first=span[0], last=span[1])
        hours = sum(r["hours"] or 0 for r in rows)
        together = sum(r["participatory_hours"] or 0 for r in rows)
        wanted_together = numbers.get("participatory", 0)
        done = hours >= target and together >= wanted_together
        line = f"{quantity(hours)} of {quantity(target)} {label}"
        if wanted_together:
            line += f", {quantity(together)} of {quantity(wanted_together)} participatory"
        short = max(target - hours, 0)
        return Item(requirement.key, label, done, line, "kj record add cpd",
                    f"{quantity(short or wanted_together - together)} {label}")
    if kind == "feedback":
        count = len(store.records(db, KINDS["feedback"], first=span[0], last=span[1]))
        return Item(requirement.key, label, count >= target,
                    f"{count} of {quantity(target)} {label}", "kj record add feedback",
                    f"{quantity(max(target - count, 0))} {label}")
    if kind == "accounts":
        found = accounts(db, requirement, result.first, result.last)
        result.accounts = found
        line = f"{len(found)} of {quantity(target)} {label}"
        about_choices = account_choices(requirement.pack, requirement.about)
        spread = [f"{count_word(sum(1 for a in found if choice in a['about']))} on "
                  f"{_lower(choice)}" for choice in about_choices
                  if any(choice in a["about"] for a in found)]
        if spread:
            line += " — " + ", ".join(spread)
        return Item(requirement.key, label, len(found) >= target, line,
                    f"kj reflect --pack {requirement.pack}",
                    f"{quantity(max(target - len(found), 0))} accounts")
    if kind in ("discussion", "confirmation"):
        rows = store.records(db, KINDS[kind], first=span[0])
        if rows:
            when = short_date(rows[-1][KINDS[kind].date_field])
            return Item(requirement.key, label, True, f"{_upper(label)}: recorded, {when}",
                        f"kj record list {kind}")
        return Item(requirement.key, label, False, f"{_upper(label)}: not yet recorded",
                    f"kj record add {kind}", f"the {label.split(' with ')[0]}")
    if kind == "declaration":
        done = requirement.key in registration["declared"]
        return Item(requirement.key, label, done,
                    f"{_upper(label)}: {'ticked' if done else 'not yet ticked'}",
                    f"kj registration {profile.name} --declare {requirement.key}",
                    f"the {label}")
    # cpd-records: Social Work England's count, with peer reflection
    rows = store.records(db, KINDS["cpd"], first=span[0], last=span[1])
    with_peer = sum(1 for r in rows if (r["peer_reflection"] or "").strip())
    wanted_peer = numbers.get("peer_reflection", 0)
    line = f"{len(rows)} of {quantity(target)} {label}"
    if wanted_peer:
        line += f", {with_peer} of {quantity(wanted_peer)} with peer reflection"
    missing = (f"{quantity(max(target - len(rows), 0))} {label}" if len(rows) < target
               else "a peer reflection")
    next_step = "kj record add cpd"
    if with_peer < wanted_peer:
        # A recorded peer or group supervision session holds one: no need to type it again.
        from kindjournal.journal.supervision import peer_sessions_without_cpd

        waiting = peer_sessions_without_cpd(db, span[0], span[1])
        if waiting:
            next_step = f"kj supervision cpd {waiting[-1]['id']}"
    return Item(requirement.key, label, len(rows) >= target and with_peer >= wanted_peer,
                line, next_step, missing)


def _lower(choice: str) -> str:
    return choice if choice[:2].isupper() else choice[0].lower() + choice[1:]


def _upper(text: str) -> str:
    return text[0].upper() + text[1:]


def reminder(db, today: date) -> str | None:
    """One line for 'kj reflect' to close with, when a date is near and something is
    missing, at most once a week per profile; None otherwise. Marks it as said."""
    from kindjournal.revalidation.profiles import load

    for registration in store.registrations(db):
        try:
            profile = load(registration["profile"])
            state = progress(db, profile, registration, today)
        except Exception:  # noqa: BLE001 - a reminder must never spoil a reflection
            continue
        if state.complete or not 0 <= state.days_left <= REMIND_WITHIN_DAYS:
            continue
        last = registration["last_reminded"]
        if last and (today - date.fromisoformat(last)).days < REMIND_EVERY_DAYS:
            continue
        missing = [item.missing for item in state.items if not item.done][:3]
        store.mark_reminded(db, profile.name, today.isoformat())
        return (f"{profile.title}: {_in_days(state.days_left)}; still to do: "
                f"{', '.join(missing)}. 'kj revalidation' shows the rest.")
    return None


def _in_days(days: int) -> str:
    if days == 0:
        return "today"
    return f"in {days} day{'s' if days != 1 else ''}"


def in_days(days: int) -> str:
    if days < 0:
        return f"{-days} day{'s' if days != -1 else ''} ago"
    return _in_days(days)
