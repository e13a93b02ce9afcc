"""The prompt packs through the CLI: reflecting with each, the hard-day offer, and writing
your own pack with 'kj prompts new' and 'kj prompts check'."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from kindjournal.files import user_prompts_dir
from kindjournal.reflect.pack_authoring import template
from kindjournal.reflect.packs import DEFAULT_PACK, discover_packs, load_pack

BUILT_IN = discover_packs(None)[0]
CHECKIN_LENGTH = len(BUILT_IN[DEFAULT_PACK].signals)
CALM_CHECKIN = ["1", "0", "1", "3", "3", "3", "3", "3", "3"]  # low strain: no pack is offered
HEAVY_CHECKIN = ["4", "3", "3", "1", "1", "1", "1", "1", "1"]


def typed(ratings: list[str], answers: list[str], *, before_answers: list[str] = (),
          tags: str = "") -> str:
    """What a person types: ratings, any reply to an offer, one line per answer, tags."""
    lines = [*ratings, *before_answers]
    for answer in answers:
        lines += [answer, ""] if answer else [""]
    lines.append(tags)
    return "\n".join(lines) + "\n"


def flat(text: str) -> str:
    """Output with Rich's line wrapping and panel borders undone, to find whole sentences."""
    return " ".join(text.translate(str.maketrans("", "", "│╭╮╰╯─")).split())


@pytest.mark.parametrize("name", sorted(BUILT_IN))
def test_reflect_with_every_built_in_pack(kj, name):
    pack = BUILT_IN[name]
    answers = [f"My answer about {theme.title.lower()}." for theme in pack.themes]
    result = kj("reflect", "--pack", name, "--shift", "day", input=typed(CALM_CHECKIN, answers))
    out = flat(result.stdout)
    assert "Saved as entry #1" in out
    assert "A gentler set of prompts?" not in out
    entry = kj.json("show", "1")
    assert entry["pack"] == name and entry["status"] == "complete"
    assert len(entry["checkin"]) == CHECKIN_LENGTH  # the default check-in, for comparable trends
    assert [answer["theme"] for answer in entry["answers"]] == [t.key for t in pack.themes]
    for answer, theme in zip(entry["answers"], pack.themes, strict=True):
        assert answer["prompt"] in {wording.text for wording in theme.wordings}
        assert answer["prompt"] in out  # each prompt was shown whole
    assert [action["text"] for action in entry["actions"]] == [answers[-1]]


def test_hard_day_shows_its_reminder_once_and_points_to_support(kj):
    pack = BUILT_IN["hard-day"]
    result = kj("reflect", "--pack", "hard-day", "--shift", "night",
                input=typed(CALM_CHECKIN, [""] * len(pack.themes)))
    out = flat(result.stdout)
    assert out.count("safeguarding concern") == 1
    assert flat(pack.intro) in out and flat(pack.outro) in out
    assert out.index(flat(pack.outro)) > out.index(pack.themes[-1].title)


def test_a_heavy_check_in_offers_hard_day_and_no_keeps_the_pack(kj):
    after_shift = BUILT_IN[DEFAULT_PACK]
    result = kj("reflect", "--shift", "day",
                input=typed(HEAVY_CHECKIN, [""] * len(after_shift.themes),
                            before_answers=["n", ""]))  # no, then not for supervision
    out = flat(result.stdout)
    assert "A gentler set of prompts?" in out
    assert f"written for days like that. {BUILT_IN['hard-day'].description}" in out
    entry = kj.json("show", "1")
    assert entry["pack"] == DEFAULT_PACK and entry["checkin"]["exhaustion"] == 4


def test_a_heavy_check_in_offers_hard_day_and_yes_switches(kj):
    hard_day = BUILT_IN["hard-day"]
    answers = [""] * (len(hard_day.themes) - 1) + ["A bath and an early night."]
    result = kj("reflect", "--shift", "day",
                input=typed(HEAVY_CHECKIN, answers, before_answers=["y", ""]))
    out = flat(result.stdout)
    assert "safeguarding concern" in out and flat(hard_day.outro) in out
    entry = kj.json("show", "1")
    assert entry["pack"] == "hard-day"
    assert entry["checkin"]["exhaustion"] == 4  # the check-in is kept as it was
    assert [a["theme"] for a in entry["answers"]] == [hard_day.themes[-1].key]
    assert entry["actions"][0]["text"] == "A bath and an early night."


