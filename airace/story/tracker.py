"""Did they deliver? The status of every target in the facts ledger on a date, computed from the
target (value, qualifier, due date) and the later figures of the follow-up ledger published by then.
Nothing here is typed by hand: change the date and every status rewinds with it.

The rules, which the method page states in words:
- Due date. A target for a year is due at the end of that year; for a span (2024/2026), at the end of
  its last year; for a month or a day, at its end. A yearly target ("each year") is rated on its
  first year, the year it was set. A target with no period has no due date and cannot be rated.
- Which figures count. Only figures published on or before the date, and after the target was set,
  that measure what the target measures (`same_measure` yes). The latest published counts. An
  estimate never rates a target; a restatement is not an outcome.
- Met. A figure for the target's own period reaches the target: "more than X" needs more than X (a
  figure "more than X" does); "at least X" and a plain X need X or more; "about X" needs at least
  95% of X. A figure for an earlier period that already reaches it: met early.
- Not met. A figure for the target's own period below it; the share reached is figure / target.
- Progress reported. Not yet due, with a figure for part of the way: the share reached so far.
- Can't rate. The target has no number or no due date, or the only later figures for its period
  measure something else (a growth rate against a level, "AI industry" against "AI core industry").
- Superseded. A later target of the same place, published by the date, replaces it (its
  `supersedes` names the ledger target; `follows` only links a target that sets a further horizon).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

import pandas as pd

from airace import datasets, reads
from airace.publication import readable_date
from airace.story import labels
from airace.story.page import Section
from airace.story.prose import bullet_list, describe_value, format_value, join_names

# An "about X" target counts as met at 95% of X: the sources' "about" (左右, 近) rounds to the
# nearest round number, and 5% is the widest rounding of the targets in the ledger (约30 of 28.5).
ABOUT_TOLERANCE = 0.05

STATUSES = ("met", "met_early", "not_met", "progress", "due_no_outcome", "not_yet_due", "cant_rate", "superseded")
DUE = ("met", "met_early", "not_met", "due_no_outcome")   # rated or awaiting a rating: the target fell due


@dataclass(frozen=True)
class Status:
    code: str                 # one of STATUSES
    due: str                  # ISO date the target falls due, or "" for none
    share: float | None       # figure / target, where a figure rates it
    figure: dict | None       # the follow-up row that decides it, if any
    reason: str               # why, in words, for the table and the tests


def period_end(period: str) -> date | None:
    """The last day a period covers: '2025' -> 2025-12-31, '2024/2026' -> 2026-12-31, '2025-06' ->
    2025-06-30; None for 'not_stated' and 'annual'."""
    if period in ("not_stated", "annual", ""):
        return None
    last = period.split("/")[-1]
    parts = [int(p) for p in last.split("-")]
    if len(parts) == 1:
        return date(parts[0], 12, 31)
    if len(parts) == 2:
        return date(parts[0], parts[1], calendar.monthrange(parts[0], parts[1])[1])
    return date(*parts)


def due_date(target: dict) -> date | None:
    if target["period"] == "annual":
        return date(int(str(target["stated"])[:4]), 12, 31)   # rated on its first year
    return period_end(str(target["period"]))


def reaches(value: float, qualifier: str, target_value: float, target_qualifier: str) -> bool:
    """Whether a figure (value and its hedge) reaches a target, by the target's qualifier."""
    if qualifier in ("less_than", "up_to"):       # "fewer than X" says only that it is below X
        return False
    if target_qualifier == "more_than":
        return value > target_value or (value == target_value and qualifier == "more_than")
    if target_qualifier == "about":
        return value >= (1 - ABOUT_TOLERANCE) * target_value
    return value >= target_value                  # exact, at_least


def figures_for(target: dict, outcomes: pd.DataFrame, as_of: str) -> pd.DataFrame:
    """The follow-up rows that answer this target, published by `as_of`, latest first."""
    rows = outcomes[(outcomes.answers == target["fact_id"]) & (outcomes.stated_by <= as_of)]
    return rows.sort_values("stated_by", ascending=False, kind="stable")


