"""The region crosswalk: every spelling of a place resolves to one GB/T 2260 code, or fails loudly."""

from __future__ import annotations

import re

import pandas as pd

from airace import paths, reads
from airace.errors import DataError

# Hong Kong, Macao and Taiwan are drawn on maps but are outside every source table of this book.
OUTSIDE_SOURCE_DATA = ("710000", "810000", "820000")
_DETAIL = re.compile(r"\s*[（(].*?[)）]\s*$")


@reads.remembered   # every call records the read, also when a process computed it before
def load_regions() -> pd.DataFrame:
    reads.record(paths.REGIONS)
    return pd.read_csv(paths.REGIONS, dtype=str, keep_default_na=False, encoding="utf-8")


@reads.remembered
def spellings() -> dict[str, str]:
    """Every known spelling (simplified, traditional, short forms, aliases) -> code."""
    table: dict[str, str] = {}
    for row in load_regions().itertuples():
        names = [row.code, row.name_zh, row.name_zh_hant, row.name_en, *row.aliases.split(";")]
        for name in filter(None, names):
            if table.get(name, row.code) != row.code:
                raise DataError(paths.REGIONS, None, "aliases", name,
                                f"spelling is claimed by both {table[name]} and {row.code}")
            table[name] = row.code
    return table


def resolve(name: str, file, row: int | None, column: str) -> str:
    """The code for a place as written. A detail in brackets ('成都 (天府)') is ignored when the
    full spelling is unknown. Unknown names raise a DataError naming file, row, column and value."""
    text = str(name).strip()
    known = spellings()
    if text in known:
        return known[text]
    base = _DETAIL.sub("", text)
    if base in known:
        return known[base]
    raise DataError(file, row, column, name, "unknown region: add it (or this spelling) to data/raw/regions.csv")


@reads.remembered
def province_of(code: str) -> str:
    """The provincial-level division a place lies in ('' for China as a whole or no place)."""
    table = load_regions().set_index("code")
    while table.at[code, "level"] in ("city", "district"):
        code = table.at[code, "parent_code"]
    return code if table.at[code, "level"] == "province" else ""


@reads.remembered
def _mainland_provinces() -> pd.DataFrame:
    regions = load_regions()
    provinces = regions[regions.level == "province"]
    return provinces[~provinces.code.isin(OUTSIDE_SOURCE_DATA)].reset_index(drop=True)


def mainland_provinces() -> pd.DataFrame:
    # Asked for hundreds of times by one profile page (each rank's "of 31"): filtered once per
    # process, a copy each time, so no caller can change another's.
    return _mainland_provinces().copy()

