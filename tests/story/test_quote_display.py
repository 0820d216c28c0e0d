"""Readers see quotes in a display form made mechanically from the ledger: glosses removed,
simplified characters; nothing from a machine-reworded copy is shown as anyone's words."""

from __future__ import annotations

import csv
import re

import pandas as pd
import pytest
from support import seed_texts

from airace import paths
from airace.data import quotes

TEXTS = seed_texts()
needs_seeds = pytest.mark.skipif(
    not TEXTS, reason="article texts not found in ../shared/seeds (they are kept outside the repository)")


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def reworded_sources() -> set[str]:
    with paths.SOURCES.open(encoding="utf-8") as f:
        return {r["source_id"] for r in csv.DictReader(f) if r.get("copy_kind") == "reworded"}


# --- the steps --------------------------------------------------------------------------------

@pytest.mark.parametrize("printed, shown", [
    ("每年會披發(fā)最高5億元“訓(xùn)力券”", "每年会披发最高5亿元“训力券”"),
    ("全國首個(gè)區(qū)級數(shù)據(jù)局", "全国首个区级数据局"),
    ("深圳开放算力中心(1000P)", "深圳开放算力中心(1000P)"),  # parentheses that are text stay
    ("《深圳市算力基础设施高质量发展行动计划(2024-2025)》", "《深圳市算力基础设施高质量发展行动计划(2024-2025)》"),
    ("长虹云帆大模型(DeepSeek)", "长虹云帆大模型(DeepSeek)"),
])
def test_display_form_removes_glosses_and_simplifies(printed, shown):
    assert quotes.display_form(printed) == shown


def test_problems_name_glosses_and_reworded_forms():
    assert quotes.problems("人工智能数据") == []
    assert any("gloss" in p for p in quotes.problems("數(shù)據(jù)"))
    assert any("reworded" in p for p in quotes.problems("东谈主工智能"))
    assert any("reworded" in p for p in quotes.problems("產業鴻溝年均增長"))


def test_a_reworded_copy_is_never_shown_unless_its_original_was_read():
    assert quotes.shown_quote("深圳已集會東談主工智能企業(yè)2600余家", reworded_copy=True) == ""
    assert quotes.shown_quote("x", reworded_copy=True, original="北京正在使用的算力") == "北京正在使用的算力"
    with pytest.raises(ValueError, match="reworded"):
        quotes.shown_quote("東談主工智能", reworded_copy=False)


# --- the ledger -------------------------------------------------------------------------------

def clean(name: str) -> pd.DataFrame:
    return pd.read_csv(paths.DATA_CLEAN / f"{name}.csv", dtype=str, keep_default_na=False)


@pytest.mark.parametrize("name", ["facts", "policy_events"])
def test_every_shown_quote_is_clean_and_none_comes_from_a_reworded_copy(name):
    table = clean(name)
    reworded = reworded_sources()
    assert reworded, "the source registry marks the China News Weekly copy as reworded"
    for row in table.to_dict("records"):
        shown = row["quote_shown"]
        assert quotes.problems(shown) == [], (row, quotes.problems(shown))
        if row["source_id"] in reworded:
            # Shown only where the original wording was read, and then exactly its display form.
            assert shown == (quotes.display_form(row["quote_original"]) if row["quote_original"] else ""), row
        else:
            assert shown == quotes.display_form(row["quote"]), row
    if name == "facts":
        assert (table.quote_shown[table.source_id.isin(reworded)] != "").sum() >= 3, \
            "some original China News Weekly wording was recorded"


def test_every_original_names_the_page_it_was_read_on():
    for name in ("facts", "policy_events"):
        table = clean(name)
        with_original = table[table.quote_original != ""]
        assert with_original.quote_original_url.str.match(r"^https?://").all()


@needs_seeds
@pytest.mark.parametrize("name", ["facts", "policy_events"])
def test_display_steps_lose_nothing(name):
    """The display form of each quote from an unreworded copy is in the display form of its article:
    the same mechanical steps on both sides, so they add and drop nothing but glosses and script."""
    reworded = reworded_sources()
    articles = {k: squash(quotes.display_form(t)) for k, t in TEXTS.items()}
    missing = [(r["source_id"], r["quote_shown"]) for r in clean(name).to_dict("records")
               if r["source_id"] not in reworded and squash(r["quote_shown"]) not in articles[r["source_id"]]]
    assert not missing, missing
