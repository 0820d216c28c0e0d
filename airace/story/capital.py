"""Tables behind the capital chapter: funds and pools, Zhipu's rounds, R&D by province, and the
scales of money the sources mention."""

from __future__ import annotations

import calendar
import re

import altair as alt
import pandas as pd

from airace import datasets, regions
from airace.data.quotes import display_form
from airace.story import charts, labels, page, prose
from airace.story.page import Figure, Section
from airace.story.prose import describe_value, format_value

HUNDRED_MILLION = 1e8

# The targets this chapter discusses (fund sizes, Hangzhou's "three 15%"), followed up at its end.
TARGET_MEASURES = ("ai_fund_group_size", "ai_fund_ecosystem_size", "municipal_st_spending_growth",
                   "new_revenue_share_to_st", "industrial_policy_funds_share_to_new_productive_forces")
FACT_FUNDS = ("ai_fund_group_size", "ai_fund_ecosystem_size", "ai_subsidy_pool")


def table_date(text: str) -> str:
    """The funds table's date as readers should see it. Some sources print a day and month but no
    year ("05-16 (...; year not printed)"): that is said in words, never shown as a bare "05-16"."""
    date = text.split(" ")[0]
    if re.fullmatch(r"\d\d-\d\d", date):
        month, day = int(date[:2]), int(date[3:])
        return f"{day} {calendar.month_name[month]}, year not stated"
    return date


def funds(facts: pd.DataFrame) -> pd.DataFrame:
    """Funds and subsidy pools with a stated size: the articles' and the supplementary table's."""
    rows = []
    for r in facts[facts.indicator.isin(FACT_FUNDS)].itertuples():
        rows.append({"region_code": r.region_code, "region_en": r.region_en, "name": labels.indicator(r.indicator),
                     "value": r.value, "qualifier": r.qualifier, "kind": labels.kind(r.kind), "date": r.stated,
                     "from": "article", "source": r.source, "fact_id": r.fact_id})
    table = datasets.load_table("funds")
    for r in table.itertuples():
        # The table flags three regional venture guidance funds as not AI-specific, and a Beijing
        # district's guidance fund as only partly for AI (AI and health): neither is an AI fund.
        if not r.value_cny or r.ai_specific.startswith(("no", "partly")):
            continue
        rows.append({"region_code": r.region_code, "region_en": r.region_en, "name": r.fund_name_en,
                     "value": float(r.value_cny), "qualifier": "exact", "kind": r.date_type,
                     "date": table_date(r.date), "from": "supplementary table",
                     "source": f"{r.publisher}, {r.pub_date}", "fact_id": ""})
    out = pd.DataFrame(rows)
    # Two articles report Qingdao's pool; keep the earlier statement of the same fund.
    out = out.sort_values("date").drop_duplicates(["region_code", "name", "value"])
    out["label"] = out.region_en + ": " + out.name
    out["value_label"] = [describe_value(v, "CNY", q) for v, q in zip(out.value, out.qualifier)]
    return out.sort_values("value", ascending=False).reset_index(drop=True)


# Amounts the sources give only as an order of magnitude: told in words, never drawn as a bar.
VAGUE_AMOUNTS = {"数十亿元": "several billion yuan (数十亿元)", "数百亿元": "several tens of billions of yuan (数百亿元)"}


def vague_amount(value_as_written: str) -> str:
    """'several billion yuan (数十亿元)' for an amount written 数十亿元, else ''."""
    return VAGUE_AMOUNTS.get(display_form(value_as_written), "")


def zhipu_rounds(facts: pd.DataFrame) -> pd.DataFrame:
    rounds = facts[facts.indicator.isin(["zhipu_round_amount", "zhipu_pre_money_valuation"])].copy()
    rounds["what"] = rounds.indicator.map(labels.indicator)
    rounds["vague"] = [vague_amount(w) for w in rounds.value_as_written]
    rounds["value_label"] = [vague or describe_value(v, "CNY", q)
                             for vague, v, q in zip(rounds.vague, rounds.value, rounds.qualifier)]
    rounds["investors"] = rounds.period.map(lambda p: ZHIPU_INVESTORS.get(p, ""))
    return rounds.sort_values("period").reset_index(drop=True)


