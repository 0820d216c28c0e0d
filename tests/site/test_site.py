"""The built site in a real browser: Debian's Chromium, headless, allowed to reach 127.0.0.1 only.

Every page is opened once on a laptop-sized screen, cold (empty cache): every chart container
holds a rendered drawing, the console shows no error, no request tried to leave the machine, the
page transferred no more than its budget, and axe-core finds no serious or critical violation.
Then every page at a phone's width, a sample in dark mode, and a chapter as printed."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urlparse

import pytest

from airace import browser as reader
from airace import paths

PAGES = reader.pages()
CHART_PAGES = [p for p in PAGES if reader.draws_charts(p)]
STORY = [p for p in CHART_PAGES if reader.page_kind(p) == "chapter"]
# Pages seen in dark mode and at the second phone width: the front page, every chapter, the
# province index and one profile (all profiles share one notebook and one layout).
SAMPLE = sorted({"book/intro.html", *STORY, "book/provinces/provinces.html", "book/provinces/440000.html"}
                & set(PAGES))


@pytest.fixture(scope="module")
def chromium():
    if not reader.CHROMIUM:
        pytest.fail("chromium is not installed: `make test` installs Debian's chromium package")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=reader.CHROMIUM, args=reader.FLAGS)
        yield browser
        browser.close()


def visit(chromium, url, *, width: int = 1280, scheme: str = "light"):
    """Open a page in a fresh context (cold cache) with every off-machine request blocked; return
    the context, the page and what went wrong."""
    context = chromium.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    problems = {"console": [], "blocked": [], "failed": []}

    def guard(route):
        host = urlparse(route.request.url).hostname
        if route.request.url.startswith(("data:", "blob:")) or host == "127.0.0.1":
            route.continue_()
        else:
            problems["blocked"].append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    page.on("console", lambda m: problems["console"].append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems["console"].append(str(e)))
    page.on("requestfailed", lambda r: problems["failed"].append(r.url))
    page.goto(url, wait_until="load")
    return context, page, problems


def redirect_target(page_path: str) -> str | None:
    """index.html only redirects (meta refresh) to the first page: the test follows it."""
    html = (paths.SITE / page_path).read_text(encoding="utf-8")
    match = re.search(r'http-equiv="refresh" content="\d+;\s*url=([^"]+)"', html, re.I)
    return match.group(1) if match else None


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
                reader.wait_for_charts(page)
                seen[page_path] = dict(
                    problems=problems, expected=expected, charts=page.evaluate(CHART_STATE),
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
            assert chart["paths"] == 34, f"{chart['id']}: a map draws one path per province"


@pytest.mark.parametrize("page_path", PAGES)
def test_page_weight_is_within_budget(laptop, page_path):
    """Cold, as the browser transfers it; Vega only where a chart is drawn; no icon script."""
    transferred = laptop(page_path)["transferred"]
    total = sum(entry["bytes"] for entry in transferred)
    urls = [entry["url"] for entry in transferred]
    largest = sorted(transferred, key=lambda e: -e["bytes"])[:5]
    assert total <= reader.budget(page_path), f"{page_path}: {total:,} bytes; largest: {largest}"
    assert not any("fontawesome.js" in u for u in urls), "the theme's 1.5 MB icon script is loaded"
    loads_vega = any(u.split("?")[0].endswith("/vega.min.js") for u in urls)
    assert loads_vega == reader.draws_charts(page_path), f"{page_path}: Vega loaded: {loads_vega}"


def serious(violations):
    return [v for v in violations if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("page_path", PAGES)
def test_no_serious_accessibility_violation(laptop, page_path):
    assert not serious(laptop(page_path)["violations"])


# ---------------------------------------------------------------------------------------------
# Phones

# Everything a phone reader could lose: sideways scroll, a chart wider than the text column, a map
# province off screen, a label Vega cut short ("…"), a title wider than its box.
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

def test_no_code_or_notebook_furniture_on_reader_pages(site):
    for page_path in CHART_PAGES:
        html = (site / page_path).read_text(encoding="utf-8")
        assert "cell_input" not in html and "Show code cell" not in html, f"{page_path} shows code"
        # Authors still get the executed notebook: one download link per page.
        source = f"_sources/{page_path[:-len('.html')]}.ipynb"
        assert len(re.findall(re.escape(source), html)) == 1, f"{page_path}: no single link to {source}"
        assert (site / source).exists()


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
    import importlib.util
    spec = importlib.util.spec_from_file_location("airace_site", paths.BOOK / "_ext" / "airace_site.py")
    extension = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(extension)
    page = '<p title="广东">Guangdong (广东), as printed: 廣東出臺</p><script>var s = "广东";</script>'
    marked = extension.mark_chinese(page)
    assert marked == ('<p title="广东">Guangdong (<span lang="zh-Hans">广东</span>), as printed: '
                      '<span lang="zh-Hant">廣東出臺</span></p><script>var s = "广东";</script>')
    assert extension.mark_chinese(marked) == marked


def test_the_language_check_can_fail():
    check = _LanguageCheck()
    check.feed('<p lang="en">北京 <span lang="zh-Hans">上海</span></p>')
    assert check.unmarked == ["北京"]


def test_every_chapter_has_its_charts(site):
    """Two maps and three other charts at least in each chapter page."""
    from airace.chapters import CHAPTERS
    for chapter in CHAPTERS:
        if chapter.part != "Chapters":
            continue
        html = (site / "book" / "chapters" / f"{chapter.name}.html").read_text(encoding="utf-8")
        # A map with a highlighted province draws the geometry twice (areas and outline): count figures.
        maps = sum('"type":"topojson"' in figure for figure in html.split('class="airace-figure"')[1:])
        figures = html.count('class="airace-figure"')
        assert maps >= 2, chapter.name
        assert figures - maps >= 3, chapter.name


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
