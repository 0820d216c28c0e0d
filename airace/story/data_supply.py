"""Tables behind the data-supply chapter: vouchers compared, exchanges, bureaus, counts over
time, and what a vertical model's data looks like."""

from __future__ import annotations

import re

import altair as alt
import pandas as pd

from airace import datasets
from airace.data import sanity
from airace.story import charts, claims, labels, page
from airace.story.page import Figure, Section
from airace.story.prose import describe_value


def voucher_sizes(schemes: pd.DataFrame) -> pd.DataFrame:
    """Corpus-voucher pools beside the compute, training and model pools of the same places."""
    with_corpus = set(schemes[(schemes.kind == "corpus") & schemes.pool_cny.notna()].region_code)
    table = schemes[schemes.region_code.isin(with_corpus) & schemes.pool_cny.notna()].copy()
    table["pool_label"] = [describe_value(v, "CNY", "up_to") for v in table.pool_cny]
    return table.reset_index(drop=True)


def _base_name(name: str) -> str:
    return re.sub(r"\s*[（(].*?[)）]", "", name).strip()


def _body_key(name: str, province_zh: str) -> str:
    """The key one body is merged under: its name without brackets, and without the 省 after its
    province's name, so 江苏省数据交易所 and 江苏数据交易所 (one exchange, two lists) count once."""
    base = _base_name(name)
    if province_zh and base.startswith(province_zh + "省"):
        base = province_zh + base[len(province_zh) + 1:]
    return base


# What the table's date (founded_or_launched) is, by its date_type: a date the sources give for an
# exchange's start, except where only its operating company's registration is known.
def _registered_only(date_type: str) -> bool:
    return "registered" in (date_type or "") and "not opening" in (date_type or "")


def exchanges() -> pd.DataFrame:
    """Data exchanges and public-data platforms, one row per distinct body.

    The table merges several lists, so one exchange can appear twice (once with its founding date,
    once in a later list); rows are merged by name without brackets, keeping the founding date.
    Out-of-province service bases of another exchange are not local exchanges and are left out."""
    table = datasets.load_table("data_exchanges")
    table = table[~table.type.str.startswith("out-of-province")].copy()
    table["key"] = [_body_key(n, p) for n, p in zip(table.name, table.province_zh)]
    table["body"] = table.name.map(_base_name)
    table["founded_year"] = table.founded_or_launched.str.extract(r"^(\d{4})")[0]
    table["date"] = table.founded_or_launched.where(table.founded_year.notna())
    table["registered_only"] = table.date_type.map(_registered_only) & table.founded_year.notna()
    table["is_exchange"] = table.type.str.contains("exchange")
    merged = (table.sort_values("founded_year", na_position="last", kind="stable")
              .groupby("key", sort=True)
              .agg(body=("body", "first"), region_code=("region_code", "first"), province_code=("province_code", "first"),
                   founded_year=("founded_year", "first"), date=("date", "first"), date_type=("date_type", "first"),
                   registered_only=("registered_only", "first"), is_exchange=("is_exchange", "max"),
                   type=("type", "first"), publisher=("publisher", "first"))
              .reset_index(drop=True))
    return merged.sort_values("body").reset_index(drop=True)


def registration_note(bodies: pd.DataFrame) -> str:
    """Names the exchanges whose only date is their operating company's registration: that is
    not the day the exchange opened, and the book must not say it is."""
    only = bodies[bodies.registered_only.fillna(False).astype(bool)]
    if not len(only):
        return ""
    names = "; ".join(f"{r.body}, {r.date}" for r in only.itertuples())
    if len(only) == 1:
        r = only.iloc[0]
        return (f"For one of them, {r.body}, the sources give only the date its operating company was "
                f"registered ({r.date}), not the date it opened.")
    return (
            f"For {len(only)} of them the sources give only the date their operating companies were registered "
            f"({names}), not the date they opened.")


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
    dated = dated.assign(name=[f"{b} (operating company registered)" if r else b
                               for b, r in zip(dated.body, dated.registered_only.fillna(False))])
    return dated.groupby("founded_year").agg(count=("body", "count"), names=("name", lambda s: "; ".join(sorted(s)))
                                             ).reset_index()


