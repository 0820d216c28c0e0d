"""The sentences the chapters glue are built in the chapter modules: they follow the data, and
when the data is missing they say so instead of guessing."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from airace import datasets
from airace.story import capital, compute, data_supply, labels, measures, policy_race
from airace.story.page import Section

ALL_FACTS = datasets.load_facts(as_of="2025-12-31")
NO_FACTS = ALL_FACTS.iloc[0:0]
REGIONS = datasets.load_table("regions").set_index("code")


def without(facts: pd.DataFrame, *indicators: str) -> pd.DataFrame:
    return facts[~facts.indicator.isin(indicators)]


# --- policy race -------------------------------------------------------------------------------

def test_target_range_is_the_spread_of_the_multiples():
    section = policy_race.targets(ALL_FACTS, "2025-12-31", "440000")
    multiples = policy_race.target_series(ALL_FACTS).multiple.dropna()
    low, high = re.fullmatch(r"([\d.]+) to ([\d.]+) times", section.texts["target_range"]).groups()
    assert float(low) == pytest.approx(multiples.min(), abs=0.05)
    assert float(high) == pytest.approx(multiples.max(), abs=0.05)
    assert [f.name for f in section.figures] == ["targets"]


def test_without_targets_the_chapter_says_so_and_draws_nothing():
    # Without reported figures no target has a starting point to be set against.
    section = policy_race.targets(ALL_FACTS[ALL_FACTS.kind != "actual"], "2025-01-31", "440000")
    assert section.figures == []
    assert "no target had been stated" in section.texts["target_range"]
    assert "2025-01-31" in section.note
    # Guangdong's target needs no starting point: it is stated whenever the ledger has it.
    gd = ALL_FACTS[(ALL_FACTS.region_code == "440000") & (ALL_FACTS.indicator == "ai_core_industry_scale")].iloc[0]
    assert section.texts["guangdong_target"].startswith(labels.qualified(gd.qualifier, "CNY"))
    assert policy_race.targets(NO_FACTS, "2025-01-31", "440000").texts["guangdong_target"] == "an unstated size"


def test_filings_disagree_names_falls_and_rises():
    def table(counts):
        return pd.DataFrame([{"region_en": place, "as_of": when, "count": n} for place, when, n in counts])
    fell_and_rose = table([("Beijing", "2025-01", 107), ("Beijing", "2025-03", 90),
                           ("Zhejiang", "2025-01", 10), ("Zhejiang", "2025-03", 20)])
    text = policy_race.filings_disagree(fell_and_rose)
    assert "fell for Beijing" in text and "rose for Zhejiang" in text
    steady = table([("Beijing", "2025-01", 107), ("Beijing", "2025-03", 107)])
    assert policy_race.filings_disagree(steady) == "Between 2025-01 and 2025-03 no count fell, and none rose."
    one_report = table([("Beijing", "2025-01", 107)])
    assert "do not cover the same provinces" in policy_race.filings_disagree(one_report)


def test_pyramid_falls_back_when_a_layer_is_missing():
    section = policy_race.pyramid(without(ALL_FACTS, "ai_firms_technology_layer_share"))
    assert section.figures == [] and "not yet reported" in section.texts["application_share"]
    shares = policy_race.pyramid(ALL_FACTS).texts
    assert float(shares["application_share"].rstrip("%")) > float(shares["foundation_share"].rstrip("%"))


def test_instrument_leader_uses_the_most_kinds():
    events = policy_race.policy_events("2025-12-31")
    table = policy_race.instruments_by_place(ALL_FACTS, events)
    leader = policy_race.instruments(ALL_FACTS, events, "440000").texts["instrument_leader"]
    assert leader.startswith(table.sort_values("value").region_en.iloc[-1])
    assert f"with {table.value.max():.0f} kinds" in leader


def test_only_events_the_sources_date_count_as_dated_2025():
    """Shanghai's special funds and Henan's compute plan carry no date in the feature, and Chengdu
    High-tech Zone's vouchers were "long since rolled out" (早已铺开) by March 2025: the article's
    year is not the event's, so none of them counts as dated 2025."""
    events = policy_race.policy_events("2025-12-31")
    undated = {"EV-021", "EV-022", "EV-023"}
    assert undated <= set(events.event_id)
    expected = int(((events.date.str[:4] == "2025") & ~events.event_id.isin(undated)).sum())
    assert expected < int((events.date.str[:4] == "2025").sum())
    finding = policy_race.findings(ALL_FACTS, events, policy_race.filings_compared(ALL_FACTS),
                                   measures.pilot_zones_by_province())[0]
    assert f"{expected} of them are dated 2025" in finding
    title = policy_race.timeline_chart(events, "440000").to_dict()["title"]["text"]
    assert title.endswith(f"{expected} of them dated 2025")
    description = policy_race.timeline(ALL_FACTS, events, "440000").figures[0].description
    assert "2025-03 Chengdu" not in description and "date not given (reported 2025-03) Chengdu" in description


