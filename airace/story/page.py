"""The frame every chapter notebook shares, so a notebook only loads, calls and glues.

A chapter notebook makes one `Page` from its parameters (its name, which the runner passes from
airace/chapters.py, the date and the highlighted province), then for each finding or chart calls
one function of its chapter module. That function returns a `Section`: the sentences it built
from the data, keyed by the glue names the prose uses, and the figures to draw. `page.show`
glues the one and draws the other:

    page = Page(chapter, as_of=as_of, highlight=highlight)
    page.show(policy.deep_synthesis(deep, national, page.highlight))

and the markdown under it reads {glue:md}`deep_top` and so on."""

from __future__ import annotations

import html
from dataclasses import dataclass, field

import pandas as pd
from IPython.display import HTML, Markdown, display

from airace import datasets
from airace.publication import readable_date
from airace.regions import mainland_provinces
from airace.chapters import STORY_PART, by_name
from airace.story import charts
from airace.story.prose import as_markdown, bullet_list, glue_text


@dataclass
class Figure:
    """One chart with everything `charts.Figures.show` saves beside it."""
    chart: object
    name: str               # file name under _static/charts/CHAPTER/
    data: pd.DataFrame      # the table readers can download
    source: str
    description: str        # the text alternative, built from the same data


@dataclass
class Section:
    """What one call of a chapter module gives a notebook: sentences to glue, figures to draw."""
    texts: dict[str, str] = field(default_factory=dict)
    figures: list[Figure] = field(default_factory=list)
    note: str = ""          # said in place of the figures when the data cannot draw them
    tables: list[str] = field(default_factory=list)  # HTML tables the module built, data escaped


def key_findings(findings: list[str], missing: str) -> Section:
    """The key-findings box: a bullet list, or one line saying why there is none."""
    return Section({"key_findings": bullet_list(findings) if findings else f"- {missing}"})


def picker_html(default: str, provinces: pd.DataFrame) -> str:
    """The reader's choice of province to highlight in a chapter's charts. It starts hidden and
    book/_static/airace-charts.js shows it, so a reader without scripts (who sees no interactive
    chart) is not offered a control that does nothing. The default is stated in words."""
    names = dict(zip(provinces.code, provinces.name_en))
    if default not in names:
        raise ValueError(f"the highlighted province must be a mainland province, got {default!r}")
    options = "".join(f"<option value='{html.escape(code)}'{' selected' if code == default else ''}>"
                      f"{html.escape(name)}</option>" for code, name in sorted(names.items(), key=lambda kv: kv[1]))
    default_name = html.escape(names[default])
    return (f"<div class='airace-picker' data-default='{html.escape(default)}' hidden>"
            f"<label for='airace-picker-select'>Province highlighted in the charts</label> "
            f"<select id='airace-picker-select'>{options}</select>"
            f"<p class='airace-picker-note'>The charts highlight {default_name} unless you choose another "
            f"province; the text, the chart titles and descriptions, and the printed charts are written "
            f"with {default_name} highlighted. The address of the page keeps your choice, to share.</p></div>")


class Page:
    """A chapter page being executed: its name, parameters, facts and chart folder."""

    def __init__(self, chapter: str, *, as_of: str | None = None, highlight: str = ""):
        if not chapter:
            raise ValueError("a chapter notebook needs its name from airace/chapters.py: run it with "
                             "`python -m airace run NAME`, which passes it as the `chapter` parameter")
        self.chapter = by_name(chapter)
        self.as_of = as_of
        self.highlight = highlight
        self.facts = datasets.load_facts(as_of=as_of)
        self.regions = datasets.load_table("regions").set_index("code")
        # Pages without a highlighted province (the index, the data page) pass none.
        if highlight and (highlight not in self.regions.index or self.regions.at[highlight, "level"] != "province"):
            raise ValueError(f"highlight must be a provincial-level code from data/raw/regions.csv, got {highlight!r}")
        self.highlight_name = self.regions.at[highlight, "name_en"] if highlight else ""
        self.figures = charts.Figures(self.chapter.name)
        if as_of:
            self.glue(as_of=readable_date(as_of))   # '4 December 2026', as every dateline writes it
        if highlight:
            self.glue(highlight_name=self.highlight_name)
        # A chapter that highlights a province lets the reader choose another, at the top of the
        # page, where the page is made (book/_static/airace-charts.js does the re-highlighting).
        if highlight and self.chapter.part == STORY_PART:
            display(HTML(picker_html(highlight, mainland_provinces())))

    def glue(self, **texts: str) -> None:
        for key, text in texts.items():
            glue_text(key, text)

    def show(self, section: Section) -> None:
        self.glue(**section.texts)
        if section.note:
            display(Markdown(as_markdown(section.note)))  # data inside it shows as text
        for figure in section.figures:
            display(self.figures.show(figure.chart, name=figure.name, data=figure.data,
                                      source=figure.source, description=figure.description))
        for table in section.tables:
            display(HTML(table))
