"""The --html page as a real browser draws it: headless Chromium from Debian's packages.

Checks the rendered page, not only the HTML string: a screenshot of the right size
with real (non-background) pixels, and the chart elements in the DOM Chromium built.
Skipped only on a machine without Chromium outside CI; in CI (CI=true) it must run,
and .ci/run installs chromium.
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
import zlib
from datetime import date, timedelta

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
IN_CI = os.environ.get("CI", "").lower() == "true"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(CHROMIUM is None and not IN_CI,
                       reason="chromium is not installed (apt-get install chromium)"),
]


def chromium(tmp_path, *args: str) -> subprocess.CompletedProcess:
    assert CHROMIUM, "CI=true but chromium is missing: .ci/run should install it"
    profile = tmp_path / "chromium-profile"
    profile.mkdir(exist_ok=True)
    return subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", f"--user-data-dir={profile}", *args],
        capture_output=True, text=True, timeout=120, check=True,
    )


def decode_png(data: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and unfiltered rows of an 8-bit RGB or RGBA PNG (stdlib only)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    position, chunks, width = 8, [], 0
    while position < len(data):
        (length,), kind = struct.unpack(">I", data[position:position + 4]), \
            data[position + 4:position + 8]
        body = data[position + 8:position + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and colour in (2, 6), (depth, colour)
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            chunks.append(body)
        position += 12 + length
    raw = zlib.decompress(b"".join(chunks))
    stride = width * channels
    rows, previous = [], bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        for x in range(stride):
            left = line[x - channels] if x >= channels else 0
            up, up_left = previous[x], previous[x - channels] if x >= channels else 0
            if kind == 1:
                line[x] = (line[x] + left) & 255
            elif kind == 2:
                line[x] = (line[x] + up) & 255
            elif kind == 3:
                line[x] = (line[x] + (left + up) // 2) & 255
            elif kind == 4:
                guess = left + up - up_left
                best = min((abs(guess - left), 0, left), (abs(guess - up), 1, up),
                           (abs(guess - up_left), 2, up_left))[2]
                line[x] = (line[x] + best) & 255
        rows.append(bytes(line))
        previous = line
    return width, height, [bytes(row[i] for i in range(len(row)) if i % channels < 3)
                           for row in rows]


@pytest.fixture
def page(kj, tmp_path):
    """The trends page of a journal with a rise in strain, a gap and a flag."""
    start = date.today() - timedelta(weeks=11)
    entries = []
    for week in range(12):
        if week == 4:
            continue  # a week without a check-in
        level = 1 if week < 7 else 3
        for day in (0, 2):
            shift_date = start + timedelta(weeks=week, days=day)
            if shift_date <= date.today():
                entries.append({"date": shift_date.isoformat(), "shift": "night",
                                "checkin": {"exhaustion": level, "dread": level,
                                            "detachment": level, "support": 4 - level,
                                            "recovery": 4 - level},
                                "answers": {"person": "An invented note."}})
    kj.add(*entries)
    path = tmp_path / "trends.html"
    kj("trends", "--html", str(path))
    return path


def test_chromium_draws_the_page(page, tmp_path):
    screenshot = tmp_path / "shot.png"
    # Tall enough to reach the charts below the signs and the support list.
    chromium(tmp_path, f"--screenshot={screenshot}", "--window-size=1200,2600",
             page.as_uri())
    width, height, rows = decode_png(screenshot.read_bytes())
    assert (width, height) == (1200, 2600)
    background = rows[0][:3]
    inked = sum(1 for row in rows[::4] for x in range(0, len(row), 12)
                if row[x:x + 3] != background)
    sampled = len(rows[::4]) * (len(rows[0]) // 12)
    assert inked / sampled > 0.02, f"only {inked} of {sampled} sampled pixels are drawn"
    # Some of the ink is the charts' blue line, not only black text.
    blue = sum(1 for row in rows for x in range(0, len(row), 3)
               if row[x + 2] > 110 and row[x] < 90)
    assert blue > 200


def test_chromium_builds_the_charts_and_flags(page, tmp_path):
    dom = chromium(tmp_path, "--dump-dom", page.as_uri()).stdout
    charts = re.findall(r'<svg class="chart" data-signal="([a-z-]+)"', dom)
    assert charts == ["strain", "resources", "exhaustion", "detachment", "dread", "recovery",
                      "connection", "difference", "agency", "support", "right-care", "entries"]
    assert dom.count('class="point"') > 50
    assert dom.count('class="gap"') >= 10  # the quiet week, on every rating chart
    assert 'class="flag"' in dom  # a shaded band where a sign was seen
    assert "Exhaustion was 3 or more" in dom
    assert "not a clinical measure" in dom