def test_no_offer_when_already_on_hard_day_or_check_in_is_light(kj):
    hard_day = BUILT_IN["hard-day"]
    result = kj("reflect", "--pack", "hard-day", "--shift", "day",
                input=typed(HEAVY_CHECKIN, [""] * len(hard_day.themes), before_answers=[""]))
    assert "A gentler set of prompts?" not in result.stdout
    assert "Mark it to bring to supervision?" in result.stdout  # that is still offered
    one_high = ["3", "1", "1", "1", "1", "1", "1", "1", "1"]
    result = kj("reflect", "--new", "--shift", "day",
                input=typed(one_high, [""] * len(BUILT_IN[DEFAULT_PACK].themes)))
    assert "A gentler set of prompts?" not in result.stdout
    # Two strain signals at 3 is a tiring shift, not a hard day: no offer (it once was).
    tiring = ["3", "1", "3", "2", "2", "2", "2", "2", "2"]
    result = kj("reflect", "--new", "--shift", "day",
                input=typed(tiring, [""] * len(BUILT_IN[DEFAULT_PACK].themes)))
    assert "A gentler set of prompts?" not in result.stdout


# --- your own packs -------------------------------------------------------------------


def test_prompts_new_scaffolds_a_private_pack_that_checks_and_works(kj):
    result = kj("prompts", "new", "my-nights")
    path = user_prompts_dir() / "my-nights.toml"
    assert flat(result.stdout).startswith(f"Created {path}")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert 'name = "my-nights"' in path.read_text(encoding="utf-8")

    checked = flat(kj("prompts", "check", str(path)).stdout)
    assert checked == (f"{path} looks good: pack 'my-nights', 2 themes, 4 wordings, "
                       "the default check-in.")
    assert "my-nights (yours)" in kj("prompts").stdout
    pack = load_pack("my-nights", user_prompts_dir())
    kj("reflect", "--pack", "my-nights", "--shift", "day",
       input=typed(CALM_CHECKIN, ["Something stayed with me.", "Slow down at handover."]))
    entry = kj.json("show", "1")
    assert entry["pack"] == "my-nights"
    assert [a["theme"] for a in entry["answers"]] == [theme.key for theme in pack.themes]


def test_prompts_new_never_overwrites(kj):
    kj("prompts", "new", "mine")
    path = user_prompts_dir() / "mine.toml"
    path.write_text("my own edits", encoding="utf-8")
    result = kj("prompts", "new", "mine", expect=2)
    assert "already exists" in result.stderr and result.stderr.count("\n") == 1
    assert path.read_text(encoding="utf-8") == "my own edits"


@pytest.mark.parametrize("name", ["My Pack", "../escape", "_under", "", "nights.toml"])
def test_prompts_new_refuses_a_name_that_is_not_a_key(kj, name):
    result = kj("prompts", "new", name, expect=2)
    assert "cannot be a pack name" in result.stderr
    assert not user_prompts_dir().exists()


def test_prompts_new_with_a_built_in_name_copies_it_and_says_so(kj):
    """It once wrote the two-question template over the default pack, without the rules
    or signposting, and 'kj trends' went quiet."""
    out = flat(kj("prompts", "new", "after-shift").stdout)
    assert "copy of the built-in pack 'after-shift', with its check-in, rules and " \
        "signposting, and kj will use yours instead" in out
    mine, builtin = load_pack("after-shift", user_prompts_dir()), BUILT_IN[DEFAULT_PACK]
    assert mine.source != "built-in"
    assert (mine.signals, mine.themes) == (builtin.signals, builtin.themes)
    assert mine.rules == builtin.rules and mine.signposting == builtin.signposting
    checked = flat(kj("prompts", "check", str(user_prompts_dir() / "after-shift.toml")).stdout)
    assert "Warning" not in checked


def test_prompts_check_warns_about_a_check_in_pack_without_rules_or_signposting(kj):
    path = user_prompts_dir() / "after-shift.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text((Path(__file__).parent / "scenarios" / "packs" / "two-questions.toml")
                    .read_text(encoding="utf-8"), encoding="utf-8")
    checked = flat(kj("prompts", "check", str(path)).stdout)
    assert "Warning: It has no [[rules]]" in checked
    assert "Warning: It has no [signposting]" in checked
    trends = flat(kj("trends").stdout)
    assert "has no rules, so kj is not looking for any patterns" in trends


def test_prompts_check_reports_every_problem_at_once(kj, tmp_path):
    path = tmp_path / "broke.toml"
    path.write_text('name = "broke"\ntitel = "x"\ndescription = ""\n[[themes]]\nkey = "Bad"\n'
                    'why = 3\n[[themes.prompts]]\nkey = "a"\n', encoding="utf-8")
    result = kj("prompts", "check", str(path), expect=1)
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"{path}: line 2: unknown key 'titel' (did you mean 'title'?)",
        f"{path}: missing 'title'",
        f"{path}: line 3: description: is empty",
        f"{path}: line 5: themes[0].key: 'Bad' should use only lowercase letters, digits, "
        "'-' and '_'",
        f"{path}: line 4: themes[0]: missing 'title'",
        f"{path}: line 6: themes[0].why: should be text, not a number",
        f"{path}: line 7: themes[0].prompts[0]: missing 'text'",
        "7 problems found; fix them and check again.",
    ]


