"""The complete province tables, the measures and ranks read from them, and the province pages."""

from __future__ import annotations

import csv
import json
import re
import shutil

import pytest

from airace import charts, geometry, measures, paths, profiles, regions
from test_data import run_data_step

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

def _edit(repo, name, province, indicator, new_value):
    path = repo / "data" / "raw" / "complete" / name
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    for row in rows:
        if row["province_code"] == province and row["indicator"] == indicator:
            row["value"] = new_value
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def test_provinces_that_stop_adding_up_to_the_national_total_stop_the_build(repo_copy):
    # Shanxi 298.2 -> 300.5 moves the sum 2.0 away from the national total: beyond 31 x 0.05 = 1.55.
    _edit(repo_copy, "rd_expenditure_province_2023.csv", "140000", "rd_expenditure", "300.5")
    result = run_data_step(repo_copy)
    assert result.returncode != 0
    message = result.stderr.strip().splitlines()[-1]
    assert "data/raw/complete/rd_expenditure_province_2023.csv" in message and "rounding allowance" in message


def test_a_change_within_the_bulletins_rounding_passes(repo_copy):
    _edit(repo_copy, "rd_expenditure_province_2023.csv", "140000", "rd_expenditure", "298.3")
    assert run_data_step(repo_copy).returncode == 0


def test_a_filings_tally_that_no_longer_adds_up_stops_the_build(repo_copy):
    _edit(repo_copy, "genai_filings_cac_new_no189_611_province.csv", "110000",
          "genai_services_filed_cac_new_no189_611", "82")
    message = run_data_step(repo_copy).stderr.strip().splitlines()[-1]
    assert "genai_filings_cac_new_no189_611_province.csv" in message and "423" in message


def test_a_province_missing_from_a_complete_table_is_named(repo_copy):
    path = repo_copy / "data" / "raw" / "complete" / "population_2024_province.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(line for line in lines if not line.startswith("650000,")), encoding="utf-8")
    message = run_data_step(repo_copy).stderr.strip().splitlines()[-1]
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
    card = profiles.scorecard("510000", "2025-12-31")
    assert any("Chengdu" in v and "compute voucher" in v for v in card["vouchers"])
    assert "none" not in profiles.listed_fields_markdown(card).split("Vouchers")[1]


def test_the_index_and_the_pages_give_the_same_ranks():
    index = profiles.index_table("2025-12-31").set_index("region_code")
    for code in ("110000", "460000", "650000"):
        fields = {f["key"]: f for f in profiles.ranked_fields(code)}
        for key in profiles.INDEX_COLUMNS:
            assert fields[key]["rank"].split(" of ")[0].split()[-1] == str(index.at[code, key])


def test_an_island_province_is_compared_with_its_peers_on_gdp():
    near, why = profiles.peers("460000")
    assert geometry.neighbours("460000") == () and len(near) == 4 and "GDP" in why
    near, why = profiles.peers("510000")
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


# ---------------------------------------------------------------------------------------------
# The built pages

def _page(site, code):
    return (site / "book" / "provinces" / f"{code}.html").read_text(encoding="utf-8")


def test_a_page_with_no_article_facts_says_so_in_prose(site):
    assert profiles.facts_in("650000", "2025-12-31").empty
    page = _page(site, "650000")
    assert "None of the five articles reports a figure" in page
    assert "airace-facts" not in page
    assert "cell_output" not in page.split("None of the five articles")[1].split("</p>")[0]
    assert "output stream" not in page and "output text_plain" not in page, "no notebook output box"


def test_a_page_with_many_facts_lists_each_one(site):
    facts = profiles.facts_in("440000", "2025-12-31")
    assert len(facts) > 20
    table = re.split(r"class=['\"]airace-facts['\"]", _page(site, "440000"))[1].split("</table>")[0]
    assert table.count("<tr>") == len(facts) + 1  # header and one row per fact
    assert "implied zero" not in table


def test_the_index_links_every_province_page(site):
    index = (site / "book" / "provinces" / "provinces.html").read_text(encoding="utf-8")
    for code in MAINLAND:
        assert f"href=\"{code}.html\"" in index or f"href='{code}.html'" in index, code
        assert (site / "book" / "provinces" / f"{code}.html").exists()


def _specs(html: str) -> list[dict]:
    """Chart specs as pages carry them: JSON in a script element (escaped for HTML, read by json)."""
    return [json.loads(m) for m in re.findall(r'<script type="application/json" class="airace-spec"[^>]*>(.*?)</script>',
                                              html, flags=re.S)]


def test_maps_with_gaps_say_how_many_of_31_they_show(site):
    """Every choropleth on the site: when a province is grey 'no data', the subtitle says n of 31."""
    checked = 0
    for page in sorted(site.rglob("*.html")):
        for spec in _specs(page.read_text(encoding="utf-8")):
            text = json.dumps(spec, ensure_ascii=False)
            if "properties.code" not in text or "class" not in text:
                continue
            checked += 1
            lookups = [d for d in re.findall(r'"class": "([^"]+)"', text)]
            subtitle = " ".join(spec.get("title", {}).get("subtitle", []))
            if charts.NO_DATA_LABEL in lookups:
                assert re.search(r"\d+ of 31", subtitle), (page.name, subtitle)
    # Two choropleths each in policy and data supply, one each in compute, capital and the index.
    assert checked >= 7


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
    assert "_" not in profiles.labels.indicator_words("ai_core_industry_scale")
    targets = profiles.targets_beside_starting_points("510000", "2025-12-31")
    assert not targets.measure.str.contains("_").any()
    assert list(targets.by) == sorted(targets.by), "targets read in order of their dates"


def test_the_filings_map_title_holds_for_its_top_class():
    """The title says two provinces file far more per person: the map's top class holds those two."""
    per_person = measures.filings_per_person_for_map()
    title = profiles.filings_map_title(per_person)
    top_class = per_person[per_person.value > measures.FILINGS_BREAKS[-2]]
    if "far more" in title:
        assert len(top_class) == 2 and all(name in title for name in top_class.region_en)
