"""Tables behind the compute chapter: capacity and targets, utilisation, vouchers, hubs, spending."""

from __future__ import annotations

import re

import altair as alt
import pandas as pd

from airace import datasets
from airace.story import charts, claims, labels, page, prose
from airace.story.page import Figure, Section
from airace.story.prose import describe_value, format_value

# The targets this chapter discusses, followed up in "What came of the compute targets".
TARGET_MEASURES = ("intelligent_compute_available", "compute_cluster_scale", "ai_compute_centres")
CAPACITY_INDICATORS = ("total_compute", "intelligent_compute_available", "compute_platform_capacity", "compute_cluster_scale")


def capacity(facts: pd.DataFrame) -> pd.DataFrame:
    """Compute capacity in PFLOPS, actual and target, one row per fact."""
    rows = facts[facts.indicator.isin(CAPACITY_INDICATORS) & (facts.unit == "PFLOPS")].copy()
    rows["measure"] = rows.indicator.map(labels.indicator)
    rows["kind_label"] = rows.kind.map(labels.kind)
    rows["label"] = [f"{r.region_en}: {r.measure} ({r.period})" for r in rows.itertuples()]
    rows["value_label"] = [describe_value(v, "PFLOPS", q) for v, q in zip(rows.value, rows.qualifier)]
    return rows.sort_values("value", ascending=False).reset_index(drop=True)


def utilisation(facts: pd.DataFrame) -> pd.DataFrame:
    """Utilisation of compute: the national average against the Chengdu supercomputing centre,
    and the ceiling on the share of that centre's capacity that goes to AI.

    The AI ceiling is derived: under 20% of the 65.9% used is under 0.2 x 65.9 percentage points."""
    pick = {r.indicator: r for r in facts.itertuples()
            if r.indicator in ("intelligent_compute_utilisation", "supercomputer_utilisation", "supercomputer_ai_share")}
    rows = []
    if "intelligent_compute_utilisation" in pick:
        r = pick["intelligent_compute_utilisation"]
        rows.append({"what": "China: intelligent-computing centres, average", "part": "used", "value": r.value,
                     "value_label": describe_value(r.value, "percent", r.qualifier), "source": r.source,
                     "fact_ids": r.fact_id})
    if "supercomputer_utilisation" in pick:
        used = pick["supercomputer_utilisation"]
        ai = pick.get("supercomputer_ai_share")
        if ai is not None:
            ai_points = used.value * ai.value / 100
            rows.append({"what": "Chengdu: National Supercomputing Centre", "part": "used for AI (at most)",
                         "value": ai_points, "value_label": f"less than {ai_points:.1f}% of capacity "
                         f"({describe_value(ai.value, 'percent', ai.qualifier)} of use)", "source": ai.source,
                         "fact_ids": f"{used.fact_id}, {ai.fact_id}"})
            rows.append({"what": "Chengdu: National Supercomputing Centre", "part": "used for other work",
                         "value": used.value - ai_points,
                         "value_label": f"{used.value:g}% used in all", "source": used.source,
                         "fact_ids": used.fact_id})
        else:
            rows.append({"what": "Chengdu: National Supercomputing Centre", "part": "used", "value": used.value,
                         "value_label": f"{used.value:g}%", "source": used.source, "fact_ids": used.fact_id})
    return pd.DataFrame(rows, columns=["what", "part", "value", "value_label", "source", "fact_ids"])


# ---------------------------------------------------------------------------------------------
# Vouchers

# The supplementary table names schemes in Chinese; 算力补助 is a subsidy, not a voucher, and is left out.
# Each maps to its voucher kind, whose words are in airace/story/labels.py.
TABLE_KINDS = {"训力券": "training", "算力券": "compute", "模型券": "model", "语料券": "corpus"}
# Economic zones the voucher table names below city level that have no GB/T 2260 code of their own:
# they are coded to their city, and named here so their schemes are not merged with the city's.
SUB_CITY_ZONES = {"北京经济技术开发区 (亦庄)": "Beijing E-Town"}
_FACT_VOUCHERS = re.compile(r"^(compute|training|model|corpus)_voucher_(pool|per_firm|rate)$")


def _money(text: str) -> float | None:
    """A yuan amount written as 最高1000万元, 800万元/年 or 2亿元; None if there is none."""
    match = re.search(r"(\d+(?:\.\d+)?)\s*(万|亿)元", text or "")
    if not match:
        return None
    return float(match.group(1)) * (1e4 if match.group(2) == "万" else 1e8)


