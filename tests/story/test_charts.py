"""Charts and maps: valid Vega-Lite, honest defaults, clear errors for bad tables."""

from __future__ import annotations

import json

import altair as alt
import jsonschema
import pandas as pd
import pytest

from airace.errors import DataError
from airace.story import charts, prose

# Vega-Lite's own JSON schema as shipped with Altair: specs are checked against it, not against our code.
SCHEMA = alt.vegalite.v6.schema.core.load_schema()


def validate(chart) -> dict:
    spec = chart.to_dict(validate=False)
    jsonschema.validate(spec, SCHEMA)
    return spec


def sample(codes=("440000", "110000", "510000"), values=(10.0, 20.0, 30.0)) -> pd.DataFrame:
    return pd.DataFrame({"region_code": list(codes), "value": list(values), "period": "2024", "source": "test"})


def test_choropleth_is_valid_and_loads_geometry_by_url():
    spec = validate(charts.province_choropleth(sample(), title="t", subtitle="s", unit="firms", legend_title="l"))
    assert spec["data"]["url"].endswith("_static/geo/provinces.topo.json")
    assert spec["data"]["format"] == {"feature": "provinces", "type": "topojson"}
    assert "values" not in spec["data"], "geometry must not be inlined into the page"
    assert spec["projection"]["type"] == "conicEqualArea"


def test_choropleth_has_grey_no_data_and_outside_classes():
    spec = validate(charts.province_choropleth(sample(), title="t", subtitle="s", unit="firms", legend_title="l"))
    scale = spec["encoding"]["color"]["scale"]
    assert charts.NO_DATA_LABEL in scale["domain"] and charts.OUTSIDE_LABEL in scale["domain"]
    colour = dict(zip(scale["domain"], scale["range"]))
    assert colour[charts.NO_DATA_LABEL] == charts.NO_DATA
    assert colour[charts.OUTSIDE_LABEL] == charts.OUTSIDE
    lookup_data = spec["transform"][0]["from"]["data"]
    lookup = pd.DataFrame(lookup_data.get("values") or spec["datasets"][lookup_data["name"]])
    assert len(lookup) == 34
    assert set(lookup[lookup.code.isin(["710000", "810000", "820000"])]["class"]) == {charts.OUTSIDE_LABEL}
    assert (lookup["class"] == charts.NO_DATA_LABEL).sum() == 31 - 3
    tooltip_fields = {t["field"] for t in spec["encoding"]["tooltip"]}
    assert {"name_en", "name_zh", "value_label", "period", "source"} <= tooltip_fields


def test_choropleth_rejects_unknown_duplicate_and_outside_codes():
    with pytest.raises(DataError, match="999999"):
        charts.province_choropleth(sample(codes=("440000", "110000", "999999")), title="t", subtitle="s", unit="u", legend_title="l")
    with pytest.raises(DataError, match="appears twice"):
        charts.province_choropleth(sample(codes=("440000", "440000", "110000")), title="t", subtitle="s", unit="u", legend_title="l")
    with pytest.raises(DataError, match="outside the source data"):
        charts.province_choropleth(sample(codes=("440000", "110000", "810000")), title="t", subtitle="s", unit="u", legend_title="l")
    with pytest.raises(DataError, match="column missing"):
        charts.province_choropleth(sample().drop(columns=["source"]), title="t", subtitle="s", unit="u", legend_title="l")


def test_categorical_choropleth_rejects_unknown_category():
    table = sample().assign(value=["a", "b", "c"])
    validate(charts.province_choropleth(table, title="t", subtitle="s", unit="", legend_title="l", categories=["a", "b", "c"]))
    with pytest.raises(DataError, match="not one of the categories"):
        charts.province_choropleth(table, title="t", subtitle="s", unit="", legend_title="l", categories=["a", "b"])


def test_city_symbol_map_places_circles_and_rejects_unknown_places():
    points = pd.DataFrame({"region_code": ["440300", "510100"], "value": [5e8, 1e8], "period": "annual",
                           "source": "test", "label": ["a", "b"]})
    spec = validate(charts.city_symbol_map(points, title="t", subtitle="s", unit="CNY", size_title="pool"))
    base, circles, labels = spec["layer"]
    assert base["data"]["url"].endswith("provinces.topo.json")
    assert circles["encoding"]["size"]["scale"]["zero"] is True, "circle area must start at zero"
    assert {"longitude", "latitude"} <= set(circles["encoding"])
    with pytest.raises(DataError, match="no point"):
        charts.city_symbol_map(points.assign(region_code=["440300", "999999"]), title="t", subtitle="s",
                               unit="CNY", size_title="pool")


