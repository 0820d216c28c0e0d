"""Charts at first paint (issue 21): every chart is a pre-drawn figure when the page opens, the Vega
libraries load only when a reader reaches for a chart, and the live chart is the same drawing in
the same box. Timings are measured by `make benchmark` (airace/site/first_paint.py), not here."""

from __future__ import annotations

import pytest
from support import SAMPLE, visit

from airace.site import browser as reader

CHART_SAMPLE = [p for p in SAMPLE if reader.draws_charts(p)]

# Each chart box: the figure shown, its box, and the texts and shapes of the SVG it shows, read from
# the file the browser chose (currentSrc) with the browser's own parser.
FIGURES = """async () => Promise.all(Array.from(document.querySelectorAll('.airace-chart')).map(async el => {
  const img = el.querySelector('picture.airace-predrawn img');
  const shown = img && img.complete && img.naturalWidth > 0;
  let texts = null, paths = null;
  if (shown) {
    const svg = new DOMParser().parseFromString(await (await fetch(img.currentSrc)).text(), 'image/svg+xml');
    texts = Array.from(svg.querySelectorAll('text')).map(t => t.textContent);
    paths = svg.querySelectorAll('path').length;
  }
  return {id: el.id, shown, src: img ? img.currentSrc : null, alt: img ? img.alt : null,
          height: el.getBoundingClientRect().height, texts, paths};
}))"""

LIVE = """() => Array.from(document.querySelectorAll('.airace-chart')).map(el => {
  const svg = el.querySelector('.airace-live svg');
  const picture = el.querySelector('picture.airace-predrawn');
  return {id: el.id, height: el.getBoundingClientRect().height, pictureHidden: picture ? picture.hidden : null,
          label: svg ? svg.getAttribute('aria-label') : null,
          texts: svg ? Array.from(svg.querySelectorAll('text')).map(t => t.textContent) : null,
          paths: svg ? svg.querySelectorAll('path').length : null};
})"""


def vega_requests(requests: list[str]) -> list[str]:
    return [u for u in requests if "/vega" in u.split("?")[0]]


def open_page(chromium, url, *, width, scheme="light", scripts=True):
    context = chromium.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme,
                                   has_touch=width < 600, java_script_enabled=scripts)
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(url, wait_until="load")
    return context, page, requests


@pytest.mark.parametrize("page_path", CHART_SAMPLE)
def test_a_reader_who_only_reads_sees_every_chart_and_never_loads_vega(chromium, site_url, page_path):
    context, page, requests = open_page(chromium, f"{site_url}/{page_path}", width=390)
    try:
        reader.wait_for_figures(page)
        page.mouse.wheel(0, 4000)  # scrolling is reading, not reaching for a chart
        page.wait_for_timeout(1500)
        figures = page.evaluate(FIGURES)
        assert figures, f"{page_path} has no chart box"
        for figure in figures:
            assert figure["shown"] and figure["height"] > 80, figure["id"]
            assert figure["src"].endswith(".phone-light.svg"), f"{figure['id']}: a phone shows {figure['src']}"
            assert figure["alt"], f"{figure['id']}: the figure has no text alternative"
            assert any(t.strip() for t in figure["texts"]), f"{figure['id']}: the figure has no text"
        assert vega_requests(requests) == [], f"{page_path}: Vega loaded with no interaction"
    finally:
        context.close()


@pytest.mark.parametrize("width,scheme", [(390, "light"), (1280, "dark")])
@pytest.mark.parametrize("page_path", CHART_SAMPLE)
def test_the_live_chart_is_the_pre_drawn_figure(chromium, site_url, page_path, width, scheme):
    """Same title, same texts (axis labels, legend, place names: the data it shows), same shapes,
    same height: nothing moves when the live chart takes the figure's place."""
    context, page, requests = open_page(chromium, f"{site_url}/{page_path}", width=width, scheme=scheme)
    try:
        reader.wait_for_figures(page)
        before = page.evaluate(FIGURES)
        variant = ("phone" if width < 600 else "wide") + f"-{scheme}"
        assert all(f["src"].endswith(f".{variant}.svg") for f in before), [f["src"] for f in before]
        # A reader reaches for the first chart: the libraries load, from the site itself.
        page.locator(".airace-chart").first.hover()
        page.wait_for_function("() => document.querySelector('.airace-chart').dataset.drawn === 'true'", timeout=30_000)
        loaded = vega_requests(requests)
        assert len(loaded) == 3 and all(u.startswith(site_url) for u in loaded), loaded
        reader.wait_for_charts(page)
        after = page.evaluate(LIVE)
        for figure, live in zip(before, after, strict=True):
            assert live["pictureHidden"], f"{live['id']}: the pre-drawn figure still shows beside the live chart"
            assert live["label"] == figure["alt"], live["id"]
            assert live["texts"] == figure["texts"], f"{live['id']}: the live chart shows other text"
            assert live["paths"] == figure["paths"], f"{live['id']}: the live chart draws other shapes"
            assert abs(live["height"] - figure["height"]) <= 1, \
                f"{live['id']}: the box was {figure['height']:.1f} px tall and is {live['height']:.1f} px live"
    finally:
        context.close()


