"""The data page's catalogue: what each clean table measures, its units, periods, coverage and
sources, computed from the tables themselves so the page never disagrees with the data."""

from __future__ import annotations

import html
import json

import pandas as pd

from airace import datasets, paths, publication, reads
from airace.regions import mainland_provinces
from airace.story.page import Section
from airace.story.tables import Table

PERIOD_COLUMNS = ("period", "date", "founded_or_launched", "date_established_or_renamed", "approval", "pub_date")


def coverage(table: pd.DataFrame) -> str:
    """How many of the 31 mainland provincial-level divisions the table has a row for."""
    if "province_code" not in table.columns or not any(table.province_code):
        return "national"
    mainland = set(mainland_provinces().code)
    covered = len(set(table.province_code) & mainland)
    return f"{covered} of {len(mainland)} provinces"


def units(table: pd.DataFrame) -> str:
    if "unit" not in table.columns:
        return "names, counts and dates"
    values = sorted({u for u in table.unit if u})
    return "; ".join(values[:4]) + (f"; and {len(values) - 4} more" if len(values) > 4 else "")


def periods(table: pd.DataFrame) -> str:
    for column in PERIOD_COLUMNS:
        if column in table.columns:
            years = sorted({v[:4] for v in table[column] if v[:4].isdigit()})
            if years:
                return years[0] if len(years) == 1 else f"{years[0]} to {years[-1]}"
    return "not dated"


def catalogue() -> pd.DataFrame:
    reads.record(paths.DATAPACKAGE)
    package = json.loads(paths.DATAPACKAGE.read_text(encoding="utf-8"))
    rows = []
    for resource in package["resources"]:
        table = datasets.load_table(resource["name"])
        sources = "; ".join(dict.fromkeys(s["title"].split(" (")[0] for s in resource["sources"])) or "this project"
        rows.append({
            "name": resource["name"], "title": resource["title"], "rows": len(table),
            "units": units(table), "period": periods(table), "coverage": coverage(table),
            "sources": sources, "path": resource["path"],
        })
    return pd.DataFrame(rows)


def catalogue_html(table: pd.DataFrame, href_prefix: str) -> str:
    """One row per table, named in words; the file's name is what the download link says."""
    rows = [[html.escape(r.title), str(r.rows), html.escape(r.units), html.escape(r.period), html.escape(r.coverage),
             html.escape(r.sources),
             f"<a href='{href_prefix}/{html.escape(r.path)}' download>{html.escape(r.path.rsplit('/', 1)[-1])}</a>"]
            for r in table.itertuples()]
    return Table(["Table", "Rows", "Units", "Period", "Coverage", "Source", "Download (CSV)"], rows,
                 css="airace-catalogue", caption="The book's tables, each a CSV file to download").html()


def summary() -> Section:
    """The data page's counts: tables, facts and sources, and when the data last changed."""
    facts = datasets.load_facts()
    return Section({"n_tables": str(len(catalogue())), "n_facts": str(len(facts)),
                    "n_sources": str(facts.source_id.nunique()),
                    "data_last_changed": publication.readable_date(publication.data_last_changed())})


def listing() -> Section:
    """The catalogue, with a download link for each table."""
    href = f"{paths.STATIC_URL_FROM_CHAPTER}/{paths.STATIC_DATA.name}"
    return Section(tables=[catalogue_html(catalogue(), href_prefix=href)])
