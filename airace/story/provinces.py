"""The province pages and their index: one scorecard of the same fields for all 31 provinces,
then what the articles say, targets beside starting points, and neighbours on the same measures.

Every field has one value, made by one function here (`scorecard`), so a page cannot say two
things about one province: the vouchers line lists the voucher table's rows and the articles'
voucher figures together."""

from __future__ import annotations


import html

import altair as alt
import pandas as pd

from airace import datasets, reads
from airace.publication import readable_date
from airace.regions import mainland_provinces
from airace.story import charts, geometry, labels, measures, policy_race, tracker
from airace.story.capital import vague_amount
from airace.story.charts import ACCENT, MUTED, titled
from airace.story.page import Figure, Section
from airace.story.tables import WIDE, Table, folded
from airace.story.prose import describe_value, format_value

# The ranked measures on every page, in order.
RANKED = ("gdp", "gdp_per_person", "population", "rd_spending", "rd_intensity", "genai_filings",
          "genai_filings_per_10m", "pilot_zones")


def province_names(code: str) -> tuple[str, str]:
    regions = datasets.load_table("regions").set_index("code")
    if code not in regions.index or regions.at[code, "level"] != "province" or regions.at[code, "carries_data"] != "yes":
        raise ValueError(f"province must be a mainland provincial-level code from data/raw/regions.csv, got {code!r}")
    return regions.at[code, "name_en"], regions.at[code, "name_zh"]


def facts_in(code: str, as_of: str) -> pd.DataFrame:
    facts = datasets.load_facts(as_of=as_of)
    return facts[facts.province_code == code].reset_index(drop=True)


def events_in(code: str, as_of: str) -> pd.DataFrame:
    """The province's policy events, dated as the policy race dates them: an event whose source
    gives no date of its own shows "date not given (reported …)" (one rule, policy_race.policy_events)."""
    events = policy_race.policy_events(as_of)
    return events[events.province_code == code].reset_index(drop=True)


# ---------------------------------------------------------------------------------------------
# The scorecard

def ranks() -> pd.DataFrame:
    """All ranked measures, one row per province and measure: value, labels, rank, of, caveat."""
    # A page asks several times (scorecard, rank chart, neighbours): computed once per process
    # (a page's kernel, where the data cannot change), a copy each time.
    return _ranks().copy()


@reads.remembered
def _ranks() -> pd.DataFrame:
    frames = []
    for key in RANKED:
        table = measures.ranked(key)
        table["measure"] = key
        frames.append(table)
    return pd.concat(frames, ignore_index=True)


def ranked_fields(code: str) -> list[dict]:
    """The ranked part of the scorecard: one dict per measure, a gap where the table has none."""
    table = ranks()
    out = []
    for key in RANKED:
        measure = measures.MEASURES[key]
        row = table[(table.measure == key) & (table.region_code == code)]
        if row.empty:
            out.append({"key": key, "label": measure.label, "period": measure.period, "value": "not in the source",
                        "detail": "", "rank": "no rank", "caveat": "", "source": measure.source, "note": measure.note})
            continue
        r = row.iloc[0]
        detail = r.absolute_label if r.absolute_label != r.value_label else ""
        out.append({"key": key, "label": measure.label, "period": measure.period, "value": r.value_label,
                    "detail": detail, "rank": measures.rank_words(int(r["rank"]), int(r.of), bool(r.tied)),
                    "caveat": r.caveat, "source": measure.source, "note": measure.note})
    return out


def compute_hub(code: str) -> str:
    hubs = datasets.load_table("compute_hubs").set_index("region_code")
    n_hubs = int((hubs.loc[hubs.index.isin(mainland_provinces().code), "is_hub_province"] == "yes").sum())
    hub = hubs.loc[code]
    if hub.is_hub_province != "yes":
        return f"not one of the {n_hubs} provinces in a national computing hub"
    cluster = f", with the {hub.cluster_in_province}" if hub.cluster_in_province else ", no data-centre cluster in the province"
    return f"in the {hub.hub_name} national computing hub{cluster} (one of {n_hubs} hub provinces)"


