"""The province measures the book ranks and maps, each read from one clean table in one place.

A measure is one number per mainland province (31 rows, or fewer where the table is partial), in
base units, with the period, the source line and the source's caveat for each value. Chapters and
province pages both read measures from here, so a figure cannot differ between two pages. Ranks
are computed over the provinces that have a value, and say so ("3 of 31", "3 of 21 reported")."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from airace import datasets
from airace.data import sanity
from airace.regions import mainland_provinces
from airace.story import charts
from airace.story.page import Figure
from airace.story.prose import format_value

PER_PEOPLE = 10_000_000  # filings are compared per 10 million residents


@dataclass(frozen=True)
class Measure:
    key: str
    label: str             # what a reader sees: "GDP per person"
    unit: str              # for prose.format_value
    period: str            # as a reader reads it: "2024", "filings Nos. 189–611"
    source: str            # source line
    note: str = ""         # how to read it (a flow, not a stock; preliminary GDP)
    short: str = ""        # a chart label that fits a phone


MEASURES = {
    "gdp": Measure("gdp", "GDP", "CNY", "2024", "NBS, China Statistical Yearbook 2025, table 3-9", short="GDP"),
    "gdp_per_person": Measure("gdp_per_person", "GDP per person", "CNY", "2024",
                              "NBS, China Statistical Yearbook 2025, table 3-9",
                              "computed by the statistics bureaus on average population", "GDP per person"),
    "population": Measure("population", "Population", "people", "end of 2024",
                          "NBS, China Statistical Yearbook 2025, table 2-7", "year-end resident population", "Population"),
    "rd_spending": Measure("rd_spending", "R&D spending", "CNY", "2023",
                           "NBS, MOST and MOF, 2023 science and technology funding bulletin, table 1",
                           short="R&D spending"),
    "rd_intensity": Measure("rd_intensity", "R&D intensity (share of GDP)", "percent", "2023",
                            "NBS, MOST and MOF, 2023 science and technology funding bulletin, table 1",
                            "on preliminary 2023 GDP", "R&D intensity"),
    "genai_filings": Measure("genai_filings", "New generative-AI filings", "services", "CAC filings Nos. 189–611",
                             "The China AI Registry (Leading.AI), tally of the CAC filing lists",
                             "new filings from August 2024 to mid-2025, a flow, not the cumulative stock; "
                             "counted by the CAC office filed through", "New AI filings"),
    "genai_filings_per_10m": Measure("genai_filings_per_10m", "New generative-AI filings per 10 million people",
                                     "per 10 million people", "CAC filings Nos. 189–611; population end of 2024",
                                     "The China AI Registry (Leading.AI); NBS population",
                                     "filings Nos. 189–611 divided by year-end 2024 population",
                                     "AI filings per person"),
    "pilot_zones": Measure("pilot_zones", "National AI pilot zones and areas", "zones", "lists as reported",
                           "MOST and MIIT pilot-zone lists as reported (supplementary table)", short="Pilot zones"),
}


def _frame(rows: pd.DataFrame, values, key: str, absolute=None) -> pd.DataFrame:
    measure = MEASURES[key]
    out = pd.DataFrame({
        "region_code": rows.region_code.values, "region_en": rows.region_en.values,
        "value": pd.Series(values, dtype=float).values,
        "caveat": rows.caveat.values if "caveat" in rows else "",
    })
    out["value_label"] = [format_value(v, measure.unit) for v in out.value]
    out["absolute_label"] = absolute if absolute is not None else out.value_label
    out["period"] = measure.period
    out["source"] = measure.source
    return out.reset_index(drop=True)


def _shown(table: str, indicator: str, period: str | None = None) -> pd.DataFrame:
    rows = datasets.load_table(table)
    rows = rows[(rows.role == "shown") & (rows.indicator == indicator)]
    if period is not None:
        rows = rows[rows.period == period]
    return rows[rows.value != ""].sort_values("region_code").reset_index(drop=True)


def measure(key: str) -> pd.DataFrame:
    """One measure for the provinces that have it: region_code, region_en, value (base units),
    value_label, absolute_label (the count or amount behind a ratio), caveat, period, source."""
    if key == "gdp":
        rows = _shown("economy_by_province", "gdp")
        return _frame(rows, rows.value_base.astype(float), key)
    if key == "gdp_per_person":
        rows = _shown("economy_by_province", "gdp_per_capita")
        return _frame(rows, rows.value_base.astype(float), key)
    if key == "population":
        rows = _shown("economy_by_province", "population_yearend")
        return _frame(rows, rows.value_base.astype(float), key)
    if key == "rd_spending":
        rows = _shown("rd_by_province", "rd_expenditure", "2023")
        return _frame(rows, rows.value_base.astype(float), key)
    if key == "rd_intensity":
        rows = _shown("rd_by_province", "rd_intensity", "2023")
        spending = measure("rd_spending").set_index("region_code").value_label
        out = _frame(rows, rows.value_base.astype(float), key,
                     absolute=[f"R&D spending {spending.get(c, 'not given')}" for c in rows.region_code])
        out["value_label"] = [f"{v}%" for v in rows.value_as_printed]  # as printed: 0.60%, not 0.6%
        return out
    if key == "genai_filings":
        rows = _shown("cac_filings_by_province", "genai_services_filed_cac_new_no189_611")
        out = _frame(rows, rows.value_base.astype(float), key,
                     absolute=[_filings_words(float(v)) for v in rows.value_base])
        out["value_label"] = out.absolute_label
        return out
    if key == "genai_filings_per_10m":
        filings = measure("genai_filings").set_index("region_code")
        people = measure("population").set_index("region_code").value
        rows = filings.reset_index()
        rows["caveat"] = filings.caveat.values
        per = [filings.at[c, "value"] / people[c] * PER_PEOPLE for c in rows.region_code]
        out = _frame(rows, per, key, absolute=[
            f"{_filings_words(filings.at[c, 'value'])}, {format_value(people[c], 'people')}"
            for c in rows.region_code])
        out["value_label"] = [f"{v:.1f} per 10 million people" for v in out.value]
        return out
    if key == "pilot_zones":
        rows = pilot_zones_by_province()
        rows = rows[rows.region_code.isin(mainland_provinces().code)].sort_values("region_code")
        rows["caveat"] = ""
        out = _frame(rows, rows.value, key, absolute=[
            f"{z} innovation pilot {'zone' if z == 1 else 'zones'}, {a} application pilot {'area' if a == 1 else 'areas'}"
            for z, a in zip(rows.innovation_zones, rows.application_areas)])
        out["value_label"] = [f"{v:.0f}" for v in out.value]
        return out
    raise KeyError(f"no measure named {key!r}; measures are: {', '.join(MEASURES)}")


def _filings_words(n: float) -> str:
    return f"{n:.0f} new {'filing' if n == 1 else 'filings'}"


def ranked(key: str) -> pd.DataFrame:
    """The measure with each province's rank among those that have a value (1 = highest; ties
    share the better rank) and how many that is."""
    table = measure(key)
    table["rank"] = table.value.rank(ascending=False, method="min").astype(int)
    table["tied"] = table.value.duplicated(keep=False)
    table["of"] = len(table)
    return table


def rank_words(rank: int, of: int, tied: bool = False) -> str:
    """'3 of 31', 'joint 5 of 31', '3 of 21 reported'."""
    total = len(mainland_provinces())
    base = f"{'joint ' if tied else ''}{rank} of {of}"
    return base if of == total else f"{base} reported"


def filings_per_person_for_map() -> pd.DataFrame:
    """New generative-AI filings per 10 million people, ready for a choropleth: the count and the
    population in the tooltip, an implied zero marked as one."""
    table = ranked("genai_filings_per_10m")
    table["detail"] = [a + (f" ({c.split(':')[0]})" if c else "") for a, c in zip(table.absolute_label, table.caveat)]
    return table


def sasac_filings() -> int:
    """Filings by central state-owned firms, listed under 国资委 with no province: off the maps."""
    rows = datasets.load_table("cac_filings_by_province")
    rows = rows[(rows.role == "not_a_province") & (rows.indicator == "genai_services_filed_cac_new_no189_611")]
    return int(rows.value.astype(float).sum())


FILINGS_BREAKS = [0.5, 1, 2, 5, 10, 40]  # per 10 million people; the top class holds Beijing and Shanghai alone


def filing_range() -> str:
    """'Nos. 189 to 611', from the tally's own period, for prose."""
    import re
    rows = datasets.load_table("cac_filings_by_province")
    period = rows[rows.indicator == "genai_services_filed_cac_new_no189_611"].period.iloc[0]
    first, last = re.search(r"Nos?\.\s*(\d+)\s*[–-]\s*(\d+)", period).groups()
    return f"Nos. {first} to {last}"