def _leading_date(text: str) -> str:
    """The date a table cell starts with ('2023-10 (concept); first batch ...' -> '2023-10'), never
    a cut-off piece of the words after it."""
    match = re.match(r"\d{4}(?:-\d{2}(?:-\d{2})?)?", (text or "").strip())
    return match.group(0) if match else ""


def _percent(text: str) -> float | None:
    match = re.search(r"(\d+(?:\.\d+)?)%", text or "")
    return float(match.group(1)) if match else None


def vouchers(facts: pd.DataFrame) -> pd.DataFrame:
    """One row per voucher scheme: place, kind, pool, per-firm cap and rate.

    The articles come first; a scheme from the supplementary table is added only where the
    articles do not already give the same place and kind, so no scheme is counted twice."""
    rows = {}
    for r in facts.itertuples():
        match = _FACT_VOUCHERS.match(r.indicator)
        if not match:
            continue
        kind, field = labels.words(match.group(1), "voucher kind"), match.group(2)
        row = rows.setdefault((r.region_code, kind), {
            "region_code": r.region_code, "region_en": r.region_en, "kind": kind, "pool_cny": None,
            "per_firm_cap_cny": None, "rate_percent": None, "period": labels.period(r.period), "stated": r.stated,
            "from": "article", "source": r.source, "fact_ids": []})
        row["fact_ids"].append(r.fact_id)
        if field == "pool":
            row["pool_cny"] = r.value
            row["period"] = labels.period(r.period)
        elif field == "per_firm":
            row["per_firm_cap_cny"] = r.value
        else:
            row["rate_percent"] = r.value
    table = datasets.load_table("vouchers")
    for r in table.itertuples():
        code = next((k for key, k in TABLE_KINDS.items() if r.voucher_type.startswith(key)), None)
        kind = labels.words(code, "voucher kind") if code else None
        # A zone inside a city (Beijing E-Town) runs its own scheme beside the city's: keep both.
        # Its key carries the zone, and only that key is looked up: the city's own scheme under
        # (code, kind) must not hide the zone's (it once left E-Town's yearly pool off the page).
        zone = SUB_CITY_ZONES.get(r.city, "")
        key = (r.region_code, kind, zone) if zone else (r.region_code, kind)
        if kind is None or key in rows:
            continue
        rows[key] = {
            "region_code": r.region_code, "region_en": zone or r.region_en, "kind": kind,
            "pool_cny": float(r.value_cny) if r.value_cny else None,
            "per_firm_cap_cny": _money(r.per_firm_cap), "rate_percent": _percent(r.subsidy_rate),
            "period": "annual" if "per year" in r.unit else "per policy", "stated": _leading_date(r.date),
            "from": "supplementary table", "source": f"{r.publisher}, {r.pub_date}", "fact_ids": []}
    out = pd.DataFrame(list(rows.values()))
    out["fact_ids"] = out.fact_ids.map(", ".join)
    out["label"] = out.region_en + ": " + out.kind + " voucher"
    return out.sort_values(["kind", "region_en"]).reset_index(drop=True)


# ---------------------------------------------------------------------------------------------
# Hubs, and what firms spend

HUB_CATEGORIES = ["Hub province with a data-centre cluster", "Hub province, cluster shared or elsewhere",
                  "Not a national hub"]


def hubs() -> pd.DataFrame:
    table = datasets.load_table("compute_hubs")
    def category(r):
        if r.is_hub_province != "yes":
            return HUB_CATEGORIES[2]
        return HUB_CATEGORIES[0] if r.cluster_city else HUB_CATEGORIES[1]
    out = pd.DataFrame({
        "region_code": table.region_code, "region_en": table.region_en,
        "value": [category(r) for r in table.itertuples()],
        "detail": [" ".join(filter(None, [r.hub_name, r.cluster_in_province])) for r in table.itertuples()],
        "period": [r.approval.split(" (")[0] if r.approval else "" for r in table.itertuples()],
        "source": [r.publisher for r in table.itertuples()],
    })
    return out


def spending_shares(facts: pd.DataFrame) -> pd.DataFrame:
    keep = facts[facts.indicator.isin(["training_cost_share_compute", "inference_cost_share_compute",
                                       "compute_share_of_budget"])].copy()
    keep["what"] = keep.indicator.map(labels.indicator)
    keep["period"] = keep.period.map(labels.period)
    keep["value_label"] = [describe_value(v, "percent", q) for v, q in zip(keep.value, keep.qualifier)]
    return keep.reset_index(drop=True)


