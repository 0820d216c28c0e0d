"""The pre-drawn figures' files and markup (airace/site/predraw.py), without a browser: the drawing
itself is tested on the built site (tests/site/test_first_paint.py)."""

import re

import pytest

from airace.site import predraw


def test_compact_path_rounds_to_a_tenth_and_drops_points_within_half_a_pixel():
    d = "M10.123,20.456L10.2,20.5L10.31,20.61L15.04,20.06L15.1,20.1Z"
    # 10.2,20.5 and 10.31,20.61 lie within half a pixel of 10.123,20.456: left out. 15.1,20.1 is
    # within half a pixel of 15.04,20.06 but is the ring's last point before Z: kept.
    assert predraw.compact_path(d) == "M10.1,20.5L15,20.1L15.1,20.1Z"


def test_compact_path_keeps_every_point_further_apart_than_the_tolerance():
    d = "M0,0L1,0L2,0L2,1Z"
    assert predraw.compact_path(d) == d


def test_compact_path_leaves_curves_and_relative_paths_alone():
    for d in ("M0,0C1,1,2,2,3,3Z", "M0,0l1,1z", "M0,0A5,5,0,0,1,10,10Z", "M0,0h302v240h-302Z"):
        assert predraw.compact_path(d) == d


def test_compact_path_starts_a_new_ring_after_z():
    # The second ring's first point is close to the first ring's last: it is kept (a new M).
    assert predraw.compact_path("M0,0L5,0L5,5ZM5.1,5.1L9,9Z") == "M0,0L5,0L5,5ZM5.1,5.1L9,9Z"


SVG = ('<svg xmlns="http://www.w3.org/2000/svg" class="marks" width="312" height="221.5" viewBox="0 0 312 221.5" '
       'aria-label="A &quot;title&quot; &lt;b&gt;"><g><path d="M0.123,0L100.4,0Z"></path>'
       '<text data-drawn-at="translate(1,2)">Beijing</text></g></svg>')


def test_standalone_svg_is_a_file_an_img_can_show():
    out = predraw.standalone_svg(SVG, "dark")
    assert out.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    assert "data-drawn-at" not in out
    assert 'd="M0.1,0L100.4,0Z"' in out
    # The label halo in the dark page's colour, as airace.css gives live charts.
    assert re.search(r"<style>g\.mark-text\.role-mark text\{[^}]*stroke:#14181e", out)


def drawings(height=221.5):
    svg = SVG.replace('height="221.5"', f'height="{height}"')
    return {f"{cls}-{scheme}": svg for cls, _, _ in predraw.CLASSES for scheme in predraw.SCHEMES}


def test_picture_offers_each_width_class_and_scheme_with_its_size():
    html = predraw.picture_html("../../_static/charts/compute/voucher_map", drawings(), first=True)
    sources = re.findall(r"<source [^>]*>", html)
    assert len(sources) == 3  # the wide light drawing is the <img>
    # Dark sources come before the light ones of their class, so a dark screen gets a dark figure.
    assert 'data-scheme="dark"' in sources[0] and "(prefers-color-scheme: dark)" in sources[0]
    assert 'srcset="../../_static/charts/compute/voucher_map.phone-light.svg"' in sources[1]
    img = re.search(r"<img [^>]*>", html).group(0)
    assert 'src="../../_static/charts/compute/voucher_map.wide-light.svg"' in img
    # Sizes reserve the box before the image arrives (no layout shift).
    assert all('width="312" height="222"' in tag for tag in [*sources, img])
    assert 'fetchpriority="high"' in img
    # The accessible name is the chart's title, still escaped.
    assert 'alt="A &quot;title&quot; &lt;b&gt;"' in img


def test_picture_names_the_widths_the_live_chart_is_drawn_at():
    html = predraw.picture_html("x", drawings(), first=False)
    assert 'data-widths="[[&quot;(max-width: 599.98px)&quot;, 312], [&quot;&quot;, 672]]"' in html
    assert "fetchpriority" not in html


PAGE = ('<p>x</p><div class="airace-chart" id="vis-a-one" data-predrawn="../../_static/charts/a/one"></div>'
        '<div class="airace-chart" id="vis-a-two" data-predrawn="../../_static/charts/a/two"><picture>old</picture></div>')


def test_with_pictures_fills_every_chart_box_and_replaces_an_old_picture():
    filled = predraw.with_pictures(PAGE, {"vis-a-one": drawings(), "vis-a-two": drawings(300)})
    assert filled.count("<picture") == 2 and "old" not in filled
    assert filled.count('fetchpriority="high"') == 1
    # Filling again changes nothing: a page Sphinx did not rewrite keeps its pictures.
    assert predraw.with_pictures(filled, {"vis-a-one": drawings(), "vis-a-two": drawings(300)}) == filled


def test_a_chart_box_without_a_drawing_stops_the_build():
    with pytest.raises(predraw.PredrawError, match="vis-a-two"):
        predraw.with_pictures(PAGE, {"vis-a-one": drawings()})
