"""Tables behind the data-supply chapter: vouchers compared, exchanges, bureaus, counts over
time, and what a vertical model's data looks like."""

from __future__ import annotations

import re

import pandas as pd

from airace import datasets
from airace.charts import describe_value


def voucher_sizes(schemes: pd.DataFrame) -> pd.DataFrame:
    """Corpus-voucher pools beside the compute, training and model pools of the same places."""
    with_corpus = set(schemes[(schemes.kind == "corpus") & schemes.pool_cny.notna()].region_code)
    table = schemes[schemes.region_code.isin(with_corpus) & schemes.pool_cny.notna()].copy()
    table["pool_label"] = [describe_value(v, "CNY", "up_to") for v in table.pool_cny]
    return table.reset_index(drop=True)


def _base_name(name: str) -> str:
    return re.sub(r"\s*[（(].*?[)）]", "", name).strip()


def exchanges() -> pd.DataFrame:
    """Data exchanges and public-data platforms, one row per distinct body.

    The table merges several lists, so one exchange can appear twice (once with its founding date,
    once in a later list); rows are merged by name without brackets, keeping the founding date.
    Out-of-province service bases of another exchange are not local exchanges and are left out."""
    table = datasets.load_table("data_exchanges")
    table = table[~table.type.str.startswith("out-of-province")].copy()
    table["body"] = table.name.map(_base_name)
    table["founded_year"] = table.founded_or_launched.str.extract(r"^(\d{4})")[0]
    table["is_exchange"] = table.type.str.contains("exchange")
    merged = (table.sort_values("founded_year", na_position="last")
              .groupby("body", sort=True)
              .agg(region_code=("region_code", "first"), province_code=("province_code", "first"),
                   founded_year=("founded_year", "first"), is_exchange=("is_exchange", "max"),
                   type=("type", "first"), publisher=("publisher", "first"))
              .reset_index())
    return merged


def exchanges_by_province(bodies: pd.DataFrame) -> pd.DataFrame:
    counts = bodies.groupby("province_code").agg(
        value=("body", "count"), exchanges=("is_exchange", "sum"), names=("body", lambda s: "; ".join(sorted(s))))
    out = counts.reset_index().rename(columns={"province_code": "region_code"})
    regions = datasets.load_table("regions").set_index("code")
    out["region_en"] = [regions.at[c, "name_en"] for c in out.region_code]
    out["value"] = out.value.astype(float)
    years = sorted({d[:4] for d in datasets.load_table("data_exchanges").pub_date if d[:4].isdigit()})
    out["period"] = f"lists published {years[0]} to {years[-1]}" if years else "lists of unstated date"
    out["source"] = "supplementary data-exchange table (row-level pages in the CSV)"
    return out


def founding_years(bodies: pd.DataFrame) -> pd.DataFrame:
    dated = bodies.dropna(subset=["founded_year"])
    return dated.groupby("founded_year").agg(count=("body", "count"), names=("body", lambda s: "; ".join(sorted(s)))
                                             ).reset_index()


BUREAU_CATEGORIES = ["Data bureau (数据局)", "Data agency combined with government services",
                     "Name not in the sources"]


def bureaus() -> pd.DataFrame:
    table = datasets.load_table("data_bureaus")

    def category(name: str) -> str:
        if not name:
            return BUREAU_CATEGORIES[2]
        if "政务服务" in name:
            return BUREAU_CATEGORIES[1]
        return BUREAU_CATEGORIES[0]

    return pd.DataFrame({
        "region_code": table.region_code, "region_en": table.region_en,
        "value": [category(n) for n in table.data_agency_name],
        "detail": [f"{n} (since {d})" if d else n for n, d in zip(table.data_agency_name, table.date_established_or_renamed)],
        "period": "2024", "source": [p.split(" (")[0][:60] for p in table.publisher],
    })


_COUNT = re.compile(r"(近|超过)?(\d+)(余)?家")


def exchange_counts() -> pd.DataFrame:
    """National counts of data-trading bodies as reported over time, with the hedge each report
    used ('nearly 60', 'more than 50', '30-odd') kept as a qualifier."""
    table = datasets.load_table("data_exchange_counts")
    table = table[table.scope == "national"].copy()
    rows = []
    for r in table.itertuples():
        if r.value:
            value, qualifier = float(r.value), "exact"
        else:
            match = _COUNT.search(r.value_text)
            if not match:
                raise ValueError(f"data_exchange_counts: cannot read a count from {r.value_text!r}")
            value = float(match.group(2))
            qualifier = "about" if match.group(1) == "近" else ("more_than" if match.group(1) or match.group(3) else "exact")
        rows.append({"period": r.period, "what": r.indicator, "value": value, "qualifier": qualifier,
                     "value_label": describe_value(value, "bodies", qualifier), "as_written": r.value_text or r.value,
                     "source": r.publisher, "flag": r.flag})
    return pd.DataFrame(rows)


VERTICAL_DATA = {
    "industrygpt_training_scenarios": "IndustryGPT (SmartMore, Shenzhen): industrial scenarios",
    "industrygpt_training_images": "IndustryGPT: industrial images",
    "industrygpt_training_tokens": "IndustryGPT: text tokens",
    "knowledge_graph_entities": "Traditional-medicine knowledge graph (Chengdu): entities",
    "knowledge_graph_relations": "Traditional-medicine knowledge graph: relations",
}