# Who invested in each Zhipu round, as China News Weekly (17 March 2025) puts it: in words here,
# never the ledger's notes (which carry fact ids and coding remarks).
ZHIPU_INVESTORS = {
    "2024-09": "led by Zhongguancun Science City, Beijing state capital",
    "2024-12": "investors include several strategic investors and state capital",
    "2025-03-03": "investors include Hangzhou Chengtou's industry fund and Shangcheng Capital, Hangzhou state capital",
}



# Classes of R&D intensity (percent of GDP), light to dark; the national figure for 2023 was 2.65%.
R_AND_D_BREAKS = [1, 1.5, 2, 2.5, 3, 7]


def rd_intensity(year: str) -> pd.DataFrame:
    """R&D spending as a share of GDP by province, from the NBS/MOST/MOF bulletin (all 31), with the
    spending itself in the tooltip."""
    rows = _bulletin("rd_intensity", year)
    spending = _bulletin("rd_expenditure", year).set_index("region_code")
    return pd.DataFrame({
        "region_code": rows.region_code, "region_en": rows.region_en, "value": rows.value.astype(float),
        "detail": [f"R&D spending {format_value(float(spending.at[r.region_code, 'value_base']), 'CNY')}"
                   for r in rows.itertuples()],
        "period": year, "source": "NBS, MOST and MOF bulletin",
    }).reset_index(drop=True)


def _bulletin(indicator: str, year: str) -> pd.DataFrame:
    table = datasets.load_table("rd_by_province")
    return table[(table.indicator == indicator) & (table.period == year) & (table.role == "shown")].reset_index(drop=True)


def rd_spending(year: str) -> pd.DataFrame:
    rows = _bulletin("rd_expenditure", year)
    rows["value"] = rows.value_base.astype(float)
    rows["value_label"] = [format_value(v, "CNY") for v in rows.value]
    return rows[["region_code", "region_en", "value", "value_label", "period", "publisher", "flag"]].reset_index(drop=True)


def guangdong_rd_cross_checked(facts: pd.DataFrame) -> str:
    """Which of the article's Guangdong R&D figures the statistics table also gives: two
    independent sources, stated in the chapter. The data step has checked that they agree
    (airace/data/sanity.py)."""
    out = []
    for indicator in ("rd_expenditure", "rd_intensity"):
        fact = facts[(facts.region_code == "440000") & (facts.indicator == indicator)]
        row = _bulletin(indicator, "2023")
        if len(fact) and (row.region_code == "440000").any():
            out.append(indicator)
    return ", ".join(out)


SCALES = labels.AMOUNTS_WITH_OWNER


def scales_of_money(facts: pd.DataFrame) -> pd.DataFrame:
    """Yuan figures of very different kinds side by side; USD figures are kept out, since the
    sources give no exchange rate and the book does not invent one."""
    rows = facts[facts.indicator.isin(SCALES) & (facts.unit == "CNY")].copy()
    rows = rows.sort_values("value", ascending=False).drop_duplicates("indicator")
    rows["what"] = rows.indicator.map(SCALES)
    rows["period"] = rows.period.map(labels.period)
    rows["value_label"] = [describe_value(v, "CNY", q) for v, q in zip(rows.value, rows.qualifier)]
    return rows.sort_values("value").reset_index(drop=True)


# ---------------------------------------------------------------------------------------------
# The chapter's parts: each gives the notebook its sentences (by glue key) and its figures

