"""A Sphinx extension for what makes the book shareable, citable and trustworthy, page by page.
sphinxext-opengraph writes the preview tags and sphinx-sitemap the sitemap; this module only
supplies what they cannot know:

- each page's preview image: its lead chart's PNG, or for a page without a chart a card with its
  title (airace/site/cards.py), written into the built site;
- every preview tag's text as the data's own characters, escaped once (the extension writes a
  title from a province's name raw), and Twitter's copies of the Open Graph title, description
  and image;
- under each page's title one dateline: published, updated and, for a chapter, the date its data
  are as of with the dates its sources stated them (airace/publication.py); the page's address,
  which only paper shows; at a chapter's end a suggested citation and a link to report an error;
- in every page's footer: licences, the masthead, the changelog, the issue tracker and when the
  book was last updated;
- the pages an incremental build did not rewrite, which sphinx-sitemap would otherwise leave out
  of the sitemap (jdillard/sphinx-sitemap#13).

Listed in _config.yml under sphinx.config.extensions as `airace.sphinx_share`."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from docutils import nodes

from airace import corrections, publication
from airace.chapters import CHAPTERS
from airace.site import build, cards
from airace.story.tables import Table

CARDS_FOLDER = "_static/cards"
ABOUT_PAGE = "book/about"
CHANGELOG_PAGE = "book/changelog"
LEAD_CHART = re.compile(r'class="airace-static" src="(?:\.\./)*(_static/charts/[^"]+\.png)" alt="([^"]*)"')
ALT_LENGTH = 400  # Twitter reads at most 420 characters of an image description
CHAPTER_PAGES = {chapter.page: chapter for chapter in CHAPTERS}


def setup(app):
    app.connect("config-inited", use_the_one_base_url)
    app.connect("config-inited", add_header_links)
    app.connect("doctree-resolved", add_dateline_and_citation)
    app.connect("env-get-outdated", rewrite_every_page_when_the_book_is_updated)
    app.connect("env-get-outdated", rewrite_pages_whose_dateline_changed)
    # Before sphinxext-opengraph (priority 500) reads the page's image, after it for Twitter's copy.
    app.connect("html-page-context", choose_preview_image, priority=400)
    # After sphinxext-opengraph has written its tags, before Twitter's copies are made of them.
    app.connect("html-page-context", escape_preview_tags, priority=550)
    app.connect("html-page-context", copy_tags_for_twitter, priority=600)
    app.connect("html-page-context", add_footer)
    # After sphinx-book-theme builds its buttons (priority 501).
    app.connect("html-page-context", offer_the_pages_data, priority=600)
    app.connect("build-finished", list_unchanged_pages_in_sitemap, priority=400)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}


def use_the_one_base_url(app, config) -> None:
    """Open Graph URLs come from `html.baseurl`, the same address as canonical links and the sitemap."""
    if not config.html_baseurl:
        raise ValueError("_config.yml: html.baseurl must be set (canonical links, previews and the sitemap use it)")
    config.ogp_site_url = config.ogp_site_url or config.html_baseurl
    if config.ogp_site_name is None:  # Jupyter Book sets no Sphinx `project`, the extension's default
        config.ogp_site_name = publication.title()
    # Hand-written pages name the repository, its tracker and the book's citation through these,
    # so each address stays in one place (_config.yml).
    config.myst_substitutions = {
        "author": publication.author(),
        "repository_link": f"[the repository]({publication.repository_url()})",
        "issues_link": f"[the issue tracker]({publication.issues_url()})",
        "book_citation": publication.book_citation(),
        **(config.myst_substitutions or {}),
    }


# ---------------------------------------------------------------------------------------------
# Chapter pages: dateline under the title, citation and error report at the end

def executed_parameters(chapter) -> dict:
    """The parameters the executed notebook actually ran with (papermill records them)."""
    try:
        notebook = json.loads(chapter.executed.read_text(encoding="utf-8"))
        return notebook["metadata"]["papermill"]["parameters"]
    except (OSError, KeyError, ValueError):
        return dict(chapter.parameters)


def add_dateline_and_citation(app, doctree, docname) -> None:
    chapter = CHAPTER_PAGES.get(docname)
    title_node = next(iter(doctree.findall(nodes.title)), None)
    if chapter is None:
        # The book's other pages (method, about, changelog) carry when they were published.
        if title_node is not None:
            title_node.parent.insert(title_node.parent.index(title_node) + 1, dateline_node(
                publication.dateline({}), docname))
            corrected = corrected_node(app, docname)
            if corrected is not None:
                title_node.parent.insert(title_node.parent.index(title_node) + 2, corrected)
        if docname == CHANGELOG_PAGE:
            list_corrections(app, doctree, docname)
        return
    parameters, stated, _ = dateline_inputs(chapter)
    page_title = title_node.astext() if title_node is not None else chapter.title
    if title_node is not None:
        title_node.parent.insert(title_node.parent.index(title_node) + 1, dateline_node(
            publication.dateline(stated, parameters.get("as_of")), docname))
        corrected = corrected_node(app, docname)
        if corrected is not None:
            title_node.parent.insert(title_node.parent.index(title_node) + 2, corrected)
    citation = publication.page_citation(page_title, docname, stated["articles"])
    changelog = app.builder.get_relative_uri(docname, CHANGELOG_PAGE)
    about = app.builder.get_relative_uri(docname, ABOUT_PAGE)
    report = publication.report_error_url(page_title, docname)
    imprint = (
        '<aside class="airace-imprint" id="cite-this-page" aria-label="Cite this page">\n'
        f'<p><strong>Cite this page:</strong> {html.escape(citation)}</p>\n'
        f'<p>Found an error? <a href="{html.escape(report)}">Report it in the issue tracker</a>. '
        f'Corrections are made in the open and listed in the <a href="{changelog}">changelog</a>; '
        f'see the <a href="{about}#corrections-policy">corrections policy</a>.</p>\n</aside>\n')
    (title_node.parent if title_node is not None else doctree).append(nodes.raw("", imprint, format="html"))


def dateline_inputs(chapter) -> tuple[dict, dict, str]:
    """What a chapter page's dateline and citation are made of, besides the changelog: the
    parameters it ran with, the dates its sources stated what it read, the data's last date."""
    parameters = executed_parameters(chapter)
    # The tables the page's last run read (recorded by the build runner, airace/reads.py).
    stated = publication.stated_up_to(build.recorded_reads(chapter), parameters.get("as_of"), parameters.get("province"))
    return parameters, stated, publication.data_last_changed()


