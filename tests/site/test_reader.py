"""The book as a reader uses it, in Chromium with touch at phone widths and with a mouse at 1280:
tap ☰ and follow a chapter link, open the page's contents, read every table without a word broken
across lines, keep a province page short, print straight after opening, search in Chinese.
Each check is also run on a page broken on purpose, to show it can fail."""

from __future__ import annotations

import re

import pytest
from support import BROKEN_WORDS, PAGES, SAMPLE, STORY, visit

from airace import paths
from airace.site import browser as reader

PHONES = (360, 390)
PROVINCE_PAGES = [p for p in PAGES if re.fullmatch(r"book/provinces/\d{6}\.html", p)]
TABLE_PAGES = [p for p in PAGES if not reader.redirect_target(p)
               and "<table" in (paths.SITE / p).read_text(encoding="utf-8")]

MENU = "#pst-primary-sidebar-modal"
CONTENTS = "#pst-secondary-sidebar-modal"
# The theme before the book's header template (book/_templates/sections/header.html): a hidden
# toggle first in the page, which the theme's script binds instead of the visible one.
THEMES_HIDDEN_TOGGLE = '<button class="pst-navbar-icon sidebar-toggle primary-toggle" style="display:none"></button>'


def _tap_menu(page) -> bool:
    """Tap ☰ in the article header; whether the book's contents opened."""
    page.tap(".bd-header-article button.primary-toggle")
    try:
        page.wait_for_function(f"() => document.querySelector('{MENU}').open", timeout=3_000)
        return True
    except Exception:  # playwright's TimeoutError: the menu did not open
        return False


@pytest.mark.parametrize("width", PHONES)
def test_the_menu_opens_the_books_contents_and_a_chapter_link_navigates(chromium, site_url, width):
    start, target = STORY[0], STORY[-1]
    context, page, problems = visit(chromium, f"{site_url}/{start}", width=width)
    try:
        assert _tap_menu(page), f"tapping ☰ opened nothing at {width} px"
        link = page.locator(f"{MENU} a[href$='{target.rsplit('/', 1)[-1]}']").first
        assert link.is_visible()
        link.tap()
        page.wait_for_url(f"**/{target}", timeout=10_000)
    finally:
        context.close()
    assert not problems["console"], problems["console"]


def test_the_menu_check_fails_when_the_theme_binds_a_hidden_toggle(chromium, site_url):
    context, page, _ = visit(chromium, f"{site_url}/{STORY[0]}", width=390,
                             html_edit=lambda text: re.sub(r"(<body[^>]*>)", r"\1" + THEMES_HIDDEN_TOGGLE, text, count=1))
    try:
        assert not _tap_menu(page), "the broken page's menu opened: the check cannot tell"
    finally:
        context.close()


@pytest.mark.parametrize("width", PHONES)
def test_the_contents_button_opens_the_pages_contents(chromium, site_url, width):
    context, page, _ = visit(chromium, f"{site_url}/{STORY[0]}", width=width)
    try:
        page.tap(".bd-header-article button.secondary-toggle")
        page.wait_for_function(f"() => document.querySelector('{CONTENTS}').open", timeout=3_000)
        entries = page.locator(f"{CONTENTS} nav a").all_inner_texts()
        headings = page.locator("article h2").all_inner_texts()
    finally:
        context.close()
    assert entries and set(h.strip("#").strip() for h in headings) <= set(e.strip() for e in entries)


def test_the_menu_hides_and_shows_the_sidebar_on_a_laptop(chromium, site_url):
    context, page, _ = visit(chromium, f"{site_url}/{STORY[0]}", width=1280)
    try:
        sidebar = page.locator("#pst-primary-sidebar")
        assert sidebar.is_visible()
        page.click(".bd-header-article button.primary-toggle")
        page.wait_for_function("() => getComputedStyle(document.querySelector('#pst-primary-sidebar')).visibility === 'hidden'")
        page.click(".bd-header-article button.primary-toggle")
        page.wait_for_function("() => getComputedStyle(document.querySelector('#pst-primary-sidebar')).visibility === 'visible'")
    finally:
        context.close()


@pytest.mark.parametrize("width", PHONES)
def test_the_header_reaches_the_provinces_and_the_data(chromium, site_url, width):
    context, page, _ = visit(chromium, f"{site_url}/{STORY[0]}", width=width)
    try:
        page.tap(".airace-header-links a:text('Provinces')")
        page.wait_for_url("**/book/provinces/provinces.html")
        page.tap(".airace-header-links a:text('Data')")
        page.wait_for_url("**/book/chapters/data.html")
    finally:
        context.close()