def layer_data(spec: dict, layer: dict) -> pd.DataFrame:
    data = layer["data"]
    return pd.DataFrame(data.get("values") or spec["datasets"][data["name"]])


def test_choropleth_links_each_province_to_its_page_and_labels_the_places_its_title_names():
    spec = validate(charts.province_choropleth(sample(), title="Beijing and Shanghai lead; Sichuan follows",
                                               subtitle="s", unit="firms", legend_title="l", highlight="440000"))
    areas, dots, labels = spec["layer"]
    shapes = areas["layer"][0]
    assert shapes["encoding"]["href"]["field"] == "page"
    lookup = layer_data(spec, shapes["transform"][0]["from"]).set_index("code")
    # Chapter and province pages are both two levels below the site root.
    assert lookup.at["440000", "page"] == "../../book/provinces/440000.html"
    assert lookup.at["810000", "page"] == "", "Hong Kong has no page to link to"
    assert list(layer_data(spec, labels).name_en) == ["Beijing", "Shanghai", "Sichuan"]
    assert labels["mark"]["type"] == "text" and labels["mark"]["clip"] is True
    outline = areas["layer"][1]
    assert outline["mark"]["fill"] is None, "a transparent outline would catch the taps meant for the province"


def test_symbol_maps_label_their_largest_symbols_and_a_province_map_shows_that_province():
    points = pd.DataFrame({"region_code": ["440300", "440100", "441900", "440307", "510100"],
                           "value": [1.0, 9.0, 5.0, 3.0, 2.0], "period": "p", "source": "test", "label": "x"})
    spec = validate(charts.city_symbol_map(points, title="Chengdu and the rest", subtitle="s", unit="", size_title="n"))
    labelled = list(layer_data(spec, spec["layer"][2]).name_en)
    assert labelled[0] == "Chengdu", "the place the title names comes first"
    assert labelled[1:] == ["Guangzhou", "Dongguan", "Longgang District (Shenzhen)"][:charts.LABELLED_SYMBOLS]
    guangdong = points[points.region_code != "510100"]
    spec = validate(charts.city_symbol_map(guangdong, title="Places in Guangdong", subtitle="s", unit="",
                                           size_title="n", highlight="440000", zoom="440000"))
    base, circles, labels = spec["layer"]
    assert base["transform"] == [{"filter": 'datum.properties.code == "440000"'}]
    assert "Guangdong" not in set(layer_data(spec, labels).name_en), "the whole map is Guangdong"
    assert len(layer_data(spec, labels)) == len(guangdong), "a province's own map labels every place"


def test_classes_cover_every_value_with_readable_bounds():
    breaks = charts.nice_breaks(pd.Series([3, 7, 26, 31, 60, 107]))
    assert breaks == sorted(breaks) and breaks[-1] >= 107
    assert charts.class_labels([10, 50], "firms") == ["up to 10", "10 to 50"]


@pytest.mark.parametrize("value, unit, qualifier, expected", [
    (5e8, "CNY", "up_to", "up to CNY 500 million"),
    (3e9, "CNY", "exact", "CNY 3 billion"),
    (80000, "PFLOPS", "more_than", "more than 80 EFLOPS"),
    (5000, "PFLOPS", "exact", "5 EFLOPS"),
    (65.9, "percent", "exact", "65.9%"),
    (2600, "firms", "more_than", "more than 2,600 firms"),
    (5e10, "tokens", "more_than", "more than 50 billion tokens"),
])
def test_values_read_as_a_person_would_write_them(value, unit, qualifier, expected):
    assert prose.describe_value(value, unit, qualifier) == expected


