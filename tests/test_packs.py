"""Prompt packs: the shipped content, validation messages, discovery and rotation."""

from __future__ import annotations

import difflib
import itertools
import random
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kindjournal.reflect.pack_format import parse_pack
from kindjournal.reflect.packs import (
    DEFAULT_PACK,
    Pack,
    PackError,
    Theme,
    Wording,
    builtin_prompts_dir,
    checkin_signals,
    choose_wordings,
    discover_packs,
    load_pack,
    load_pack_file,
    pack_dirs,
)

STRAIN = ["exhaustion", "detachment", "dread"]
RESOURCE = ["recovery", "connection", "difference", "agency", "support", "right-care"]
THEMES = ["person", "contribution", "agency", "skills", "hard", "colleagues", "forward"]
INVITATIONS = ("Describe", "Name", "Think", "Tell", "Imagine", "Picture", "Write")

MINIMAL = """\
name = "mine"
title = "My pack"
description = "A small pack for testing."

[[themes]]
key = "one"
title = "One"
why = "Because."
[[themes.prompts]]
key = "one-a"
text = "What did you notice?"
"""


@pytest.fixture(scope="module")
def after_shift() -> Pack:
    return load_pack_file(builtin_prompts_dir() / f"{DEFAULT_PACK}.toml")


def all_wordings(pack: Pack) -> list[Wording]:
    return [wording for theme in pack.themes for wording in theme.wordings]


def problems_of(text: str, source_name: str = "test.toml") -> list[str]:
    with pytest.raises(PackError) as caught:
        parse_pack(text, source_name)
    assert str(caught.value) == "\n".join(caught.value.problems)
    return caught.value.problems


# --- the shipped after-shift pack -----------------------------------------------------


def test_after_shift_loads_as_built_in(after_shift):
    assert after_shift.name == "after-shift"
    assert after_shift.source == "built-in"
    assert after_shift.title and after_shift.description


def test_after_shift_signals(after_shift):
    assert [signal.key for signal in after_shift.signals] == STRAIN + RESOURCE
    for signal in after_shift.signals:
        expected = "strain" if signal.key in STRAIN else "resource"
        assert signal.polarity == expected
        assert len(signal.question.split()) <= 15
        assert len(signal.low.split()) <= 3 and len(signal.high.split()) <= 3


def test_after_shift_themes(after_shift):
    assert [theme.key for theme in after_shift.themes] == THEMES
    assert after_shift.forward_theme is after_shift.themes[-1]
    assert [theme.forward for theme in after_shift.themes] == [False] * 6 + [True]
    assert after_shift.theme("hard").key == "hard"
    with pytest.raises(KeyError):
        after_shift.theme("nope")
    for theme in after_shift.themes:
        assert theme.title and theme.why
        assert len(theme.wordings) >= 5, theme.key


def test_after_shift_wordings_are_short_personal_questions(after_shift):
    for wording in all_wordings(after_shift):
        text = wording.text
        assert len(text.split()) <= 30, wording.key
        assert re.search(r"\byou", text, re.IGNORECASE), wording.key
        assert text.endswith("?") or text.startswith(INVITATIONS), wording.key
        assert wording.key.startswith(("person", "contribution", "agency", "skills", "hard",
                                       "colleagues", "forward"))


def test_after_shift_wordings_are_all_different(after_shift):
    texts = [wording.text.lower() for wording in all_wordings(after_shift)]
    for first, second in itertools.combinations(texts, 2):
        ratio = difflib.SequenceMatcher(None, first, second).ratio()
        assert ratio < 0.8, (first, second, ratio)


# --- validation -----------------------------------------------------------------------


def test_minimal_pack_parses():
    pack = parse_pack(MINIMAL, "mine.toml")
    assert pack.signals == () and pack.intro is None
    wording = Wording("one-a", "What did you notice?")
    assert pack.themes == (Theme("one", "One", "Because.", (wording,), False),)
    assert pack.forward_theme is None and pack.signposting == {} and pack.rules == ()


def test_signposting_and_rules_pass_through():
    # Checked since kj trends uses them (tests/test_trends_cli.py has the problems), but
    # kept as the pack wrote them.
    text = MINIMAL + """
[signposting]
title = "Help"
crisis = "Call 999."
people = ["Your manager."]

[[rules]]
key = "often"
kind = "often-high"
at_least = 2
[[rules]]
key = "quiet"
kind = "gap-after-regular"
"""
    pack = parse_pack(text, "mine.toml")
    assert pack.signposting == {"title": "Help", "crisis": "Call 999.",
                                "people": ["Your manager."]}
    assert pack.rules == ({"key": "often", "kind": "often-high", "at_least": 2},
                          {"key": "quiet", "kind": "gap-after-regular"})


