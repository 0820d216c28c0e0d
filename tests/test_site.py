"""The built site in a real browser: Debian's Chromium, headless, allowed to reach 127.0.0.1 only.

For every page: every chart container holds a rendered SVG or canvas of nonzero size, the console
shows no error, and no request tried to leave the machine. Maps draw one path per province."""

from __future__ import annotations

import os
import shutil
from urllib.parse import urlparse

import pytest

from airace import paths

CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
# Flags: no sandbox (CI runs as root), and no background services that would try the network.
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run", "--disable-default-apps"]


def pages() -> list[str]:
    """Every page a reader can reach; _static holds the theme's template fragments, not pages."""
    return sorted(str(p.relative_to(paths.SITE)) for p in paths.SITE.rglob("*.html")
                  if p.relative_to(paths.SITE).parts[0] not in ("_static", "_sources"))


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM:
        pytest.fail("chromium is not installed: `make test` installs Debian's chromium package")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()


def visit(browser, url):
    """Open a page with every off-machine request blocked; return the page and what went wrong."""
    context = browser.new_context()
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
    import re
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


@pytest.mark.parametrize("page_path", pages())
def test_page_renders_offline(browser, site_url, page_path):
    context, page, problems = visit(browser, f"{site_url}/{page_path}")
    target = redirect_target(page_path)
    if target:
        page.wait_for_url(lambda u: u.endswith(target.lstrip("./")), timeout=10_000)
        page.wait_for_load_state("load")
    try:
        expected = page.locator(".airace-chart").count()
        if expected:
            page.wait_for_function(
                "() => Array.from(document.querySelectorAll('.airace-chart')).every(e => e.querySelector('svg, canvas'))",
                timeout=20_000)
            # Maps fetch their geometry after the first draw; wait for the network to settle.
            page.wait_for_load_state("networkidle")
        charts = page.evaluate(CHART_STATE)
    finally:
        context.close()
    assert not problems["blocked"], f"requests tried to leave the machine: {problems['blocked']}"
    assert not problems["console"], f"console errors: {problems['console']}"
    assert not problems["failed"], f"failed requests: {problems['failed']}"
    assert len(charts) == expected
    for chart in charts:
        assert chart["width"] > 0 and chart["height"] > 0, chart
        if chart["paths"] is not None:
            assert chart["paths"] == 34, f"{chart['id']}: a map draws one path per province"


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
    import re
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
