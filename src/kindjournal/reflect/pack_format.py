"""Reading a prompt pack's TOML into a Pack, checking every field on the way.

Validation collects every problem in a file before giving up ('<file>: <field>: <what
is wrong>' lines in one PackError), so whoever edits a pack can fix it in one go.
Imported only when a pack is read from its file, not when it comes from the cache.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from kindjournal.reflect.packs import (
    KEY_PATTERN,
    POLARITIES,
    Pack,
    PackError,
    Signal,
    Theme,
    Wording,
)

_PACK_FIELDS = ("name", "title", "description", "intro", "outro", "signals", "themes",
                "signposting", "rules")
_SIGNAL_FIELDS = ("key", "question", "low", "high", "polarity")
_THEME_FIELDS = ("key", "title", "why", "forward", "prompts", "choices")
_WORDING_FIELDS = ("key", "text")


# bool before numbers: in Python, True is an int.
_TYPE_WORDS = ((bool, "true/false"), (str, "text"), (int | float, "a number"),
               (list, "an array"), (dict, "a table"))


def _describe(value: object) -> str:
    """Name a TOML value's type in words a pack author will recognise."""
    return next((words for kind, words in _TYPE_WORDS if isinstance(value, kind)), "a date or time")


class _Checker:
    """Collects problems as '<file>: <field>: <what is wrong>' lines."""

    def __init__(self, source_name: str) -> None:
        self.source_name = source_name
        self.problems: list[str] = []

    def problem(self, where: str, message: str) -> None:
        location = f"{self.source_name}: {where}" if where else self.source_name
        self.problems.append(f"{location}: {message}")

    def unknown_keys(self, table: dict[str, Any], allowed: tuple[str, ...], where: str) -> None:
        for key in table:
            if key not in allowed:
                import difflib  # only when a pack has a mistake to suggest a fix for

                close = difflib.get_close_matches(key, allowed, n=1)
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                self.problem(where, f"unknown key '{key}'{hint}")

    def text(self, table: dict[str, Any], name: str, where: str) -> str:
        """A required, non-empty string; '' (with a problem recorded) when it is not."""
        if name not in table:
            self.problem(where, f"missing '{name}'")
            return ""
        return self.optional_text(table, name, where) or ""

    def optional_text(self, table: dict[str, Any], name: str, where: str) -> str | None:
        if name not in table:
            return None
        value, path = table[name], _join(where, name)
        if not isinstance(value, str):
            self.problem(path, f"should be text, not {_describe(value)}")
            return None
        if not value.strip():
            self.problem(path, "is empty")
            return None
        return value.strip()

    def key(self, table: dict[str, Any], name: str, where: str) -> str:
        value = self.text(table, name, where)
        if value and not KEY_PATTERN.fullmatch(value):
            self.problem(_join(where, name), f"'{value}' should use only lowercase letters, "
                         "digits, '-' and '_'")
            return ""
        return value

    def unique(self, seen: dict[str, str], key: str, where: str, what: str) -> None:
        if not key:
            return
        if key in seen:
            self.problem(_join(where, "key"), f"duplicate {what} '{key}' (also {seen[key]})")
        else:
            seen[key] = where

    def tables(self, table: dict[str, Any], name: str, where: str) -> Iterator[tuple[str, dict]]:
        """Each entry of an array of tables, with its location, e.g. ('themes[2]', {...})."""
        items = table.get(name, [])
        if not isinstance(items, list):
            self.problem(_join(where, name), f"should be an array of tables ([[{name}]]), "
                         f"not {_describe(items)}")
            return
        for index, item in enumerate(items):
            location = f"{_join(where, name)}[{index}]"
            if isinstance(item, dict):
                yield location, item
            else:
                self.problem(location, f"should be a table, not {_describe(item)}")


def _join(where: str, name: str) -> str:
    return f"{where}.{name}" if where else name


