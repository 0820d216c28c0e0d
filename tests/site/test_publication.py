"""Share, cite, trust: every page of the built site has its canonical address, description and
preview tags, every preview image is in the site, the sitemap lists every page, every chart and
chapter can be linked to and cited, the dates come from the data, the changelog names real files,
CITATION.cff is valid and the dataset archive is complete and reproducible."""

from __future__ import annotations

import io
import json
import re
import zipfile
from html import unescape
from pathlib import Path
from xml.etree import ElementTree

import pytest

from airace import paths, publication
from airace.site import archive

# Utility pages Sphinx writes beside the book's own: not pages to share or list in a sitemap.
UTILITY_PAGES = {"index.html", "search.html", "genindex.html"}


def book_pages(site: Path) -> list[str]:
    return sorted(str(p.relative_to(site)) for p in site.rglob("*.html")
                  if p.relative_to(site).parts[0] not in ("_static", "_sources")
                  and str(p.relative_to(site)) not in UTILITY_PAGES)


def tag(html: str, attribute: str, name: str) -> str | None:
    """The tag's content as a browser reads it: entities decoded (the tags are escaped text)."""
    found = re.search(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)"', html)
    return unescape(found.group(1)) if found else None


def test_the_site_has_pages(site):
    assert len(book_pages(site)) >= 40  # four chapters, 31 profiles, their index, data, method, about...


def test_every_page_has_canonical_description_and_preview_tags(site):
    for page in book_pages(site):
        html = (site / page).read_text(encoding="utf-8")
        url = publication.base_url() + page
        assert f'<link rel="canonical" href="{url}" />' in html, page
        assert tag(html, "property", "og:url") == url, page
        assert tag(html, "property", "og:site_name") == publication.title(), page
        for attribute, name in (("name", "description"), ("property", "og:title"), ("property", "og:description"),
                                ("property", "og:image"), ("property", "og:image:alt"),
                                ("name", "twitter:card"), ("name", "twitter:image")):
            assert (tag(html, attribute, name) or "").strip(), f"{page}: no {name}"
        assert tag(html, "name", "twitter:image") == tag(html, "property", "og:image"), page


def test_every_preview_image_is_in_the_site(site):
    from PIL import Image
    for page in book_pages(site):
        html = (site / page).read_text(encoding="utf-8")
        image = tag(html, "property", "og:image")
        assert image.startswith(publication.base_url()), f"{page}: {image}"
        local = site / image[len(publication.base_url()):]
        assert local.is_file(), f"{page}: preview image {image} is not in the built site"
        assert Image.open(local).format == "PNG"


def test_pages_with_charts_preview_their_lead_chart_and_others_a_titled_card(site):
    from PIL import Image
    chapter = (site / "book/chapters/policy_race.html").read_text(encoding="utf-8")
    first_chart = re.search(r'class="airace-static" src="\.\./\.\./(_static/charts/[^"]+)"', chapter).group(1)
    assert tag(chapter, "property", "og:image") == publication.base_url() + first_chart
    method = (site / "book/method.html").read_text(encoding="utf-8")
    card = tag(method, "property", "og:image")
    assert card == publication.base_url() + "_static/cards/book-method.png"
    assert Image.open(site / "_static/cards/book-method.png").size == (1200, 630)


def test_sitemap_lists_every_page(site):
    tree = ElementTree.parse(site / "sitemap.xml")
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    listed = [loc.text for loc in tree.getroot().findall("s:url/s:loc", namespace)]
    assert len(listed) == len(set(listed)), "a page is listed twice"
    assert set(listed) == {publication.base_url() + page for page in book_pages(site)}


def test_an_incremental_build_still_lists_every_page_in_the_sitemap():
    """sphinx-sitemap queues only the pages a build rewrote; the book adds the others."""
    import queue
    from types import SimpleNamespace

    from airace.site import sphinx_share
    links = queue.Queue()
    links.put(("book/method.html", None))  # the one page this build rewrote
    app = SimpleNamespace(sitemap_links=links, builder=SimpleNamespace(name="html"),
                          env=SimpleNamespace(found_docs={"book/intro", "book/method", "search"}),
                          config=SimpleNamespace(html_file_suffix=None, sitemap_excludes=["search.html"]))
    sphinx_share.list_unchanged_pages_in_sitemap(app, None)
    listed = [links.get_nowait()[0] for _ in range(links.qsize())]
    assert listed == ["book/intro.html", "book/method.html"]


