"""Finding and tending entries: list filters, search, edit, trash, actions — through the
CLI as a person would, and through the modules underneath."""

from __future__ import annotations

import datetime
import json
import sqlite3
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kindjournal.commands.filter_options import build_filters
from kindjournal.errors import UsageError
from kindjournal.journal import reads
from kindjournal.journal.database import open_journal
from kindjournal.journal.filters import EntryFilters, where_clauses

TODAY = datetime.date.today()


def days_ago(count: int) -> str:
    return (TODAY - datetime.timedelta(days=count)).isoformat()


@pytest.fixture
def journal(kj):
    """Five invented entries over the last few months."""
    kj.add(
        {"date": days_ago(200), "shift": "day", "tags": ["family"],
         "answers": {"person": "A calm morning; the handover was thorough.",
                     "forward": "Keep handover notes short"}},
        {"date": days_ago(40), "shift": "night", "tags": ["family", "nights"],
         "supervision": True,
         "answers": {"person": "She didn't want the tea; a tiring long-day feeling.",
                     "forward": "Ask about the rota"}},
        {"date": days_ago(10), "shift": "long-day", "tags": ["nights"], "share": True,
         "answers": {"hard": "Short-staffed again and tired by noon."}},
        {"date": days_ago(3), "shift": "night", "tags": ["learning"],
         "checkin": {"exhaustion": 3}, "answers": {"skills": "Practised a hard conversation."}},
        {"date": days_ago(1), "status": "draft", "checkin": {"dread": 1}},
    )
    return kj


def ids(entries) -> list[int]:
    return [entry["id"] for entry in entries]


# -- list filters ----------------------------------------------------------------------


def test_list_filters_each_narrow_the_entries(journal):
    assert ids(journal.json("list")) == [5, 4, 3, 2, 1]
    assert ids(journal.json("list", "--since", "2 weeks ago")) == [5, 4, 3]
    assert ids(journal.json("list", "--until", "1 month ago")) == [2, 1]
    assert ids(journal.json("list", "--tag", "family")) == [2, 1]
    assert ids(journal.json("list", "--tag", "family", "--tag", "#Nights")) == [2]
    assert ids(journal.json("list", "--shift", "Night")) == [4, 2]
    assert ids(journal.json("list", "--shared")) == [3]
    assert ids(journal.json("list", "--supervision")) == [2]
    assert ids(journal.json("list", "--drafts")) == [5]
    assert ids(journal.json("list", "-n", "2")) == [5, 4]


def test_list_json_has_the_documented_shape(journal):
    entry = journal.json("list", "--supervision")[0]
    assert set(entry) == {"id", "uuid", "date", "shift", "pack", "status", "share",
                          "supervision", "created_at", "updated_at", "tags", "checkin",
                          "answers", "actions"}
    assert entry["tags"] == ["family", "nights"]
    assert entry["actions"][0]["text"] == "Ask about the rota"
    assert entry["answers"][0]["theme"] == "person"


def test_list_says_what_was_asked_when_nothing_matches(journal):
    out = journal("list", "--tag", "nothing-like-this").stdout
    assert out.strip() == "No entries tagged nothing-like-this."


def test_list_month_phrases_cover_the_whole_month(journal):
    month = days_ago(40)[:7]
    listed = journal.json("list", "--since", month, "--until", month)
    assert all(entry["date"].startswith(month) for entry in listed)
    assert 2 in ids(listed)


@pytest.mark.parametrize(("args", "words"), [
    (("--since", "tomorrow-ish"), "--since"),
    (("--until", "next week"), "--until"),
    (("--since", "today", "--until", "last month"), "swap"),  # never inside last month
    (("--shift", "evening"), "not a shift type"),
])
def test_bad_filters_are_usage_errors(journal, args, words):
    result = journal("list", *args, expect=2)
    assert result.stdout == ""
    assert result.stderr.startswith("kj: ") and result.stderr.count("\n") == 1
    assert words in result.stderr


PHRASES = st.one_of(
    st.sampled_from(["today", "yesterday", "last week", "this week", "last month",
                     "this month", "last year", "this year", "monday", "last friday"]),
    st.builds(lambda n, unit: f"{n} {unit}{'s' if n != 1 else ''} ago",
              st.integers(0, 400), st.sampled_from(["day", "week", "month", "year"])),
    st.builds(lambda d: f"{d.day}/{d.month}/{d.year}",
              st.dates(datetime.date(1990, 1, 1), TODAY)),
    st.builds(lambda d: f"{d.year}-{d.month:02d}", st.dates(datetime.date(1990, 1, 1), TODAY)),
    st.builds(lambda d: d.isoformat(), st.dates(datetime.date(1990, 1, 1), TODAY)),
)


