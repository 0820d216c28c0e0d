"""Tables and sentences behind the province profile pages and their index."""

from __future__ import annotations

import html

import pandas as pd

from airace import datasets, labels
from airace.charts import describe_value, format_value
from airace.regions import mainland_provinces

HUNDRED_MILLION = 1e8


def province_names(code: str) -> tuple[str, str]:
    regions = datasets.load_table("regions").set_index("code")
    if code not in regions.index or regions.at[code, "level"] != "province" or regions.at[code, "carries_data"] != "yes":
        raise ValueError(f"province must be a mainland provincial-level code from data/raw/regions.csv, got {code!r}")
    return regions.at[code, "name_en"], regions.at[code, "name_zh"]


def gdp_table() -> pd.DataFrame:
    """GDP by province; provinces the compiler could not find stay out (they show as gaps)."""
    table = datasets.load_table("gdp")
    table = table[table.value != ""]
    out = pd.DataFrame({
        "region_code": table.region_code, "region_en": table.region_en,
        "value": table.value.astype(float) * HUNDRED_MILLION, "period": table.period,
        "source": [p.split(" (")[0] for p in table.original_publisher],
    })
    out["rank"] = out.value.rank(ascending=False, method="min").astype(int)
    return out


def facts_in(code: str, as_of: str) -> pd.DataFrame:
    facts = datasets.load_facts(as_of=as_of)
    return facts[facts.province_code == code].reset_index(drop=True)


def events_in(code: str, as_of: str) -> pd.DataFrame:
    events = datasets.load_table("policy_events")
    return events[(events.province_code == code) & (events.date_by <= as_of)].reset_index(drop=True)


def at_a_glance(code: str) -> list[str]:
    """One line per supplementary table, each saying what it has for this province or that it has
    nothing: a gap stays a gap."""
    name, _ = province_names(code)
    lines = []
    gdp = gdp_table().set_index("region_code")
    if code in gdp.index:
        row = gdp.loc[code]
        lines.append(f"**GDP, {row.period}**: {format_value(row.value, 'CNY')}, "
                     f"rank {row['rank']} of the {len(gdp)} provinces with a figure ({row.source}, preliminary).")
    else:
        lines.append("**GDP, 2024**: missing from the supplementary table (not found in the sources it was compiled from).")
    rd = datasets.load_table("rd_expenditure")
    rd = rd[(rd.region_code == code) & (rd.period == "2023")]
    spend = rd[rd.indicator == "rd_expenditure"]
    intensity = rd[rd.indicator == "rd_intensity"]
    parts = []
    if len(spend):
        parts.append(f"spending {format_value(float(spend.value.iloc[0]) * HUNDRED_MILLION, 'CNY')}")
    if len(intensity):
        value = intensity.value.iloc[0]
        parts.append(f"intensity {value}% of GDP" if value else f"intensity {intensity.value_text.iloc[0]} of GDP")
    lines.append("**R&D, 2023**: " + ("; ".join(parts) + "." if parts else "not in the published text the table was compiled from."))
    filings = datasets.load_table("genai_filings")
    deep = filings[(filings.region_code == code) & (filings.indicator == "deep_synthesis_algorithm_filings_cac")]
    lines.append("**Deep-synthesis algorithm filings** (June 2023 to July 2025): "
                 + (f"{deep.value.iloc[0]}." if len(deep) else "no count in the table."))
    zones = datasets.load_table("pilot_zones")
    zones = zones[zones.province_code == code]
    lines.append("**National AI pilot zones and areas**: "
                 + (f"{len(zones)} ({', '.join(sorted(set(zones.zone)))})." if len(zones) else "none."))
    hubs = datasets.load_table("compute_hubs").set_index("region_code")
    hub = hubs.loc[code]
    lines.append("**National computing hub**: " + (
        f"yes, {hub.hub_name}" + (f", with the {hub.cluster_in_province}" if hub.cluster_in_province else "") + "."
        if hub.is_hub_province == "yes" else "no."))
    bureaus = datasets.load_table("data_bureaus").set_index("region_code")
    agency = bureaus.at[code, "data_agency_name"]
    lines.append("**Provincial data agency**: " + (f"{agency}." if agency else "name not in the sources."))
    exchanges = datasets.load_table("data_exchanges")
    local = sorted(set(exchanges[(exchanges.province_code == code) & ~exchanges.type.str.startswith("out-of-province")].name))
    lines.append("**Data exchanges and platforms in the lists**: " + (", ".join(local) + "." if local else "none."))
    funds = datasets.load_table("funds")
    local_funds = funds[funds.province_code == code]
    lines.append("**AI funds in the funds table**: " + (
        "; ".join(f"{r.fund_name_en}, {format_value(float(r.value_cny), 'CNY')}" if r.value_cny else r.fund_name_en
                  for r in local_funds.itertuples()) + "." if len(local_funds) else "none."))
    vouchers = datasets.load_table("vouchers")
    local_vouchers = vouchers[vouchers.province_code == code]
    lines.append("**Vouchers in the voucher table**: " + (
        "; ".join(f"{r.region_en}, {r.voucher_type}" for r in local_vouchers.itertuples()) + "."
        if len(local_vouchers) else "none."))
    return lines


