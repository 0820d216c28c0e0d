"""The chapter "Did they deliver?": every target the sources report, with what later reports said of
it on the book's date (airace/story/tracker.py computes each status), a scoreboard, a table of
every target, a timeline of due dates and the share of each target reached where a figure says."""

from __future__ import annotations

import html

import altair as alt
import pandas as pd

from airace import datasets, regions
from airace.publication import readable_date
from airace.story import charts, labels, page, tracker
from airace.story.page import Figure, Section
from airace.story.prose import describe_value
from airace.story.tables import Table

# Okabe-Ito colours, safe for colour-blind readers; every status also carries a word and a symbol.
STATUS_COLOURS = {
    "met": "#009E73", "met_early": "#009E73", "not_met": "#D55E00", "progress": "#56B4E9",
    "due_no_outcome": "#E69F00", "not_yet_due": "#999999", "cant_rate": "#616e7c", "superseded": "#CC79A7",
}


def key_findings(table: pd.DataFrame, as_of: str) -> Section:
    n = tracker.counts(table)
    findings = []
    if len(table):
        findings.append(tracker.scoreboard(table, as_of))
        met = table[table.status.isin(["met", "met_early"])]
        for r in met.itertuples():
            findings.append(f"Met: {r.region_en}, {r.measure}, target {r.target} by {r.period}; later figure "
                            f"{r.latest}; source: {r.figure_citation}.")
        silent = table[table.status == "due_no_outcome"]
        if len(silent):
            places = sorted(set(silent.region_en))
            findings.append(f"{len(silent)} targets that fell due have no reported outcome in the later reports read for "
                            f"this book: in {', '.join(places)}.")
        if n["not_yet_due"] + n["progress"]:
            findings.append(f"{n['not_yet_due'] + n['progress']} targets are not yet due; the latest fall due in "
                            f"{max(d for d in table.due if d)[:4]}.")
    return page.key_findings(findings, f"No target had been set by {as_of}.")


def targets_table(table: pd.DataFrame) -> Section:
    """Every target as a table a reader can check: place, measure, target, due, starting point,
    latest figure, status in words with its symbol, source."""
    rows = [[html.escape(r.region_en), html.escape(r.measure), html.escape(r.target), html.escape(r.due or "no date"),
             html.escape(r.starting_point), html.escape(r.latest),
             f"<span class='airace-status airace-status-{html.escape(r.status)}'><span aria-hidden='true'>"
             f"{html.escape(r.symbol)}</span> {html.escape(r.status_label)}"
             + (f" ({html.escape(r.share_label)} of target)" if r.share_label else "")
             + f"</span><br><span class='airace-note'>{html.escape(r.reason)}</span>",
             html.escape(r.source) + (f"; later: {html.escape(r.figure_source)}" if r.figure_source else "")]
            for r in table.itertuples()]
    return Section({"n_targets": str(len(table))}, tables=[Table(
        ["Place", "Measure", "Target", "Due", "Starting point", "Latest figure", "Status", "Sources"], rows,
        css="airace-facts airace-tracker", caption="Every target the articles report, with what came of it").html()])


def _status_scale(codes) -> alt.Scale:
    present = [c for c in tracker.STATUSES if c in set(codes)]
    return alt.Scale(domain=[labels.status(c) for c in present], range=[STATUS_COLOURS[c] for c in present])