BUREAU_CATEGORIES = ["Data bureau (数据局)", "Data agency combined with government services",
                     "Only an earlier name in the sources", "Name not in the sources"]
# The table's flag for a name the sources give only from before the 2024 reform (Shandong's 大数据局,
# Guizhou's 大数据发展管理局): not the agency's current name, so neither counted as named nor given a form.
EARLIER_NAME_FLAG = "post-reform name not confirmed"


def bureaus() -> pd.DataFrame:
    table = datasets.load_table("data_bureaus")

    def category(name: str, flag: str) -> str:
        if not name:
            return BUREAU_CATEGORIES[3]
        if EARLIER_NAME_FLAG in (flag or ""):
            return BUREAU_CATEGORIES[2]
        if "政务服务" in name:
            return BUREAU_CATEGORIES[1]
        return BUREAU_CATEGORIES[0]

    return pd.DataFrame({
        "region_code": table.region_code, "region_en": table.region_en,
        "value": [category(n, f) for n, f in zip(table.data_agency_name, table.flag)],
        "detail": [f"{n} (since {d})" if d else n for n, d in zip(table.data_agency_name, table.date_established_or_renamed)],
        "period": "2024", "source": [p.split(" (")[0][:60] for p in table.publisher],
    })


def count_range(counts: pd.DataFrame) -> str:
    """The spread of the national counts with the hedge each was written with: 'more than 30 to
    about 60', never a bare '30 to 60'."""
    low, high = counts.sort_values("value").iloc[0], counts.sort_values("value").iloc[-1]
    return (f"{labels.qualified(low.qualifier, f'{low.value:.0f}')} to "
            f"{labels.qualified(high.qualifier, f'{high.value:.0f}')}")


def exchange_counts() -> pd.DataFrame:
    """National counts of data-trading bodies as reported over time, with the hedge each report
    used ('nearly 60', 'more than 50', '30-odd') kept as a qualifier."""
    table = datasets.load_table("data_exchange_counts")
    table = table[table.scope == "national"].copy()
    rows = []
    for r in table.itertuples():
        # A count given only in words is read there; the data step checks that every one can be.
        value, qualifier = (float(r.value), "exact") if r.value else sanity.read_count(r.value_text)
        rows.append({"period": r.period, "what": r.indicator, "value": value, "qualifier": qualifier,
                     "hedge": labels.hedge(qualifier),
                     "value_label": describe_value(value, "bodies", qualifier), "as_written": r.value_text or r.value,
                     "source": r.publisher, "flag": r.flag})
    return pd.DataFrame(rows)


VERTICAL_DATA = ("industrygpt_training_scenarios", "industrygpt_training_images", "industrygpt_training_tokens",
                 "knowledge_graph_entities", "knowledge_graph_relations")


def vertical_model_data(facts: pd.DataFrame) -> pd.DataFrame:
    rows = facts[facts.indicator.isin(VERTICAL_DATA)].copy()
    # The feature reports the knowledge graph twice, as 2000萬 and as 2000余萬; keep the hedged one.
    rows = rows.sort_values("qualifier", key=lambda q: q != "more_than").drop_duplicates("indicator")
    rows["what"] = rows.indicator.map(labels.indicator)
    rows["value_label"] = [describe_value(v, u, q) for v, u, q in zip(rows.value, rows.unit, rows.qualifier)]
    order = list(VERTICAL_DATA)
    return rows.sort_values("indicator", key=lambda s: s.map(order.index)).reset_index(drop=True)


# ---------------------------------------------------------------------------------------------
# The chapter's parts: each gives the notebook its sentences (by glue key) and its figures