@given(phrase=PHRASES)
def test_every_accepted_filter_phrase_is_a_day_not_in_the_future(phrase):
    filters = build_filters(since=phrase, until=phrase, today=TODAY)
    assert filters.since <= filters.until <= TODAY


@given(day=st.dates(datetime.date(2000, 1, 1), TODAY).filter(lambda d: d.day <= 12))
def test_filter_dates_are_read_day_first(day):
    filters = build_filters(since=f"{day.day}/{day.month}/{day.year}", today=TODAY)
    assert filters.since == day


@given(phrase=st.text(max_size=30))
def test_any_typed_filter_phrase_is_a_date_or_a_usage_error(phrase):
    try:
        filters = build_filters(since=phrase, today=TODAY)
    except UsageError as error:
        assert "\n" not in error.message
    else:
        assert filters.since <= TODAY


def test_where_clauses_use_named_parameters_only():
    clauses, params = where_clauses(EntryFilters(
        since=datetime.date(2026, 1, 1), tags=("a'; DROP TABLE entries; --", "b"),
        shift="night", shared=True))
    sql = " AND ".join(clauses)
    assert "DROP" not in sql and params["f_tag0"].startswith("a'")
    assert set(params) == {"f_since", "f_tag0", "f_tag1", "f_shift"}


# -- search ----------------------------------------------------------------------------


def test_search_ranks_marks_and_filters(journal):
    out = journal("search", "tired").stdout
    assert "#3" in out and "[tired]" in out
    assert "#2" in out and "[tiring]" in out  # stemming: tired finds tiring
    found = journal.json("search", "tired", "--shift", "long-day")
    assert ids(found) == [3]
    assert found[0]["snippet"].count("**") == 2
    assert found[0]["entry"]["tags"] == ["nights"]


def test_search_finds_prompts_tags_and_actions(journal):
    assert ids(journal.json("search", "rota")) == [2]  # an action's text
    assert 4 in ids(journal.json("search", "learning"))  # a tag
    assert ids(journal.json("search", "Keep handover")) == [1]


@pytest.mark.parametrize("query", [
    "didn't", "long-day", '"unbalanced', "*", "AND", "tea OR rota", "NEAR(", "tags:",
    "(", ")", "^", "-", "'", "¯\\_(ツ)_/¯", "a\x00b", "col:umn:", "NOT tea",
])
def test_search_answers_whatever_people_type(journal, query):
    """Stray search syntax is never an error: the matches, or the one line saying there
    are none; and searching changes nothing."""
    before = journal.json("list")
    result = journal("search", query)
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines == [f"Nothing found for '{query}'."] or (
        lines[0].startswith("#") and "[" in lines[1])
    assert isinstance(journal.json("search", query), list)
    assert journal.json("list") == before


def test_search_reads_fts_syntax_and_plain_words(journal):
    assert ids(journal.json("search", "didn't")) == [2]
    assert ids(journal.json("search", "tea OR conversation")) == [4, 2] or \
        set(ids(journal.json("search", "tea OR conversation"))) == {2, 4}
    assert ids(journal.json("search", "convers*")) == [4]


def test_empty_search_is_a_usage_error(journal):
    assert "Give some words" in journal("search", "  ", expect=2).stderr


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.text(min_size=1, max_size=40))
def test_any_string_searches_without_error(search_db, query):
    if query.strip():
        rows = reads.search_entries(search_db, query, EntryFilters(), 5)
        assert isinstance(rows, list)


@pytest.fixture
def search_db(tmp_path_factory):
    from kindjournal.journal.writes import AnswerInput, EntryInput, add_entries

    path = tmp_path_factory.mktemp("search") / "journal.db"
    db = open_journal(path)
    add_entries(db, [EntryInput(shift_date=TODAY, pack="after-shift",
                                answers=[AnswerInput("person", "Prompt?", "A kind word")])])
    return db


def test_index_stays_in_step_through_trash_restore_and_edit(journal):
    journal("delete", "2", "--yes")
    assert journal.json("search", "rota") == []
    journal("restore", "2")
    assert ids(journal.json("search", "rota")) == [2]
    journal("edit", "2", "--tag", "blueberry")
    assert ids(journal.json("search", "blueberry")) == [2]
    journal("edit", "2", "--untag", "blueberry")
    assert journal.json("search", "blueberry") == []


