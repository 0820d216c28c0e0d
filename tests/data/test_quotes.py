"""Every quote is found verbatim in its article, and every Chinese quotation in the prose is too.

The article texts live in ../shared/seeds, beside the repository, not in it (they are copyrighted);
where they are absent these tests skip and say why. Whitespace is normalised before comparing,
because the copies break some paragraphs mid-sentence."""

from __future__ import annotations

import csv
import re

import pytest
from support import seed_texts

from airace import paths
from airace.data.quotes import display_form, problems
from airace.site import notebooks

TEXTS = seed_texts()
needs_seeds = pytest.mark.skipif(
    not TEXTS, reason="article texts not found in ../shared/seeds (they are kept outside the repository)")
CJK = re.compile(r"[\u3400-\u9fff]")


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@needs_seeds
@pytest.mark.parametrize("ledger", [paths.FACTS, paths.POLICY_EVENTS], ids=lambda p: p.name)
def test_every_ledger_quote_is_in_its_article(ledger):
    missing = []
    for row in csv.DictReader(ledger.open(encoding="utf-8")):
        if squash(row["quote"]) not in squash(TEXTS[row["source_id"]]):
            missing.append((row.get("fact_id") or row.get("event_id"), row["quote"]))
    assert not missing, f"quotes not found verbatim: {missing[:5]}"


def prose_quotations():
    """Chinese text inside quotation marks in the notebooks' markdown and the hand-written pages."""
    sources = []
    for notebook in sorted(paths.NOTEBOOKS.glob("*.md")):
        cells = notebooks.read(notebook).cells
        sources += [(notebook.name, c.source) for c in cells if c.cell_type == "markdown"]
    sources += [(page.name, page.read_text(encoding="utf-8")) for page in sorted(paths.BOOK.glob("*.md"))]
    for name, text in sources:
        for quote in re.findall(r'"([^"\n]+)"|“([^”\n]+)”', text):
            quote = quote[0] or quote[1]
            if CJK.search(quote) and len(CJK.findall(quote)) >= 4:
                yield name, quote


def quotable_corpus() -> str:
    """What a page may quote: the display form of every article whose copy is not reworded, and
    the display form of every original wording recorded in the ledger for one that is."""
    with paths.SOURCES.open(encoding="utf-8") as f:
        reworded = {r["source_id"] for r in csv.DictReader(f) if r.get("copy_kind") == "reworded"}
    parts = [display_form(text) for source, text in TEXTS.items() if source not in reworded]
    for ledger in (paths.FACTS, paths.POLICY_EVENTS):
        parts += [display_form(r["quote_original"]) for r in csv.DictReader(ledger.open(encoding="utf-8"))
                  if r.get("quote_original")]
    return squash("\n".join(parts))


@needs_seeds
def test_every_chinese_quotation_in_the_prose_is_the_display_form_of_quotable_text():
    """Verbatim after the display steps, never a gloss, never a machine-reworded copy's words."""
    corpus = quotable_corpus()
    found = list(prose_quotations())
    assert len(found) >= 5, "the chapters quote their sources"
    bad = [(name, q, problems(q)) for name, q in found if problems(q)]
    assert not bad, f"quotations showing glosses or reworded forms: {bad}"
    missing = [(name, q) for name, q in found if squash(q) not in corpus]
    assert not missing, f"quotations not found in a quotable text (an unreworded article or a recorded original): {missing}"


def test_no_article_is_copied_whole_into_the_repository():
    """Quotes stay short: no single quote over 120 characters, and no long run of any article."""
    for ledger in (paths.FACTS, paths.POLICY_EVENTS):
        for row in csv.DictReader(ledger.open(encoding="utf-8")):
            assert len(row["quote"]) <= 120, row["quote"]
