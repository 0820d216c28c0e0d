"""What came of a target: every status and qualifier rule of airace/story/tracker.py, on made-up
targets whose answers are known, then on the book's own data at two dates."""

from __future__ import annotations

import pandas as pd
import pytest

from airace.story import tracker


def target(value=100.0, qualifier="exact", period="2025", stated="2024-06", fact_id="T-001"):
    return {"fact_id": fact_id, "value": value, "qualifier": qualifier, "period": period, "stated": stated,
            "unit": "firms", "indicator": "ai_firms"}


def figure(value, period="2025", stated="2026-02-01", relation="outcome", qualifier="exact", same="yes",
           answers="T-001", **extra):
    row = {"outcome_id": f"OUT-{abs(hash((value, period, stated, relation))) % 1000:03d}", "answers": answers,
           "relation": relation, "follows": "", "supersedes": "", "value": float(value), "unit": "firms",
           "period": period, "qualifier": qualifier, "stated": stated, "stated_by": stated, "same_measure": same, "indicator": "ai_firms",
           "note": ""}
    row.update(extra)
    return row


def rows(*figures) -> pd.DataFrame:
    columns = ["outcome_id", "answers", "relation", "follows", "supersedes", "value", "unit", "period", "qualifier",
               "stated", "stated_by", "same_measure", "indicator", "note"]
    return pd.DataFrame(list(figures), columns=columns)


AFTER = "2026-12-04"


def test_a_target_not_yet_due_with_no_figure():
    assert tracker.status(target(period="2027"), rows(), AFTER).code == "not_yet_due"


def test_a_due_target_with_no_figure_says_so():
    result = tracker.status(target(), rows(), AFTER)
    assert result.code == "due_no_outcome" and result.due == "2025-12-31"


def test_met_and_not_met_with_the_share_reached():
    assert tracker.status(target(), rows(figure(120)), AFTER).code == "met"
    result = tracker.status(target(), rows(figure(80)), AFTER)
    assert result.code == "not_met" and result.share == pytest.approx(0.8)


@pytest.mark.parametrize("target_qualifier, value, figure_qualifier, met", [
    ("more_than", 100, "exact", False),       # "more than 100" is not met by exactly 100
    ("more_than", 100, "more_than", True),    # 突破100 meets 突破100
    ("more_than", 101, "exact", True),
    ("at_least", 100, "exact", True),
    ("exact", 100, "about", True),
    ("about", 95, "exact", True),             # about X: at least 95% of X
    ("about", 94, "exact", False),
    ("exact", 120, "less_than", False),       # "fewer than 120" says nothing about reaching 100
])
def test_each_qualifier_rule(target_qualifier, value, figure_qualifier, met):
    result = tracker.status(target(qualifier=target_qualifier), rows(figure(value, qualifier=figure_qualifier)), AFTER)
    assert result.code == ("met" if met else "not_met")


def test_met_early_from_an_earlier_period():
    result = tracker.status(target(period="2026"), rows(figure(130, period="2025", stated="2026-01-10")), "2026-03-01")
    assert result.code == "met_early"


def test_progress_before_the_due_date_gives_the_share_so_far():
    result = tracker.status(target(period="2026"), rows(figure(60, period="2025", relation="progress")), "2026-03-01")
    assert result.code == "progress" and result.share == pytest.approx(0.6)


def test_the_latest_figure_published_by_the_date_counts():
    figures = rows(figure(80, stated="2026-02-01"), figure(110, stated="2026-06-01"))
    assert tracker.status(target(), figures, "2026-03-01").code == "not_met"
    assert tracker.status(target(), figures, "2026-07-01").code == "met"


def test_rewinding_the_date_rewinds_the_status():
    figures = rows(figure(120, stated="2026-02-01"))
    assert tracker.status(target(), figures, "2024-12-31").code == "not_yet_due"
    assert tracker.status(target(), figures, "2026-01-31").code == "due_no_outcome"
    assert tracker.status(target(), figures, "2026-02-28").code == "met"


def test_a_figure_that_measures_something_else_is_never_a_rating():
    result = tracker.status(target(), rows(figure(300, same="no", indicator="ai_industry_scale_growth")), AFTER)
    assert result.code == "cant_rate" and "measures something else" in result.reason


def test_estimates_and_restatements_never_rate_a_target():
    figures = rows(figure(150, relation="estimate"), figure(100, relation="restatement"))
    assert tracker.status(target(), figures, AFTER).code == "due_no_outcome"


def test_a_target_without_a_date_cannot_be_rated():
    assert tracker.status(target(period="not_stated"), rows(figure(500)), AFTER).code == "cant_rate"


def test_a_yearly_target_is_rated_on_the_year_it_was_set():
    assert tracker.status(target(period="annual", stated="2025-03"), rows(), AFTER).due == "2025-12-31"


