"""Pre-drawn figures: every chart as SVG images the page shows at first paint, so a reader sees the
charts before (and without) the Vega libraries, which load only when a reader interacts.

The images are the interactive charts themselves: the build opens each page with charts in Debian's
Chromium and asks the page's own script (airace-charts.js, `airaceCharts.predraw`) to draw every
chart at each width class and colour scheme, then takes the SVG it drew. A reader's live chart is
later drawn by the same code at the same width, so the figure and the chart are one drawing in one
box, and nothing moves when the one replaces the other.

Each chart box (`<div class="airace-chart" data-predrawn="…/NAME">`, airace/story/charts.py) gets a
<picture> whose sources the browser picks by width class and colour scheme, with the image's
size, so its space is kept before it arrives. The drawings of a page are kept (`_build/predraw/`)
under a key of everything they are drawn from; a build draws again only pages whose key changed.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import time
from dataclasses import dataclass
from pathlib import Path

from airace import paths
from airace.site import browser


class PredrawError(RuntimeError):
    """A chart could not be pre-drawn: the build stops and the published site stays as it was."""


# Width classes: a media query the reader's screen matches (the last, empty, matches any) and the
# width every chart is drawn at, the column's width at 360 px (phones) and at 1280 px (wider
# screens); the figure is scaled to the column between. Phones are drawn for the narrow end, so
# text grows, rather than shrinks, on a larger phone.
CLASSES = (("phone", "(max-width: 599.98px)", 312), ("wide", "", 672))
SCHEMES = ("light", "dark")
# The viewport each class is drawn in: its column is the drawing's width, so the script's checks
# of what sticks out are made at scale 1.
VIEWPORTS = {"phone": {"width": 360, "height": 800}, "wide": {"width": 1280, "height": 900}}
# The page colour behind map labels' halo (airace.css gives the live chart the same halo).
PAGE_COLOUR = {"light": "#ffffff", "dark": "#14181e"}

CACHE = paths.BUILD / "predraw"
CHART_BOX = re.compile(r'(<div class="airace-chart" id="([^"]+)" data-predrawn="([^"]+)">)(.*?)(</div>)', re.S)
SPEC = re.compile(r'<script type="application/json" class="airace-spec"[^>]*>.*?</script>', re.S)
# What the drawing depends on besides the page's specs.
DRAWN_WITH = ("airace-charts.js", "airace.css", "vendor/vega.min.js", "vendor/vega-lite.min.js",
              "vendor/vega-embed.min.js", f"geo/{paths.PROVINCE_TOPOLOGY.name}")


def variant_name(cls: str, scheme: str) -> str:
    return f"{cls}-{scheme}"


def page_key(site: Path, page: Path) -> str:
    parts = [m.group(0).encode("utf-8") for m in SPEC.finditer(page.read_text(encoding="utf-8"))]
    parts += [(site / "_static" / f).read_bytes() for f in DRAWN_WITH if (site / "_static" / f).exists()]
    parts += [Path(__file__).read_bytes()]
    return hashlib.sha256(b"\0".join(parts)).hexdigest()


# ---------------------------------------------------------------------------------------------
# Making a drawing small enough to send: a map's provinces are paths of thousands of points with
# three decimals, about 300 KB a map. At the scale a figure is shown, a tenth of a pixel is
# invisible, and so is a point within half a pixel of the one before it.

PATH_DATA = re.compile(r' d="([^"]*)"')
ONLY_LINES = re.compile(r"^[MLZ0-9.,\-e ]*$")
COMMAND = re.compile(r"([MLZ])([^MLZ]*)")
NUMBER = re.compile(r"-?(?:\d+\.?\d*|\.\d+)(?:e-?\d+)?")


def _short(x: float) -> str:
    text = f"{x:.1f}"
    return "0" if text in ("0.0", "-0.0") else text[:-2] if text.endswith(".0") else text


def compact_path(d: str, tolerance: float = 0.5) -> str:
    """Path data of straight lines (M, L, Z) with coordinates to a tenth of a pixel and points
    closer than `tolerance` to the last one kept left out (never a ring's first or last point).
    Any other path (curves, arcs, relative commands) is returned as it is."""
    if not ONLY_LINES.match(d):
        return d
    commands = COMMAND.findall(d)
    out, last = [], None
    for i, (command, numbers) in enumerate(commands):
        if command == "Z":
            out.append("Z")
            last = None
            continue
        values = [float(v) for v in NUMBER.findall(numbers)]
        if len(values) != 2:
            return d
        x, y = values
        closes = i + 1 == len(commands) or commands[i + 1][0] != "L"
        if command == "L" and last and not closes and abs(x - last[0]) < tolerance and abs(y - last[1]) < tolerance:
            continue
        out.append(f"{command}{_short(x)},{_short(y)}")
        last = (x, y)
    return "".join(out)


def standalone_svg(svg: str, scheme: str) -> str:
    """The chart's SVG as a file an <img> shows: compact paths, the label halo the page's
    stylesheet gives live charts, and no attributes that only the live page uses."""
    svg = PATH_DATA.sub(lambda m: f' d="{compact_path(m.group(1))}"', svg)
    svg = re.sub(r' data-drawn-at="[^"]*"', "", svg)
    if 'xmlns="http://www.w3.org/2000/svg"' not in svg[:300]:
        svg = svg.replace("<svg", '<svg xmlns="http://www.w3.org/2000/svg"', 1)
    halo = (f"<style>g.mark-text.role-mark text{{paint-order:stroke;stroke:{PAGE_COLOUR[scheme]};"
            "stroke-width:3px;stroke-linejoin:round;stroke-opacity:0.85}</style>")
    opening = svg.index(">") + 1
    return svg[:opening] + halo + svg[opening:]


SIZE = re.compile(r'<svg[^>]*?\swidth="([\d.]+)"[^>]*?\sheight="([\d.]+)"')
LABEL = re.compile(r'<svg[^>]*?\saria-label="([^"]*)"')


def svg_size(svg: str) -> tuple[int, int]:
    found = SIZE.search(svg)
    if not found:
        raise PredrawError("a pre-drawn chart has no width and height")
    return round(float(found.group(1))), round(float(found.group(2)))


# ---------------------------------------------------------------------------------------------
# The picture a chart box holds

def picture_html(base: str, drawings: dict[str, str], first: bool) -> str:
    """<picture> with a source per width class and scheme: dark ones first, each with its size so
    the box keeps its height before the image arrives. `base` is the chart's address less the
    suffix; the wide light drawing is the <img> every browser understands. Its class tells the
    theme the image is made for light and dark pages (no dimming, no light backing)."""
    def size(variant):
        width, height = svg_size(drawings[variant])
        return f'width="{width}" height="{height}"'

    sources = []
    for cls, query, _ in CLASSES[:-1]:
        dark, light = variant_name(cls, "dark"), variant_name(cls, "light")
        sources.append(f'<source media="{query} and (prefers-color-scheme: dark)" data-scheme="dark" '
                       f'data-query="{query}" srcset="{base}.{dark}.svg" {size(dark)}>')
        sources.append(f'<source media="{query}" data-scheme="light" data-query="{query}" '
                       f'srcset="{base}.{light}.svg" {size(light)}>')
    widest = CLASSES[-1][0]
    dark, light = variant_name(widest, "dark"), variant_name(widest, "light")
    sources.append(f'<source media="(prefers-color-scheme: dark)" data-scheme="dark" data-query="" '
                   f'srcset="{base}.{dark}.svg" {size(dark)}>')
    label = LABEL.search(drawings[light])
    alt = label.group(1) if label else ""  # already escaped as an attribute by the browser
    widths = html.escape(json.dumps([[query, width] for _, query, width in CLASSES]), quote=True)
    # The first chart is what a reader waits for: fetched first. The others load with the page,
    # not lazily, so a reader scrolling down finds them drawn.
    priority = ' fetchpriority="high"' if first else ""
    return (f'<picture class="airace-predrawn" data-widths="{widths}">' + "".join(sources)
            + f'<img class="dark-light" src="{base}.{light}.svg" {size(light)} alt="{alt}" decoding="async"{priority}></picture>')


def chart_boxes(text: str) -> list[tuple[str, str]]:
    """Each chart box of a page: its element id and the base address of its pre-drawn figures."""
    return [(m.group(2), html.unescape(m.group(3))) for m in CHART_BOX.finditer(text)]


def with_pictures(text: str, drawings: dict[str, dict[str, str]]) -> str:
    """The page with each chart box holding its picture (replacing one from an earlier build)."""
    seen = []

    def fill(match):
        ident, base = match.group(2), match.group(3)
        if ident not in drawings:
            raise PredrawError(f"chart {ident} was not pre-drawn")
        seen.append(ident)
        return match.group(1) + picture_html(base, drawings[ident], first=len(seen) == 1) + match.group(5)

    return CHART_BOX.sub(fill, text)


# ---------------------------------------------------------------------------------------------
# Drawing in Chromium

def draw_pages(site: Path, pages: list[str]) -> dict[str, dict[str, dict[str, str]]]:
    """For each page, each chart's SVG in every width class and scheme, drawn by the page itself."""
    from playwright.sync_api import sync_playwright  # heavy: only a build that draws needs it

    drawn: dict[str, dict[str, dict[str, str]]] = {}
    with browser.serve(site) as url, sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=browser.CHROMIUM, args=browser.FLAGS)
        try:
            context = chromium.new_context()
            # Drawn from the machine: nothing off it is fetched.
            context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(url)
                          else route.abort())
            page = context.new_page()
            errors: list[str] = []
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            for name in pages:
                charts: dict[str, dict[str, str]] = {}
                try:
                    page.goto(f"{url}/{name}", wait_until="load")
                    page.wait_for_function("() => window.airaceCharts", timeout=30_000)
                    for cls, _, width in CLASSES:
                        page.set_viewport_size(VIEWPORTS[cls])
                        for scheme in SCHEMES:
                            for chart in page.evaluate("([w, m]) => airaceCharts.predraw(w, m)", [width, scheme]):
                                if not chart["svg"]:
                                    raise PredrawError(f"{name}: chart {chart['id']} drew nothing"
                                                       + (f" ({errors[-1]})" if errors else ""))
                                charts.setdefault(chart["id"], {})[variant_name(cls, scheme)] = \
                                    standalone_svg(chart["svg"], scheme)
                except PredrawError:
                    raise
                except Exception as error:  # playwright's errors: name the page, not a traceback
                    raise PredrawError(f"pre-drawing the charts of {name} failed: {error}") from None
                drawn[name] = charts
        finally:
            chromium.close()
    return drawn