def data_agency(code: str) -> str:
    bureaus = datasets.load_table("data_bureaus").set_index("region_code")
    agency = bureaus.at[code, "data_agency_name"] if code in bureaus.index else ""
    return agency or "the sources do not name it"


def data_exchanges(code: str) -> list[str]:
    exchanges = datasets.load_table("data_exchanges")
    local = exchanges[(exchanges.province_code == code) & ~exchanges.type.str.startswith("out-of-province")]
    # The lists name some exchanges twice, once with a gloss ("深圳数据交易所" and "深圳数据交易所
    # (operator 深圳数据交易有限公司)"): one body is listed once, in its fullest form.
    fullest: dict[str, str] = {}
    for name in local.name:
        key = name.split(" (")[0].strip()
        if len(name) > len(fullest.get(key, "")):
            fullest[key] = name
    return sorted(fullest.values())


def funds(code: str, as_of: str) -> list[str]:
    """AI funds the sources name for places in the province: the funds table and the articles."""
    table = datasets.load_table("funds")
    out = [f"{r.region_en}: {r.fund_name_en}" + (f", {format_value(float(r.value_cny), 'CNY')}" if r.value_cny else "")
           + (" (funds table, which flags it as only partly for AI: " + r.ai_specific.split("(", 1)[-1].rstrip(")") + ")"
              if r.ai_specific.startswith("partly") else " (funds table)")
           for r in table[table.province_code == code].itertuples()]
    facts = facts_in(code, as_of)
    facts = facts[facts.indicator.str.contains("fund_group_size|fund_ecosystem_size|subsidy_pool")]
    out += [f"{r.region_en}: {labels.indicator_words(r.indicator)}, {describe_value(r.value, r.unit, r.qualifier)}, "
            f"{labels.kind(r.kind).lower()} ({r.source})" for r in facts.itertuples()]
    # A fund the articles report being set up (a policy event) is a fund the sources name, even
    # without a size: the page must not say "none" above an event that names one.
    events = events_in(code, as_of)
    out += [f"{r.region_en}: {r.title_en} ({r.source})" for r in events[events.instrument == "fund"].itertuples()]
    return out


def vouchers(code: str, as_of: str) -> list[str]:
    """Vouchers the sources name for places in the province: the articles' voucher pools and the
    voucher table's rows in one list (a page never says 'none' beside a voucher it lists). A voucher
    both give appears once, with both sources, and with both amounts if they differ."""
    entries: dict[tuple, dict] = {}
    facts = facts_in(code, as_of)
    for r in facts[facts.indicator.str.endswith("_voucher_pool")].itertuples():
        kind = r.indicator.split("_")[0]
        every = " a year" if r.period == "annual" else ""
        entries[r.region_code, kind] = {
            "text": f"{r.region_en}: {labels.VOUCHER_KINDS.get(kind, kind)} voucher, "
                    f"{describe_value(r.value, r.unit, r.qualifier)}{every}, {labels.kind(r.kind).lower()}",
            "value": r.value, "sources": [r.source]}
    table = datasets.load_table("vouchers")
    for r in table[table.province_code == code].itertuples():
        english = r.voucher_type.split("(")[-1].rstrip(")").strip()
        kind = english.split()[0] if english in ("compute", "model", "corpus", "training compute") else english
        amount = float(r.value_cny) if r.value_cny else None
        if r.city and r.region_code == r.province_code:
            # A district's own scheme (Beijing E-Town's beside Beijing's) is a voucher of its own.
            entries[r.region_code, kind, r.city] = {
                "text": f"{r.region_en}, {r.city}: {labels.VOUCHER_KINDS.get(kind, english)} voucher"
                        + (f", {format_value(amount, 'CNY')}" if amount is not None else ""),
                "value": amount, "sources": ["voucher table"]}
            continue
        if (r.region_code, kind) in entries:
            entry = entries[r.region_code, kind]
            differs = amount is not None and (entry["value"] is None or abs(amount - entry["value"]) > 0.5)
            entry["sources"].append("voucher table" + (f": {format_value(amount, 'CNY')}" if differs else ""))
            continue
        words = (f"{labels.VOUCHER_KINDS[kind]} voucher" if kind in labels.VOUCHER_KINDS
                 else f"{r.voucher_type.split(' (')[0]} ({english})")
        entries[r.region_code, kind] = {
            "text": f"{r.region_en}: {words}" + (f", {format_value(amount, 'CNY')}" if amount is not None else ""),
            "value": amount, "sources": ["voucher table"]}
    return [f"{e['text']} ({'; '.join(e['sources'])})" for e in entries.values()]


