"""One label dictionary turns the data's codes into words (airace/story/labels.py). Whether any chart
still shows a code is checked on the executed chapters in test_chapters.py."""

from __future__ import annotations

import pytest

from airace import datasets
from airace.story import labels, prose


def test_every_code_in_the_data_has_words():
    facts = datasets.load_table("facts")
    events = datasets.load_table("policy_events")
    for vocabulary, codes in (("qualifier", facts.qualifier), ("kind", facts.kind), ("instrument", events.instrument)):
        for code in sorted(set(codes)):
            text = labels.words(code, vocabulary)
            assert "_" not in text, (vocabulary, code)


def test_a_code_without_words_is_an_error_that_says_where_to_add_them():
    with pytest.raises(KeyError, match="airace/story/labels.py has no words for the kind 'forecast'"):
        labels.kind("forecast")
    with pytest.raises(KeyError, match="qualifier 'roughly'"):
        prose.describe_value(5.0, "firms", "roughly")


@pytest.mark.parametrize("qualifier, expected", [
    ("more_than", "more than 2,600 firms"), ("up_to", "up to 2,600 firms"), ("exact", "2,600 firms")])
def test_hedges_read_as_words(qualifier, expected):
    assert prose.describe_value(2600, "firms", qualifier) == expected


def test_legend_hedges_and_count_nouns():
    assert [labels.hedge(q) for q in ("exact", "about", "more_than")] == ["Exact", "About", "More than"]
    assert labels.count_noun("algorithm_malls", 1) == "algorithm mall"
    assert labels.count_noun("algorithm_malls", 3) == "algorithm malls"
    assert labels.indicator_words("rd_personnel") == "R&D personnel"
    assert labels.indicator_words("ai_core_industry_scale") == labels.indicator("ai_core_industry_scale")


def test_an_indicator_without_words_is_an_error_not_a_field_name():
    with pytest.raises(KeyError, match=r"no words for the indicator 'rd_new_code'.*add them to labels\.INDICATORS"):
        labels.indicator_words("rd_new_code")


# Code parts that are abbreviations or shorthand: a label that keeps them as the code spells them
# ("rd expenditure", "ai park revenue") is the code with its underscores replaced, not words.
SHORTHAND = {"ai", "rd", "st", "genai", "cagr", "3y", "hkust", "gz", "a100", "zhipu", "bytedance", "industrygpt"}


def test_every_indicator_in_the_ledger_and_the_later_reports_has_words():
    facts = datasets.load_table("facts")
    outcomes = datasets.load_table("outcomes")
    for code in sorted(set(facts.indicator) | set(outcomes.indicator)):
        text = labels.indicator_words(code)
        assert text.strip() and "_" not in text, (code, text)
        if SHORTHAND & set(code.split("_")):
            assert text != code.replace("_", " "), (code, text)
            assert not {"ai", "rd", "st", "genai"} & set(text.split()), (code, text)


def test_the_codes_readers_must_not_see():
    codes = labels.codes()
    assert {"more_than", "policy_amount", "voucher_scheme", "ai_core_industry_scale", "actual"} <= codes
    # Codes that are already the reader's word are not flagged.
    assert "PFLOPS" not in codes and "compute" not in codes
