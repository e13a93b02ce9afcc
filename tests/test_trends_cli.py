"""kj trends through the CLI, on small invented journals with fixed past dates."""

from __future__ import annotations

import os
import sqlite3
import stat

import pytest

from kindjournal.reflect.pack_format import parse_pack
from kindjournal.reflect.packs import PackError, builtin_prompts_dir

STRAIN = ("exhaustion", "detachment", "dread")
RESOURCES = ("recovery", "connection", "difference", "agency", "support", "right-care")


def entry(day: str, strain: int | None = None, resource: int | None = None, **extra) -> dict:
    checkin = {}
    if strain is not None:
        checkin |= dict.fromkeys(STRAIN, strain)
    if resource is not None:
        checkin |= dict.fromkeys(RESOURCES, resource)
    item = {"date": day, "checkin": checkin, "answers": {"person": f"Invented note {day}."}}
    return item | extra


def flat(text: str) -> str:
    """Printed text with its line wrapping undone."""
    return " ".join(text.split())


# Three weeks in November 2025: Mon 3 Nov to Sun 23 Nov.
PERIOD = ("--since", "2025-11-03", "--until", "2025-11-23")


def test_a_week_without_a_check_in_is_a_gap_never_a_zero(kj):
    kj.add(entry("2025-11-04", 2, 2), entry("2025-11-18", 0, 4))
    report = kj.json("trends", *PERIOD)
    exhaustion = report["signals"][0]
    assert exhaustion["key"] == "exhaustion"
    assert exhaustion["values"] == [2.0, None, 0.0]
    assert [b["start"] for b in report["buckets"]] == ["2025-11-03", "2025-11-10", "2025-11-17"]
    assert report["strain"]["values"] == [50.0, None, 0.0]
    assert report["resources"]["values"] == [50.0, None, 100.0]
    out = kj("trends", *PERIOD).stdout
    row = next(line for line in out.splitlines() if line.startswith("Exhaustion"))
    assert "▅ · ▁" in row  # 2 is a middle bar, the empty week a dot, 0 the lowest bar
    counts = next(line for line in out.splitlines() if line.startswith("Check-ins"))
    assert "█ · █" in counts
    axis = next(line for line in out.splitlines() if "  change  " in line)
    assert axis.split()[:2] == ["3", "Nov"] and "W4" not in out  # dates, not week numbers


def test_means_changes_and_directions_against_the_period_before(kj):
    # previous 21 days: 13 Oct to 2 Nov 2025; four days with a check-in on each side
    kj.add(*[entry(f"2025-10-{day}", 1, 3) for day in (20, 22, 25, 27)],
           *[entry(f"2025-11-{day:02d}", 3, 1) for day in (5, 7)],
           *[entry(f"2025-11-{day:02d}", 2, 2) for day in (12, 14)])
    report = kj.json("trends", *PERIOD)
    assert report["period"]["previous"] == {"since": "2025-10-13", "until": "2025-11-02"}
    exhaustion = report["signals"][0]
    assert (exhaustion["mean"], exhaustion["previous_mean"], exhaustion["change"]) == (
        2.5, 1.0, 1.5)
    assert (exhaustion["direction"], exhaustion["meaning"]) == ("higher", "worse")
    support = report["signals"][-1]
    assert (support["direction"], support["meaning"]) == ("lower", "worse")
    assert report["strain"]["mean"] == 62.5 and report["strain"]["change"] == 38  # as printed
    assert report["resources"]["meaning"] == "worse"
    out = kj("trends", *PERIOD).stdout  # NO_COLOR=1: the words carry it
    assert "higher, worse" in out and "lower, worse" in out
    assert "than the 3 weeks before" in out  # the header names what is compared
    assert "rising" not in out and "falling" not in out
    assert "Strain 0-100" in out and "Resources 0-100" in out
    assert "Changes compare 4 days with a check-in with 4 days in 13 Oct to 2 Nov 2025" in flat(
        out)


