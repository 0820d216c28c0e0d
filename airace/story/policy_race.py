"""Tables behind the policy-race chapter: targets against starting points, model filings,
pilot zones, and the timeline and map of policy instruments."""

from __future__ import annotations

import altair as alt
import pandas as pd

from airace import datasets
from airace.data import sanity
from airace.story import charts, claims, labels, measures, page, prose
from airace.story.page import Figure, Section
from airace.story.prose import describe_value, format_value, month_label

# ---------------------------------------------------------------------------------------------
# Targets and where they start from

def target_series(facts: pd.DataFrame) -> pd.DataFrame:
    """Every (place, indicator) for which the facts hold both a target and an actual figure.

    One row per fact, with `year` (the end of the period it refers to) and `multiple`: each
    target divided by the latest actual figure stated before it."""
    usable = facts[facts.kind.isin(["actual", "target"]) & ~facts.period.isin(["annual", "not_stated"])].copy()
    usable["year"] = usable.period.str.split("/").str[-1].str[:4].astype(int)
    keep = []
    for (code, indicator), group in usable.groupby(["region_code", "indicator"], sort=True):
        if {"actual", "target"} <= set(group.kind):
            keep.append(group)
    if not keep:
        return usable.iloc[0:0].assign(series="", multiple=float("nan"))
    series = pd.concat(keep).sort_values(["region_code", "indicator", "year", "kind"])
    latest = (series[series.kind == "actual"].sort_values("year")
              .groupby(["region_code", "indicator"]).tail(1)
              .set_index(["region_code", "indicator"]))
    baselines = latest.value
    # A starting figure whose base is wider than the target's (Chengdu's 2024 figure counts AI and
    # robotics together) is shown, but no multiple is taken of it: that would not compare like with like.
    wider = {key for key, fact_id in latest.fact_id.items() if fact_id in labels.WIDER_BASES}
    series["multiple"] = [
        value / baselines[(code, indicator)] if kind == "target" and (code, indicator) not in wider else float("nan")
        for code, indicator, kind, value in zip(series.region_code, series.indicator, series.kind, series.value)]
    # Plot yuan in billions so axes read "150" rather than "150G"; the unit goes in the panel title.
    in_billions = series.unit == "CNY"
    series["plot_value"] = series.value.where(~in_billions, series.value / 1e9)
    series["series"] = (series.region_en + ": " + series.indicator.map(labels.indicator)
                        + in_billions.map({True: " (CNY billion)", False: ""}))
    series["value_label"] = [describe_value(v, u, q) + (f" ({labels.WIDER_BASES[f]})" if f in labels.WIDER_BASES else "")
                             for v, u, q, f in zip(series.value, series.unit, series.qualifier, series.fact_id)]
    series["kind_label"] = series.kind.map(labels.kind)
    return series.reset_index(drop=True)


# ---------------------------------------------------------------------------------------------
# Generative-AI model filings

def filings_compared(facts: pd.DataFrame) -> pd.DataFrame:
    """Filed generative-AI models by province as the article reports them (January 2025) beside
    the supplementary tally of March 2025, for the provinces both cover."""
    article = facts[facts.indicator == "genai_models_filed"]
    article = article[article.region_level == "province"]
    rows = [{"region_code": r.region_code, "region_en": r.region_en, "count": r.value,
             "as_of": r.period, "reported_by": f"{r.source} (article)", "source": r.source}
            for r in article.itertuples()]
    table = datasets.load_table("genai_filings")
    tally = table[(table.indicator == "genai_services_filed_cac")
                  & table.period.str.startswith("2025-03 (national total")]
    rows += [{"region_code": r.region_code, "region_en": r.region_en, "count": float(r.value),
              "as_of": "2025-03", "reported_by": "Blog tally of the CAC list (supplementary table)",
              "source": f"{r.publisher.split(';')[0]}, {r.period}"}
             for r in tally.itertuples()]
    return pd.DataFrame(rows, columns=["region_code", "region_en", "count", "as_of", "reported_by", "source"])


