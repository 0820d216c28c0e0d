"""What a title or key finding may compare: like with like.

A sentence that sets two ledger rows against each other ("3.5 times as many", "35% of") is only
true if both rows measure the same thing (indicator and unit) and are the same kind of number: an
outcome against an outcome, a target against a target. The one exception is the distance a target
asks for, a target against the latest outcome for the same place and measure, and a sentence must
name it as that. Chapter code gets the rows it compares through `like_rows` or `ratio`, which
refuse anything else, so a finding built on unlike rows stops the chapter instead of being printed.
"""

from __future__ import annotations

import re

import pandas as pd

# Indicators that measure the same thing for different schemes: the yearly pool of a compute,
# training, model or corpus voucher is in each case a ceiling on what a government will pay out.
FAMILIES = ((re.compile(r"^[a-z]+_voucher_pool$"), "voucher pool"),
            (re.compile(r"^[a-z]+_voucher_per_firm$"), "voucher cap per firm"))


def measure(indicator: str) -> str:
    """What an indicator measures, for comparison: its family if it has one, else itself."""
    return next((name for pattern, name in FAMILIES if pattern.match(indicator)), indicator)


class UnlikeComparison(ValueError):
    """Rows that differ in what they measure, or in kind, set against each other."""


def _describe(rows: pd.DataFrame) -> str:
    ids = rows["fact_id"] if "fact_id" in rows else rows.index.to_series()
    return ", ".join(f"{i} ({r.indicator}, {r.kind}, {r.unit}, {r.period})"
                     for i, r in zip(ids, rows.itertuples()))


def like_rows(rows: pd.DataFrame, *, target_against_actual: bool = False) -> pd.DataFrame:
    """The rows, if a sentence may compare them; UnlikeComparison naming the difference if not.

    target_against_actual: allow targets beside outcomes of the same measure (a distance to a
    target, which the sentence must call that)."""
    if len(rows) < 2:
        return rows
    if rows.indicator.map(measure).nunique() > 1 or rows.unit.nunique() > 1:
        raise UnlikeComparison(f"rows measure different things: {_describe(rows)}")
    kinds = set(rows.kind)
    if len(kinds) > 1 and not (target_against_actual and kinds == {"target", "actual"}):
        raise UnlikeComparison(f"rows are of different kinds {sorted(kinds)}: {_describe(rows)}")
    if kinds <= {"actual", "share"} and rows.period.nunique() > 1:
        raise UnlikeComparison(f"outcomes for different periods: {_describe(rows)}")
    return rows


def ratio(numerator: pd.Series, denominator: pd.Series) -> float:
    """numerator / denominator for two ledger rows that may be compared."""
    like_rows(pd.DataFrame([numerator, denominator]))
    return float(numerator.value) / float(denominator.value)
