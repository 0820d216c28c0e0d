"""The complete province tables, the measures and ranks read from them, and the province pages."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from support import data_step_variants

from airace import paths, regions
from airace.story import charts, geometry, measures, provinces

MAINLAND = set(regions.mainland_provinces().code)


def raw_rows(name: str) -> list[dict]:
    return list(csv.DictReader((paths.COMPLETE / name).open(encoding="utf-8")))


# ---------------------------------------------------------------------------------------------
# Coverage

@pytest.mark.parametrize("key", list(measures.MEASURES))
def test_every_mapped_measure_covers_the_31_provinces(key):
    table = measures.measure(key)
    assert set(table.region_code) == MAINLAND, set(MAINLAND) - set(table.region_code)
    assert len(table) == 31 and table.value.notna().all()


def test_the_2024_partial_rd_table_is_kept_but_never_a_measure():
    rows = [r for r in raw_rows("rd_expenditure_province_2024_partial.csv") if r["province_code"]]
    assert 0 < len({r["province_code"] for r in rows}) < 31
    assert all(m.period != "2024" for m in measures.MEASURES.values() if m.key.startswith("rd_"))


def test_flagged_values_stay_flagged():
    filings = measures.measure("genai_filings")
    implied = filings[filings.caveat.str.startswith("implied zero")]
    raw = {r["province_code"] for r in raw_rows("genai_filings_cac_new_no189_611_province.csv")
           if r["flag"].startswith("IMPLIED ZERO")}
    assert set(implied.region_code) == raw and len(raw) == 5
    assert (implied.value == 0).all()
    gdp = measures.measure("gdp")
    single = set(gdp[gdp.caveat.str.startswith("single transcription")].region_code)
    assert single == {"460000", "520000"}  # Hainan, Guizhou: SOURCES.md names them


def test_the_sasac_row_is_kept_off_the_maps_but_counted():
    assert "000000" not in set(measures.measure("genai_filings").region_code)
    raw = [r for r in raw_rows("genai_filings_cac_new_no189_611_province.csv") if not r["province_code"]]
    assert measures.sasac_filings() == sum(int(r["value"]) for r in raw) > 0


# ---------------------------------------------------------------------------------------------
# The data step's checks can fail

def _edited(folder, name, province, indicator, new_value) -> Path:
    """A copy of a complete table with one province's value changed."""
    rows = list(csv.DictReader((paths.COMPLETE / name).open(encoding="utf-8")))
    for row in rows:
        if row["province_code"] == province and row["indicator"] == indicator:
            row["value"] = new_value
    path = folder / f"{province}-{indicator}-{new_value}-{name}"
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.fixture(scope="module")
def complete_runs(tmp_path_factory):
    """The data step on edited complete tables, one edit at a time (the passing one last: it
    rewrites the copy's data/clean)."""
    folder = tmp_path_factory.mktemp("complete")
    repo = folder / "repo"
    for part in ("airace", "data", "maps"):
        shutil.copytree(paths.ROOT / part, repo / part)
    population = folder / "population_without_xinjiang.csv"
    lines = (paths.COMPLETE / "population_2024_province.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    population.write_text("".join(line for line in lines if not line.startswith("650000,")), encoding="utf-8")
    complete = "data/raw/complete/"
    return data_step_variants(repo, {
        # Shanxi 298.2 -> 300.5 moves the sum 2.0 away from the national total: beyond 31 x 0.05 = 1.55.
        "beyond rounding": {complete + "rd_expenditure_province_2023.csv":
                            _edited(folder, "rd_expenditure_province_2023.csv", "140000", "rd_expenditure", "300.5")},
        "tally off": {complete + "genai_filings_cac_new_no189_611_province.csv":
                      _edited(folder, "genai_filings_cac_new_no189_611_province.csv", "110000",
                              "genai_services_filed_cac_new_no189_611", "82")},
        "province missing": {complete + "population_2024_province.csv": population},
        "within rounding": {complete + "rd_expenditure_province_2023.csv":
                            _edited(folder, "rd_expenditure_province_2023.csv", "140000", "rd_expenditure", "298.3")},
    })


def _message(run) -> str:
    return run["stderr"].strip().splitlines()[-1]


def test_provinces_that_stop_adding_up_to_the_national_total_stop_the_build(complete_runs):
    run = complete_runs["beyond rounding"]
    assert run["returncode"] == 1 and run["clean_unchanged"]
    assert "data/raw/complete/rd_expenditure_province_2023.csv" in _message(run) and "rounding allowance" in _message(run)


def test_a_change_within_the_bulletins_rounding_passes(complete_runs):
    assert complete_runs["within rounding"]["returncode"] == 0, complete_runs["within rounding"]["stderr"]


def test_a_filings_tally_that_no_longer_adds_up_stops_the_build(complete_runs):
    message = _message(complete_runs["tally off"])
    assert "genai_filings_cac_new_no189_611_province.csv" in message and "423" in message


def test_a_province_missing_from_a_complete_table_is_named(complete_runs):
    message = _message(complete_runs["province missing"])
    assert "population_2024_province.csv" in message and "'650000'" in message and "30 of 31" in message


# ---------------------------------------------------------------------------------------------
# Ranks

def test_ranks_follow_the_source_values():
    """Independent of the package: rank GDP per person straight from the raw file."""
    rows = [r for r in raw_rows("gdp_per_capita_2024_province.csv") if r["province_code"]]
    by_value = sorted(rows, key=lambda r: -float(r["value"]))
    ranked = measures.ranked("gdp_per_person").set_index("region_code")
    for position, row in enumerate(by_value, start=1):
        assert ranked.at[row["province_code"], "rank"] == position


def test_ties_share_the_better_rank():
    ranked = measures.ranked("genai_filings")
    zeros = ranked[ranked.value == 0]
    assert len(zeros) >= 5 and zeros["rank"].nunique() == 1
    assert zeros["rank"].iloc[0] == 31 - len(zeros) + 1 and zeros.tied.all()


def test_ranks_count_only_provinces_with_a_value(monkeypatch):
    full = measures.measure("rd_spending")
    monkeypatch.setattr(measures, "measure", lambda key: full.iloc[:21].copy())
    ranked = measures.ranked("rd_spending")
    assert (ranked.of == 21).all() and ranked["rank"].max() <= 21
    assert measures.rank_words(3, 21) == "3 of 21 reported"
    assert measures.rank_words(3, 31) == "3 of 31"
    assert measures.rank_words(5, 31, tied=True) == "joint 5 of 31"


def test_filings_per_person_divide_by_the_population():
    per = measures.measure("genai_filings_per_10m").set_index("region_code").value
    filings = {r["province_code"]: float(r["value"]) for r in raw_rows("genai_filings_cac_new_no189_611_province.csv")
               if r["province_code"]}
    people = {r["province_code"]: float(r["value"]) * 1e4 for r in raw_rows("population_2024_province.csv")}
    for code in MAINLAND:
        assert per[code] == pytest.approx(filings[code] / people[code] * 1e7)


# ---------------------------------------------------------------------------------------------
# One value per field

def test_the_vouchers_line_lists_what_the_page_reports():
    """Sichuan: the articles report Chengdu's compute and model vouchers; the field lists them."""
    card = provinces.scorecard("510000", "2025-12-31")
    assert any("Chengdu" in v and "compute voucher" in v for v in card["vouchers"])
    assert "none" not in provinces.listed_fields_markdown(card).split("Vouchers")[1]


def test_the_index_and_the_pages_give_the_same_ranks():
    index = provinces.index_table("2025-12-31").set_index("region_code")
    for code in ("110000", "460000", "650000"):
        fields = {f["key"]: f for f in provinces.ranked_fields(code)}
        for key in provinces.INDEX_COLUMNS:
            assert fields[key]["rank"].split(" of ")[0].split()[-1] == str(index.at[code, key])


def test_an_island_province_is_compared_with_its_peers_on_gdp():
    near, why = provinces.peers("460000")
    assert geometry.neighbours("460000") == () and len(near) == 4 and "GDP" in why
    near, why = provinces.peers("510000")
    assert "500000" in near and "border" in why


# ---------------------------------------------------------------------------------------------
# Geometry: highlight outlines

def test_highlight_outlines_leave_out_small_and_distant_islands():
    topology = geometry.topology()
    arcs = geometry._decoded_arcs(topology)
    outlines = {g["properties"]["code"]: g for g in topology["objects"]["outlines"]["geometries"]}
    assert set(outlines) == {g["properties"]["code"] for g in topology["objects"]["provinces"]["geometries"]}
    for code, outline in outlines.items():
        areas = [geometry._ring_km2(polygon[0], arcs) for polygon in outline["arcs"]]
        assert len(areas) == 1 or min(areas) >= geometry.OUTLINE_MIN_KM2, code
    hainan = next(g for g in topology["objects"]["provinces"]["geometries"] if g["properties"]["code"] == "460000")
    assert len(hainan["arcs"]) > 1, "the source draws the South China Sea island groups as parts of Hainan"
    assert len(outlines["460000"]["arcs"]) == 1, "only Hainan Island is outlined"



def test_the_method_page_states_the_sums_the_data_gives():
    text = (paths.BOOK / "method.md").read_text(encoding="utf-8")
    rows = [r for r in raw_rows("rd_expenditure_province_2023.csv")]
    provinces = sum(float(r["value"]) for r in rows if r["province_code"] and r["indicator"] == "rd_expenditure")
    national = next(r["value"] for r in rows if not r["province_code"] and r["indicator"] == "rd_expenditure")
    assert f"{provinces:,.1f}" in text and f"{float(national):,.1f}" in text
    for word in ("Hong Kong", "Macao", "Taiwan", "South China Sea"):
        assert word in text


def test_a_category_that_stands_for_a_gap_is_grey_not_a_hue():
    import pandas as pd
    table = pd.DataFrame({"region_code": ["440000", "110000"], "value": ["named", "name not in the sources"],
                          "period": "2024", "source": "s"})
    spec = charts.province_choropleth(table, title="t", subtitle="s", unit="", legend_title="l",
                                      categories=["named", "name not in the sources"],
                                      gaps=("name not in the sources",)).to_dict()
    scale = spec["encoding"]["color"]["scale"]
    colours = dict(zip(scale["domain"], scale["range"]))
    assert colours["name not in the sources"] == charts.NO_DATA
    assert colours["named"] != charts.NO_DATA


def test_readers_see_words_not_identifiers():
    assert "_" not in provinces.labels.indicator_words("ai_core_industry_scale")
    # Every province's table of the articles' facts: its What column is words, never a field name.
    for code in MAINLAND:
        facts = provinces.facts_in(code, "2099-12-31")
        if len(facts):
            table = provinces.facts_html(facts, code)
            assert "_" not in table, code
            assert not any(f">{indicator}</td>" in table for indicator in set(facts.indicator)), code
    targets = provinces.targets_beside_starting_points("510000", "2025-12-31")
    assert not targets.measure.str.contains("_").any()
    assert list(targets.due) == sorted(targets.due), "targets read in order of their due dates"


def test_the_filings_map_title_holds_for_its_top_class():
    """The title says two provinces file far more per person: the map's top class holds those two."""
    per_person = measures.filings_per_person_for_map()
    title = measures.filings_map_title(per_person)
    top_class = per_person[per_person.value > measures.FILINGS_BREAKS[-2]]
    if "far more" in title:
        assert len(top_class) == 2 and all(name in title for name in top_class.region_en)


# ---------------------------------------------------------------------------------------------
# Corrections, round two (issue 22)

AS_OF = "2026-12-04"


def test_a_zhipu_round_names_zhipu_and_never_reads_as_money_the_place_raised():
    """Zhejiang's and Beijing's pages listed Zhipu's rounds as 'Round raised', as if the place had
    raised them; the Hangzhou row is there because Hangzhou state capital invested."""
    for code in ("110000", "330000"):
        facts = provinces.facts_in(code, AS_OF)
        rows = [r for r in facts.itertuples() if r.indicator.startswith("zhipu_")]
        assert rows, code
        for r in rows:
            words = provinces.what_words(r)
            assert "Zhipu" in words and "Round raised" not in words, words
            if r.region_code != "110000":
                assert f"{r.region_en} state capital among the investors" in words, words
        assert "Round raised" not in provinces.facts_html(facts, code)


def test_a_round_given_only_in_words_is_told_in_words():
    """Zhipu's September 2024 round is 数十亿元 in the article: not 'more than CNY 1 billion'."""
    table = provinces.facts_html(provinces.facts_in("110000", AS_OF), "Beijing")
    assert "several billion yuan" in table


def test_the_note_under_the_facts_speaks_of_quotes_only_where_there_are_some():
    for code in MAINLAND:
        facts = provinces.facts_in(code, AS_OF)
        note = provinces.quotes_note(facts)
        if not len(facts):
            assert note == "", code
            continue
        assert ("Each quote above" in note) == (facts.quote_shown != "").any(), code
        assert ("caps are" in note) == (facts.kind == "cap").any(), code
        assert "vouchers are caps" not in note
        assert "](" not in note, "glued text is escaped: a Markdown link would show as brackets"
    assert provinces.articles("650000", AS_OF).texts["quotes_note"] == ""


def test_the_province_template_glues_the_note_instead_of_printing_it():
    text = (Path(__file__).parents[2] / "notebooks" / "province.md").read_text(encoding="utf-8")
    assert "Each quote above" not in text and "quotes_note" in text


def test_an_exchange_is_listed_once_however_the_lists_spell_it():
    """Guangdong's page listed 深圳数据交易所 twice, once with its operator in brackets; Beijing's
    listed 北京国际大数据交易所 twice, once with its short name."""
    for code in MAINLAND:
        names = provinces.data_exchanges(code)
        bases = [n.split(" (")[0].strip() for n in names]
        assert len(bases) == len(set(bases)), (code, names)
    assert [n for n in provinces.data_exchanges("440000") if n.startswith("深圳数据交易所")] == [
        "深圳数据交易所 (operator 深圳数据交易有限公司)"]


def test_a_fund_flagged_as_only_partly_for_ai_says_so():
    jingxi = [f for f in provinces.funds("110000", AS_OF) if f.startswith("Beijing: Jingxi")]
    assert jingxi and "only partly for AI: AI + health" in jingxi[0]


def test_a_starting_point_for_ai_and_robotics_together_says_so_beside_an_ai_only_target():
    """Chengdu's 2024 core-industry figure (more than 100 billion yuan) is given in a sentence about
    AI and robotics together; the page set it beside the AI-only 2025 and 2026 targets unmarked."""
    table = provinces.targets_beside_starting_points("510000", AS_OF)
    core = table[table.measure == "core AI industry"]
    assert len(core) and all(p.endswith("AI and robotics together)") for p in core.starting_point)
    facts = provinces.facts_in("510000", AS_OF)
    assert [provinces.what_words(r) for r in facts.itertuples() if r.fact_id == "SC-009"] == [
        "core AI industry, as the article gives it: AI and robotics together"]


def test_the_qingdao_park_figures_are_dated_as_the_articles_date_them():
    """The feature dates only the park's 2023 revenue; its park area, national platforms and
    'little giants' were dated 2023 in the ledger, beside Xinhua's same counts dated 2024."""
    facts = provinces.facts_in("370000", AS_OF).set_index("fact_id")
    assert {facts.at[f, "period"] for f in ("FEA-004", "FEA-007", "FEA-008")} == {"not_stated"}
    assert facts.at["FEA-005", "period"] == "2023"


def test_a_figure_the_source_prints_wrongly_says_so():
    facts = provinces.facts_in("370000", AS_OF)
    row = next(r for r in facts.itertuples() if r.fact_id == "FEA-005")
    assert "Xinhua gives this figure for the whole city's AI industry" in provinces.what_words(row)


def test_a_dated_goal_without_a_number_is_not_called_no_targets():
    """Beijing's page said 'The articles report no targets for Beijing', though the feature reports
    its compute plan's goal for 2025 (到2025年基本建成智算资源供给集群化…), which has no number."""
    text = provinces.targets("110000", AS_OF).texts["targets_paragraph"]
    assert "no targets" not in text and "by 2025" in text and "no numeric target" in text
    assert provinces.targets("650000", AS_OF).texts["targets_paragraph"] == "The articles report no targets for Xinjiang."


def test_the_symposium_count_says_what_it_counts():
    """China News Weekly counts the 20 bodies whose heads spoke (负责人的发言中), not all who attended."""
    assert "whose heads spoke" in provinces.labels.indicator_words("symposium_participants")


def test_a_province_named_only_by_a_meeting_or_plan_is_reported_on():
    """Guangxi (its party secretary's first meeting of the year) and Fujian (Xiamen's AI plan) have
    a policy event and no figure: the index counted them among provinces the articles never
    mention, and their pages said '0 figures' and promised quotes in a table they do not have."""
    assert provinces.index(AS_OF).texts["n_named"] == "12 of 31"
    for code in ("450000", "350000"):
        paragraph = provinces.articles_paragraph(code, AS_OF)
        assert "0 figures" not in paragraph and "quote" not in paragraph and "no figures" in paragraph
        assert "0 figures" not in provinces.standfirst(code, AS_OF)


def test_an_event_the_source_does_not_date_is_not_dated_on_the_province_page():
    """Henan's compute plan carries only its article's date: the page says so, as the policy race does."""
    listing = provinces.events_html(provinces.events_in("410000", AS_OF))
    assert "date not given (reported 2025), Henan" in listing
    assert "<li>2025, Henan" not in listing
