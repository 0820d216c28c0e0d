"""Chart text as a reader sees it, at 360 and 390 pixels on a touch screen and at 1280: no text
cut off at the chart's edge or printed over other text, legend keys visible on the dark page, maps
that name their places, and provinces that answer a tap with their tooltip and link to their page.

Each check is a function that returns what is wrong; the checks are run first on a small page of
charts broken on purpose (drawn by Vega as they come, without book/_static/airace-charts.js), where
they must find each fault, then on the same broken charts drawn by the site's script, where the
faults must be gone, then on every chapter and a province page of the built site."""

from __future__ import annotations

import html
import json
import os
import re
from pathlib import Path

import altair as alt
import pandas as pd
import pytest
from support import STORY, visit

from airace import datasets, paths
from airace.regions import OUTSIDE_SOURCE_DATA
from airace.site import browser as reader
from airace.story import charts

PROFILE = "book/provinces/440000.html"
PAGES = [*STORY, "book/provinces/provinces.html", PROFILE]
WIDTHS = (360, 390, 1280)

# Every text a chart shows, its box against the chart's visible box (the .airace-chart element
# and the SVG viewport, whichever is smaller), and each pair of texts closer than 2 pixels
# side by side ("80" and "100" read as "80100") or overlapping by more than a pixel.
TEXT = """() => {
  const shown = el => {
    for (let n = el; n && n.nodeType === 1; n = n.parentNode) {
      const s = getComputedStyle(n);
      if (s.display === 'none' || s.visibility === 'hidden' || Number(s.opacity) === 0) return false;
      if (n.classList.contains('airace-chart')) break;
    }
    return true;
  };
  // A mark drawn with clip shows only what lies in its plot: the clip shape, in the coordinates of
  // the group that carries the clip-path.
  const clipped = (el, frame) => {
    let f = frame;
    for (let n = el; n && n.tagName !== 'svg'; n = n.parentNode) {
      const ref = /url\\(["']?#([^"')]+)/.exec(n.getAttribute('clip-path') || '');
      const shape = ref && document.getElementById(ref[1]) && document.getElementById(ref[1]).firstElementChild;
      if (!shape) continue;
      const b = shape.getBBox(), m = n.getScreenCTM();
      const a = new DOMPoint(b.x, b.y).matrixTransform(m), z = new DOMPoint(b.x + b.width, b.y + b.height).matrixTransform(m);
      f = {left: Math.max(f.left, Math.min(a.x, z.x)), right: Math.min(f.right, Math.max(a.x, z.x)),
           top: Math.max(f.top, Math.min(a.y, z.y)), bottom: Math.min(f.bottom, Math.max(a.y, z.y))};
    }
    return f;
  };
  return Array.from(document.querySelectorAll('.airace-chart')).map(el => {
    const svg = el.querySelector('svg');
    if (!svg) return {id: el.id, drawn: false, texts: 0, outside: [], overlaps: []};
    const a = el.getBoundingClientRect(), b = svg.getBoundingClientRect();
    const frame = {left: Math.max(a.left, b.left), right: Math.min(a.right, b.right),
                   top: Math.max(a.top, b.top), bottom: Math.min(a.bottom, b.bottom)};
    const texts = Array.from(svg.querySelectorAll('text')).filter(t => t.textContent.trim() && shown(t))
      .map(t => { const r = t.getBoundingClientRect();
        return {el: t, text: t.textContent, left: r.left, right: r.right, top: r.top, bottom: r.bottom}; })
      .filter(t => t.right > t.left);
    const outside = texts.filter(t => { const f = clipped(t.el, frame);
      return t.left < f.left - 1 || t.right > f.right + 1 || t.top < f.top - 1 || t.bottom > f.bottom + 1; }).map(t => t.text);
    const overlaps = [];
    texts.forEach((p, i) => texts.slice(i + 1).forEach(q => {
      const w = Math.min(p.right, q.right) - Math.max(p.left, q.left);
      const h = Math.min(p.bottom, q.bottom) - Math.max(p.top, q.top);
      if (w > -2 && h > 1) overlaps.push(p.text + ' / ' + q.text);
    }));
    return {id: el.id, drawn: true, texts: texts.length, outside, overlaps};
  });
}"""