@dataclass
class Drawings:
    """What `draw_changed` found: the pages with charts, where each page's drawings are kept, and
    how many were drawn anew."""
    pages: list[str]
    cached: dict[str, Path]
    drawn: int
    seconds: float


def draw_changed(site: Path) -> Drawings:
    """Draw the charts of every page of `site` whose key changed since it was last drawn, into the
    cache; the pages themselves are not touched (`fill_pages` does that), so the book's PDF can be
    printed from them at the same time."""
    if not browser.CHROMIUM:
        raise PredrawError("charts are pre-drawn by Debian's chromium, which is not installed: "
                           "`make chromium` installs it")
    started = time.perf_counter()
    pages = [p for p in browser.pages(site) if 'class="airace-chart"' in (site / p).read_text(encoding="utf-8")]
    CACHE.mkdir(parents=True, exist_ok=True)
    cached = {p: CACHE / f"{page_key(site, site / p)}.json" for p in pages}
    todo = [p for p in pages if not cached[p].exists()]
    if todo:
        for name, charts in draw_pages(site, todo).items():
            cached[name].write_text(json.dumps(charts, sort_keys=True), encoding="utf-8")
    return Drawings(pages, cached, len(todo), time.perf_counter() - started)


def fill_pages(site: Path, drawings: Drawings, log=print) -> None:
    """Give every chart box of `site` its pre-drawn figures, from the drawings kept."""
    started = time.perf_counter()
    pages, cached = drawings.pages, drawings.cached
    for name in pages:
        charts = json.loads(cached[name].read_text(encoding="utf-8"))
        page = site / name
        text = page.read_text(encoding="utf-8")
        for ident, base in chart_boxes(text):
            for variant, svg in charts.get(ident, {}).items():
                target = (page.parent / f"{base}.{variant}.svg").resolve()
                if site.resolve() not in target.parents:
                    raise PredrawError(f"{name}: chart {ident} points outside the site ({base})")
                target.parent.mkdir(parents=True, exist_ok=True)
                if not target.exists() or target.read_text(encoding="utf-8") != svg:
                    target.write_text(svg, encoding="utf-8")
        filled = with_pictures(text, charts)
        if filled != text:
            page.write_text(filled, encoding="utf-8")
    # Drawings of pages that are gone or changed are not kept.
    for old in CACHE.glob("*.json"):
        if old not in cached.values():
            old.unlink()
    charts_total = sum(len(chart_boxes((site / p).read_text(encoding="utf-8"))) for p in pages)
    log(f"  pre-drawn figures: {charts_total} charts on {len(pages)} pages "
        f"({drawings.drawn} pages drawn anew) in {drawings.seconds + time.perf_counter() - started:.1f}s")


def without_pictures(text: str) -> str:
    """The page as Jupyter Book wrote it, before any picture was filled in (what prints: pictures
    are not printed, each chart's PNG is)."""
    return CHART_BOX.sub(lambda m: m.group(1) + m.group(5), text)
