"""The reader's choice of province to highlight (airace/story/page.py); the browser side is tested in
tests/site/test_reader.py."""

from __future__ import annotations

import pandas as pd
import pytest

from airace.story.page import picker_html


def test_the_province_picker_states_its_default_and_escapes_names():
    provinces = pd.DataFrame({"code": ["440000", "510000"], "name_en": ["Guang<b>dong", "Sichuan"]})
    html = picker_html("440000", provinces)
    assert "<option value='440000' selected>Guang&lt;b&gt;dong</option>" in html
    assert "The charts highlight Guang&lt;b&gt;dong unless you choose another province" in html
    assert " hidden>" in html, "shown only by the chart script"
    with pytest.raises(ValueError, match="mainland province"):
        picker_html("710000", provinces)
