"""The scenario library (tests/scenarios/*.toml): invented journals a supervisor would
recognise, each with the signs and directions `kj trends` must and must not give.
docs/trends.md tells each rule's story with one of them."""

import pytest
import scenario_journals as library

SCENARIOS = library.scenario_files()


def test_the_library_holds_at_least_twelve_stories():
    assert len(SCENARIOS) >= 12
    for path in SCENARIOS:
        scenario = library.load(path)
        assert scenario["story"] and scenario["runs"] and "expect" in scenario, path.name


@pytest.mark.parametrize("path", SCENARIOS, ids=[path.stem for path in SCENARIOS])
def test_scenario(path):
    scenario = library.load(path)
    expect = scenario["expect"]
    found = library.outcome(scenario)
    signs = set(found["signs"])
    for sign in expect.get("signs", []):
        assert sign in signs, f"{path.stem}: expected the sign {sign}, got {sorted(signs)}"
    if expect.get("signs") == []:
        assert not signs, f"{path.stem}: expected no sign, got {sorted(signs)}"
    for sign in expect.get("no_signs", []):
        assert sign not in signs, f"{path.stem}: {sign} should not fire"
    for name in ("strain", "resources"):
        if name in expect:
            assert found[name] == expect[name], f"{path.stem}: {name} says {found[name]}"
    printed = " ".join(found["text"].split())  # line wrapping undone
    for text in expect.get("says", []):
        assert text in printed, f"{path.stem}: should say {text!r}"
    for text in ["-0.0", "-0 ", "W1", "W2", "W3", "W4", "W5"] + expect.get("never_says", []):
        assert text not in printed, f"{path.stem}: should never say {text!r}"


def test_every_direction_word_agrees_with_its_printed_change():
    """The same printed change always gets the same word, for every scenario and row."""
    from kindjournal.trends import maths

    for path in SCENARIOS:
        report = library.outcome(library.load(path))["report"]
        for line in [*report["signals"], report["strain"], report["resources"]]:
            if not line["compared"]:
                assert line["change"] is None and line["direction"] == ""
                continue
            on_score = line in (report["strain"], report["resources"])
            polarity = line.get("polarity", "strain" if line is report["strain"]
                                else "resource")
            steady = maths.STEADY_BELOW * (maths.SCORE_PER_POINT if on_score else 1)
            assert (line["direction"], line["meaning"]) == maths.direction(
                line["change"], polarity, steady)
            assert line["days"] >= maths.MIN_COMPARE_DAYS
            assert line["previous_days"] >= maths.MIN_COMPARE_DAYS