def deep_synthesis_filings() -> tuple[pd.DataFrame, float]:
    """Deep-synthesis algorithm filings by province (cumulative to July 2025) and the national
    total the same source gives."""
    table = datasets.load_table("genai_filings")
    rows = table[table.indicator == "deep_synthesis_algorithm_filings_cac"].copy()
    rows["value"] = rows.value.astype(float)
    # The data step checks that the provinces add up to no more than this (airace/data/sanity.py).
    national = float(rows.period.str.extract(sanity.STATED_NATIONAL_TOTAL.pattern)[0].dropna().unique()[0])
    rows["source"] = [p.split(";")[0] for p in rows.publisher]
    span = rows.period.str.extract(r"(\d{4}-\d{2}) to (\d{4}-\d{2})").iloc[0]
    rows["period"] = f"{span[0]} to {span[1]}, cumulative"
    return rows[["region_code", "region_en", "value", "period", "source"]].reset_index(drop=True), national



# ---------------------------------------------------------------------------------------------
# Instruments: the timeline and the map

# What a policy event shows a place using, for the instruments map.
EVENT_INSTRUMENTS = {"meeting": "agenda-setting meeting", "fund": "fund or subsidy pool",
                     "spending_plan": "planned public investment", "national_designation": "national designation"}
# Which facts show which instrument in use.
FACT_INSTRUMENTS = {
    "target": lambda f: f.kind == "target",
    "voucher": lambda f: f.indicator.str.contains("voucher"),
    "fund or subsidy pool": lambda f: f.indicator.str.contains("fund|subsidy_pool"),
    "application scenarios": lambda f: f.indicator.str.contains("scenarios") & (f.chapter == "policy"),
}


# How data/raw/policy_events.csv (column date_basis) says the source gives no date for the event.
UNDATED = r"no date given|start date not given|issue date not given"


def policy_events(as_of: str) -> pd.DataFrame:
    events = datasets.load_table("policy_events")
    events = events[events.date_by <= as_of].copy()
    events["instrument_label"] = events.instrument.map(lambda code: labels.words(code, "instrument"))
    # Where only a year or month is known, the event is drawn at its start.
    events["date_start"] = [d + {4: "-01-01", 7: "-01", 10: ""}[len(d)] for d in events.date]
    # A date given only as a year (or a month) covers that span; the chart draws it as a bar, not
    # a point on 1 January.
    events["date_end"] = [(pd.Timestamp(s) + {4: pd.offsets.YearEnd(0), 7: pd.offsets.MonthEnd(0), 10: pd.offsets.Day(0)}[len(d)]).strftime("%Y-%m-%d")
                          for s, d in zip(events.date_start, events.date)]
    events["precision"] = [{4: "year only", 7: "month", 10: "day"}[len(d)] for d in events.date]
    # Some events carry only the date of the article that mentions them (Shanghai's special funds,
    # Henan's compute investment, Chengdu High-tech Zone's vouchers, "long since rolled out"): the
    # source does not date the event itself, so it is not counted as of that year.
    events["dated_by_source"] = ~events.date_basis.str.contains(UNDATED, regex=True)
    events["date_shown"] = [d if dated else f"date not given (reported {d})"
                            for d, dated in zip(events.date, events.dated_by_source)]
    return events.reset_index(drop=True)


def dated_in(events: pd.DataFrame, year: str) -> pd.DataFrame:
    """The events the sources themselves date to `year` (not those only reported that year)."""
    return events[events.dated_by_source & (events.date.str[:4] == year)]


