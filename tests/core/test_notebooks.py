"""Notebooks are thin, clean and honest: outputs stripped, parameters declared, code hidden on the
site, and no number in the prose that does not come from the data."""

from __future__ import annotations

import re

import pytest

from airace import notebooks, paths
from airace.chapters import CHAPTERS, STORY_PART, toc_yaml

NOTEBOOKS = sorted(paths.NOTEBOOKS.glob("*.md"))


def cells(notebook):
    return notebooks.read(notebook).cells


def test_notebooks_are_text_files():
    assert NOTEBOOKS, "chapters are MyST Markdown notebooks in notebooks/"
    assert not list(paths.NOTEBOOKS.glob("*.ipynb")), "authors edit text notebooks; .ipynb belongs in the build"


def test_toc_is_written_from_the_chapter_list():
    assert paths.TOC.read_text(encoding="utf-8") == toc_yaml()
    assert {c.notebook for c in CHAPTERS} == set(NOTEBOOKS)


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_outputs_are_stripped(notebook):
    # Readers never see the code: _config.yml leaves every cell's source out of the pages
    # (nb_remove_code_source), checked on the built site by tests/test_site.py.
    for cell in cells(notebook):
        if cell["cell_type"] == "code":
            assert not cell.get("outputs") and cell.get("execution_count") is None, "outputs belong in the build"


@pytest.mark.parametrize("chapter", [c for c in CHAPTERS if c.parameters], ids=lambda c: c.name)
def test_chapters_declare_their_parameters(chapter):
    parameter_cells = [c for c in cells(chapter.notebook) if "parameters" in c["metadata"].get("tags", [])]
    assert len(parameter_cells) == 1
    source = "".join(parameter_cells[0]["source"])
    for name in chapter.parameters:
        assert re.search(rf"^{name}\s*=", source, re.M), f"{name} is not set in the parameters cell"


STORY = [c for c in CHAPTERS if c.part == STORY_PART]


@pytest.mark.parametrize("chapter", STORY, ids=lambda c: c.name)
def test_a_chapter_gets_its_name_from_the_chapter_list(chapter):
    """The runner passes `chapter`; the notebook never spells its own name."""
    assert chapter.run_parameters(chapter.parameters)["chapter"] == chapter.name
    parameter_cell = next(c for c in cells(chapter.notebook) if "parameters" in c["metadata"].get("tags", []))
    assert re.search(r"^chapter\s*=", parameter_cell["source"], re.M)
    code = "\n".join(c["source"] for c in cells(chapter.notebook) if c["cell_type"] == "code")
    assert f'"{chapter.name}"' not in code and f"'{chapter.name}'" not in code


# Sentences built from data live in the chapter modules, tested there; a chapter's code cells only
# load, call one function per finding or chart, and glue.
MAX_CODE_LINES = 8


@pytest.mark.parametrize("chapter", STORY, ids=lambda c: c.name)
def test_chapter_code_cells_are_few_short_and_build_no_sentences(chapter):
    code_cells = [c["source"] for c in cells(chapter.notebook) if c["cell_type"] == "code"]
    prose = [c["source"] for c in cells(chapter.notebook) if c["cell_type"] == "markdown"]
    def lines(source):
        return [line for line in source.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    # The story is the prose: a chapter has at most one line of code for two of prose (headings aside).
    assert 2 * sum(len(lines(c)) for c in code_cells) <= sum(len(lines(p)) for p in prose)
    for source in code_cells:
        assert len(lines(source)) <= MAX_CODE_LINES, source
        assert not re.search(r"\bf[\"']", source), f"a sentence is built in the notebook: {source}"
        assert not re.search(r"^\s*(if|for|while|else)\b", source, re.M), f"logic belongs in the module: {source}"


def test_a_page_needs_its_chapter_name():
    from airace.page import Page
    with pytest.raises(ValueError, match="chapter"):
        Page("", as_of="2025-12-31", highlight="440000")
    with pytest.raises(KeyError, match="no chapter named"):
        Page("no_such_chapter", as_of="2025-12-31", highlight="440000")


# Numbers a sentence may contain without coming from the data: years and dates in citations, the
# unit definitions of the method, and ordinals of text structure. Everything else must be glued.
ALLOWED = [
    r"\{glue:md\}`[^`]+`",                     # numbers inserted from the data
    r'"[^"\n]*[\u3400-\u9fff][^"\n]*"',       # verbatim quotations (checked against the articles)
    r"“[^”\n]*”",
    r"\((?:[^()]*?)\)",                       # citations and glosses in brackets: (China News Weekly, March 2025)
    r"\b(?:[12][0-9]|3[01]|[1-9])\s+(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+20\d\d\b",
    r"\b(?:19|20)\d0s\b",                     # decades
    r"\b(?:19|20)\d\d\b",                      # years
    r'"No\. 1 document"',                      # the name of Dongguan's policy document
    r"`[^`]+`",                                # identifiers such as region codes
    r"1 EFLOPS is 1,000 PFLOPS",
    r"GB/T 2260",
]


def prose_numbers(text: str) -> list[str]:
    for pattern in ALLOWED:
        text = re.sub(pattern, " ", text)
    return re.findall(r"\d[\d,.]*%?", text)


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_no_number_in_the_prose_that_is_not_from_the_data(notebook):
    stray = []
    for cell in cells(notebook):
        if cell["cell_type"] == "markdown":
            text = "".join(cell["source"])
            text = re.sub(r"^#+ .*$", "", text, flags=re.M)     # headings hold no numbers either way
            stray += prose_numbers(text)
    assert not stray, f"numbers in prose not glued from the data: {stray}"


def test_the_number_check_can_fail():
    assert prose_numbers("Shenzhen has 2,600 firms.") == ["2,600"]
    assert prose_numbers("Shenzhen has {glue:md}`firms` firms (China News Weekly, March 2025).") == []


def test_no_placeholder_text_on_any_page(site):
    for page in site.rglob("*.html"):
        if page.relative_to(site).parts[0] in ("_static", "_sources"):
            continue
        text = re.sub(r"<script.*?</script>", "", page.read_text(encoding="utf-8"), flags=re.S)
        for word in ("TODO", "lorem ipsum", "Lorem ipsum", "placeholder text", "FIXME"):
            assert word not in text, f"{page.relative_to(site)} contains {word!r}"