def scorecard(code: str, as_of: str) -> dict:
    """Every field of a province page, once."""
    return {
        "ranked": ranked_fields(code),
        "compute_hub": compute_hub(code),
        "data_agency": data_agency(code),
        "data_exchanges": data_exchanges(code),
        "funds": funds(code, as_of),
        "vouchers": vouchers(code, as_of),
    }


def scorecard_html(card: dict) -> str:
    rows = []
    for field in card["ranked"]:
        notes = "; ".join(x for x in (field["detail"], field["caveat"].split(":")[0]) if x)
        rows.append([
            f"{html.escape(field['label'])}<br><span class='airace-period'>{html.escape(field['period'])}</span>",
            html.escape(field["value"]) + (f"<br><span class='airace-note'>{html.escape(notes)}</span>" if notes else ""),
            f"<span class='airace-nowrap'>{html.escape(field['rank'])}</span>"])
    return Table(["Measure", "Value", "Rank"], rows, layout=WIDE, row_headers=True,
                 caption="Rank 1 is the highest; ranks count only provinces with a value.").html()


def listed_fields_markdown(card: dict) -> str:
    def listing(items, none):
        return "; ".join(items) + "." if items else none

    lines = [
        f"**Computing-hub role**: {card['compute_hub']}.",
        f"**Provincial data agency**: {card['data_agency']}.",
        "**Data exchanges and platforms in the lists**: " + listing(card["data_exchanges"], "the lists name none."),
        "**AI funds named in the sources**: " + listing(card["funds"], "the sources name none."),
        "**Vouchers named in the sources**: " + listing(card["vouchers"], "the sources name none."),
    ]
    return "\n".join(f"- {line}" for line in lines)


def standfirst(code: str, as_of: str) -> str:
    name, _ = province_names(code)
    card = {f["key"]: f for f in ranked_fields(code)}
    facts, events = facts_in(code, as_of), events_in(code, as_of)
    told = (f"The five articles give no figures but {len(events)} policy "
            f"{'document or meeting' if len(events) == 1 else 'documents or meetings'} for it, stated by "
            f"{readable_date(as_of)}." if not len(facts) and len(events)
            else f"The five articles give {len(facts)} {'figure' if len(facts) == 1 else 'figures'} and "
            f"{len(events)} policy {'document or meeting' if len(events) == 1 else 'documents or meetings'} for it, "
            f"stated by {readable_date(as_of)}." if len(facts) or len(events)
            else f"The five articles give no figures for it by {readable_date(as_of)}: what follows comes from the statistics "
                 "and the province tables.")
    return (f"{name} ranks {card['gdp']['rank']} on GDP, {card['gdp_per_person']['rank']} on GDP per person, "
            f"{card['rd_intensity']['rank']} on R&D intensity and {card['genai_filings_per_10m']['rank']} on new "
            f"generative-AI filings per 10 million people. {told}")


# ---------------------------------------------------------------------------------------------
# What the articles say

