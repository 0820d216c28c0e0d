"""The province pages as built: what a page with no article facts says, the facts a busy page
lists, the index's links, and the maps' coverage words."""

from __future__ import annotations

import json
import re

from airace import regions
from airace.story import charts, provinces

MAINLAND = set(regions.mainland_provinces().code)


def _page(site, code):
    return (site / "book" / "provinces" / f"{code}.html").read_text(encoding="utf-8")


def _specs(html: str) -> list[dict]:
    """Chart specs as pages carry them: JSON in a script element (escaped for HTML, read by json)."""
    return [json.loads(m) for m in re.findall(r'<script type="application/json" class="airace-spec"[^>]*>(.*?)</script>',
                                              html, flags=re.S)]


def test_a_page_with_no_article_facts_says_so_in_prose(site):
    assert provinces.facts_in("650000", "2025-12-31").empty
    page = _page(site, "650000")
    assert "None of the five articles reports a figure" in page
    assert "airace-facts" not in page
    assert "cell_output" not in page.split("None of the five articles")[1].split("</p>")[0]
    assert "output stream" not in page and "output text_plain" not in page, "no notebook output box"


def test_a_page_with_many_facts_lists_each_one(site):
    facts = provinces.facts_in("440000", "2025-12-31")
    assert len(facts) > 20
    table = re.split(r"class=['\"][^'\"]*airace-facts['\"]", _page(site, "440000"))[1].split("</table>")[0]
    assert table.count("<tr>") == len(facts) + 1  # header and one row per fact
    assert "implied zero" not in table


def test_the_index_links_every_province_page(site):
    index = (site / "book" / "provinces" / "provinces.html").read_text(encoding="utf-8")
    for code in MAINLAND:
        assert f"href=\"{code}.html\"" in index or f"href='{code}.html'" in index, code
        assert (site / "book" / "provinces" / f"{code}.html").exists()


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