# ---------------------------------------------------------------------------------------------
# The chapter's parts: each gives the notebook its sentences (by glue key) and its figures

NOT_YET = "(not yet reported by this date)"


def findings(capacity: pd.DataFrame, util: pd.DataFrame, schemes: pd.DataFrame) -> list[str]:
    """Key findings with their numbers; a finding whose facts are missing is left out."""
    out = []
    # Targets beside targets of the same measure; never a city's future target against a national
    # past total of all kinds of compute.
    available = capacity[(capacity.indicator == "intelligent_compute_available") & (capacity.kind == "target")]
    shenzhen, dongguan = available[available.region_code == "440300"], available[available.region_code == "441900"]
    if len(shenzhen) and len(dongguan):
        s, d = claims.like_rows(pd.concat([shenzhen.head(1), dongguan.head(1)])).itertuples()
        out.append(f"Shenzhen's target is {s.value_label} of intelligent compute available by {s.period}; "
                   f"Dongguan's, {d.value_label} by {d.period}.")
    if len(util):
        national_use = util[util.what.str.startswith("China")]
        chengdu_ai = util[util.part == "used for AI (at most)"]
        if len(national_use):
            out.append(f"China's intelligent-computing centres use {national_use.value_label.iloc[0]} of their compute "
                       "on average, by the count China News Weekly cites.")
        if len(chengdu_ai):
            out.append(f"At the Chengdu supercomputing centre, AI work takes {chengdu_ai.value_label.iloc[0]}.")
    pools = schemes.dropna(subset=["pool_cny"])
    yearly = pools[pools.period == "annual"]
    if len(yearly):
        # Only pools stated per year are ranked: a pool with no stated period is not a yearly sum.
        top = yearly.sort_values("pool_cny", ascending=False).iloc[0]
        out.append(f"The largest yearly voucher pool in the data is {top.label.split(':')[0]}'s {top.kind} voucher, "
                   f"up to {format_value(top.pool_cny, 'CNY')} a year; {len(pools)} schemes state a pool, "
                   f"{len(yearly)} of them per year.")
    return out


def key_findings(capacity, util, schemes) -> Section:
    return page.key_findings(findings(capacity, util, schemes), "No compute facts had been stated by this date.")


def capacity_section(facts: pd.DataFrame, capacity: pd.DataFrame, highlight: str) -> Section:
    """Capacity against targets; Shenzhen's target and Beijing's compute outside the city, in words."""
    target = facts[(facts.region_code == "440300") & (facts.indicator == "intelligent_compute_available")]
    dongguan = facts[(facts.region_code == "441900") & (facts.indicator == "intelligent_compute_available")]
    outside = facts[facts.indicator == "compute_used_located_outside"]
    texts = {
        "shenzhen_target": describe_value(target.value.iloc[0], "PFLOPS", target.qualifier.iloc[0])
        if len(target) else f"{NOT_YET} an amount",
        "dongguan_target": describe_value(dongguan.value.iloc[0], "PFLOPS", dongguan.qualifier.iloc[0])
        if len(dongguan) else f"{NOT_YET} an amount",
        "beijing_outside": describe_value(outside.value.iloc[0], "percent", outside.qualifier.iloc[0])
        if len(outside) else f"{NOT_YET} a share",
    }
    if not len(capacity):
        return Section(texts)
    columns = ["label", "region_code", "indicator", "kind", "qualifier", "value", "unit", "period", "stated", "fact_id", "source"]
    description = ("Dot chart of compute capacity on a log scale: "
                   + "; ".join(f"{r.label} {r.kind_label.lower()} {r.value_label}" for r in capacity.itertuples()) + ".")
    return Section(texts, [Figure(capacity_chart(capacity, highlight), "capacity", capacity[columns],
                                  datasets.cite(capacity.source_id), description)])


def utilisation_section(facts: pd.DataFrame, util: pd.DataFrame) -> Section:
    """How much of Chengdu's supercomputer is used, and how little of that for AI."""
    ai = util[util.part == "used for AI (at most)"]
    used = facts[facts.indicator == "supercomputer_utilisation"]
    texts = {"chengdu_ai": ai.value_label.iloc[0] if len(ai) else "no AI share reported",
             "chengdu_used": format_value(used.value.iloc[0], "percent") if len(used) else f"{NOT_YET} a share"}
    if not len(util):
        return Section(texts)
    description = "Bar chart: " + "; ".join(f"{r.what}, {r.part}: {r.value_label}" for r in util.itertuples()) + "."
    return Section(texts, [Figure(utilisation_chart(util), "utilisation", util,
                                  prose.join_names(list(dict.fromkeys(util.source))), description)])