def status(target: dict, outcomes: pd.DataFrame, as_of: str) -> Status:
    """The status of one ledger target on `as_of` (ISO date), from the follow-up rows."""
    due = due_date(target)
    due_text = due.isoformat() if due else ""
    later = outcomes[(outcomes.relation == "new_target") & (outcomes.supersedes == target["fact_id"])
                     & (outcomes.stated_by <= as_of)]
    if len(later):
        row = later.iloc[0].to_dict()
        return Status("superseded", due_text, None, row, f"replaced by a later target ({row['outcome_id']})")
    if due is None or pd.isna(target["value"]):
        return Status("cant_rate", "", None, None, "the target has no due date" if due is None else "the target has no number")
    rows = figures_for(target, outcomes, as_of)
    same = rows[(rows.same_measure == "yes") & rows.relation.isin(["outcome", "progress"])]
    target_value, target_qualifier = float(target["value"]), target["qualifier"]

    def rated(row) -> tuple[bool, float]:
        value = float(row["value"])
        return reaches(value, row["qualifier"], target_value, target_qualifier), value / target_value

    # A figure for a period that ends before the due date and already reaches the target.
    for row in same.to_dict("records"):
        end = period_end(row["period"])
        if end and end < due:
            ok, share = rated(row)
            if ok:
                return Status("met_early", due_text, share, row, f"reached by {row['period']}")
    if due.isoformat() > as_of:
        if len(same):
            row = same.iloc[0].to_dict()
            return Status("progress", due_text, rated(row)[1], row, f"{row['period']}, stated {row['stated']}")
        return Status("not_yet_due", due_text, None, None, f"due {due_text}")
    final = [r for r in same.to_dict("records") if period_end(r["period"]) == due]
    if final:
        row = final[0]
        ok, share = rated(row)
        return Status("met" if ok else "not_met", due_text, share, row, f"{row['period']}, stated {row['stated']}")
    unlike = rows[(rows.same_measure == "no") & (rows.relation == "outcome")]
    if len(unlike):
        row = unlike.iloc[0].to_dict()
        return Status("cant_rate", due_text, None, row,
                      f"the later figure measures something else ({labels.indicator_words(row['indicator'])})")
    return Status("due_no_outcome", due_text, None, None, f"due {due_text}; no outcome found in later reports")


# ---------------------------------------------------------------------------------------------
# Every target, in one table

def load_outcomes() -> pd.DataFrame:
    outcomes = datasets.load_table("outcomes")
    outcomes["value"] = outcomes.value.astype(float)
    return outcomes