def test_bad_toml_names_file_and_line():
    (problem,) = problems_of('name = "x"\ntitle = \n', "broken.toml")
    assert problem.startswith("broken.toml: ")
    assert "line 2" in problem


def test_missing_and_empty_fields_reported_together():
    text = """\
name = "mine"
description = ""
[[themes]]
key = "one"
why = "Because."
[[themes.prompts]]
key = "one-a"
[[themes]]
key = "two"
title = "Two"
why = 3
[[themes.prompts]]
key = "two-a"
text = "What?"
"""
    problems = problems_of(text, "mine.toml")
    assert problems == [
        "mine.toml: missing 'title'",
        "mine.toml: description: is empty",
        "mine.toml: themes[0]: missing 'title'",
        "mine.toml: themes[0].prompts[0]: missing 'text'",
        "mine.toml: themes[1].why: should be text, not a number",
    ]


def test_missing_themes():
    assert problems_of('name = "x"\ntitle = "X"\ndescription = "X"\n') == [
        "test.toml: missing 'themes'"]


def test_duplicate_keys_are_reported():
    text = MINIMAL + """
[[themes.prompts]]
key = "one-a"
text = "Again?"
[[themes]]
key = "one"
title = "One again"
why = "Because."
[[themes.prompts]]
key = "one-a"
text = "And again?"

[[signals]]
key = "tired"
question = "How tired?"
low = "not"
high = "very"
polarity = "strain"
[[signals]]
key = "tired"
question = "How tired, again?"
low = "not"
high = "very"
polarity = "strain"
"""
    problems = problems_of(text, "mine.toml")
    assert "mine.toml: signals[1].key: duplicate signal key 'tired' (also signals[0])" in problems
    assert "mine.toml: themes[1].key: duplicate theme key 'one' (also themes[0])" in problems
    assert ("mine.toml: themes[0].prompts[1].key: duplicate wording key 'one-a' "
            "(also themes[0].prompts[0])") in problems
    # Wording keys are unique across the whole pack, not only within a theme.
    assert ("mine.toml: themes[1].prompts[0].key: duplicate wording key 'one-a' "
            "(also themes[0].prompts[0])") in problems
    assert len(problems) == 4


def test_empty_pools_and_bad_polarity():
    text = """\
name = "mine"
title = "Mine"
description = "Mine."
signals = []
[[themes]]
key = "one"
title = "One"
why = "Because."
prompts = []
[[themes]]
key = "two"
title = "Two"
why = "Because."
"""
    problems = problems_of(text, "mine.toml")
    assert any(p.startswith("mine.toml: signals: is empty") for p in problems)
    assert any(p.startswith("mine.toml: themes[0].prompts: is empty") for p in problems)
    assert "mine.toml: themes[1]: missing 'prompts'" in problems

    bad_polarity = MINIMAL + """
[[signals]]
key = "tired"
question = "How tired?"
low = "not"
high = "very"
polarity = "bad"
"""
    (problem,) = problems_of(bad_polarity, "mine.toml")
    assert problem.startswith("mine.toml: signals[0].polarity: 'bad' should be 'strain'")


def test_unknown_keys_are_caught_with_a_hint():
    text = MINIMAL.replace('why = "Because."', 'why = "Because."\ntittle = "x"').replace(
        'description =', 'extra = 1\ndescription =') + """
[[signals]]
key = "tired"
question = "How tired?"
low = "not"
high = "very"
polartiy = "strain"
"""
    problems = problems_of(text, "mine.toml")
    assert "mine.toml: unknown key 'extra'" in problems
    assert "mine.toml: themes[0]: unknown key 'tittle' (did you mean 'title'?)" in problems
    assert "mine.toml: signals[0]: unknown key 'polartiy' (did you mean 'polarity'?)" in problems
    assert "mine.toml: signals[0]: missing 'polarity'" in problems
    text = MINIMAL.replace('text = "What did you notice?"', 'text = "What?"\nhint = "x"')
    assert problems_of(text) == ["test.toml: themes[0].prompts[0]: unknown key 'hint'"]


