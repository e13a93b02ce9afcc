"""Fuzzing the parsers that read what people (and their files) give kj.

Whatever goes in, only our own error types may come out: a UsageError (one line)
from the --from parser, a DateError from the date language, a PackError from the
pack loader. Anything else would reach the person as a traceback.
"""

from __future__ import annotations

import json
import random
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kindjournal.dates import DateError, parse_day, parse_period
from kindjournal.errors import KindJournalError
from kindjournal.reflect.from_file import ENTRY_KEYS, PackLookup, decode_entries, parse_entries
from kindjournal.reflect.pack_format import parse_pack
from kindjournal.reflect.packs import PackError, builtin_prompts_dir

TODAY = date(2026, 11, 23)
FUZZ = settings(max_examples=300, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])

json_scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner,
                                                                 max_size=4),
    max_leaves=12,
)
# Entries that are nearly right: real field names and theme/signal keys, any values.
THEMES = ["person", "contribution", "agency", "skills", "hard", "colleagues", "forward",
          "nobody"]
SIGNALS = ["exhaustion", "support", "happiness"]
near_entries = st.fixed_dictionaries({}, optional={
    "date": st.sampled_from(["yesterday", "31/02", "2026-02-29", "3/11", "last fri", "0/0",
                             "2026-13-01", "9999-12-31", ""]) | json_values,
    "shift": st.sampled_from(["day", "night", "Long Day", "tea"]) | json_values,
    "pack": st.sampled_from(["after-shift", "nope", "", "../x"]) | json_values,
    "checkin": st.dictionaries(st.sampled_from(SIGNALS), st.integers(-2, 6) | json_values,
                               max_size=3) | json_values,
    "answers": st.dictionaries(st.sampled_from(THEMES), st.text(max_size=20) | json_values,
                               max_size=3)
    | st.lists(st.fixed_dictionaries({"theme": st.sampled_from(THEMES),
                                      "answer": st.text(max_size=10) | json_values}), max_size=3)
    | json_values,
    "tags": st.lists(st.text(max_size=8), max_size=3) | json_values,
    "share": st.booleans() | json_values,
    "supervision": st.booleans() | json_values,
    "status": st.sampled_from(["complete", "draft", "done"]) | json_values,
    "uuid": st.uuids().map(str) | json_values,
    "actions": st.lists(st.fixed_dictionaries({"text": st.text(max_size=10) | json_values},
                                              optional={"status": json_values}), max_size=2)
    | json_values,
    "extra": json_values,
})

PACKS = PackLookup(None)


def only_usage_errors(raw: bytes) -> None:
    try:
        parse_entries(decode_entries(raw, "fuzz.json"), PACKS, TODAY)
    except KindJournalError as error:
        assert error.exit_code == 2
        assert "\n" not in error.message
        assert error.message.strip()


@FUZZ
@given(st.binary(max_size=300))
def test_from_parser_on_any_bytes(raw):
    only_usage_errors(raw)


@FUZZ
@given(json_values)
def test_from_parser_on_any_json(value):
    only_usage_errors(json.dumps(value).encode())


@pytest.mark.slow
@FUZZ
@given(st.lists(near_entries, min_size=1, max_size=3), st.booleans())
def test_from_parser_on_nearly_right_entries(entries, as_lines):
    if as_lines:
        raw = "\n".join(json.dumps(entry) for entry in entries).encode()
    else:
        raw = json.dumps(entries).encode()
    only_usage_errors(raw)
    assert set().union(*entries) - {"extra"} <= ENTRY_KEYS


DATE_WORDS = ["last", "next", "night", "yesterday", "today", "ago", "days", "weeks", "mon",
              "friday", "feb", "31", "29", "0", "/", "-", "2026", "99999", " ", "to", "since",
              "this", "week", "month", "of", "3rd", "the"]


@FUZZ
@given(st.lists(st.sampled_from(DATE_WORDS), max_size=6).map("".join) | st.text(max_size=30),
       st.dates(min_value=date(1900, 1, 1), max_value=date(9999, 12, 30)))
def test_date_language_only_raises_date_error(text, today):
    for parse in (parse_day, parse_period):
        try:
            parse(text, today)
        except DateError as error:
            assert "\n" not in str(error)


AFTER_SHIFT_LINES = (builtin_prompts_dir() / "after-shift.toml").read_text().splitlines()


@FUZZ
@given(st.randoms(use_true_random=False),
       st.lists(st.text(max_size=20), max_size=3))
def test_pack_loader_only_raises_pack_error(rng: random.Random, noise):
    """The shipped pack with lines dropped, doubled, swapped and noise added."""
    lines = list(AFTER_SHIFT_LINES)
    for _ in range(rng.randrange(1, 6)):
        position = rng.randrange(len(lines))
        action = rng.choice(["drop", "double", "swap", "noise", "value"])
        if action == "drop":
            del lines[position]
        elif action == "double":
            lines.insert(position, lines[position])
        elif action == "swap":
            other = rng.randrange(len(lines))
            lines[position], lines[other] = lines[other], lines[position]
        elif action == "noise" and noise:
            lines.insert(position, rng.choice(noise))
        elif "=" in lines[position]:
            key = lines[position].split("=")[0]
            lines[position] = key + "= " + rng.choice(['3', 'true', '[]', '""', '{}', '1979-05-27',
                                                       '"x"', '[1, "a"]'])
    try:
        parse_pack("\n".join(lines), "fuzz.toml", expected_name="after-shift")
    except PackError as error:
        assert error.problems and all("\n" not in problem for problem in error.problems)


@FUZZ
@given(st.text(max_size=200))
def test_pack_loader_on_any_text(text):
    try:
        parse_pack(text, "fuzz.toml")
    except PackError:
        pass
