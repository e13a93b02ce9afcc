"""Typer's parsing errors (it raises its vendored Click's exceptions: a number out of
range, a word where a number goes, a missing argument, an unknown option or command)
said in kj's own words, as one line, instead of Click's "0 is not in the range x>=1".

Imported only when such an error happens, so a run that parses cleanly never pays for it.
The exceptions are recognised by the attributes Typer gives them (`param`, `option_name`,
`ctx`), so nothing here reaches into Typer's private modules.
"""

from __future__ import annotations

import re
from difflib import get_close_matches


def is_usage_problem(error: BaseException) -> bool:
    """An error from reading the command line (Click's UsageError family)."""
    return (hasattr(error, "format_message") and hasattr(error, "ctx")
            and getattr(error, "exit_code", None) == 2)


def _command(error) -> str:
    ctx = getattr(error, "ctx", None)
    return ctx.command_path if ctx is not None else "kj"


def _option_name(param) -> str:
    names = [name for name in getattr(param, "opts", []) if name.startswith("--")]
    if names:
        return names[0]
    return (getattr(param, "name", None) or "it").upper()


def _given(message: str) -> str:
    """The value the person typed, as Click's message quotes it."""
    match = re.match(r"\s*'?(.*?)'? is not", message)
    return match.group(1) if match else ""


def _bounds(param_type) -> str:
    low, high = getattr(param_type, "min", None), getattr(param_type, "max", None)
    if low is not None and high is not None:
        return f"a whole number from {low} to {high}"
    if low is not None:
        return f"a whole number, {low} or more"
    if high is not None:
        return f"a whole number, {high} or less"
    return "a whole number"


def _bad_value(error, param) -> str:
    name = _option_name(param)
    param_type = getattr(param, "type", None)
    type_name = getattr(param_type, "name", "")
    given = _given(error.message)
    what = f"'{given}'" if given else "that"
    if "int" in type_name:
        return f"{name} takes {_bounds(param_type)}; {what} is not one."
    if "float" in type_name:
        return f"{name} takes a number, like 7.5; {what} is not one."
    choices = getattr(param_type, "choices", None)
    if choices:
        listed = ", ".join(str(choice) for choice in choices)
        return f"{name} takes one of {listed}; {what} is not one."
    return f"{name}: {error.message}"


def _missing(error, param) -> str:
    helped = (getattr(param, "help", None) or "").strip().rstrip(".")
    if helped:
        return f"{_command(error)} needs {helped[0].lower()}{helped[1:]}."
    return (f"{_command(error)} needs {_option_name(param)}; '{_command(error)} --help' "
            "shows how to use it.")


def in_own_words(error) -> str:
    """One line saying what was wrong with the command line and how to put it right."""
    param = getattr(error, "param", None)
    kind = type(error).__name__
    if kind == "MissingParameter" and param is not None:
        return _missing(error, param)
    if param is not None:
        return _bad_value(error, param)
    if kind == "NoSuchOption":
        option = getattr(error, "option_name", "")
        closest = get_close_matches(option, getattr(error, "possibilities", None) or [], n=1)
        hint = f" Did you mean {closest[0]}?" if closest else ""
        return (f"{_command(error)} has no option {option}.{hint} '{_command(error)} --help' "
                "lists them.")
    message = error.format_message().strip()
    if message.startswith("There is no command"):
        return message
    return f"{message} ('{_command(error)} --help' shows how to use it.)"


def unknown_command(typed: str, known: list[str], parent: str = "kj") -> str:
    """The closest command only, or where to see them all."""
    closest = get_close_matches(typed, known, n=1, cutoff=0.6)
    if closest:
        return f"There is no command '{typed}'. Did you mean '{parent} {closest[0]}'?"
    return f"There is no command '{typed}'. '{parent} --help' lists them."
