"""The built site as readers get it: served on 127.0.0.1 and opened in Debian's Chromium, headless.

Shared by the browser tests and the benchmark, so both measure the same thing the same way:
which kind of page a page is, what it may weigh, and what a cold visit transfers."""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import io
import os
import re
import shutil
import sys
import threading
from pathlib import Path

from airace import paths

CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
# Flags: no sandbox (CI runs as root), and no background services that would try the network.
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run", "--disable-default-apps"]
# axe-core is a development dependency (package.json): injected into pages by the tests, never served.
AXE = paths.NODE_MODULES / "axe-core" / "axe.min.js"

# Page weight budgets, in bytes transferred on a cold visit (empty cache), everything the page
# loads included, text compressed as the host serves it. A reader on a phone pays for every byte: a text page costs less than a
# typical news photo, a chapter with a dozen interactive charts less than a short video clip.
BUDGETS = {"text": 600_000, "charts": 1_500_000}

def pages(site: Path = paths.SITE) -> list[str]:
    """Every page a reader can reach; _static holds the theme's template fragments, not pages."""
    return sorted(str(p.relative_to(site)) for p in site.rglob("*.html")
                  if p.relative_to(site).parts[0] not in ("_static", "_sources"))


REDIRECT = re.compile(r'http-equiv="refresh" content="\d+;\s*url=([^"]+)"', re.I)


def redirect_target(page: str, site: Path = paths.SITE) -> str | None:
    """Where a page that only redirects (index.html, by meta refresh) sends the reader, if anywhere."""
    match = REDIRECT.search((site / page).read_text(encoding="utf-8"))
    return match.group(1) if match else None


def draws_charts(page: str, site: Path = paths.SITE) -> bool:
    """Whether the page a reader lands on draws charts (after a redirect, the page it leads to)."""
    text = (site / page).read_text(encoding="utf-8")
    match = REDIRECT.search(text)
    if match and "://" not in match.group(1):
        text = (site / Path(page).parent / match.group(1).split("#")[0]).read_text(encoding="utf-8")
    return 'class="airace-chart"' in text


def page_kind(page: str, site: Path = paths.SITE) -> str:
    """What a page is, for reporting: a chapter, a province profile, another page with charts, text."""
    parts = Path(page).parts
    if parts[:2] == ("book", "chapters") and draws_charts(page, site):
        return "chapter"
    if parts[:2] == ("book", "provinces") and Path(page).stem.isdigit():
        return "profile"
    return "other page with charts" if draws_charts(page, site) else "text"


def budget(page: str, site: Path = paths.SITE) -> int:
    return BUDGETS["charts"] if draws_charts(page, site) else BUDGETS["text"]


# Text files the host (GitHub Pages) sends gzip-compressed to browsers that accept it.
COMPRESSED = (".html", ".css", ".js", ".json", ".svg", ".csv", ".txt", ".xml")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    compress = True

    def log_message(self, *args):
        pass

    def send_head(self):
        """Text files gzip-compressed, as the site's host serves them; everything else as is."""
        path = Path(self.translate_path(self.path))
        if not (self.compress and path.is_file() and path.suffix in COMPRESSED
                and "gzip" in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


class _PlainHandler(_QuietHandler):
    compress = False


@contextlib.contextmanager
def serve(site: Path = paths.SITE, compress: bool = True):
    """The site on a free port of 127.0.0.1: text gzip-compressed like the host (GitHub Pages)
    serves it, or, with compress=False, every file as it is on disk."""
    handler = functools.partial(_QuietHandler if compress else _PlainHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    # A page left before a file finished sending (a print moving on) is not an error of the build.
    quiet = server.handle_error
    server.handle_error = lambda request, address: None if isinstance(
        sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)) else quiet(request, address)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


# Bytes the browser transferred for the page and everything it loaded, from the Resource Timing
# API: transferSize counts headers and body as they came over the wire (0 for cache hits).
TRANSFERRED = """() => {
  const entries = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')];
  return entries.map(e => ({url: e.name, bytes: e.transferSize}));
}"""

CHARTS_DRAWN = ("() => Array.from(document.querySelectorAll('.airace-chart'))"
                ".every(e => e.querySelector('svg, canvas') && e.dataset.drawn)")

# A pre-drawn figure (airace/site/predraw.py) has arrived and shows in every chart box.
FIGURES_SHOWN = ("() => Array.from(document.querySelectorAll('.airace-chart')).every(e => {"
                 " const img = e.querySelector('picture.airace-predrawn img');"
                 " return img && img.complete && img.naturalWidth > 0; })")


def wait_for_figures(page, timeout: int = 30_000) -> None:
    """Every chart box shows its pre-drawn figure: the page as a reader who only reads gets it."""
    if page.locator(".airace-chart").count():
        page.wait_for_function(FIGURES_SHOWN, timeout=timeout)
    page.wait_for_load_state("networkidle")


def wait_for_charts(page, timeout: int = 30_000) -> None:
    """Every chart drawn live, as for a reader who reaches for them (airace-charts.js loads the
    Vega libraries and draws a chart only then), and the geometry maps fetch has arrived."""
    if page.locator(".airace-chart").count():
        # A page made for a test may draw its charts itself, without airace-charts.js.
        page.evaluate("() => { if (window.airaceCharts) window.airaceCharts.drawAll(); }")
        page.wait_for_function(CHARTS_DRAWN, timeout=timeout)
    page.wait_for_load_state("networkidle")


def run_axe(page) -> list[dict]:
    """axe-core's violations on the page as it is now (WCAG 2.x A and AA rules, best practices)."""
    page.add_script_tag(path=str(AXE))
    return page.evaluate("""async () => {
      const result = await axe.run(document, {resultTypes: ['violations']});
      return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5), count: v.nodes.length}));
    }""")