def articles_paragraph(code: str, as_of: str) -> str:
    name, _ = province_names(code)
    facts, events = facts_in(code, as_of), events_in(code, as_of)
    if not len(facts) and not len(events):
        return (f"None of the five articles reports a figure or a policy document for {name} by {readable_date(as_of)}. "
                "The press coverage of the AI race follows a handful of provinces; the scorecard above, from "
                "the statistics and the province tables, is what the book can say about this one.")
    if not len(facts):
        # Guangxi and Fujian: a meeting or a plan, no figure; the page lists it, with no quote.
        return (f"The five articles report no figures for {name}, but "
                f"{len(events)} policy {'document or meeting' if len(events) == 1 else 'documents or meetings'}, "
                "listed below.")
    places = sorted(set(facts.region_en)) if len(facts) else []
    kinds = facts.kind.value_counts() if len(facts) else pd.Series(dtype=int)
    parts = [f"{labels.kind(k).lower()}: {n}" for k, n in kinds.items()]
    return (f"The five articles report {len(facts)} {'figure' if len(facts) == 1 else 'figures'} for {name}"
            + (f", about {', '.join(places[:-1]) + ' and ' + places[-1] if len(places) > 1 else places[0]}" if places else "")
            + (f" ({'; '.join(parts)})" if parts else "")
            + (f", and {len(events)} policy {'document or meeting' if len(events) == 1 else 'documents or meetings'}"
               if len(events) else "")
            + ". The table below lists each figure, with its quote where the copy read allows one"
            + ("; the policy documents and meetings follow it." if len(events) else "."))


# Zhipu is a Beijing firm: a round of its coded to another place is there because that place's
# state capital invested (China News Weekly: 杭州国资 … 投资方包括杭州城投产业基金、上城资本等).
ZHIPU_HOME = "110000"


def what_words(fact) -> str:
    """What a fact measures, as the facts table says it: a Zhipu round placed outside Beijing says
    why it is there, so it never reads as money the place raised."""
    words = labels.indicator_words(fact.indicator)
    if fact.indicator.startswith("zhipu_") and getattr(fact, "region_code", ZHIPU_HOME) != ZHIPU_HOME:
        words += f"; {fact.region_en} state capital among the investors"
    if getattr(fact, "fact_id", "") in labels.WIDER_BASES:
        words += f", as the article gives it: {labels.WIDER_BASES[fact.fact_id]}"
    if getattr(fact, "fact_id", "") in labels.SOURCE_ERRORS:
        words += f", {labels.SOURCE_ERRORS[fact.fact_id]}"
    return words


def quotes_note(facts: pd.DataFrame) -> str:
    """The note under the facts table, computed from it: a page without figures says nothing of
    quotes, a page whose figures are all unquoted says so, and the kinds named are those it has."""
    if not len(facts):
        return ""
    # Glued text is escaped (data never becomes markup), so the note names the method page in
    # words; the page links it in its prose above.
    method = "the method page"
    if (facts.quote_shown != "").any():
        quotes = ("Each quote above is the article's wording in simplified characters, with the pinyin glosses some "
                  "copies carry removed; a fact from a machine-reworded copy is not quoted unless the original wording "
                  f"was found, as {method} explains.")
    else:
        quotes = ("None of these figures is quoted: the copies read are machine-reworded and the original wording "
                  f"was not found, as {method} explains.")
    kinds = set(facts.kind)
    parts = (["targets are goals, not outcomes"] if "target" in kinds else []) + \
            (["caps are ceilings, not amounts paid"] if "cap" in kinds else [])
    what = "The kind column says what each figure is" + (": " + "; ".join(parts) if parts else "") + "."
    return f"{quotes} {what}"