def findings(facts: pd.DataFrame, bodies: pd.DataFrame, by_province: pd.DataFrame, counts: pd.DataFrame,
             vertical: pd.DataFrame) -> list[str]:
    """Key findings with their numbers; a finding whose facts are missing is left out."""
    out = []
    corpus = facts[(facts.region_code == "440300") & (facts.indicator == "corpus_voucher_pool")]
    training = facts[(facts.region_code == "440300") & (facts.indicator == "training_voucher_pool")]
    if len(corpus) and len(training):
        c, t = corpus.iloc[0], training.iloc[0]
        share = claims.ratio(c, t)  # both yearly pools of a voucher scheme, both caps, in yuan
        out.append(f"Shenzhen's proposed corpus voucher pool, {describe_value(c.value, 'CNY', c.qualifier)} a year, is "
                   f"{share:.0%} of its training-compute voucher pool ({describe_value(t.value, 'CNY', t.qualifier)} a year).")
    out.append(f"The supplementary lists name {len(bodies)} data exchanges and public-data platforms in "
               f"{by_province.region_code.nunique()} of 31 provinces.")
    out.append(f"Reported national counts of data-trading bodies range from {count_range(counts)}, "
               "depending on who counts and what counts as one.")
    tokens = vertical[vertical.indicator == "industrygpt_training_tokens"] if len(vertical) else vertical
    if len(tokens):
        out.append(f"One industrial model, IndustryGPT, was trained on {tokens.value_label.iloc[0]}, its maker says.")
    return out


def key_findings(facts, bodies, by_province, counts, vertical) -> Section:
    return page.key_findings(findings(facts, bodies, by_province, counts, vertical),
                             "No data-supply facts had been stated by this date.")


def corpus_terms(facts: pd.DataFrame) -> str:
    """The terms of Shenzhen's corpus voucher, each term stated only as far as the facts give it."""
    corpus_facts = facts[facts.indicator.str.startswith("corpus_voucher") | (facts.indicator == "open_corpus_reward_per_source")]
    terms = {r.indicator: describe_value(r.value, r.unit, r.qualifier) for r in corpus_facts.itertuples()}
    if not terms:
        return "The terms of Shenzhen's corpus voucher had not been reported by this date."
    return (f"The Shenzhen scheme pays {terms.get('corpus_voucher_rate', 'a share')} of the contract, "
            f"{terms.get('corpus_voucher_per_firm', 'an unstated cap')} per firm, from a pool of "
            f"{terms.get('corpus_voucher_pool', 'unstated size')} a year, and rewards each data source that opens its corpus with "
            f"{terms.get('open_corpus_reward_per_source', 'an unstated sum')}.")


def corpus_vouchers(facts: pd.DataFrame, sizes: pd.DataFrame) -> Section:
    figures = []
    if len(sizes):
        description = "Bar chart of voucher pools: " + "; ".join(f"{r.label}: {r.pool_label}" for r in sizes.itertuples()) + "."
        figures.append(Figure(voucher_sizes_chart(sizes), "voucher_sizes", sizes,
                              "China News Weekly, March 2025, and the supplementary voucher table", description))
    return Section({"corpus_terms": corpus_terms(facts)}, figures)


def exchanges_map(bodies: pd.DataFrame, by_province: pd.DataFrame, highlight: str) -> Section:
    covered = by_province.region_code.nunique()
    exchange_classes, exchange_labels = charts.count_classes(by_province.value, top=4)
    chart = charts.province_choropleth(
        by_province.assign(count=by_province.value, value=exchange_classes), unit="",
        legend_title="Data exchanges and public-data platforms", highlight=highlight,
        categories=exchange_labels[1:], ordered=True,
        title=f"{covered} of 31 provinces have a data exchange or platform in the lists",
        subtitle=f"Distinct exchanges, trading centres and public-data platforms per province; {covered} of 31 provinces "
                 "in the lists, grey: none in the compiled lists")
    description = ("Choropleth of China's provinces by number of data exchanges and platforms in the compiled lists: "
                   + "; ".join(f"{r.region_en} {r.value:.0f}" for r in by_province.sort_values("value", ascending=False).itertuples()) + ".")
    return Section({"n_bodies": str(len(bodies)), "n_body_provinces": f"{covered} of 31"},
                   [Figure(chart, "exchanges_map", by_province, "supplementary data-exchange table, compiled from public pages "
                           "(row-level sources in data_exchanges.csv)", description)])