def test_the_download_menu_offers_the_pages_data(chromium, site_url):
    context, page, _ = visit(chromium, f"{site_url}/{STORY[0]}", width=390)
    try:
        figures = page.locator(".airace-figure").count()
        page.tap(".bd-header-article .dropdown-toggle")
        items = page.locator(".bd-header-article .dropdown-menu.show a")
        texts, hrefs = items.all_inner_texts(), [items.nth(i).get_attribute("href") for i in range(items.count())]
        box = page.locator(".bd-header-article .dropdown-menu.show").bounding_box()
    finally:
        context.close()
    assert sum(t.startswith("Data: ") and t.endswith("(CSV)") for t in texts) == figures > 0, texts
    assert sum(h.endswith(".csv") for h in hrefs) == figures
    assert "All the book's data" in texts and not any(".ipynb" in t for t in texts)
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390, f"the menu runs off the screen: {box}"


# ---------------------------------------------------------------------------------------------
# Tables

def table_cases():
    return [(p, 360) for p in TABLE_PAGES] + [(p, 390) for p in TABLE_PAGES if p in SAMPLE]


@pytest.mark.parametrize("page_path,width", table_cases())
def test_no_table_breaks_a_word(chromium, site_url, page_path, width):
    context, page, _ = visit(chromium, f"{site_url}/{page_path}", width=width)
    try:
        page.evaluate("() => document.querySelectorAll('details').forEach(d => d.open = true)")
        broken = page.evaluate(BROKEN_WORDS)
        scroll = page.evaluate("document.documentElement.scrollWidth")
    finally:
        context.close()
    assert not broken, f"words broken across lines at {width} px: {broken[:10]}"
    assert scroll <= width, "the page scrolls sideways"


def test_the_broken_word_check_fails_on_a_squeezed_table(chromium, site_url):
    squeeze = "<style>.airace-table, .airace-table * { word-break: break-all !important; }</style></head>"
    context, page, _ = visit(chromium, f"{site_url}/book/provinces/440000.html", width=360,
                             html_edit=lambda text: text.replace("</head>", squeeze, 1))
    try:
        page.evaluate("() => document.querySelectorAll('details').forEach(d => d.open = true)")
        broken = page.evaluate(BROKEN_WORDS)
    finally:
        context.close()
    assert broken, "a table that breaks words was not caught"


def test_table_labels_are_words_not_field_names(site):
    for page_path in TABLE_PAGES:
        text = (site / page_path).read_text(encoding="utf-8")
        for table in re.findall(r"<table.*?</table>", text, re.S):
            cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", table, re.S)]
            fields = [c for c in cells if re.fullmatch(r"[a-z]+(_[a-z0-9]+)+", c)
                      or re.fullmatch(r"(rd|ai|genai|st)( [a-z]+)+", c)]
            assert not fields, f"{page_path}: field names in a table: {fields[:5]}"


def test_province_pages_on_a_phone_are_at_most_three_times_their_laptop_height(chromium, site_url):
    phone = chromium.new_context(viewport={"width": 390, "height": 900}, has_touch=True)
    laptop = chromium.new_context(viewport={"width": 1280, "height": 900})
    ratios = {}
    try:
        for page_path in PROVINCE_PAGES:
            heights = []
            for context in (phone, laptop):
                page = context.new_page()
                page.goto(f"{site_url}/{page_path}", wait_until="load")
                reader.wait_for_charts(page)
                heights.append(page.evaluate("document.documentElement.scrollHeight"))
                page.close()
            ratios[page_path] = heights[0] / heights[1]
    finally:
        phone.close()
        laptop.close()
    tall = {p: round(r, 2) for p, r in ratios.items() if r > 3}
    assert not tall, f"province pages more than three times as tall on a phone: {tall}"


# ---------------------------------------------------------------------------------------------
# Print, straight after the page opens

