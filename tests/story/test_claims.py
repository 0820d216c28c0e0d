"""Titles and key findings compare like with like: the comparison helper refuses unlike rows, and
the chapters' comparative findings go through it."""

from __future__ import annotations

import pandas as pd
import pytest

from airace import datasets
from airace.story import claims, measures, policy_race


@pytest.fixture(scope="module")
def facts() -> pd.DataFrame:
    return datasets.load_facts(as_of="2025-12-31")


def rows(facts, *ids):
    return facts.set_index("fact_id").loc[list(ids)].reset_index()


def test_a_future_target_is_not_set_against_a_past_total(facts):
    """The comparison the issue found: Shenzhen's 2026 target for intelligent compute against
    China's total compute at the end of 2023 (different kind and different measure)."""
    with pytest.raises(claims.UnlikeComparison):
        claims.like_rows(rows(facts, "CNW-017", "CNW-030"))


def test_outcomes_of_one_measure_and_period_may_be_compared(facts):
    beijing, guangdong = rows(facts, "NBD-006", "NBD-005").itertuples(index=False)
    assert claims.ratio(pd.Series(beijing._asdict()), pd.Series(guangdong._asdict())) == pytest.approx(107 / 31)


def test_a_target_beside_an_outcome_only_when_asked_for(facts):
    pair = rows(facts, "CNW-003", "CNW-001")  # Shenzhen: AI firms, target 2026 and actual 2024
    with pytest.raises(claims.UnlikeComparison):
        claims.like_rows(pair)
    assert len(claims.like_rows(pair, target_against_actual=True)) == 2


def test_outcomes_for_different_periods_are_refused(facts):
    with pytest.raises(claims.UnlikeComparison, match="periods"):
        claims.like_rows(rows(facts, "SC-005", "SC-009").assign(indicator="ai_industry_scale"))


def test_the_policy_finding_fails_rather_than_compare_unlike_filings(facts):
    """If Guangdong's count in the filings comparison were of another kind, the finding that
    divides Beijing's count by it must stop the chapter, not print a ratio."""
    events = policy_race.policy_events("2025-12-31")
    filings = policy_race.filings_compared(facts)
    zones = measures.pilot_zones_by_province()
    assert any("times as many" in f for f in policy_race.findings(facts, events, filings, zones))
    broken = facts.copy()
    broken.loc[(broken.indicator == "genai_models_filed") & (broken.region_code == "440000"), "kind"] = "target"
    with pytest.raises(claims.UnlikeComparison):
        policy_race.findings(broken, events, policy_race.filings_compared(broken), zones)


def test_pools_of_two_voucher_schemes_are_one_measure(facts):
    """Shenzhen's corpus and training voucher pools: both yearly caps on payouts, in yuan."""
    corpus, training = rows(facts, "CNW-013", "CNW-025").itertuples(index=False)
    assert claims.ratio(pd.Series(corpus._asdict()), pd.Series(training._asdict())) == pytest.approx(0.1)
    with pytest.raises(claims.UnlikeComparison):  # a pool against a cap per firm is not
        claims.like_rows(rows(facts, "CNW-013", "CNW-015"))


def test_the_compute_and_data_findings_fail_rather_than_compare_unlike_rows(facts):
    from airace.story import compute, data_supply
    # Dongguan's 2027 target re-labelled as a different measure: the finding setting it beside
    # Shenzhen's target must refuse.
    capacity = compute.capacity(facts).assign(unit=lambda t: t.unit.where(t.region_code != "441900", "percent"))
    with pytest.raises(claims.UnlikeComparison):
        compute.findings(capacity, compute.utilisation(facts), compute.vouchers(facts))
    # Shenzhen's training voucher pool re-labelled as a target: no longer a cap like the corpus pool.
    broken = facts.copy()
    broken.loc[broken.fact_id == "CNW-025", "kind"] = "target"
    bodies = data_supply.exchanges()
    with pytest.raises(claims.UnlikeComparison):
        data_supply.findings(broken, bodies, data_supply.exchanges_by_province(bodies),
                             data_supply.exchange_counts(), data_supply.vertical_model_data(broken))