def tracker(as_of: str, facts: pd.DataFrame | None = None, outcomes: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per target the ledger holds by `as_of`: place, measure, target, due date, starting
    point, latest figure, status (code, words, symbol), share reached and sources."""
    if facts is None and outcomes is None:
        # From the data as loaded: computed once per process (a profile page asks for it, and the
        # build computes it once for all the pages it runs ahead), a copy each time.
        return _tracker_of_the_data(as_of).copy()
    return _tracker(as_of, facts, outcomes)


@reads.remembered
def _tracker_of_the_data(as_of: str) -> pd.DataFrame:
    return _tracker(as_of)


def _tracker(as_of: str, facts: pd.DataFrame | None = None, outcomes: pd.DataFrame | None = None) -> pd.DataFrame:
    facts = datasets.load_facts(as_of=as_of) if facts is None else facts
    outcomes = load_outcomes() if outcomes is None else outcomes
    targets = facts[facts.kind == "target"]
    rows = []
    for target in targets.to_dict("records"):
        result = status(target, outcomes, as_of)
        figure = result.figure
        rows.append({
            "fact_id": target["fact_id"], "region_code": target["region_code"], "region_en": target["region_en"],
            "province_code": target["province_code"],
            "measure": labels.indicator_words(target["indicator"]), "indicator": target["indicator"],
            "target": describe_value(target["value"], target["unit"], target["qualifier"]),
            "period": labels.period(target["period"]), "due": result.due, "due_year": result.due[:4],
            "stated": target["stated"], "starting_point": starting_point(target, facts, outcomes, as_of),
            "latest": latest_figure(target, outcomes, as_of),
            "status": result.code, "status_label": labels.status(result.code),
            "symbol": labels.STATUS_SYMBOLS[result.code], "reason": result.reason,
            "share": result.share, "share_label": f"{result.share:.0%}" if result.share is not None else "",
            "source": target["source"],
            "figure_source": f"{figure['source']} ({figure['source_url']})" if figure and figure.get("source_url") else "",
            "figure_citation": figure["source"] if figure and figure.get("source") else "",
            "figure_source_id": figure["source_id"] if figure and figure.get("source_id") else "",
            "figure_quote": figure.get("quote_shown", "") if figure else "",
            "figure_words": (f"{labels.indicator_words(figure['indicator'])}, "
                             f"{describe_value(figure['value'], figure['unit'], figure['qualifier'])} ({figure['period']})"
                             if figure and result.code == "cant_rate" else ""),
        })
    columns = ["fact_id", "region_code", "region_en", "province_code", "measure", "indicator", "target", "period", "due",
               "due_year", "stated", "starting_point", "latest", "status", "status_label", "symbol", "reason", "share",
               "share_label", "source", "figure_source", "figure_citation", "figure_source_id", "figure_quote", "figure_words"]
    table = pd.DataFrame(rows, columns=columns)
    return table.sort_values(["due", "region_en", "measure"], kind="stable").reset_index(drop=True)


def starting_point(target: dict, facts: pd.DataFrame, outcomes: pd.DataFrame, as_of: str) -> str:
    """The latest figure for the same place and measure from before the target was set: from the
    ledger, else a baseline row of the follow-up ledger."""
    actual = facts[(facts.kind == "actual") & (facts.region_code == target["region_code"])
                   & (facts.indicator == target["indicator"])].sort_values("period")
    if len(actual):
        row = actual.iloc[-1]
        wider = labels.WIDER_BASES.get(row.fact_id, "")
        return f"{describe_value(row.value, row.unit, row.qualifier)} ({row.period}" + (f", {wider})" if wider else ")")
    base = figures_for(target, outcomes, as_of)
    base = base[(base.relation == "baseline") & (base.same_measure == "yes")]
    if len(base):
        row = base.iloc[0]
        return f"{describe_value(row.value, row.unit, row.qualifier)} ({row.period})"
    return "none reported"


def latest_figure(target: dict, outcomes: pd.DataFrame, as_of: str) -> str:
    """The latest later figure on the target's own measure, in words, or what was found instead."""
    rows = figures_for(target, outcomes, as_of)
    same = rows[(rows.same_measure == "yes") & rows.relation.isin(["outcome", "progress"])]
    if len(same):
        row = same.iloc[0]
        return f"{describe_value(row.value, row.unit, row.qualifier)} ({row.period}, stated {readable_date(row.stated)})"
    other = rows[rows.relation.isin(["outcome", "progress"])]
    if len(other):
        row = other.iloc[0]
        return (f"only {labels.indicator_words(row.indicator)}: {describe_value(row.value, row.unit, row.qualifier)} "
                f"({row.period})")
    return "none reported"


def counts(table: pd.DataFrame) -> dict[str, int]:
    """How many targets have each status, every status named (zero where none)."""
    found = table.status.value_counts()
    return {code: int(found.get(code, 0)) for code in STATUSES}


def fell_due(table: pd.DataFrame, as_of: str) -> pd.Series:
    """Which targets had fallen due by `as_of`: those rated or awaiting a rating, and dated ones
    that cannot be rated because the only later figure measures something else."""
    return table.status.isin(DUE) | ((table.status == "cant_rate") & (table.due != "") & (table.due <= as_of))


def scoreboard(table: pd.DataFrame, as_of: str) -> str:
    """One sentence: how many targets fell due by the date, and what came of them."""
    on = readable_date(as_of)
    if not len(table):
        return f"The sources had reported no target by {on}."
    n = counts(table)
    due_now = fell_due(table, as_of)
    due = int(due_now.sum())
    dated_unrated = int((due_now & (table.status == "cant_rate")).sum())
    undated = int((table.due == "").sum())
    waiting = n["not_yet_due"] + n["progress"]
    tail = f" {undated} have no due date; {waiting} are not yet due."
    if not due:
        return f"Of the {len(table)} targets the sources had reported by {on}, none had fallen due." + tail
    parts = [f"{n['met'] + n['met_early']} met", f"{n['not_met']} not met",
             f"{n['due_no_outcome']} with no outcome reported"]
    if dated_unrated:
        parts.append(f"{dated_unrated} that cannot be rated, because the only later figure measures something else")
    return (f"Of the {len(table)} targets the sources report, {due} had fallen due by {on}: "
            + ", ".join(parts[:-1]) + " and " + parts[-1] + "." + tail)


def format_share(share: float | None) -> str:
    return "" if share is None else format_value(100 * share, "percent")


# ---------------------------------------------------------------------------------------------
# What came of the targets a chapter discusses, in sentences

def follow_up(table: pd.DataFrame, as_of: str, outcomes: pd.DataFrame | None = None) -> list[str]:
    """What came of the targets in `table` (a subset of `tracker()`) by `as_of`, in sentences a
    chapter shows after discussing them: each target a later figure decides or measures, with
    that figure's source; the targets that fell due with no outcome reported, by place; those not
    yet due; those that cannot be rated; and the further targets the same places have set since."""
    if not len(table):
        return []
    outcomes = load_outcomes() if outcomes is None else outcomes
    sentences = []
    for r in table[table.figure_citation != ""].itertuples():
        said = f"{r.region_en}, {r.measure}: the target was {r.target} by {r.period}; "
        if r.status == "cant_rate":
            said += f"it cannot be rated, because the only later figure measures something else: {r.figure_words}"
        else:
            share = f", {r.share_label} of the target" if r.share_label and r.status != "met" else ""
            said += f"{r.status_label.lower()}{share}. Later figure: {r.latest}"
        sentences.append(said + f"; source: {r.figure_citation}.")
    for place, rows in table[table.status == "due_no_outcome"].groupby("region_en", sort=True):
        due = join_names([readable_date(d) for d in sorted(set(rows.due))])
        sentences.append(
            f"{place}: {len(rows)} {'target' if len(rows) == 1 else 'targets'} fell due on {due} "
            f"({join_names(list(rows.measure))}); no outcome is reported in the later reports read for this book.")
    waiting = table[(table.status == "not_yet_due") & (table.figure_citation == "")]
    if len(waiting):
        groups = [f"{place}, {join_names(list(rows.measure))} (due {rows.due_year.iloc[0]})" if rows.due_year.nunique() == 1
                  else f"{place}, " + join_names([f"{r.measure} (due {r.due_year})" for r in rows.itertuples()])
                  for place, rows in waiting.groupby("region_en", sort=True)]
        sentences.append(f"Not yet due on {readable_date(as_of)}: " + "; ".join(groups) + ".")
    unrated = table[(table.status == "cant_rate") & (table.figure_citation == "")]
    for reason, rows in unrated.groupby("reason", sort=True):
        sentences.append(f"Cannot be rated, because {reason}: "
                         + "; ".join(f"{r.region_en} ({r.measure})" for r in rows.itertuples()) + ".")
    later = outcomes[(outcomes.relation == "new_target") & (outcomes.stated_by <= as_of)
                     & (outcomes.follows.isin(table.fact_id) | outcomes.supersedes.isin(table.fact_id))]
    for r in later.itertuples():
        sentences.append(f"{r.region_en} has since set a further target: {labels.indicator_words(r.indicator)}, "
                         f"{describe_value(r.value, r.unit, r.qualifier)} {labels.by_period(r.period)} "
                         f"(stated {readable_date(r.stated)}; source: {r.source}).")
    return sentences


def follow_up_section(as_of: str, facts: pd.DataFrame, measures: tuple[str, ...] = ()) -> Section:
    """The glued bullet list `targets_follow_up` of a chapter: what came of the targets it discusses
    (those on `measures`, every target when none are named)."""
    outcomes = load_outcomes()   # read once, for the statuses and the further targets
    table = tracker(as_of, facts, outcomes)
    if measures:
        table = table[table.indicator.isin(measures)]
    sentences = follow_up(table, as_of, outcomes)
    return Section({"targets_follow_up": bullet_list(sentences) if sentences
                    else "- The sources had reported no such target by this date."})
