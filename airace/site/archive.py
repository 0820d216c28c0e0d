"""The whole dataset as one download: every clean table, its Frictionless `datapackage.json` and a
README that says what each file is and under which licence, in one zip archive.

The archive is made from data/clean alone, with fixed timestamps, permissions and order, so the
same data always gives the same bytes (and an unchanged build leaves the file untouched)."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

from airace import paths, publication
from airace.story import catalogue

FOLDER = "china-local-ai-race-data"
# Zip's earliest date: a fixed stamp, so the archive depends on the data only, not on when it was made.
FIXED_TIME = (1980, 1, 1, 0, 0, 0)


def readme_text() -> str:
    package = json.loads(paths.DATAPACKAGE.read_text(encoding="utf-8"))
    table = catalogue.catalogue()
    text_licence, text_url = publication.TEXT_AND_DATA_LICENCE
    lines = [
        f"# {package['title']}",
        "",
        package["description"],
        "",
        f"From the book *{publication.title()}* by {publication.author()}: {publication.base_url()}",
        f"Data last changed: {publication.readable_date(publication.data_last_changed())}.",
        f"Cite as: {publication.book_citation()}",
        "",
        "## Licence",
        "",
        f"The tables and this README: {text_licence} ({text_url}). Credit the book and link to it.",
        "Quotations from the source articles (the `quote` columns) remain the property of their",
        "publishers and are included for citation only. Each row of a province table names the page",
        "it came from; the source records are in `sources.csv`.",
        "",
        "## Files",
        "",
        "- `README.md`: this file.",
        "- `datapackage.json`: a Frictionless Data package describing every table below, field by",
        "  field (name, type, description), with its sources and licence.",
    ]
    for row in table.itertuples():
        lines += [f"- `{row.path}`: {row.title}. {row.rows} rows; units: {row.units}; period: {row.period}; "
                  f"coverage: {row.coverage}; source: {row.sources}. Licence: {text_licence}."]
    missing = sorted({p.name for p in paths.DATA_CLEAN.glob("*.csv")} - set(table.path))
    if missing:
        raise ValueError(f"{paths.DATAPACKAGE}: no resource describes {', '.join(missing)}; the archive README "
                         "must explain every file")
    return "\n".join(lines) + "\n"


def archive_files() -> dict[str, bytes]:
    files = {"README.md": readme_text().encode("utf-8"),
             paths.DATAPACKAGE.name: paths.DATAPACKAGE.read_bytes()}
    for table in sorted(paths.DATA_CLEAN.glob("*.csv")):
        files[table.name] = table.read_bytes()
    return files


def archive_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in sorted(archive_files().items()):
            info = zipfile.ZipInfo(f"{FOLDER}/{name}", date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, content, compresslevel=9)
    return out.getvalue()


def write(target: Path = paths.DATA_ARCHIVE) -> Path:
    """Write the archive, only if its bytes changed (an unchanged file keeps the book unchanged)."""
    content = archive_bytes()
    if not target.exists() or target.read_bytes() != content:
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f".{target.name}.partial")
        partial.write_bytes(content)
        partial.replace(target)
    return target
