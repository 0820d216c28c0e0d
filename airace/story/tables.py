"""The book's tables, made one way, so every table reads on a phone.

A table is a list of column headers and rows of cells. Each cell carries its column's header
(`data-label`), so on a phone a table of many columns shows each row as a card of "header: value"
lines (book/_static/airace.css, `.airace-cards`) instead of squeezing eight columns into 360 pixels
and breaking words letter by letter. A table of few columns, or one read across (ranks), scrolls
sideways inside its own box, with its first column kept in view, and never widens the page.
Long tables are folded: a summary line a reader taps to see the whole list.

Cells arrive as HTML the calling module built with every data value escaped (`html.escape`);
headers, captions and summaries are plain text and are escaped here."""

from __future__ import annotations

import html
from dataclasses import dataclass, field

CARDS = "cards"   # each row a card on a phone
WIDE = "wide"     # scrolls sideways in its own box on a phone, first column in view


@dataclass
class Table:
    columns: list[str]                                   # header words, plain text
    rows: list[list[str]] = field(default_factory=list)  # cell HTML, data already escaped
    caption: str = ""                                    # plain text
    layout: str = CARDS
    row_headers: bool = False                            # the first cell names the row (th scope=row)
    css: str = ""                                        # extra classes (airace-tracker, …)

    def html(self) -> str:
        if self.layout not in (CARDS, WIDE):
            raise ValueError(f"table layout must be {CARDS!r} or {WIDE!r}, got {self.layout!r}")
        for number, row in enumerate(self.rows, start=1):
            if len(row) != len(self.columns):
                raise ValueError(f"table row {number} has {len(row)} cells for {len(self.columns)} columns "
                                 f"({', '.join(self.columns)})")
        head = "".join(f"<th scope='col'>{html.escape(c)}</th>" for c in self.columns)
        body = "".join("<tr>" + "".join(self._cell(i, cell) for i, cell in enumerate(row)) + "</tr>"
                       for row in self.rows)
        caption = f"<caption>{html.escape(self.caption)}</caption>" if self.caption else ""
        classes = " ".join(c for c in ("airace-table", f"airace-{self.layout}", self.css) if c)
        # The box that scrolls is a named region keyboard users can reach (axe scrollable-region-focusable).
        name = html.escape(self.caption or ", ".join(self.columns[:3]), quote=True)
        return (f"<div class='airace-table-scroll' role='region' tabindex='0' aria-label=\"{name}\">"
                f"<table class='{classes}'>{caption}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>")

    def _cell(self, column: int, content: str) -> str:
        label = html.escape(self.columns[column], quote=True)
        if column == 0 and self.row_headers:
            return f"<th scope='row' data-label=\"{label}\">{content}</th>"
        return f"<td data-label=\"{label}\">{content}</td>"


def folded(summary: str, content: str, *, open_: bool = False) -> str:
    """A long table behind one line a reader taps: the page stays short on a phone, the whole list
    is one tap away, and it prints open (book/_static/airace-page.js)."""
    return (f"<details class='airace-more'{' open' if open_ else ''}><summary>{html.escape(summary)}</summary>"
            f"{content}</details>")