# Legend keys (symbols) against the page's background: the better of fill and outline, each
# blended with the background by its opacity, as WCAG 1.4.11 asks of graphics (3:1).
LEGEND = """() => {
  const rgb = s => (s.match(/[\\d.]+/g) || []).map(Number);
  const lum = c => { const [r, g, b] = c.slice(0, 3).map(v => { v /= 255;
    return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  const page = rgb(getComputedStyle(document.body).backgroundColor);
  const over = (colour, alpha) => colour.slice(0, 3).map((v, i) => v * alpha + page[i] * (1 - alpha));
  const opacity = el => { let o = 1; for (let n = el; n && n.nodeType === 1 && n.tagName !== 'svg'; n = n.parentNode)
    o *= Number(getComputedStyle(n).opacity); return o; };
  const paint = (value, alpha) => {
    if (!value || value === 'none' || value.startsWith('url')) return 1;
    const c = rgb(value); const a = (c.length > 3 ? c[3] : 1) * alpha;
    return a > 0 ? ratio(over(c, a), page) : 1;
  };
  return Array.from(document.querySelectorAll('.airace-chart')).map(el => ({id: el.id,
    keys: Array.from(el.querySelectorAll('g.role-legend-symbol path')).map(p => {
      const s = getComputedStyle(p), o = opacity(p);
      const label = p.closest('g.role-legend-entry') || p.closest('g.role-legend');
      const fill = paint(s.fill, Number(s.fillOpacity) * o);
      const stroke = parseFloat(s.strokeWidth) > 0 ? paint(s.stroke, Number(s.strokeOpacity) * o) : 1;
      return {label: label ? label.textContent.slice(0, 40) : '', ratio: Math.max(fill, stroke)};
    })}));
}"""

# What a map shows: its title, its visible labels, its drawn provinces, its largest symbol, and
# each province shape with a tooltip (a choropleth's) with the link Vega follows on a click.
MAPS = """() => Array.from(document.querySelectorAll('.airace-chart')).filter(el => el.querySelector('g.mark-shape path'))
  .map(el => {
    const figure = el.closest('figure');
    const title = figure && figure.querySelector('.airace-title');
    const shown = t => getComputedStyle(t).visibility !== 'hidden' && Number(getComputedStyle(t).opacity) !== 0;
    const shapes = Array.from(el.querySelectorAll('g.mark-shape path')).map(p => p.__data__).filter(Boolean);
    const symbols = Array.from(el.querySelectorAll('g.mark-symbol path')).map(p => p.__data__ && p.__data__.datum)
      .filter(d => d && d.name_en && typeof d.value === 'number').sort((a, b) => b.value - a.value);
    const chart = el.getBoundingClientRect();
    // Filled province shapes (an outline around a highlighted province is not one); a map whose
    // shapes take more than one colour is a choropleth, whose provinces link to their pages.
    const painted = f => f !== 'none' && !/^rgba\\(.*,\\s*0\\)$/.test(f);
    const filled = Array.from(el.querySelectorAll('g.mark-shape path')).filter(p => painted(getComputedStyle(p).fill));
    const drawn = filled.map(p => p.__data__).filter(i => i && i.datum && i.datum.properties);
    const choropleth = new Set(filled.map(p => getComputedStyle(p).fill)).size > 1;
    return {id: el.id, title: title ? title.textContent : '',
            labels: Array.from(el.querySelectorAll('g.mark-text.role-mark text')).filter(shown).map(t => t.textContent),
            provinces: Array.from(new Set(drawn.map(i => i.datum.properties.code))),
            widest: Math.max(0, ...Array.from(el.querySelectorAll('g.mark-shape path')).map(p => p.getBoundingClientRect().width)) / chart.width,
            largest: symbols.length ? symbols[0].name_en : null,
            links: drawn.filter(() => choropleth).map(i => ({code: i.datum.properties.code,
              href: i.href ? new URL(i.href, location.href).pathname : ''}))};
  })"""


def chart_problems(page) -> list[str]:
    problems = []
    for chart in page.evaluate(TEXT):
        if not chart["drawn"]:
            problems.append(f"{chart['id']}: not drawn")
        problems += [f"{chart['id']}: cut off at the edge: {text!r}" for text in chart["outside"]]
        problems += [f"{chart['id']}: printed over each other: {pair!r}" for pair in chart["overlaps"]]
    return problems


