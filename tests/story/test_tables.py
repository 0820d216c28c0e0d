"""The one way the book makes a table (airace/story/tables.py)."""

from __future__ import annotations

import re

import pytest

from airace.story.tables import CARDS, WIDE, Table, folded

HOSTILE = "<img src=x onerror=alert(1)> \"quoted\" & 'single'"


def test_every_cell_carries_its_columns_header_for_the_phone_cards():
    table = Table(["Place", "Value"], [["Shenzhen", "CNY 5 billion"], ["Chengdu", "none reported"]]).html()
    cells = re.findall(r"<td data-label=\"([^\"]+)\">([^<]*)</td>", table)
    assert cells == [("Place", "Shenzhen"), ("Value", "CNY 5 billion"), ("Place", "Chengdu"), ("Value", "none reported")]
    assert "airace-cards" in table


def test_a_table_read_across_has_row_headers_and_scrolls_in_a_named_focusable_box():
    table = Table(["Province", "Rank"], [["Gansu", "20 of 31"]], layout=WIDE, row_headers=True, caption="Ranks").html()
    assert "<th scope='row' data-label=\"Province\">Gansu</th>" in table
    assert table.startswith("<div class='airace-table-scroll' role='region' tabindex='0' aria-label=\"Ranks\">")
    assert "airace-wide" in table and "<caption>Ranks</caption>" in table


def test_headers_captions_and_summaries_are_escaped():
    table = Table([HOSTILE], [["x"]], caption=HOSTILE).html()
    summary = folded(HOSTILE, table)
    for html in (table, summary):
        assert "<img" not in html
    assert 'aria-label="&lt;img src=x onerror=alert(1)&gt; &quot;quoted&quot;' in table
    assert 'data-label="&lt;img' in table


def test_a_row_of_the_wrong_length_is_refused_with_its_number():
    with pytest.raises(ValueError, match=r"table row 2 has 1 cells for 2 columns \(Place, Value\)"):
        Table(["Place", "Value"], [["a", "b"], ["c"]]).html()


def test_an_unknown_layout_is_refused():
    with pytest.raises(ValueError, match="layout"):
        Table(["a"], [["b"]], layout="grid").html()
    assert CARDS != WIDE


def test_a_folded_table_is_one_line_to_tap():
    html = folded("Show all 3 figures", "<table></table>")
    assert html == "<details class='airace-more'><summary>Show all 3 figures</summary><table></table></details>"

