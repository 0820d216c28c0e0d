"""A Sphinx extension: page titles reach the theme's HTML as text.

sphinx-book-theme 1.3 hands its templates two titles as plain text, `pagetitle` (the print header
of every page) and `root_title` (the sidebar), and its templates print them unescaped. A profile
page's title comes from the data (a province's name), so a '<' in it would become markup. This
escapes both after the theme has set them (its handlers run at priority 500 and 501)."""

from __future__ import annotations

import html


def escape_titles(app, pagename, templatename, context, doctree) -> None:
    for key in ("pagetitle", "root_title"):
        if isinstance(context.get(key), str):
            context[key] = html.escape(context[key])


def setup(app):
    app.connect("html-page-context", escape_titles, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
