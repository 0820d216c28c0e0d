"""The corrections log as a reader meets it, and the wrong wordings as a corpus that must never
come back (book/corrections.csv, airace/corrections.py)."""

from __future__ import annotations

import html
import re

import pytest
from support import PAGES

from airace import corrections

LOG = corrections.corrections()
CHANGELOG = "book/changelog.html"


def reader_text(page_html: str) -> str:
    """A page's text as a reader sees it: no scripts, styles or tags; entities read; spaces as one."""
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", page_html, flags=re.S)
    text = re.sub(r"</?(span|a|em|strong|code)\b[^>]*>", "", text)   # inline: no space where they were
    text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    return re.sub(r"\s+", " ", text)


@pytest.fixture(scope="module")
def texts(site):
    return {p: reader_text((site / p).read_text(encoding="utf-8")) for p in PAGES}


def back_on(texts: dict[str, str], wording: str) -> list[str]:
    """The pages that say `wording`. The changelog quotes what each corrected page said, in its
    Corrections table; nowhere else may a corrected wording appear."""
    return [p for p, text in texts.items() if p != CHANGELOG and wording in text]


@pytest.mark.parametrize("correction", LOG, ids=lambda c: f"{c.pages[0]}:{c.wrong[:30]}")
def test_a_corrected_wording_never_comes_back(texts, correction):
    back = back_on(texts, correction.wrong)
    assert not back, f"the corrected wording {correction.wrong!r} is back on {back}"


PAGE_CORRECTIONS = [(page, c) for c in LOG for page in c.pages]


@pytest.mark.parametrize("page,correction", PAGE_CORRECTIONS, ids=lambda x: x if isinstance(x, str) else x.wrong[:30])
def test_a_corrected_page_says_so_and_links_to_the_log(site, page, correction):
    page_html = (site / f"{page}.html").read_text(encoding="utf-8")
    note = re.search(r'<details class="airace-corrected">(.*?)</details>', page_html, re.S)
    assert note, f"{page} does not say it was corrected"
    assert correction.what in reader_text(note.group(1))   # Chinese in it is wrapped in <span lang>
    assert re.search(r'href="[^"]*changelog\.html#corrections"', note.group(1))


def test_the_changelog_lists_every_correction(site):
    page_html = (site / CHANGELOG).read_text(encoding="utf-8")
    assert 'id="corrections"' in page_html
    table = reader_text(page_html.split('id="corrections"', 1)[1])
    for correction in LOG:
        assert correction.what in table and correction.wrong in table, correction


def test_the_check_finds_a_wording_that_came_back(texts):
    """The corpus check can fail: a page that says a corrected wording again is found."""
    wording = "a wording corrected and planted again"
    planted = dict(texts, **{"book/method.html": texts["book/method.html"] + " " + wording})
    assert back_on(planted, wording) == ["book/method.html"]
