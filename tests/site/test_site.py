"""The built site in a real browser: Debian's Chromium, headless, allowed to reach 127.0.0.1 only.

Every page is opened once on a laptop-sized screen, cold (empty cache): every chart container
holds a rendered drawing, the console shows no error, no request tried to leave the machine, the
page transferred no more than its budget, and axe-core finds no serious or critical violation.
The phone, dark-mode and print checks are in test_phone.py."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from support import CHART_PAGES, PAGES, redirect_target, serious, visit

from airace import paths
from airace.site import browser as reader

CHART_STATE = """() => Array.from(document.querySelectorAll('.airace-chart')).map(el => {
  const drawn = el.querySelector('svg, canvas');
  const box = drawn ? drawn.getBoundingClientRect() : {width: 0, height: 0};
  const shapes = el.querySelector('g.mark-shape');
  return {id: el.id, width: box.width, height: box.height,
          paths: shapes ? shapes.querySelectorAll('path').length : null};
})"""


@pytest.fixture(scope="module")
def laptop(chromium, site_url):
    """One cold visit per page at 1280 pixels, made when a test first asks for that page."""
    seen = {}

    def result(page_path):
        if page_path not in seen:
            context, page, problems = visit(chromium, f"{site_url}/{page_path}")
            try:
                target = redirect_target(page_path)
                if target:
                    page.wait_for_url(lambda u: u.endswith(target.lstrip("./")), timeout=10_000)
                    page.wait_for_load_state("load")
                expected = page.locator(".airace-chart").count()
                # First as a reader who only reads (pre-drawn figures), then as one who reaches
                # for the charts (the Vega libraries load and draw them live).
                reader.wait_for_figures(page)
                reading = page.evaluate(reader.TRANSFERRED)
                reader.wait_for_charts(page)
                seen[page_path] = dict(
                    problems=problems, expected=expected, charts=page.evaluate(CHART_STATE), reading=reading,
                    transferred=page.evaluate(reader.TRANSFERRED), violations=reader.run_axe(page))
            finally:
                context.close()
        return seen[page_path]
    return result


@pytest.mark.parametrize("page_path", PAGES)
def test_page_renders_offline(laptop, page_path):
    seen = laptop(page_path)
    problems, charts = seen["problems"], seen["charts"]
    assert not problems["blocked"], f"requests tried to leave the machine: {problems['blocked']}"
    assert not problems["console"], f"console errors: {problems['console']}"
    assert not problems["failed"], f"failed requests: {problems['failed']}"
    assert len(charts) == seen["expected"]
    for chart in charts:
        assert chart["width"] > 0 and chart["height"] > 0, chart
        if chart["paths"] is not None:
            # A map of China draws one path per province; a province page's map of its own places
            # draws that province alone (zoomed to it; test_chart_text checks which one).
            alone = reader.page_kind(page_path) == "profile" and chart["id"].endswith("-places_map")
            assert chart["paths"] == (1 if alone else 34), f"{chart['id']}: a map draws one path per province it shows"


@pytest.mark.parametrize("page_path", PAGES)
def test_page_weight_is_within_budget(laptop, page_path):
    """Cold, as the browser transfers it; Vega only where a reader reaches for a chart; no icon script."""
    reading = [entry["url"] for entry in laptop(page_path)["reading"]]
    assert not any("/vega" in u.split("?")[0] for u in reading), f"{page_path}: Vega loaded for a reader who only reads"
    transferred = laptop(page_path)["transferred"]
    total = sum(entry["bytes"] for entry in transferred)
    urls = [entry["url"] for entry in transferred]
    largest = sorted(transferred, key=lambda e: -e["bytes"])[:5]
    assert total <= reader.budget(page_path), f"{page_path}: {total:,} bytes; largest: {largest}"
    assert not any("fontawesome.js" in u for u in urls), "the theme's 1.5 MB icon script is loaded"
    loads_vega = any(u.split("?")[0].endswith("/vega.min.js") for u in urls)
    assert loads_vega == reader.draws_charts(page_path), f"{page_path}: Vega loaded: {loads_vega}"


@pytest.mark.parametrize("page_path", PAGES)
def test_no_serious_accessibility_violation(laptop, page_path):
    assert not serious(laptop(page_path)["violations"])


# ---------------------------------------------------------------------------------------------
# Phones

# Everything a phone reader could lose: sideways scroll, a chart wider than the text column, a map
# province off screen, a label Vega cut short ("…"), a title wider than its box.
def test_no_code_or_notebook_furniture_on_reader_pages(site):
    for page_path in CHART_PAGES:
        html = (site / page_path).read_text(encoding="utf-8")
        assert "cell_input" not in html and "Show code cell" not in html, f"{page_path} shows code"
        # The header's download menu offers the page's data, not its notebook (test_reader.py
        # checks the menu); authors find the notebooks in the repository.
        assert ".ipynb" not in html, f"{page_path} links to a notebook"


class _LanguageCheck(HTMLParser):
    """Collects text with Chinese characters that is not inside an element marked lang="zh-…"."""
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
    SKIP = {"script", "style", "title"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.unmarked = [], []

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        lang = dict(attrs).get("lang")
        self.stack.append((tag, lang if lang is not None else (self.stack[-1][1] if self.stack else "")))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                return

    def handle_data(self, data):
        if self.stack and (self.stack[-1][0] in self.SKIP or any(t in self.SKIP for t, _ in self.stack)):
            return
        lang = self.stack[-1][1] if self.stack else ""
        if re.search("[\u4e00-\u9fff]", data) and not lang.startswith(("zh-Hans", "zh-Hant")):
            self.unmarked.append(data.strip()[:40])


def test_chinese_text_is_marked_with_its_language(site):
    for page_path in PAGES:
        check = _LanguageCheck()
        check.feed((site / page_path).read_text(encoding="utf-8"))
        assert not check.unmarked, f"{page_path}: Chinese text without lang: {check.unmarked[:5]}"


def test_chinese_runs_are_marked_by_script():
    from airace.site import sphinx_pages as extension
    page = '<p title="广东">Guangdong (广东), as printed: 廣東出臺</p><script>var s = "广东";</script>'
    marked = extension.mark_chinese(page)
    assert marked == ('<p title="广东">Guangdong (<span lang="zh-Hans">广东</span>), as printed: '
                      '<span lang="zh-Hant">廣東出臺</span></p><script>var s = "广东";</script>')
    assert extension.mark_chinese(marked) == marked


def test_the_language_check_can_fail():
    check = _LanguageCheck()
    check.feed('<p lang="en">北京 <span lang="zh-Hans">上海</span></p>')
    assert check.unmarked == ["北京"]


# The tracker draws where targets were set, when they fall due and how far they reach; the four
# story chapters draw two maps and three other charts at least.
LEAST_CHARTS = {"promises": (1, 2)}


def test_every_chapter_has_its_charts(site):
    """Two maps and three other charts at least in each chapter page (the tracker: its own three)."""
    from airace.chapters import CHAPTERS
    for chapter in CHAPTERS:
        if chapter.part != "Chapters":
            continue
        html = (site / "book" / "chapters" / f"{chapter.name}.html").read_text(encoding="utf-8")
        # A map with a highlighted province draws the geometry twice (areas and outline): count figures.
        maps = sum('"type":"topojson"' in figure for figure in html.split('class="airace-figure"')[1:])
        figures = html.count('class="airace-figure"')
        least_maps, least_others = LEAST_CHARTS.get(chapter.name, (2, 3))
        assert maps >= least_maps, chapter.name
        assert figures - maps >= least_others, chapter.name


def test_no_page_refers_to_a_cdn(site):
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        for host in ("cdn.jsdelivr.net", "unpkg.com", "cdnjs.cloudflare.com", "googleapis.com", "cdn.mathjax"):
            assert host not in text, f"{page.relative_to(site)} refers to {host}"
        # No script, stylesheet or font is loaded from another site (a canonical link names the
        # page's own published address and loads nothing).
        remote = re.findall(r'<(?:script|link(?! rel="canonical")|img)[^>]+(?:src|href)="(https?://[^"]+)"', text)
        assert not remote, f"{page.relative_to(site)} loads {remote}"


def test_vega_libraries_are_served_from_the_site(site):
    import json
    lock = json.loads((paths.ROOT / "package-lock.json").read_text())
    for package in ("vega", "vega-lite", "vega-embed"):
        served = site / "_static" / "vendor" / f"{package}.min.js"
        assert served.stat().st_size > 10_000
        assert lock["packages"][f"node_modules/{package}"]["version"] in served.read_text(encoding="utf-8")[:400] \
            or served.read_bytes() == (paths.NODE_MODULES / package / "build" / f"{package}.min.js").read_bytes()


def test_no_placeholder_text_on_any_page(site):
    for page in site.rglob("*.html"):
        if page.relative_to(site).parts[0] in ("_static", "_sources"):
            continue
        text = re.sub(r"<script.*?</script>", "", page.read_text(encoding="utf-8"), flags=re.S)
        for word in ("TODO", "lorem ipsum", "Lorem ipsum", "placeholder text", "FIXME"):
            assert word not in text, f"{page.relative_to(site)} contains {word!r}"
