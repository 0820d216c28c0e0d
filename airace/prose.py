"""Numbers and phrases for the chapters' prose, glued into markdown cells with myst-nb.

`glue_text("key", "more than 3,000 firms")` in a code cell, then {glue:md}`key` in markdown:
the sentence is rebuilt from the data every time the chapter runs, so it cannot go stale."""

from __future__ import annotations

from IPython.display import Markdown


def glue_text(name: str, text: str) -> None:
    from myst_nb import glue
    glue(name, Markdown(text), display=False)


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