def test_qingdao_targets_are_given_the_year_they_are_for():
    """Xinhua's Qingdao targets are for 2024 ("将在今年", an article of 2024), not the year of the
    revenue figure before them (2023)."""
    text = policy_race.qingdao_paragraph(ALL_FACTS)
    assert "its targets for 2024 are counts" in text and "for the year" not in text


def test_highlight_paragraph_names_the_filings_and_counts_in_the_singular():
    events = policy_race.policy_events("2025-12-31")
    zones, (deep, _) = measures.pilot_zones_by_province(), policy_race.deep_synthesis_filings()
    gd = policy_race.highlight_paragraph("440000", ALL_FACTS, events, zones, deep)
    assert "deep-synthesis algorithm filings" in gd and "algorithms deep-synthesis" not in gd
    one_zone = zones[zones.value == 1].region_code.iloc[0]
    text = policy_race.highlight_paragraph(one_zone, ALL_FACTS, events, zones, deep)
    assert "hosts 1 national AI pilot zone or area," in text


def test_filed_models_cites_only_the_reports_it_draws():
    """The chart draws provincial counts only: Chengdu's city count (Sichuan outlet) is not in it."""
    figure = policy_race.filed_models(ALL_FACTS, policy_race.filings_compared(ALL_FACTS)).figures[0]
    assert "Sichuan" not in figure.source and "National Business Daily" in figure.source


# --- compute -----------------------------------------------------------------------------------

def test_compute_key_findings_fall_back_when_no_fact_is_known():
    empty = compute.key_findings(compute.capacity(NO_FACTS), compute.utilisation(NO_FACTS),
                                 compute.vouchers(NO_FACTS).iloc[0:0])
    assert empty.texts["key_findings"] == "- No compute facts had been stated by this date."
    full = compute.key_findings(compute.capacity(ALL_FACTS), compute.utilisation(ALL_FACTS), compute.vouchers(ALL_FACTS))
    assert full.texts["key_findings"].count("\n- ") >= 2


def test_beijing_e_town_keeps_its_own_voucher_pool_beside_the_citys_scheme():
    # The voucher table lists Beijing's city scheme (no pool stated) and Beijing E-Town's, CNY 100
    # million a year; both are coded 110000. A lookup on (code, kind) once matched the city's
    # scheme and dropped the zone's, so the page counted 14 pools, 9 yearly, and mapped no E-Town.
    schemes = compute.vouchers(ALL_FACTS)
    etown = schemes[schemes.region_en == "Beijing E-Town"]
    assert len(etown) == 1
    assert etown.pool_cny.iloc[0] == 1e8 and etown.period.iloc[0] == "annual" and etown.kind.iloc[0] == "compute"
    assert len(schemes[schemes.region_en == "Beijing"]) == 1  # the city's own scheme stays too
    pools = schemes.dropna(subset=["pool_cny"])
    finding = next(f for f in compute.findings(compute.capacity(ALL_FACTS), compute.utilisation(ALL_FACTS), schemes)
                   if "voucher pool" in f)
    assert f"{len(pools)} schemes state a pool, {int((pools.period == 'annual').sum())} of them per year" in finding
    mapped = compute.voucher_map(schemes, "110000")
    assert mapped.texts["n_mapped"] == str(len(pools))
    assert "Beijing E-Town compute CNY 100 million" in mapped.figures[0].description


def test_pool_divided_by_cap_counts_the_firms():
    schemes = pd.DataFrame({"region_code": ["440300", "441900"], "label": ["Shenzhen: x voucher", "Dongguan: y voucher"],
                            "pool_cny": [1e9, 1e8], "per_firm_cap_cny": [1e7, 5e6], "kind": "compute",
                            "from": "article", "source": "test"})
    texts = compute.pools_and_caps(schemes, REGIONS, "440000").texts
    assert texts["n_both"] == "2"
    assert texts["fewest_firms"] == "Dongguan: y voucher could pay its full cap to 20 firms"
    assert texts["most_firms"] == "Shenzhen: x voucher to 100"
    none = compute.pools_and_caps(schemes.assign(per_firm_cap_cny=None), REGIONS, "440000")
    assert none.figures == [] and none.texts["most_firms"] == "none"