def pilot_zones_by_province() -> pd.DataFrame:
    """Pilot zones per province counted from the list of zones (the data step checks that the
    compiler's own counts agree, airace/data/sanity.py), for every province the counts table lists."""
    zones = datasets.load_table("pilot_zones")
    zones["is_application_area"] = sanity.is_application_area(zones.program)
    counted = zones.groupby("province_code").agg(
        innovation_zones=("is_application_area", lambda s: int((~s).sum())),
        application_areas=("is_application_area", lambda s: int(s.sum())))
    stated = datasets.load_table("pilot_zone_counts").set_index("region_code")
    table = stated.reset_index()[["region_code", "region_en"]].copy()
    table["innovation_zones"] = [int(counted.innovation_zones.get(c, 0)) for c in table.region_code]
    table["application_areas"] = [int(counted.application_areas.get(c, 0)) for c in table.region_code]
    table["value"] = table.innovation_zones + table.application_areas
    table["period"] = f"lists as reported up to {max(d for d in zones.pub_date if d[:1].isdigit())[:7]}"
    table["source"] = "MOST and MIIT pilot-zone lists as reported (supplementary table)"
    return table


def filings_map_title(per_person: pd.DataFrame) -> str:
    """'Beijing and Shanghai lead …' only while the top two have more than twice the third's rate."""
    top = per_person.sort_values("value", ascending=False).reset_index(drop=True)
    if len(top) >= 3 and top.value[1] > 2 * top.value[2]:
        return f"{top.region_en[0]} and {top.region_en[1]} file far more new AI services per person than anywhere else"
    return f"{top.region_en[0]} files the most new AI services per person"