def test_a_change_needs_enough_days_on_both_sides(kj):
    """'Strain 40 -10 lower, better' once rested on a single earlier check-in."""
    kj.add(entry("2025-10-20", 3, 1), *[entry(f"2025-11-{day:02d}", 1, 3)
                                       for day in (4, 6, 11, 13, 18)])
    report = kj.json("trends", *PERIOD)
    strain = report["strain"]
    assert (strain["compared"], strain["change"], strain["direction"]) == (False, None, "")
    assert (strain["days"], strain["previous_days"]) == (5, 1)
    out = kj("trends", *PERIOD).stdout
    assert "not enough check-ins to compare (1 day with a check-in in 13 Oct to 2 Nov" in flat(
        out)
    assert "lower" not in out and "not compared" in out


def test_the_words_never_seem_to_contradict_the_chart(kj, tmp_path):
    """On the demo the Strain chart falls over the last weeks while its mean is above
    the 12 weeks before: it once said '+16 rising, worse'. Now it says what is compared,
    and 'lately' says where the last weeks went; the HTML page and supervision agree."""
    demo = str(tmp_path / "demo.db")
    kj("--db", demo, "demo")
    out = kj("--db", demo, "trends").stdout
    strain = next(line for line in out.splitlines() if line.startswith("Strain"))
    assert strain.endswith("higher, worse; lately lower"), strain
    assert "than the 12 weeks before" in out and "'Lately' says" in flat(out)
    assert "rising" not in out and "falling" not in out
    report = kj.json("--db", demo, "trends")
    assert (report["strain"]["direction"], report["strain"]["lately"]) == ("higher", "lower")
    page = tmp_path / "trends.html"
    kj("--db", demo, "trends", "--html", str(page))
    html = page.read_text()
    assert "than the 12 weeks before" in html and "higher, worse; lately lower" in html
    prep = kj("--db", demo, "supervision").stdout
    assert "than the 3 weeks before" in prep and "about the same" in prep
    assert "rising" not in prep and "falling" not in prep and "steady" not in prep


def test_an_entry_added_late_for_an_old_date_counts_on_that_date(kj):
    kj.add(entry("2025-11-20", 1))
    kj.add(entry("2025-11-04", 3))  # written weeks later, about an old shift
    report = kj.json("trends", *PERIOD)
    assert report["signals"][0]["values"] == [3.0, None, 1.0]


def test_drafts_count_and_trashed_entries_do_not(kj, journal_file):
    kj.add(entry("2025-11-04", 4, status="draft"), entry("2025-11-05", 2),
           entry("2025-11-06", 0))
    with sqlite3.connect(journal_file) as conn:
        conn.execute("UPDATE entries SET deleted_at = '2025-11-07T10:00:00+00:00' WHERE id = 3")
    report = kj.json("trends", *PERIOD)
    assert report["signals"][0]["values"][0] == 3.0  # (4 + 2) / 2: the draft in, #3 out
    assert report["entries"] == 2 and report["themes"]["drafts"] == 1


def test_a_skipped_rating_is_not_a_zero(kj):
    kj.add({"date": "2025-11-04", "checkin": {"exhaustion": None, "dread": 2}},
           {"date": "2025-11-05", "checkin": {"exhaustion": None}})
    report = kj.json("trends", *PERIOD)
    assert report["signals"][0]["values"] == [None, None, None]
    assert report["signals"][0]["mean"] is None
    assert report["signals"][2]["values"][0] == 2.0
    assert report["buckets"][0]["checkins"] == 1  # the all-skipped entry is not a check-in


def test_a_period_with_nothing_in_it(kj):
    out = kj("trends", *PERIOD).stdout
    assert "Nothing was rated in this period" in out
    report = kj.json("trends", *PERIOD)
    assert report["entries"] == 0 and report["flags"] == []
    assert report["signposting"]["level"] == 0 and report["signposting"]["crisis"]
    assert all(value is None for value in report["strain"]["values"])