def due_timeline(table: pd.DataFrame, as_of: str) -> Section:
    """When each target falls due, and what came of it."""
    dated = table[table.due != ""].copy()
    undated = len(table) - len(dated)
    if not len(dated):
        return Section({"n_undated": str(undated)}, note="No target with a due date had been set by this date.")
    dated["label"] = dated.region_en + ": " + dated.measure
    dated["status_words"] = dated.symbol + " " + dated.status_label
    due_by_now = int((dated.due <= as_of).sum())
    scale = _status_scale(dated.status)
    chart = alt.Chart(dated).mark_point(filled=True, size=120, opacity=1).encode(
        x=alt.X("due_year:O", title="Due at the end of", axis=alt.Axis(labelAngle=0)),
        y=alt.Y("label:N", title=None, sort=alt.EncodingSortField("due"), axis=alt.Axis(labelLimit=230)),
        color=alt.Color("status_label:N", title="Status", scale=scale, legend=alt.Legend(orient="bottom", columns=1, labelLimit=320)),
        shape=alt.Shape("status_label:N", title="Status", scale=alt.Scale(domain=scale.domain)),
        tooltip=[alt.Tooltip("region_en:N", title="Place"), alt.Tooltip("measure:N", title="Measure"),
                 alt.Tooltip("target:N", title="Target"), alt.Tooltip("due:N", title="Due"),
                 alt.Tooltip("status_words:N", title="Status"), alt.Tooltip("latest:N", title="Latest figure")],
    ).properties(
        width=160, height=34 * len(dated),
        title=charts.titled(f"{due_by_now} of the {len(dated)} dated targets had fallen due by {as_of}",
                            f"Each target by the year it falls due, coloured and shaped by what came of it on {as_of}. "
                            f"{undated} targets with no due date are not drawn."))
    description = ("Timeline of targets by due date: " + "; ".join(
        f"{r.region_en}, {r.measure}, due {r.due}: {r.status_label}" for r in dated.itertuples()) + ".")
    data = dated[["fact_id", "region_en", "measure", "target", "due", "status_label", "latest", "source"]]
    return Section({"n_undated": str(undated), "n_due": str(due_by_now)},
                   [Figure(chart, "due_timeline", data, datasets.cite(_sources(table)), description)])


def share_reached(table: pd.DataFrame) -> Section:
    """Where a later figure rates a target: the share of the target reached, by place and due year."""
    rated = table[table.share.notna()].copy()
    if not len(rated):
        return Section({"n_rated": "none"}, note="No later figure rates a target by this date.")
    rated["label"] = rated.region_en + ": " + rated.measure + " (" + rated.due_year + ")"
    rated["percent"] = 100 * rated.share
    bars = alt.Chart(rated).mark_bar().encode(
        y=alt.Y("label:N", title=None, axis=alt.Axis(labelLimit=200)),
        x=alt.X("percent:Q", title="Share of target reached (%)", scale=alt.Scale(domain=[0, max(120, rated.percent.max())])),
        color=alt.Color("status_label:N", title="Status", scale=_status_scale(rated.status),
                        legend=alt.Legend(orient="bottom", labelLimit=320)),
        tooltip=[alt.Tooltip("label:N", title="Target"), alt.Tooltip("target:N", title="Target"),
                 alt.Tooltip("latest:N", title="Later figure"), alt.Tooltip("share_label:N", title="Share reached"),
                 alt.Tooltip("status_label:N", title="Status")])
    full = alt.Chart(pd.DataFrame({"percent": [100]})).mark_rule(color=charts.INK).encode(x="percent:Q")
    chart = alt.layer(bars, full).properties(
        width=320, height=max(60, 30 * len(rated)),
        title=charts.titled(f"{len(rated)} of {len(table)} targets " + ("has a later figure that rates it" if len(rated) == 1
                            else "have a later figure that rates them"),
                            "Share of each target reached by the latest figure on its own measure; the line is 100%"))
    description = ("Bar chart of the share of target reached: " + "; ".join(
        f"{r.label} {r.share_label}, {r.status_label}" for r in rated.itertuples()) + ".")
    data = rated[["fact_id", "region_en", "measure", "target", "due", "latest", "share_label", "status_label"]]
    return Section({"n_rated": str(len(rated))}, [Figure(chart, "share_reached", data, datasets.cite(_sources(table)),
                                                          description)])


def _sources(table: pd.DataFrame) -> list[str]:
    """The articles that set the targets, then the later reports that decide a status."""
    facts = datasets.load_table("facts").set_index("fact_id")
    return sorted({facts.at[f, "source_id"] for f in table.fact_id}) + sorted({s for s in table.figure_source_id if s})


def new_targets(as_of: str) -> Section:
    """Targets set after the articles, from the later reports (some by places that set none in the articles)."""
    outcomes = tracker.load_outcomes()
    rows = outcomes[(outcomes.relation == "new_target") & (outcomes.stated_by <= as_of)].sort_values(["region_en", "period"])
    items = "".join(
        f"<li>{html.escape(r.region_en)}: {html.escape(labels.indicator_words(r.indicator))}, "
        f"{html.escape(describe_value(r.value, r.unit, r.qualifier))} {html.escape(labels.by_period(r.period))} "
        f"(set {html.escape(r.stated)}; {html.escape(r.source)})</li>" for r in rows.itertuples())
    return Section({"n_new_targets": str(len(rows))}, tables=[f"<ul class='airace-new-targets'>{items}</ul>"] if len(rows) else [])


