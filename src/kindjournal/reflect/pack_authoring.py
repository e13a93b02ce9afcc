"""Writing your own prompt pack: a starting template, and checking a pack file.

Plain module: it creates and reads files and raises errors; the command renders.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from kindjournal.errors import KindJournalError, UsageError
from kindjournal.files import DestinationExists, make_private_folders, write_private_bytes
from kindjournal.reflect.packs import (
    Pack,
    PackError,
    builtin_prompts_dir,
    is_valid_key,
    load_pack_file,
)
from kindjournal.reflect.writing_rules import pack_advice

# The template must itself be a valid pack (a test checks it), and its wordings follow
# the same writing rules as the built-in packs, so it teaches by example.
TEMPLATE = '''\
# {name}: your own prompt pack for kindjournal.
#
# Edit the title, description and themes below, then check the file with
#     kj prompts check {path}
# and reflect with it using
#     kj reflect --pack {name}
#
# A pack has a few themes (five to eight suits a reflection of about ten minutes). Each
# theme says why it is there and holds several wordings of the same question: kj asks one
# wording per theme and rotates through them, so none comes back until the others have
# been asked. Keep the keys stable once you have used the pack: your entries store them.
#
# Writing rules: one open question or invitation per wording, spoken to "you", at most
# 30 words, plain words, no acronyms, no blame. Ask about feelings, learning and next
# steps, never for names or details that could identify someone.
# The built-in packs are examples: see them with 'kj prompts show after-shift'.

name = "{name}"
title = "My reflection"
description = "What this pack is for, in one line."
# intro = "Shown once before the first prompt."
# outro = "Shown once after the last prompt, for example where to find support."

# Without [[signals]] the pack uses the default check-in, so your trends stay
# comparable. An organisation with its own check-in can add a table for each rating:
# [[signals]]
# key = "tired"
# question = "How tired do you feel?"
# low = "not at all"
# high = "completely"
# polarity = "strain"   # "strain": higher is worse; "resource": higher is better

# Where to find support, in your organisation's own words and numbers:
# [signposting]
# title = "Support is there"
# text = "Talk to your supervisor or manager, occupational health or your GP."

[[themes]]
key = "moment"
title = "A moment that mattered"
why = "Starting from one real moment keeps the reflection close to your own work."

[[themes.prompts]]
key = "moment-mind"
text = "Which moment from your work today is still on your mind?"

[[themes.prompts]]
key = "moment-showed"
text = "Describe one moment that mattered to you today, in a few lines."

# The last theme can be the one whose answer becomes an action to carry forward.
[[themes]]
key = "forward"
title = "One thing to carry forward"
why = "Reflection ends in something you will do next time."
forward = true

[[themes.prompts]]
key = "forward-step"
text = "What small step will you take with you into your next shift?"

[[themes.prompts]]
key = "forward-keep-doing"
text = "Name one thing you will keep doing, or do differently, after today."
'''


_COPY_NOTE = """\
# Your copy of kindjournal's built-in '{name}' pack: kj now uses this file instead.
# Change what you like, then check it with
#     kj prompts check {path}
# Keep its [[signals]], [[rules]] and [signposting] unless you mean to change them:
# 'kj trends' looks for patterns with these rules, and shows where to turn for support.
# Delete this file to go back to the built-in pack.

