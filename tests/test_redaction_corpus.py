"""Issue 12, deliverable 5: redaction catches what care notes hold and leaves ordinary
sentences alone, measured per kind on tests/redaction_corpus.py."""

from __future__ import annotations

from datetime import date

import pytest
from redaction_corpus import IDENTIFIERS, NAMES, ORDINARY, figures

from kindjournal.redaction import redact

TODAY = date(2026, 11, 20)


@pytest.mark.parametrize(("kind", "text", "parts"), IDENTIFIERS,
                         ids=[text for _kind, text, _parts in IDENTIFIERS])
def test_each_identifier_is_caught(kind, text, parts):
    out = redact(text, NAMES, TODAY).text
    assert [part for part in parts if part in out] == [], out


@pytest.mark.parametrize(("kind", "text"), ORDINARY, ids=[text for _kind, text in ORDINARY])
def test_each_ordinary_sentence_is_left_alone(kind, text):
    assert redact(text, NAMES, TODAY).text == text


def test_every_kind_is_measured_whole():
    table = figures(lambda text: redact(text, NAMES, TODAY).text)
    assert {kind: done for kind, (done, total) in table.items() if done != total} == {}
    assert sum(total for _done, total in table.values()) >= 70