def findings(fund_table: pd.DataFrame, rounds: pd.DataFrame, spending: pd.DataFrame) -> list[str]:
    """Key findings with their numbers; a finding whose facts are missing is left out."""
    out = [f"The data holds {len(fund_table)} AI funds, fund groups and subsidy pools with a stated size, from "
           f"{fund_table.value_label.iloc[-1]} to {fund_table.value_label.iloc[0]}."]
    raised = rounds[rounds.indicator == "zhipu_round_amount"]
    if len(raised):
        out.append(f"Zhipu, a Beijing model maker, raised {prose.join_names(list(raised.value_label))} in "
                   f"{len(raised)} rounds reported here, each with state investors"
                   + ("; Hangzhou's state funds joined the latest." if (raised.region_code == "330100").any() else "."))
    top = spending.sort_values("value", ascending=False).iloc[0]
    out.append(f"Of the {len(spending)} provinces in the statistics table, {top.region_en} spent the most on R&D "
               f"in 2023, {top.value_label}.")
    return out


def key_findings(fund_table, rounds, spending) -> Section:
    return page.key_findings(findings(fund_table, rounds, spending), "No capital facts had been stated by this date.")


def _in_province(table: pd.DataFrame, regions: pd.DataFrame, code: str) -> list[bool]:
    return [regions.at[c, "province_code"] == code for c in table.region_code]


def funds_ranked(fund_table: pd.DataFrame, regions: pd.DataFrame, highlight: str) -> Section:
    description = ("Ranked dot chart on a log scale of AI fund sizes: "
                   + "; ".join(f"{r.label} {r.value_label} ({r.date})" for r in fund_table.itertuples()) + ".")
    return Section(figures=[Figure(funds_chart(fund_table, _in_province(fund_table, regions, highlight)), "funds_ranked",
                                   fund_table, "the five source articles and the supplementary funds table "
                                   "(row-level pages in the CSV)", description)])


# The National Bureau of Statistics' eastern region: Beijing, Tianjin, Hebei, Shanghai, Jiangsu,
# Zhejiang, Fujian, Shandong, Guangdong and Hainan.
EASTERN_PROVINCES = {"110000", "120000", "130000", "310000", "320000", "330000", "350000", "370000", "440000", "460000"}


def east_share(placed: pd.DataFrame) -> float:
    """The share of places (not funds) that lie in the eastern region."""
    places = placed.region_code.drop_duplicates()
    return float(places.map(lambda c: regions.province_of(c) in EASTERN_PROVINCES).mean()) if len(places) else 0.0


def funds_map(facts: pd.DataFrame, fund_table: pd.DataFrame, highlight: str) -> Section:
    """Local funds on a map; the national funds counted; Dongguan's and Shenzhen's in words."""
    placed = fund_table[fund_table.region_code != "100000"].copy()
    placed["label"] = placed.name
    placed["period"] = placed.date
    n_national = int((fund_table.region_code == "100000").sum())
    national = list(fund_table[fund_table.region_code == "100000"].name)
    # A noun phrase naming them: "one AI fund, the National AI Industry Investment Fund" (never
    # "one AI fund, among them ...").
    texts = {"n_national_funds": (f"one AI fund, the {national[0]}" if n_national == 1
                                  else f"{n_national} AI funds ({prose.join_names(national)})" if n_national
                                  else "no AI fund")}
    for key, indicator in (("dongguan_fund", "ai_fund_group_size"), ("shenzhen_fund", "ai_fund_ecosystem_size")):
        row = facts[facts.indicator == indicator]
        texts[key] = describe_value(row.value.iloc[0], "CNY", row.qualifier.iloc[0]) if len(row) else "an unstated size"
    chart = charts.city_symbol_map(
        placed, unit="CNY", size_title="Stated fund size", highlight=highlight,
        title=f"{placed.region_code.nunique()} places with AI funds of stated size in the data"
              + (", most of them in the east" if east_share(placed) > 2 / 3 else ""),
        subtitle="Circle area: stated size of each local AI fund or pool; provincial funds sit at the province's centre. National funds are in the chart above.")
    description = ("Map of China with a circle per local AI fund, sized by stated size: "
                   + "; ".join(f"{r.region_en}: {r.name}, {r.value_label}" for r in placed.itertuples()) + ".")
    return Section(texts, [Figure(chart, "funds_map", placed, "the five source articles and the supplementary funds table",
                                  description)])


