"""The text an entry is edited as in $EDITOR, and reading it back. Pure functions.

The text has three parts: a header (date, shift, tags, flags), the check-in ratings,
and one section per prompt as it was asked. parse_entry_text() either returns the
whole edited entry or raises EditError naming the line that is wrong, so an entry is
never half-changed.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

CHECKIN_MARK = "## Check-in"
ANSWERS_MARK = "## Answers"
SECTION_MARK = "### "
PROMPT_MARK = "> "
YES, NO = ("yes", "y", "true", "1"), ("no", "n", "false", "0", "")


class EditError(ValueError):
    """The edited text could not be read; .line is the 1-based line number (or None).
    .problems holds every (line, message) found, in line order, so one reopening of
    the editor can fix them all."""

    def __init__(self, line: int | None, message: str,
                 problems: list[tuple[int | None, str]] | None = None):
        self.problems = problems or [(line, message)]
        said = [f"line {at}: {what}" if at else what for at, what in self.problems]
        super().__init__(said[0] if len(said) == 1 else
                         f"{len(said)} problems: " + "; ".join(said))
        self.line = line


class _Problems:
    """Every problem in an edited entry, told together, in line order."""

    def __init__(self) -> None:
        self.found: list[tuple[int | None, str]] = []

    def add(self, line: int | None, message: str) -> None:
        self.found.append((line, message))

    def raise_any(self) -> None:
        if self.found:
            ordered = sorted(self.found, key=lambda item: (item[0] is None, item[0] or 0))
            raise EditError(ordered[0][0], ordered[0][1], ordered)


@dataclass
class EditedEntry:
    shift_date: datetime.date
    shift_type: str | None
    tags: list[str]
    share: bool
    supervision: bool
    checkin: dict[str, int | None]  # every signal shown; None = no rating
    answers: dict[str, str]  # theme key -> answer text ('' = left empty)


def entry_text(entry: dict, signal_keys: list[str], prompts: list[dict]) -> str:
    """The entry as editable text. prompts: theme_key, prompt_text, answer (all asked)."""
    lines = [
        f"# Editing entry #{entry['id']}. Change what you like, then save and close.",
        "# Lines starting with '# ' up here are notes and are left out.",
        "# To leave the entry as it was, close without saving, or delete everything.",
        f"date: {entry['date']}",
        f"shift: {entry['shift'] or ''}",
        f"tags: {', '.join(entry['tags'])}",
        f"share: {'yes' if entry['share'] else 'no'}",
        f"supervision: {'yes' if entry['supervision'] else 'no'}",
        "",
        f"{CHECKIN_MARK} (0 to 4; leave a rating blank to clear it)",
    ]
    keys = list(signal_keys) + [key for key in entry["checkin"] if key not in signal_keys]
    for key in keys:
        value = entry["checkin"].get(key)
        lines.append(f"{key}: {'' if value is None else value}".rstrip())
    # Under 80 characters: a longer line is wrapped by the editor mid-word.
    lines += ["", f"{ANSWERS_MARK} (write under each prompt; '> ' lines are as asked)"]
    for prompt in prompts:
        lines += ["", f"{SECTION_MARK}{prompt['theme_key']}"]
        lines += [f"{PROMPT_MARK}{line}".rstrip() for line in prompt["prompt_text"].splitlines()]
        if prompt["answer"]:
            lines += prompt["answer"].splitlines()
    return "\n".join(lines) + "\n"


def parse_entry_text(text: str, signal_keys: list[str], theme_keys: list[str],
                     today: datetime.date) -> EditedEntry:
    """Read edited text back; raises EditError naming every problem found, in line order."""
    from kindjournal import dates
    from kindjournal.errors import UsageError
    from kindjournal.journal.writes import normalise_shift, normalise_tag

    problems = _Problems()
    header: dict[str, tuple[int, str]] = {}
    checkin: dict[str, int | None] = {}
    answers: dict[str, list[str]] = {}
    part, theme, in_prompt = "header", None, False
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip()
        if line.startswith(CHECKIN_MARK) and part == "header":
            part = "checkin"
            continue
        if line.startswith(ANSWERS_MARK) and part in ("header", "checkin"):
            part = "answers"
            continue
        if part == "answers":
            if line.startswith(SECTION_MARK):
                theme = line[len(SECTION_MARK):].strip()
                if theme not in theme_keys:
                    problems.add(number, f"'{theme}' is not one of this entry's prompts "
                                 f"({', '.join(theme_keys)}).")
                    problems.raise_any()
                if theme in answers:
                    problems.add(number, f"the prompt '{theme}' appears twice.")
                    problems.raise_any()
                answers[theme], in_prompt = [], True
            elif theme is None:
                if line.strip():
                    problems.add(number, "text before the first '### ' prompt heading; "
                                 "write answers under a prompt.")
                    problems.raise_any()
            elif in_prompt and line.startswith(PROMPT_MARK.rstrip()):
                continue
            else:
                in_prompt = False
                answers[theme].append(raw)
            continue
        if not line.strip() or line.startswith("#"):
            continue
        key, colon, value = line.partition(":")
        key, value = key.strip().lower(), value.strip()
        if not colon:
            problems.add(number, f"expected 'name: value', found '{_short(line)}'.")
            continue
        if part == "header":
            if key not in ("date", "shift", "tags", "share", "supervision"):
                problems.add(number, f"'{key}' is not something an entry has; use date, "
                             "shift, tags, share or supervision.")
                continue
            header[key] = (number, value)
        else:
            if key not in signal_keys:
                problems.add(number, f"'{key}' is not a check-in rating of this entry.")
            elif value == "":
                checkin[key] = None
            elif value.isdigit() and int(value) <= 4:
                checkin[key] = int(value)
            else:
                problems.add(number, f"a rating is a whole number from 0 to 4 (or blank), "
                             f"not '{_short(value)}'.")
    if part != "answers" and theme_keys:
        problems.add(None, f"the '{ANSWERS_MARK}' line is missing, so the answers cannot "
                        "be found; reopen and put it back above the first '### ' prompt.")
        problems.raise_any()
    shift_date = None
    if "date" not in header:
        problems.add(None, "the 'date:' line is missing.")
    else:
        line_number, date_text = header["date"]
        try:
            shift_date = dates.parse_day(date_text, today)
        except dates.DateError as error:
            problems.add(line_number, str(error))
    shift_type = None
    if header.get("shift", (0, ""))[1]:
        line_number, shift_text = header["shift"]
        try:
            shift_type = normalise_shift(shift_text)
        except UsageError as error:
            problems.add(line_number, error.message)
    flags = {}
    for flag in ("share", "supervision"):
        line_number, value = header.get(flag, (0, "no"))
        if value.lower() not in YES + NO:
            problems.add(line_number, f"{flag} is yes or no, not '{_short(value)}'.")
        flags[flag] = value.lower() in YES
    problems.raise_any()
    tags_text = header.get("tags", (0, ""))[1]
    tags = sorted({normalise_tag(tag) for tag in tags_text.split(",")} - {""})
    return EditedEntry(
        shift_date=shift_date,
        shift_type=shift_type,
        tags=tags,
        share=flags["share"],
        supervision=flags["supervision"],
        checkin=checkin,
        answers={key: "\n".join(body).strip() for key, body in answers.items()},
    )


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:39] + "…"