PRINTED = """() => {
  const shown = el => el && getComputedStyle(el).display !== 'none' && el.getClientRects().length > 0;
  const h1 = document.querySelector('article h1');
  const first = Array.from(document.querySelectorAll('article h1, article p, article figure, article table'))
    .find(shown);
  return {headline: shown(h1) ? h1.textContent : null, first: first && first.tagName,
          address: shown(document.querySelector('.airace-print-address')) ? document.querySelector('.airace-print-address').textContent : null,
          dateline: shown(document.querySelector('.airace-dateline')),
          folded: Array.from(document.querySelectorAll('details.airace-more table')).filter(t => !shown(t)).length};
}"""


@pytest.mark.parametrize("page_path", [STORY[0], "book/provinces/440000.html", "book/method.html"])
def test_print_starts_with_the_headline_address_and_dates(chromium, site_url, page_path):
    context, page, _ = visit(chromium, f"{site_url}/{page_path}")
    try:
        page.emulate_media(media="print")
        state = page.evaluate(PRINTED)
        page.pdf(format="A4")
    finally:
        context.close()
    assert state["headline"] and state["first"] == "H1", state
    assert state["address"] and state["address"].endswith(page_path), state
    assert state["dateline"], state
    assert state["folded"] == 0, "a folded table does not print"


def test_the_print_check_fails_when_the_headline_is_hidden(chromium, site_url):
    """The theme's own print style hides the headline: the check catches it."""
    hide = "<style>@media print { .bd-article h1 { display: none !important; } }</style></head>"
    context, page, _ = visit(chromium, f"{site_url}/{STORY[0]}", html_edit=lambda t: t.replace("</head>", hide, 1))
    try:
        page.emulate_media(media="print")
        state = page.evaluate(PRINTED)
    finally:
        context.close()
    assert state["headline"] is None


# The browser's print dialog, replaced by a note of which chart images had arrived when it opened.
STUB_PRINT = """() => { window.print = () => { window.__printed = Array.from(
  document.querySelectorAll('img.airace-static')).map(i => i.complete && i.naturalWidth > 0); }; }"""


def _print_from_the_menu_right_after_opening(page) -> list[bool] | None:
    page.evaluate(STUB_PRINT)
    page.tap(".bd-header-article .dropdown-toggle")
    page.tap(".bd-header-article .dropdown-menu.show >> text=Print or save as PDF")
    try:
        page.wait_for_function("() => window.__printed !== undefined", timeout=15_000)
    except Exception:  # playwright's TimeoutError: nothing was printed
        return None
    return page.evaluate("window.__printed")


@pytest.mark.parametrize("page_path", [STORY[0], "book/provinces/440000.html"])
def test_printing_right_after_opening_prints_every_chart(chromium, site_url, page_path):
    context, page, _ = visit(chromium, f"{site_url}/{page_path}", width=390)
    try:
        printed = _print_from_the_menu_right_after_opening(page)
    finally:
        context.close()
    assert printed, "printing from the menu printed nothing"
    assert all(printed), f"{printed.count(False)} of {len(printed)} chart images had not arrived"


def test_the_print_images_check_fails_without_the_pages_script(chromium, site_url):
    """Without airace-page.js the menu prints straight away, lazy images not fetched: caught."""
    plain_print = lambda t: t.replace("airace-page.js", "no-such-script.js").replace("window.airacePrint()", "window.print()")
    context, page, _ = visit(chromium, f"{site_url}/{STORY[0]}", width=390, html_edit=plain_print)
    try:
        printed = _print_from_the_menu_right_after_opening(page)
    finally:
        context.close()
    assert printed is not None and not all(printed), "unfetched chart images were not caught"


# ---------------------------------------------------------------------------------------------
# Search in Chinese (Sphinx's zh search, jieba)

# query: (the page that must come first, or None; a page that must be among the results)
SEARCHES = {"广东": ("book/provinces/440000.html", "book/provinces/440000.html"),
            "甘肃": ("book/provinces/620000.html", "book/provinces/620000.html"),
            "Guangdong": ("book/provinces/440000.html", "book/provinces/440000.html"),
            "深圳": (None, "book/provinces/440000.html"),
            "算力券": (None, "book/chapters/compute.html")}


def _search(chromium, site_url, query: str) -> list[str]:
    context, page, _ = visit(chromium, f"{site_url}/search.html?q={query}", width=390)
    try:
        page.wait_for_function("() => document.querySelectorAll('#search-results li').length > 0"
                               " || /did not match/.test(document.querySelector('#search-results')?.textContent || '')",
                               timeout=15_000)
        hrefs = page.eval_on_selector_all("#search-results li > a", "els => els.map(e => e.getAttribute('href'))")
    finally:
        context.close()
    return [h.split("#")[0].split("?")[0] for h in hrefs]