def facts_html(facts: pd.DataFrame, name: str) -> str:
    """The articles' facts for one province as a table a reader can check, quote by quote, folded
    behind one line: the paragraph above summarises it."""
    rows = [[html.escape(r.region_en), html.escape(what_words(r)),
             html.escape(vague_amount(r.value_as_written) or describe_value(r.value, r.unit, r.qualifier)),
             html.escape(labels.kind(r.kind)),
             html.escape(labels.period(r.period)), html.escape(r.stated),
             f"<span lang='zh'>“{html.escape(r.quote_shown)}”</span>" if r.quote_shown
             else "(not quoted: the copy read is machine-reworded)",
             html.escape(r.source)]
            for r in facts.sort_values(["chapter", "region_en", "indicator"]).itertuples()]
    table = Table(["Place", "What", "Value", "Kind", "Period", "Stated", "Quote", "Source"], rows,
                  caption=f"Every figure the articles give for {name}", css="airace-facts")
    n = len(rows)
    return folded(f"Show {'the figure' if n == 1 else f'all {n} figures'}, with quotes and sources", table.html())


def events_html(events: pd.DataFrame) -> str:
    """The province's policy documents and meetings, one to a line, every value escaped."""
    items = "".join(f"<li>{html.escape(e.date_shown)}, {html.escape(e.region_en)}: {html.escape(e.title_en)} "
                    f"({html.escape(e.source)})</li>" for e in events.itertuples())
    return f"<p><strong>Policy documents and meetings:</strong></p><ul class='airace-events'>{items}</ul>"


def targets_beside_starting_points(code: str, as_of: str) -> pd.DataFrame:
    """Each target the articles report for the province, beside its starting point and the latest
    later figure, with what came of it by `as_of` (airace/story/tracker.py: one home for both)."""
    table = tracker.tracker(as_of)
    table = table[table.province_code == code]
    out = pd.DataFrame({
        "place": table.region_en, "measure": table.measure, "target": table.target, "by": table.period,
        "due": table.due, "starting_point": table.starting_point, "latest": table.latest,
        "status": table.status, "status_words": table.symbol + " " + table.status_label, "source": table.source,
    })
    return out.sort_values(["due", "place"], kind="stable").reset_index(drop=True)


def targets_html(table: pd.DataFrame) -> str:
    rows = [[html.escape(r.place), html.escape(r.measure), html.escape(r.target), html.escape(r.by),
             html.escape(r.starting_point), html.escape(r.latest), html.escape(r.status_words), html.escape(r.source)]
            for r in table.itertuples()]
    return Table(["Place", "Measure", "Target", "By", "Starting point", "Latest figure", "Status", "Source"], rows,
                 css="airace-facts airace-targets").html()


# Dated goals with no number, which the tracker cannot follow, by policy event: what the article
# says the document aims at, and by when. Beijing's compute plan (editorial feature): 到2025年基本建成
# 智算资源供给集群化、智算设施建设自主化等格局.
GOALS_WITHOUT_NUMBER = {
    "EV-005": ("2025", "broadly built a set-up in which intelligent compute is supplied from clusters and "
                       "intelligent-computing facilities are built self-reliantly"),
}


def goals_without_number(code: str, as_of: str) -> list[str]:
    events = events_in(code, as_of)
    return [f"the {r.title_en} ({r.source}) aims by {GOALS_WITHOUT_NUMBER[r.event_id][0]} to have "
            f"{GOALS_WITHOUT_NUMBER[r.event_id][1]}" for r in events.itertuples() if r.event_id in GOALS_WITHOUT_NUMBER]