@pytest.mark.parametrize("page_path", CHART_SAMPLE)
def test_with_scripts_off_every_chart_shows_is_described_and_links_its_data(chromium, site_url, page_path):
    context, page, requests = open_page(chromium, f"{site_url}/{page_path}", width=390, scheme="dark", scripts=False)
    try:
        page.wait_for_load_state("networkidle")
        figures = page.evaluate("""() => Array.from(document.querySelectorAll('figure.airace-figure')).map(f => {
          const img = f.querySelector('.airace-chart picture img');
          const csv = f.querySelector('a.airace-csv');
          return {id: f.id, shown: !!img && img.complete && img.naturalWidth > 0 && img.getBoundingClientRect().height > 80,
                  src: img ? img.currentSrc : null, alt: img ? img.alt : '',
                  description: (f.querySelector('.airace-description p') || {}).textContent || '',
                  csv: csv ? csv.href : null};
        })""")
        assert figures
        for figure in figures:
            assert figure["shown"], f"{figure['id']}: no figure without scripts"
            # With no script to read the theme's switch, the figures follow the system's scheme.
            assert figure["src"].endswith(".phone-dark.svg"), figure["src"]
            assert figure["alt"] and figure["description"].strip(), figure["id"]
            assert figure["csv"] and context.request.get(figure["csv"]).ok, f"{figure['id']}: {figure['csv']}"
        assert vega_requests(requests) == []
    finally:
        context.close()


def test_figures_follow_the_themes_switch_not_only_the_system(chromium, site_url):
    context, page, _ = open_page(chromium, f"{site_url}/book/chapters/compute.html", width=390, scheme="light")
    try:
        reader.wait_for_figures(page)
        page.evaluate("() => { document.documentElement.dataset.theme = 'dark'; }")
        page.wait_for_function("() => Array.from(document.querySelectorAll('.airace-chart img'))"
                               ".every(i => i.currentSrc.endsWith('.phone-dark.svg') && i.complete)", timeout=10_000)
        page.evaluate("() => { document.documentElement.dataset.theme = 'light'; }")
        page.wait_for_function("() => Array.from(document.querySelectorAll('.airace-chart img'))"
                               ".every(i => i.currentSrc.endsWith('.phone-light.svg'))", timeout=10_000)
    finally:
        context.close()


def test_a_shared_highlight_link_draws_the_charts_for_that_province(chromium, site_url):
    """?highlight= asks for a view the pre-drawn figures (drawn for the page's own province) do
    not show: the page draws its charts live at once."""
    context, page, requests = open_page(chromium, f"{site_url}/book/chapters/compute.html?highlight=510000", width=390)
    try:
        reader.wait_for_charts(page)
        legend = page.evaluate("() => Array.from(document.querySelectorAll('.airace-live svg text')).map(t => t.textContent)")
        assert any(t.startswith("Sichuan (highlighted)") for t in legend), legend
        assert vega_requests(requests)
    finally:
        context.close()


def test_visit_helper_still_sees_a_phone_page_without_scrolling_sideways(chromium, site_url):
    """A pre-drawn figure is never wider than the column: at 360 px the page does not scroll sideways."""
    context, page, problems = visit(chromium, f"{site_url}/book/chapters/policy_race.html", width=360)
    try:
        reader.wait_for_figures(page)
        overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
        widest = page.evaluate("() => Math.max(...Array.from(document.querySelectorAll('.airace-chart img'))"
                               ".map(i => i.getBoundingClientRect().right))")
        assert overflow <= 0 and widest <= 360
    finally:
        context.close()