def rewrite_pages_whose_dateline_changed(app, env, added, changed, removed):
    """A data edit can move a page's dateline (a later publication date in a table it reads)
    while its executed copy stays as it was (the build keeps a page whose content did not change,
    airace/site/build.py): Sphinx would not rewrite it. Rewrite exactly the pages whose dateline
    inputs changed since they were last written."""
    before = getattr(env, "airace_datelines", {})
    now = {docname: json.dumps(dateline_inputs(chapter), sort_keys=True) for docname, chapter in CHAPTER_PAGES.items()
           if docname in env.found_docs}
    env.airace_datelines = now
    return sorted(docname for docname, inputs in now.items() if before.get(docname) != inputs and docname not in added)


def rewrite_every_page_when_the_book_is_updated(app, env, added, changed, removed):
    """Every page's dateline and footer say when the book was published and last updated (the
    changelog's entries), and a corrected page says so: a new entry or correction rewrites every
    page, not only the changelog."""
    state = (publication.release_dates(), tuple(corrections.corrections()))
    if getattr(env, "airace_release_dates", None) != state:
        env.airace_release_dates = state
        return sorted(env.found_docs)
    return []


CORRECTIONS_ANCHOR = "corrections"


def corrected_node(app, docname: str) -> nodes.raw | None:
    """Under a corrected page's dateline: when it was corrected and what, linked to the log."""
    found = corrections.on_page(docname)
    if not found:
        return None
    log = f"{app.builder.get_relative_uri(docname, CHANGELOG_PAGE)}#{CORRECTIONS_ANCHOR}"
    when = publication.readable_date(found[0].date)
    items = "".join(f"<li>{html.escape(publication.readable_date(c.date))}: {html.escape(c.what)}</li>" for c in found)
    summary = f"Corrected {when}: {len(found)} {'statement' if len(found) == 1 else 'statements'} on this page"
    return nodes.raw("", f'<details class="airace-corrected"><summary>{html.escape(summary)}</summary>'
                         f'<ul>{items}</ul><p><a href="{html.escape(log)}">All corrections</a></p></details>\n',
                     format="html")