def by_province(table: pd.DataFrame, highlight: str) -> Section:
    """Where the targets were set, by province, and what came of the highlighted province's."""
    provinces = regions.mainland_provinces()
    counted = table.groupby("province_code").size()
    due = table[table.status.isin(tracker.DUE) | ((table.status == "cant_rate") & (table.due != ""))]
    rows = pd.DataFrame({"region_code": provinces.code, "region_en": provinces.name_en,
                         "count": [int(counted.get(c, 0)) for c in provinces.code],
                         "due": [int((due.province_code == c).sum()) for c in provinces.code]})
    rows["value"], classes = charts.count_classes(rows["count"])
    rows["period"], rows["source"] = "targets the five articles report", "facts ledger"
    with_targets = rows[rows["count"] > 0]
    chart = charts.province_choropleth(
        rows, unit="", legend_title="Targets the articles report", categories=classes, ordered=True, highlight=highlight,
        title=f"The articles report targets in {len(with_targets)} of 31 provinces",
        subtitle="Number of targets set by the province or its cities and districts, as the five articles report them")
    description = ("Choropleth of China's provinces by number of targets the articles report: "
                   + "; ".join(f"{r.region_en} {r.count}" for r in with_targets.itertuples()) + "; the rest none.")
    return Section({"highlight_paragraph": highlight_paragraph(table, highlight), "target_provinces": str(len(with_targets))},
                   [Figure(chart, "targets_map", rows, "the five source articles (facts ledger)", description)])


def highlight_paragraph(table: pd.DataFrame, highlight: str) -> str:
    place = regions.load_regions().set_index("code").loc[highlight]
    own = table[table.province_code == highlight]
    name = f"{place.name_en} ({place.name_zh})"
    if not len(own):
        return f"The articles report no targets for {name}."
    parts = [f"{n} {labels.status(code).lower()}" for code, n in own.status.value_counts().items()]
    return (f"The articles report {len(own)} {'target' if len(own) == 1 else 'targets'} for places in {name}: "
            + "; ".join(parts) + ".")


def status_overview(table: pd.DataFrame, as_of: str) -> Section:
    """How many targets have each status on the date: one bar per status, the count written on it.
    The title states the finding when there is one and falls back to a plain count."""
    n = tracker.counts(table)
    present = [c for c in tracker.STATUSES if n[c]]
    if not present:
        return Section(note=f"The sources had reported no target by {readable_date(as_of)}.")
    rows = pd.DataFrame({"status": present, "count": [n[c] for c in present]})
    rows["label"] = [f"{labels.STATUS_SYMBOLS[c]} {labels.status(c)}" for c in present]
    met = n["met"] + n["met_early"]
    due = int(tracker.fell_due(table, as_of).sum())
    if due and n["due_no_outcome"] > met + n["not_met"]:
        title = (f"For {n['due_no_outcome']} of the {due} targets that fell due by {readable_date(as_of)}, "
                 "no outcome has been reported")
    elif due:
        title = f"{met} of the {due} targets that fell due by {readable_date(as_of)} were reported met"
    else:
        title = f"None of the {len(table)} targets had fallen due by {readable_date(as_of)}"
    scale = alt.Scale(domain=list(rows.label), range=[STATUS_COLOURS[c] for c in present])
    base = alt.Chart(rows).encode(
        y=alt.Y("label:N", title=None, sort=list(rows.label), axis=alt.Axis(labelLimit=220)),
        x=alt.X("count:Q", title="Targets", axis=alt.Axis(tickMinStep=1, format="d")),
        tooltip=[alt.Tooltip("label:N", title="Status"), alt.Tooltip("count:Q", title="Targets")])
    bars = base.mark_bar().encode(color=alt.Color("label:N", scale=scale, legend=None))
    counts = base.mark_text(align="left", dx=4, color=charts.INK).encode(text="count:Q")
    chart = alt.layer(bars, counts).properties(
        width=260, height=26 * len(rows),
        title=charts.titled(title, f"Status of the {len(table)} targets in the five articles on {readable_date(as_of)}, "
                                   "from the later reports read for this book"))
    description = (f"Bar chart of the {len(table)} targets by status on {as_of}: "
                   + "; ".join(f"{labels.status(c)} {n[c]}" for c in present) + ".")
    data = rows[["status", "label", "count"]].rename(columns={"label": "status_in_words"})
    return Section({"scoreboard": tracker.scoreboard(table, as_of)},
                   [Figure(chart, "status_overview", data, datasets.cite(_sources(table)), description)])
