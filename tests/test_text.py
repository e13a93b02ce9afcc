"""The one home of text formatting (text.py) and the one --since/--until parser."""

import ast
import datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kindjournal import dates, text
from kindjournal.errors import UsageError

SRC = Path(__file__).resolve().parents[1] / "src" / "kindjournal"


def test_dates_in_each_form_people_see():
    day = datetime.date(2026, 9, 7)
    assert text.weekday_date(day) == "Mon 7 Sep 2026"
    assert text.weekday_date("2026-11-20") == "Fri 20 Nov 2026"
    assert text.short_date(day) == "7 Sep 2026"
    assert text.day_month(day) == "7 Sep"
    assert text.month_year(day) == "Sep 2026"
    assert text.span("2026-10-28", "2026-11-20") == "28 Oct to 20 Nov 2026"


@pytest.mark.parametrize(("value", "places", "signed", "shown"), [
    (-0.04, 1, True, "0.0"), (-0.04, 1, False, "0.0"), (-0.4, 0, True, "0"),
    (0.25, 1, True, "+0.2"), (-1.26, 1, True, "-1.3"), (None, 1, True, "–"), (12.0, 0, False, "12"),
])
def test_one_number_format_never_minus_zero(value, places, signed, shown):
    assert text.number(value, places, signed) == shown


def test_html_page_never_says_minus_zero():
    """The HTML trends page printed '-0.0 steady' where the terminal said '0.0'."""
    from kindjournal.trends.html import render_html

    line = {"mean": 2.0, "previous_mean": 2.04, "change": -0.04, "direction": "steady",
            "meaning": ""}
    report = {"period": {"since": "2026-09-01", "until": "2026-11-23", "by": "week",
                         "previous": {"since": "2026-06-09", "until": "2026-08-31"}},
              "buckets": [], "signals": [{"key": "support", "question": "q", "low": "a",
                                          "high": "b", "polarity": "resource", "values": [],
                                          "ratings": 3, **line}],
              "strain": {**line, "mean": 40.0, "change": -0.4, "values": []},
              "resources": {**line, "mean": 40.0, "change": -0.3, "values": []},
              "entries": 3, "checkins": 3, "flags": [], "signposting": None,
              "themes": {"entries": 3, "supervision": 0, "share": 0, "drafts": 0, "tags": [],
                         "by_shift": []}}
    assert "-0" not in render_html(report)


def test_signal_name_is_the_same_everywhere():
    assert text.signal_name("right-care") == "Right care"
    assert text.signal_name("time_off") == "Time off"


def test_one_since_until_parser_names_the_option():
    today = datetime.date(2026, 11, 27)
    assert dates.read_since_until("2026-09", None, today) == (datetime.date(2026, 9, 1), None)
    with pytest.raises(UsageError, match="^--until: "):
        dates.read_since_until(None, "someday", today)
    with pytest.raises(UsageError, match="is after --until"):
        dates.read_since_until("2026-11-01", "2026-10-01", today)


def test_no_command_imports_another_command():
    for path in (SRC / "commands").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                imported = node.module
                if imported.startswith("kindjournal.commands."):
                    assert imported.split(".")[2] in ("common", "filter_options"), (
                        f"{path.name} imports {imported}")


def test_since_option_declared_once():
    declared = [path.name for path in (SRC / "commands").glob("*.py")
                if "SinceOpt = Annotated" in path.read_text(encoding="utf-8")]
    assert declared == ["filter_options.py"]


def test_trends_bad_since_is_a_usage_error(kj):
    result = kj("trends", "--since", "someday", expect=2)
    assert result.stderr.startswith("kj: --since: ")


_CONTROL_HEAVY = st.text(alphabet=st.one_of(
    st.characters(max_codepoint=0x2FF), st.sampled_from(
        "\u061c\u200e\u200f\u202a\u202e\u2066\u2069\u2028\u2029·—")), max_size=12)


@settings(max_examples=400, deadline=None)
@given(_CONTROL_HEAVY, st.booleans())
def test_visible_skips_only_text_with_nothing_to_replace(typed, one_line):
    # visible() returns text untouched when nothing in it needs a stand-in (the export's
    # fast path); it must replace exactly what the full table replaces.
    table = text._ONE_LINE if one_line else text._KEEP_LINES
    assert text.visible(typed, one_line=one_line) == typed.translate(table)