def legend_problems(page) -> list[str]:
    return [f"{chart['id']}: legend key {key['label']!r} at {key['ratio']:.2f}:1 against the page"
            for chart in page.evaluate(LEGEND) for key in chart["keys"] if key["ratio"] < 3]


def place_names() -> list[str]:
    """Names of provinces and cities a map title might name, longest first ("Inner Mongolia")."""
    regions = datasets.load_table("regions")
    names = regions[regions.level.isin(["province", "city", "district"])].name_en
    return sorted({n for n in names if n}, key=len, reverse=True)


def map_problems(page, site: Path = paths.SITE) -> list[str]:
    problems, names = [], place_names()
    provinces = datasets.load_table("regions").set_index("code").name_en
    for chart in page.evaluate(MAPS):
        # A map of one province alone shows the province its title names: the whole map is it.
        whole = {provinces.get(code) for code in chart["provinces"]} if len(chart["provinces"]) == 1 else set()
        named = [n for n in charts.named_in(chart["title"], names) if n not in whole]
        problems += [f"{chart['id']}: the title names {name} but the map does not label it"
                     for name in named if name not in chart["labels"]]
        if chart["largest"] and chart["largest"] not in chart["labels"]:
            problems.append(f"{chart['id']}: the largest symbol ({chart['largest']}) has no label")
        for link in chart["links"]:
            if link["code"] in OUTSIDE_SOURCE_DATA:
                continue
            target = f"/book/provinces/{link['code']}.html"
            if link["href"] != target or not (site / target.lstrip("/")).exists():
                problems.append(f"{chart['id']}: province {link['code']} links to {link['href']!r}, not its page")
    return problems


def draw(chromium, url, width, scheme="light"):
    context, page, problems = visit(chromium, url, width=width, scheme=scheme, touch=width < 600)
    reader.wait_for_charts(page)
    return context, page, problems


# ---------------------------------------------------------------------------------------------
# A page of charts broken on purpose

def broken_specs() -> dict[str, dict]:
    """Charts with each fault these tests look for, as a careless chapter could write them."""
    long_title = "Share of all the capacity that is in use at the end of the year (percent of the whole)"
    ticks = (alt.Chart(pd.DataFrame({"what": ["a place with a long name", "another"], "value": [40, 95]}))
             .mark_bar().encode(y=alt.Y("what:N", title=None),
                                x=alt.X("value:Q", title=long_title, scale=alt.Scale(domain=[0, 100]),
                                        axis=alt.Axis(tickCount=20, labelOverlap=False)))
             .properties(width=300, height=60))
    points = pd.DataFrame({"pool": [50, 50, 60], "cap": [2, 2, 2],
                           "label": ["Nanning: compute voucher", "Qingyang: compute voucher", "Shenzhen: corpus voucher"]})
    base = alt.Chart(points).encode(x=alt.X("pool:Q", scale=alt.Scale(type="log")), y=alt.Y("cap:Q", scale=alt.Scale(type="log")))
    labels = alt.layer(base.mark_circle(size=100), base.mark_text(align="left", dx=8).encode(text="label:N")).properties(width=300, height=160)
    sizes = (alt.Chart(pd.DataFrame({"x": [1, 2, 3], "y": [1, 2, 3], "v": [10, 40, 90], "h": [True, False, False]}))
             .mark_circle().encode(x="x:Q", y="y:Q", size=alt.Size("v:Q", title="Stated size"),
                                   color=alt.condition("datum.h", alt.value(charts.ACCENT), alt.value(charts.BASE)))
             .properties(width=300, height=160))
    table = pd.DataFrame({"region_code": ["110000", "310000", "440000"], "value": [30.0, 25.0, 3.0],
                          "period": "2025", "source": "a test"})
    choropleth = charts.province_choropleth(table, title="Beijing and Shanghai file far more than anywhere else",
                                            subtitle="", unit="", legend_title="Filings").to_dict()
    # Narrow enough for a phone even when drawn as it comes, so a finger can reach Guangdong.
    choropleth.update(width=330, height=260)
    return {"ticks": ticks.to_dict(), "labels": labels.to_dict(), "sizes": sizes.to_dict(), "map": choropleth}