def test_a_replacing_target_supersedes_the_old_one():
    new = figure(200, period="2030", relation="new_target", answers="", supersedes="T-001", stated="2026-05-26")
    assert tracker.status(target(period="2026"), rows(new), AFTER).code == "superseded"
    assert tracker.status(target(period="2026"), rows(new), "2026-05-01").code == "not_yet_due"


def test_the_book_rewinds_to_march_2025_with_nothing_met():
    early = tracker.tracker("2025-03-31")
    assert not early.status.isin(["met", "met_early"]).any()
    dated_later = early[(early.due != "") & (early.due > "2025-03-31")]
    assert (dated_later.status == "not_yet_due").all()


def test_on_the_books_date_guangdong_met_its_2025_target():
    table = tracker.tracker(AFTER).set_index("fact_id")
    assert table.at["NBD-003", "status"] == "met"
    assert "stated 24 February 2026" in table.at["NBD-003", "latest"]
    assert table.at["SC-011", "status"] == "cant_rate", "a growth rate does not rate a level"
    assert table.at["XH-013", "status"] == "due_no_outcome"
    counts = tracker.counts(table.reset_index())
    assert sum(counts.values()) == len(table) == 25


def test_the_scoreboard_adds_up():
    table = tracker.tracker(AFTER)
    sentence = tracker.scoreboard(table, AFTER)
    assert sentence.startswith("Of the 25 targets the sources report, 11 had fallen due by 4 December 2026: 1 met, 0 not met")
    assert "3 have no due date; 11 are not yet due." in sentence


def test_a_chapter_follow_up_names_each_outcome_with_its_source():
    table = tracker.tracker(AFTER)
    sentences = tracker.follow_up(table, AFTER)
    guangdong = [s for s in sentences if s.startswith("Guangdong, core AI industry")]
    assert len(guangdong) == 1 and "; met." in guangdong[0] and "source: 0xy.cn forum post" in guangdong[0]
    chengdu = next(s for s in sentences if s.startswith("Chengdu, core AI industry"))
    assert "cannot be rated" in chengdu and "growth of the AI industry, 39% (2025)" in chengdu
    qingdao = next(s for s in sentences if s.startswith("Qingdao:"))
    assert qingdao.startswith("Qingdao: 6 targets fell due on 31 December 2024") and "no outcome is reported" in qingdao
    assert any(s.startswith("Shenzhen has since set a further target: intelligent compute available, more than "
                            "150 EFLOPS by 2030") for s in sentences)


def test_a_follow_up_covers_only_the_chosen_targets_and_rewinds():
    table = tracker.tracker(AFTER)
    compute = table[table.indicator.isin(["intelligent_compute_available", "compute_cluster_scale"])]
    sentences = tracker.follow_up(compute, AFTER)
    assert not any("Guangdong" in s or "Qingdao" in s for s in sentences)
    assert any(s.startswith("Not yet due on 4 December 2026: Dongguan, intelligent compute available (due 2027); "
                            "Shenzhen,") for s in sentences)
    early = tracker.tracker("2025-03-31")
    before = tracker.follow_up(early[early.indicator.isin(["intelligent_compute_available"])], "2025-03-31")
    assert not any("further target" in s for s in before), "the 2030 target was set in May 2026"


def test_the_overview_title_states_the_finding_and_falls_back():
    from airace.story import promises
    section = promises.status_overview(tracker.tracker(AFTER), AFTER)
    title = section.figures[0].chart.to_dict()["title"]["text"]
    assert "For 9 of the 11 targets that fell due by 4 December 2026, no outcome has been reported" in str(title)
    early = promises.status_overview(tracker.tracker("2024-06-01"), "2024-06-01")
    early_title = str(early.figures[0].chart.to_dict()["title"]["text"]) if early.figures else early.note
    assert "no outcome has been reported" not in early_title


def test_a_count_of_one_is_singular_and_an_undated_target_has_no_by():
    # The targets table once read "Qingdao algorithm malls 1 platforms", and the new targets
    # "Beijing: core AI industry, more than CNY 1 trillion by no period stated" (OUT-045).
    from airace import datasets
    from airace.story import promises
    table = tracker.tracker("2026-12-04", datasets.load_facts(as_of="2026-12-04"))
    mall = table[table.indicator == "algorithm_malls"].iloc[0]
    assert mall.target == "1 platform"
    new = promises.new_targets("2026-12-04").tables[0]
    assert "by no period stated" not in new
    assert "Beijing: core AI industry, more than CNY 1 trillion with no year stated" in new
    outcomes = tracker.load_outcomes().assign(follows=lambda t: t.follows.where(t.outcome_id != "OUT-045", mall.fact_id))
    assert not any("by no period stated" in s for s in tracker.follow_up(table, "2026-12-04", outcomes))