def targets_paragraph(code: str, table: pd.DataFrame, as_of: str) -> str:
    name, _ = province_names(code)
    goals = goals_without_number(code, as_of)
    if table.empty and goals:
        return (f"The articles report no numeric target for {name}. They report "
                f"{'one dated goal' if len(goals) == 1 else f'{len(goals)} dated goals'} without a number, so not among "
                f"the targets the chapter Did they deliver? follows: {'; '.join(goals)}.")
    if table.empty:
        return f"The articles report no targets for {name}."
    due = table[(table.due != "") & (table.due <= as_of)]
    met = int(due.status.isin(["met", "met_early"]).sum())
    not_met = int((due.status == "not_met").sum())
    silent = int((due.status == "due_no_outcome").sum())
    unrated = len(due) - met - not_met - silent
    told = (f"{len(due)} had fallen due by {readable_date(as_of)}: {met} met, {not_met} not met, {silent} with no outcome reported"
            + (f", {unrated} that cannot be rated" if unrated else "") + "." if len(due)
            else f"None had fallen due by {readable_date(as_of)}.")
    return (f"The articles report {len(table)} {'target' if len(table) == 1 else 'targets'} for places in {name}. "
            f"{told} Targets are goals, not outcomes; the chapter Did they deliver? follows every one.")


# ---------------------------------------------------------------------------------------------
# Neighbours and peers

def peers(code: str) -> tuple[list[str], str]:
    """The provinces that share a border with this one; for an island (Hainan), the provinces
    ranked just above and below it on GDP."""
    mainland = set(mainland_provinces().code)
    near = [c for c in geometry.neighbours(code) if c in mainland]
    if near:
        return near, "provinces that share a border with it"
    gdp = measures.ranked("gdp").sort_values("rank").reset_index(drop=True)
    at = int(gdp.index[gdp.region_code == code][0])
    return list(gdp.region_code.iloc[max(0, at - 2): at + 3].drop(at, errors="ignore")), \
        "provinces ranked just above and below it on GDP (it borders no other province)"


PEER_MEASURES = ("gdp_per_person", "rd_intensity", "genai_filings_per_10m", "pilot_zones")


def peers_table(code: str) -> tuple[pd.DataFrame, str]:
    """The province and its neighbours (or peers) on four measures: value and rank of 31."""
    near, why = peers(code)
    table = ranks()
    rows = []
    for place in [code] + near:
        row = {"region_code": place, "province": table[table.region_code == place].region_en.iloc[0]}
        for key in PEER_MEASURES:
            cell = table[(table.region_code == place) & (table.measure == key)]
            if cell.empty:
                row[key] = ("not in the source", "")
                continue
            c = cell.iloc[0]
            value = f"{c.value:.1f}" if key == "genai_filings_per_10m" else c.value_label
            rank = measures.rank_words(int(c["rank"]), int(c.of), bool(c.tied))
            row[key] = (value + (f" ({c.caveat.split(':')[0]})" if c.caveat else ""), rank)
        rows.append(row)
    return pd.DataFrame(rows), why


PEER_HEADERS = {"gdp_per_person": "GDP per person", "rd_intensity": "R&D intensity",
                "genai_filings_per_10m": "New AI filings per 10m people", "pilot_zones": "Pilot zones"}


def peers_html(table: pd.DataFrame) -> str:
    rows = [[html.escape(r["province"]) if i == 0 else f"<a href='{r['region_code']}.html'>{html.escape(r['province'])}</a>"]
            + [f"{html.escape(r[k][0])}<br><span class='airace-note'>{html.escape(r[k][1])}</span>" for k in PEER_MEASURES]
            for i, (_, r) in enumerate(table.iterrows())]
    return Table(["Province"] + [PEER_HEADERS[k] for k in PEER_MEASURES], rows, layout=WIDE, row_headers=True,
                 css="airace-scorecard").html()


# ---------------------------------------------------------------------------------------------
# The index

def index_table(as_of: str) -> pd.DataFrame:
    """One row per province: its rank on every ranked measure and how much the articles say."""
    facts = datasets.load_facts(as_of=as_of)
    table = ranks()
    targets = tracker.tracker(as_of, facts)
    due = targets[(targets.due != "") & (targets.due <= as_of)]
    events = datasets.load_table("policy_events")
    events = events[events.date_by <= as_of]
    rows = []
    for r in mainland_provinces().itertuples():
        own = due[due.province_code == r.code]
        row = {"region_code": r.code, "region_en": r.name_en, "region_zh": r.name_zh,
               "facts": int((facts.province_code == r.code).sum()),
               "events": int((events.province_code == r.code).sum()),
               "targets": int((targets.province_code == r.code).sum()), "targets_due": len(own),
               "targets_met": int(own.status.isin(["met", "met_early"]).sum())}
        for key in RANKED:
            cell = table[(table.region_code == r.code) & (table.measure == key)]
            row[key] = int(cell["rank"].iloc[0]) if len(cell) else None
        rows.append(row)
    return pd.DataFrame(rows)