"""


def checkin_warnings(pack: Pack) -> tuple[str, ...]:
    """A pack that carries the check-in (its own signals, or the default pack that
    'kj trends' reads) but would leave the trends without rules or signposting."""
    from kindjournal.reflect.packs import DEFAULT_PACK

    if not pack.signals and pack.name != DEFAULT_PACK:
        return ()
    warnings = []
    if not pack.rules:
        warnings.append("It has no [[rules]]: with it, 'kj trends' looks for no patterns at "
                        "all. Copy the rules of the built-in after-shift pack to keep them.")
    if not pack.signposting:
        warnings.append("It has no [signposting]: 'kj trends' will still list where to turn "
                        "('kj support'), but without your pack's own words.")
    return tuple(warnings)


@dataclass(frozen=True)
class CheckResult:
    pack: Pack
    wordings: int
    own_checkin: bool
    usable_from: Path | None  # where to put the file to reflect with it, if it is elsewhere
    advice: tuple[str, ...] = ()  # where a wording could follow the writing rules more closely
    warnings: tuple[str, ...] = ()  # what kj trends would miss with this pack


def template(name: str, path: Path | str) -> str:
    return TEMPLATE.format(name=name, path=path)


def scaffold(name: str, folder: Path) -> Path:
    """Create ``folder/name.toml`` (0600; the folder 0700), never overwriting an existing
    file: a copy of the built-in pack of that name when there is one, so its check-in,
    rules and signposting stay intact, else the template."""
    if not is_valid_key(name):
        raise UsageError(f"'{name}' cannot be a pack name: use lowercase letters, digits, "
                         "'-' and '_', starting with a letter or digit (for example my-nights).")
    if folder.exists() and not folder.is_dir():
        raise KindJournalError(f"Cannot create the pack: {folder} is a file, not a folder.")
    make_private_folders(folder)
    path = folder / f"{name}.toml"
    builtin = builtin_prompts_dir() / f"{name}.toml"
    text = (_COPY_NOTE.format(name=name, path=path) + builtin.read_text(encoding="utf-8")
            if builtin.is_file() else template(name, path))
    try:
        write_private_bytes(path, text.encode("utf-8"))
    except DestinationExists:
        raise UsageError(f"{path} already exists, so it was left as it is. Edit it, or choose "
                         "another name.") from None
    return path


def overrides_builtin(name: str) -> bool:
    return (builtin_prompts_dir() / f"{name}.toml").is_file()


def check_file(path: Path, user_prompt_dir: Path) -> CheckResult:
    """Load and validate one pack file; PackError lists every problem found. A valid pack
    also gets advice where a wording could follow the writing rules more closely."""
    if not path.exists() and path.suffix != ".toml" and len(path.parts) == 1:
        # A pack's name ('my-nights'), as 'kj prompts new' made it: look in the folder.
        named = user_prompt_dir / f"{path.name}.toml"
        if named.exists():
            path = named
    if not path.exists():
        raise UsageError(f"Cannot find {path}. Check the file name, or give a pack's "
                         "name from 'kj prompts'.")
    if path.is_dir():
        raise UsageError(f"{path} is a folder; give a pack's .toml file.")
    try:
        pack = load_pack_file(path)
        _refuse_control_characters(path)
    except PackError as error:
        raise PackError(_with_line_numbers(error.problems, path)) from None
    here = path.resolve().parent
    usable = here in (user_prompt_dir.resolve(), builtin_prompts_dir().resolve())
    lines = field_lines(path.read_text(encoding="utf-8"))
    advice = []
    for where, line in pack_advice(pack):
        number = lines.get(f"{where}.text") or lines.get(where)
        advice.append(f"line {number}, {where}: {line}" if number else f"{where}: {line}")
    return CheckResult(
        pack=pack,
        wordings=sum(len(theme.wordings) for theme in pack.themes),
        own_checkin=bool(pack.signals),
        usable_from=None if usable else user_prompt_dir,
        advice=tuple(advice),
        warnings=checkin_warnings(pack),
    )


def _control_characters(value, where: str):
    """(field, character) for each text holding a control character (TOML's \\u001b
    escapes included): a pack's words are shown on terminals, where one could set the
    window title or hide text."""
    from kindjournal.text import visible

    if isinstance(value, str):
        shown = visible(value)
        if shown != value:
            yield where, next(a for a, b in zip(value, shown, strict=True) if a != b)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _control_characters(item, f"{where}.{key}" if where else key)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _control_characters(item, f"{where}[{index}]")


def _refuse_control_characters(path: Path) -> None:
    import tomllib

    found = list(_control_characters(tomllib.loads(path.read_text(encoding="utf-8")), ""))
    if found:
        raise PackError([f"{where}: holds a control character ({ascii(char)[1:-1]}); take "
                         "it out, a pack's words are plain text" for where, char in found])


# --- line numbers for problems --------------------------------------------------------
#
# tomllib gives a line only for syntax errors; a problem in a valid file names its field
# (themes[2].prompts[0].text). For 'kj prompts check' we find that field's line too, by
# following the [[...]] headers the way TOML counts them. Where a line cannot be found
# (an inline table, a dotted key), the problem is shown without one.

_HEADER = re.compile(r"\s*\[\[?\s*([A-Za-z0-9_.-]+)\s*\]\]?\s*(#.*)?$")
_ASSIGNMENT = re.compile(r"\s*([A-Za-z0-9_-]+)\s*=")
_UNKNOWN_KEY = re.compile(r"unknown key '([^']+)'")
_MISSING = re.compile(r"missing '")


def field_lines(text: str) -> dict[str, int]:
    """Line numbers (from 1) of each table and key, by the paths problems use:
    'name', 'themes[0]', 'themes[0].why', 'themes[0].prompts[1].text', 'signals[2]'."""
    lines: dict[str, int] = {}
    counts: dict[str, int] = {}
    table = ""  # the path of the table the next keys belong to
    in_multiline = False
    for number, line in enumerate(text.splitlines(), start=1):
        if in_multiline:
            in_multiline = line.count('"""') % 2 == 0 and line.count("'''") % 2 == 0
            continue
        header = _HEADER.match(line)
        if header and line.lstrip().startswith("["):
            name = header.group(1)
            if line.lstrip().startswith("[["):
                parent, _, child = name.rpartition(".")
                parent_path = f"{parent}[{counts.get(parent, 1) - 1}]" if parent else ""
                array = f"{parent_path}.{child}" if parent_path else child
                index = counts.get(array if parent else child, 0)
                counts[array if parent else child] = index + 1
                table = f"{array}[{index}]"
            else:
                table = name
            lines.setdefault(table, number)
            continue
        assignment = _ASSIGNMENT.match(line)
        if assignment:
            key = assignment.group(1)
            lines.setdefault(f"{table}.{key}" if table else key, number)
            quotes = line.count('"""') + line.count("'''")
            in_multiline = quotes % 2 == 1
    return lines


def _with_line_numbers(problems: list[str], path: Path) -> list[str]:
    try:
        lines = field_lines(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return problems
    located = []
    for problem in problems:
        label = next((prefix for prefix in (str(path), path.name)
                      if problem.startswith(f"{prefix}: ")), None)
        if label is None or "not valid TOML" in problem:  # tomllib gave its own line
            located.append(problem)
            continue
        rest = problem[len(label) + 2:]
        where, _, message = rest.partition(": ")
        if not message or " " in where:  # no field named, e.g. "missing 'themes'"
            where, message = "", rest
        if _MISSING.match(message):  # point at the table the missing field belongs in
            number = lines.get(where) if where else None
        else:
            unknown = _UNKNOWN_KEY.match(message)
            field = ".".join(filter(None, [where, unknown.group(1) if unknown else ""]))
            number = lines.get(field) or lines.get(where)
        located.append(f"{label}: line {number}: {rest}" if number else problem)
    return located