def list_corrections(app, doctree, docname: str) -> None:
    """The changelog's Corrections section: every correction, newest first, with its page."""
    section = next((s for s in doctree.findall(nodes.section) if CORRECTIONS_ANCHOR in s["ids"]), None)
    if section is None:
        raise ValueError(f"{CHANGELOG_PAGE}.md has no section '## Corrections' to list the corrections in")
    rows = [[html.escape(publication.readable_date(c.date)),
             ", ".join(f'<a href="{html.escape(app.builder.get_relative_uri(docname, page))}">'
                       f'{html.escape(app.env.titles[page].astext() if page in app.env.titles else page)}</a>'
                       for page in c.pages),
             html.escape(c.what), f"“{html.escape(c.wrong)}”", html.escape(c.right)]
            for c in corrections.corrections()]
    # "It said" quotes the page as published, exactly (the corpus test checks it never comes back);
    # "Now" describes the corrected wording.
    table = Table(["Date", "Page", "What was wrong, what is right", "It said", "Now"], rows,
                  caption="Corrections to published statements, newest first", css="airace-corrections").html()
    section.append(nodes.raw("", table + "\n", format="html"))


def dateline_node(text: str, docname: str) -> nodes.raw:
    """The dateline under the headline, and the page's address, which only paper shows (airace.css)."""
    address = publication.page_url(docname)
    return nodes.raw("", f'<p class="airace-dateline">{html.escape(text)}</p>\n'
                         f'<p class="airace-print-address">{html.escape(address)}</p>\n', format="html")


# ---------------------------------------------------------------------------------------------
# Link previews

def lead_chart(doctree) -> tuple[str, str] | None:
    """The site-relative path of the first chart's PNG on the page and its text description."""
    for raw in doctree.findall(nodes.raw):
        found = LEAD_CHART.search(raw.astext())
        if found:
            return found.group(1), html.unescape(found.group(2))
    return None


def card_path(pagename: str) -> str:
    return f"{CARDS_FOLDER}/{pagename.replace('/', '-')}.png"


def plain_title(context) -> str:
    """The page's title as a reader reads it: Sphinx hands templates the title as HTML (its text
    escaped, and markup such as <span lang> kept); tags dropped, then entities decoded."""
    return html.unescape(re.sub("<[^>]+>", "", context.get("title") or "")) or publication.title()


def choose_preview_image(app, pagename, templatename, context, doctree) -> None:
    if doctree is None:  # search, genindex: no preview of their own
        return
    chart = lead_chart(doctree)
    if chart is None:
        image = card_path(pagename)
        target = Path(app.outdir) / image
        png = cards.card_png(publication.title(), plain_title(context),
                             publication.page_url(pagename).split("://", 1)[-1])
        if not target.exists() or target.read_bytes() != png:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(png)
        alt = f"{publication.title()}: {plain_title(context)}"
    else:
        image, alt = chart
        alt = alt if len(alt) <= ALT_LENGTH else alt[:ALT_LENGTH - 1].rsplit(" ", 1)[0] + "…"
    # A copy: sphinxext-opengraph pops the keys it uses, and env.metadata must stay as read.
    context["meta"] = {**(context.get("meta") or {}), "og:image": image, "og:image:alt": alt}
    context[PLAIN_IMAGE_ALT] = alt


PLAIN_IMAGE_ALT = "airace_image_alt"
PREVIEW_TAG = re.compile(r'<meta (property|name)="(og:[a-z_:]+|description)" content="([^"]*)" />')


def escape_preview_tags(app, pagename, templatename, context, doctree) -> None:
    """Every preview tag's content as escaped plain text. sphinxext-opengraph 0.13 writes its
    values as it got them, escaping only '"' (make_tag): the title as the HTML parser's text (so a
    '<' or '&' from a province's name arrives raw), the description already escaped, the image's
    alt as we gave it. Each value is taken back to the text a reader should see, from where it
    came, and escaped once."""
    if doctree is None or not context.get("metatags"):
        return

    def plain(key: str, content: str) -> str:
        if key == "og:title":
            return plain_title(context)
        if key == "og:image:alt" and PLAIN_IMAGE_ALT in context:
            return context[PLAIN_IMAGE_ALT]
        if key in ("og:description", "description"):
            return html.unescape(content)  # escaped by the extension (html.escape, quote=True)
        return content.replace("&quot;", '"')  # what make_tag did to a value it was given as is

    context["metatags"] = PREVIEW_TAG.sub(
        lambda m: f'<meta {m.group(1)}="{m.group(2)}" content="{html.escape(plain(m.group(2), m.group(3)))}" />',
        context["metatags"])


