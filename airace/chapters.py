"""The one declarative list of chapters. The build runner executes these notebooks with these
parameters, and `_toc.yml` is written from this list, so the two never drift apart."""

from __future__ import annotations

from dataclasses import dataclass, field

from airace import paths


@dataclass(frozen=True)
class Chapter:
    name: str                      # output is book/chapters/NAME.ipynb -> NAME.html
    title: str
    parameters: dict = field(default_factory=dict)
    reads: tuple[str, ...] = ()    # data files (relative to the repo root) the notebook loads
    part: str = "Chapters"         # the part of the table of contents it appears in

    @property
    def notebook(self):
        return paths.NOTEBOOKS / f"{self.name}.ipynb"

    @property
    def executed(self):
        return paths.BOOK_CHAPTERS / f"{self.name}.ipynb"


# Default parameters: facts stated up to the end of 2025, Guangdong highlighted: the province the
# sources ask about most ("why was DeepSeek born in Hangzhou and not in Guangdong?").
DEFAULTS = {"as_of": "2025-12-31", "highlight": "440000"}

CHAPTERS: tuple[Chapter, ...] = (
    Chapter("policy_race", "The policy race", dict(DEFAULTS),
            reads=("data/clean/facts.csv", "data/clean/regions.csv", "data/clean/genai_filings.csv",
                   "data/clean/pilot_zones.csv", "data/clean/sources.csv", "maps/provinces.topo.json")),
    Chapter("compute", "The compute bottleneck", dict(DEFAULTS),
            reads=("data/clean/facts.csv", "data/clean/regions.csv", "data/clean/compute_hubs.csv",
                   "data/clean/vouchers.csv", "data/clean/sources.csv", "maps/provinces.topo.json",
                   "maps/cities.csv")),
    Chapter("data_supply", "Data supply", dict(DEFAULTS),
            reads=("data/clean/facts.csv", "data/clean/regions.csv", "data/clean/data_exchanges.csv",
                   "data/clean/data_bureaus.csv", "data/clean/sources.csv", "maps/provinces.topo.json",
                   "maps/cities.csv")),
    Chapter("capital", "Capital", dict(DEFAULTS),
            reads=("data/clean/facts.csv", "data/clean/regions.csv", "data/clean/funds.csv",
                   "data/clean/rd_expenditure.csv", "data/clean/sources.csv", "maps/provinces.topo.json")),
    # The data page is a notebook too, so its coverage figures come from the data, not from prose.
    Chapter("data", "The data", {}, reads=("data/clean/datapackage.json",), part="About this book"),
)

# Hand-written pages: the root, and pages placed before the generated ones of a part.
FRONT_PAGE = "book/intro"
HAND_WRITTEN = {"About this book": ("book/method",)}


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
    for part in dict.fromkeys(c.part for c in CHAPTERS):
        lines += [f"  - caption: {part}", "    chapters:"]
        lines += [f"      - file: {page}" for page in HAND_WRITTEN.get(part, ())]
        lines += [f"      - file: book/chapters/{c.name}" for c in CHAPTERS if c.part == part]
    return "\n".join(lines) + "\n"
