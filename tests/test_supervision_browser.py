"""The `kj supervision --html` page as headless Chromium draws it: own words first,
only what was chosen (detachment and the summaries hidden here), charts for the rest."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from test_trends_browser import CHROMIUM, IN_CI, chromium, decode_png

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(CHROMIUM is None and not IN_CI,
                       reason="chromium is not installed (apt-get install chromium)"),
]


@pytest.fixture
def page(kj, tmp_path):
    today = date.today()
    kj("supervision", "record", "-d", (today - timedelta(days=20)).isoformat(),
       "--kind", "clinical", "--action", "Ask for a debrief after hard shifts.")
    kj.add(*[{"date": (today - timedelta(days=days)).isoformat(), "shift": "night",
              "supervision": days == 3,
              "checkin": {"exhaustion": 3, "dread": 2, "detachment": 4, "support": 1},
              "answers": {"person": f"An invented night, {days} days ago."}}
             for days in range(1, 19, 2)])
    kj("supervision", "choose", "--hide", "detachment", "--hide", "summaries")
    path = tmp_path / "supervision.html"
    kj("supervision", "--html", str(path))
    return path


def test_chromium_draws_only_what_was_chosen(page, tmp_path):
    dom = chromium(tmp_path, "--dump-dom", page.as_uri()).stdout
    charts = re.findall(r'<svg class="chart" data-signal="([a-z-]+)"', dom)
    assert "detachment" not in charts and "strain" not in charts
    assert charts[:2] == ["exhaustion", "dread"] and charts[-1] == "entries"
    assert "Detachment" not in dom and "Strain" not in dom
    text = re.sub(r"<[^>]+>", " ", dom)
    assert text.index("Ask for a debrief") < text.index("An invented night, 3 days ago") \
        < text.index("Summary")
    screenshot = tmp_path / "shot.png"
    chromium(tmp_path, f"--screenshot={screenshot}", "--window-size=1000,2000",
             page.as_uri())
    width, height, rows = decode_png(screenshot.read_bytes())
    assert (width, height) == (1000, 2000)
    blue = sum(1 for row in rows for x in range(0, len(row), 3)
               if row[x + 2] > 110 and row[x] < 90)
    assert blue > 200  # the charts' line is drawn