def test_utilisation_sentences_fall_back_before_the_figures_were_stated():
    texts = compute.utilisation_section(NO_FACTS, compute.utilisation(NO_FACTS)).texts
    assert texts == {"chengdu_ai": "no AI share reported", "chengdu_used": "(not yet reported by this date) a share"}
    texts = compute.utilisation_section(ALL_FACTS, compute.utilisation(ALL_FACTS)).texts
    used = ALL_FACTS[ALL_FACTS.indicator == "supercomputer_utilisation"].value.iloc[0]
    assert texts["chengdu_used"] == f"{used:g}%"


# --- data supply -------------------------------------------------------------------------------

def test_corpus_terms_state_only_what_is_known():
    assert "had not been reported" in data_supply.corpus_terms(NO_FACTS)
    partial = data_supply.corpus_terms(without(ALL_FACTS, "corpus_voucher_rate", "open_corpus_reward_per_source"))
    assert "pays a share of the contract" in partial and "an unstated sum" in partial
    full = data_supply.corpus_terms(ALL_FACTS)
    assert "a share" not in full and "unstated" not in full


def test_one_exchange_under_two_spellings_counts_once():
    # The lists name Jiangsu's provincial exchange as 江苏省数据交易所 and as 江苏数据交易所: one body.
    bodies = data_supply.exchanges()
    jiangsu = bodies[bodies.province_code == "320000"]
    assert sorted(jiangsu.body) == ["华东大数据交易中心", "江苏省数据交易所"]
    by_province = data_supply.exchanges_by_province(bodies).set_index("region_code")
    assert by_province.at["320000", "value"] == 2
    # Out-of-province service bases (Kashgar, Lhasa) are flagged as not local exchanges: not counted.
    assert not bodies.type.str.startswith("out-of-province").any()


def test_a_registration_date_is_not_called_an_opening_or_founding_date():
    # For Shenzhen's exchange the table has only the day its operating company was registered
    # (date_type "operating company registered (not opening date)"); the page once counted it
    # among exchanges that "opened" with a "founding date".
    bodies = data_supply.exchanges()
    years = data_supply.founding_years(bodies)
    shenzhen = bodies[bodies.body == "深圳数据交易所"].iloc[0]
    assert shenzhen.registered_only and shenzhen.date == "2021-12-01"
    note = data_supply.registration_note(bodies)
    assert "深圳数据交易所" in note and "operating company was registered (2021-12-01)" in note
    assert "not the date it opened" in note
    section = data_supply.founded_map(bodies, years, REGIONS, "440000")
    assert section.texts["registration_note"] == note
    assert "Shenzhen: 深圳数据交易所 (2021, operating company registered)" in section.figures[0].description
    chart = data_supply.founding(years).figures[0]
    assert "深圳数据交易所 (operating company registered)" in chart.description
    for figure in (section.figures[0], chart):
        title = figure.chart.to_dict()["title"]
        words = (title["text"] + " " + " ".join(title["subtitle"])).lower()
        assert "opened" not in words and "founding" not in words


def test_highlight_paragraphs_say_what_a_province_lacks():
    """Xinjiang has no exchange, fund or compute fact in the data: each paragraph says so."""
    bodies = data_supply.exchanges()
    by_province = data_supply.exchanges_by_province(bodies)
    assert "650000" not in set(by_province.region_code)
    text = data_supply.highlight_paragraph("650000", by_province, data_supply.bureaus(), REGIONS)
    assert text.startswith("**Xinjiang") and "no exchange or platform in the compiled lists" in text
    funds = capital.funds(ALL_FACTS)
    spending = capital.rd_spending("2023")
    text = capital.highlight_paragraph("650000", funds, spending, REGIONS)
    xinjiang = spending.set_index("region_code").at["650000", "value_label"]
    assert "no fund of stated size in the data" in text and f"R&D spending in 2023: {xinjiang}" in text
    # The complete bulletin has every province; a table without one falls back to saying so.
    text = capital.highlight_paragraph("650000", funds, spending[spending.region_code != "650000"], REGIONS)
    assert "not in the published text" in text
    guangdong = capital.highlight_paragraph("440000", funds, capital.rd_spending("2023"), REGIONS)
    assert "no fund" not in guangdong and "CNY" in guangdong