def unlinked(spec: dict) -> dict:
    """The map as it was before this fix: no labels, no links, no tooltips."""
    spec = json.loads(json.dumps(spec))
    spec["layer"] = [layer for layer in spec["layer"] if "geoshape" in json.dumps(layer.get("mark"))]
    for layer in spec["layer"]:
        layer.get("encoding", {}).pop("href", None)
        layer.get("encoding", {}).pop("tooltip", None)
    return spec


RAW = """document.querySelectorAll('script.airace-spec').forEach(holder => {
  const el = document.getElementById(holder.dataset.for);
  vegaEmbed(el, JSON.parse(holder.textContent), {renderer: 'svg', actions: false})
    .then(() => { el.dataset.drawn = 'true'; });
});"""


def broken_page(folder: Path, specs: dict[str, dict], *, fitted: bool, scheme: str = "light") -> str:
    """A page at book/chapters/NAME.html in a copy of the site's _static, with `specs` drawn by
    airace-charts.js (`fitted`) or by Vega as they are."""
    figures = "".join(
        f'<figure aria-labelledby="t-{name}"><p class="airace-title" id="t-{name}">{html.escape(charts.title_text(spec)[0])}</p>'
        f'<div class="airace-chart" id="vis-{name}" style="width:100%"></div></figure>'
        f'<script type="application/json" class="airace-spec" data-for="vis-{name}">{charts.script_json(json.dumps(spec))}</script>'
        for name, spec in specs.items())
    scripts = "".join(f'<script src="../../_static/vendor/{n}.min.js"></script>' for n in ("vega", "vega-lite", "vega-embed"))
    drawing = '<script src="../../_static/airace-charts.js"></script>' if fitted else f"<script>{RAW}</script>"
    background = "#14181e" if scheme == "dark" else "#ffffff"
    name = f"broken-{'fitted' if fitted else 'raw'}-{scheme}"
    page = folder / "book" / "chapters" / f"{name}.html"
    page.parent.mkdir(parents=True, exist_ok=True)
    if not (folder / "_static").exists():
        os.symlink(paths.SITE / "_static", folder / "_static")
    page.write_text(f'<!doctype html><html data-theme="{scheme}"><head><meta charset="utf-8">{scripts}</head>'
                    f'<body style="margin:8px;background:{background}"><main style="max-width:100%">{figures}</main>'
                    f'{drawing}</body></html>', encoding="utf-8")
    return f"book/chapters/{name}.html"


@pytest.fixture(scope="module")
def broken(site, tmp_path_factory):
    """The broken charts served from a scratch folder beside a link to the built site's _static."""
    folder = tmp_path_factory.mktemp("broken")
    specs = broken_specs()
    for fitted in (False, True):
        broken_page(folder, {**specs, "map": specs["map"] if fitted else unlinked(specs["map"])}, fitted=fitted)
        broken_page(folder, {"sizes": specs["sizes"], "map": specs["map"]}, fitted=fitted, scheme="dark")
    with reader.serve(folder) as url:
        yield url


def test_the_checks_find_each_fault_on_charts_drawn_as_they_come(chromium, broken):
    context, page, _ = draw(chromium, f"{broken}/book/chapters/broken-raw-light.html", 360)
    try:
        text, maps = chart_problems(page), map_problems(page)
        plain = tap_province(page, "vis-map", "440000")
    finally:
        context.close()
    assert any("vis-ticks: cut off" in p and "Share of all" in p for p in text), text
    assert any(re.search(r"vis-ticks: printed over each other: '\d+ / \d+'", p) for p in text), text
    assert any("vis-labels: printed over each other: 'Nanning" in p for p in text), text
    assert any("names Beijing but the map does not label it" in p for p in maps), maps
    assert any("province 440000 links to ''" in p for p in maps), maps
    assert not plain["tooltip"], "a map without tooltips showed one"
    # The map with its links and tooltips, but drawn by Vega alone: the first tap follows the link.
    context, page, _ = draw(chromium, f"{broken}/book/chapters/broken-raw-dark.html", 390, scheme="dark")
    try:
        legends = legend_problems(page)
        linked = tap_province(page, "vis-map", "440000")
    finally:
        context.close()
    assert any("vis-sizes: legend key" in p for p in legends), legends
    assert not linked["stayed"], "Vega alone kept the reader on the page after a tap"