def test_prompts_check_gives_the_line_of_a_toml_mistake(kj, tmp_path):
    path = tmp_path / "typo.toml"
    path.write_text('name = "typo"\ntitle = \n', encoding="utf-8")
    result = kj("prompts", "check", str(path), expect=1)
    assert "not valid TOML" in result.stderr and "line 2" in result.stderr


def test_prompts_check_a_good_file_elsewhere_says_where_to_put_it(kj, tmp_path):
    source = user_prompts_dir()
    kj("prompts", "new", "travel")
    elsewhere = tmp_path / "travel.toml"
    elsewhere.write_text((source / "travel.toml").read_text(encoding="utf-8"), encoding="utf-8")
    out = flat(kj("prompts", "check", str(elsewhere)).stdout)
    assert "looks good" in out and f"copy it into {source}" in out
    assert "copy it into" not in kj("prompts", "check", str(source / "travel.toml")).stdout


def test_prompts_check_a_missing_file_or_a_folder(kj, tmp_path):
    assert "Cannot find" in kj("prompts", "check", str(tmp_path / "no.toml"), expect=2).stderr
    assert "is a folder" in kj("prompts", "check", str(tmp_path), expect=2).stderr


def test_a_broken_user_pack_is_reported_and_the_rest_still_work(kj):
    folder = user_prompts_dir()
    folder.mkdir(parents=True)
    (folder / "broken.toml").write_text('name = "broken"\n', encoding="utf-8")
    listed = kj("prompts")
    assert "hard-day" in listed.stdout and "broken" not in listed.stdout
    assert "skipped a broken pack" in listed.stderr and "broken.toml" in listed.stderr
    hard_day = BUILT_IN["hard-day"]
    kj("reflect", "--pack", "hard-day", "--shift", "day",
       input=typed(CALM_CHECKIN, [""] * len(hard_day.themes)))
    assert kj.json("show", "1")["pack"] == "hard-day"
    assert "missing 'title'" in kj("reflect", "--pack", "broken", expect=2).stderr


def test_a_user_pack_overrides_the_built_in_one_when_reflecting(kj):
    path = user_prompts_dir() / "gibbs.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(template("gibbs", path), encoding="utf-8")
    out = kj("prompts").stdout
    assert "gibbs (yours)" in out
    kj("reflect", "--pack", "gibbs", "--shift", "day",
       input=typed(CALM_CHECKIN, ["One moment.", "One step."]))
    entry = kj.json("show", "1")
    assert [a["theme"] for a in entry["answers"]] == ["moment", "forward"]


def test_field_lines_follow_toml_tables_and_skip_multiline_text():
    from kindjournal.reflect.pack_authoring import field_lines

    text = """\
name = "x"   # line 1
intro = \"\"\"
[[themes]]
key = "not a real key"
\"\"\"
[[signals]]
key = "tired"
[[themes]]
key = "one"
[[themes.prompts]]
key = "one-a"
[[themes]]
[[themes.prompts]]
[[themes.prompts]]
text = "What?"
"""
    lines = field_lines(text)
    assert lines["name"] == 1 and lines["intro"] == 2
    assert lines["signals[0]"] == 6 and lines["signals[0].key"] == 7
    assert lines["themes[0]"] == 8 and lines["themes[0].key"] == 9
    assert lines["themes[0].prompts[0].key"] == 11
    assert lines["themes[1]"] == 12 and lines["themes[1].prompts[1].text"] == 15
    assert "themes[2]" not in lines


def test_the_hard_day_reminder_is_not_repeated_when_a_draft_resumes(kj):
    first = kj("reflect", "--pack", "hard-day", "--shift", "day",
               input="\n".join(CALM_CHECKIN) + "\nA first answer\n\nhalf", expect=130)
    assert flat(first.stdout).count("safeguarding concern") == 1
    hard_day = BUILT_IN["hard-day"]
    second = kj("reflect", input="y\n" + "\n" * (len(hard_day.themes) - 1) + "\n")
    assert "safeguarding concern" not in second.stdout
    assert flat(hard_day.outro) in flat(second.stdout)
    assert kj.json("show", "1")["status"] == "complete"