OG_TAG = re.compile(r'<meta property="og:(title|description|image|image:alt)" content="([^"]*)" />')


def copy_tags_for_twitter(app, pagename, templatename, context, doctree) -> None:
    if doctree is None:
        return
    found = dict(OG_TAG.findall(context.get("metatags", "")))
    tags = ['<meta name="twitter:card" content="summary_large_image" />']
    tags += [f'<meta name="twitter:{key}" content="{value}" />' for key, value in found.items()]
    context["metatags"] += "\n".join(tags) + "\n"


def add_header_links(app, config) -> None:
    """Provinces and Data in the article header, beside ☰ (book/_templates/airace-header-links.html)."""
    options = config.html_theme_options
    start = list(options.get("article_header_start") or ["toggle-primary-sidebar.html"])
    if "airace-header-links.html" not in start:
        options["article_header_start"] = start + ["airace-header-links.html"]


# ---------------------------------------------------------------------------------------------
# The header's download menu: the page's data, not its notebook

DATA_PAGE = "book/chapters/data"
FIGURE_DATA = re.compile(r'<p class="airace-title" id="title-[^"]*">(.*?)</p>.*?<a class="airace-csv" href="([^"]+)"', re.S)


def offer_the_pages_data(app, pagename, templatename, context, doctree) -> None:
    """sphinx-book-theme's download menu offers the page's notebook and source; readers want its
    data. The menu lists each chart's table (CSV, named by the chart's title), the whole dataset
    on the data page, and printing."""
    for group in context.get("header_buttons", []):
        if group.get("label") != "download-buttons":
            continue
        charts = [{"type": "link", "url": html.unescape(url), "text": f"Data: {re.sub('<[^>]+>', '', title).strip()} (CSV)",
                   "icon": "fas fa-table", "tooltip": "Download this chart's data", "label": "download-chart-data"}
                  for title, url in FIGURE_DATA.findall(context.get("body") or "")]
        group["tooltip"] = "Download this page's data"
        group["buttons"] = charts + [
            {"type": "link", "url": context["pathto"](DATA_PAGE), "text": "All the book's data",
             "icon": "fas fa-database", "tooltip": "Every table of the book, to download", "label": "download-all-data"},
            {"type": "javascript", "javascript": "window.airacePrint()", "text": "Print or save as PDF",
             "icon": "fas fa-file-pdf", "tooltip": "Print to PDF", "label": "download-pdf-button"}]


# ---------------------------------------------------------------------------------------------
# Footer

def add_footer(app, pagename, templatename, context, doctree) -> None:
    pathto = context["pathto"]
    text_licence, text_url = publication.TEXT_AND_DATA_LICENCE
    code_licence, code_url = publication.CODE_LICENCE
    when = publication.readable_date(publication.release_dates()[1])
    title = plain_title(context)
    context["theme_extra_footer"] = (
        '<p class="airace-footer">'
        f'Text and data <a href="{text_url}" rel="license">{text_licence}</a>, '
        f'code <a href="{code_url}" rel="license">{code_licence}</a>. '
        f'Updated {when}. '
        f'<a href="{pathto(ABOUT_PAGE)}">Masthead and corrections policy</a> · '
        f'<a href="{pathto(CHANGELOG_PAGE)}">Changelog</a> · '
        f'<a href="{html.escape(publication.report_error_url(title, pagename))}">Report an error</a></p>')


# ---------------------------------------------------------------------------------------------
# Sitemap

def list_unchanged_pages_in_sitemap(app, exception) -> None:
    """sphinx-sitemap lists only the pages written in this run; add the rest, so that an
    incremental build's sitemap still lists every page."""
    links = getattr(app, "sitemap_links", None)
    if exception is not None or links is None or app.builder.name != "html":
        return
    queued = []
    while not links.empty():
        queued.append(links.get_nowait())
    listed = {link for link, _ in queued}
    suffix = app.config.html_file_suffix or ".html"
    for docname in sorted(app.env.found_docs):
        link = docname + suffix
        if link not in listed and link not in app.config.sitemap_excludes:
            queued.append((link, None))
            listed.add(link)
    for item in sorted(queued):  # one order, so an unchanged site gives the same sitemap
        links.put(item)