def _parse_signals(check: _Checker, data: dict[str, Any]) -> tuple[Signal, ...]:
    if "signals" in data and data["signals"] == []:
        check.problem("signals", "is empty; leave 'signals' out to use the default check-in")
    signals, seen_keys = [], {}
    for where, table in check.tables(data, "signals", ""):
        check.unknown_keys(table, _SIGNAL_FIELDS, where)
        key = check.key(table, "key", where)
        check.unique(seen_keys, key, where, "signal key")
        question = check.text(table, "question", where)
        low, high = check.text(table, "low", where), check.text(table, "high", where)
        polarity = check.text(table, "polarity", where)
        if polarity and polarity not in POLARITIES:
            check.problem(f"{where}.polarity", f"'{polarity}' should be 'strain' (higher is "
                          "worse) or 'resource' (higher is better)")
        signals.append(Signal(key, question, low, high, polarity))
    return tuple(signals)


def _parse_choices(check: _Checker, table: dict[str, Any], where: str) -> tuple[str, ...]:
    choices = table.get("choices", [])
    if not isinstance(choices, list) or not all(
            isinstance(choice, str) and choice.strip() and ";" not in choice
            for choice in choices):
        check.problem(f"{_join(where, 'choices')}", "should be a list of names (text, "
                      "without ';'), e.g. [\"Prioritise people\", \"Preserve safety\"]")
        return ()
    if len(choices) > 9:
        check.problem(f"{_join(where, 'choices')}", "has more than 9 names; each is picked "
                      "by one digit")
    return tuple(choice.strip() for choice in choices)


def _parse_themes(check: _Checker, data: dict[str, Any]) -> tuple[Theme, ...]:
    if "themes" not in data:
        check.problem("", "missing 'themes'")
    elif data["themes"] == []:
        check.problem("themes", "is empty; a pack needs at least one theme")
    themes, seen_themes, seen_wordings = [], {}, {}
    for where, table in check.tables(data, "themes", ""):
        check.unknown_keys(table, _THEME_FIELDS, where)
        key = check.key(table, "key", where)
        check.unique(seen_themes, key, where, "theme key")
        title, why = check.text(table, "title", where), check.text(table, "why", where)
        forward = table.get("forward", False)
        if not isinstance(forward, bool):
            check.problem(f"{where}.forward", f"should be true or false, not {_describe(forward)}")
        if "prompts" not in table:
            check.problem(where, "missing 'prompts'")
        elif table["prompts"] == []:
            check.problem(f"{where}.prompts", "is empty; a theme needs at least one wording")
        wordings = []
        for prompt_where, prompt in check.tables(table, "prompts", where):
            check.unknown_keys(prompt, _WORDING_FIELDS, prompt_where)
            wording_key = check.key(prompt, "key", prompt_where)
            check.unique(seen_wordings, wording_key, prompt_where, "wording key")
            wordings.append(Wording(wording_key, check.text(prompt, "text", prompt_where)))
        themes.append(Theme(key, title, why, tuple(wordings), forward is True,
                            _parse_choices(check, table, where)))

    forward_at = [f"themes[{i}]" for i, theme in enumerate(themes) if theme.forward]
    if len(forward_at) > 1:
        check.problem("themes", "only one theme can have forward = true (found "
                      f"{', '.join(forward_at)})")
    elif forward_at and not themes[-1].forward:
        check.problem(f"{forward_at[0]}.forward", "the carry-forward theme must be the last theme")
    return tuple(themes)


_SIGNPOSTING_FIELDS = ("title", "text", "people", "crisis")


def _parse_signposting(check: _Checker, data: dict[str, Any]) -> dict[str, Any]:
    """Where to turn when a sign shows in the trends: text only, checked field by field."""
    signposting = data.get("signposting", {})
    if not isinstance(signposting, dict):
        check.problem("signposting", f"should be a table ([signposting]), not "
                      f"{_describe(signposting)}")
        return {}
    check.unknown_keys(signposting, _SIGNPOSTING_FIELDS, "signposting")
    for name in ("title", "text", "crisis"):
        check.optional_text(signposting, name, "signposting")
    people = signposting.get("people", [])
    if not isinstance(people, list) or not all(
            isinstance(line, str) and line.strip() for line in people):
        check.problem("signposting.people", "should be an array of non-empty text lines")
    return signposting