def zhipu(rounds: pd.DataFrame) -> Section:
    if not len(rounds):
        return Section()
    table = rounds.assign(date=rounds.period)
    description = ("Bar chart of Zhipu's funding: "
                   + "; ".join(f"{r.date}: {r.what}, {r.value_label}" + (f" ({r.investors})" if r.investors else "")
                               for r in table.itertuples()) + ".")
    return Section(figures=[Figure(zhipu_chart(table), "zhipu_rounds",
                                   table[["date", "what", "value", "qualifier", "unit", "region_en", "investors", "fact_id", "quote_shown", "source"]],
                                   datasets.cite(table.source_id), description)])


THREE_15 = ("municipal_st_spending_growth", "new_revenue_share_to_st", "industrial_policy_funds_share_to_new_productive_forces")


def three_15(facts: pd.DataFrame) -> Section:
    """Hangzhou's budget rule, in words only when all three parts are stated."""
    rule = facts[facts.region_code.eq("330100") & facts.indicator.isin(THREE_15)]
    parts = {r.indicator: describe_value(r.value, "percent", r.qualifier) for r in rule.itertuples()}
    text = (f"the city's science and technology spending grows by {parts['municipal_st_spending_growth']} a year; "
            f"{parts['new_revenue_share_to_st']} of the city's new revenue each year goes to science and technology; and "
            f"{parts['industrial_policy_funds_share_to_new_productive_forces']} of existing industrial-policy funds is pooled for "
            "'new productive forces'") if len(parts) == 3 else "not yet reported by this date"
    return Section({"three_15": text})


def rd_intensity_title(intensity: pd.DataFrame) -> str:
    """The two provinces with the highest intensity, computed; a plain title when they tie."""
    known = intensity.dropna(subset=["value"]).sort_values("value", ascending=False)
    if len(known) < 3 or known.value.iloc[1] == known.value.iloc[2]:
        return "R&D spending as a share of GDP, by province"
    of = "" if len(intensity) == 31 else f" of the {len(intensity)} provinces published"
    return f"{known.region_en.iloc[0]} and {known.region_en.iloc[1]} spend the largest share of GDP on R&D{of}"


def rd_intensity_map(intensity: pd.DataFrame, checked: str, highlight: str) -> Section:
    covered = len(intensity)
    chart = charts.province_choropleth(
        intensity, unit="percent", legend_title="R&D spending as a share of GDP, 2023", breaks=R_AND_D_BREAKS,
        highlight=highlight, title=rd_intensity_title(intensity),
        subtitle=f"R&D intensity by province, 2023 ({covered} of 31 provinces); the tooltip gives the spending itself")
    description = (f"Choropleth of R&D intensity in 2023 for the {covered} provinces with data: "
                   + "; ".join(f"{r.region_en} {r.detail}" for r in intensity.itertuples()) + ".")
    return Section({"rd_coverage": f"{covered} of 31", "rd_checked": "match" if checked else "could not be compared"},
                   [Figure(chart, "rd_intensity_map", intensity,
                           "NBS, MOST and MOF, 2023 science and technology funding bulletin, table 1", description)])


def rd_spending_ranked(spending: pd.DataFrame, highlight: str) -> Section:
    description = ("Ranked bar chart of R&D spending in 2023: "
                   + "; ".join(f"{r.region_en} {r.value_label}" for r in spending.itertuples()) + ".")
    return Section(figures=[Figure(rd_spending_chart(spending, highlight), "rd_spending", spending,
                                   "NBS, MOST and MOF, 2023 science and technology funding bulletin, table 1",
                                   description)])