def voucher_map(schemes: pd.DataFrame, highlight: str) -> Section:
    """The voucher schemes that state a pool, on a map."""
    mapped = schemes.dropna(subset=["pool_cny"]).copy()
    mapped["value"] = mapped.pool_cny
    mapped["qualifier"] = "up_to"
    mapped["label"] = mapped.kind + " voucher (" + mapped["from"] + ")"
    by_pool = mapped.sort_values("pool_cny")
    chart = charts.city_symbol_map(
        mapped, unit="CNY", size_title="Voucher pool (yuan)", highlight=highlight,
        title=(f"{len(mapped)} voucher pools, from {by_pool.region_en.iloc[0]}'s "
               f"{format_value(mapped.pool_cny.min(), 'CNY')} to {by_pool.region_en.iloc[-1]}'s "
               f"{format_value(mapped.pool_cny.max(), 'CNY')}"),
        subtitle="Circle area: the pool of each compute, training, model or corpus voucher scheme that states one; "
                 "articles first, supplementary table where the articles are silent")
    description = ("Map of China with a circle for each voucher scheme that states a pool, sized by the pool: "
                   + "; ".join(f"{r.region_en} {r.kind} {format_value(r.pool_cny, 'CNY')}" for r in mapped.itertuples()) + ".")
    return Section({"n_schemes": str(len(schemes)), "n_mapped": str(len(mapped))},
                   [Figure(chart, "voucher_map", mapped.drop(columns=["value", "qualifier"]),
                           "the five source articles and the supplementary voucher table (row-level pages in the CSV)",
                           description)])


def pools_and_caps(schemes: pd.DataFrame, regions: pd.DataFrame, highlight: str) -> Section:
    """Pool divided by cap per firm: how many firms a scheme could pay in full."""
    both = schemes.dropna(subset=["pool_cny", "per_firm_cap_cny"]).copy()
    both["firms_at_cap"] = both.pool_cny / both.per_firm_cap_cny
    both["is_highlight"] = [regions.at[c, "province_code"] == highlight for c in both.region_code]
    texts = {"n_both": str(len(both))}
    if not len(both):
        texts.update(fewest_firms="no scheme states both a pool and a cap by this date", most_firms="none")
        return Section(texts)
    fewest, most = both.sort_values("firms_at_cap").iloc[0], both.sort_values("firms_at_cap").iloc[-1]
    texts.update(fewest_firms=f"{fewest.label} could pay its full cap to {fewest.firms_at_cap:.0f} firms",
                 most_firms=f"{most.label} to {most.firms_at_cap:.0f}")
    description = ("Scatter plot, log scales, of voucher pool against cap per firm: "
                   + "; ".join(f"{r.label}: pool {format_value(r.pool_cny, 'CNY')}, cap {format_value(r.per_firm_cap_cny, 'CNY')}, "
                               f"{r.firms_at_cap:.0f} firms at full cap" for r in both.itertuples()) + ".")
    return Section(texts, [Figure(pool_vs_cap_chart(both), "voucher_pool_vs_cap", both.drop(columns=["is_highlight"]),
                                  "the five source articles and the supplementary voucher table", description)])


def hubs_section(hub_table: pd.DataFrame, highlight: str) -> Section:
    """The provinces in the East-Data-West-Computing plan."""
    in_hub = hub_table[hub_table.value != HUB_CATEGORIES[2]]
    n_hub_names = datasets.load_table("compute_hubs").hub_name.replace("", None).dropna().nunique()
    chart = charts.province_choropleth(
        hub_table, unit="", legend_title="East-Data-West-Computing", categories=HUB_CATEGORIES, highlight=highlight,
        title=f"{len(in_hub)} of {len(hub_table)} provinces belong to a national computing hub",
        subtitle="National computing hubs and data-centre clusters of the East-Data-West-Computing plan; all 31 provinces classified")
    description = (f"Map of China's provinces by role in the East-Data-West-Computing plan. {len(in_hub)} provinces belong to a hub: "
                   + "; ".join(f"{r.region_en} ({r.value})" for r in in_hub.itertuples()) + ".")
    return Section({"n_hub_names": str(n_hub_names), "n_hub": f"{len(in_hub)} of {len(hub_table)}"},
                   [Figure(chart, "hubs_map", hub_table, "NDRC and others' 2022 approvals, as compiled in the supplementary hubs table",
                           description)])