def _parse_rules(check: _Checker, data: dict[str, Any]) -> tuple[dict[str, Any], ...]:
    """The pattern rules of `kj trends`; every number is checked against its kind."""
    from kindjournal.reflect.rule_kinds import (
        RULE_KINDS,
        SIGNAL_GROUPS,
        SIGNAL_RULES,
        SUMMARIES,
        SUMMARY_RULES,
    )

    rules, seen = [], {}
    for where, table in check.tables(data, "rules", ""):
        key = check.key(table, "key", where)
        check.unique(seen, key, where, "rule key")
        kind = check.text(table, "kind", where)
        if kind and kind not in RULE_KINDS:
            import difflib  # only when there is a mistake to suggest a fix for

            close = difflib.get_close_matches(kind, list(RULE_KINDS), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            check.problem(f"{where}.kind", f"'{kind}' is not a kind of rule{hint}; use one "
                          f"of: {', '.join(RULE_KINDS)}")
        if kind not in RULE_KINDS:
            continue
        numbers = RULE_KINDS[kind]
        extra = (("signals",) if kind in SIGNAL_RULES else ()) + (
            ("summary",) if kind in SUMMARY_RULES else ())
        check.unknown_keys(table, ("key", "kind", *extra, *numbers), where)
        for name, (default, lowest, highest) in numbers.items():
            value = table.get(name)
            if value is None:
                continue
            fraction = isinstance(default, float)  # e.g. min_drop = 0.5 on the 0-4 scale
            allowed, words = (int | float, "a number") if fraction else (int, "a whole number")
            if isinstance(value, bool) or not isinstance(value, allowed):
                check.problem(f"{where}.{name}", f"should be {words}, not {_describe(value)}")
            elif not lowest <= value <= highest:
                check.problem(f"{where}.{name}", f"{value} should be from {lowest} to {highest}")
        if kind == "often-high" and isinstance(table.get("times"), int) and isinstance(
                table.get("of_last"), int) and table["times"] > table["of_last"]:
            check.problem(f"{where}.times", "should not be more than 'of_last'")
        signals = table.get("signals")
        if signals is not None and not (
                signals in SIGNAL_GROUPS or (isinstance(signals, list) and signals and all(
                    isinstance(item, str) and KEY_PATTERN.fullmatch(item) for item in signals))):
            check.problem(f"{where}.signals", "should be 'strain', 'resource' or an array "
                          "of signal keys")
        elif isinstance(signals, list) and isinstance(data.get("signals"), list):
            known = {item.get("key") for item in data["signals"]
                     if isinstance(item, dict) and isinstance(item.get("key"), str)}
            for unknown in (key for key in signals if key not in known):
                check.problem(f"{where}.signals", f"'{unknown}' is not one of this pack's "
                              "signals")
        summary = table.get("summary")
        if summary is not None and summary not in SUMMARIES:
            check.problem(f"{where}.summary", "should be 'strain' or 'resources'")
        if kind == "level" and summary is None:
            check.problem(where, "missing 'summary' ('strain' or 'resources'): a level "
                          "rule needs to know which score it watches")
        rules.append(table)
    return tuple(rules)


def parse_pack(text: str, source_name: str, *, expected_name: str | None = None) -> Pack:
    """Read and validate a pack's TOML, raising PackError with every problem found.

    ``source_name`` starts each problem line; ``expected_name`` (the file stem) is
    what ``name`` must equal when the pack comes from a file.
    """
    import tomllib  # here: a pack from the cache (pack_cache.py) needs no parsing

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:  # its message carries "(at line N, column M)"
        raise PackError(f"{source_name}: not valid TOML: {exc}") from None

    check = _Checker(source_name)
    check.unknown_keys(data, _PACK_FIELDS, "")
    name = check.key(data, "name", "")
    if name and expected_name is not None and name != expected_name:
        check.problem("name", f"'{name}' should match the file name '{expected_name}.toml'; "
                      "rename the file or change the name")
    title = check.text(data, "title", "")
    description = check.text(data, "description", "")
    intro = check.optional_text(data, "intro", "")
    outro = check.optional_text(data, "outro", "")
    signals = _parse_signals(check, data)
    themes = _parse_themes(check, data)
    signposting = _parse_signposting(check, data)
    rules = _parse_rules(check, data)

    if check.problems:
        raise PackError(check.problems)
    return Pack(name, title, description, intro, signals, themes, signposting, rules,
                source=source_name, outro=outro)
