"""The book's corrections log: each correction to a published statement, with its date, the page it
corrects, the wording that was wrong and what is right (book/corrections.csv, written by the desk).

The changelog page lists every correction under "Corrections"; each corrected page says, under its
dateline, that it was corrected and links there (airace/site/sphinx_share.py). The wrong wordings
are also a test corpus: none may come back on any page (tests/site/test_corrections.py)."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass

from airace import paths
from airace.errors import DataError

COLUMNS = ("date", "page", "wrong", "right", "what")
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
PAGE = re.compile(r"book/[a-z0-9_/]+")


@dataclass(frozen=True)
class Correction:
    date: str    # when it was corrected, YYYY-MM-DD
    page: str    # the pages corrected, as Sphinx names them, separated by spaces: book/chapters/compute
    wrong: str   # the wrong wording as it was published, exactly
    right: str   # what the page says now
    what: str    # one sentence: what was wrong and what is right

    @property
    def pages(self) -> tuple[str, ...]:
        return tuple(self.page.split())


def corrections(path=paths.CORRECTIONS) -> list[Correction]:
    """Every correction, newest first; a bad row stops the build with file, row, column and value."""
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if tuple(reader.fieldnames or ()) != COLUMNS:
            raise DataError(path, 1, "header", ",".join(reader.fieldnames or ()), f"expected {','.join(COLUMNS)}")
        rows, pages = [], book_pages()
        for number, row in enumerate(reader, start=2):
            for column in COLUMNS:
                if not (row.get(column) or "").strip():
                    raise DataError(path, number, column, row.get(column), "empty")
            if not DATE.fullmatch(row["date"]):
                raise DataError(path, number, "date", row["date"], "not a date YYYY-MM-DD")
            unknown = [p for p in row["page"].split() if not PAGE.fullmatch(p) or p not in pages]
            if unknown:
                raise DataError(path, number, "page", unknown[0], "not a page of the book (_toc.yml)")
            rows.append(Correction(**{c: row[c].strip() for c in COLUMNS}))
    return sorted(rows, key=lambda c: c.date, reverse=True)


def book_pages(toc=paths.TOC) -> set[str]:
    """Every page the table of contents lists, the root included."""
    text = toc.read_text(encoding="utf-8")
    return set(re.findall(r"^\s*(?:root|- file):\s*(\S+)", text, re.M))


def on_page(page: str, path=paths.CORRECTIONS) -> list[Correction]:
    return [c for c in corrections(path) if page in c.pages]
