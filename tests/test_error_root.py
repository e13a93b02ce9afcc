"""One error root: date and pack errors are KindJournalErrors, so commands let them reach
the one exit point as they are, and people see the same line and exit code as before."""

from __future__ import annotations

from datetime import date

import pytest

from kindjournal.dates import DateError, parse_day
from kindjournal.errors import USAGE, KindJournalError, UsageError
from kindjournal.reflect.packs import PackError

EXAMPLES = "Try 'yesterday', 'last friday', '3/11' or '2026-11-03'."


def test_date_and_pack_errors_are_usage_errors():
    assert issubclass(DateError, UsageError) and issubclass(PackError, UsageError)
    assert issubclass(UsageError, KindJournalError)
    with pytest.raises(DateError) as caught:
        parse_day("31/02", date(2026, 11, 3))
    assert caught.value.exit_code == USAGE
    assert caught.value.message == str(caught.value) == "'31/02' is not a real date."


def test_a_pack_error_shows_its_first_problem_and_keeps_them_all():
    error = PackError(["a.toml: title: should be text", "a.toml: missing 'why'"])
    assert error.message == "a.toml: title: should be text"
    assert error.problems == ["a.toml: title: should be text", "a.toml: missing 'why'"]
    assert str(error) == "a.toml: title: should be text\na.toml: missing 'why'"
    assert error.exit_code == USAGE


@pytest.mark.parametrize("args, line", [
    (["reflect", "--date", "31/02"], "'31/02' is not a real date."),
    (["reflect", "--pack", "nope"],
     "No prompt pack called 'nope'. Run 'kj prompts' to see the packs you have."),
    (["prompts", "show", "nope"],
     "No prompt pack called 'nope'. Run 'kj prompts' to see the packs you have."),
    # One --since/--until parser for every command: it names the option, as kj list did.
    (["trends", "--since", "blursday"],
     f"--since: Could not read 'blursday' as a date. {EXAMPLES}"),
    (["trends", "--until", "32/13"], "--until: '32/13' is not a real date."),
    (["supervision", "record", "--date", "blursday"],
     f"Could not read 'blursday' as a date. {EXAMPLES}"),
])
def test_commands_show_date_and_pack_errors_as_one_line_exit_2(kj, args, line):
    result = kj(*args, expect=2)
    assert result.stderr == f"kj: {line}\n"
    assert result.stdout == ""


def test_a_broken_own_pack_shows_its_first_problem(kj, isolated_home):
    folder = isolated_home / "prompts"
    folder.mkdir(parents=True)
    (folder / "bad.toml").write_text('name = "bad"\ntitle = 3\n[[themes]]\nkey = "x"\n')
    for args in (["prompts", "show", "bad"], ["reflect", "--pack", "bad"]):
        result = kj(*args, expect=2)
        assert result.stderr == f"kj: {folder / 'bad.toml'}: title: should be text, not a number\n"