def founded_map(bodies: pd.DataFrame, years: pd.DataFrame, regions: pd.DataFrame, highlight: str) -> Section:
    """Where the exchanges with a dated start are, and the earliest year; the table's date is when
    an exchange was established or launched, or for some only when its operating company was
    registered, and is called neither a founding nor an opening date when it is not one."""
    dated = bodies.dropna(subset=["founded_year"])
    dated = dated.assign(year_label=[f"{y}, operating company registered" if r else y
                                     for y, r in zip(dated.founded_year, dated.registered_only.fillna(False))])
    points = dated.groupby("region_code").agg(value=("body", "count"), label=("body", lambda s: "; ".join(sorted(s))),
                                              period=("year_label", lambda s: ", ".join(sorted(s)))).reset_index()
    points["source"] = "supplementary data-exchange table"
    chart = charts.city_symbol_map(
        points, unit="exchanges", size_title="Exchanges with a dated start", highlight=highlight,
        title=f"Where the {len(dated)} exchanges with a dated start are",
        subtitle="Circle area: exchanges in the place; in the tooltip, the year each was established or launched, or its "
                 "operating company registered. The other exchanges in the lists have no date in the sources.")
    description = ("Map of exchanges whose start the sources date (established, launched or, where marked, "
                   "operating company registered): "
                   + "; ".join(f"{regions.at[r.region_code, 'name_en']}: {r.label} ({r.period})" for r in points.itertuples()) + ".")
    return Section({"n_dated": str(len(dated)), "first_wave": f"{years.founded_year.iloc[0]}" if len(years) else "",
                    "registration_note": registration_note(bodies)},
                   [Figure(chart, "exchanges_founded_map", points, "supplementary data-exchange table", description)])


def founding(years: pd.DataFrame) -> Section:
    description = ("Bar chart of exchanges established or launched per year, as the sources date them: "
                   + "; ".join(f"{r.founded_year}: {r.count} ({r.names})" for r in years.itertuples()) + ".")
    return Section(figures=[Figure(founding_years_chart(years), "founding_years", years,
                                   "supplementary data-exchange table", description)])


def national_counts(counts: pd.DataFrame) -> Section:
    description = ("Dot chart of national counts of data-trading bodies: "
                   + "; ".join(f"{r.period}: {r.as_written} ({r.what}, {r.source})" for r in counts.itertuples()) + ".")
    return Section(figures=[Figure(counts_chart(counts), "exchange_counts", counts,
                                   "reports compiled in the supplementary counts table", description)])


def bureaus_map(bureau_table: pd.DataFrame, highlight: str) -> Section:
    named = int(bureau_table.value.isin(BUREAU_CATEGORIES[:2]).sum())
    earlier = int((bureau_table.value == BUREAU_CATEGORIES[2]).sum())
    chart = charts.province_choropleth(
        bureau_table, unit="", legend_title="Provincial data agency", categories=BUREAU_CATEGORIES,
        gaps=(BUREAU_CATEGORIES[3],), highlight=highlight,
        title=f"Every province has a data agency; the sources name {named} of them",
        subtitle="Provincial data agencies by form. The National Data Administration reported all 31 formed by April 2024; "
                 + (f"{earlier} only by a name from before the 2024 reform; " if earlier else "")
                 + "grey: name not in the sources")
    description = (f"Choropleth of provinces by the form of their data agency; {named} of 31 are named in the sources: "
                   + "; ".join(f"{r.region_en}: {r.value}" for r in bureau_table.itertuples()) + ".")
    return Section({"n_bureaus_named": f"{named} of {len(bureau_table)}"},
                   [Figure(chart, "bureaus_map", bureau_table, "supplementary data-bureau table (row-level pages in data_bureaus.csv)",
                           description)])


def vertical_models(facts: pd.DataFrame, vertical: pd.DataFrame) -> Section:
    years_fact = facts[facts.indicator == "knowledge_graph_curation_years"]
    texts = {"curation_years": describe_value(years_fact.value.iloc[0], "years", years_fact.qualifier.iloc[0])
             if len(years_fact) else "years"}
    if not len(vertical):
        return Section(texts)
    description = "Dot chart on a log scale: " + "; ".join(f"{r.what}: {r.value_label}" for r in vertical.itertuples()) + "."
    return Section(texts, [Figure(vertical_data_chart(vertical), "vertical_model_data",
                                  vertical[["what", "indicator", "value", "unit", "qualifier", "fact_id", "quote_shown", "source"]],
                                  datasets.cite(vertical.source_id), description)])