def spending(facts: pd.DataFrame) -> Section:
    """What share of a model maker's costs goes to compute."""
    shares = spending_shares(facts)
    texts = {}
    for key, indicator in (("training_share", "training_cost_share_compute"), ("inference_share", "inference_cost_share_compute")):
        row = shares[shares.indicator == indicator]
        texts[key] = row.value_label.iloc[0] if len(row) else f"{NOT_YET} a share"
    if not len(shares):
        return Section(texts)
    description = "Bar chart: " + "; ".join(f"{r.what}: {r.value_label}" for r in shares.itertuples()) + "."
    return Section(texts, [Figure(spending_chart(shares), "compute_spending",
                                  shares[["what", "value", "qualifier", "unit", "fact_id", "quote_shown", "source"]],
                                  datasets.cite(shares.source_id), description)])


def highlight_paragraph(code: str, facts: pd.DataFrame, hub_table: pd.DataFrame, schemes: pd.DataFrame,
                        regions: pd.DataFrame) -> str:
    in_province = facts[(facts.province_code == code) & (facts.chapter == "compute")]
    hub_row = hub_table.set_index("region_code").loc[code]
    local_schemes = schemes[[regions.at[c, "province_code"] == code for c in schemes.region_code]]
    return (f"**{regions.at[code, 'name_en']} ({regions.at[code, 'name_zh']})**: {len(in_province)} compute facts in the ledger; "
            f"role in the hub plan: {hub_row.value.lower()}; voucher schemes in the data: "
            + (prose.join_names(sorted(local_schemes.label)) if len(local_schemes) else "none") + ".")


# ---------------------------------------------------------------------------------------------
# Charts

def capacity_chart(capacity: pd.DataFrame, highlight: str):
    """Every capacity figure on one log scale; targets open, reported values filled."""
    table = capacity.assign(is_highlight=capacity.province_code == highlight)
    domain = charts.log_domain(table.value)
    # No comparison in the title: the figures are of different measures (a country's total, a
    # city's available compute, one centre, one cluster) and kinds (reported, target).
    return alt.Chart(table).mark_point(size=120, strokeWidth=2, opacity=1).encode(
        y=alt.Y("label:N", sort="-x", title=None, axis=alt.Axis(labelLimit=280)),
        x=alt.X("value:Q", title="PFLOPS (logarithmic scale)", scale=alt.Scale(type="log", domain=domain),
                axis=alt.Axis(values=charts.log_ticks(domain), format=",.0f")),
        fill=alt.Fill("kind_label:N", title="Kind", scale=alt.Scale(domain=[labels.kind("actual"), labels.kind("target")],
                                                                     range=[charts.INK, "white"])),
        color=alt.condition("datum.is_highlight", alt.value(charts.ACCENT), alt.value(charts.BASE)),
        tooltip=[alt.Tooltip("label:N", title="What"), alt.Tooltip("kind_label:N", title="Kind"),
                 alt.Tooltip("value_label:N", title="Value"), alt.Tooltip("stated:N", title="Stated"),
                 alt.Tooltip("source:N", title="Source")],
    ).properties(width=260, height=28 * len(table), title=charts.titled(
        "Compute capacity the articles report, and the targets they set",
        "PFLOPS by place, measure and date, log scale; the measures differ (a total, one centre, one cluster). "
        "Filled: reported. Open: target."))


def utilisation_title(util: pd.DataFrame) -> str:
    """The finding, stated only as far as the figures carry it."""
    used = util.groupby("what").value.sum()
    ai = util[util.part == "used for AI (at most)"]
    if len(used) and (used < 100).all() and len(ai) and (ai.value < used[ai.what].values / 2).all():
        return "Centres run below capacity, and AI is a small part of what runs"
    return "How much of the compute built is used"