def instruments_by_place(facts: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
    """For each place the articles name: which kinds of instrument they report it using."""
    found: dict[str, set[str]] = {}
    for name, test in FACT_INSTRUMENTS.items():
        for code in facts[test(facts)].region_code:
            found.setdefault(code, set()).add(name)
    for code, instrument in zip(events.region_code, events.instrument):
        found.setdefault(code, set()).add(EVENT_INSTRUMENTS.get(instrument, "plan or policy document"))
    regions = datasets.load_table("regions").set_index("code")
    rows = []
    for code, kinds in sorted(found.items()):
        if regions.at[code, "level"] not in ("province", "city", "district"):
            continue
        rows.append({"region_code": code, "region_en": regions.at[code, "name_en"],
                     "label": ", ".join(sorted(kinds)), "value": float(len(kinds)),
                     "period": "stated 2023-2025", "source": "the five source articles"})
    return pd.DataFrame(rows)


# ---------------------------------------------------------------------------------------------
# Shenzhen's pyramid

# The data step checks that the three layers add up to 100 (airace/data/sanity.py).
PYRAMID = sanity.SHARES_OF_A_WHOLE["AI firms by layer"]


def shenzhen_pyramid(facts: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for indicator in PYRAMID:
        match = facts[(facts.indicator == indicator) & (facts.region_code == "440300")]
        if match.empty:
            return pd.DataFrame(columns=["layer", "value", "value_label", "period", "source", "order"])
        fact = match.iloc[0]
        rows.append({"layer": labels.indicator(indicator), "value": fact.value, "value_label": format_value(fact.value, "percent"),
                     "period": fact.period, "source": fact.source, "order": len(rows)})
    return pd.DataFrame(rows)


# ---------------------------------------------------------------------------------------------
# Sentences for the chapter, rebuilt from the data on every run

def findings(facts: pd.DataFrame, events: pd.DataFrame, filings: pd.DataFrame, zones: pd.DataFrame) -> list[str]:
    """Three to five key findings, each with its number; a finding whose facts are missing
    (for example before the date they were stated) is left out rather than guessed."""
    out = []
    if len(events):
        years = sorted({d[:4] for d in events[events.dated_by_source].date})
        n_2025 = len(dated_in(events, "2025"))
        out.append(f"The data holds {len(events)} policy documents, meetings, funds and designations that the "
                   f"articles name; those the sources date run from {years[0]} to {years[-1]}, and {n_2025} of them "
                   "are dated 2025.")
    firms = facts[(facts.region_code == "440300") & (facts.indicator == "ai_firms")]
    actual, target = firms[firms.kind == "actual"], firms[firms.kind == "target"]
    if len(actual) and len(target):
        a, t = actual.iloc[0], target.iloc[0]
        claims.like_rows(pd.DataFrame([a, t]), target_against_actual=True)
        out.append(f"Shenzhen's target is {describe_value(t.value, t.unit, t.qualifier)} by {t.period}; "
                   f"it had {describe_value(a.value, a.unit, a.qualifier)} at the end of {a.period[:4]}.")
    filed = facts[facts.indicator == "genai_models_filed"].set_index("region_code")
    if {"110000", "440000"} <= set(filed.index) and len(filings):
        bj, gd = filed.loc["110000"], filed.loc["440000"]
        times = claims.ratio(bj, gd)
        out.append(f"In {month_label(bj.period)} Beijing had {bj.value:.0f} filed generative-AI models and Guangdong, "
                   f"the largest provincial economy, {gd.value:.0f}: Beijing had {times:.1f} times as many.")
    with_zone = int((zones.value > 0).sum())
    out.append(f"{with_zone} of {len(zones)} provincial-level divisions host at least one national AI pilot "
               f"zone or application pilot area; {len(zones) - with_zone} host none.")
    return out


def highlight_paragraph(code: str, facts: pd.DataFrame, events: pd.DataFrame, zones: pd.DataFrame,
                        deep: pd.DataFrame) -> str:
    regions = datasets.load_table("regions").set_index("code")
    if code not in regions.index or regions.at[code, "level"] != "province":
        raise ValueError(f"highlight must be a provincial-level code from data/raw/regions.csv, got {code!r}")
    name, name_zh = regions.at[code, "name_en"], regions.at[code, "name_zh"]
    in_province = facts[facts.province_code == code]
    n_events = int((events.province_code == code).sum())
    zone = zones.set_index("region_code").value.get(code, 0)
    filed = deep.set_index("region_code").value.get(code)
    filed_text = (f"{filed:,.0f} deep-synthesis algorithm filing{'' if filed == 1 else 's'} ({deep.period.iloc[0]})"
                  if filed is not None else "no deep-synthesis filing count in the supplementary table")
    zone_text = f"{zone:.0f} national AI pilot zone or area" if zone == 1 else f"{zone:.0f} national AI pilot zones or areas"
    return (f"**{name} ({name_zh})** appears in {len(in_province)} facts of the ledger and "
            f"{n_events} of the policy events above. It hosts {zone_text}, "
            f"and has {filed_text}.")


def qingdao_paragraph(facts: pd.DataFrame) -> str:
    """Qingdao's revenue, its targets, and the feature's conflation of city and park revenue."""
    q = facts[facts.region_code == "370200"].set_index("fact_id")
    pick = lambda indicator, source: q[(q.indicator == indicator) & (q.source_id == source)]
    city = pick("ai_industry_revenue", "xinhua_2024")
    park = pick("ai_park_revenue", "xinhua_2024")
    feature_park = pick("ai_park_revenue", "feature_2025")
    targets = q[(q.kind == "target") & (q.source_id == "xinhua_2024")]
    if city.empty:
        return "Qingdao's AI revenue had not been reported by this date."
    c = city.iloc[0]
    text = (f"Qingdao (青岛) reports results and targets of a different kind. Its AI industry took in "
            f"{describe_value(c.value, c.unit, c.qualifier)} in {c.period} (Xinhua, 2024)")
    if len(targets):
        listed = []
        for r in targets.itertuples():
            noun = labels.count_noun(r.indicator, r.value) if r.indicator in labels.COUNT_NOUNS else labels.unit(r.unit)
            listed.append(describe_value(r.value, noun, r.qualifier))
        years = sorted(set(targets.period.str[:4]))
        text += f"; its targets for {prose.join_names(years)} are counts: " + ", ".join(listed)
    text += "."
    if len(park) and len(feature_park) and feature_park.value.iloc[0] == c.value:
        text += (f" The editorial feature of 2025 credits the city's {describe_value(c.value, c.unit, c.qualifier)} "
                 f"to the AI park alone, which Xinhua puts at {describe_value(park.value.iloc[0], 'CNY', park.qualifier.iloc[0])}: "
                 "the ledger keeps both figures and marks the feature's as a source error.")
    return text


# ---------------------------------------------------------------------------------------------
# The chapter's parts: each gives the notebook its sentences (by glue key) and its figures

def key_findings(facts, events, filings, zones) -> Section:
    return page.key_findings(findings(facts, events, filings, zones), "No policy facts had been stated by this date.")


def targets(facts: pd.DataFrame, as_of: str, highlight: str) -> Section:
    """Targets against the last reported figure; Guangdong's target, which has no starting
    figure; Qingdao's targets of another kind."""
    series = target_series(facts)
    gd = facts[(facts.region_code == "440000") & (facts.indicator == "ai_core_industry_scale")]
    texts = {
        "guangdong_target": describe_value(gd.value.iloc[0], "CNY", gd.qualifier.iloc[0]) if len(gd) else "an unstated size",
        "qingdao_paragraph": qingdao_paragraph(facts),
    }
    if not len(series):
        texts["target_range"] = "no multiple (no target had been stated by this date)"
        return Section(texts, note=f"No place had both a target and a starting figure in the sources by {as_of}.")
    multiples = series.multiple.dropna()
    texts["target_range"] = f"{multiples.min():.1f} to {multiples.max():.1f} times"
    columns = ["series", "region_code", "indicator", "kind", "qualifier", "value", "unit", "period", "stated", "fact_id", "source"]
    description = ("Small multiples, one per place and measure, each showing reported values as filled circles and "
                   "targets as open circles by year: " + "; ".join(
                       f"{name}: " + ", ".join(f"{labels.kind(r.kind).lower()} {r.value_label} ({r.period})" for r in group.itertuples())
                       for name, group in series.groupby("series")) + ".")
    return Section(texts, [Figure(targets_chart(series, highlight), "targets", series[columns],
                                  datasets.cite(series.source_id), description)])


def new_filings(deep: pd.DataFrame, national: float, highlight: str) -> Section:
    """Where new generative-AI services are filed, per 10 million people (all 31 provinces, from the
    tally of CAC filings Nos. 189-611, a flow), and the wider deep-synthesis register in words."""
    ranked = deep.sort_values("value", ascending=False)
    top3_share = ranked.value.head(3).sum() / national
    per_person = measures.filings_per_person_for_map()
    texts = {"deep_period": deep.period.iloc[0], "deep_coverage": f"{len(deep)} of 31",
             "deep_top": prose.join_names(ranked.region_en.head(3).tolist()), "deep_top_share": f"{top3_share:.0%}",
             "filing_range": measures.filing_range(), "sasac_filings": str(measures.sasac_filings()),
             "filings_coverage": f"{len(per_person)} of 31"}
    return Section(texts, [measures.filings_per_person_figure("new_filings_map", highlight)])


def filed_models(facts: pd.DataFrame, filings: pd.DataFrame) -> Section:
    """The two counts of filed generative-AI models, and where they disagree."""
    figures = []
    if len(filings):
        description = ("Dot plot of filed generative-AI models by province from two reports: "
                       + "; ".join(f"{r.region_en} {r['count']:.0f} ({r.reported_by}, {r.as_of})" for _, r in filings.iterrows()) + ".")
        figures.append(Figure(filings_chart(filings), "filings_compared", filings,
                              datasets.cite(facts[(facts.indicator == "genai_models_filed")
                                                  & (facts.region_level == "province")].source_id) + "; supplementary filings table",
                              description))
    return Section({"filings_disagree": filings_disagree(filings)}, figures)


def filings_disagree(filings: pd.DataFrame) -> str:
    """Between the two reports, where a count fell (which a running register should not do) or rose."""
    both = filings.pivot_table(index="region_en", columns="as_of", values="count", aggfunc="first").dropna()
    if both.shape[1] != 2:
        return "The two reports do not cover the same provinces by this date."
    early, late = both.columns
    fell = both[both[late] < both[early]].index.tolist()
    rose = both[both[late] > both[early]].index.tolist()
    return ((f"Between {early} and {late} the count fell for {prose.join_names(fell)}, which a running register "
             "of filings should not do, " if fell else f"Between {early} and {late} no count fell, ")
            + (f"and rose for {prose.join_names(rose)}." if rose else "and none rose."))


def pilot_zones(zones: pd.DataFrame, highlight: str) -> Section:
    with_zone = zones[zones.value > 0]
    texts = {"zone_provinces": f"{len(with_zone)} of {len(zones)}",
             "zone_none": prose.join_names(sorted(zones[zones.value == 0].region_en))}
    zone_classes, zone_labels = charts.count_classes(zones.value)
    chart = charts.province_choropleth(
        zones.assign(count=zones.value, value=zone_classes), unit="", legend_title="National AI pilot zones and areas",
        highlight=highlight, categories=zone_labels, ordered=True,
        title=f"National AI pilot zones cover {len(with_zone)} of {len(zones)} provincial-level divisions",
        subtitle="Innovation and development pilot zones (MOST) plus innovation application pilot areas (MIIT); all 31 reported")
    description = (f"Choropleth of China's provinces by number of national AI pilot zones and areas. "
                   f"{len(with_zone)} provinces have at least one; the rest have none. "
                   + ", ".join(f"{r.region_en} {r.value}" for r in with_zone.sort_values("value", ascending=False).itertuples()) + ".")
    return Section(texts, [Figure(chart, "pilot_zones_map", zones,
                                  "MOST and MIIT pilot-zone lists as reported in the supplementary table", description)])


def timeline(facts: pd.DataFrame, events: pd.DataFrame, highlight: str) -> Section:
    """The policy documents and meetings by date, and Shenzhen's promised scenarios."""
    scenarios = facts[(facts.region_code == "440300") & (facts.indicator == "government_ai_scenarios_opened")]
    texts = {"shenzhen_scenarios": describe_value(scenarios.value.iloc[0], "", scenarios.qualifier.iloc[0])
             if len(scenarios) else "an unstated number of"}
    description = ("Timeline of policy documents and meetings by place: "
                   + "; ".join(f"{r.date_shown} {r.region_en}, {r.instrument_label}: {r.title_en}" for r in events.itertuples()) + ".")
    return Section(texts, [Figure(timeline_chart(events, highlight), "policy_timeline", events,
                                  datasets.cite(events.source_id), description)])


def instruments(facts: pd.DataFrame, events: pd.DataFrame, highlight: str) -> Section:
    """Which places the articles report using which kinds of instrument, and who uses the most."""
    table = instruments_by_place(facts, events)
    top = table[table.value == table.value.max()].sort_values("region_en") if len(table) else table
    if len(top) == 1:
        leader, lead = f"{top.region_en.iloc[0]}, with {top.value.iloc[0]:.0f} kinds", f"; {top.region_en.iloc[0]} shows the most kinds"
    elif len(top):
        leader, lead = f"{prose.join_names(list(top.region_en))}, with {top.value.iloc[0]:.0f} kinds each", ""
    else:
        leader, lead = "no place", ""
    texts = {"instrument_places": f"{len(table)}", "instrument_leader": leader}
    chart = charts.city_symbol_map(
        table, unit="kinds of instrument", size_title="Kinds of instrument", highlight=highlight,
        title=f"The data holds instruments in {len(table)} places the articles name{lead}",
        subtitle="Circle area: how many kinds of instrument the sources report a place using; provinces sit at their centre")
    description = ("Map of China with a circle for each city or province the articles name, sized by the number of kinds of "
                   "policy instrument reported: " + "; ".join(f"{r.region_en}: {r.label}" for r in table.itertuples()) + ".")
    return Section(texts, [Figure(chart, "instruments_map", table, "the five source articles (facts ledger and policy events)",
                                  description)])


def pyramid(facts: pd.DataFrame) -> Section:
    """Shenzhen's AI firms by layer: application against foundation."""
    table = shenzhen_pyramid(facts)
    if not len(table):
        return Section({"application_share": "(not yet reported by this date)", "pyramid_period": "the latest year reported",
                        "foundation_share": "(not yet reported by this date)"})
    application = table.iloc[-1]
    texts = {"application_share": format_value(application.value, "percent"), "pyramid_period": application.period,
             "foundation_share": format_value(table.iloc[0].value, "percent")}
    description = ("Bar chart of Shenzhen's AI firms by layer in " + application.period + ": "
                   + "; ".join(f"{r.layer} {r.value_label}" for r in table.itertuples()) + ".")
    return Section(texts, [Figure(pyramid_chart(table), "shenzhen_pyramid", table, table.source.iloc[0], description)])


# ---------------------------------------------------------------------------------------------
# Charts


def targets_chart(targets: pd.DataFrame, highlight: str):
    """Small multiples: each place and measure, reported values filled, targets open."""
    table = targets.assign(is_highlight=targets.province_code == highlight)
    multiples = table.multiple.dropna()
    base = alt.Chart(table).encode(
        x=alt.X("year:O", title=None, axis=alt.Axis(labelAngle=0)),
        y=alt.Y("plot_value:Q", title=None, scale=alt.Scale(zero=True)),
    )
    points = base.mark_point(size=90, strokeWidth=2, opacity=1).encode(
        fill=alt.Fill("kind_label:N", title="Kind", scale=alt.Scale(domain=[labels.kind("actual"), labels.kind("target")],
                                                                     range=[charts.INK, "white"])),
        color=alt.condition("datum.is_highlight", alt.value(charts.ACCENT), alt.value(charts.BASE)),
        tooltip=[alt.Tooltip("series:N", title="Series"), alt.Tooltip("kind_label:N", title="Kind"),
                 alt.Tooltip("value_label:N", title="Value"), alt.Tooltip("period:N", title="Period"),
                 alt.Tooltip("stated:N", title="Stated"), alt.Tooltip("source:N", title="Source")])
    return alt.layer(base.mark_line(strokeDash=[4, 3], color=charts.MUTED), points).properties(
        width=140, height=140).facet(
        facet=alt.Facet("series:N", title=None, header=alt.Header(labelLimit=200)), columns=3
    ).resolve_scale(y="independent").properties(title=charts.titled(
        f"Targets ask for {multiples.min():.1f} to {multiples.max():.1f} times the last reported figure",
        "Filled: reported outcome. Open: target. Each panel has its own scale."))


def filings_title(filings: pd.DataFrame) -> str:
    """'Beijing leads every count' only if it tops each report; the disagreement only if a province
    reported by both has two different counts."""
    leaders = {g.sort_values("count").region_en.iloc[-1] for _, g in filings.groupby("reported_by")}
    both = filings.groupby("region_code")["count"].agg(["nunique", "size"])
    disagree = bool(((both["size"] > 1) & (both["nunique"] > 1)).any())
    lead = f"{leaders.pop()} leads every count of filed models" if len(leaders) == 1 else "Filed models by province"
    return lead + ("; the counts themselves disagree" if disagree else "")


def filings_chart(filings: pd.DataFrame):
    legend = alt.Legend(orient="bottom", labelLimit=360)
    return alt.Chart(filings).mark_point(filled=True, size=110).encode(
        y=alt.Y("region_en:N", sort=alt.EncodingSortField("count", op="max", order="descending"), title=None),
        x=alt.X("count:Q", title="Filed generative-AI models or services"),
        color=alt.Color("reported_by:N", title="Reported by", legend=legend),
        shape=alt.Shape("reported_by:N", title="Reported by", legend=legend),
        tooltip=[alt.Tooltip("region_en:N", title="Province"), alt.Tooltip("count:Q", title="Count"),
                 alt.Tooltip("as_of:N", title="As of"), alt.Tooltip("source:N", title="Source")],
    ).properties(width=420, height=170, title=charts.titled(
        filings_title(filings),
        "Generative-AI filings with the CAC by province, two reports two months apart"))


def timeline_chart(events: pd.DataFrame, highlight: str):
    table = events.assign(is_highlight=events.province_code == highlight)
    tooltip = [alt.Tooltip("region_en:N", title="Place"), alt.Tooltip("date_shown:N", title="Date"),
               alt.Tooltip("instrument_label:N", title="Instrument"), alt.Tooltip("title_en:N", title="Document"),
               alt.Tooltip("title_zh:N", title="中文"), alt.Tooltip("source:N", title="Source")]
    colour = alt.condition("datum.is_highlight", alt.value(charts.ACCENT), alt.value(charts.BASE))
    base = alt.Chart(table).encode(
        x=alt.X("date_start:T", title=None, axis=alt.Axis(format="%Y", tickCount="year")),
        y=alt.Y("region_en:N", title=None, sort=alt.EncodingSortField("date_start", op="min")))
    # Dates known to the month or day are points; a year-only date is a bar across its year.
    points = base.mark_point(filled=True, size=120, opacity=0.9).encode(
        shape=alt.Shape("instrument_label:N", title="Instrument"), color=colour, tooltip=tooltip,
    ).transform_filter("datum.precision != 'year only'")
    spans = base.mark_bar(height=6, opacity=0.5, cornerRadius=3).encode(
        x2="date_end:T", color=colour, tooltip=tooltip,
    ).transform_filter("datum.precision == 'year only'")
    return alt.layer(spans, points).properties(width=400, height=max(160, 24 * table.region_en.nunique()), title=charts.titled(
        f"{len(table)} plans, rules, funds and meetings in the data, {len(dated_in(table, '2025'))} of them dated 2025",
        "Policy documents, funds, designations and agenda-setting meetings the five articles name, by date; "
        "a bar spans the year when a source gives only the year; an event the source does not date sits at the "
        "date of the report that names it"))


def share_in_words(percent: float) -> str:
    """'Three in four' for 74.58: a simple fraction within 2 points, else the rounded percentage."""
    words = {2: "two", 3: "three", 4: "four", 5: "five", 10: "ten"}
    for n in (2, 3, 4, 5, 10):
        for k in range(1, n):
            if abs(percent - 100 * k / n) <= 2:
                return f"{words.get(k, str(k)).capitalize() if k > 1 else 'One'} in {words[n]}"
    return f"{percent:.0f}%"


def pyramid_chart(pyramid: pd.DataFrame):
    return alt.Chart(pyramid).mark_bar().encode(
        y=alt.Y("layer:N", sort=alt.EncodingSortField("order"), title=None, axis=alt.Axis(labelLimit=260)),
        x=alt.X("value:Q", title="Share of Shenzhen's AI firms (%)", scale=alt.Scale(domain=[0, 100])),
        tooltip=[alt.Tooltip("layer:N", title="Layer"), alt.Tooltip("value_label:N", title="Share"),
                 alt.Tooltip("period:N", title="Year"), alt.Tooltip("source:N", title="Source")],
    ).properties(width=360, height=120, title=charts.titled(
        f"{share_in_words(pyramid.value.iloc[-1])} of Shenzhen's AI firms work on applications",
        f"Share of the city's AI firms by layer, {pyramid.period.iloc[-1]}; the three layers add up to 100%"))
