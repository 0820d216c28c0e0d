"""The source registry describes each article truly, and the method page shows the same records."""

from __future__ import annotations

import csv

from airace import paths
from airace.data import schemas


def articles() -> list[dict]:
    with paths.SOURCES.open(encoding="utf-8") as f:
        return [r for r in csv.DictReader(f) if r["kind"] == "article"]


def test_every_article_says_what_copy_was_read():
    rows = articles()
    assert len(rows) == 5
    for row in rows:
        assert row["copy_kind"] in schemas.COPY_KINDS, row["source_id"]
        assert len(row["copy_read"]) > 40, f"{row['source_id']}: say where the copy came from"


def test_the_reworded_copy_names_the_original_and_where_its_wording_was_read():
    (weekly,) = [r for r in articles() if r["source_id"] == "cnweekly_2025_03"]
    assert weekly["copy_kind"] == "reworded"
    assert weekly["title_zh"] == "地方政府,为AI疯狂" and weekly["published"] == "2025-03-17"
    assert weekly["authors"] == "陈惟杉; 王诗涵"
    assert "http" in weekly["copy_read"], "the reposts of the original wording are named"


def test_the_method_page_shows_each_article_as_the_registry_records_it():
    page = (paths.BOOK / "method.md").read_text(encoding="utf-8")
    for row in articles():
        title = row["title_zh"].split(" (")[0]
        assert title in page, f"{row['source_id']}: title {title!r} not on the method page"
        for author in filter(None, row["authors"].split("; ")):
            assert author in page, f"{row['source_id']}: reporter {author} not on the method page"