def test_months_and_days(kj):
    kj.add(entry("2025-10-31", 2), entry("2025-11-01", 4))
    months = kj.json("trends", "--since", "2025-10-01", "--until", "2025-11-30", "--by", "month")
    assert [b["key"] for b in months["buckets"]] == ["2025-10", "2025-11"]
    assert months["signals"][0]["values"] == [2.0, 4.0]
    days = kj.json("trends", "--since", "2025-10-30", "--until", "2025-11-02", "--by", "day")
    assert days["signals"][0]["values"] == [None, 2.0, 4.0, None]


def test_signs_worth_noticing_and_the_signposting(kj):
    heavy = [entry(f"2025-11-{day:02d}", 3, 2, shift="night") for day in (10, 12, 14, 17)]
    kj.add(entry("2025-11-08", 1, 3, shift="day"), entry("2025-11-09", 0, 3, shift="day"),
           *heavy)
    report = kj.json("trends", *PERIOD)
    texts = [flag["text"] for flag in report["flags"]]
    assert ("Exhaustion was 3 or more on 4 of your last 6 days with a check-in (8 to 17 Nov "
            "2025).") in texts
    flag = report["flags"][0]
    assert flag["rule"] == "strain-often-high" and flag["signal"] == "exhaustion"
    assert flag["dates"] == ["2025-11-10", "2025-11-12", "2025-11-14", "2025-11-17"]
    # several signs: the fuller signposting, with the crisis lines
    assert report["signposting"]["level"] == 2
    assert "GP" in " ".join(report["signposting"]["people"])
    out = kj("trends", *PERIOD).stdout
    assert "Signs worth noticing" in out and "Looking after yourself" in out
    assert "not a diagnosis" in out and "999" in out
    by_shift = {row["shift"]: row for row in report["themes"]["by_shift"]}
    assert by_shift["night"]["strain"] == 75.0 and by_shift["day"]["strain"] == 12.5
    assert by_shift["night"]["checkins"] == 4


def test_no_check_in_for_three_weeks_after_regular_use(kj):
    weekly = [entry(f"2025-{month}-{day:02d}", 1, 3) for month, day in
              (("09", 1), ("09", 8), ("09", 15), ("09", 22), ("09", 29), ("10", 6))]
    kj.add(*weekly)
    quiet = kj.json("trends", "--since", "2025-10-01", "--until", "2025-10-27")
    assert [f["kind"] for f in quiet["flags"]] == ["gap-after-regular"]
    assert quiet["flags"][0]["text"].startswith("No check-in for 3 weeks, since 6 Oct 2025")
    day_before = kj.json("trends", "--since", "2025-10-01", "--until", "2025-10-26")
    assert day_before["flags"] == []


def test_an_organisation_can_tune_the_rules(kj, isolated_home):
    kj.add(*[entry(f"2025-11-{day:02d}", 2) for day in (4, 5, 6, 12)])
    assert kj.json("trends", *PERIOD)["flags"] == []
    own = isolated_home / "prompts"
    own.mkdir(parents=True)
    text = (builtin_prompts_dir() / "after-shift.toml").read_text()
    (own / "after-shift.toml").write_text(text.replace("at_least = 3", "at_least = 2", 1))
    flags = kj.json("trends", *PERIOD)["flags"]
    assert [f["signal"] for f in flags] == list(STRAIN)


def test_themes_of_the_period(kj):
    kj.add(entry("2025-11-04", 1, tags=["handover", "nights"], supervision=True),
           entry("2025-11-05", 1, tags=["handover"], share=True),
           entry("2025-11-06", 1))
    themes = kj.json("trends", *PERIOD)["themes"]
    assert themes["tags"] == [{"tag": "handover", "entries": 2}, {"tag": "nights", "entries": 1}]
    assert (themes["entries"], themes["supervision"], themes["share"]) == (3, 1, 1)
    out = kj("trends", *PERIOD).stdout
    assert "Most used tags: handover (2), nights (1)." in out
    assert "1 marked for supervision, 1 to share with a group." in out


