"""Where to turn: the one support list (support.toml), kj support, and graduated
signposting under the trends."""

import datetime
import json
import re
import stat

import pytest

from kindjournal.trends import support

ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def test_every_item_has_a_source_and_the_day_it_was_checked():
    for item in support.items():
        assert item["show"] in support.SHOW and item["group"] in support.GROUPS, item["key"]
        nations = item["nations"]
        assert nations == "all" or set(nations) <= set(support.NATIONS), item["key"]
        assert item["source"].strip() and ISO_DAY.fullmatch(item["checked"]), item["key"]
        datetime.date.fromisoformat(item["checked"])
        if any(char.isdigit() for char in item["text"]):  # a number must have a page
            assert item["source"].startswith("https://"), item["key"]


@pytest.mark.parametrize(("nation", "must", "must_not"), [
    ("england", ["NHS 111", "Freedom to Speak Up", "116 123", "85258"], ["NHS 24", "Lifeline"]),
    ("wales", ["NHS 111 Wales", "116 123"], ["NHS 24", "Lifeline", "Freedom to Speak Up"]),
    ("scotland", ["NHS 24 on 111", "116 123"], ["NHS 111,", "Lifeline"]),
    ("northern-ireland", ["Lifeline: call 0808 808 8000", "GP out-of-hours", "116 123"],
     ["NHS 111,", "NHS 24"]),
])
def test_kj_support_shows_the_nations_own_services(kj, nation, must, must_not):
    text = kj("support", "--nation", nation).stdout
    for words in must:
        assert words in text
    for words in must_not:
        assert words not in text


def test_the_nation_is_asked_once_and_remembered(kj, isolated_home):
    first = kj("support", "--nation", "Northern Ireland")
    assert "in Northern Ireland" in first.stdout
    settings = isolated_home / "settings.json"
    assert json.loads(settings.read_text())["nation"] == "northern-ireland"
    assert stat.S_IMODE(settings.stat().st_mode) == 0o600
    again = kj.json("support")
    assert again["nation"] == "northern-ireland"


def test_without_a_nation_every_nations_line_is_labelled(kj):
    text = kj("support").stdout
    assert "In Scotland: NHS 24" in text and "In Northern Ireland: Lifeline" in text
    assert "--nation" in text


def test_an_unknown_nation_is_a_usage_error_and_nothing_is_saved(kj, isolated_home):
    result = kj("support", "--nation", "Narnia", expect=2)
    assert result.stderr.startswith("kj: 'Narnia' is not a UK nation")
    assert not (isolated_home / "settings.json").exists()


def _flag(kind):
    return {"kind": kind, "rule": kind}


def test_signposting_is_graduated():
    calm = support.signposting({}, [], "england")
    one = support.signposting({}, [_flag("often-high")], "england")
    weeks = support.signposting({}, [_flag("level")], "england")
    several = support.signposting({}, [_flag("often-high"), _flag("lowest-for")], "england")
    assert (calm["level"], one["level"], weeks["level"], several["level"]) == (0, 1, 2, 2)
    assert any("116 123" in line for line in calm["crisis"])  # the crisis line, always
    assert not calm["people"]
    assert any("supervisor" in line for line in one["people"])
    assert not any("Occupational health" in line for line in one["people"])
    for sign in (weeks, several):
        text = " ".join(sign["people"])
        assert "Occupational health" in text and "GP" in text and "assistance" in text
        assert "NHS 111" in text


def test_a_packs_own_lines_are_kept_beside_the_shared_list():
    sign = support.signposting({"title": "Our support", "people": ["Our EAP: 0800 000 000"]},
                               [_flag("often-high")], "wales")
    assert sign["title"] == "Our support" and "Our EAP: 0800 000 000" in sign["people"]


def test_every_pack_uses_the_one_list(kj):
    """No built-in pack carries its own phone numbers in [signposting]."""
    from kindjournal.reflect.packs import builtin_prompts_dir, load_pack_file

    for path in builtin_prompts_dir().glob("*.toml"):
        signposting = load_pack_file(path).signposting
        text = json.dumps(signposting)
        assert not re.search(r"\d{3}", text), f"{path.name} carries a number of its own"
        assert "crisis" not in signposting, path.name