INDEX_COLUMNS = {"gdp": "GDP", "gdp_per_person": "GDP per person", "rd_intensity": "R&D intensity",
                 "genai_filings": "New AI filings", "genai_filings_per_10m": "New AI filings per 10m people",
                 "pilot_zones": "Pilot zones"}


def index_html(table: pd.DataFrame) -> str:
    rows = [[f"<a href='{r.region_code}.html'>{html.escape(r.region_en)}</a> <span lang='zh'>{html.escape(r.region_zh)}</span>"]
            + ["no value" if pd.isna(getattr(r, k)) else str(int(getattr(r, k))) for k in INDEX_COLUMNS]
            + [str(r.facts), str(r.targets), str(r.targets_due), str(r.targets_met)]
            for r in table.sort_values("genai_filings_per_10m").itertuples()]
    return Table(["Province", *INDEX_COLUMNS.values(), "Figures in the articles", "Targets", "Targets due", "Targets met"],
                 rows, layout=WIDE, row_headers=True, css="airace-catalogue airace-ranks",
                 caption="Rank among the 31 provinces on each measure (1 = highest); sorted by new generative-AI "
                         "filings per 10 million people.").html()


def rank_chart(code: str):
    """Where the province ranks on each measure: one row per measure, every province a grey dot
    at its rank, this one in the accent colour."""

    name, _ = province_names(code)
    table = ranks()
    table["label"] = [measures.MEASURES[k].short for k in table.measure]
    table["is_this"] = table.region_code == code
    table["rank_label"] = [measures.rank_words(int(r), int(o), bool(t)) for r, o, t in zip(table["rank"], table.of, table.tied)]
    data = table[["region_en", "label", "rank", "rank_label", "value_label", "caveat", "is_this"]]
    order = [measures.MEASURES[k].short for k in RANKED]
    base = alt.Chart(data).encode(
        x=alt.X("rank:Q", title="Rank of 31 (1 = highest)", scale=alt.Scale(domain=[1, 31]),
                axis=alt.Axis(values=[1, 5, 10, 15, 20, 25, 31])),
        y=alt.Y("label:N", sort=order, title=None, axis=alt.Axis(labelLimit=150)),
        tooltip=[alt.Tooltip("region_en:N", title="Province"), alt.Tooltip("label:N", title="Measure"),
                 alt.Tooltip("value_label:N", title="Value"), alt.Tooltip("rank_label:N", title="Rank"),
                 alt.Tooltip("caveat:N", title="Caveat")])
    others = base.transform_filter("!datum.is_this").mark_circle(size=40, color=MUTED, opacity=0.35)
    this = base.transform_filter("datum.is_this").mark_circle(size=160, color=ACCENT, opacity=1, stroke="white")
    return alt.layer(others, this).properties(
        width=170, height=28 * len(RANKED),
        title=titled(f"Where {name} ranks", f"Each dot is a province; {name} in orange. All 31 provinces have "
                                            "a value on every measure shown.", width=44))


# ---------------------------------------------------------------------------------------------
# What the notebooks call: one Section per part of a page

RANKS_SOURCE = "NBS yearbook 2025 and 2023 R&D bulletin; The China AI Registry; pilot-zone lists"


def heading(code: str, as_of: str) -> Section:
    """The page's title and standfirst."""
    name, name_zh = province_names(code)
    return Section({"title": f"{name} ({name_zh})", "name": name, "filing_range": measures.filing_range(),
                    "standfirst": standfirst(code, as_of)})