def test_one_signal_with_a_larger_chart(kj):
    kj.add(entry("2025-11-04", 4), entry("2025-11-18", 0))
    out = kj("trends", *PERIOD, "--signal", "dread").stdout
    assert "Dread (strain)" in out and "How much are you dreading" in out
    chart = [line for line in out.splitlines() if "┤" in line]
    assert [line.split("┤")[0].strip() for line in chart] == ["4", "3", "2", "1"]
    assert chart[0].split("┤")[1].startswith(" █")  # the 4 reaches the top row
    assert "·" in chart[-1]  # the empty week is a dot on the floor
    only = kj.json("trends", *PERIOD, "--signal", "dread")
    assert [s["key"] for s in only["signals"]] == ["dread"]
    result = kj("trends", "--signal", "tiredness", expect=2)
    assert "no signal 'tiredness'" in result.stderr and "exhaustion" in result.stderr


def test_wide_periods_show_the_latest_buckets_that_fit(kj):
    kj.add(entry("2025-06-02", 1), entry("2025-11-20", 3))
    out = kj("trends", "--since", "2025-06-01", "--until", "2025-11-23", "--by", "day").stdout
    assert "Showing the last" in out
    assert max(len(line) for line in out.splitlines()) <= 80


def test_bad_periods_are_refused_kindly(kj):
    result = kj("trends", "--since", "blursday", expect=2)
    assert "Could not read 'blursday'" in result.stderr
    result = kj("trends", "--since", "2025-11-10", "--until", "2025-11-01", expect=2)
    assert "after --until" in result.stderr
    kj("trends", "--by", "year", expect=2)


def test_html_is_private_self_contained_and_never_overwritten(kj, tmp_path):
    kj.add(entry("2025-11-04", 2, 2), entry("2025-11-18", 3, 1))
    page = tmp_path / "trends.html"
    result = kj("trends", *PERIOD, "--html", str(page))
    assert f"Wrote {page}" in result.stdout
    assert stat.S_IMODE(os.stat(page).st_mode) == 0o600
    html = page.read_text()
    assert html.startswith("<!DOCTYPE html>")
    for outside in ("<script", "src=", "href=", "@import", "url("):
        assert outside not in html
    assert html.count('<svg class="chart"') == 9 + 2 + 1
    assert "-0.0" not in html and "W4" not in html
    assert 'class="gap"' in html  # the empty week, drawn as a dot on the axis
    before = page.read_bytes()
    result = kj("trends", *PERIOD, "--html", str(page), expect=2)
    assert "already exists" in result.stderr and "--force" in result.stderr
    assert page.read_bytes() == before
    kj("trends", "--since", "2025-11-10", "--until", "2025-11-23", "--html", str(page),
       "--force")
    assert page.read_bytes() != before
    assert stat.S_IMODE(os.stat(page).st_mode) == 0o600
    assert list(tmp_path.glob(".*")) == []  # no temporary file left beside it


def test_html_escapes_what_a_pack_says(kj, tmp_path, isolated_home):
    own = isolated_home / "prompts"
    own.mkdir(parents=True)
    text = (builtin_prompts_dir() / "after-shift.toml").read_text()
    (own / "after-shift.toml").write_text(text.replace(
        '"How drained do you feel after this shift?"', '"<b>Drained</b> & tired?"'))
    kj.add(entry("2025-11-04", 2))
    kj("trends", *PERIOD, "--html", str(tmp_path / "t.html"))
    assert "&lt;b&gt;Drained&lt;/b&gt; &amp; tired?" in (tmp_path / "t.html").read_text()


# -- rules and signposting in a pack are checked field by field -----------------------------


PACK_HEAD = """\
name = "mine"
title = "Mine"
description = "Test."
[[themes]]
key = "one"
title = "One"
why = "Because."
[[themes.prompts]]
key = "one-a"
text = "What did you notice?"
"""


