"""What lets a reader share, cite and trust the book: its addresses, its licences, suggested
citations and the two dates that mean something (when the facts were stated, when the data last
changed), all computed from _config.yml and the data, never from the clock or from git."""

from __future__ import annotations

import functools
import re
from urllib.parse import quote

from airace import datasets, paths

# Text and data, and code: also in CITATION.cff, the data archive's README and the footer.
TEXT_AND_DATA_LICENCE = ("CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/")
CODE_LICENCE = ("MIT", "https://opensource.org/license/mit")

# A stated date is a year, a month or a day; anything else ("not stated (c. 2022-01)") is a gap.
STATED_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")


@functools.cache
def config() -> dict:
    import yaml
    return yaml.safe_load(paths.CONFIG.read_text(encoding="utf-8"))


def _required(*keys: str) -> str:
    node = config()
    for key in keys:
        node = node.get(key) if isinstance(node, dict) else None
    if not isinstance(node, str) or not node.strip():
        raise ValueError(f"{paths.CONFIG.name}: `{'.'.join(keys)}` must be set: citations and links are made from it")
    return node.strip()


def title() -> str:
    return _required("title")


def author() -> str:
    return _required("author")


def base_url() -> str:
    """The site's one address (`html.baseurl`), ending in a slash."""
    return _required("html", "baseurl").rstrip("/") + "/"


def repository_url() -> str:
    """The repository's one address (`repository.url`)."""
    return _required("repository", "url").rstrip("/")


def issues_url() -> str:
    return f"{repository_url()}/issues"


def report_error_url(page_title: str, page: str) -> str:
    """A new issue in the tracker, its title naming the page, so a reader only has to say what is wrong."""
    return f"{issues_url()}/new?title={quote(f'Correction: {page_title}')}&body={quote(page_url(page))}"


def page_url(page: str, anchor: str = "") -> str:
    """The published address of a page named as in _toc.yml ("book/chapters/policy_race")."""
    return f"{base_url()}{page}.html" + (f"#{anchor}" if anchor else "")


# ---------------------------------------------------------------------------------------------
# Dates

def _start(stated: str) -> str:
    """A year or month compared by its first day: '2025' is not later than '2025-02-07'."""
    return (stated + "-01-01")[:10] if len(stated) == 4 else (stated + "-01")[:10]


def latest(dates) -> str | None:
    """The latest of some stated dates, judged by first day; None when there are none."""
    stated = [d for d in dates if isinstance(d, str) and STATED_DATE.match(d)]
    return max(stated, key=lambda d: (_start(d), len(d))) if stated else None


def readable_date(stated: str) -> str:
    """'2025-03-03' -> '3 March 2025', '2025-03' -> 'March 2025', '2025' -> '2025'."""
    if not STATED_DATE.match(stated or ""):
        raise ValueError(f"not a stated date: {stated!r}")
    parts = stated.split("-")
    if len(parts) == 1:
        return parts[0]
    month = MONTHS[int(parts[1]) - 1]
    return f"{month} {parts[0]}" if len(parts) == 2 else f"{int(parts[2])} {month} {parts[0]}"


def data_last_changed() -> str:
    """When the book's data last changed: the latest date in the source records."""
    found = latest(datasets.sources().published)
    if found is None:
        raise ValueError(f"{paths.SOURCES}: no source record has a date in column 'published'")
    return found


ARTICLE_TABLES = ("facts", "policy_events")   # what the five articles state, filtered by `as_of`
LATER_TABLES = ("outcomes",)                   # later reports of what came of the targets, likewise


