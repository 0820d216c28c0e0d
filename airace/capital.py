"""Tables behind the capital chapter: funds and pools, Zhipu's rounds, R&D by province, and the
scales of money the sources mention."""

from __future__ import annotations

import pandas as pd

from airace import datasets
from airace.charts import describe_value, format_value

HUNDRED_MILLION = 1e8

FACT_FUNDS = {"ai_fund_group_size": "AI sub-fund group", "ai_fund_ecosystem_size": "AI fund ecosystem",
              "ai_subsidy_pool": "AI subsidy pool"}


def funds(facts: pd.DataFrame) -> pd.DataFrame:
    """Funds and subsidy pools with a stated size: the articles' and the supplementary table's."""
    rows = []
    for r in facts[facts.indicator.isin(FACT_FUNDS)].itertuples():
        rows.append({"region_code": r.region_code, "region_en": r.region_en, "name": FACT_FUNDS[r.indicator],
                     "value": r.value, "qualifier": r.qualifier, "kind": r.kind, "date": r.stated,
                     "from": "article", "source": r.source, "fact_id": r.fact_id})
    table = datasets.load_table("funds")
    for r in table.itertuples():
        if not r.value_cny:
            continue
        rows.append({"region_code": r.region_code, "region_en": r.region_en, "name": r.fund_name_en,
                     "value": float(r.value_cny), "qualifier": "exact", "kind": r.date_type,
                     "date": r.date.split(" ")[0], "from": "supplementary table",
                     "source": f"{r.publisher}, {r.pub_date}", "fact_id": ""})
    out = pd.DataFrame(rows)
    # Two articles report Qingdao's pool; keep the earlier statement of the same fund.
    out = out.sort_values("date").drop_duplicates(["region_code", "name", "value"])
    out["label"] = out.region_en + ": " + out.name
    out["value_label"] = [describe_value(v, "CNY", q) for v, q in zip(out.value, out.qualifier)]
    return out.sort_values("value", ascending=False).reset_index(drop=True)


def zhipu_rounds(facts: pd.DataFrame) -> pd.DataFrame:
    rounds = facts[facts.indicator.isin(["zhipu_round_amount", "zhipu_pre_money_valuation"])].copy()
    rounds["what"] = rounds.indicator.map({"zhipu_round_amount": "Round raised",
                                           "zhipu_pre_money_valuation": "Pre-money valuation"})
    rounds["value_label"] = [describe_value(v, "CNY", q) for v, q in zip(rounds.value, rounds.qualifier)]
    rounds["investors"] = rounds.note
    return rounds.sort_values("period").reset_index(drop=True)


R_AND_D_CLASSES = ["Below 1% (exact value not published)", "2.5% to 3%", "3% to 4%", "Above 4%"]


def rd_intensity(year: str) -> pd.DataFrame:
    """R&D spending as a share of GDP by province, in classes; '<1%' rows keep their class though
    the exact value is not published. Provinces not in the table stay gaps."""
    table = datasets.load_table("rd_expenditure")
    rows = table[(table.indicator == "rd_intensity") & (table.period == year) & (table.region_code != "100000")]
    rows = rows.drop_duplicates("region_code")

    def category(r):
        if r.value_text.startswith("<1"):
            return R_AND_D_CLASSES[0]
        value = float(r.value)
        if value > 4:
            return R_AND_D_CLASSES[3]
        if value >= 3:
            return R_AND_D_CLASSES[2]
        if value >= 2.5:
            return R_AND_D_CLASSES[1]
        raise ValueError(f"rd_expenditure: {r.region_code} {year} intensity {value} falls outside the classes")

    return pd.DataFrame({
        "region_code": rows.region_code, "region_en": rows.region_en,
        "value": [category(r) for r in rows.itertuples()],
        "detail": [f"{r.value}%" if r.value else r.value_text for r in rows.itertuples()],
        "period": year, "source": [p.split(" (")[0] for p in rows.publisher],
    }).reset_index(drop=True)


def rd_spending(year: str) -> pd.DataFrame:
    table = datasets.load_table("rd_expenditure")
    rows = table[(table.indicator == "rd_expenditure") & (table.period == year) & (table.region_code != "100000")].copy()
    rows = rows.drop_duplicates("region_code")
    rows["value"] = rows.value.astype(float) * HUNDRED_MILLION
    rows["value_label"] = [format_value(v, "CNY") for v in rows.value]
    return rows[["region_code", "region_en", "value", "value_label", "period", "publisher", "flag"]].reset_index(drop=True)


def check_guangdong_rd(facts: pd.DataFrame) -> str:
    """The article's Guangdong R&D figures must match the statistics table: a cross-check of two
    independent sources, stated in the chapter."""
    table = datasets.load_table("rd_expenditure")
    out = []
    for indicator, scale in (("rd_expenditure", HUNDRED_MILLION), ("rd_intensity", 1.0)):
        fact = facts[(facts.region_code == "440000") & (facts.indicator == indicator)]
        row = table[(table.region_code == "440000") & (table.indicator == indicator) & (table.period == "2023")]
        if fact.empty or row.empty:
            continue
        stated, official = fact.value.iloc[0], float(row.value.iloc[0]) * scale
        if abs(stated - official) > 1e-6 * max(1.0, official):
            raise ValueError(f"{indicator}: the article says {stated}, the statistics table {official}")
        out.append(indicator)
    return ", ".join(out)


SCALES = {
    "ai_subsidy_pool": "Qingdao: AI subsidy pool",
    "training_voucher_pool": "Shenzhen: training vouchers, a year (cap)",
    "zhipu_round_amount": "Zhipu: a funding round",
    "ai_fund_group_size": "Dongguan: AI sub-fund group (at least)",
    "bytedance_datacentre_investment": "ByteDance: data-centre clusters, 2025 (planned)",
}


def scales_of_money(facts: pd.DataFrame) -> pd.DataFrame:
    """Yuan figures of very different kinds side by side; USD figures are kept out, since the
    sources give no exchange rate and the book does not invent one."""
    rows = facts[facts.indicator.isin(SCALES) & (facts.unit == "CNY")].copy()
    rows = rows.sort_values("value", ascending=False).drop_duplicates("indicator")
    rows["what"] = rows.indicator.map(SCALES)
    rows["value_label"] = [describe_value(v, "CNY", q) for v, q in zip(rows.value, rows.qualifier)]
    return rows.sort_values("value").reset_index(drop=True)