def facts_html(facts: pd.DataFrame) -> str:
    """The articles' facts for one province as a table a reader can check, quote by quote."""
    rows = "".join(
        f"<tr><td>{html.escape(r.region_en)}</td><td>{html.escape(labels.indicator_words(r.indicator))}</td>"
        f"<td>{html.escape(describe_value(r.value, r.unit, r.qualifier))}</td><td>{html.escape(labels.kind(r.kind))}</td>"
        f"<td>{html.escape(labels.period(r.period))}</td><td>{html.escape(r.stated)}</td>"
        + (f"<td lang='zh'>“{html.escape(r.quote_shown)}”</td>" if r.quote_shown else
           "<td>(not quoted: the copy read is machine-reworded)</td>")
        + f"<td>{html.escape(r.source)}</td></tr>"
        for r in facts.sort_values(["chapter", "region_en", "indicator"]).itertuples())
    return ("<table class='airace-facts'><thead><tr><th>Place</th><th>What</th><th>Value</th><th>Kind</th>"
            "<th>Period</th><th>Stated</th><th>Quote</th><th>Source</th></tr></thead><tbody>" + rows + "</tbody></table>")


def events_html(events: pd.DataFrame) -> str:
    """The province's policy documents and meetings as one paragraph, every value escaped."""
    items = "; ".join(f"{html.escape(e.date)}, {html.escape(e.region_en)}: {html.escape(e.title_en)} ({html.escape(e.source)})"
                      for e in events.itertuples())
    return f"<p><strong>Policy documents and meetings:</strong> {items}.</p>"


def coverage_table(as_of: str) -> pd.DataFrame:
    """For the index: how much the sources say about each province."""
    facts = datasets.load_facts(as_of=as_of)
    events = datasets.load_table("policy_events")
    events = events[events.date_by <= as_of]
    gdp = gdp_table().set_index("region_code")
    rows = []
    for r in mainland_provinces().itertuples():
        n_facts = int((facts.province_code == r.code).sum())
        n_events = int((events.province_code == r.code).sum())
        rows.append({"region_code": r.code, "region_en": r.name_en, "region_zh": r.name_zh,
                     "value": float(n_facts + n_events), "facts": n_facts, "events": n_events,
                     "gdp_label": format_value(gdp.at[r.code, "value"], "CNY") if r.code in gdp.index else "no data",
                     "period": f"stated by {as_of}", "source": "the five source articles"})
    return pd.DataFrame(rows)


def index_html(table: pd.DataFrame) -> str:
    rows = "".join(
        f"<tr><td><a href='{r.region_code}.html'>{html.escape(r.region_en)}</a></td><td lang='zh'>{html.escape(r.region_zh)}</td>"
        f"<td>{r.facts}</td><td>{r.events}</td><td>{html.escape(r.gdp_label)}</td></tr>"
        for r in table.sort_values("region_en").itertuples())
    return ("<table class='airace-catalogue'><thead><tr><th>Province</th><th>中文</th><th>Facts in the articles</th>"
            "<th>Policy events</th><th>GDP, 2024</th></tr></thead><tbody>" + rows + "</tbody></table>")