def money_scales(facts: pd.DataFrame, scales: pd.DataFrame) -> Section:
    """Yuan amounts side by side; the dollar figures in words, since no exchange rate is given."""
    costs = facts[facts.indicator.isin(["training_run_cost_low", "training_run_cost_high", "bytedance_ai_chip_investment"])
                  ].set_index("indicator")
    text = (f"a single training run of a large model costs {format_value(costs.at['training_run_cost_low', 'value'], 'USD')} to "
            f"{format_value(costs.at['training_run_cost_high', 'value'], 'USD')}, and ByteDance plans "
            f"{format_value(costs.at['bytedance_ai_chip_investment', 'value'], 'USD')} for AI chips in 2025"
            ) if len(costs) == 3 else "the dollar figures were not yet reported by this date"
    if not len(scales):
        return Section({"usd_figures": text})
    description = "Dot chart on a log scale: " + "; ".join(f"{r.what}: {r.value_label}" for r in scales.itertuples()) + "."
    return Section({"usd_figures": text}, [Figure(scales_chart(scales), "scales_of_money",
                                                  scales[["what", "indicator", "value", "qualifier", "kind", "period", "fact_id", "source"]],
                                                  datasets.cite(scales.source_id), description)])


def highlight_paragraph(code: str, fund_table: pd.DataFrame, spending: pd.DataFrame, regions: pd.DataFrame) -> str:
    local_funds = fund_table[_in_province(fund_table, regions, code)]
    rd_row = spending.set_index("region_code")
    return (f"**{regions.at[code, 'name_en']} ({regions.at[code, 'name_zh']})**: "
            + (f"{len(local_funds)} funds or pools in the data ({prose.join_names(list(local_funds.label + ', ' + local_funds.value_label))})"
               if len(local_funds) else "no fund of stated size in the data")
            + "; R&D spending in 2023: "
            + (rd_row.at[code, "value_label"] if code in rd_row.index else "not in the published text") + ".")


# ---------------------------------------------------------------------------------------------
# Charts (titles state what the data shows, and are checked against it)

def funds_chart(fund_table: pd.DataFrame, highlight_flags):
    table = fund_table.assign(is_highlight=list(highlight_flags))
    domain = charts.log_domain(table.value)
    # Dots, not bars: a bar on a log scale has no zero to start from.
    return alt.Chart(table).mark_point(filled=True, size=90).encode(
        y=alt.Y("label:N", sort="-x", title=None, axis=alt.Axis(labelLimit=300)),
        x=alt.X("value:Q", title="Stated size (billion yuan, log scale)", scale=alt.Scale(type="log", domain=domain),
                axis=alt.Axis(values=charts.log_ticks(domain), labelExpr="format(datum.value / 1e9, ',.1~f')")),
        color=alt.condition("datum.is_highlight", alt.value(charts.ACCENT), alt.value(charts.BASE)),
        shape=alt.Shape("from:N", title="From", scale=alt.Scale(domain=["article", "supplementary table"], range=["diamond", "circle"])),
        tooltip=[alt.Tooltip("label:N", title="Fund"), alt.Tooltip("value_label:N", title="Size"),
                 alt.Tooltip("kind:N", title="Status"), alt.Tooltip("date:N", title="Date"),
                 alt.Tooltip("from:N", title="From"), alt.Tooltip("source:N", title="Source")],
    ).properties(width=260, height=22 * len(table), title=charts.titled(
        f"AI funds run from {table.sort_values('value').value_label.iloc[0]} to {table.sort_values('value').value_label.iloc[-1]}",
        "Stated size of AI funds, fund groups and subsidy pools; log scale, each gridline ten times the last. "
        "Diamonds: from the articles."))