# --- capital -----------------------------------------------------------------------------------

def test_three_15_needs_all_three_parts():
    assert capital.three_15(without(ALL_FACTS, "new_revenue_share_to_st")).texts["three_15"] == "not yet reported by this date"
    text = capital.three_15(ALL_FACTS).texts["three_15"]
    for indicator in capital.THREE_15:
        fact = ALL_FACTS[(ALL_FACTS.region_code == "330100") & (ALL_FACTS.indicator == indicator)].iloc[0]
        assert f"{fact.value:g}%" in text


def test_dollar_figures_fall_back_and_stay_out_of_the_yuan_chart():
    scales = capital.scales_of_money(ALL_FACTS)
    assert (scales.unit == "CNY").all()
    missing = capital.money_scales(without(ALL_FACTS, "training_run_cost_high"), scales)
    assert missing.texts["usd_figures"] == "the dollar figures were not yet reported by this date"
    assert "USD" in capital.money_scales(ALL_FACTS, scales).texts["usd_figures"]


def test_capital_findings_name_the_biggest_rd_spender():
    spending = capital.rd_spending("2023")
    findings = capital.findings(capital.funds(ALL_FACTS), capital.zhipu_rounds(ALL_FACTS), spending)
    top = spending.sort_values("value").iloc[-1]
    # The claim names its coverage: the most of the provinces in the table, not of China.
    assert any(f == f"Of the {len(spending)} provinces in the statistics table, {top.region_en} spent the most "
                    f"on R&D in 2023, {top.value_label}." for f in findings)
    no_rounds = capital.findings(capital.funds(NO_FACTS), capital.zhipu_rounds(NO_FACTS), spending)
    assert not any("Zhipu" in f for f in no_rounds)


# --- every part ----------------------------------------------------------------------------------

def every_section() -> dict[str, Section]:
    facts, events = ALL_FACTS, policy_race.policy_events("2025-12-31")
    filings, zones = policy_race.filings_compared(facts), measures.pilot_zones_by_province()
    deep, national = policy_race.deep_synthesis_filings()
    capacity, util, schemes = compute.capacity(facts), compute.utilisation(facts), compute.vouchers(facts)
    bodies, counts = data_supply.exchanges(), data_supply.exchange_counts()
    by_province, years = data_supply.exchanges_by_province(bodies), data_supply.founding_years(bodies)
    funds, spending = capital.funds(facts), capital.rd_spending("2023")
    return {
        "targets": policy_race.targets(facts, "2025-12-31", "440000"),
        "deep": policy_race.new_filings(deep, national, "440000"),
        "filed": policy_race.filed_models(facts, filings),
        "zones": policy_race.pilot_zones(zones, "440000"),
        "timeline": policy_race.timeline(facts, events, "440000"),
        "instruments": policy_race.instruments(facts, events, "440000"),
        "pyramid": policy_race.pyramid(facts),
        "capacity": compute.capacity_section(facts, capacity, "440000"),
        "utilisation": compute.utilisation_section(facts, util),
        "voucher_map": compute.voucher_map(schemes, "440000"),
        "pools": compute.pools_and_caps(schemes, REGIONS, "440000"),
        "hubs": compute.hubs_section(compute.hubs(), "440000"),
        "spending": compute.spending(facts),
        "corpus": data_supply.corpus_vouchers(facts, data_supply.voucher_sizes(schemes)),
        "exchanges": data_supply.exchanges_map(bodies, by_province, "440000"),
        "founded": data_supply.founded_map(bodies, years, REGIONS, "440000"),
        "founding": data_supply.founding(years),
        "counts": data_supply.national_counts(counts),
        "bureaus": data_supply.bureaus_map(data_supply.bureaus(), "440000"),
        "vertical": data_supply.vertical_models(facts, data_supply.vertical_model_data(facts)),
        "funds": capital.funds_ranked(funds, REGIONS, "440000"),
        "funds_map": capital.funds_map(facts, funds, "440000"),
        "zhipu": capital.zhipu(capital.zhipu_rounds(facts)),
        "rd": capital.rd_intensity_map(capital.rd_intensity("2023"), capital.guangdong_rd_cross_checked(facts), "440000"),
        "rd_spending": capital.rd_spending_ranked(spending, "440000"),
        "scales": capital.money_scales(facts, capital.scales_of_money(facts)),
    }


