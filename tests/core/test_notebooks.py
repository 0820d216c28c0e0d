"""Notebooks are thin, clean and honest: outputs stripped, parameters declared, code hidden on the
site, and no number in the prose that does not come from the data."""

from __future__ import annotations

import re

import pytest

from airace import paths
from airace.chapters import CHAPTERS, STORY_PART, toc_yaml
from airace.site import notebooks

NOTEBOOKS = sorted(paths.NOTEBOOKS.glob("*.md"))


def cells(notebook):
    return notebooks.read(notebook).cells


def test_notebooks_are_text_files():
    assert NOTEBOOKS, "chapters are MyST Markdown notebooks in notebooks/"
    assert not list(paths.NOTEBOOKS.glob("*.ipynb")), "authors edit text notebooks; .ipynb belongs in the build"


def test_toc_is_written_from_the_chapter_list():
    assert paths.TOC.read_text(encoding="utf-8") == toc_yaml()
    assert {c.notebook for c in CHAPTERS} == set(NOTEBOOKS)


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


def thin_problems(code_cells: list[str], prose: list[str], story: bool = True) -> list[str]:
    """Why a notebook is not thin: a long cell, a sentence built with an f-string, logic
    (if/for/while) that belongs in a module, or, for a story chapter, too much code for its prose
    (the province pages and the data page are made mostly of what the package builds)."""
    def lines(source):
        return [line for line in source.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    problems = []
    # The story is the prose: a page has at most one line of code for two of prose (headings aside).
    if story and 2 * sum(len(lines(c)) for c in code_cells) > sum(len(lines(p)) for p in prose):
        problems.append("more than one line of code for two of prose")
    for source in code_cells:
        if len(lines(source)) > MAX_CODE_LINES:
            problems.append(f"a cell of more than {MAX_CODE_LINES} lines: {source[:60]!r}")
        if re.search(r"\bf[\"']", source):
            problems.append(f"a sentence is built in the notebook: {source[:60]!r}")
        if re.search(r"^\s*(if|for|while|else)\b", source, re.M):
            problems.append(f"logic belongs in the module: {source[:60]!r}")
    return problems


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_every_notebook_is_thin(notebook):
    code_cells = [c["source"] for c in cells(notebook) if c["cell_type"] == "code"]
    prose = [c["source"] for c in cells(notebook) if c["cell_type"] == "markdown"]
    story = notebook in {c.notebook for c in STORY}
    assert not thin_problems(code_cells, prose, story)


def test_the_thin_check_can_fail():
    """The province page as it was: sentences and a chart built inline."""
    fat = """if len(facts):
    places = facts.groupby("region_code").size()
    chart = charts.city_symbol_map(places, title=f"The articles report {len(places)} places")"""
    problems = thin_problems([fat, "\n".join(f"x{i} = {i}" for i in range(12))], ["One line of prose."])
    assert len(problems) == 4, problems


def test_a_page_needs_its_chapter_name():
    from airace.story.page import Page
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
    r"\bR1 model\b",                          # DeepSeek's model is named R1
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