def vertical_model_data(facts: pd.DataFrame) -> pd.DataFrame:
    rows = facts[facts.indicator.isin(VERTICAL_DATA)].copy()
    # The feature reports the knowledge graph twice, as 2000萬 and as 2000余萬; keep the hedged one.
    rows = rows.sort_values("qualifier", key=lambda q: q != "more_than").drop_duplicates("indicator")
    rows["what"] = rows.indicator.map(VERTICAL_DATA)
    rows["value_label"] = [describe_value(v, u, q) for v, u, q in zip(rows.value, rows.unit, rows.qualifier)]
    order = list(VERTICAL_DATA)
    return rows.sort_values("indicator", key=lambda s: s.map(order.index)).reset_index(drop=True)


# ---------------------------------------------------------------------------------------------
# Charts (titles state what the data shows, and are checked against it)

def voucher_sizes_chart(sizes: pd.DataFrame):
    import altair as alt
    from airace import charts
    table = sizes.assign(is_corpus=sizes.kind == "corpus")
    smallest = all(g.sort_values("pool_cny").kind.iloc[0] == "corpus" for _, g in table.groupby("region_code"))
    return alt.Chart(table).mark_bar().encode(
        y=alt.Y("label:N", title=None, sort=alt.EncodingSortField("pool_cny", order="descending"), axis=alt.Axis(labelLimit=260)),
        x=alt.X("pool_cny:Q", title="Pool (million yuan)", axis=alt.Axis(labelExpr="format(datum.value / 1e6, ',.0f')")),
        color=alt.condition("datum.is_corpus", alt.value(charts.ACCENT), alt.value(charts.BASE)),
        tooltip=[alt.Tooltip("label:N", title="Scheme"), alt.Tooltip("pool_label:N", title="Pool"),
                 alt.Tooltip("period:N", title="Period"), alt.Tooltip("from:N", title="From"), alt.Tooltip("source:N", title="Source")],
    ).properties(width=320, height=28 * len(table), title=charts.titled(
        "Corpus vouchers are the smallest pool in every city that offers them" if smallest
        else "Corpus vouchers beside the same cities' other voucher pools",
        "Voucher pools of the cities that offer corpus vouchers; corpus in orange. Pools are caps, not spending."))


def founding_years_chart(years: pd.DataFrame):
    import altair as alt
    from airace import charts
    founded = sorted(int(y) for y in years.founded_year)
    gaps = [b - a for a, b in zip(founded, founded[1:])]
    two_waves = bool(gaps) and max(gaps) >= 3
    return alt.Chart(years).mark_bar(width=18).encode(
        x=alt.X("founded_year:O", title=None, axis=alt.Axis(labelAngle=0)),
        y=alt.Y("count:Q", title="Exchanges founded", axis=alt.Axis(tickMinStep=1)),
        tooltip=[alt.Tooltip("founded_year:O", title="Year"), alt.Tooltip("count:Q", title="Founded"),
                 alt.Tooltip("names:N", title="Exchanges")],
    ).properties(width=360, height=180, title=charts.titled(
        "Exchanges opened in two waves, years apart" if two_waves else "When the exchanges opened",
        f"Founding year of the {int(years['count'].sum())} exchanges and platforms whose founding date the sources give"))


def counts_chart(counts: pd.DataFrame):
    import altair as alt
    from airace import charts
    ordered = counts.sort_values("period").value.tolist()
    steady = all(b >= a for a, b in zip(ordered, ordered[1:]))
    return alt.Chart(counts).mark_point(filled=True, size=130).encode(
        x=alt.X("period:O", title="As of", axis=alt.Axis(labelAngle=0)),
        y=alt.Y("value:Q", title="Data-trading bodies counted", scale=alt.Scale(zero=True)),
        shape=alt.Shape("qualifier:N", title="As written", scale=alt.Scale(domain=["exact", "about", "more_than"],
                        range=["circle", "diamond", "triangle-up"])),
        tooltip=[alt.Tooltip("period:O", title="As of"), alt.Tooltip("what:N", title="What was counted"),
                 alt.Tooltip("as_written:N", title="As written"), alt.Tooltip("source:N", title="Source"),
                 alt.Tooltip("flag:N", title="Note")],
    ).properties(width=360, height=220, title=charts.titled(
        f"Counts range from {counts.value.min():.0f} to {counts.value.max():.0f}"
        + ("" if steady else " and do not rise steadily"),
        "National counts of data exchanges and trading bodies as reported; each report counts something different"))


def vertical_data_chart(vertical: pd.DataFrame):
    import altair as alt
    from airace import charts
    domain = charts.log_domain(vertical.value)
    return alt.Chart(vertical).mark_point(filled=True, size=120, color=charts.BASE).encode(
        y=alt.Y("what:N", title=None, sort=None, axis=alt.Axis(labelLimit=340)),
        x=alt.X("value:Q", title="Count (log scale)", scale=alt.Scale(type="log", domain=domain),
                axis=alt.Axis(values=charts.log_ticks(domain), labelExpr="format(datum.value, '.1~s')")),
        tooltip=[alt.Tooltip("what:N", title="What"), alt.Tooltip("value_label:N", title="Value"),
                 alt.Tooltip("stated:N", title="Stated"), alt.Tooltip("source:N", title="Source")],
    ).properties(width=260, height=30 * len(vertical), title=charts.titled(
        "Vertical models rest on millions of records curated over years",
        "Size of the training data of two vertical models, as the articles report them; log scale, each gridline ten times the last"))
