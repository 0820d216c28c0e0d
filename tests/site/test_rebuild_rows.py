"""A one-row data edit re-executes the pages whose content it changes, and no other; none is left
stale.

In a scratch copy of the built repository, one row of each kind of table is changed: the voucher
table, the facts ledger and a complete province table. The pages `python -m airace stale` then
names must include every page that shows the edited value (found here from the data, not from the
build's own digest) and no page that cannot show it. One edit goes through a real build: the
pages re-run show the new value, and pages it kept are checked against papermill itself, by
executing them again and comparing what they show."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from support import edited, glued, readers, scratch_repo, stale_pages
from support import run_airace as airace

from airace.chapters import CHAPTERS

PROFILES = {c.name for c in CHAPTERS if c.source == "province"}
VOUCHERS = "data/raw/supplementary/ai_vouchers.csv"
LEDGER = "data/raw/facts.csv"
GDP = "data/raw/complete/gdp_2024_province.csv"
# The provinces' own communiqué figures, which the data step checks the yearbook's against.
GDP_COMMUNIQUES = "data/raw/supplementary/gdp_2024_province.csv"


@pytest.fixture(scope="module")
def repo(tmp_path_factory, site):
    return scratch_repo(tmp_path_factory.mktemp("rows") / "repo")


def rows_of(path: Path) -> list[dict]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def with_row_changed(path: Path, match: dict, new: dict):
    """Change the cells `new` of the one row whose cells equal `match` (an author's one-row edit)."""
    def change(text):
        rows = list(csv.DictReader(io.StringIO(text)))
        hits = [r for r in rows if all(r[k] == v for k, v in match.items())]
        assert len(hits) == 1, f"{path.name}: {len(hits)} rows match {match}"
        hits[0].update(new)
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        return out.getvalue()
    return edited(path, change)


def test_the_copy_starts_with_nothing_stale(repo):
    assert stale_pages(repo) == {}


def test_a_voucher_row_re_runs_its_province_and_the_voucher_pages_only(repo):
    """Shenzhen's training-compute voucher pool, 5 -> 7 (100 million CNY a year): Guangdong's
    profile lists it; no other province's profile can show it."""
    match = {"city": "深圳", "voucher_type": "训力券 (training compute)"}
    with with_row_changed(repo / VOUCHERS, match, {"annual_or_total_amount_value": "7", "amount_text": "每年最高7亿元",
                                                   "quote": "每年发放最高7亿元“训力券”,降低人工智能模型研发和训练成本"}):
        stale = stale_pages(repo)
    airace(repo, "data")
    assert "440000" in stale, stale
    assert not (set(stale) & (PROFILES - {"440000"})), f"profiles of other provinces re-run: {stale}"
    assert set(stale) <= readers(repo, "data/clean/vouchers.csv")
    assert all("vouchers.csv" in why for why in stale.values()), stale


def test_a_ledger_row_re_runs_the_pages_that_show_that_fact(repo):
    """A Shenzhen fact (the number of AI firms) changes: Guangdong's profile shows Shenzhen's
    facts, other provinces' profiles do not."""
    row = next(r for r in rows_of(repo / LEDGER) if r["region_as_written"] == "深圳" and r["indicator"] == "ai_firms")
    with with_row_changed(repo / LEDGER, {"fact_id": row["fact_id"]},
                          {"value": "2700", "value_as_written": row["value_as_written"].replace("2600", "2700"),
                           "quote": row["quote"].replace("2600", "2700")}):
        stale = stale_pages(repo)
    airace(repo, "data")
    assert "440000" in stale, stale
    assert not (set(stale) & (PROFILES - {"440000"})), f"profiles of other provinces re-run: {stale}"


def gdp_ranks(rows: list[dict]) -> dict[str, int]:
    values = {r["province_code"]: float(r["value"]) for r in rows if r["indicator"] == "gdp" and r["value"]}
    ordered = sorted(values.values(), reverse=True)
    return {code: ordered.index(v) + 1 for code, v in values.items()}


def test_a_change_that_moves_ranks_re_runs_every_page_that_shows_them(repo):
    """Beijing's GDP raised past three provinces (its row in the complete table, and the
    communiqué figure the data step checks it against): Beijing's rank and theirs change, so each
    of their profiles (which print their GDP rank) re-runs; provinces whose rank stays may not."""
    rows = rows_of(repo / GDP)
    before = gdp_ranks(rows)
    with with_row_changed(repo / GDP, {"province_code": "110000"}, {"value": "55000"}), \
            with_row_changed(repo / GDP_COMMUNIQUES, {"gb_code": "110000", "indicator": "gdp"}, {"value": "55000"}):
        after = gdp_ranks(rows_of(repo / GDP))
        moved = {code for code in before if before[code] != after[code]}
        assert "110000" in moved and len(moved) >= 3, moved
        stale = stale_pages(repo)
    airace(repo, "data")
    assert moved <= set(stale), f"profiles whose GDP rank changed were not re-run: {moved - set(stale)}"
    # Every page whose executed copy prints Beijing's old GDP (each profile's rank chart carries
    # every province's value in its tooltips) shows the change, so it re-runs.
    showing = {c.name for c in CHAPTERS if "CNY 4.98 trillion" in executed_path(repo, c.name).read_text(encoding="utf-8")}
    assert "110000" in showing
    assert showing <= set(stale), f"pages that print Beijing's GDP were not re-run: {showing - set(stale)}"
    assert set(stale) <= readers(repo, "data/clean/economy_by_province.csv")


def test_notebook_and_code_changes_still_re_execute_outright(repo):
    with edited(repo / "notebooks" / "province.md", lambda text: text + "\n"):
        assert set(stale_pages(repo)) == PROFILES


def executed_path(repo: Path, name: str) -> Path:
    chapter = next(c for c in CHAPTERS if c.name == name)
    return repo / "book" / chapter.folder / f"{name}.ipynb"


def outputs(path: Path) -> list:
    """The outputs of an executed notebook's code cells, without papermill's run metadata."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return [[{k: v for k, v in o.items() if k != "execution_count"} for o in c.get("outputs", [])]
            for c in cells if c["cell_type"] == "code"]


def papermill_again(repo: Path, name: str) -> list:
    """Execute page `name` with papermill in the copy (the build's own worker function, without
    the book step) and return its outputs."""
    script = ("import json, sys\nfrom airace.chapters import by_name\nfrom airace.site import build\n"
              f"c = by_name({name!r})\nprint(build.execute_chapter(c.name, dict(c.parameters)).status)")
    result = subprocess.run([sys.executable, "-c", script], cwd=repo, env={**os.environ, "PYTHONPATH": str(repo)},
                            capture_output=True, text=True, timeout=600)
    assert result.stdout.strip().endswith("executed"), result.stdout + result.stderr
    return outputs(executed_path(repo, name))


def test_a_real_rebuild_re_runs_the_stale_pages_and_keeps_the_rest_current(repo):
    match = {"city": "深圳", "voucher_type": "训力券 (training compute)"}
    with with_row_changed(repo / VOUCHERS, match, {"annual_or_total_amount_value": "7", "amount_text": "每年最高7亿元",
                                                   "quote": "每年发放最高7亿元“训力券”,降低人工智能模型研发和训练成本"}):
        expected = set(stale_pages(repo))
        kept_before = {name: outputs(executed_path(repo, name)) for name in ("450000", "110000")}
        result = airace(repo, "build")
        assert result.returncode == 0, result.stdout + result.stderr
        queued = {line.split(">", 1)[1].split(":")[0].strip() for line in result.stdout.splitlines()
                  if line.strip().startswith("> ")}
        assert queued == expected
        assert stale_pages(repo) == {}
        # Guangdong's profile now lists the new amount (700 million CNY a year).
        shown = " ".join(glued(executed_path(repo, "440000")).values())
        assert "700 million" in shown or "7亿" in shown, shown[:2000]
        # Two profiles the build kept are what papermill writes for the new data.
        for name, before in kept_before.items():
            assert outputs(executed_path(repo, name)) == before, f"{name} was rewritten though kept"
            assert papermill_again(repo, name) == before, f"{name} was kept but papermill shows something else"
    result = airace(repo, "build")
    assert result.returncode == 0, result.stdout + result.stderr
