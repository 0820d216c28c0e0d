"""An attacker's data, end to end: hostile HTML, scripts, MyST roles and links are written into
every kind of text field that reaches a page (place names, source names, quotes, notes, policy
titles, fund, agency, exchange and voucher names, publishers); the whole book is rebuilt in a
scratch copy, and the site must show them as text: no element, no script, no link, no file."""

from __future__ import annotations

import csv
import html
import io
import json
from html.parser import HTMLParser
from pathlib import Path

import pytest
from support import run_airace as airace
from support import scratch_repo

from airace.site import browser as reader

IMG = "<img src=x onerror=alert(1)>"
SCRIPT = "<script>alert(1)</script>"
ROLE = "{download}`/etc/passwd`"
LINK = "[read](javascript:alert(1))"
# Every character HTML gives a meaning: a tag, and quotes and an ampersand that could close an
# attribute or start an entity. Wherever it lands (body, <title>, preview tags, chart data) a
# reader must see exactly these characters, and no <b> element.
MARKUP = "Zh<b>\"x'&y</b>"

# (raw file, column, which rows (a column value, or None for all), payload appended)
INJECTIONS = [
    ("regions.csv", "name_en", ("code", "440000"), f" {IMG}"),
    ("regions.csv", "name_en", ("code", "440300"), f" {ROLE}"),
    ("regions.csv", "name_en", ("code", "510000"), f" {MARKUP}"),
    ("sources.csv", "title_en", ("kind", "article"), f" {MARKUP}"),
    ("facts.csv", "quote", ("region_code", "510000"), f" {MARKUP}"),
    ("facts.csv", "note", ("region_code", "510000"), f" {MARKUP}"),
    ("sources.csv", "producer", ("kind", "article"), f" {ROLE} {SCRIPT}"),
    ("sources.csv", "title_en", None, f" {IMG}"),
    ("facts.csv", "quote", None, f" {SCRIPT}"),
    ("facts.csv", "note", None, f" {ROLE} {LINK}"),
    ("policy_events.csv", "title_en", None, f" {SCRIPT} {ROLE}"),
    ("fund_names_en.csv", "name_en", None, f" {IMG} {LINK}"),
    ("supplementary/data_bureaus_province.csv", "data_agency_name", None, f" {ROLE}"),
    ("supplementary/data_exchanges.csv", "name", None, f" {IMG}"),
    ("supplementary/ai_vouchers.csv", "voucher_type", None, f" {SCRIPT}"),
    ("supplementary/gdp_2024_province.csv", "original_publisher", None, f" {LINK} {IMG}"),
]


def inject(repo: Path) -> None:
    for file, column, where, payload in INJECTIONS:
        path = repo / "data" / "raw" / file
        rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
        for row in rows:
            if where is None or row[where[0]] == where[1]:
                row[column] = row[column] + payload if row[column] else row[column]
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        path.write_text(out.getvalue(), encoding="utf-8")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory, site):
    target = scratch_repo(tmp_path_factory.mktemp("hostile") / "repo")
    inject(target)
    result = airace(target, "build")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return target / "_build" / "html"


class Elements(HTMLParser):
    """What a browser would build from the page: elements with their attributes (entities
    decoded), script texts, the <title>'s text and the text a reader sees."""

    def __init__(self):
        super().__init__()
        self.tags, self.scripts, self.title, self.text = [], [], "", []
        self._in_script, self._in_title, self._script_attrs = False, False, {}

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag in ("script", "style")
        self._in_title = tag == "title"
        self._script_attrs = dict(attrs)

    def handle_endtag(self, tag):
        self._in_script = self._in_title = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append((self._script_attrs, data))
        elif self._in_title:
            self.title += data
        else:
            self.text.append(data)

    def meta(self) -> dict[str, str]:
        return {a.get("property") or a.get("name"): a.get("content") for t, a in self.tags
                if t == "meta" and "content" in a}


def parsed(page: Path) -> Elements:
    elements = Elements()
    elements.feed(page.read_text(encoding="utf-8"))
    elements.close()
    return elements


def html_pages(site: Path) -> list[Path]:
    return [p for p in site.rglob("*.html") if p.relative_to(site).parts[0] not in ("_static", "_sources")]


def test_no_payload_becomes_an_element_a_script_or_a_link(hostile_site):
    for page in html_pages(hostile_site):
        found = parsed(page)
        where = page.relative_to(hostile_site)
        assert not [a for t, a in found.tags if t == "img" and a.get("src") == "x"], where
        assert not [a for t, a in found.tags if "onerror" in a], where
        assert not [a for t, a in found.tags if t == "a" and str(a.get("href", "")).startswith("javascript:")], where
        assert not [s for _, s in found.scripts if s.strip() == "alert(1)"], where
        assert not [t for t, _ in found.tags if t == "b"], where  # the site itself writes no <b>