def zhipu_chart(rounds: pd.DataFrame):
    """One bar per round with a stated size. A round sized only in words (数十亿元, several billion
    yuan) or not at all gets a label, with its valuation where given, instead of a made-up bar."""
    table = rounds.assign(date=rounds.period)
    raised = table[(table.indicator == "zhipu_round_amount") & (table.vague == "")]
    in_words = table[(table.indicator == "zhipu_round_amount") & (table.vague != "")].set_index("date").vague
    valuation = table[table.indicator == "zhipu_pre_money_valuation"].assign(value=0.0)
    valuation["label"] = [f"{in_words.get(d, 'size not stated')}; pre-money valuation {v}"
                          for d, v in zip(valuation.date, valuation.value_label)]
    base = alt.Chart().encode(x=alt.X("date:O", title=None, axis=alt.Axis(labelAngle=0), sort=sorted(table.date)))
    tooltip = [alt.Tooltip("date:O", title="Date"), alt.Tooltip("what:N", title="What"),
               alt.Tooltip("value_label:N", title="Amount"), alt.Tooltip("investors:N", title="Investors"),
               alt.Tooltip("source:N", title="Source")]
    bars = base.mark_bar(width=28, color=charts.BASE).encode(
        y=alt.Y("value:Q", title="Zhipu's round, total raised (billion yuan)",
                axis=alt.Axis(tickMinStep=1e9, labelExpr="format(datum.value / 1e9, ',.0f')")),
        tooltip=tooltip).properties(data=raised)
    labels = base.mark_text(dy=-8, fontSize=11, color=charts.INK).encode(
        y="value:Q", text="value_label:N").properties(data=raised)
    missing = base.mark_text(angle=270, align="left", fontSize=11, color=charts.MUTED).encode(
        y="value:Q", text="label:N", tooltip=tooltip).properties(data=valuation)
    places = set(table.region_code)
    return alt.layer(bars, labels, missing).properties(width=300, height=240, title=charts.titled(
        "State investors from Beijing to Hangzhou back Zhipu" if {"110000", "330100"} <= places
        else "Zhipu's funding rounds",
        "Zhipu's funding rounds as China News Weekly reports them"))


def rd_spending_chart(spending: pd.DataFrame, highlight: str):
    table = spending.assign(is_highlight=spending.region_code == highlight)
    chart = charts.ranked_bars(
        table, label="region_en", value="value", x_title="R&D spending, 2023 (billion yuan)",
        title=f"{table.sort_values('value').region_en.iloc[-1]} spends the most on R&D of the "
              f"{len(table)} provinces published",
        subtitle=f"R&D expenditure in 2023 for the {len(table)} provinces published in retrievable text",
        tooltip=[alt.Tooltip("region_en:N", title="Province"), alt.Tooltip("value_label:N", title="R&D spending"),
                 alt.Tooltip("period:N", title="Year"), alt.Tooltip("publisher:N", title="Source")])
    return chart.encode(x=alt.X("value:Q", title="R&D spending, 2023 (billion yuan)",
                                axis=alt.Axis(labelExpr="format(datum.value / 1e9, ',.0f')")))


def scales_chart(scales: pd.DataFrame):
    domain = charts.log_domain(scales.value)
    largest = scales.sort_values("value").iloc[-1]
    return alt.Chart(scales).mark_point(filled=True, size=120, color=charts.BASE).encode(
        y=alt.Y("what:N", sort=alt.EncodingSortField("value"), title=None, axis=alt.Axis(labelLimit=320)),
        x=alt.X("value:Q", title="Billion yuan (log scale)", scale=alt.Scale(type="log", domain=domain),
                axis=alt.Axis(values=charts.log_ticks(domain), labelExpr="format(datum.value / 1e9, ',.1~f')")),
        tooltip=[alt.Tooltip("what:N", title="What"), alt.Tooltip("value_label:N", title="Amount"),
                 alt.Tooltip("period:N", title="Period"), alt.Tooltip("source:N", title="Source")],
    ).properties(width=260, height=32 * len(scales), title=charts.titled(
        "Yuan amounts of different kinds, from a subsidy pool to a company's plan"
        if largest.kind == "plan" else "Yuan amounts of different kinds from the articles",
        "Pools and caps, a funding round, a fund target and a company plan on one log scale; "
        "they are not the same kind of money. Each gridline is ten times the last"))