def stated_dates(table_name: str, as_of: str | None, province: str | None = None) -> list[str]:
    """The dates the sources stated the rows of one clean table a page reads: the facts ledger and
    policy events as the chapters filter them (stated by `as_of`), province tables by their rows'
    publication dates (which `as_of` does not filter); with `province`, only that province's rows."""
    table = datasets.load_table(table_name)
    if province is not None and "province_code" in table.columns:
        table = table[table.province_code == province]
    if table_name in ("facts", "outcomes"):   # the ledger and the later reports: stated by `as_of`
        return list(table[table.stated_by <= as_of].stated) if as_of else list(table.stated)
    if table_name == "policy_events":
        return list(table[table.date_by <= as_of].date) if as_of else list(table.date)
    if "pub_date" in table.columns:
        return list(table.pub_date)
    return []


def stated_up_to(reads, as_of: str | None, province: str | None = None) -> dict[str, str | None]:
    """The latest date on which a source stated something a page uses, from the clean tables it
    reads: {"articles": ..., "tables": ...}, each None when those sources state nothing for it.
    Source records and the crosswalk state no facts."""
    found = {"articles": [], "later": [], "tables": []}
    for read in reads:
        name = read.rsplit("/", 1)[-1]
        if read.startswith("data/clean/") and name.endswith(".csv") and name not in ("sources.csv", "regions.csv"):
            kind = ("articles" if name[:-4] in ARTICLE_TABLES else "later" if name[:-4] in LATER_TABLES
                    else "tables")
            found[kind] += stated_dates(name[:-4], as_of, province)
    return {kind: latest(dates) for kind, dates in found.items()}


CHANGELOG_ENTRY = re.compile(r"^## (\d{4}-\d{2}-\d{2}):", re.M)


def release_dates() -> tuple[str, str]:
    """When the book was first published and last updated: the first and the latest dated entry of
    the changelog, where every data release and correction is recorded."""
    dates = sorted(CHANGELOG_ENTRY.findall(paths.CHANGELOG.read_text(encoding="utf-8")))
    if not dates:
        raise ValueError(f"{paths.CHANGELOG}: no entry headed '## YYYY-MM-DD: …'")
    return dates[0], dates[-1]


def dateline(stated: dict[str, str | None], as_of: str | None = None) -> str:
    """One line a reader understands: 'Published 23 November 2026; updated 4 December 2026. Data as
    of 4 December 2026: articles stated up to 3 March 2025, later reports up to 26 May 2026,
    province tables published up to 25 March 2025.' A page without data parameters (method,
    about) says when it was published and updated."""
    published, updated = release_dates()
    line = f"Published {readable_date(published)}; updated {readable_date(updated)}."
    parts = []
    if stated.get("articles"):
        parts.append(f"articles stated up to {readable_date(stated['articles'])}")
    if stated.get("later"):
        parts.append(f"later reports up to {readable_date(stated['later'])}")
    if stated.get("tables"):
        parts.append(f"province tables published up to {readable_date(stated['tables'])}")
    if as_of:
        return f"{line} Data as of {readable_date(as_of)}" + (f": {', '.join(parts)}." if parts else ".")
    return f"{line} " + (f"Data: {', '.join(parts)}." if parts else "")


# ---------------------------------------------------------------------------------------------
# Citations

def chart_citation(chart_title: str, chapter_title: str, url: str, sources: str) -> str:
    """'Title. China's local AI race, chapter, data of November 2026. URL#anchor. Data: sources.'"""
    when = f"data of {readable_date(data_last_changed())}"
    return f"{chart_title.rstrip('.')}. {title()}, {chapter_title}, {when}. {url}. Data: {sources.rstrip('.')}."


def page_citation(page_title: str, page: str, articles_up_to: str | None) -> str:
    """'Author. "Page". Book title, facts stated up to 3 March 2025. URL.' (the data's date when
    the page uses no fact from the articles)."""
    when = (f"facts stated up to {readable_date(articles_up_to)}" if articles_up_to
            else f"data of {readable_date(data_last_changed())}")
    return f"{author()}. “{page_title}”. {title()}, {when}. {page_url(page)}."



def book_citation() -> str:
    """'Author. Book title. Data of November 2026. URL.'"""
    return f"{author()}. {title()}. Data of {readable_date(data_last_changed())}. {base_url()}"