def test_every_chart_has_a_permalink_and_a_citation(site):
    for page in ("book/chapters/policy_race.html", "book/provinces/440000.html"):
        html = (site / page).read_text(encoding="utf-8")
        figures = re.findall(r'<figure class="airace-figure" id="([^"]+)"[^>]*>(.*?)</figure>', html, re.S)
        assert figures, page
        for ident, body in figures:
            assert f'<a class="airace-permalink" href="#{ident}">Link to this chart</a>' in body
            citation = re.sub(r"<[^>]+>", "", re.search(r'Cite: (.*?)</p>', body).group(1))
            assert f"{publication.base_url()}{page}#{ident}. Data: " in citation, citation
            assert "China&#x27;s local AI race" in citation or "China's local AI race" in citation


def test_every_chapter_states_its_dates_and_how_to_cite_it(site):
    from airace.chapters import CHAPTERS
    for chapter in CHAPTERS:
        html = (site / f"{chapter.page}.html").read_text(encoding="utf-8")
        dateline = re.search(r'<p class="airace-dateline">(.*?)</p>', html).group(1)
        published, updated = map(publication.readable_date, publication.release_dates())
        assert dateline.startswith(f"Published {published}; updated {updated}. "), dateline
        if "as_of" in chapter.parameters:   # one date a page's findings are true on
            assert f"Data as of {publication.readable_date(chapter.parameters['as_of'])}" in dateline, dateline
        # Chinese in a title is wrapped in <span lang="zh-Hans">: read the citation as text.
        citation = re.sub(r"<[^>]+>", "", re.search(r"<strong>Cite this page:</strong> (.*?)</p>", html).group(1))
        assert citation.endswith(f"{publication.page_url(chapter.page)}."), citation
        assert f'href="{publication.issues_url()}/new?title=' in html
    policy = (site / "book/chapters/policy_race.html").read_text(encoding="utf-8")
    # The newest fact the chapter can use is the newest the ledger has up to its as_of date.
    from airace import datasets
    newest = publication.latest(datasets.load_facts(as_of="2025-12-31").stated)
    assert f"stated up to {publication.readable_date(newest)}" in policy


def test_every_page_footer_has_licences_tracker_and_data_date_not_build_date(site):
    when = publication.readable_date(publication.release_dates()[1])
    for page in book_pages(site):
        html = (site / page).read_text(encoding="utf-8")
        footer = re.search(r'<p class="airace-footer">(.*?)</p>', html, re.S)
        assert footer, page
        text = footer.group(1)
        assert "CC BY 4.0" in text and "MIT" in text and f"Updated {when}." in text, page
        assert f'href="{publication.issues_url()}/new?' in text, page
        assert "Last updated" not in html, page


# ---------------------------------------------------------------------------------------------
# Dates from the data

def test_latest_and_readable_dates():
    assert publication.latest(["2024", "2025-03", "2025-02-07", "not stated (2026-01)", ""]) == "2025-03"
    assert publication.latest(["2025", "2025-02-07"]) == "2025-02-07"  # a bare year is not later than a day in it
    assert publication.latest(["not stated"]) is None
    assert publication.readable_date("2025-03-03") == "3 March 2025"
    assert publication.readable_date("2025-03") == "March 2025"
    with pytest.raises(ValueError, match="not a stated date"):
        publication.readable_date("spring 2025")


def test_an_earlier_as_of_date_gives_an_earlier_facts_date():
    reads = ("data/clean/facts.csv", "data/clean/policy_events.csv")
    late = publication.stated_up_to(reads, "2025-12-31")["articles"]
    early = publication.stated_up_to(reads, "2024-12-31")["articles"]
    assert early is not None and early != late
    assert publication.latest([early, late]) == late and early[:4] <= "2024"
    assert publication.stated_up_to(reads, "2000-01-01")["articles"] is None


def test_data_last_changed_is_the_latest_date_in_the_source_records():
    import csv
    with paths.SOURCES.open(encoding="utf-8") as f:
        published = [row["published"] for row in csv.DictReader(f)]
    assert publication.data_last_changed() in published
    assert all(publication.latest([d, publication.data_last_changed()]) == publication.data_last_changed()
               for d in published if publication.STATED_DATE.match(d))


# ---------------------------------------------------------------------------------------------
# Changelog, CITATION.cff

CHANGELOG = paths.BOOK / "changelog.md"