def test_wrong_types_and_forward_rules():
    text = """\
name = "Mine Pack"
title = "Mine"
description = "Mine."
signposting = "call someone"
signals = "none"
[themes]
key = "one"
"""
    problems = problems_of(text, "mine.toml")
    assert problems[0].startswith("mine.toml: name: 'Mine Pack' should use only lowercase")
    assert "mine.toml: signals: should be an array of tables ([[signals]]), not text" in problems
    assert "mine.toml: themes: should be an array of tables ([[themes]]), not a table" in problems
    assert "mine.toml: signposting: should be a table ([signposting]), not text" in problems

    first_theme = MINIMAL[MINIMAL.index("[[themes]]"):]
    forward_theme = first_theme.replace('why = "Because."', 'why = "Because."\nforward = true')
    second_theme = first_theme.replace("one", "two")
    forward_first = MINIMAL.replace(first_theme, forward_theme + second_theme)
    assert problems_of(forward_first) == [
        "test.toml: themes[0].forward: the carry-forward theme must be the last theme"]
    two_forward = MINIMAL.replace(first_theme, forward_theme + forward_theme.replace("one", "two"))
    assert problems_of(two_forward) == [
        "test.toml: themes: only one theme can have forward = true (found themes[0], themes[1])"]
    forward_last = MINIMAL.replace(first_theme, second_theme + forward_theme)
    assert parse_pack(forward_last, "t.toml").forward_theme.key == "one"
    assert problems_of(MINIMAL.replace('why = "Because."', 'why = "Because."\nforward = "yes"')) \
        == ["test.toml: themes[0].forward: should be true or false, not text"]


def test_name_must_match_file_stem(tmp_path):
    path = tmp_path / "other.toml"
    path.write_text(MINIMAL.replace('title = "My pack"', 'title = ""'), encoding="utf-8")
    with pytest.raises(PackError) as caught:
        load_pack_file(path)
    assert caught.value.problems == [
        f"{path}: name: 'mine' should match the file name 'other.toml'; rename the file or "
        "change the name",
        f"{path}: title: is empty",
    ]


# --- finding packs --------------------------------------------------------------------


def test_pack_dirs_order(tmp_path):
    assert pack_dirs(None) == [builtin_prompts_dir()]
    assert pack_dirs(tmp_path) == [builtin_prompts_dir(), tmp_path]


def test_missing_user_dir_is_fine(tmp_path):
    packs, problems = discover_packs(tmp_path / "not-there")
    assert DEFAULT_PACK in packs and problems == []
    assert load_pack(DEFAULT_PACK, tmp_path / "not-there").source == "built-in"


def test_user_pack_overrides_built_in(tmp_path):
    own = MINIMAL.replace('name = "mine"', 'name = "after-shift"')
    (tmp_path / "after-shift.toml").write_text(own, encoding="utf-8")
    (tmp_path / "mine.toml").write_text(MINIMAL, encoding="utf-8")
    packs, problems = discover_packs(tmp_path)
    assert problems == []
    assert packs["after-shift"].title == "My pack"
    assert packs["after-shift"].source == str(tmp_path / "after-shift.toml")
    assert packs["mine"].title == "My pack"
    assert load_pack("after-shift", tmp_path).title == "My pack"
    # The override has no check-in, so the built-in default's signals are used.
    assert [s.key for s in checkin_signals(packs["mine"], tmp_path)] == STRAIN + RESOURCE


def test_broken_user_pack_is_reported_and_others_load(tmp_path):
    (tmp_path / "broken.toml").write_text('name = "broken"\ntitle = "B"\n', encoding="utf-8")
    (tmp_path / "mine.toml").write_text(MINIMAL, encoding="utf-8")
    (tmp_path / ".mine.toml.swp").write_text("junk", encoding="utf-8")
    packs, problems = discover_packs(tmp_path)
    assert set(packs) >= {"mine", DEFAULT_PACK} and "broken" not in packs
    assert problems == [f"{tmp_path / 'broken.toml'}: missing 'description'",
                        f"{tmp_path / 'broken.toml'}: missing 'themes'"]
    with pytest.raises(PackError) as caught:
        load_pack("broken", tmp_path)
    assert caught.value.problems == problems


def test_broken_override_is_not_silently_replaced(tmp_path):
    (tmp_path / "after-shift.toml").write_text("name = ", encoding="utf-8")
    packs, problems = discover_packs(tmp_path)
    assert DEFAULT_PACK not in packs and len(problems) == 1
    with pytest.raises(PackError):
        load_pack(DEFAULT_PACK, tmp_path)