FILINGS_SOURCE = "The China AI Registry (Leading.AI), tally of the CAC filing lists; NBS population, end of 2024"


def filings_per_person_figure(name: str, highlight: str = "") -> Figure:
    """The one map of new generative-AI filings per 10 million people, drawn by the policy chapter
    (its highlighted province outlined) and the province index (none)."""
    per_person = filings_per_person_for_map()
    implied = per_person[per_person.caveat.str.startswith("implied zero")]
    covered = "all 31 provinces" if len(per_person) == len(mainland_provinces()) else f"{len(per_person)} of 31 provinces"
    chart = charts.province_choropleth(
        per_person, unit="per 10 million people", legend_title="New generative-AI filings per 10 million people",
        breaks=FILINGS_BREAKS, highlight=highlight or None, title=filings_map_title(per_person),
        subtitle=f"New generative-AI services filed with the CAC, filings {filing_range()} (August 2024 to mid-2025), "
                 f"per 10 million residents; {covered}, {len(implied)} of them implied zeros (not listed in the tally); "
                 f"{sasac_filings()} filings by central state firms have no province")
    description = (f"Choropleth of China's provinces by new generative-AI filings ({filing_range()}) per 10 million "
                   f"people; {covered}: " + "; ".join(
                       f"{r.region_en} {r.value:.1f} ({r.absolute_label})"
                       for r in per_person.sort_values("value", ascending=False).itertuples()) + ".")
    return Figure(chart, name, per_person, FILINGS_SOURCE, description)