def test_migration_indexes_journals_written_before_search(tmp_path):
    """The v1 fixture journal's entries are searchable after the upgrade."""
    import shutil
    from pathlib import Path

    fixtures = Path(__file__).parent / "fixtures"
    path = tmp_path / "journal-v1.db"
    shutil.copy(fixtures / "journal-v1.db", path)
    expected = json.loads((fixtures / "journal-v1.expected.json").read_text())
    db = open_journal(path, [])
    for entry in expected:
        for answer in entry["answers"]:
            word = answer["answer"].split()[0]
            found = reads.search_entries(db, word, EntryFilters(), 50)
            assert entry["id"] in ids(found), word


# -- edit ------------------------------------------------------------------------------


def editor_script(tmp_path, body: str, exit_code: int = 0) -> str:
    """An $EDITOR: a small Python script that rewrites the file it is given."""
    script = tmp_path / "editor.py"
    script.write_text(
        "import sys\npath = sys.argv[1]\ntext = open(path).read()\n"
        f"{body}\nopen(path, 'w').write(text)\nsys.exit({exit_code})\n")
    return f"{sys.executable} {script}"


def test_quick_edits_change_flags_tags_and_date(journal):
    before = journal.json("show", "3")
    journal("edit", "3", "--no-share", "--supervision", "--tag", "Teamwork",
            "--untag", "nights", "--date", days_ago(11))
    after = journal.json("show", "3")
    assert (after["share"], after["supervision"]) == (False, True)
    assert after["tags"] == ["teamwork"] and after["date"] == days_ago(11)
    assert after["updated_at"] >= before["updated_at"]


def test_quick_edit_with_a_bad_date_changes_nothing(journal):
    before = journal.json("show", "3")
    assert "--date" in journal("edit", "3", "--date", "next tuesday", "--share",
                               expect=2).stderr
    assert journal.json("show", "3") == before


def test_edit_in_editor_round_trip(journal, tmp_path, monkeypatch):
    monkeypatch.setenv("EDITOR", editor_script(tmp_path, (
        "text = text.replace('shift: night', 'shift: day')"
        ".replace('tags: family, nights', 'tags: family, courage')"
        ".replace('Ask about', 'Ask gently about')"
        ".replace(\"She didn't want the tea\", 'She wanted coffee instead')")))
    journal("edit", "2")
    entry = journal.json("show", "2")
    assert entry["shift"] == "day" and entry["tags"] == ["courage", "family"]
    assert entry["answers"][0]["answer"].startswith("She wanted coffee instead")
    assert ids(journal.json("search", "coffee")) == [2]
    assert journal.json("search", "tea") == []


def test_edit_text_shows_every_prompt_as_asked(journal, tmp_path, monkeypatch):
    seen = tmp_path / "seen.txt"
    monkeypatch.setenv("EDITOR", editor_script(tmp_path, f"open({str(seen)!r}, 'w').write(text)"))
    assert "No changes" in journal("edit", "4").stdout
    text = seen.read_text()
    assert "date: " + days_ago(3) in text and "exhaustion: 3" in text
    assert "### skills" in text and "Practised a hard conversation." in text


def test_edit_parse_error_names_the_line_and_changes_nothing(journal, tmp_path, monkeypatch):
    before = journal.json("show", "4")
    monkeypatch.setenv("EDITOR", editor_script(
        tmp_path, "text = text.replace('exhaustion: 3', 'exhaustion: lots')"))
    result = journal("edit", "4", expect=1)
    assert "line " in result.stderr and "0 to 4" in result.stderr
    assert "not changed" in result.stderr
    assert journal.json("show", "4") == before


@pytest.mark.parametrize(("editor", "words"), [
    (None, "needs an editor"),
    ("/no/such/editor-program", "Cannot start the editor"),
])
def test_edit_without_a_working_editor_is_one_clear_line(journal, monkeypatch, editor, words,
                                                         tmp_path):
    if editor:
        monkeypatch.setenv("EDITOR", editor)
    else:  # nor the system's 'editor' command
        monkeypatch.setenv("PATH", str(tmp_path / "no-editor-here"))
    before = journal.json("show", "2")
    result = journal("edit", "2", expect=None)
    assert result.exit_code != 0 and words in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert journal.json("show", "2") == before


def test_editor_exiting_with_an_error_changes_nothing(journal, tmp_path, monkeypatch):
    monkeypatch.setenv("EDITOR", editor_script(tmp_path, "text = 'shift: day'", exit_code=3))
    before = journal.json("show", "2")
    assert "exit 3" in journal("edit", "2", expect=1).stderr
    assert journal.json("show", "2") == before


