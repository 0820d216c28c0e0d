"""Named sanity checks for the data step: the plausible mistakes an author makes when copying a
number from a page, each caught with one line naming file, row, column and value.

Each check states its tolerance and why. They run on the raw tables before anything is written,
so a failure leaves data/clean and the site as they were.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from airace.errors import DataError

# ---------------------------------------------------------------------------------------------
# The number as written agrees with the value (facts ledger)

_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
           "八": 8, "九": 9}
_TENS = {"十": 10, "百": 100, "千": 1000}
_LARGE = (("萬億", 1e12), ("万亿", 1e12), ("億億", 1e16), ("亿亿", 1e16), ("億", 1e8), ("亿", 1e8),
          ("萬", 1e4), ("万", 1e4))
# Units whose written forms carry their own scale: EFLOPS and 'E' are 1,000 PFLOPS; 'B' is a billion.
_SUFFIX_SCALE = {"PFLOPS": (("EFLOPS", 1000), ("EFlops", 1000), ("E", 1000), ("P", 1)),
                 "parameters": (("B", 1e9),)}
# Relative tolerance: a written '三分之一' is stored as 33.3 percent; rounding to three figures.
TOLERANCE = 0.005


def _chinese_integer(text: str) -> float | None:
    """'四' -> 4, '十' -> 10, '二十' -> 20, '百' -> 100; None when not a Chinese numeral."""
    if not text or any(c not in _DIGITS and c not in _TENS for c in text):
        return None
    total, digit = 0, None
    for c in text:
        if c in _DIGITS:
            digit = _DIGITS[c]
        else:
            total += (1 if digit is None else digit) * _TENS[c]
            digit = None
    return float(total + (digit or 0))


# Numbers the sources write as words: "doubled" is growth of 100 percent; "not one" is zero; "half" is 50 percent.
_WORDS = {"翻倍": 100.0, "翻番": 100.0, "翻一番": 100.0, "無一": 0.0, "无一": 0.0,
          "一半": 50.0}


def written_number(text: str, unit: str) -> float | None:
    """The value a number as written stands for, in the ledger's base units, or None if it is
    not a form this reader knows (then the check says so rather than guess)."""
    text = re.sub(r"\(.*?\)|（.*?）", "", text).strip()
    text = re.sub(r"(?<=\d),(?=\d{3})", "", text)  # thousands separators: 4,500億元 is 4500億元
    if text in _WORDS:
        return _WORDS[text]
    fraction = re.fullmatch(r"(\d+)/(\d+)", text)
    if fraction:
        return 100 * int(fraction.group(1)) / int(fraction.group(2))
    part = re.fullmatch(r"(.)分之(.)", text)
    if part and _chinese_integer(part.group(1)) and _chinese_integer(part.group(2)):
        return 100 * _chinese_integer(part.group(2)) / _chinese_integer(part.group(1))
    tenths = re.fullmatch(r"(.)成", text)
    if tenths and _chinese_integer(tenths.group(1)):
        return 10 * _chinese_integer(tenths.group(1))
    # Strip hedges before and counters after: 超, 近, 约, 上, 第 ... 余, 多, 家, 个, 元 ...
    body = re.sub(r"^(超过|超|近|约|逾|上|第|至少|最高)", "", text)
    number = re.match(r"\d+(?:\.\d+)?", body)
    several = re.match(r"[数數](十|百|千)", body)
    if several:  # "several tens/hundreds of": the ledger stores the lower bound, qualified 'more than'
        value, rest = {"十": 10.0, "百": 100.0, "千": 1000.0}[several.group(1)], body[several.end():]
    elif number:
        value, rest = float(number.group()), body[number.end():].strip()
    else:
        chinese = re.match(f"[{''.join(_DIGITS)}{''.join(_TENS)}]+", body)
        if not chinese:
            value, rest = (1.0, body) if body[:1] in ("萬", "万", "億", "亿") else (None, body)
        else:
            value, rest = _chinese_integer(chinese.group()), body[chinese.end():]
        if value is None:
            return None
    rest = rest.lstrip("余多")
    for word, scale in _SUFFIX_SCALE.get(unit, ()):
        if rest.startswith(word):
            return value * scale
    for word, scale in _LARGE:
        if rest.startswith(word):
            value *= scale
            rest = rest[len(word):]
            break
    if unit == "PFLOPS" and rest.startswith("次"):
        return value / 1e15  # operations per second written out: 百億億次 = 10^18 = 1,000 PFLOPS
    return value


def check_value_as_written(path: Path, row: int, fact: dict) -> None:
    expected = written_number(fact["value_as_written"], fact["unit"])
    value = float(fact["value"])
    if expected is None:
        raise DataError(path, row, "value_as_written", fact["value_as_written"],
                        "cannot read this number as written; write it as the source prints it (e.g. 5億元, 30%, 10E)")
    if abs(value - expected) > TOLERANCE * max(abs(expected), 1e-9):
        hint = ""
        if expected and 0.99 < expected / value / 1e8 < 1.01 or expected and 0.99 < expected / value / 1e4 < 1.01:
            hint = " (亿/万 not expanded? values are stored in base units: 5億元 is 500000000)"
        elif fact["unit"] == "percent" and 0.99 < expected / (value * 100 or 1) < 1.01:
            hint = " (a share written as a fraction? percent values are 0-100: 85% is 85)"
        raise DataError(path, row, "value", fact["value"],
                        f"does not agree with the number as written {fact['value_as_written']!r}, "
                        f"which stands for {expected:,.15g}{hint}")


# ---------------------------------------------------------------------------------------------
# Magnitudes within bounds per unit

# Plausible ranges of one fact, per unit; wide enough for every true figure in the sources, narrow
# enough to catch a value off by 10^4 or 10^8. The upper bound for yuan is about China's GDP
# (≈ 1.3 × 10^14 yuan in 2024); for PFLOPS ten times the national total the sources report.
MAGNITUDE_BOUNDS = {
    "CNY": (1e3, 2e14), "USD": (1e3, 3e13), "PFLOPS": (1, 3e6), "percent": (0, 1000),
    "parameters": (1e6, 1e14), "firms": (0, 1e8), "people": (1, 1.5e9), "rank": (1, 1000),
    "km": (0.01, 1e5), "mu": (1, 1e8), "years": (0.1, 200),
}


def check_magnitude(path: Path, row: int, fact: dict) -> None:
    bounds = MAGNITUDE_BOUNDS.get(fact["unit"])
    value = float(fact["value"])
    if bounds and not bounds[0] <= value <= bounds[1]:
        raise DataError(path, row, "value", fact["value"],
                        f"outside the plausible range for {fact['unit']} ({bounds[0]:g} to {bounds[1]:g}): "
                        f"check the unit and the 亿/万 scale")
    if fact["kind"] == "share" and fact["unit"] != "percent":
        raise DataError(path, row, "unit", fact["unit"], "a share is stated in percent (0-100)")
    if fact["kind"] == "share" and value > 100:
        raise DataError(path, row, "value", fact["value"], "a share cannot exceed 100 percent")


def check_target_period(path: Path, row: int, fact: dict) -> None:
    """A target is for a time after it was set: its period cannot end before the year it was stated."""
    if fact["kind"] != "target" or fact["period"] == "annual":
        return
    end = fact["period"].split("/")[-1]
    if end[:4] < fact["stated"][:4]:
        raise DataError(path, row, "period", fact["period"],
                        f"a target's period ends before it was stated ({fact['stated']}): is it an outcome, or a typo?")


FACT_CHECKS = (check_value_as_written, check_magnitude, check_target_period)

# ---------------------------------------------------------------------------------------------
# Province tables

# At most one row per province, indicator, period and source page: a second source for the same
# figure is a cross-check and stays; the same page twice is a pasted row.
ONE_ROW_PER_PROVINCE = ("gb_code", "indicator", "period", "source_url")
# Values in 100 million yuan (亿元) per indicator: bounds for one province. Guangdong's 2024 GDP is
# about 141,600; a value in yuan or 万元 by mistake is 10^4 to 10^8 times larger.
TABLE_BOUNDS = {"gdp": (100, 500_000), "rd_expenditure": (1, 20_000)}


def check_province_rows(path: Path, table: pd.DataFrame) -> None:
    """A province twice for the same indicator and period: a pasted row, or a corrected one kept
    beside the original. Tables that list places below the province (a city column) may repeat."""
    if "gb_code" not in table.columns or ("city" in table.columns and (table.city != "").any()):
        return
    key = [c for c in ONE_ROW_PER_PROVINCE if c in table.columns]
    provincial = table[table.gb_code != ""]
    repeated = provincial[provincial.duplicated(key, keep="first")]
    if len(repeated):
        first = repeated.iloc[0]
        raise DataError(path, int(first["_row"]), "gb_code", first["gb_code"],
                        "province appears twice" + (f" with the same {', '.join(key[1:])}" if len(key) > 1 else ""))


def check_table_magnitudes(path: Path, table: pd.DataFrame) -> None:
    if not {"indicator", "value", "unit"} <= set(table.columns):
        return
    for row in table.itertuples():
        bounds = TABLE_BOUNDS.get(row.indicator)
        national = getattr(row, "gb_code", "") in ("", "100000")
        if bounds and row.value and not national and row.unit.startswith("100 million CNY"):
            if not bounds[0] <= float(row.value) <= bounds[1]:
                raise DataError(path, int(row._1), "value", row.value,
                                f"outside the plausible range for {row.indicator} in 100 million CNY "
                                f"({bounds[0]:,} to {bounds[1]:,}): a value in yuan or 万元?")


def check_written_amounts(path: Path, table: pd.DataFrame) -> None:
    """Where a table keeps the amount as printed (amount_text, '6亿元'), the number agrees with it."""
    value_column = next((c for c in ("amount_value", "annual_or_total_amount_value") if c in table.columns), None)
    if not value_column or "amount_text" not in table.columns:
        return
    for row in table.to_dict("records"):
        text, value = row["amount_text"], row[value_column]
        match = re.fullmatch(r"[^\d]*?(\d+(?:\.\d+)?)\s*亿元?", text)
        if value and match and row.get("unit", "").startswith("100 million CNY") \
                and abs(float(match.group(1)) - float(value)) > TOLERANCE * float(match.group(1)):
            raise DataError(path, row["_row"], value_column, value,
                            f"does not agree with the amount as printed {text!r} (in 100 million CNY)")


# Provincial figures are compiled by each province and the national one separately; for GDP the
# provinces' sum has run a few percent above the national total. Where all 31 are present they
# must agree within 5%; where some are missing, their sum may not exceed the total by more than 1%
# (rounding of the published figures).
SUM_TOLERANCE_COMPLETE, SUM_TOLERANCE_PARTIAL = 0.05, 0.01
MAINLAND_PROVINCES = 31


def check_parts_within_total(path: Path, table: pd.DataFrame) -> None:
    """Provinces add up to the national total where the table gives one (same indicator, period, unit)."""
    if not {"gb_code", "indicator", "period", "value"} <= set(table.columns):
        return
    numeric = table[table.value != ""]
    level = numeric["geo_level"] if "geo_level" in numeric.columns else pd.Series("", index=numeric.index)
    is_national = (numeric.gb_code == "100000") | level.str.startswith("national")
    for (indicator, period), group in numeric.groupby(["indicator", "period"]):
        total = group[is_national[group.index]]
        parts = group[~is_national[group.index] & (group.gb_code != "")].drop_duplicates("gb_code")
        if len(total) != 1 or parts.empty or "unit" in group.columns and group.unit.nunique() > 1 \
                or "percent" in str(group.unit.iloc[0]) or "% of" in str(group.unit.iloc[0]):
            continue
        national, summed = float(total.value.iloc[0]), parts.value.astype(float).sum()
        complete = parts.gb_code.nunique() >= MAINLAND_PROVINCES
        tolerance = SUM_TOLERANCE_COMPLETE if complete else SUM_TOLERANCE_PARTIAL
        if (complete and abs(summed - national) > tolerance * national) or (not complete and summed > national * (1 + tolerance)):
            raise DataError(path, int(total["_row"].iloc[0]), "value", total.value.iloc[0],
                            f"the national total of {indicator} ({period}) and the {len(parts)} provinces' sum "
                            f"{summed:,.15g} differ by more than {tolerance:.0%}")




# The pilot-zone list names MIIT's innovation application pilot areas 先导区; every other entry is one of
# MOST's innovation and development pilot zones (试验区).
APPLICATION_AREA_MARK = "先导区"


def is_application_area(program: pd.Series) -> pd.Series:
    return program.str.contains(APPLICATION_AREA_MARK)


def check_counts_agree(counts_path: Path, counts: pd.DataFrame, zones: pd.DataFrame) -> None:
    """The pilot-zone counts table is derived from the zone list: per province and kind of zone,
    the two agree exactly."""
    if "gb_code" not in counts.columns or "gb_code" not in zones.columns:
        return
    for row in counts.itertuples():
        listed = zones[zones.gb_code == row.gb_code]
        application = int(is_application_area(listed.program).sum()) if "program" in listed else 0
        for column, expected in (("n_ai_innovation_dev_pilot_zones", len(listed) - application),
                                 ("n_ai_application_pilot_areas", application)):
            stated = int(float(getattr(row, column, 0) or 0))
            if stated != expected:
                raise DataError(counts_path, int(row._1), "gb_code", row.gb_code,
                                f"{column}: counts {stated}, but the zone list has {expected} for this province")


# ---------------------------------------------------------------------------------------------
# Parts of one whole

# Shares that divide one whole between them: Shenzhen's AI firms by layer. The association publishes
# each share rounded to two decimals, so three shares can miss 100 by up to 3 x 0.005 = 0.015
# percentage points; a larger gap means a misread or a missing layer.
SHARES_OF_A_WHOLE = {"AI firms by layer": ("ai_firms_foundation_layer_share", "ai_firms_technology_layer_share",
                                           "ai_firms_application_layer_share")}
SHARE_TOLERANCE = 0.015


def check_shares_add_up(path: Path, facts: pd.DataFrame) -> None:
    """Where the ledger holds every part of a whole for one place and period, they add up to 100."""
    for whole, parts in SHARES_OF_A_WHOLE.items():
        rows = facts[facts.indicator.isin(parts)]
        for (region, period), group in rows.groupby(["region_code", "period"]):
            if set(group.indicator) != set(parts):
                continue
            total = group.value.astype(float).sum()
            if abs(total - 100) > SHARE_TOLERANCE:
                last = group.iloc[-1]
                raise DataError(path, int(last["_row"]), "value", last["value"],
                                f"the {len(parts)} shares of {whole} for {region} in {period} add up to {total:g}, "
                                f"not 100 (rounding allows {SHARE_TOLERANCE})")


# A period that names the national total the source printed beside the provinces: '2025-07 (national total 346)'.
STATED_NATIONAL_TOTAL = re.compile(r"national total (\d+)")


def check_parts_within_stated_total(path: Path, table: pd.DataFrame) -> None:
    """The provinces of one indicator and period add up to no more than the national total the
    period names (a partial list may add up to less)."""
    if not {"indicator", "period", "value"} <= set(table.columns):
        return
    for (indicator, period), group in table[table.value != ""].groupby(["indicator", "period"]):
        total = STATED_NATIONAL_TOTAL.search(period)
        if total and group.value.astype(float).sum() > float(total.group(1)):
            last = group.iloc[-1]
            raise DataError(path, int(last["_row"]), "value", last["value"],
                            f"the provinces' {indicator} add up to {group.value.astype(float).sum():g}, more than the "
                            f"national total {total.group(1)} the period names")


# ---------------------------------------------------------------------------------------------
# Counts written in words

# A count some reports give only in words: 近60家 (about 60), 超过50家 or 30余家 (more than), 44家.
WRITTEN_COUNT = re.compile(r"(近|超过)?(\d+)(余)?家")


def read_count(text: str) -> tuple[float, str] | None:
    """(value, qualifier) of a count written in words, or None when the text holds none."""
    match = WRITTEN_COUNT.search(text)
    if not match:
        return None
    qualifier = "about" if match.group(1) == "近" else ("more_than" if match.group(1) or match.group(3) else "exact")
    return float(match.group(2)), qualifier


def check_counts_readable(path: Path, table: pd.DataFrame) -> None:
    """A row with no number in `value` gives its count in words (`value_text`) in a form read_count reads."""
    if not {"value", "value_text"} <= set(table.columns):
        return
    for row in table.to_dict("records"):
        if not row["value"] and read_count(row["value_text"]) is None:
            raise DataError(path, int(row["_row"]), "value_text", row["value_text"],
                            "no number in value and no count in words (近60家, 30余家) to read")


# ---------------------------------------------------------------------------------------------
# The articles against the statistics

# An article's figure that the official statistics also give (same place, indicator and period)
# must agree with them: both are the bulletin's number, so only float noise is allowed.
STATISTICS_TOLERANCE = 1e-6


def check_facts_agree_with_statistics(path: Path, facts: pd.DataFrame, statistics: pd.DataFrame) -> None:
    shown = statistics[statistics.role == "shown"].set_index(["region_code", "indicator", "period"]).value_base
    for row in facts.to_dict("records"):
        key = (row["region_code"], row["indicator"], row["period"])
        if key in shown.index and shown[key] != "":
            official = float(shown[key])
            if abs(float(row["value"]) - official) > STATISTICS_TOLERANCE * max(1.0, official):
                raise DataError(path, int(row["_row"]), "value", row["value"],
                                f"the statistics table gives {official:,.15g} for {row['indicator']} {row['period']}")


# Every supplementary table, in this order (airace/data/cleaning.py).
TABLE_CHECKS = (check_province_rows, check_table_magnitudes, check_written_amounts, check_parts_within_total,
                check_parts_within_stated_total)
# And one table's own: the counts of data exchanges, which the data chapter reads from words.
CHECKS_OF_ONE_TABLE = {"data_exchange_counts": (check_counts_readable,)}