def test_every_figure_has_a_description_a_source_and_its_data():
    for part, section in every_section().items():
        for figure in section.figures:
            assert figure.description.strip().endswith("."), (part, figure.name)
            assert figure.source.strip(), (part, figure.name)
            assert len(figure.data), (part, figure.name)
        for key, text in section.texts.items():
            assert isinstance(text, str) and text.strip() or key == "first_wave", (part, key)


def test_a_pre_reform_agency_name_is_not_counted_as_a_named_agency():
    # The bureau table flags Shandong's 大数据局 and Guizhou's 大数据发展管理局 as names from before
    # the 2024 reform ("post-reform name not confirmed"); the map once counted them among the 24
    # agencies "the sources name", as data bureaus.
    table = data_supply.bureaus().set_index("region_code")
    assert table.at["370000", "value"] == table.at["520000", "value"] == "Only an earlier name in the sources"
    section = data_supply.bureaus_map(data_supply.bureaus(), "440000")
    assert section.texts["n_bureaus_named"] == "22 of 31"
    assert "the sources name 22 of them" in section.figures[0].chart.to_dict()["title"]["text"]
    by_province = data_supply.exchanges_by_province(data_supply.exchanges())
    text = data_supply.highlight_paragraph("370000", by_province, data_supply.bureaus(), REGIONS)
    assert "1 exchange or platform in the lists" in text and "before the 2024 reform" in text


def test_a_voucher_scheme_is_dated_by_the_date_its_cell_starts_with():
    # The voucher table's date cells carry words after the date ('2023-10 (concept); first batch
    # ...'); the scheme's 'stated' was once cut at ten characters, giving '2023-10 (c'.
    stated = compute.vouchers(ALL_FACTS).set_index("label").stated
    assert stated["Guizhou: compute voucher"] == "2023-10"
    assert stated["Hangzhou: compute voucher"] == "2024-07"
    assert stated["Nanning: compute voucher"] == "2025"
    assert all(re.fullmatch(r"\d{4}(-\d{2}){0,2}", s) for s in stated)


# ---------------------------------------------------------------------------------------------
# Corrections, round two (issue 22): the capital chapter

CAPITAL_MD = Path(__file__).parents[2] / "notebooks" / "capital.md"


def test_the_dongguan_fund_says_at_least_once():
    """The chapter read 'a fund group of at least at least CNY 5 billion': the glued size carries
    its own hedge, so the prose must not add another."""
    texts = capital.funds_map(ALL_FACTS, capital.funds(ALL_FACTS), "440000").texts
    assert texts["dongguan_fund"].startswith("at least")
    assert "at least {glue:md}`dongguan_fund`" not in " ".join(CAPITAL_MD.read_text(encoding="utf-8").split())
    assert "(at least)" not in labels.AMOUNTS_WITH_OWNER["ai_fund_group_size"]


def test_one_national_fund_is_not_among_them():
    texts = capital.funds_map(ALL_FACTS, capital.funds(ALL_FACTS), "440000").texts
    assert texts["n_national_funds"] == "one AI fund, the National AI Industry Investment Fund"
    assert "among them a national" not in CAPITAL_MD.read_text(encoding="utf-8")


def test_a_fund_the_table_flags_as_only_partly_for_ai_is_not_counted_as_an_ai_fund():
    table = capital.funds(ALL_FACTS)
    assert not table.name.str.startswith("Jingxi").any()
    assert capital.findings(table, capital.zhipu_rounds(ALL_FACTS), capital.rd_spending("2023"))[0].startswith(
        f"The data holds {len(table)} AI funds")


def test_zhipu_rounds_carry_the_articles_investors_not_the_ledgers_notes():
    rounds = capital.zhipu_rounds(ALL_FACTS)
    description = capital.zhipu(rounds).figures[0].description
    for leak in ("CNW-", "stored as", "region is", "no exact figure"):
        assert leak not in description, leak
    assert "Round raised" not in description and "Hangzhou Chengtou" in description
    assert all(w.startswith(("funding round of Zhipu", "pre-money valuation of Zhipu")) for w in rounds.what)


def test_qingdao_has_one_subsidy_pool_reported_twice_not_pools():
    table = capital.funds(ALL_FACTS)
    assert (table.region_en == "Qingdao").sum() == 1
    assert "subsidy pools in Qingdao" not in " ".join(CAPITAL_MD.read_text(encoding="utf-8").split())