def utilisation_chart(util: pd.DataFrame):
    notes = []
    national = util[util.what.str.startswith("China")]
    if len(national):
        notes.append(f"the national figure is an upper bound ('{national.value_label.iloc[0]}')")
    ai = util[util.part == "used for AI (at most)"]
    if len(ai):
        notes.append(f"Chengdu's AI share is derived: {ai.value_label.iloc[0]}")
    return alt.Chart(util).mark_bar().encode(
        y=alt.Y("what:N", title=None, axis=alt.Axis(labelLimit=260)),
        x=alt.X("sum(value):Q", title="Share of capacity in use (%)", scale=alt.Scale(domain=[0, 100])),
        color=alt.Color("part:N", title=None, scale=alt.Scale(
            domain=["used", "used for AI (at most)", "used for other work"],
            range=[charts.BASE, charts.ACCENT, "#9ecae1"])),
        order=alt.Order("part:N", sort="ascending"),
        tooltip=[alt.Tooltip("what:N", title="Where"), alt.Tooltip("part:N", title="Part"),
                 alt.Tooltip("value_label:N", title="Value"), alt.Tooltip("source:N", title="Source")],
    ).properties(width=320, height=90, title=charts.titled(
        utilisation_title(util),
        "Share of computing capacity in use; " + "; ".join(notes) + "."))


def point_labels(both: pd.DataFrame) -> pd.DataFrame:
    """One label per point drawn: schemes with the same pool and cap share a dot, so they share a
    label naming their places ("Nanning, Qingyang, Shenzhen"); the tooltip and the data table give
    each scheme. Largest pools first: when labels collide the browser keeps the first."""
    out = []
    for (pool, cap), group in both.groupby(["pool_cny", "per_firm_cap_cny"], sort=False):
        places = sorted(dict.fromkeys(label.split(":")[0] for label in group.label))
        out.append({"pool_cny": pool, "per_firm_cap_cny": cap,
                    "label": group.label.iloc[0] if len(group) == 1 else ", ".join(places)})
    return pd.DataFrame(out).sort_values("pool_cny", ascending=False, kind="stable")


def pool_vs_cap_chart(both: pd.DataFrame):
    """Each voucher scheme's pool against its cap per firm, both on log scales."""
    x_domain, y_domain = charts.log_domain(both.pool_cny), charts.log_domain(both.per_firm_cap_cny)
    points = alt.Chart(both).mark_circle(size=110, opacity=0.85).encode(
        x=alt.X("pool_cny:Q", title="Pool (million yuan, log scale)", scale=alt.Scale(type="log", domain=x_domain),
                axis=alt.Axis(values=charts.log_ticks(x_domain), labelExpr="format(datum.value / 1e6, ',.0f')")),
        y=alt.Y("per_firm_cap_cny:Q", title="Cap per firm (million yuan, log scale)", scale=alt.Scale(type="log", domain=y_domain),
                axis=alt.Axis(values=charts.log_ticks(y_domain), labelExpr="format(datum.value / 1e6, ',.1~f')")),
        color=alt.condition("datum.is_highlight", alt.value(charts.ACCENT), alt.value(charts.BASE)),
        tooltip=[alt.Tooltip("label:N", title="Scheme"), alt.Tooltip("pool_cny:Q", title="Pool (yuan)", format=","),
                 alt.Tooltip("per_firm_cap_cny:Q", title="Cap per firm (yuan)", format=","),
                 alt.Tooltip("firms_at_cap:Q", title="Firms at full cap", format=".0f"),
                 alt.Tooltip("from:N", title="From"), alt.Tooltip("source:N", title="Source")])
    # Clipped: labels running past the plot would make Vega shrink the plot to keep them in the
    # chart; the browser script places them inside it instead (book/_static/airace-charts.js).
    labels = alt.Chart(point_labels(both)).mark_text(align="left", dx=8, fontSize=11, color=charts.INK, clip=True).encode(
        x="pool_cny:Q", y="per_firm_cap_cny:Q", text="label:N")
    return (points + labels).properties(width=420, height=300, title=charts.titled(
        "A big pool does not mean a big cheque",
        "Each scheme's pool against its cap per firm, as stated (some pools are yearly, some have no stated "
        "period); pool divided by cap is how many firms could all get the maximum"))


def spending_chart(shares: pd.DataFrame):
    most = len(shares) and (shares.value > 50).all()
    return alt.Chart(shares).mark_bar().encode(
        y=alt.Y("what:N", title=None, axis=alt.Axis(labelLimit=280)),
        x=alt.X("value:Q", title="Share spent on compute (%)", scale=alt.Scale(domain=[0, 100])),
        tooltip=[alt.Tooltip("what:N", title="Who"), alt.Tooltip("value_label:N", title="Share"),
                 alt.Tooltip("source:N", title="Source")],
    ).properties(width=300, height=30 * len(shares), title=charts.titled(
        "Compute takes most of what these model makers spend" if most else "How much of a model maker's spending goes to compute",
        "Share of costs or budget that goes to compute, as two firms are quoted in the editorial feature"))