def test_figure_has_description_source_and_csv_link(tmp_path, monkeypatch):
    from airace import paths
    monkeypatch.setattr(paths, "STATIC_CHARTS", tmp_path)
    chart = alt.Chart(pd.DataFrame({"x": [1]})).mark_bar().encode(x="x:Q")
    html = charts.Figures("chapter").figure_html(chart, name="demo", description="One bar.", source="Test source",
                                                 data=pd.DataFrame({"x": [1]}))
    assert 'aria-describedby="desc-chapter-demo"' in html and "One bar." in html and "Source: Test source" in html
    assert 'href="../../_static/charts/chapter/demo.csv"' in html
    assert (tmp_path / "chapter" / "demo.csv").read_text() == "x\n1\n"
    # A static image for print, named by the title (here there is none, so by the description).
    assert 'src="../../_static/charts/chapter/demo.png" alt="One bar."' in html
    # The long description waits in a disclosure under the chart; the spec goes to airace-charts.js as data.
    assert '<details class="airace-description"><summary>Describe this chart</summary><p id="desc-chapter-demo">One bar.</p>' in html
    assert '<script type="application/json" class="airace-spec" data-for="vis-chapter-demo">' in html
    assert (tmp_path / "chapter" / "demo.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with pytest.raises(ValueError, match="description"):
        charts.Figures("chapter").figure_html(chart, name="demo", description=" ", source="s", data=pd.DataFrame())


def chapter_charts():
    """Every chart the chapter modules draw, from the real data with default parameters."""
    from airace import datasets
    from airace.story import capital, compute, data_supply, policy_race
    facts = datasets.load_facts(as_of="2025-12-31")
    events = policy_race.policy_events("2025-12-31")
    schemes = compute.vouchers(facts)
    both = schemes.dropna(subset=["pool_cny", "per_firm_cap_cny"]).assign(is_highlight=False)
    both["firms_at_cap"] = both.pool_cny / both.per_firm_cap_cny
    rounds = capital.zhipu_rounds(facts)
    funds = capital.funds(facts)
    bodies = data_supply.exchanges()
    return {
        "targets": policy_race.targets_chart(policy_race.target_series(facts), "440000"),
        "filings": policy_race.filings_chart(policy_race.filings_compared(facts)),
        "timeline": policy_race.timeline_chart(events, "440000"),
        "pyramid": policy_race.pyramid_chart(policy_race.shenzhen_pyramid(facts)),
        "capacity": compute.capacity_chart(compute.capacity(facts), "440000"),
        "utilisation": compute.utilisation_chart(compute.utilisation(facts)),
        "pool_vs_cap": compute.pool_vs_cap_chart(both),
        "spending": compute.spending_chart(compute.spending_shares(facts)),
        "voucher_sizes": data_supply.voucher_sizes_chart(data_supply.voucher_sizes(schemes)),
        "founding_years": data_supply.founding_years_chart(data_supply.founding_years(bodies)),
        "counts": data_supply.counts_chart(data_supply.exchange_counts()),
        "vertical": data_supply.vertical_data_chart(data_supply.vertical_model_data(facts)),
        "funds": capital.funds_chart(funds, [False] * len(funds)),
        "zhipu": capital.zhipu_chart(rounds),
        "rd_spending": capital.rd_spending_chart(capital.rd_spending("2023"), "440000"),
        "scales": capital.scales_chart(capital.scales_of_money(facts)),
    }


def test_every_chapter_chart_is_valid_vega_lite_with_a_title_and_tooltips():
    for name, chart in chapter_charts().items():
        spec = validate(chart)
        title = spec.get("title", {})
        assert title.get("text") and title.get("subtitle"), name
        assert '"tooltip"' in json.dumps(spec), f"{name} has no tooltip"


def test_chart_titles_follow_the_data():
    """Titles that state a finding say something else when the data stops supporting it."""
    from airace.story import data_supply
    years = pd.DataFrame({"founded_year": ["2015", "2016", "2017"], "count": [1, 1, 1], "names": ["a", "b", "c"]})
    assert data_supply.founding_years_chart(years).to_dict()["title"]["text"] == "When the exchanges were set up"
    gap = years.assign(founded_year=["2015", "2016", "2021"])
    assert "two waves" in data_supply.founding_years_chart(gap).to_dict()["title"]["text"]
    rising = pd.DataFrame({"period": ["2023", "2024"], "what": "x", "value": [10.0, 20.0], "qualifier": "exact",
                           "value_label": "", "as_written": "", "source": "", "flag": ""})
    # Counts by different rules are not a series: the title states their spread, with their hedges, and no trend.
    for table in (rising, rising.assign(value=[20.0, 10.0], qualifier=["more_than", "about"])):
        title = data_supply.counts_chart(table).to_dict()["title"]["text"]
        assert "steadily" not in title and "rise" not in title
    title = data_supply.counts_chart(data_supply.exchange_counts()).to_dict()["title"]["text"]
    assert title == "Counts range from more than 30 to about 60, each counting something different"


def test_counts_become_ordered_classes_with_zero_as_data():
    classes, labels = charts.count_classes([0, 1, 2, 3, 7])
    assert labels == ["None", "1", "2", "3 or more"]
    assert classes == ["None", "1", "2", "3 or more", "3 or more"]
    spec = charts.province_choropleth(sample().assign(value=["None", "1", "3 or more"]), title="t", subtitle="s", unit="",
                                      legend_title="l", categories=labels, ordered=True).to_dict()
    colours = dict(zip(spec["encoding"]["color"]["scale"]["domain"], spec["encoding"]["color"]["scale"]["range"]))
    assert colours["None"] != charts.NO_DATA, "zero is a value, not a gap"
    assert colours["None"] == charts.SEQUENTIAL[0] and colours["3 or more"] == charts.SEQUENTIAL[-1]


def test_utilisation_title_follows_the_data():
    from airace.story import compute
    util = pd.DataFrame({"what": ["China", "Chengdu", "Chengdu"], "part": ["used", "used for AI (at most)", "used for other work"],
                         "value": [30.0, 13.2, 52.7], "value_label": "", "source": "", "fact_ids": ""})
    assert "AI is a small part" in compute.utilisation_title(util)
    busy_ai = util.assign(value=[30.0, 50.0, 10.0])
    assert compute.utilisation_title(busy_ai) == "How much of the compute built is used"


def test_a_titled_figure_is_named_by_its_title(tmp_path, monkeypatch):
    from airace import paths
    monkeypatch.setattr(paths, "STATIC_CHARTS", tmp_path)
    chart = alt.Chart(pd.DataFrame({"x": [1]})).mark_bar().encode(x="x:Q").properties(
        title=charts.titled("One bar stands alone", "A subtitle that explains it"))
    html = charts.Figures("chapter").figure_html(chart, name="demo", description="One bar.", source="s",
                                                 data=pd.DataFrame({"x": [1]}))
    assert 'aria-labelledby="title-chapter-demo"' in html
    assert '<p class="airace-title" id="title-chapter-demo">One bar stands alone</p>' in html
    assert '<p class="airace-subtitle">A subtitle that explains it</p>' in html
    assert 'alt="One bar stands alone"' in html


def test_the_highlight_colour_gets_a_legend():
    table = pd.DataFrame({"label": ["a", "b"], "value": [1, 2], "region_code": ["440300", "110000"],
                          "is_highlight": [True, False]})
    chart = alt.Chart(table).mark_bar().encode(
        x="value:Q", y="label:N", color=alt.condition("datum.is_highlight", alt.value(charts.ACCENT), alt.value(charts.BASE)))
    colour = charts.explain_highlight(chart.to_dict())["encoding"]["color"]
    assert colour["scale"] == {"domain": ["Guangdong (highlighted)", "Other places"], "range": [charts.ACCENT, charts.BASE]}
    assert colour.get("legend") is not None
    # No row highlighted: one colour, nothing to explain, the condition stays.
    plain = alt.Chart(table.assign(is_highlight=False)).mark_bar().encode(
        x="value:Q", color=alt.condition("datum.is_highlight", alt.value(charts.ACCENT), alt.value(charts.BASE)))
    assert "condition" in charts.explain_highlight(plain.to_dict())["encoding"]["color"]


def test_a_year_only_date_is_a_span_not_the_first_of_january():
    from airace.story import policy_race
    events = policy_race.policy_events("2025-12-31")
    year_only = events[events.date.str.len() == 4]
    assert len(year_only)
    assert (year_only.date_end.str[5:] == "12-31").all() and (year_only.precision == "year only").all()
    spec = policy_race.timeline_chart(events, "440000").to_dict()
    marks = {layer["mark"]["type"]: layer["transform"][0]["filter"] for layer in spec["layer"]}
    assert marks["bar"] == "datum.precision == 'year only'" and marks["point"] == "datum.precision != 'year only'"
