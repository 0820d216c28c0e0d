"""Sphinx extension: what the book's pages load, how their Chinese text is marked, and their titles
as text.

- The script that draws the charts (airace-charts.js) is added only to pages that draw a chart; it
  loads the Vega libraries itself, from the site, when a reader first interacts with a chart.
- Every run of Chinese characters in a page's text is marked with its language and script,
  zh-Hant where OpenCC's traditional-to-simplified conversion would change it (quotes kept as
  printed in Hong Kong or Taiwan copies), zh-Hans otherwise, so screen readers pronounce it as
  Chinese and browsers pick the right Chinese font (WCAG 3.1.2); and the
  theme's table-of-contents toggles get a name (axe summary-name), and tables that scroll
  sideways on a phone can be scrolled from the keyboard.
- Page titles reach the theme's HTML as text. sphinx-book-theme 1.3 hands its templates two titles
  as plain text, `pagetitle` (the print header of every page) and `root_title` (the sidebar), and
  prints them unescaped; a profile page's title comes from the data (a province's name), so a '<'
  in it would become markup. `escape_titles` escapes both after the theme has set them (its
  handlers run at priority 500 and 501).
"""

from __future__ import annotations

import functools
import hashlib
import html
import re
from pathlib import Path

CHART_SCRIPTS = ("airace-charts.js",)
CHART_MARKER = 'class="airace-chart"'

# CJK ideographs (with extension A and compatibility forms), CJK punctuation and full-width forms;
# a run may include spaces and ASCII digits between characters (二〇二五年 3 月).
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_PUNCTUATION = "\u3000-\u303f\uff00-\uffef\u2018\u2019\u201c\u201d\u00b7"
CHINESE_RUN = re.compile(f"[{HAN}](?:[{HAN}{CJK_PUNCTUATION}0-9 ]*[{HAN}{CJK_PUNCTUATION}])?")
TAG = re.compile(r"(<!--.*?-->|<[^>]*>)", re.S)
# Text inside these elements is not page text (or cannot hold markup).
RAW_ELEMENTS = ("script", "style", "title", "textarea")


def add_chart_scripts(app, pagename, templatename, context, doctree):
    if CHART_MARKER in context.get("body", ""):
        for script in CHART_SCRIPTS:
            app.add_js_file(script, loading_method="defer")


@functools.lru_cache(maxsize=None)
def _to_simplified():
    import opencc
    return opencc.OpenCC("t2s")


def script(text: str) -> str:
    """zh-Hant for traditional characters, zh-Hans for simplified (and for text that is both)."""
    return "zh-Hant" if _to_simplified().convert(text) != text else "zh-Hans"


def mark_chinese(html: str) -> str:
    """Wrap each run of Chinese text outside tags, scripts and styles in <span lang="zh-Hans">
    (or zh-Hant). Idempotent: text already directly inside such a span is left alone."""
    parts = TAG.split(html)
    raw, previous_tag = None, ""
    for i, part in enumerate(parts):
        if i % 2:  # a tag or comment
            lower = part.lower()
            if raw and lower.startswith(f"</{raw}"):
                raw = None
            elif not raw:
                name = re.match(r"<([a-z0-9]+)", lower)
                if name and name.group(1) in RAW_ELEMENTS and not lower.endswith("/>"):
                    raw = name.group(1)
            previous_tag = part
            continue
        if raw or not part or previous_tag.startswith('<span lang="zh-'):
            continue
        parts[i] = CHINESE_RUN.sub(lambda m: f'<span lang="{script(m.group(0))}">{m.group(0)}</span>', part)
    return "".join(parts)


# The theme's buttons that open a section of the table of contents have an icon and no name.
UNNAMED_TOGGLE = '<summary><span class="toctree-toggle" role="presentation">'
NAMED_TOGGLE = '<summary aria-label="Show or hide the pages of this section"><span class="toctree-toggle" role="presentation">'


def finish_pages(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    for page in Path(app.outdir).rglob("*.html"):
        if page.relative_to(app.outdir).parts[0] in ("_static", "_sources"):
            continue
        text = page.read_text(encoding="utf-8")
        marked = mark_chinese(text).replace(UNNAMED_TOGGLE, NAMED_TOGGLE)
        if marked != text:
            page.write_text(marked, encoding="utf-8")


def templates_changed(app, env, added, changed, removed):
    """Sphinx does not notice a changed template (book/_templates) or this extension: rewrite
    every page when either changed since the last build, so no page keeps the old markup."""
    files = sorted((Path(app.confdir) / "book" / "_templates").rglob("*.html")) + [Path(__file__)]
    digest = hashlib.sha256(b"".join(f.read_bytes() for f in files)).hexdigest()
    if getattr(env, "airace_page_digest", None) != digest:
        env.airace_page_digest = digest
        return sorted(env.found_docs)
    return []


def static_files_changed(app, env, added, changed, removed):
    """Sphinx copies html_static_path only when some page is rebuilt; when only a static file
    (a stylesheet, airace-charts.js, a chart's PNG) changed, rebuild the front page so the
    copy happens and the published site does not keep the old file."""
    published = Path(app.outdir) / "_static"
    for entry in app.config.html_static_path:
        folder = Path(app.confdir) / entry
        for source in folder.rglob("*"):
            if not source.is_file():
                continue
            copy = published / source.relative_to(folder)
            if not copy.exists() or copy.stat().st_size != source.stat().st_size \
                    or copy.read_bytes() != source.read_bytes():
                return [app.config.root_doc]
    return []


def escape_titles(app, pagename, templatename, context, doctree) -> None:
    for key in ("pagetitle", "root_title"):
        if isinstance(context.get(key), str):
            context[key] = html.escape(context[key])


def teach_search_the_books_words(app, config) -> None:
    """Sphinx's Chinese search loads a jieba user dictionary from a path relative to where the build
    was started; give it the full path of book/search_words.txt (the book's terms: 算力券, 语料券…)."""
    words = Path(app.confdir) / "book" / "search_words.txt"
    config.html_search_options = {**(config.html_search_options or {}), "dict": str(words)}
    # And the order of results: a province's page first for its own name (book/search_scorer.js).
    config.html_search_scorer = str(Path(app.confdir) / "book" / "search_scorer.js")


def copy_notebook_styles_first(app) -> None:
    """myst-nb copies its stylesheet into _static only when the build finishes, so a clean build's
    pages link it without Sphinx's `?v=` checksum and the next build's pages with it: every page
    changed on the first rebuild after a clean one (and was printed again for the PDF). Copied
    before any page is written, clean and incremental builds write the same pages."""
    from myst_nb.sphinx_ext import add_global_html_resources
    (Path(app.outdir) / "_static").mkdir(parents=True, exist_ok=True)
    add_global_html_resources(app, None)


def setup(app):
    app.connect("config-inited", teach_search_the_books_words)
    app.connect("builder-inited", copy_notebook_styles_first)
    app.connect("env-get-outdated", templates_changed)
    app.connect("env-get-outdated", static_files_changed)
    app.connect("html-page-context", add_chart_scripts)
    app.connect("build-finished", finish_pages)
    app.connect("html-page-context", escape_titles, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