@pytest.mark.parametrize("query,expected", SEARCHES.items())
def test_search_finds_chinese_words(chromium, site_url, query, expected):
    first, among = expected
    found = _search(chromium, site_url, query)
    assert any(f.endswith(among) for f in found), f"searching {query} does not find {among}: {found[:5]}"
    if first:
        assert found[0].endswith(first), f"searching {query}: {first} is not first: {found[:3]}"


# ---------------------------------------------------------------------------------------------
# The reader chooses the province

LEGEND_WORDS = """() => Array.from(document.querySelectorAll('.airace-chart svg text'))
  .map(t => t.textContent).filter(t => t.endsWith('(highlighted)'))"""
PICKER_PAGE = "book/chapters/compute.html"


def _highlighted(page) -> set[str]:
    reader.wait_for_charts(page)
    page.wait_for_timeout(300)   # the redraw after a choice
    return set(page.evaluate(LEGEND_WORDS))


@pytest.mark.parametrize("width", PHONES)
def test_the_reader_picks_the_province_every_chart_highlights(chromium, site_url, width):
    context, page, problems = visit(chromium, f"{site_url}/{PICKER_PAGE}", width=width)
    try:
        picker = page.locator(".airace-picker")
        assert picker.is_visible()
        assert "Guangdong" in picker.inner_text(), "the default is not stated in words"
        assert _highlighted(page) == {"Guangdong (highlighted)"}
        page.select_option(".airace-picker select", "510000")
        page.wait_for_url("**highlight=510000")
        assert _highlighted(page) == {"Sichuan (highlighted)"}
        # The address shares the view.
        shared = page.url
        second = context.new_page()
        second.goto(shared, wait_until="load")
        assert second.locator(".airace-picker select").input_value() == "510000"
        assert _highlighted(second) == {"Sichuan (highlighted)"}
    finally:
        context.close()
    assert not problems["console"], problems["console"]


def test_the_picker_check_fails_when_the_choice_is_ignored(chromium, site_url):
    """A page whose picker does not offer Sichuan keeps Guangdong for ?highlight=510000: caught."""
    without_sichuan = lambda t: t.replace("<option value='510000'>Sichuan</option>", "")
    context, page, _ = visit(chromium, f"{site_url}/{PICKER_PAGE}?highlight=510000", width=390,
                             html_edit=without_sichuan)
    try:
        assert _highlighted(page) != {"Sichuan (highlighted)"}
    finally:
        context.close()


# ---------------------------------------------------------------------------------------------
# The whole book as one PDF

def test_the_whole_book_is_one_pdf_offered_on_the_home_and_data_pages(site):
    from pypdf import PdfReader

    from airace.chapters import CHAPTERS
    from airace.site import book_pdf
    pdf = site / book_pdf.TARGET
    reader_ = PdfReader(pdf)
    outline = [item.title for item in reader_.outline]
    assert len(outline) == len(book_pdf.page_order()), "a page of the contents is missing from the PDF"
    for chapter in CHAPTERS:
        assert any(title.replace("’", "'").startswith(chapter.title.split(" (")[0]) for title in outline), chapter.title
    assert len(reader_.pages) > len(outline)
    # Chinese is drawn as text the PDF carries (Noto CJK, embedded by Chromium as glyph procedures).
    assert any("北京市" in reader_.pages[i].extract_text() for i in range(len(reader_.pages))), "no Chinese text"
    for page_path, href in (("book/intro.html", "../_static/downloads/"), ("book/chapters/data.html", "../../_static/downloads/")):
        assert f'href="{href}{book_pdf.PDF_NAME}"' in (site / page_path).read_text(encoding="utf-8"), page_path


def test_no_markup_shows_as_text(site):
    """Glued sentences are escaped (data never becomes markup): a Markdown link or emphasis written
    into one shows to readers as brackets and asterisks. None may."""
    for page_path in PAGES:
        text = re.sub(r"<(script|style)\b.*?</\1>", " ", (site / page_path).read_text(encoding="utf-8"), flags=re.S)
        text = re.sub(r"<[^>]+>", " ", text)
        shown = re.findall(r"\]\([^)]*\)|\*\*\w|\\[\[*_]", text)
        assert not shown, f"{page_path} shows markup as text: {shown[:3]}"