def test_an_organisation_can_ship_its_own_check_in_and_signposting(kj):
    kj("prompts", "new", "our-ward")
    path = user_prompts_dir() / "our-ward.toml"
    path.write_text(path.read_text(encoding="utf-8") + """
[[signals]]
key = "rested"
question = "How rested do you feel?"
low = "not at all"
high = "fully"
polarity = "resource"

[signposting]
title = "Support on our ward"
text = "Talk to the nurse in charge, or call the staff support line."
""", encoding="utf-8")
    checked = flat(kj("prompts", "check", str(path)).stdout)
    assert "its own check-in (1 rating)." in checked
    assert load_pack("our-ward", user_prompts_dir()).signposting["title"] == "Support on our ward"
    out = kj("reflect", "--pack", "our-ward", "--shift", "day", input=typed(["2"], ["", ""]))
    assert "How rested do you feel?" in out.stdout
    assert "How drained" not in out.stdout
    assert kj.json("show", "1")["checkin"] == {"rested": 2}


def test_prompts_check_gives_writing_advice_without_failing(kj):
    kj("prompts", "new", "mine")
    path = user_prompts_dir() / "mine.toml"
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    asked = "What small step will you take with you into your next shift?"
    line = next(n for n, content in enumerate(lines, start=1) if asked in content)
    path.write_text(text.replace(asked, "Did the shift go OK?"), encoding="utf-8")
    out = flat(kj("prompts", "check", str(path)).stdout)
    assert f"{path} is a valid pack: pack 'mine'" in out
    assert f"line {line}, themes[1].prompts[0]: spell out OK" in out
    assert "one starting 'Did' can be answered yes or no" in out
    assert "looks good" not in out


def test_entries_for_any_pack_can_be_added_from_a_file(kj):
    kj.add({"date": "2026-11-20", "pack": "gibbs",
            "answers": {"description": "A rushed discharge.", "action": "Plan earlier."}})
    entry = kj.json("show", "1")
    assert entry["pack"] == "gibbs"
    assert [a["theme"] for a in entry["answers"]] == ["description", "action"]
    assert entry["actions"][0]["text"] == "Plan earlier."


def test_a_heavy_check_in_ends_with_a_pointer_to_support(kj):
    """The heaviest check-in with hard-day declined once closed with thanks alone."""
    heaviest = ["4", "4", "4", "0", "0", "0", "0", "0", "0"]
    result = kj("reflect", "--shift", "day",
                input=typed(heaviest, [""] * len(BUILT_IN[DEFAULT_PACK].themes),
                            before_answers=["n", ""]))
    out = flat(result.stdout)
    assert ("If today is weighing on you, 'kj support' shows who you can talk to, day or "
            "night.") in out
    calm = kj("reflect", "--new", "--shift", "day",
              input=typed(CALM_CHECKIN, [""] * len(BUILT_IN[DEFAULT_PACK].themes)))
    assert "'kj support' shows who" not in flat(calm.stdout)


def test_hard_day_says_thank_you_once(kj):
    answers = [""] * len(BUILT_IN["hard-day"].themes)
    result = kj("reflect", "--shift", "day",
                input=typed(HEAVY_CHECKIN, answers, before_answers=["y", ""]))
    out = flat(result.stdout)
    assert out.count("Thank you for taking") == 1
    assert out.count("kj support") == 1  # the pack's own closing words give it already


def test_ctrl_c_at_the_offer_offers_it_again_on_resuming(kj):
    """Resuming once skipped the offer and went on to the usual prompts."""
    kj("reflect", "--shift", "day", input="\n".join(HEAVY_CHECKIN) + "\n", expect=130)
    result = kj("reflect", input=typed([], [""] * len(BUILT_IN["hard-day"].themes),
                                       before_answers=["y", "y"]))
    assert "A gentler set of prompts?" in result.stdout
    assert kj.json("show", "1")["pack"] == "hard-day"


def test_declining_an_empty_draft_removes_it_and_keeps_one_with_words(kj):
    kj("reflect", "--shift", "day", input="", expect=130)  # stopped at the first rating
    result = kj("reflect", "--quick", "--shift", "day", input="n\n" + "\n" * 10)
    assert "held nothing yet, so it is removed" in flat(result.stdout)
    assert [entry["status"] for entry in kj.json("list")] == ["complete"]
    kj("reflect", "--shift", "day", input="2\n", expect=130)  # one rating: kept
    kj("reflect", "--quick", "--shift", "day", input="n\n" + "\n" * 10)
    assert sorted(entry["status"] for entry in kj.json("list")) == [
        "complete", "complete", "draft"]


def test_prompts_check_takes_a_pack_name(kj):
    """'kj prompts check my-nights' said 'Cannot find': the name 'kj prompts new' gave."""
    kj("prompts", "new", "my-nights")
    result = kj("prompts", "check", "my-nights", expect=None)
    assert "Cannot find" not in result.stdout + result.stderr
