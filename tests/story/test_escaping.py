"""Text from the data reaches pages as text: no value can add HTML, a script, a MyST role or
directive, or a file. Each renderer the pages use is fed the same hostile values."""

from __future__ import annotations

import html
import json
import re

import pandas as pd
import pytest

from airace import chapters
from airace.story import catalogue, charts, prose, provinces

HOSTILE = [
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    "{download}`/etc/passwd`",
    "```{include} /etc/passwd\n```",
    ":::{raw} html\n<script>alert(1)</script>\n:::",
    "[click](javascript:alert(1))",
    "$\\href{javascript:alert(1)}{x}$",
    "</script><script>alert(1)</script>",
]


def render_myst(text: str) -> str:
    """HTML that MyST (the parser Jupyter Book uses, with this book's extensions) makes of `text`."""
    from markdown_it.renderer import RendererHTML
    from myst_parser.config.main import MdParserConfig
    from myst_parser.parsers.mdit import create_md_parser
    config = MdParserConfig(enable_extensions={"colon_fence", "deflist", "dollarmath", "linkify", "substitution",
                                               "smartquotes", "replacements"})
    return create_md_parser(config, RendererHTML).render(text)


@pytest.mark.parametrize("value", HOSTILE)
def test_glued_sentences_show_data_as_text(value):
    sentence = prose.as_markdown(f"- **{value}**: {value} in the data.")
    rendered = render_myst(sentence)
    assert "<img" not in rendered and "<script" not in rendered and "<a " not in rendered
    assert "{download}" not in rendered or "`" in html.unescape(rendered), rendered
    # MyST turns roles and directives into nodes; here they must stay plain characters.
    tokens = _tokens(sentence)
    assert not {"myst_role", "fence", "colon_fence", "html_inline", "html_block", "math_inline", "link_open"} & tokens
    # And the reader sees every character of the value (up to white space).
    text = html.unescape(re.sub(r"<[^>]+>", "", rendered)).replace("\u201c", '"').replace("\u201d", '"')
    assert " ".join(value.split()) in " ".join(text.split())


def _tokens(text: str) -> set[str]:
    from markdown_it.renderer import RendererHTML
    from myst_parser.config.main import MdParserConfig
    from myst_parser.parsers.mdit import create_md_parser
    config = MdParserConfig(enable_extensions={"colon_fence", "dollarmath", "linkify", "substitution"})
    found = set()
    for token in create_md_parser(config, RendererHTML).parse(text):
        found.add(token.type)
        found.update(child.type for child in token.children or [])
    return found


def test_the_prose_own_markup_survives():
    rendered = render_myst(prose.as_markdown(prose.bullet_list(["**Guangdong**: 3 funds.", "none."])))
    assert "<strong>Guangdong</strong>" in rendered and rendered.count("<li>") == 2


@pytest.mark.parametrize("value", HOSTILE)
def test_chart_json_cannot_leave_its_script(value):
    text = json.dumps({"title": value, "data": {"values": [{"name": value}]}}, ensure_ascii=False)
    safe = charts.script_json(text)
    assert "<" not in safe and ">" not in safe and json.loads(safe) == json.loads(text)


@pytest.mark.parametrize("value", HOSTILE)
def test_figure_html_escapes_description_and_source(value, tmp_path, monkeypatch):
    import altair as alt
    monkeypatch.setenv("AIRACE_CHART_FOLDER", str(tmp_path))
    data = pd.DataFrame({"name": [value], "value": [1.0]})
    chart = alt.Chart(data).mark_bar().encode(x="value:Q", y="name:N").properties(title=value)
    page = charts.Figures("demo").figure_html(chart, name="demo", description=value, source=value, data=data)
    script = page[page.index("<script"):]
    body = page[:page.index("<script")]
    assert "<img src=x" not in body and "<script>alert" not in body
    assert script.count("<script") == 1 and script.count("</script>") == 1
    assert "alert(1)</script>" not in script


def test_vega_expressions_quote_their_values():
    chart = charts.province_choropleth(pd.DataFrame({"region_code": ["440000"], "value": [1.0], "period": ["2024"],
                                                     "source": ["x"]}), title="t", subtitle="s", unit="CNY",
                                       legend_title="l", highlight="440000' || alert(1) || '")
    spec = json.dumps(chart.to_dict())
    assert "== \\\"440000' || alert(1) || '\\\"" in spec


@pytest.mark.parametrize("value", HOSTILE)
def test_html_tables_escape_every_field(value):
    # Codes (kind, unit, qualifier, indicator) are checked against their vocabularies in the data
    # step and cannot hold markup; every free-text field gets the hostile value.
    facts = pd.DataFrame([{c: value for c in ("region_en", "period", "stated", "quote", "quote_shown", "source", "chapter",
                                              "value_as_written")}
                          | {"value": 1.0, "kind": "target", "unit": "CNY", "qualifier": "about", "indicator": "ai_firms",
                             "region_code": "440300"}])
    events = pd.DataFrame([{c: value for c in ("date", "date_shown", "region_en", "title_en", "source")}])
    cat = pd.DataFrame([{c: value for c in ("name", "title", "units", "period", "coverage", "sources", "path")} | {"rows": 1}])
    index = pd.DataFrame([{c: value for c in ("region_en", "region_zh")} | {"region_code": "440000", "facts": 1,
                                                                          "targets": 1, "targets_due": 1, "targets_met": 0}
                          | {key: 1 for key in provinces.RANKED}])
    for page in (provinces.facts_html(facts, value), provinces.events_html(events), catalogue.catalogue_html(cat, "x"),
                 provinces.index_html(index)):
        assert "<img" not in page and "<script" not in page


def test_a_title_from_the_data_cannot_break_the_table_of_contents(monkeypatch):
    import yaml
    hostile = chapters.Chapter("440000", 'Guangdong"\n  - file: /etc/passwd #', {}, part="Provinces",
                               folder="provinces", parent="provinces")
    monkeypatch.setattr(chapters, "CHAPTERS", chapters.CHAPTERS + (hostile,))
    toc = yaml.safe_load(chapters.toc_yaml())
    entries = [e for part in toc["parts"] for c in part["chapters"] for e in c.get("sections", [])]
    assert hostile.title in [e.get("title") for e in entries]
    assert all(e["file"] != "/etc/passwd" for e in entries)
