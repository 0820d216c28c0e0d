"""One house style for every chart, and the few chart types the chapters use.

Every chart goes on a page through `Figures.show`, which writes the data behind it to a CSV the
reader can download, and wraps it in a figure with a text description, a source line and a
link to that CSV. Charts are drawn in the browser by the Vega libraries the site serves itself.
"""

from __future__ import annotations

import html
import json
import math
import os
import re
from dataclasses import dataclass
from pathlib import Path

import altair as alt
import pandas as pd

from airace import chapters, datasets, paths, publication, reads
from airace.errors import DataError
from airace.regions import OUTSIDE_SOURCE_DATA, load_regions
from airace.story.prose import describe_value, format_value, trimmed_number

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans SC', 'Noto Sans CJK SC', sans-serif"
INK = "#1f2933"
MUTED = "#616e7c"
# Okabe-Ito: distinguishable with the common forms of colour blindness.
CATEGORICAL = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
ACCENT = "#D55E00"     # the highlighted place
BASE = "#0072B2"       # everything else
# ColorBrewer YlGnBu, colour-blind safe, light to dark.
SEQUENTIAL = ["#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#0c2c84"]
NO_DATA = "#c8c8c8"
OUTSIDE = "#e9e9e9"
NO_DATA_LABEL = "No data in sources"
OUTSIDE_LABEL = "Hong Kong, Macao, Taiwan: outside source data"
# Equal-area conic centred on China: areas compare honestly, unlike Mercator.
PROJECTION = dict(type="conicEqualArea", parallels=[25, 47], rotate=[-105, 0, 0])
MAP_WIDTH, MAP_HEIGHT = 520, 400  # fits the book's text column, with the legend below


@alt.theme.register("airace", enable=True)
def house_theme() -> alt.theme.ThemeConfig:
    return {
        "config": {
            "font": FONT,
            "view": {"stroke": None},
            "background": "white",
            "title": {"anchor": "start", "fontSize": 16, "fontWeight": 600, "color": INK,
                      "subtitleFontSize": 13, "subtitleColor": MUTED, "subtitlePadding": 6, "offset": 12},
            "axis": {"labelColor": MUTED, "titleColor": MUTED, "labelFontSize": 12, "titleFontSize": 12,
                     "gridColor": "#e4e7eb", "domainColor": "#9aa5b1", "tickColor": "#9aa5b1"},
            # Legend symbols are outlined, so an open ("target") symbol is not white on white.
            "legend": {"labelColor": INK, "titleColor": MUTED, "labelFontSize": 12, "titleFontSize": 12,
                       "orient": "bottom", "direction": "vertical", "labelLimit": 360, "titleLimit": 480,
                       "symbolStrokeColor": INK, "symbolStrokeWidth": 1},
            "range": {"category": CATEGORICAL},
            "bar": {"color": BASE},
            "line": {"color": BASE},
            "point": {"color": BASE},
        }
    }


# ---------------------------------------------------------------------------------------------
# Putting a chart on a page

