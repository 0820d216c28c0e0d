"""The one declarative list of chapters. The build runner executes these notebooks with these
parameters, and `_toc.yml` is written from this list, so the two never drift apart."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from datetime import date

from airace import paths

STORY_PART = "Chapters"   # the part of the table of contents the story chapters are in
FRONT_PART = ""           # the root page, which is in no part


@dataclass(frozen=True)
class Chapter:
    name: str                      # output is book/FOLDER/NAME.ipynb -> NAME.html
    title: str
    parameters: dict = field(default_factory=dict)
    part: str = STORY_PART         # the part of the table of contents it appears in
    source: str = ""               # notebook to execute, when several pages share one (profiles)
    folder: str = "chapters"       # where the executed copy goes under book/
    parent: str = ""               # listed in the table of contents under this page, if any

    @property
    def notebook(self):
        """The text notebook authors edit (MyST Markdown, read by jupytext)."""
        return paths.NOTEBOOKS / f"{self.source or self.name}.md"

    @property
    def executed(self):
        return paths.BOOK / self.folder / f"{self.name}.ipynb"

    @property
    def page(self) -> str:
        return "/".join(part for part in ("book", self.folder, self.name) if part)

    def run_parameters(self, parameters: dict) -> dict:
        """What papermill passes the notebook. A story chapter also gets its own name as `chapter`,
        so its chart folder and its page come from this list, never from a string in the notebook."""
        return {**parameters, "chapter": self.name} if self.part in (STORY_PART, FRONT_PART) else dict(parameters)


# Default parameters: what the sources had stated by the book's date (the follow-up research of
# data/raw/outcomes.csv was compiled on 4 December 2026), Guangdong highlighted: the province the
# sources ask about most ("why was DeepSeek born in Hangzhou and not in Guangdong?").
DEFAULTS = {"as_of": "2026-12-04", "highlight": "440000"}

# The front page is a notebook too: its scoreboard is computed, so it moves with the data and `as_of`.
FRONT = Chapter("intro", "China's local AI race after DeepSeek", {"as_of": DEFAULTS["as_of"]},
                part=FRONT_PART, folder="")

STORY: tuple[Chapter, ...] = (
    Chapter("policy_race", "The policy race", dict(DEFAULTS)),
    Chapter("compute", "The compute bottleneck", dict(DEFAULTS)),
    Chapter("data_supply", "Data supply", dict(DEFAULTS)),
    Chapter("capital", "Capital", dict(DEFAULTS)),
    Chapter("promises", "Did they deliver?", dict(DEFAULTS)),
)


def _provincial_rows() -> list[dict]:
    """The provincial-level rows of data/raw/regions.csv (read with csv: this list is imported by
    every command, and pandas would slow each one)."""
    with paths.REGIONS.open(encoding="utf-8") as f:
        return [r for r in csv.DictReader(f) if r["level"] == "province"]


def _profiles() -> tuple[Chapter, ...]:
    """One profile page per mainland provincial-level division, all from notebooks/province.md,
    listed under an index page that maps them."""
    provinces = [r for r in _provincial_rows() if r["code"] not in ("710000", "810000", "820000")]
    return tuple(
        Chapter(f"{r['code']}", f"{r['name_en']} ({r['name_zh']})", {"province": r["code"], "as_of": DEFAULTS["as_of"]},
                part="Provinces", source="province", folder="provinces", parent="provinces")
        for r in provinces)


CHAPTERS: tuple[Chapter, ...] = (FRONT,) + STORY + (
    Chapter("provinces", "Province profiles", {"as_of": DEFAULTS["as_of"]},
            part="Provinces", folder="provinces"),
) + _profiles() + (
    # The data page is a notebook too, so its coverage figures come from the data, not from prose.
    Chapter("data", "The data", {}, part="About this book"),
)

FRONT_PAGE = FRONT.page
# Hand-written pages, placed before the generated ones of a part.
HAND_WRITTEN = {"About this book": ("book/method", "book/about", "book/changelog")}


def by_name(name: str) -> Chapter:
    for chapter in CHAPTERS:
        if chapter.name == name:
            return chapter
    known = ", ".join(c.name for c in CHAPTERS)
    raise KeyError(f"no chapter named {name!r}; chapters are: {known}")


def toc_yaml() -> str:
    """The text of _toc.yml for Jupyter Book 1, from the list above."""
    lines = [
        "# Written by `python -m airace toc` from airace/chapters.py: edit that list, not this file.",
        "format: jb-book",
        f"root: {FRONT_PAGE}",
        "parts:",
    ]
    for part in dict.fromkeys(c.part for c in CHAPTERS if c.part != FRONT_PART):
        lines += [f"  - caption: {part}", "    chapters:"]
        lines += [f"      - file: {page}" for page in HAND_WRITTEN.get(part, ())]
        for chapter in CHAPTERS:
            if chapter.part != part or chapter.parent:
                continue
            lines.append(f"      - file: {chapter.page}")
            children = [c for c in CHAPTERS if c.parent == chapter.name]
            if children:
                lines.append("        sections:")
                for child in children:
                    # A JSON string is a YAML string: a title from the data cannot break the file.
                    lines += [f"          - file: {child.page}", f"            title: {json.dumps(child.title, ensure_ascii=False)}"]
    return "\n".join(lines) + "\n"


def parameter_problem(name: str, key: str, value) -> str | None:
    """Why a parameter value cannot be run, in one line, or None when it can: `as_of` must be a
    calendar date that exists (2025-02-30 does not), `highlight` and `province` a provincial-level
    code of data/raw/regions.csv. Checked before any notebook runs, so a bad value never fails
    inside a chapter's cell."""
    if key == "as_of":
        try:
            date.fromisoformat(str(value))
            if len(str(value)) == 10:
                return None
        except ValueError:
            pass
        return f"chapter {name}: parameter as_of must be a date that exists, written YYYY-MM-DD; got {value!r}"
    if key in ("highlight", "province"):
        if str(value) not in {r["code"] for r in _provincial_rows()}:
            return (f"chapter {name}: parameter {key} must be a provincial-level code of "
                    f"{paths.REGIONS.relative_to(paths.ROOT)} (e.g. 440000); got {value!r}")
    return None