def scorecard_section(code: str, as_of: str) -> Section:
    """The scorecard table, and the fields listed under the rank chart."""
    card = scorecard(code, as_of)
    return Section({"listed_fields": listed_fields_markdown(card)}, tables=[scorecard_html(card)])


def rank_figure(code: str) -> Section:
    name, _ = province_names(code)
    table = ranks()
    fields = ranked_fields(code)
    description = (f"Dot chart of {name}'s rank among the 31 provinces on each measure: "
                   + "; ".join(f"{f['label']} {f['rank']}" for f in fields) + ".")
    return Section(figures=[Figure(rank_chart(code), "ranks", table[table.region_code == code], RANKS_SOURCE,
                                   description)])


def places_in(code: str, as_of: str) -> pd.DataFrame:
    """The places below the province that the articles give figures for, with how many."""
    facts = facts_in(code, as_of)
    places = facts.groupby(["region_code", "region_en"]).agg(value=("fact_id", "count")).reset_index()
    places = places[places.region_code != code].reset_index(drop=True)
    places["label"] = [f"{n} figure" if n == 1 else f"{n} figures" for n in places.value.astype(int)]
    places["period"] = f"stated by {readable_date(as_of)}"
    places["source"] = "the five source articles"
    return places


def articles(code: str, as_of: str) -> Section:
    """What the five articles say: a paragraph, a map of the places they name, and every fact and
    policy document in tables."""
    name, _ = province_names(code)
    facts, events = facts_in(code, as_of), events_in(code, as_of)
    places = places_in(code, as_of)
    figures = []
    if len(places):
        chart = charts.city_symbol_map(
            places, unit="figures", size_title="Figures in the articles", highlight=code, zoom=code,
            title=f"The articles report figures for {len(places)} {'place' if len(places) == 1 else 'places'} in {name}",
            subtitle="Circle area: how many figures the facts ledger holds for each city or district")
        figures.append(Figure(chart, "places_map", places, "the five source articles (facts ledger)",
                              f"Map of the places in {name} named in the articles: "
                              + "; ".join(f"{r.region_en}: {r.label}" for r in places.itertuples()) + "."))
    tables = ([facts_html(facts, name)] if len(facts) else []) + ([events_html(events)] if len(events) else [])
    return Section({"articles_paragraph": articles_paragraph(code, as_of), "quotes_note": quotes_note(facts)},
                   figures, tables=tables)


def targets(code: str, as_of: str) -> Section:
    table = targets_beside_starting_points(code, as_of)
    return Section({"targets_paragraph": targets_paragraph(code, table, as_of)},
                   tables=[targets_html(table)] if len(table) else [])


def neighbours(code: str) -> Section:
    table, why = peers_table(code)
    return Section({"peers_why": why}, tables=[peers_html(table)])


def index_map() -> Section:
    """The index page's map: new filings per person, with the three highest named in the prose."""
    per_person = measures.ranked("genai_filings_per_10m")
    top = per_person.sort_values("rank").head(3)
    return Section({"top_filers": "; ".join(f"{r.region_en}, {r.value_label}" for r in top.itertuples())},
                   [measures.filings_per_person_figure("filings_per_person_map")])


def index(as_of: str) -> Section:
    """Every province with its ranks, linked to its page."""
    table = index_table(as_of)
    summary = (f"{int(table.targets.sum())} targets in {int((table.targets > 0).sum())} provinces, "
               f"{int(table.targets_due.sum())} due, {int(table.targets_met.sum())} met")
    # A province the articles mention only by a meeting or a plan (Guangxi, Fujian) is reported on.
    named = int(((table.facts > 0) | (table.events > 0)).sum())
    return Section({"n_named": f"{named} of {len(table)}", "targets_summary": summary},
                   tables=[index_html(table)])
