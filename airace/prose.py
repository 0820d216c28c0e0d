"""Numbers and phrases for the chapters' prose, glued into markdown cells with myst-nb.

`glue_text("key", "more than 3,000 firms")` in a code cell, then {glue:md}`key` in markdown:
the sentence is rebuilt from the data every time the chapter runs, so it cannot go stale."""

from __future__ import annotations

import re

from IPython.display import Markdown

# CommonMark lets a backslash escape any ASCII punctuation, and MyST's roles ({download}`x`),
# directives (``` and :::), HTML, links, maths and substitutions are all built from it. Straight
# quotes are left alone: they make no markup, and the smartquotes extension curls them.
_PUNCTUATION = re.compile(r"[!#-&(-/:-@\[-`{-~]")


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