@dataclass
class Figures:
    """The charts of one page: `Figures("policy_race").show(chart, ...)` in a notebook; the name is
    the page's name in airace/chapters.py, so the files land in _static/charts/NAME/."""
    chapter: str

    def show(self, chart: alt.TopLevelMixin, *, name: str, description: str, source: str,
             data: pd.DataFrame):
        from IPython.display import HTML
        return HTML(self.figure_html(chart, name=name, description=description, source=source, data=data))

    def href(self, name: str, suffix: str) -> str:
        return f"{self.static_url()}/charts/{self.chapter}/{name}.{suffix}"

    def static_url(self) -> str:
        """The site's _static folder from the page: the front page (book/intro) is one folder
        deep, chapters and profiles two; a link that climbs too far works only at a domain's root."""
        try:
            depth = chapters.by_name(self.chapter).page.count("/")
        except KeyError:  # a page outside the chapter list (tests): a chapter's depth
            return paths.STATIC_URL_FROM_CHAPTER
        return "/".join([".."] * depth + ["_static"])

    def figure_html(self, chart, *, name: str, description: str, source: str, data: pd.DataFrame) -> str:
        if not description.strip() or not source.strip():
            raise ValueError(f"chart {name!r}: every chart needs a description and a source line")
        # The build runner points the kernel at a fresh folder and swaps it in only when the whole
        # chapter ran, so a failed run never leaves a chapter's published charts half-replaced.
        folder = Path(os.environ.get(paths.CHART_FOLDER_VARIABLE, paths.STATIC_CHARTS / self.chapter))
        target = folder / f"{name}.csv"
        target.parent.mkdir(parents=True, exist_ok=True)
        data.to_csv(target, index=False, lineterminator="\n")
        spec = without_verbatim_quotes(explain_highlight(chart.properties(description=description).to_dict()))
        if not os.environ.get(paths.NO_IMAGES_VARIABLE):
            target.with_suffix(".png").write_bytes(static_image(spec, source))
        text = json.dumps(spec, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        # Ids come from the page and chart names, so re-executed pages stay identical when nothing changed.
        ident = f"{self.chapter}-{name}"
        safe_json = script_json(text)
        citation = self.citation(spec, f"figure-{ident}", source)
        title, subtitle = title_text(spec)
        # The title and subtitle are HTML, so they wrap on a phone and name the figure for screen
        # readers; the long description is there on demand, under the chart. The PNG (title and
        # source line drawn in) is what prints. On screen the chart box shows the figure pre-drawn
        # for the reader's width class and colour scheme (inserted by airace/site/predraw.py at
        # data-predrawn + ".phone-light.svg" …); airace-charts.js draws it live when a reader
        # interacts.
        return f"""<figure class="airace-figure" id="figure-{ident}" aria-labelledby="title-{ident}" aria-describedby="desc-{ident}">
<p class="airace-title" id="title-{ident}">{html.escape(title)}</p>
{f'<p class="airace-subtitle">{html.escape(subtitle)}</p>' if subtitle else ''}
<div class="airace-chart" id="vis-{ident}" data-predrawn="{self.href(name, "")[:-1]}"></div>
<img class="airace-static" src="{self.href(name, "png")}" alt="{html.escape(title or description)}" loading="lazy">
<figcaption>
<p class="airace-source">Source: {html.escape(source)}. <a class="airace-csv" href="{self.href(name, "csv")}" download>Download the data (CSV)</a> · <a class="airace-png" href="{self.href(name, "png")}" download>image (PNG)</a></p>
<p class="airace-cite"><a class="airace-permalink" href="#figure-{ident}">Link to this chart</a> · Cite: {html.escape(citation)}</p>
<details class="airace-description"><summary>Describe this chart</summary><p id="desc-{ident}">{html.escape(description)}</p></details>
</figcaption>
</figure>
<script type="application/json" class="airace-spec" data-for="vis-{ident}">{safe_json}</script>"""


    def citation(self, spec: dict, anchor: str, source: str) -> str:
        """One line to cite this chart by, pointing at its anchor on the published page."""
        try:
            chapter = chapters.by_name(self.chapter)
            page, chapter_title = chapter.page, chapter.title
        except KeyError:  # a page outside the chapter list (tests): cited under its own name
            page, chapter_title = f"book/chapters/{self.chapter}", self.chapter
        title = spec.get("title", "")
        text = title.get("text", "") if isinstance(title, dict) else title
        text = " ".join(text) if isinstance(text, list) else str(text)
        return publication.chart_citation(text or chapter_title, chapter_title,
                                          publication.page_url(page, anchor), source)


def title_text(spec: dict) -> tuple[str, str]:
    """A spec's title and subtitle as plain text (Vega-Lite allows a string, or lines in a list)."""
    def joined(value) -> str:
        return " ".join(value) if isinstance(value, list) else (value or "")
    title = spec.get("title") or ""
    if isinstance(title, dict):
        return joined(title.get("text")), joined(title.get("subtitle"))
    return joined(title), ""


# The ledger's verbatim copy text (converter glosses, reworded wording) is for checking, not for
# readers: a page carries only the display form (`quote_shown`), made by airace.quotes.
VERBATIM_QUOTE_FIELDS = ("quote", "quote_original")


def without_verbatim_quotes(spec: dict) -> dict:
    """The spec with the verbatim quote fields left out of the data it embeds in the page."""
    for name, rows in spec.get("datasets", {}).items():
        spec["datasets"][name] = [{k: v for k, v in row.items() if k not in VERBATIM_QUOTE_FIELDS} for row in rows]
    return spec


def script_json(text: str) -> str:
    """JSON that cannot end or open anything inside a <script> element, whatever strings it holds:
    '<', '>' and '&' as JSON escapes, and the two line separators JavaScript once rejected."""
    for character, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                               ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(character, escaped)
    return text


def static_image(spec: dict, source: str) -> bytes:
    """A PNG of the chart for print and for readers without JavaScript, rendered by vl-convert
    (the same Vega-Lite, run in Python), with its source line under the subtitle so the image
    stands alone. The geometry, which pages load by URL, is inlined into this copy of the spec
    only, since the converter has no web server to fetch it from."""
    import copy
    import textwrap

    import vl_convert

    spec = copy.deepcopy(spec)
    config = spec.setdefault("config", {})
    for key in ("axis", "legend", "header"):
        config.setdefault(key, {}).update(labelLimit=0)
    title = spec.get("title")
    if isinstance(title, dict):
        subtitle = title.get("subtitle") or []
        subtitle = [subtitle] if isinstance(subtitle, str) else list(subtitle)
        title["subtitle"] = subtitle + textwrap.wrap(f"Source: {source}.", 80)
    topology = None

    def inline(node):
        nonlocal topology
        if isinstance(node, dict):
            data = node.get("data")
            if isinstance(data, dict) and str(data.get("url", "")).endswith(paths.PROVINCE_TOPOLOGY.name):
                if topology is None:
                    reads.record(paths.PROVINCE_TOPOLOGY)
                    topology = json.loads(paths.PROVINCE_TOPOLOGY.read_text(encoding="utf-8"))
                node["data"] = {"values": topology, "format": data["format"]}
            for value in node.values():
                inline(value)
        elif isinstance(node, list):
            for value in node:
                inline(value)

    inline(spec)
    unlimited_labels(spec)
    # The Vega-Lite release Altair writes for, the one the site serves (test_chart_libraries checks
    # both); no URL may be fetched: the only outside data, the geometry, is inlined above.
    return vl_convert.vegalite_to_png(spec, vl_version=".".join(alt.VEGALITE_VERSION.split(".")[:2]),
                                      scale=1.5, allowed_base_urls=[])


def unlimited_labels(node) -> None:
    """No label cut short with an ellipsis in the printed image: axis, legend and header labels
    and titles take the room they need (the image is scaled to the page)."""
    if isinstance(node, dict):
        for key in ("axis", "legend", "header"):
            if isinstance(node.get(key), dict):
                node[key].update(labelLimit=0, **({"titleLimit": 0} if key == "legend" else {}))
        for value in node.values():
            unlimited_labels(value)
    elif isinstance(node, list):
        for value in node:
            unlimited_labels(value)


# ---------------------------------------------------------------------------------------------
# Formatting

# ---------------------------------------------------------------------------------------------
# Maps

def nice_breaks(values: pd.Series, classes: int = 5) -> list[float]:
    """Upper bounds of up to `classes` classes, rounded to readable numbers, covering all values."""
    values = pd.Series(values, dtype=float).dropna()
    if values.empty:
        return []
    quantiles = sorted(set(values.quantile([i / classes for i in range(1, classes + 1)]).tolist()))
    breaks = []
    for q in quantiles:
        rounded = _round_up(q)
        if not breaks or rounded > breaks[-1]:
            breaks.append(rounded)
    return breaks


def _round_up(x: float) -> float:
    if x <= 0:
        return 0.0
    magnitude = 10 ** math.floor(math.log10(x))
    for step in (1, 2, 2.5, 5, 10):
        if x <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def class_labels(breaks: list[float], unit: str) -> list[str]:
    """Legend labels for classes; plain counts leave their unit to the legend title."""
    def short(value):
        return format_value(value, unit) if unit in ("CNY", "USD", "percent", "PFLOPS") else trimmed_number(value)
    labels, lower = [], None
    for upper in breaks:
        labels.append(f"up to {short(upper)}" if lower is None else f"{short(lower)} to {short(upper)}")
        lower = upper
    return labels


def count_classes(values, top: int = 3) -> tuple[list[str], list[str]]:
    """Counts as ordered classes ('None', '1', '2', '3 or more'): zero is data, not a gap, and
    whole numbers read better as classes than as ranges like '1 to 2'."""
    labels = ["None"] + [str(n) for n in range(1, top)] + [f"{top} or more"]

    def label(n):
        n = int(n)
        return labels[0] if n == 0 else (str(n) if n < top else labels[-1])

    return [label(v) for v in values], labels


def log_domain(values) -> list[float]:
    """A log-scale domain with room on both sides, so no dot sits on the axis line."""
    values = pd.Series(values, dtype=float).dropna()
    low, high = values[values > 0].min(), values.max()
    return [10 ** math.floor(math.log10(low / 1.5)), 10 ** math.ceil(math.log10(high * 1.5))]


def log_ticks(domain: list[float]) -> list[float]:
    """Gridlines for a log axis: powers of ten, with 2x and 5x steps when there are few of them."""
    low, high = domain
    powers = [10.0 ** e for e in range(math.floor(math.log10(low)), math.ceil(math.log10(high)) + 1)]
    ticks = [p for p in powers if low <= p <= high]
    if len(ticks) < 4:
        ticks = sorted(v for p in powers for v in (p, 2 * p, 5 * p) if low <= v <= high)
    return ticks


def titled(title: str, subtitle: str, width: int = 80) -> alt.Title:
    """A title that states the finding, and a subtitle wrapped to lines Vega will not cut off."""
    import textwrap
    return alt.Title(title, subtitle=textwrap.wrap(subtitle, width) if subtitle else "")


def province_table(table: pd.DataFrame, *, value: str = "value", unit: str, breaks: list[float] | None = None,
                   categories: list[str] | None = None) -> tuple[pd.DataFrame, list[str]]:
    """All 34 provincial-level units with the table's values joined by code and classed.

    `table` needs region_code, value, period and source columns, one row per province. A code not in
    the crosswalk, or a province twice, is an error, never a silent blank."""
    regions = load_regions()
    provinces = regions[regions.level == "province"][["code", "name_en", "name_zh"]]
    for column in ("region_code", value, "period", "source"):
        if column not in table.columns:
            raise DataError("<table given to province_choropleth>", None, column, None, "column missing")
    unknown = sorted(set(table.region_code) - set(provinces.code))
    if unknown:
        raise DataError("<table given to province_choropleth>", None, "region_code", unknown[0],
                        "not a provincial-level code in data/raw/regions.csv")
    duplicated = table.region_code[table.region_code.duplicated()]
    if len(duplicated):
        raise DataError("<table given to province_choropleth>", None, "region_code", duplicated.iloc[0],
                        "province appears twice: aggregate or filter first")
    if table.region_code.isin(OUTSIDE_SOURCE_DATA).any():
        raise DataError("<table given to province_choropleth>", None, "region_code",
                        table.region_code[table.region_code.isin(OUTSIDE_SOURCE_DATA)].iloc[0],
                        "Hong Kong, Macao and Taiwan are outside the source data of this book")
    merged = provinces.merge(table.rename(columns={"region_code": "code"}), on="code", how="left")
    if categories is not None:
        # Categorical map: `value` holds the category name itself.
        unknown = sorted(set(merged[value].dropna()) - set(categories))
        if unknown:
            raise DataError("<table given to province_choropleth>", None, value, unknown[0], "not one of the categories")
        labels = list(categories)
    else:
        breaks = breaks if breaks is not None else nice_breaks(merged[value])
        labels = class_labels(breaks, unit)

    def classify(row):
        if row.code in OUTSIDE_SOURCE_DATA:
            return OUTSIDE_LABEL
        if pd.isna(row[value]):
            return NO_DATA_LABEL
        if categories is not None:
            return row[value]
        for upper, label in zip(breaks, labels):
            if row[value] <= upper:
                return label
        return labels[-1]

    merged["class"] = merged.apply(classify, axis=1)
    merged["value_label"] = [
        "outside the source data" if code in OUTSIDE_SOURCE_DATA else
        ("no data" if pd.isna(v) else (v if categories is not None else format_value(v, unit)))
        for code, v in zip(merged.code, merged[value])]
    if "detail" in merged.columns:
        merged["value_label"] = [f"{label}: {d}" if isinstance(d, str) and d else label
                                 for label, d in zip(merged.value_label, merged.detail)]
    merged["period"] = merged["period"].fillna("")
    merged["source"] = merged["source"].fillna("")
    return merged.reset_index(drop=True), labels


def geometry_url() -> str:
    return f"{paths.STATIC_URL_FROM_CHAPTER}/{paths.STATIC_MAPS.name}/{paths.PROVINCE_TOPOLOGY.name}"


def province_page(code: str) -> str:
    """The address of a province's page from a chapter or province page ('' for a province with no
    page: Hong Kong, Macao, Taiwan), for the maps' links."""
    try:
        return f"{paths.SITE_ROOT_FROM_CHAPTER}/{chapters.by_name(str(code)).page}.html"
    except KeyError:
        return ""


# How many of a symbol map's largest symbols carry a label besides the places its title names.
LABELLED_SYMBOLS = 3


def named_in(title: str, names) -> list[str]:
    """The names a title mentions, as whole words, in the order given."""
    return [n for n in names if isinstance(n, str) and n and re.search(rf"(?<!\w){re.escape(n)}(?!\w)", title)]


def map_labels(labels: pd.DataFrame) -> alt.Chart:
    """Direct labels on a map: `labels` has name_en, lon and lat, in order of importance (the
    browser script keeps the first when two would collide). On the page a halo in the page colour
    keeps a label legible on any fill (book/_static/airace.css); it is not in the spec, since the
    printed image's renderer would paint it over the letters."""
    return (alt.Chart(labels[["name_en", "lon", "lat"]])
            # Clipped, so a long name at the edge does not widen the chart and shrink the map;
            # the browser script moves it inside instead.
            .mark_text(align="left", baseline="middle", dx=7, fontSize=12, fontWeight=600, clip=True)
            .encode(longitude="lon:Q", latitude="lat:Q", text="name_en:N"))


def province_points() -> pd.DataFrame:
    """Each provincial-level unit's name and representative point (maps/build_geometry.py)."""
    located = datasets.load_table("regions")
    located = located[(located.level == "province") & (located.lon != "")]
    return located.assign(lon=located.lon.astype(float), lat=located.lat.astype(float))[["code", "name_en", "lon", "lat"]]


def province_choropleth(table: pd.DataFrame, *, title: str, subtitle: str, unit: str, legend_title: str,
                        highlight: str | None = None, breaks: list[float] | None = None,
                        value: str = "value", categories: list[str] | None = None,
                        ordered: bool = False, gaps: tuple[str, ...] = ()) -> alt.Chart:
    """A classed choropleth of the provinces, geometry loaded by URL from the site.

    Numeric values are put into classes (`breaks`, or rounded quantiles); with `categories`, the
    value column holds one of those names and each gets a colour-blind-safe colour (light to dark
    when `ordered`, for counts such as none, one, two, three or more). Provinces
    missing from the table are grey "no data", and so are `gaps`, categories that stand for a gap;
    Hong Kong, Macao and Taiwan are a lighter grey."""
    joined, labels = province_table(table, value=value, unit=unit, breaks=breaks, categories=categories)
    domain = labels + [NO_DATA_LABEL, OUTSIDE_LABEL]
    if categories is not None and ordered:
        step = (len(SEQUENTIAL) - 1) / max(1, len(labels) - 1)
        colours = [SEQUENTIAL[round(i * step)] for i in range(len(labels))]
    elif categories is not None:
        colours = CATEGORICAL[:len(labels)]
    else:
        colours = SEQUENTIAL[-len(labels):] if len(labels) <= 3 else SEQUENTIAL[:len(labels)]
    # A category that stands for a gap ("name not in the sources") is grey like "no data", never a hue.
    colours = [NO_DATA if label in gaps else colour for label, colour in zip(labels, colours)]
    # Every province links to its page; on a phone the first tap shows the tooltip and a second
    # tap follows the link (book/_static/airace-charts.js).
    joined["page"] = [province_page(code) for code in joined.code]
    joined["more"] = ["tap again or click for the province's page" if page else "" for page in joined.page]
    lookup = joined[["code", "name_en", "name_zh", "class", "value_label", "period", "source", "page", "more"]]
    areas = (
        alt.Chart(alt.topo_feature(geometry_url(), "provinces"))
        .mark_geoshape(strokeJoin="round", stroke="white", strokeWidth=0.6)
        .transform_lookup(lookup="properties.code",
                          from_=alt.LookupData(lookup, "code", list(lookup.columns.drop("code"))))
        .encode(
            color=alt.Color("class:N", title=legend_title,
                            scale=alt.Scale(domain=domain, range=colours + [NO_DATA, OUTSIDE])),
            href=alt.Href("page:N"),
            tooltip=[alt.Tooltip("name_en:N", title="Province"), alt.Tooltip("name_zh:N", title="中文"),
                     alt.Tooltip("value_label:N", title="Value"), alt.Tooltip("period:N", title="Period"),
                     alt.Tooltip("source:N", title="Source"), alt.Tooltip("more:N", title="More")],
        )
    )
    if highlight:
        # The outline comes from the geometry's `outlines` object, which leaves out islands under
        # 1,000 km²: a thick outline would turn them into dots that read as places of their own.
        outline = (
            alt.Chart(alt.topo_feature(geometry_url(), "outlines"))
            # Values go into Vega expressions as JSON string literals, never spliced in raw.
            .transform_filter(f"datum.properties.code == {json.dumps(str(highlight))}")
            # No fill at all (Vega-Lite's "transparent" would catch the pointer): a tap or hover
            # on the highlighted province reaches the province below, with its tooltip and link.
            .mark_geoshape(filled=False, fill=None, stroke=INK, strokeWidth=2.5, strokeJoin="round")
        )
        areas = alt.layer(areas, outline)
    # The places the title names get a dot and their name: a reader looking for "Beijing and
    # Shanghai" should not have to know where they are.
    points = province_points().set_index("name_en")
    named = points.loc[named_in(title, points.index)].reset_index()
    if len(named):
        dots = alt.Chart(named[["name_en", "lon", "lat"]]).mark_circle(size=30, color=INK, opacity=1).encode(
            longitude="lon:Q", latitude="lat:Q", tooltip=[alt.Tooltip("name_en:N", title="Province")])
        areas = alt.layer(areas, dots, map_labels(named))
    return areas.project(**PROJECTION).properties(width=MAP_WIDTH, height=MAP_HEIGHT, title=titled(title, subtitle))


def city_symbol_map(points: pd.DataFrame, *, title: str, subtitle: str, unit: str, size_title: str,
                    highlight: str | None = None, zoom: str | None = None) -> alt.LayerChart:
    """Proportional circles (area ~ value) at city points over a grey province base map.

    `points` needs region_code, value, period, source and label columns; a province-wide value sits
    at the province's representative point. Unknown or unlocated codes are errors. With `zoom` (a
    province code) the map shows that province alone, filling the frame. The places the title
    names and the largest symbols are labelled."""
    # The clean crosswalk carries names, province and the point maps/build_geometry.py made.
    located = datasets.load_table("regions").set_index("code")
    table = points.copy()
    unknown = sorted(set(table.region_code) - set(located.index[located.lon != ""]))
    if unknown:
        raise DataError("<table given to city_symbol_map>", None, "region_code", unknown[0],
                        "no point for this place: add it to data/raw/regions.csv and run `make maps`")
    place = located.loc[table.region_code]
    table["lon"] = place.lon.astype(float).values
    table["lat"] = place.lat.astype(float).values
    table["name_en"] = place.name_en.values
    table["name_zh"] = place.name_zh.values
    table["value_label"] = [describe_value(v, unit, q) for v, q in
                            zip(table.value, table.get("qualifier", pd.Series(["exact"] * len(table))))]
    # On a map of one province every place is in it: a colour for "highlighted" would say nothing.
    table["is_highlight"] = (place.province_code == highlight).values & (zoom is None)
    base = alt.Chart(alt.topo_feature(geometry_url(), "provinces"))
    if zoom:
        # The projection fits what is drawn: the province alone (and its places) fills the frame.
        base = base.transform_filter(f"datum.properties.code == {json.dumps(str(zoom))}")
    base = base.mark_geoshape(fill="#eceff1", stroke="white", strokeWidth=0.6)
    circles = (
        alt.Chart(table[["label", "region_code", "name_en", "name_zh", "lon", "lat", "value", "value_label",
                         "period", "source", "is_highlight"]])
        .mark_circle(opacity=0.75, stroke="white", strokeWidth=0.8)
        .encode(
            longitude="lon:Q", latitude="lat:Q",
            size=alt.Size("value:Q", title=size_title, scale=alt.Scale(range=[0, 1500], zero=True),
                          legend=alt.Legend(labelExpr=legend_label_expression(unit))),
            color=alt.condition("datum.is_highlight", alt.value(ACCENT), alt.value(BASE)),
            tooltip=[alt.Tooltip("label:N", title="What"), alt.Tooltip("name_en:N", title="Place"),
                     alt.Tooltip("name_zh:N", title="中文"), alt.Tooltip("value_label:N", title="Value"),
                     alt.Tooltip("period:N", title="Period"), alt.Tooltip("source:N", title="Source")],
        )
    )
    return (alt.layer(base, circles, map_labels(symbol_labels(table, title, zoom)))
            .project(**PROJECTION)
            .properties(width=MAP_WIDTH, height=MAP_HEIGHT, title=titled(title, subtitle)))


def symbol_labels(table: pd.DataFrame, title: str, zoom: str | None) -> pd.DataFrame:
    """The labels of a symbol map, most important first: places the title names (a province named
    but not a symbol sits at its point), then the largest symbols; on a map zoomed to one province,
    every place, largest first."""
    places = (table.groupby("name_en", sort=False).agg(lon=("lon", "first"), lat=("lat", "first"), value=("value", "sum"))
              .reset_index().sort_values("value", ascending=False, kind="stable"))
    named = places[places.name_en.isin(named_in(title, places.name_en))]
    provinces = province_points()
    # A province named but not a symbol sits at its point; on a map of that province alone, the
    # map itself is the province, and its name in the middle would read as a city.
    provinces = provinces[provinces.name_en.isin(named_in(title, provinces.name_en)) & ~provinces.name_en.isin(places.name_en)
                          & (provinces.code != zoom)]
    largest = places if zoom else places.head(LABELLED_SYMBOLS)
    return (pd.concat([named, provinces, largest])[["name_en", "lon", "lat"]]
            .drop_duplicates("name_en").reset_index(drop=True))


def legend_label_expression(unit: str) -> str:
    """A Vega expression that labels legend values the way format_value does: no '100M' for yuan."""
    if unit in ("CNY", "USD"):
        prefix = json.dumps(f"{unit} ")
        return (f"datum.value >= 1e9 ? {prefix} + format(datum.value / 1e9, ',.3~f') + ' billion' : "
                f"{prefix} + format(datum.value / 1e6, ',.3~f') + ' million'")
    return "format(datum.value, ',.3~f')"


# ---------------------------------------------------------------------------------------------
# Charts

def ranked_bars(table: pd.DataFrame, *, label: str, title: str, subtitle: str, x_title: str,
                highlight_field: str = "is_highlight", value: str = "value",
                tooltip: list | None = None, width: int = 380) -> alt.Chart:
    """Horizontal bars sorted by value; the highlighted rows stand out in the accent colour."""
    height = max(120, 26 * len(table))
    return (
        alt.Chart(table)
        .mark_bar()
        .encode(
            y=alt.Y(f"{label}:N", sort="-x", title=None, axis=alt.Axis(labelLimit=220)),
            x=alt.X(f"{value}:Q", title=x_title, axis=alt.Axis(format=",.3~f")),
            color=alt.condition(f"datum.{highlight_field}", alt.value(ACCENT), alt.value(BASE)),
            tooltip=tooltip or [alt.Tooltip(f"{label}:N"), alt.Tooltip(f"{value}:Q", format=",")],
        )
        .properties(width=width, height=height, title=titled(title, subtitle))
    )


# ---------------------------------------------------------------------------------------------
# Legends for highlights

# Flags other than the highlighted province that charts colour in the accent, and their legend words.
FLAG_LABELS = {"is_corpus": ("Corpus (training-data) vouchers", "Other vouchers")}
CODE_FIELDS = ("province_code", "region_code", "code")


def explain_highlight(spec: dict) -> dict:
    """Give the accent colour a legend. Charts colour flagged rows with a condition
    (`datum.is_highlight` in ACCENT, the rest in BASE), which Vega-Lite draws without a legend;
    this rewrites each such colour as a two-entry scale named for what is highlighted ("Guangdong",
    "Other places"), so every colour on the page is explained. A condition no row meets is left
    alone: one colour needs no key."""
    datasets = spec.get("datasets", {})

    def walk(view: dict, data_name: str | None) -> None:
        data = view.get("data")
        data_name = data.get("name", data_name) if isinstance(data, dict) else data_name
        colour = view.get("encoding", {}).get("color")
        condition = colour.get("condition") if isinstance(colour, dict) else None
        if isinstance(condition, dict) and condition.get("value") == ACCENT and colour.get("value") == BASE \
                and str(condition.get("test", "")).startswith("datum."):
            flag = condition["test"][len("datum."):]
            rows = [row for row in datasets.get(data_name, []) if row.get(flag) is True]
            words = FLAG_LABELS.get(flag) or _highlighted_place(rows)
            if rows and words:
                view.setdefault("transform", []).append(
                    {"calculate": f"datum[{json.dumps(flag)}] ? {json.dumps(words[0])} : {json.dumps(words[1])}",
                     "as": "highlight_key"})
                view["encoding"]["color"] = {
                    "field": "highlight_key", "type": "nominal", "title": None,
                    "scale": {"domain": list(words), "range": [ACCENT, BASE]},
                    "legend": {"orient": "bottom"}}
        for key in ("layer", "hconcat", "vconcat", "concat"):
            for child in view.get(key, []):
                walk(child, data_name)
        if isinstance(view.get("spec"), dict):
            walk(view["spec"], data_name)

    walk(spec, None)
    return spec


def _highlighted_place(rows: list[dict]) -> tuple[str, str] | None:
    """("Guangdong", "Other places") when every highlighted row lies in one province."""
    provinces = set()
    for row in rows:
        code = next((str(row[f]) for f in CODE_FIELDS if row.get(f)), None)
        if code is None:
            return None
        provinces.add(code[:2] + "0000")
    if len(provinces) != 1:
        return None
    regions = load_regions().set_index("code")
    return f"{regions.at[provinces.pop(), 'name_en']} (highlighted)", "Other places"
