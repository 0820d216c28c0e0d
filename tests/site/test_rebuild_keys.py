"""A page is re-executed only when something its last run read has changed.

In a scratch copy of the built repository, each kind of input is changed in turn (a raw table, the
facts ledger, the geometry, a notebook, the package code, the pinned dependencies, the parameters).
A notebook, code, pins or parameters re-execute exactly the pages that use them; a data change
re-executes only pages among those whose recorded reads include it (which of them: what they show
decides, tests/site/test_rebuild_rows.py). One change is taken through a real build to show the
recorded reads are what the kernels loaded."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from support import edited, readers, scratch_repo, stale_pages
from support import run_airace as airace

from airace import paths
from airace.chapters import CHAPTERS

STORY = {"policy_race", "compute", "data_supply", "capital"}
PROFILES = {c.name for c in CHAPTERS if c.source == "province"}
EVERY_PAGE = {c.name for c in CHAPTERS}


@pytest.fixture(scope="module")
def repo(tmp_path_factory, site):
    return scratch_repo(tmp_path_factory.mktemp("keys") / "repo")


def stale_pages(repo: Path) -> dict[str, str]:
    result = airace(repo, "stale")
    assert result.returncode == 0, result.stdout + result.stderr
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    assert lines[-1].endswith("pages would be re-executed")
    return dict(line.split(": ", 1) for line in lines[:-1] if ": " in line and not line.startswith("  "))


def readers(repo: Path, file: str) -> set[str]:
    """Pages whose last run recorded reading `file`, from their stamps."""
    stamps = repo / "_build" / "stamps"
    return {c.name for c in CHAPTERS if file in json.loads((stamps / f"{c.name}.json").read_text())["reads"]}


def test_the_copy_starts_with_nothing_stale(repo):
    assert stale_pages(repo) == {}


def test_every_page_records_what_it_read(repo):
    for chapter in CHAPTERS:
        recorded = json.loads((repo / "_build" / "stamps" / f"{chapter.name}.json").read_text())["reads"]
        assert recorded, f"{chapter.name} recorded no reads"
        assert all((repo / r).exists() for r in recorded), recorded


def change_cell(path: Path, column: str, row: int = 0, new=None):
    """An edit that changes one text cell of a raw CSV (row 0 is the first data row)."""
    import csv
    import io

    def change(text):
        rows = list(csv.DictReader(io.StringIO(text)))
        old = rows[row][column]
        rows[row][column] = new if new is not None else f"{old} (edited)"
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        return out.getvalue()
    return edited(path, change)


# (raw file, column to change, clean table it feeds, pages that must be among its readers, pages that must not)
DATA_CHANGES = [
    ("data/raw/supplementary/ai_vouchers.csv", "flag", "data/clean/vouchers.csv",
     {"compute", "data_supply", "data"} | PROFILES, {"policy_race", "capital"}),
    ("data/raw/policy_events.csv", "note", "data/clean/policy_events.csv",
     {"policy_race", "data"} | PROFILES, {"capital", "compute"}),
    # Province pages rank pilot zones per province; the capital chapter never counts them.
    ("data/raw/supplementary/ai_pilot_zones_province_counts.csv", "note", "data/clean/pilot_zone_counts.csv",
     {"policy_race", "data", "provinces"} | PROFILES, {"capital"}),
    # The partial GDP table is listed on the data page only: the pages use the complete one.
    ("data/raw/supplementary/gdp_2024_province.csv", "flag", "data/clean/gdp.csv",
     {"data"}, STORY | PROFILES | {"provinces"}),
    ("data/raw/complete/gdp_2024_province.csv", "flag", "data/clean/economy_by_province.csv",
     {"data", "provinces", "policy_race"} | PROFILES, {"compute", "capital"}),
    ("data/raw/facts.csv", "note", "data/clean/facts.csv", STORY | PROFILES | {"data", "provinces"}, set()),
]


@pytest.mark.parametrize("raw, column, clean, among, not_among", DATA_CHANGES, ids=[c[0].split("/")[-1] for c in DATA_CHANGES])
def test_a_data_change_makes_only_its_readers_stale(repo, raw, column, clean, among, not_among):
    with change_cell(repo / raw, column):
        stale = stale_pages(repo)
    expected = readers(repo, clean)
    assert set(stale) <= expected
    assert among <= expected, f"pages that load {clean} did not record it: {among - expected}"
    assert not (not_among & expected), f"pages that never load {clean} recorded it: {not_among & expected}"
    assert all(clean in why for why in stale.values())
    airace(repo, "data")  # the edit is undone: back to the clean tables the stamps were made from
    assert stale_pages(repo) == {}


def test_the_geometry_is_an_input_of_the_pages_that_draw_maps(repo):
    # A space changes no shape: the stamps must still name the geometry among the inputs of the
    # pages that draw maps, whether or not the run ahead finds their content changed.
    assert STORY <= readers(repo, "maps/provinces.topo.json")
    assert "data" not in readers(repo, "maps/provinces.topo.json")
    with edited(repo / "maps" / "provinces.topo.json", lambda text: text + " "):
        stale = stale_pages(repo)
    assert set(stale) <= readers(repo, "maps/provinces.topo.json")


@pytest.mark.parametrize("notebook, pages", [("notebooks/compute.md", {"compute"}), ("notebooks/province.md", PROFILES),
                                             ("notebooks/data.md", {"data"})])
def test_a_notebook_change_re_executes_only_its_pages(repo, notebook, pages):
    with edited(repo / notebook, lambda text: text + "\n"):
        assert set(stale_pages(repo)) == pages


@pytest.mark.parametrize("file", ["airace/story/prose.py", "requirements.txt", "package-lock.json"])
def test_code_and_pinned_dependencies_re_execute_every_page(repo, file):
    with edited(repo / file, lambda text: text + "\n"):
        stale = stale_pages(repo)
    assert set(stale) == EVERY_PAGE
    assert all(file in why for why in stale.values())


def test_changed_parameters_re_execute_that_page(repo):
    script = ("from airace import chapters\nfrom airace.site import build\n"
              "c = chapters.by_name('policy_race')\n"
              "print(build.why_stale(c, {**c.parameters, 'highlight': '510000'}), build.why_stale(c, dict(c.parameters)))")
    result = subprocess.run([sys.executable, "-c", script], cwd=repo, env={**os.environ, "PYTHONPATH": str(repo)},
                            capture_output=True, text=True, timeout=120)
    assert result.stdout.strip() == "['parameters'] []", result.stderr


def test_a_real_rebuild_re_executes_only_readers(repo):
    """Through the kernels: one note in the data-exchange counts table changes; only its readers,
    the data-supply chapter (its chart of counts) and the data page (its catalogue), may re-run."""
    with change_cell(repo / "data/raw/supplementary/data_exchange_counts.csv", "flag", new="checked again"):
        expected = set(stale_pages(repo))
        result = airace(repo, "build")
        assert result.returncode == 0, result.stdout + result.stderr
        queued = {line.split(">", 1)[1].split(":")[0].strip() for line in result.stdout.splitlines()
                  if line.strip().startswith("> ")}
        assert queued == expected and queued <= {"data_supply", "data"}
        assert readers(repo, "data/clean/data_exchange_counts.csv") == {"data_supply", "data"}
        assert stale_pages(repo) == {}
    result = airace(repo, "build")
    assert result.returncode == 0, result.stdout + result.stderr


def test_reads_are_recorded_through_loaders_and_direct_opens(tmp_path):
    """In a kernel-like process with a manifest named: a loader's read and a notebook's own
    pandas call are both recorded; a file written is not."""
    manifest = tmp_path / "reads.txt"
    script = ("import pandas as pd\n"
              "from airace import datasets, paths\n"
              "datasets.load_table('vouchers')\n"
              "pd.read_csv(paths.DATA_CLEAN / 'gdp.csv')\n"
              f"open({str(tmp_path / 'out.csv')!r}, 'w').write('x')\n")
    result = subprocess.run([sys.executable, "-c", script], cwd=paths.ROOT / "notebooks",
                            env={**os.environ, "AIRACE_READS_MANIFEST": str(manifest)},
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    from airace import reads
    assert reads.read_manifest(manifest) == ["data/clean/gdp.csv", "data/clean/vouchers.csv"]
