"""Raw to clean for the complete province tables in data/raw/complete (see its SOURCES.md).

Each raw file has one row per province, indicator and source. The cleaner keeps every row,
including second sources (CROSSCHECK) and the national totals, and marks which row the book
shows (`role`). It stops, naming file, row, column and value, on anything it cannot vouch for:
an unknown province, a value that is not a number, an unknown unit, two rows the book would show
for one province, a province missing from a table declared complete, or provinces that do not add
up to the national total the source prints.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from airace import paths, regions
from airace.data.raw import as_number, format_number, read_raw_csv
from airace.errors import DataError


@dataclass(frozen=True)
class Indicator:
    unit_prefix: str     # how the source's unit column must start
    base_unit: str       # the unit of value_base
    scale: float         # value_base = value * scale


INDICATORS = {
    "rd_expenditure": Indicator("100 million CNY", "CNY", 1e8),
    "rd_intensity": Indicator("% of", "percent", 1.0),
    "gdp": Indicator("100 million CNY", "CNY", 1e8),
    "gdp_per_capita": Indicator("CNY per person", "CNY per person", 1.0),
    "population_yearend": Indicator("10,000 persons", "people", 1e4),
    "genai_services_filed_cac_new_no189_611": Indicator("generative-AI services filed", "services", 1.0),
    "deep_synthesis_algorithm_filings_cac": Indicator("deep-synthesis algorithms filed", "algorithms", 1.0),
}


@dataclass(frozen=True)
class CleanTable:
    files: tuple[str, ...]          # in data/raw/complete
    title: str
    complete: tuple[str, ...] = ()  # files whose every indicator must cover all 31 provinces


TABLES = {
    "rd_by_province": CleanTable(
        ("rd_expenditure_province_2023.csv", "rd_expenditure_province_2022.csv",
         "rd_expenditure_province_2024_partial.csv"),
        "R&D expenditure and intensity by province: NBS/MOST/MOF bulletins 2023 and 2022 (31 of 31), 2024 partial",
        complete=("rd_expenditure_province_2023.csv", "rd_expenditure_province_2022.csv")),
    "economy_by_province": CleanTable(
        ("gdp_2024_province.csv", "gdp_per_capita_2024_province.csv", "population_2024_province.csv"),
        "GDP, GDP per person and year-end population by province, 2024 (China Statistical Yearbook 2025)",
        complete=("gdp_2024_province.csv", "gdp_per_capita_2024_province.csv", "population_2024_province.csv")),
    "cac_filings_by_province": CleanTable(
        ("genai_filings_cac_new_no189_611_province.csv", "deep_synthesis_filings_province_partial.csv"),
        "Generative-AI filings with the CAC by jurisdiction, new filings Nos. 189 to 611 (31 of 31, five implied "
        "zeros), and deep-synthesis algorithm filings (21 of 31)",
        complete=("genai_filings_cac_new_no189_611_province.csv",)),
}

RAW_COLUMNS = ("province_code", "province_zh", "province_en", "indicator", "value", "unit", "period",
               "publisher", "title", "url", "date_published", "quote", "flag")
CLEAN_COLUMNS = ("region_code", "province_code", "region_en", "region_zh", "indicator", "period", "value",
                 "value_as_printed", "unit", "value_base", "base_unit", "role", "caveat", "publisher", "title",
                 "url", "date_published", "quote", "flag", "source_file")
# Rows without a province code: the national total, and central state-owned firms' filings, which the
# CAC lists under the State-owned Assets Supervision and Administration Commission (国资委), no place.
NOT_A_PROVINCE = {"全国": "100000", "国资委": "000000"}
# What a flag means for a reader, in the words the book prints beside the value.
CAVEATS = (
    ("IMPLIED ZERO", "implied zero: not listed in the tally, whose listed rows add up to its total"),
    ("ONLY SOURCE FOUND", "single transcription: no second source was found for this value"),
    ("MISSING", "missing from the source"),
    ("PARTIAL", "partial table"),
)
# The bulletins print each province to 0.1 (亿元), so 31 rounded values may miss the rounded total
# by up to half that step each.
HALF_STEP = 0.05
# The GDP communiqués in the supplementary table round some values to whole 亿元 (Zhejiang 90131),
# so the yearbook and the communiqué may differ by half of that.
COMMUNIQUE_TOLERANCE = 0.5


def caveat_of(flag: str) -> str:
    upper = flag.upper()
    return next((words for key, words in CAVEATS if upper.startswith(key) or f"{key} " in upper), "")


def clean_file(name: str) -> pd.DataFrame:
    path = paths.COMPLETE / name
    raw = read_raw_csv(path, RAW_COLUMNS)
    mainland = set(regions.mainland_provinces().code)
    names = regions.load_regions().set_index("code")
    rows = []
    for row in raw.to_dict("records"):
        r = row["_row"]

        def fail(column, problem):
            raise DataError(path, r, column, row[column], problem)

        code = row["province_code"]
        if code:
            if code not in mainland:
                fail("province_code", "not a mainland province code in data/raw/regions.csv")
            if regions.resolve(row["province_zh"], path, r, "province_zh") != code:
                fail("province_zh", f"does not name province {code}")
            region = code
        elif row["province_zh"].split(" ")[0] in NOT_A_PROVINCE:  # '国资委 (SASAC, central SOEs)'
            region = NOT_A_PROVINCE[row["province_zh"].split(" ")[0]]
        else:
            fail("province_code", "row names no province, and is neither the national total nor 国资委")
        indicator = INDICATORS.get(row["indicator"])
        if indicator is None:
            fail("indicator", f"unknown indicator; known: {', '.join(INDICATORS)}")
        if not row["unit"].startswith(indicator.unit_prefix):
            fail("unit", f"{row['indicator']} is measured in '{indicator.unit_prefix}…'")
        caveat = caveat_of(row["flag"])
        if row["value"]:
            value = as_number(path, r, "value", row["value"])
            if value < 0:
                fail("value", "negative: counts and amounts cannot be below zero")
        elif caveat.startswith("missing"):
            value = None
        else:
            fail("value", "empty value: only a row flagged MISSING may leave it empty")
        if region == "100000":
            role = "national"
        elif region == "000000":
            role = "not_a_province"
        elif row["flag"].upper().startswith("CROSSCHECK"):
            role = "crosscheck"
        else:
            role = "shown"
        rows.append({
            "region_code": region, "province_code": code, "region_en": names.at[region, "name_en"],
            "region_zh": names.at[region, "name_zh"], "indicator": row["indicator"], "period": row["period"],
            "value": "" if value is None else format_number(value), "value_as_printed": row["value"],
            "unit": row["unit"], "value_base": "" if value is None else format_number(value * indicator.scale),
            "base_unit": indicator.base_unit, "role": role, "caveat": caveat,
            **{k: row[k] for k in ("publisher", "title", "url", "date_published", "quote", "flag")},
            "source_file": f"data/raw/complete/{name}", "_row": r,
        })
    table = pd.DataFrame(rows)
    shown = table[table.role == "shown"]
    twice = shown[shown.duplicated(["region_code", "indicator", "period"], keep="first")]
    if len(twice):
        row = twice.iloc[0]
        raise DataError(path, int(row._row), "province_code", row.province_code,
                        f"two rows for {row.indicator} {row.period}: mark the second source CROSSCHECK")
    for crosscheck in table[table.role == "crosscheck"].itertuples():
        match = shown[(shown.region_code == crosscheck.region_code) & (shown.indicator == crosscheck.indicator)]
        if match.empty:
            raise DataError(path, crosscheck._row, "flag", crosscheck.flag, "a CROSSCHECK row with no primary row")
    return table


def check_complete(name: str, table: pd.DataFrame) -> None:
    """Every indicator and period of a complete table covers the 31 mainland provinces."""
    mainland = regions.mainland_provinces()
    shown = table[table.role == "shown"]
    for (indicator, period), group in shown.groupby(["indicator", "period"]):
        missing = mainland[~mainland.code.isin(group.region_code)]
        if len(missing):
            raise DataError(paths.COMPLETE / name, None, "province_code", missing.code.iloc[0],
                            f"{indicator} {period}: this complete table lacks {missing.name_en.iloc[0]} "
                            f"({len(group)} of 31 provinces)")


def check_sums(name: str, table: pd.DataFrame, complete: bool) -> None:
    """Provinces add up to the national total the source prints, within its rounding (a partial
    table must not exceed it); the CAC tally's rows add up to the number of filings in its range
    (Nos. 189 to 611: 423)."""
    path = paths.COMPLETE / name
    for (indicator, period), group in table.groupby(["indicator", "period"]):
        national = group[group.role == "national"]
        provinces = group[group.role == "shown"]
        if indicator == "rd_expenditure" and len(national):
            total = float(national.value.iloc[0])
            parts = provinces.value.astype(float).sum()
            allowed = HALF_STEP * len(provinces)
            if (abs(parts - total) if complete else parts - total) > allowed + 1e-9:
                raise DataError(path, int(national._row.iloc[0]), "value", national.value_as_printed.iloc[0],
                                f"{indicator} {period}: the {len(provinces)} provinces add up to {parts:.1f}, "
                                f"off the national total by more than the rounding allowance of {allowed:.2f}")
    filings = table[table.indicator == "genai_services_filed_cac_new_no189_611"]
    if len(filings):
        numbers = re.search(r"Nos?\.\s*(\d+)\s*[–-]\s*(\d+)", filings.period.iloc[0])
        if not numbers:
            raise DataError(path, int(filings._row.iloc[0]), "period", filings.period.iloc[0],
                            "the period must name the filing numbers it covers (Nos. A–B)")
        expected = int(numbers.group(2)) - int(numbers.group(1)) + 1
        counted = filings[filings.role.isin(["shown", "not_a_province"])].value.astype(float).sum()
        if counted != expected:
            raise DataError(path, None, "value", f"{counted:.0f}",
                            f"the rows add up to {counted:.0f}, but filings Nos. {numbers.group(1)}–"
                            f"{numbers.group(2)} number {expected}")


def clean_table(name: str) -> pd.DataFrame:
    spec = TABLES[name]
    parts = []
    for file in spec.files:
        part = clean_file(file)
        if file in spec.complete:
            check_complete(file, part)
        check_sums(file, part, complete=file in spec.complete)
        parts.append(part)
    return pd.concat(parts, ignore_index=True)[list(CLEAN_COLUMNS)]


def check_against_partial_tables(tables: dict[str, pd.DataFrame]) -> None:
    """Where the partial supplementary tables and the complete ones give the same measure, they must
    agree: the 2023 R&D figures exactly, the GDP communiqués within their rounding. Both are kept;
    the book shows the complete table (one source for all 31 provinces)."""
    rd = tables["rd_by_province"]
    rd = rd[rd.role == "shown"].set_index(["region_code", "indicator", "period"]).value
    old = tables["rd_expenditure"]
    for row in old[(old.value != "") & (old.region_code != "100000")].itertuples():
        key = (row.region_code, row.indicator, row.period)
        if row.period == "2023" and key in rd.index and float(rd[key]) != float(row.value):
            raise DataError(paths.SUPPLEMENTARY / "rd_expenditure_province.csv", None, "value", row.value,
                            f"{row.region_en} {row.indicator} 2023 differs from the NBS bulletin's {rd[key]}")
    economy = tables["economy_by_province"]
    gdp = economy[(economy.role == "shown") & (economy.indicator == "gdp")].set_index("region_code").value
    old = tables["gdp"]
    for row in old[old.value != ""].itertuples():
        if row.region_code in gdp.index and abs(float(gdp[row.region_code]) - float(row.value)) > COMMUNIQUE_TOLERANCE:
            raise DataError(paths.SUPPLEMENTARY / "gdp_2024_province.csv", None, "value", row.value,
                            f"{row.region_en}: the communiqué and the yearbook ({gdp[row.region_code]}) differ by more "
                            f"than {COMMUNIQUE_TOLERANCE}")