def test_edit_parser_reports_lines(tmp_path):
    from kindjournal.reflect import entry_text

    entry = {"id": 1, "date": "2026-11-01", "shift": None, "tags": [], "share": False,
             "supervision": False, "checkin": {"exhaustion": 2}}
    prompts = [{"theme_key": "person", "prompt_text": "Who?\nTwo lines", "answer": "Me"}]
    text = entry_text.entry_text(entry, ["exhaustion"], prompts)
    parsed = entry_text.parse_entry_text(text, ["exhaustion"], ["person"],
                                      datetime.date(2026, 11, 20))
    assert parsed.answers == {"person": "Me"} and parsed.checkin == {"exhaustion": 2}
    for bad, line_words in [("date: 2026-11-01", "date: tomorrow"),
                            ("### person", "### people"),
                            ("share: no", "share: perhaps"),
                            ("exhaustion: 2", "mood: 2")]:
        with pytest.raises(entry_text.EditError) as error:
            entry_text.parse_entry_text(text.replace(bad, line_words), ["exhaustion"],
                                     ["person"], datetime.date(2026, 11, 20))
        assert error.value.line == text.splitlines().index(bad) + 1


# -- delete, trash, restore ------------------------------------------------------------


def test_delete_trash_restore_and_empty(journal):
    journal("delete", "2", "--yes")
    assert 2 not in ids(journal.json("list"))
    assert "Entry #2 is in the trash. 'kj restore 2'" in journal("show", "2", expect=2).stderr
    assert "#2" in journal("trash").stdout
    journal("restore", "2")
    assert 2 in ids(journal.json("list"))
    assert "trash is empty" in journal("trash").stdout
    journal("delete", "1", "-y")
    journal("trash", "--empty", "--yes")
    assert "No entry '1' in the trash" in journal("restore", "1", expect=2).stderr
    conn = sqlite3.connect(journal_file_of(journal))
    assert conn.execute("SELECT count(*) FROM answers WHERE entry_id = 1").fetchone() == (0,)


def journal_file_of(kj) -> str:
    return kj.json("where")["journal"]


def test_delete_asks_and_refuses_without_a_terminal(journal, monkeypatch):
    result = journal("delete", "2", expect=2)
    assert "--yes" in result.stderr
    assert 2 in ids(journal.json("list"))
    monkeypatch.setattr("kindjournal.commands.tend.is_interactive", lambda: True)
    journal("delete", "2", input="n\n", expect=1)
    assert 2 in ids(journal.json("list"))
    journal("delete", "2", input="y\n")
    assert 2 not in ids(journal.json("list"))
    journal("trash", "--empty", input="n\n", expect=1)
    assert "#2" in journal("trash").stdout


def test_restore_finds_only_trashed_entries(journal):
    assert "in the trash" in journal("restore", "3", expect=2).stderr
    uuid = journal.json("show", "3")["uuid"]
    journal("delete", uuid[:6], "--yes")
    journal("restore", uuid[:6])
    assert journal.json("show", "3")["uuid"] == uuid


def test_ambiguous_and_unknown_ids_are_clear_errors(journal):
    assert "No entry '999'" in journal("show", "999", expect=2).stderr
    assert "No entry 'zz'" in journal("edit", "zz", "--share", expect=2).stderr


# -- actions ---------------------------------------------------------------------------


def test_actions_list_done_drop_and_all(journal):
    listed = journal.json("actions")
    assert [a["text"] for a in listed] == ["Keep handover notes short", "Ask about the rota"]
    assert listed[0]["entry_id"] == 1
    out = journal("actions").stdout
    assert "from #1" in out and out.index("Keep handover") < out.index("Ask about")
    first, second = (action["id"] for action in listed)
    journal("actions", "done", str(first), "--note", "Done on the ward")
    journal("actions", "drop", str(second))
    assert journal.json("actions") == []
    closed = {a["id"]: a for a in journal.json("actions", "--all")}
    assert closed[first]["status"] == "done" and closed[first]["review_note"] == \
        "Done on the ward"
    assert closed[second]["status"] == "dropped"
    assert "(done)" in journal("actions", "--all").stdout


def test_unknown_action_is_a_usage_error(journal):
    assert "No action 77" in journal("actions", "done", "77", expect=2).stderr


def test_trashed_entries_actions_are_hidden(journal):
    journal("delete", "1", "--yes")
    assert [a["entry_id"] for a in journal.json("actions")] == [2]


def test_search_json_is_one_array(journal):
    data = json.loads(journal("search", "tea", "--json").stdout)
    assert isinstance(data, list) and set(data[0]) == {"id", "uuid", "date", "snippet", "entry"}


