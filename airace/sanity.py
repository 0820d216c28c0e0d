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


TABLE_CHECKS = (check_province_rows, check_table_magnitudes, check_written_amounts, check_parts_within_total)


def check_counts_agree(counts_path: Path, counts: pd.DataFrame, zones: pd.DataFrame) -> None:
    """The pilot-zone counts table is derived from the zone list: per province, the two agree exactly."""
    if "gb_code" not in counts.columns or "gb_code" not in zones.columns:
        return
    listed = zones.groupby("gb_code").size()
    for row in counts.itertuples():
        stated = sum(int(float(getattr(row, c) or 0)) for c in
                     ("n_ai_innovation_dev_pilot_zones", "n_ai_application_pilot_areas") if hasattr(row, c))
        if stated != int(listed.get(row.gb_code, 0)):
            raise DataError(counts_path, int(row._1), "gb_code", row.gb_code,
                            f"counts {stated} zones, but the zone list has {int(listed.get(row.gb_code, 0))} for this province")
