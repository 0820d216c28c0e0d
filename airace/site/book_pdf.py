"""The whole book as one PDF, printed by Debian's Chromium from the built pages in the order of the
table of contents, as a reader's browser prints them (airace.css's print rules: headline, address
and dateline first, each chart as its image, no navigation).

Each page is printed once and kept (`_build/pdf/`) under a key made of its HTML, the stylesheets
and the chart images it shows; a build prints again only the pages whose key changed, then joins
the pages with pypdf. The PDF goes into the site being built, so it is published with the pages
it was printed from, or not at all."""

from __future__ import annotations

import hashlib
import html
import io
import json
import re
from pathlib import Path

import yaml

from airace import paths
from airace.site import browser, predraw

class PrintError(RuntimeError):
    """The book could not be printed: the build stops and the published site stays as it was."""


PDF_NAME = "china-local-ai-race.pdf"
TARGET = Path("_static") / "downloads" / PDF_NAME
CACHE = paths.BUILD / "pdf"
IMAGE = re.compile(r'<img[^>]+src="([^"]+\.png)"')


def page_order(toc: Path = paths.TOC) -> list[str]:
    """The book's pages as the table of contents orders them: 'book/intro', 'book/chapters/…', …"""
    def walk(entries):
        for entry in entries or []:
            yield entry["file"]
            yield from walk(entry.get("sections"))

    book = yaml.safe_load(toc.read_text(encoding="utf-8"))
    pages = [book["root"]]
    for part in book.get("parts", []):
        pages += list(walk(part.get("chapters")))
    return pages


def page_key(site: Path, page: str) -> str:
    """What a printed page depends on: its HTML, the site's stylesheets and the images it shows.
    The pre-drawn pictures are left out: they do not print (each chart's PNG does), and the page is
    printed while they are drawn (airace/site/build.py), before or after they are filled in."""
    html_file = site / f"{page}.html"
    text = predraw.without_pictures(html_file.read_text(encoding="utf-8"))
    parts = [text.encode("utf-8")]
    parts += [p.read_bytes() for p in sorted((site / "_static").glob("*.css"))]
    for src in sorted(set(IMAGE.findall(text))):
        image = (html_file.parent / src).resolve()
        if image.is_file():
            parts.append(image.read_bytes())
    return hashlib.sha256(b"\0".join(parts)).hexdigest()


# Chart images are lazy on screen: fetch them all and wait, as "Print or save as PDF" does.
FETCH_IMAGES = """() => Promise.all(Array.from(document.querySelectorAll('img.airace-static')).map(img => {
  img.loading = 'eager';
  return img.complete && img.naturalWidth > 0 ? null
    : new Promise(done => { img.addEventListener('load', done, {once: true}); img.addEventListener('error', done, {once: true}); });
}))"""


def print_pages(site: Path, pages: list[str]) -> dict[str, bytes]:
    """Each page printed to A4 by Chromium, from the site served as the host serves it."""
    from playwright.sync_api import sync_playwright  # heavy: only a build that prints needs it

    printed = {}
    with browser.serve(site) as url, sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=browser.CHROMIUM, args=browser.FLAGS)
        try:
            context = chromium.new_context(viewport={"width": 1000, "height": 1400})
            # The book is printed from the machine: nothing off it is fetched.
            context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(url)
                          else route.abort())
            page = context.new_page()
            for name in pages:
                try:
                    page.goto(f"{url}/{name}.html", wait_until="load")
                    page.emulate_media(media="print")
                    page.evaluate(FETCH_IMAGES)
                except Exception as error:  # playwright's errors: name the page, not a traceback
                    raise PrintError(f"printing {name}.html to the book's PDF failed: {error}") from None
                printed[name] = page.pdf(format="A4", print_background=False, display_header_footer=True,
                                         header_template="<span></span>",
                                         footer_template="<div style='font-size:8px;width:100%;text-align:center'>"
                                                         "<span class='pageNumber'></span></div>",
                                         margin={"top": "15mm", "bottom": "15mm", "left": "15mm", "right": "15mm"})
        finally:
            chromium.close()
    return printed


def write_book_pdf(site: Path, log=print) -> Path:
    """Print the pages whose key changed, join every page into `site`/_static/downloads/, return it."""
    if not browser.CHROMIUM:
        raise PrintError("the book's PDF is printed by Debian's chromium, which is not installed: "
                           "`make chromium` installs it")
    from pypdf import PdfWriter  # only a build that joins the PDF needs it

    pages = [p for p in page_order() if (site / f"{p}.html").exists()]
    CACHE.mkdir(parents=True, exist_ok=True)
    keys = {p: page_key(site, p) for p in pages}
    stored = CACHE / "keys.json"
    old = json.loads(stored.read_text()) if stored.exists() else {}
    cached = lambda p: CACHE / f"{p.replace('/', '-')}.pdf"  # noqa: E731
    todo = [p for p in pages if old.get(p) != keys[p] or not cached(p).exists()]
    if todo:
        for name, data in print_pages(site, todo).items():
            cached(name).write_bytes(data)
    stored.write_text(json.dumps(keys, sort_keys=True, indent=0))
    writer = PdfWriter()
    for name in pages:
        writer.append(io.BytesIO(cached(name).read_bytes()), outline_item=_title(site, name))
    # The same pages give the same bytes: no creation date, a fixed identifier.
    writer.add_metadata({"/Title": "China's local AI race", "/Producer": "airace (Chromium, pypdf)"})
    target = site / TARGET
    target.parent.mkdir(parents=True, exist_ok=True)
    out = io.BytesIO()
    writer.write(out)
    target.write_bytes(out.getvalue())
    log(f"  book PDF: {len(pages)} pages printed into one ({len(todo)} printed anew), "
        f"{target.stat().st_size / 1e6:.1f} MB")
    return target


def _title(site: Path, page: str) -> str:
    found = re.search(r"<title>(.*?)</title>", (site / f"{page}.html").read_text(encoding="utf-8"), re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", found.group(1))).split(" — ")[0].strip() if found else page
