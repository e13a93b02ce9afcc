"""The kinds of revalidation record, their fields, and checking what a person gives.

The fields follow the regulators' own record templates (NMC practice hours, CPD and
feedback logs, the reflective discussion and confirmation forms; Social Work England's
CPD record). Which fields a regulator prints, and in what order, is the profile's
business (regulators/*.toml); this module only knows what can be stored. Plain module:
nothing here prints.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from kindjournal.errors import UsageError

MAX_TEXT = 5000  # characters in one field: a form's box, not an essay


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    question: str  # asked when the record is added interactively
    kind: str = "text"  # "text", "date", "hours"
    required: bool = False
    # Someone else's personal details (a partner's or confirmer's): kept for the form,
    # never in anything meant for others but the person's own portfolio.
    personal: bool = False


@dataclass(frozen=True)
class RecordKind:
    name: str  # typed on the command line
    table: str
    noun: str
    plural: str
    fields: tuple[Field, ...]

    @property
    def date_field(self) -> str:
        return self.fields[0].name

    def field(self, name: str) -> Field:
        for candidate in self.fields:
            if candidate.name == name:
                return candidate
        raise KeyError(name)


def _person(prefix: str, who: str) -> tuple[Field, ...]:
    return (
        Field(f"{prefix}_name", f"{who}'s name", f"{who}'s name:", personal=True),
        Field(f"{prefix}_pin", f"{who}'s PIN", f"{who}'s registration number (PIN), if "
              "they have one:", personal=True),
        Field(f"{prefix}_email", f"{who}'s email", f"{who}'s email:", personal=True),
        Field(f"{prefix}_address", f"{who}'s professional address",
              f"{who}'s professional (work) address:", personal=True),
        Field(f"{prefix}_postcode", f"{who}'s postcode", f"{who}'s work postcode:",
              personal=True),
    )


KINDS: dict[str, RecordKind] = {kind.name: kind for kind in (
    RecordKind("hours", "practice_hours", "practice hours record", "practice hours records", (
        Field("start_date", "From", "First day (e.g. 2026-04-01):", "date", required=True),
        Field("end_date", "To", "Last day (Enter if one day):", "date"),
        Field("hours", "Hours", "How many hours in that time:", "hours", required=True),
        Field("organisation", "Organisation", "Where you worked (the organisation):"),
        Field("scope", "Scope of practice", "Your scope of practice (e.g. adult nursing):"),
        Field("setting", "Work setting", "The work setting (e.g. care home, community):"),
        Field("description", "What you did", "A short description of your work, "
              "without names:"),
    )),
    RecordKind("cpd", "cpd_activities", "CPD record", "CPD records", (
        Field("start_date", "Date", "When it took place (first day):", "date", required=True),
        Field("end_date", "Until", "Last day (Enter if one day):", "date"),
        Field("method", "Type of CPD", "What kind of learning (course, reading, "
              "supervision, e-learning...):"),
        Field("topic", "Topic", "The topic, in a few words:", required=True),
        Field("relevance", "How it relates to your practice",
              "Why it matters for your work:"),
        Field("hours", "Hours", "Hours spent (Enter for none):", "hours"),
        Field("participatory_hours", "Participatory hours",
              "Of those, hours learning with other people:", "hours"),
        Field("code_part", "Part of the Code", "The part of your code or standards it "
              "relates to most:"),
        Field("evidence", "Evidence", "What shows you did it (a certificate, notes...):"),
        Field("learned", "What you learned", "What you learned from it:"),
        Field("impact", "Impact on practice", "The difference it made, or will make, to "
              "your practice and the people you work with:"),
        Field("peer_reflection", "Peer reflection", "If you talked it over with a "
              "colleague: what you learned from that talk (Enter if not):"),
    )),
    RecordKind("feedback", "feedback", "piece of feedback", "pieces of feedback", (
        Field("received_date", "Date", "When you received it:", "date", required=True),
        Field("source", "From", "Who it came from, by role only (a patient, a "
              "colleague, a manager...):", required=True),
        Field("content", "What it said", "What it said, in brief and without names:"),
        Field("how_used", "How you used it", "How you used it in your practice:"),
    )),
    RecordKind("discussion", "reflective_discussions", "reflective discussion",
               "reflective discussions", (
        Field("discussion_date", "Date", "When you had the discussion:", "date",
              required=True),
        *_person("partner", "Partner"),
        Field("notes", "Notes", "Anything to remember about it:"),
    )),
    RecordKind("confirmation", "confirmations", "confirmation", "confirmations", (
        Field("confirmation_date", "Date", "When you were confirmed:", "date", required=True),
        *_person("confirmer", "Confirmer"),
        Field("confirmer_role", "Confirmer's role", "Their role (e.g. line manager):",
              personal=True),
        Field("notes", "Notes", "Anything to remember about it:"),
    )),
)}


def record_kind(name: str) -> RecordKind:
    key = name.strip().lower()
    if key not in KINDS:
        raise UsageError(f"'{name}' is not a kind of record. Use one of: "
                         f"{', '.join(KINDS)}.")
    return KINDS[key]


def check_values(kind: RecordKind, given: dict, today: date, *, complete: bool = True,
                 where: str = "") -> dict:
    """The values ready to store, or one UsageError naming every field that is wrong,
    each problem a sentence of its own ("start_date: '31/02' is not a real date.").

    complete=False checks an edit: only the fields given, none required."""
    problems: list[str] = []
    values: dict = {}
    prefix = f"{where}: " if where else ""
    for name, raw in given.items():
        try:
            field = kind.field(name)
        except KeyError:
            import difflib

            close = difflib.get_close_matches(name, [f.name for f in kind.fields], n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            problems.append(f"{prefix}{name}: not a field of a {kind.noun}{hint}.")
            continue
        try:
            values[name] = field_value(field, raw, today)
        except ValueError as error:
            problems.append(f"{prefix}{name}: {error}")
    if complete:
        for field in kind.fields:
            if field.required and values.get(field.name) in (None, ""):
                if not any(problem.startswith(f"{prefix}{field.name}:") for problem in problems):
                    problems.append(f"{prefix}{field.name}: missing "
                                    f"({field.label.lower()}).")
    if (too_many := more_than_hours(values)) is not None:
        problems.append(f"{prefix}participatory_hours: {too_many}")
    if problems:
        raise UsageError(" ".join(problems))
    return values


def more_than_hours(values: dict) -> str | None:
    """Why the hours with others cannot stand (a sentence), or None when they can."""
    hours, participatory = values.get("hours"), values.get("participatory_hours")
    if hours is not None and participatory is not None and participatory > hours:
        return f"{participatory:g} is more than the {hours:g} hours of the activity."
    return None


def field_value(field: Field, raw, today: date):
    """One field's value ready to store; a ValueError whose message is a sentence
    (asked field by field, it is said as it is, before the question comes again)."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        if field.kind == "hours":
            return 0.0 if field.name == "participatory_hours" else None
        return None
    if field.kind == "hours":
        try:
            hours = float(str(raw).strip())
        except ValueError:
            raise ValueError(f"'{raw}' is not a number of hours (e.g. 7.5).") from None
        if not 0 <= hours <= 10000:
            raise ValueError(f"{hours:g} hours is out of range; give 0 to 10000.")
        return hours
    text = str(raw).strip()
    if field.kind == "date":
        from kindjournal import dates

        try:
            return dates.parse_day(text, today).isoformat()
        except dates.DateError as error:
            raise ValueError(str(error)) from None
    if len(text) > MAX_TEXT:
        raise ValueError(f"That is {len(text)} characters; keep it under {MAX_TEXT}.")
    return text
