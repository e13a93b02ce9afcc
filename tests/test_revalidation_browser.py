"""The printed portfolio as headless Chromium draws it: a PDF with a page per account,
and a screenshot with real ink. Nothing in the page is fetched from anywhere."""

from __future__ import annotations

import re

import pytest
from test_revalidation import RENEWAL, everything_done
from test_trends_browser import CHROMIUM, IN_CI, chromium, decode_png

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(CHROMIUM is None and not IN_CI,
                       reason="chromium is not installed (apt-get install chromium)"),
]


@pytest.fixture
def portfolio(kj, tmp_path):
    kj("registration", "nmc", "--renewal", RENEWAL)
    everything_done(kj)
    path = tmp_path / "portfolio.html"
    kj("portfolio", "-o", str(path))
    return path


def test_the_page_is_self_contained_with_print_styles(portfolio):
    page = portfolio.read_text()
    assert "@media print" in page and "break-before: page" in page and "@page" in page
    assert not re.search(r"(src|href)=|https?://|@import|url\(", page)
    assert page.count('<section class="account">') == 5


def test_chromium_prints_a_page_per_account(portfolio, tmp_path):
    pdf = tmp_path / "portfolio.pdf"
    chromium(tmp_path, f"--print-to-pdf={pdf}", "--no-pdf-header-footer", portfolio.as_uri())
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf.read_bytes()))
    # The checklist and practice hours, CPD, feedback, five accounts (each on its own
    # page), then the discussion and confirmation after the last account.
    assert pages >= 8, pages


def test_chromium_draws_the_page(portfolio, tmp_path):
    shot = tmp_path / "shot.png"
    chromium(tmp_path, f"--screenshot={shot}", "--window-size=900,1200", portfolio.as_uri())
    width, height, rows = decode_png(shot.read_bytes())
    assert (width, height) == (900, 1200)
    background = rows[0][:3]
    inked = sum(1 for row in rows[::4] for x in range(0, len(row), 12)
                if row[x:x + 3] != background)
    assert inked / (len(rows[::4]) * (len(rows[0]) // 12)) > 0.01