def test_the_site_script_fits_the_same_broken_charts(chromium, broken):
    context, page, _ = draw(chromium, f"{broken}/book/chapters/broken-fitted-light.html", 360)
    try:
        text, maps = chart_problems(page), map_problems(page)
    finally:
        context.close()
    assert not text, text
    assert not maps, maps
    context, page, _ = draw(chromium, f"{broken}/book/chapters/broken-fitted-dark.html", 390, scheme="dark")
    try:
        legends = legend_problems(page)
    finally:
        context.close()
    assert not legends, legends


# ---------------------------------------------------------------------------------------------
# The built site

@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("page_path", PAGES)
def test_no_chart_text_is_cut_off_or_printed_over(chromium, site_url, page_path, width):
    context, page, _ = draw(chromium, f"{site_url}/{page_path}", width)
    try:
        problems = chart_problems(page) + map_problems(page)
    finally:
        context.close()
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("page_path", PAGES)
def test_legend_keys_stand_out_in_dark_mode(chromium, site_url, page_path):
    context, page, _ = draw(chromium, f"{site_url}/{page_path}", 390, scheme="dark")
    try:
        problems = legend_problems(page)
    finally:
        context.close()
    assert not problems, "\n".join(problems)


def test_a_province_page_map_shows_that_province(chromium, site_url):
    context, page, _ = draw(chromium, f"{site_url}/{PROFILE}", 390)
    try:
        maps = page.evaluate(MAPS)
    finally:
        context.close()
    assert maps, "the province page has no map"
    for chart in maps:
        assert chart["provinces"] == ["440000"], f"{chart['id']} draws {len(chart['provinces'])} provinces, not Guangdong alone"
        assert chart["widest"] > 0.5, f"{chart['id']}: Guangdong fills {chart['widest']:.0%} of the map's width"


# Tapping: a point inside the province's shape that nothing else covers, in page coordinates.
INSIDE = """([id, code]) => {
  const el = document.getElementById(id);
  el.scrollIntoView({block: 'center'});
  const path = Array.from(el.querySelectorAll('g.mark-shape path'))
    .find(p => p.__data__ && p.__data__.datum && p.__data__.datum.properties && p.__data__.datum.properties.code === code);
  if (!path) return null;
  const r = path.getBoundingClientRect();
  for (let i = 1; i < 20; i++) for (let j = 1; j < 20; j++) {
    const x = r.left + r.width * i / 20, y = r.top + r.height * j / 20;
    if (document.elementFromPoint(x, y) === path) return {x, y, href: path.__data__.href || ''};
  }
  return null;
}"""

# vega-tooltip keeps one element and marks it `visible` while it shows.
TOOLTIP = """() => { const t = document.getElementById('vg-tooltip-element');
  return t && t.classList.contains('visible') && getComputedStyle(t).display !== 'none' ? t.textContent.trim() : ''; }"""


def tap_province(page, chart_id: str, code: str) -> dict:
    """Tap the province once: the tooltip shown, where the page is, and the shape's link."""
    point = page.evaluate(INSIDE, [chart_id, code])
    assert point, f"no tappable point inside {code} on {chart_id}"
    before = page.url
    page.touchscreen.tap(point["x"], point["y"])
    page.wait_for_timeout(400)
    return {"tooltip": page.evaluate(TOOLTIP), "stayed": page.url == before, "href": point["href"], **point}


@pytest.mark.parametrize("width", (360, 390))
def test_tapping_a_province_shows_its_tooltip_then_opens_its_page(chromium, site_url, width):
    context, page, _ = draw(chromium, f"{site_url}/book/chapters/policy_race.html", width)
    try:
        chart = next(c["id"] for c in page.evaluate(MAPS) if c["links"])
        first = tap_province(page, chart, "440000")
        assert first["stayed"], "the first tap left the page before the reader saw the tooltip"
        assert "Guangdong" in first["tooltip"] and "Value" in first["tooltip"], f"tooltip: {first['tooltip']!r}"
        with page.expect_navigation():
            page.touchscreen.tap(first["x"], first["y"])
        landed = page.url
    finally:
        context.close()
    assert landed.endswith("/book/provinces/440000.html"), landed