@pytest.mark.parametrize("name", ["nope", "../after-shift", "After-Shift", ""])
def test_unknown_pack(tmp_path, name):
    with pytest.raises(PackError) as caught:
        load_pack(name, tmp_path)
    assert str(caught.value) == (
        f"No prompt pack called '{name}'. Run 'kj prompts' to see the packs you have.")


def test_checkin_signals_prefers_the_packs_own(after_shift, tmp_path):
    assert checkin_signals(after_shift, tmp_path) is after_shift.signals


# --- rotation -------------------------------------------------------------------------


def make_pack(pool_sizes: list[int]) -> Pack:
    themes = tuple(
        Theme(f"t{t}", f"T{t}", "why", tuple(Wording(f"t{t}-w{w}", f"Q{w}?") for w in range(size)))
        for t, size in enumerate(pool_sizes))
    return Pack("p", "P", "d", None, (), themes)


def simulate(pack: Pack, last_used: dict[str, dict[str, int]], sessions: int, seed: int,
             first_id: int) -> dict[str, list[str]]:
    """Run sessions as kj would, feeding each session's choices back as the newest use."""
    rng = random.Random(seed)
    asked: dict[str, list[str]] = {theme.key: [] for theme in pack.themes}
    for entry_id in range(first_id, first_id + sessions):
        for theme_key, wording in choose_wordings(pack, last_used, rng).items():
            asked[theme_key].append(wording.key)
            last_used.setdefault(theme_key, {})[wording.key] = entry_id
    return asked


def assert_no_repeat_until_pool_used(pack: Pack, asked: dict[str, list[str]]) -> None:
    for theme in pack.themes:
        pool = len(theme.wordings)
        sequence = asked[theme.key]
        # Any run of `pool` consecutive sessions asks every wording exactly once.
        for start in range(len(sequence)):
            window = sequence[start:start + pool]
            assert len(set(window)) == len(window), (theme.key, sequence)


@settings(max_examples=60, deadline=None)
@given(pool_sizes=st.lists(st.integers(1, 8), min_size=1, max_size=4),
       sessions=st.integers(1, 30), seed=st.integers(0, 2**32 - 1))
def test_rotation_never_repeats_before_pool_is_used(pool_sizes, sessions, seed):
    pack = make_pack(pool_sizes)
    asked = simulate(pack, {}, sessions, seed, first_id=1)
    assert_no_repeat_until_pool_used(pack, asked)


@settings(max_examples=60, deadline=None)
@given(data=st.data(), sessions=st.integers(1, 20), seed=st.integers(0, 2**32 - 1))
def test_rotation_from_any_history(data, sessions, seed):
    pack = make_pack([5, 3])
    # Some wordings already asked at arbitrary old entries, plus keys from an older pack.
    last_used = {
        theme.key: data.draw(st.dictionaries(
            st.sampled_from([w.key for w in theme.wordings] + ["retired-key"]),
            st.integers(1, 100)))
        for theme in pack.themes}
    never_asked = {theme.key: {w.key for w in theme.wordings} - set(last_used[theme.key])
                   for theme in pack.themes}
    asked = simulate(pack, last_used, sessions, seed, first_id=101)
    assert_no_repeat_until_pool_used(pack, asked)
    for theme in pack.themes:
        first = asked[theme.key][:len(never_asked[theme.key])]
        assert set(first) <= never_asked[theme.key]  # the never-asked come first


def test_rotation_on_after_shift(after_shift):
    asked = simulate(after_shift, {}, 40, seed=7, first_id=1)
    assert_no_repeat_until_pool_used(after_shift, asked)
    assert set(asked) == set(THEMES)


@pytest.mark.parametrize("name", sorted(discover_packs(None)[0]))
def test_rotation_on_every_built_in_pack(name):
    pack = load_pack(name, None)
    longest_pool = max(len(theme.wordings) for theme in pack.themes)
    asked = simulate(pack, {}, 3 * longest_pool, seed=11, first_id=1)
    assert_no_repeat_until_pool_used(pack, asked)
    for theme in pack.themes:  # every wording gets its turn
        assert set(asked[theme.key]) == {wording.key for wording in theme.wordings}


def test_outro_is_optional_text():
    assert parse_pack(MINIMAL, "mine.toml").outro is None
    with_outro = MINIMAL.replace('description =', 'outro = "Take care."\ndescription =')
    assert parse_pack(with_outro, "mine.toml").outro == "Take care."
    assert problems_of(MINIMAL.replace('description =', 'outro = 3\ndescription =')) == [
        "test.toml: outro: should be text, not a number"]