def test_edit_parse_error_offers_to_reopen_with_the_text_as_left(journal, tmp_path,
                                                                  monkeypatch):
    """First save has a bad rating; reopened, the person's other change is still there."""
    count = tmp_path / "count"
    monkeypatch.setenv("EDITOR", editor_script(tmp_path, (
        f"import os\nfirst = not os.path.exists({str(count)!r})\n"
        f"open({str(count)!r}, 'a').write('x')\n"
        "if first:\n"
        "    text = text.replace('exhaustion: 3', 'exhaustion: 9')"
        ".replace('Practised', 'Rehearsed')\n"
        "else:\n"
        "    assert 'Rehearsed' in text\n"
        "    text = text.replace('exhaustion: 9', 'exhaustion: 2')")))
    monkeypatch.setattr("kindjournal.commands.tend.is_interactive", lambda: True)
    result = journal("edit", "4", input="y\n")
    assert "line " in result.stderr and "saved" in result.stdout
    entry = journal.json("show", "4")
    assert entry["checkin"]["exhaustion"] == 2
    assert entry["answers"][0]["answer"].startswith("Rehearsed")


def test_actions_limit_says_how_many_more(journal):
    out = journal("actions", "-n", "1").stdout
    assert "Keep handover" in out and "Ask about" not in out
    assert "1 more" in out and "kj actions -n 2" in out


def test_a_uuid_start_made_of_digits_still_finds_the_entry(journal):
    conn = sqlite3.connect(journal_file_of(journal))
    conn.execute("UPDATE entries SET uuid = '12345678-0000-4000-8000-000000000000' WHERE id = 3")
    conn.commit()
    conn.close()
    assert journal.json("show", "123456")["id"] == 3
    assert journal.json("show", "3")["id"] == 3


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.text(min_size=1, max_size=30).filter(lambda text: text.strip()))
def test_kj_search_returns_for_any_typed_string(journal, query):
    # '--' ends the options, as a person would type before a query starting with '-'.
    result = journal("search", "--since", "1 year ago", "--", query)
    assert result.stdout.strip()
    json.loads(journal("search", "--json", "--", query).stdout)


@pytest.mark.parametrize("args", [["list", "--since", "1 year ago", "--tag", "family"],
                                  ["search", "tea"], ["show", "2"], ["actions"], ["trash"],
                                  ["reflect", "--from", "-"]])
def test_hot_commands_import_neither_sqlite_utils_nor_rich(journal, journal_file, args):
    """Start-up is a feature: the commands people run most stay on the plain path."""
    import subprocess

    code = ("import sys; from kindjournal.cli import main; sys.argv = ['kj', *sys.argv[1:]]\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print([m for m in ('sqlite_utils', 'rich', 'pydantic') if m in sys.modules], "
            "file=sys.stderr)")
    entry = json.dumps({"date": "yesterday", "answers": {"person": "Fine"}})
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                         input=entry, env={**__import__("os").environ,
                                           "KJ_DB": str(journal_file)})
    assert out.stderr.strip().splitlines()[-1] == "[]", out.stderr


def test_only_the_most_recent_matches_are_ranked(journal, monkeypatch):
    """RANK_AT_MOST bounds the work for a word in nearly every entry of a huge journal."""
    monkeypatch.setattr(reads, "RANK_AT_MOST", 2)
    found = journal.json("search", "after OR shift OR person OR hard OR skills")
    assert set(ids(found)) <= {4, 3}  # the two most recently written with answers


def test_entry_filters_compare_and_copy_by_value():
    chosen = EntryFilters(tags=["family"], shared=True)
    assert chosen == EntryFilters(tags=("family",), shared=True) != EntryFilters()
    assert chosen.replace(include_drafts=False).include_drafts is False
    assert chosen.include_drafts is True and "shared=True" in repr(chosen)
    clauses, _ = where_clauses(chosen.replace(include_drafts=False))
    assert "e.status = 'complete'" in clauses


def test_from_batch_failing_half_way_adds_nothing_on_the_plain_connection(journal):
    """reflect --from writes in plain SQL in one transaction: a uuid the journal already
    has, found half-way, must roll back the entry before it too."""
    uuid = journal.json("show", "1")["uuid"]
    before = len(journal.json("list", "-n", "100"))
    batch = [{"date": "yesterday", "answers": {"person": "New and fine"}},
             {"date": "yesterday", "uuid": uuid, "answers": {"person": "Clash"}}]
    result = journal("reflect", "--from", "-", input="\n".join(map(json.dumps, batch)),
                     expect=1)
    assert "already in the journal" in result.stderr
    assert len(journal.json("list", "-n", "100")) == before
    assert journal.json("search", "New and fine") == []