def pack_problems(extra: str) -> list[str]:
    with pytest.raises(PackError) as caught:
        parse_pack(PACK_HEAD + extra, "mine.toml")
    return caught.value.problems


def test_bad_rules_are_reported_with_file_and_field():
    problems = pack_problems("""
[[rules]]
key = "a"
kind = "often-hgh"
[[rules]]
key = "b"
kind = "often-high"
at_least = 7
times = 5
of_last = 3
signals = "tired"
colour = "red"
[[rules]]
key = "c"
kind = "gap-after-regular"
weeks = "three"
""")
    assert problems == [
        "mine.toml: rules[0].kind: 'often-hgh' is not a kind of rule (did you mean "
        "'often-high'?); use one of: often-high, often-low, above-baseline, level, lowest-for, "
        "gap-after-regular",
        "mine.toml: rules[1]: unknown key 'colour'",
        "mine.toml: rules[1].at_least: 7 should be from 0 to 4",
        "mine.toml: rules[1].times: should not be more than 'of_last'",
        "mine.toml: rules[1].signals: should be 'strain', 'resource' or an array of signal keys",
        "mine.toml: rules[2].weeks: should be a whole number, not text",
    ]


def test_bad_signposting_is_reported():
    problems = pack_problems('[signposting]\ntitle = 3\npeople = ["ok", ""]\nphone = "x"\n')
    assert problems == [
        "mine.toml: signposting: unknown key 'phone'",
        "mine.toml: signposting.title: should be text, not a number",
        "mine.toml: signposting.people: should be an array of non-empty text lines",
    ]


def test_the_shipped_rules_and_signposting_are_valid():
    from kindjournal.reflect.packs import load_pack_file

    pack = load_pack_file(builtin_prompts_dir() / "after-shift.toml")
    assert [rule["kind"] for rule in pack.rules] == [
        "often-high", "often-low", "above-baseline", "level", "level", "lowest-for",
        "gap-after-regular"]
    assert set(pack.signposting) == {"title", "text"}  # the services: support.toml


def test_rule_numbers_are_checked_and_a_fraction_only_where_one_makes_sense():
    problems = pack_problems("""
[[rules]]
key = "a"
kind = "lowest-for"
min_drop = 0.75
[[rules]]
key = "b"
kind = "often-high"
times = 2.5
[[rules]]
key = "c"
kind = "level"
points = 40
""")
    assert problems == [
        "mine.toml: rules[1].times: should be a whole number, not a number",
        "mine.toml: rules[2]: missing 'summary' ('strain' or 'resources'): a level rule "
        "needs to know which score it watches",
    ]


def test_months_from_the_monthly_summary_agree_with_the_days(kj):
    kj.add(*[entry(f"2025-{month:02d}-{day:02d}", (month + day) % 5, day % 5,
                   shift=("day", "night")[day % 2])
             for month in (9, 10, 11, 12) for day in (1, 9, 14, 15, 28, 30)])
    for since, until in (("2025-09-01", "2025-12-31"), ("2025-09-14", "2025-12-10"),
                         ("2025-10-02", "2025-10-29")):
        months = kj.json("trends", "--since", since, "--until", until, "--by", "month")
        days = kj.json("trends", "--since", since, "--until", until, "--by", "day")
        assert [s["mean"] for s in months["signals"]] == [s["mean"] for s in days["signals"]]
        assert months["themes"] == days["themes"]
        assert months["strain"]["mean"] == days["strain"]["mean"]


def test_a_rule_naming_a_signal_the_pack_does_not_have():
    text = (builtin_prompts_dir() / "after-shift.toml").read_text().replace(
        'signals = "resource"', 'signals = ["support", "sleep"]')
    with pytest.raises(PackError) as caught:
        parse_pack(text, "after-shift.toml")
    assert caught.value.problems == [
        "after-shift.toml: rules[5].signals: 'sleep' is not one of this pack's signals"]