def highlight_paragraph(code: str, by_province: pd.DataFrame, bureau_table: pd.DataFrame, regions: pd.DataFrame) -> str:
    local = by_province.set_index("region_code")
    bureau = bureau_table.set_index("region_code").loc[code]
    return (f"**{regions.at[code, 'name_en']} ({regions.at[code, 'name_zh']})**: "
            + (f"{local.at[code, 'value']:.0f} {'exchange or platform' if local.at[code, 'value'] == 1 else 'exchanges or platforms'}"
               f" in the lists ({local.at[code, 'names']})"
               if code in local.index else "no exchange or platform in the compiled lists")
            + f"; data agency: {bureau.detail or 'name not in the sources'}"
            + (" (a name from before the 2024 reform; the current name is not in the sources)"
               if bureau.value == BUREAU_CATEGORIES[2] else "") + ".")


# ---------------------------------------------------------------------------------------------
# Charts (titles state what the data shows, and are checked against it)

def voucher_sizes_chart(sizes: pd.DataFrame):
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
    founded = sorted(int(y) for y in years.founded_year)
    gaps = [b - a for a, b in zip(founded, founded[1:])]
    two_waves = bool(gaps) and max(gaps) >= 3
    return alt.Chart(years).mark_bar(width=18).encode(
        x=alt.X("founded_year:O", title=None, axis=alt.Axis(labelAngle=0)),
        y=alt.Y("count:Q", title="Exchanges", axis=alt.Axis(tickMinStep=1)),
        tooltip=[alt.Tooltip("founded_year:O", title="Year"), alt.Tooltip("count:Q", title="Exchanges"),
                 alt.Tooltip("names:N", title="Exchanges")],
    ).properties(width=360, height=180, title=charts.titled(
        "Exchanges were set up in two waves, years apart" if two_waves else "When the exchanges were set up",
        f"Year the sources give for the start of {int(years['count'].sum())} exchanges and platforms: established or "
        "launched, or where no opening date is known, operating company registered"))


def counts_chart(counts: pd.DataFrame):
    return alt.Chart(counts).mark_point(filled=True, size=130).encode(
        x=alt.X("period:O", title="As of", axis=alt.Axis(labelAngle=0)),
        y=alt.Y("value:Q", title="Data-trading bodies counted", scale=alt.Scale(zero=True)),
        shape=alt.Shape("hedge:N", title="As written", scale=alt.Scale(
            domain=[labels.hedge(q) for q in ("exact", "about", "more_than")], range=["circle", "diamond", "triangle-up"])),
        tooltip=[alt.Tooltip("period:O", title="As of"), alt.Tooltip("what:N", title="What was counted"),
                 alt.Tooltip("as_written:N", title="As written"), alt.Tooltip("source:N", title="Source"),
                 alt.Tooltip("flag:N", title="Note")],
    ).properties(width=360, height=220, title=charts.titled(
        # No trend in the title: each report counts something different, so the counts are not a series.
        f"Counts range from {count_range(counts)}, each counting something different",
        "National counts of data exchanges and trading bodies as reported; each report counts something different"))


def vertical_data_chart(vertical: pd.DataFrame):
    domain = charts.log_domain(vertical.value)
    return alt.Chart(vertical).mark_point(filled=True, size=120, color=charts.BASE).encode(
        y=alt.Y("what:N", title=None, sort=None, axis=alt.Axis(labelLimit=340)),
        x=alt.X("value:Q", title="Count (log scale)", scale=alt.Scale(type="log", domain=domain),
                axis=alt.Axis(values=charts.log_ticks(domain), labelExpr="format(datum.value, '.1~s')")),
        tooltip=[alt.Tooltip("what:N", title="What"), alt.Tooltip("value_label:N", title="Value"),
                 alt.Tooltip("stated:N", title="Stated"), alt.Tooltip("source:N", title="Source")],
    ).properties(width=260, height=30 * len(vertical), title=charts.titled(
        "Two vertical models' data: millions of records each",
        "Size of the training data of two vertical models, as the articles report them; log scale, each gridline ten times the last"))