def test_changelog_names_real_files_and_facts():
    text = CHANGELOG.read_text(encoding="utf-8")
    names = re.findall(r"`([^`\s]+)`", text)
    files = [n for n in names if "/" in n or re.search(r"\.[a-z]{2,4}$", n)]
    assert files, "the changelog names no file"
    tracked = {p.name for p in paths.ROOT.rglob("*") if ".venv" not in p.parts and "node_modules" not in p.parts}
    for name in files:
        exists = (paths.ROOT / name).exists() if "/" in name else name in tracked
        assert exists, f"{CHANGELOG.name} names {name!r}, which is not in the repository"
    from airace import datasets
    fact_ids = set(datasets.load_table("facts").fact_id)
    for fact in re.findall(r"`([A-Z]{3}-\d{3})`", text):
        assert fact in fact_ids, f"{CHANGELOG.name} names fact {fact}, which is not in the ledger"


def test_changelog_is_newest_first():
    dates = re.findall(r"^## (\d{4}-\d{2}-\d{2})", CHANGELOG.read_text(encoding="utf-8"), re.M)
    assert len(dates) >= 2
    assert dates == sorted(dates, reverse=True)


def cff_errors(document: dict) -> list[str]:
    """Errors against the Citation File Format 1.2.0 schema (the schema cffconvert validates with,
    kept in tests/: cffconvert itself pins jsonschema<4, which the book's other packages cannot use)."""
    import jsonschema
    schema = json.loads((Path(__file__).with_name("cff-schema-1.2.0.json")).read_text(encoding="utf-8"))
    validator = jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
    return [error.message for error in validator.iter_errors(document)]


def test_citation_cff_is_valid_and_agrees_with_the_config():
    import yaml
    citation = yaml.safe_load((paths.ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff_errors(citation) == []
    assert citation["url"] == publication.base_url()
    assert citation["repository-code"] == publication.repository_url()
    assert citation["title"] == publication.title()
    assert citation["authors"] == [{"name": publication.author()}]
    assert set(citation["license"]) == {"CC-BY-4.0", "MIT"}
    broken = {k: v for k, v in citation.items() if k != "authors"} | {"license": "Whatever-1.0"}
    assert len(cff_errors(broken)) >= 2  # the check can fail


# ---------------------------------------------------------------------------------------------
# The dataset as one archive

def test_archive_has_every_clean_table_its_datapackage_and_a_readme():
    content = archive.archive_bytes()
    assert content == archive.archive_bytes(), "the same data must give the same archive bytes"
    with zipfile.ZipFile(io.BytesIO(content)) as bundle:
        names = {Path(n).name: n for n in bundle.namelist()}
        expected = {p.name for p in paths.DATA_CLEAN.glob("*.csv")} | {"datapackage.json", "README.md"}
        assert set(names) == expected
        for name in expected - {"README.md"}:
            assert bundle.read(names[name]) == (paths.DATA_CLEAN / name).read_bytes(), name
        readme = bundle.read(names["README.md"]).decode("utf-8")
    for name in expected:
        assert f"`{name}`" in readme, f"the archive README does not explain {name}"
    assert "CC BY 4.0" in readme


def test_archive_is_published_and_linked_from_the_data_page(site):
    published = site / "_static" / "downloads" / paths.DATA_ARCHIVE.name
    assert published.read_bytes() == archive.archive_bytes()
    page = (site / "book" / "chapters" / "data.html").read_text(encoding="utf-8")
    assert f'href="../../_static/downloads/{paths.DATA_ARCHIVE.name}"' in page
    assert "CC BY 4.0" in page and "MIT" in page


def test_citations_and_footer_fit_a_phone(chromium, site_url):
    """Long addresses in citations, the imprint and the footer wrap inside a 360 px screen."""
    page = chromium.new_page(viewport={"width": 360, "height": 800})
    try:
        for path in ("book/provinces/440000.html", "book/chapters/policy_race.html", "book/about.html"):
            page.goto(f"{site_url}/{path}", wait_until="load")
            overflowing = page.evaluate("""() => Array.from(document.querySelectorAll(
                '.airace-imprint p, .airace-footer, .airace-dateline, .airace-cite'))
                .filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.className || e.textContent.slice(0, 40))""")
            assert not overflowing, f"{path}: {overflowing} wider than their box at 360 px"
    finally:
        page.close()


def test_a_page_that_reads_the_later_reports_dates_them_by_as_of():
    """The tracker's pages carry the date of the latest later report they use, rewound by `as_of`."""
    reads = ("data/clean/facts.csv", "data/clean/outcomes.csv")
    now = publication.stated_up_to(reads, "2026-12-04")
    assert now["later"] == "2026-05-26"   # Shenzhen's 15th five-year plan outline, the latest report read
    assert "later reports up to 26 May 2026" in publication.dateline(now, "2026-12-04")
    assert publication.stated_up_to(reads, "2026-05-25")["later"] < "2026-05-26"
    assert "later reports" not in publication.dateline(publication.stated_up_to(reads, "2000-01-01"))
