"""Loading clean tables for chapters: the one place notebooks get their data from."""

from __future__ import annotations

from datetime import date

import pandas as pd

from airace import paths, reads


def load_table(name: str) -> pd.DataFrame:
    """A clean table from data/clean, codes kept as text."""
    path = paths.DATA_CLEAN / f"{name}.csv"
    if not path.exists():
        raise FileNotFoundError(f"{path} does not exist: run `python -m airace data` (make book does)")
    reads.record(path)
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def load_facts(as_of: str | None = None, chapter: str | None = None) -> pd.DataFrame:
    """The facts ledger with numeric values; with `as_of`, only facts whose source had stated them
    by that date (a fact stated 'in March 2025' counts from 31 March 2025)."""
    facts = load_table("facts")
    facts["value"] = facts["value"].astype(float)
    if as_of is not None:
        cutoff = date.fromisoformat(str(as_of)).isoformat()
        facts = facts[facts.stated_by <= cutoff]
    if chapter is not None:
        facts = facts[facts.chapter == chapter]
    return facts.reset_index(drop=True)


def sources() -> pd.DataFrame:
    return load_table("sources")


def cite(source_ids) -> str:
    """A source line from source records: 'China News Weekly, 2025-03; Xinhua, 2024'."""
    table = sources().set_index("source_id")
    parts = []
    for source_id in dict.fromkeys(source_ids):
        record = table.loc[source_id]
        parts.append(f"{record.producer.split(' (')[0]}, {record.published}")
    return "; ".join(parts)
