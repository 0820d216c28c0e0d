"""Numbers and phrases for the chapters' prose, glued into markdown cells with myst-nb.

`glue_text("key", "more than 3,000 firms")` in a code cell, then {glue:md}`key` in markdown:
the sentence is rebuilt from the data every time the chapter runs, so it cannot go stale."""

from __future__ import annotations

import math
import re

from IPython.display import Markdown

from airace.story import labels

# CommonMark lets a backslash escape any ASCII punctuation, and MyST's roles ({download}`x`),
# directives (``` and :::), HTML, links, maths and substitutions are all built from it. Straight
# quotes are escaped too: they make no markup, but the smartquotes extension would curl them, and
# a name or quotation from the data must reach the page (and its title and preview) as written:
# 'Zh"x' would become 'Zh”x'. So glued sentences keep straight quotes and apostrophes; the
# hand-written prose around them is not escaped and keeps its curled ones.
_PUNCTUATION = re.compile(r"[!-/:-@\[-`{-~]")


def escape_markdown(text) -> str:
    """`text` as Markdown that shows exactly these characters: no markup, role, directive or HTML."""
    return _PUNCTUATION.sub(lambda m: "\\" + m.group(), " ".join(str(text).splitlines()))


def as_markdown(text: str) -> str:
    """The sentences the chapters build, as MyST: every character is text except the two marks the
    prose itself uses, **bold** and a list item's leading '- ' (bullet_list). Values from the data
    inside a sentence therefore reach the page as text, whatever they contain."""
    lines = []
    for line in str(text).split("\n"):
        bullet = "- " if line.startswith("- ") else ""
        lines.append(bullet + "**".join(escape_markdown(part) for part in line[len(bullet):].split("**")))
    return "\n".join(lines)


def glue_text(name: str, text: str) -> None:
    from myst_nb import glue
    glue(name, Markdown(as_markdown(text)), display=False)


def bullet_list(sentences: list[str]) -> str:
    return "\n".join(f"- {s}" for s in sentences)


def join_names(names: list[str]) -> str:
    names = list(names)
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def month_label(period: str) -> str:
    """'2025-01' -> 'January 2025'; other periods are returned as written."""
    import calendar
    if len(period) == 7 and period[4] == "-" and period[:4].isdigit() and period[5:].isdigit():
        return f"{calendar.month_name[int(period[5:])]} {period[:4]}"
    return period


# ---------------------------------------------------------------------------------------------
# Numbers in words, for prose, tables and chart labels

def format_value(value: float, unit: str) -> str:
    """Readable numbers with units for tooltips and prose: 5億 yuan -> 'CNY 500 million'."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "no data"
    if unit in ("CNY", "USD"):
        for size, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
            if abs(value) >= size:
                return f"{unit} {trimmed_number(value / size)} {word}"
        return f"{unit} {trimmed_number(value)}"
    if unit == "percent":
        return f"{trimmed_number(value)}%"
    if unit == "PFLOPS":
        return f"{trimmed_number(value / 1000)} EFLOPS" if value >= 1000 else f"{trimmed_number(value)} PFLOPS"
    for size, word in ((1e9, "billion"), (1e6, "million")):
        if abs(value) >= size:
            return f"{trimmed_number(value / size)} {word} {unit}".rstrip()
    if value == 1 and unit in SINGULAR_UNITS:
        unit = SINGULAR_UNITS[unit]  # "1 platform", never "1 platforms"
    return f"{trimmed_number(value)} {unit}".rstrip()


# Count units of the ledger that read as plural nouns, with their singular for a count of one.
SINGULAR_UNITS = {"platforms": "platform", "firms": "firm", "projects": "project", "centres": "centre",
                  "products": "product", "models": "model", "scenarios": "scenario", "fields": "field",
                  "entities": "entity", "relations": "relation", "images": "image", "tokens": "token",
                  "bodies": "body", "years": "year", "exchanges": "exchange", "funds": "fund"}


def trimmed_number(number: float) -> str:
    text = f"{number:,.2f}".rstrip("0").rstrip(".")
    return text


def describe_value(value: float, unit: str, qualifier: str = "exact") -> str:
    """A value with its hedge, in words: 'more than 2,600 firms' (qualifiers from airace/story/labels.py)."""
    return labels.qualified(qualifier, format_value(value, unit))
