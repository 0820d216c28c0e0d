"""The built site as a phone reader and a printer see it: every page at 360 pixels and a sample at
390 (no sideways scroll, no chart wider than its column, no label cut short), the sample in light
and dark mode (chart text contrast, axe-core), and a chapter printed to PDF."""

from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest
from support import PAGES, SAMPLE, STORY, redirect_target, serious, visit

from airace import paths
from airace.site import browser as reader

PHONE_STATE = """() => {
  const column = el => (el.closest('article') || document.body).getBoundingClientRect();
  const charts = Array.from(document.querySelectorAll('.airace-chart')).map(el => {
    const svg = el.querySelector('svg');
    const box = svg ? svg.getBoundingClientRect() : {left: 0, right: 0, width: 0};
    const col = column(el);
    const shapes = Array.from(el.querySelectorAll('g.mark-shape path')).map(p => p.getBoundingClientRect());
    return {id: el.id, left: box.left, right: box.right, width: box.width, colLeft: col.left, colRight: col.right,
            offscreen: shapes.filter(r => r.width > 0 && (r.left < col.left - 1 || r.right > col.right + 1)).length,
            truncated: Array.from(el.querySelectorAll('text')).map(t => t.textContent).filter(t => t.endsWith('…'))};
  });
  const titles = Array.from(document.querySelectorAll('.airace-title, .airace-subtitle, h1, h2'))
    .filter(t => t.scrollWidth > t.clientWidth + 1).map(t => t.textContent.slice(0, 60));
  return {viewport: window.innerWidth, scroll: document.documentElement.scrollWidth, charts, titles};
}"""


def phone_cases():
    return [(p, 360) for p in PAGES] + [(p, 390) for p in SAMPLE]


@pytest.mark.parametrize("page_path,width", phone_cases())
def test_page_fits_a_phone(chromium, site_url, page_path, width):
    context, page, problems = visit(chromium, f"{site_url}/{page_path}", width=width)
    try:
        target = redirect_target(page_path)
        if target:  # the front page's address leads to the intro: test the page the reader lands on
            page.wait_for_url(lambda u: u.endswith(target.lstrip("./")), timeout=10_000)
            page.wait_for_load_state("load")
        reader.wait_for_charts(page)
        state = page.evaluate(PHONE_STATE)
        # What is fine on a laptop can fail on a phone (a table that now scrolls, say).
        violations = reader.run_axe(page) if width == 360 else []
    finally:
        context.close()
    assert not serious(violations), "axe-core at 360 pixels"
    assert state["scroll"] <= state["viewport"], f"the page scrolls sideways: {state['scroll']} > {width}"
    for chart in state["charts"]:
        assert chart["width"] > 0, f"{chart['id']} was not drawn"
        assert chart["left"] >= chart["colLeft"] - 1 and chart["right"] <= chart["colRight"] + 1, \
            f"{chart['id']} is wider than its column: {chart}"
        assert chart["offscreen"] == 0, f"{chart['id']}: {chart['offscreen']} provinces fall outside the column"
        assert not chart["truncated"], f"{chart['id']}: labels cut short: {chart['truncated']}"
    assert not state["titles"], f"titles wider than the screen: {state['titles']}"


# ---------------------------------------------------------------------------------------------
# Dark mode: charts follow the reader's colour scheme

CONTRAST = """() => {
  const rgb = s => (s.match(/[\\d.]+/g) || []).map(Number);
  const lum = c => { const [r, g, b] = c.slice(0, 3).map(v => { v /= 255;
    return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  const page = rgb(getComputedStyle(document.body).backgroundColor);
  const texts = Array.from(document.querySelectorAll('.airace-chart svg text')).filter(t => t.textContent.trim());
  const low = texts.map(t => ({text: t.textContent, fill: getComputedStyle(t).fill,
                               ratio: ratio(rgb(getComputedStyle(t).fill), page)}))
    .filter(t => t.ratio < 4.5);
  const backgrounds = Array.from(document.querySelectorAll('.airace-chart svg'))
    .map(svg => getComputedStyle(svg).backgroundColor)
    .filter(c => c !== 'rgba(0, 0, 0, 0)' && c !== 'transparent');
  return {page: getComputedStyle(document.body).backgroundColor, texts: texts.length, low, backgrounds,
          theme: document.documentElement.dataset.theme};
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("page_path", SAMPLE)
def test_charts_and_captions_follow_the_colour_scheme(chromium, site_url, page_path, scheme):
    context, page, problems = visit(chromium, f"{site_url}/{page_path}", width=1280, scheme=scheme)
    try:
        reader.wait_for_charts(page)
        state = page.evaluate(CONTRAST)
        violations = reader.run_axe(page) if scheme == "dark" else []
    finally:
        context.close()
    assert state["theme"] == scheme, "the page did not follow the reader's colour scheme"
    assert not state["backgrounds"], f"charts paint their own background: {state['backgrounds']}"
    assert not state["low"], f"chart text below 4.5:1 against {state['page']}: {state['low'][:5]}"
    if reader.draws_charts(page_path):
        assert state["texts"] > 0
    assert not serious(violations), "axe-core in dark mode"


# ---------------------------------------------------------------------------------------------
# Print

PRINT_STATE = """() => {
  const shown = el => getComputedStyle(el).display !== 'none' && el.getClientRects().length > 0;
  return {figures: document.querySelectorAll('.airace-figure').length,
          charts: Array.from(document.querySelectorAll('.airace-chart')).filter(shown).length,
          images: Array.from(document.querySelectorAll('.airace-figure img')).filter(shown).length,
          pngs: Array.from(document.querySelectorAll('.airace-figure img.airace-static')).map(i => i.src),
          furniture: Array.from(document.querySelectorAll('nav, button, .bd-header, .bd-sidebar-primary, .prev-next-area'))
            .filter(shown).map(el => el.tagName + '.' + el.className).slice(0, 5)};
}"""


@pytest.mark.parametrize("page_path", STORY[:1])
def test_print_shows_each_chart_once_without_navigation(chromium, site_url, page_path):
    context, page, problems = visit(chromium, f"{site_url}/{page_path}")
    try:
        reader.wait_for_charts(page)
        page.emulate_media(media="print")
        # The images are lazy on screen; the page fetches them when it is about to print.
        page.wait_for_function("() => Array.from(document.querySelectorAll('img.airace-static'))"
                               ".every(i => i.complete && i.naturalWidth > 0)", timeout=20_000)
        state = page.evaluate(PRINT_STATE)
        pdf = page.pdf(format="A4")
    finally:
        context.close()
    assert state["figures"] > 0
    assert state["charts"] == 0, "interactive charts print as well as their images"
    assert state["images"] == state["figures"], state
    assert not state["furniture"], f"navigation or buttons print: {state['furniture']}"
    # Every figure's PNG (title and source line drawn in) is in the PDF once, at its own size.
    for png in state["pngs"]:
        width, height = png_size(paths.SITE / urlparse(png).path.lstrip("/"))
        drawn = re.findall(rb"/Subtype\s*/Image\s*/Width %d\s*/Height %d" % (width, height), pdf)
        assert len(drawn) == 1, f"{png} appears {len(drawn)} times in the PDF"


def png_size(path) -> tuple[int, int]:
    """Width and height from a PNG's header (IHDR)."""
    import struct
    return struct.unpack(">II", path.read_bytes()[16:24])


# ---------------------------------------------------------------------------------------------
# The pages as written (no browser needed)