def test_no_role_published_a_file(hostile_site):
    assert not [p for p in hostile_site.rglob("passwd*")]
    for path in hostile_site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".txt", ".csv", ".json", ""):
            assert "root:x:0:0" not in path.read_text(encoding="utf-8", errors="replace"), path


def test_the_payloads_are_shown_as_text(hostile_site):
    """Escaped, not dropped: a reader sees exactly what the data says."""
    def text(page):
        return html.unescape(page.read_text(encoding="utf-8"))
    guangdong = text(hostile_site / "book" / "provinces" / "440000.html")
    assert f"Guangdong {IMG}" in guangdong
    assert SCRIPT in guangdong and ROLE in guangdong
    assert f"Guangdong {IMG}" in text(hostile_site / "book" / "chapters" / "policy_race.html")
    assert ROLE in text(hostile_site / "book" / "chapters" / "data.html")


SICHUAN = f"Sichuan {MARKUP}"


def test_markup_in_a_name_is_plain_text_in_the_title_and_every_preview_tag(hostile_site):
    """A province's English name reaches its page's <title>, the Open Graph and Twitter tags and
    the description as the very characters of the data: no '<' left raw, no quote closing the
    attribute early, no '&' read as an entity, no quote curled."""
    found = parsed(hostile_site / "book" / "provinces" / "510000.html")
    assert found.title.startswith(f"{SICHUAN} (四川省) "), found.title
    meta = found.meta()
    assert meta["og:title"] == meta["twitter:title"] == f"{SICHUAN} (四川省)"
    assert meta["og:image:alt"] == meta["twitter:image:alt"] == f"Where {SICHUAN} ranks"
    for key in ("og:description", "twitter:description", "description"):
        assert meta[key].startswith(f"{SICHUAN} ranks "), (key, meta[key])


def test_markup_in_names_quotes_and_source_titles_is_shown_as_written(hostile_site):
    """In the text a reader sees: the name, a fact's quotation (the province's facts table) and an
    article's English title (the data page's source list); a fact's note, which no page shows,
    in the published table as written."""
    text = "".join(parsed(hostile_site / "book" / "provinces" / "510000.html").text)
    assert f"{SICHUAN} ranks " in text
    assert f"15EFlops {MARKUP} {SCRIPT}" in text  # fact SC-016's quotation
    assert MARKUP in "".join(parsed(hostile_site / "book" / "chapters" / "data.html").text)
    facts = list(csv.DictReader(io.StringIO((hostile_site / "_static" / "tables" / "facts.csv").read_text(encoding="utf-8"))))
    assert [f["note"] for f in facts if f["fact_id"] == "SC-016"] == [f"15 EFLOPS = 15,000 PFLOPS {MARKUP} {ROLE} {LINK}"]


def test_markup_in_a_name_is_data_in_the_chart_specs(hostile_site):
    """Chart specs sit in <script type="application/json">: the name is a JSON string there, and
    nothing in it can end the script early."""
    found = parsed(hostile_site / "book" / "provinces" / "510000.html")
    specs = [json.loads(text) for attrs, text in found.scripts if attrs.get("type") == "application/json"]
    assert specs

    def strings(node):
        if isinstance(node, dict):
            for value in node.values():
                yield from strings(value)
        elif isinstance(node, list):
            for value in node:
                yield from strings(value)
        elif isinstance(node, str):
            yield node

    assert SICHUAN in {s for spec in specs for s in strings(spec)}
    for attrs, text in found.scripts:
        if attrs.get("type") == "application/json":
            assert "</" not in text, "a '</' inside a script could close it"


def test_no_payload_runs_in_a_browser(hostile_site, chromium):
    """The pages with the most injected text, in Chromium after the charts have drawn: no dialog
    opens and no injected element exists."""
    import functools
    import http.server
    import threading

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(hostile_site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    dialogs = []
    try:
        for page_path in ("book/provinces/440000.html", "book/provinces/510000.html", "book/chapters/policy_race.html",
                          "book/chapters/capital.html", "book/chapters/data.html"):
            page = chromium.new_page()
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.goto(f"http://127.0.0.1:{server.server_address[1]}/{page_path}", wait_until="networkidle")
            # The pre-drawn figures, then the charts drawn live from the hostile data.
            reader.wait_for_figures(page, timeout=20_000)
            reader.wait_for_charts(page, timeout=20_000)
            injected = page.evaluate("() => document.querySelectorAll('img[src=\"x\"], [onerror], b').length")
            assert injected == 0, page_path
            if page_path.endswith("510000.html"):
                assert page.title().startswith(f"{SICHUAN} (四川省)")
                assert page.get_attribute('meta[property="og:title"]', "content") == f"{SICHUAN} (四川省)"
            page.close()
    finally:
        server.shutdown()
    assert dialogs == []
