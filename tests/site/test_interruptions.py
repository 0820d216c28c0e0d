"""A build killed at any step loses nothing: the last good data/clean and _build/html stay in
place, whatever a killed run left half-made is never published, and a second build started in
the same tree while one runs refuses with a clear message."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from support import digest, edited, scratch_repo
from support import run_airace as airace

from airace import swap


@pytest.fixture(scope="module")
def repo(tmp_path_factory, site):
    return scratch_repo(tmp_path_factory.mktemp("kill") / "repo")


def start_build(repo: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(repo), "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen([sys.executable, "-m", "airace", "build"], cwd=repo, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)


def kill_when(process: subprocess.Popen, marker: str, delay: float) -> str:
    """Read the build's progress until `marker`, wait `delay` seconds, then kill it and all its children."""
    seen = []
    for line in process.stdout:
        seen.append(line)
        if marker in line:
            time.sleep(delay)
            break
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=60)
    return "".join(seen)


# A value written another way (252 as 252.0) in a table few pages read: the data step has work to do,
# and the build after the kill re-executes only those pages (the ledger would re-execute every page).
REWRITTEN = ("2024-11,genai_services_filed_cac,252,", "2024-11,genai_services_filed_cac,252.0,")
STEPS = [  # (what to change so the step has work to do, how, progress line to kill at, seconds after it)
    ("data/raw/supplementary/genai_filings_national.csv", lambda text: text.replace(*REWRITTEN, 1), "1/4 data", 0.5),
    ("notebooks/data.md", lambda text: text + "\n", "> data: queued", 4.0),
    ("book/method.md", lambda text: text + "\n", "building HTML with Jupyter Book", 2.0),
]


@pytest.mark.parametrize("changed, change, marker, delay", STEPS, ids=[s[2] for s in STEPS])
def test_a_build_killed_at_each_step_leaves_the_last_good_site_and_data(repo, changed, change, marker, delay):
    site_before, clean_before = digest(repo / "_build" / "html"), digest(repo / "data" / "clean")
    tables_before = sorted(p.name for p in (repo / "data" / "clean").iterdir())
    with edited(repo / changed, change):
        output = kill_when(start_build(repo), marker, delay)
        assert marker in output, output
        site_after_kill = digest(repo / "_build" / "html")
        if changed.startswith("data/"):  # the old tables or the complete new set, never a part
            assert sorted(p.name for p in (repo / "data" / "clean").iterdir()) == tables_before
        else:
            assert digest(repo / "data" / "clean") == clean_before
        result = airace(repo, "build")
        assert result.returncode == 0, result.stdout + result.stderr
        # The site a killed build leaves is the last good one, or (if it was killed after its
        # swap) the complete new one the next build also makes: never a mixture or nothing.
        assert site_after_kill in (site_before, digest(repo / "_build" / "html"))
    published = [p for p in (repo / "_build" / "html").rglob("*") if ".partial" in p.name]
    assert published == [], "a leftover of the killed run was published"
    assert not list((repo / "book").rglob(".*.partial*"))
    assert airace(repo, "build").returncode == 0


def test_a_second_build_in_the_same_tree_refuses_with_a_clear_message(repo):
    with edited(repo / "notebooks" / "data.md", lambda text: text + "\n"):
        first = start_build(repo)
        try:
            for line in first.stdout:
                if "1/4 data" in line:
                    break
            second = airace(repo, "build")
            assert second.returncode == 1
            assert "another build is running in this tree (pid" in second.stderr
        finally:
            os.killpg(first.pid, signal.SIGKILL)
            first.wait(timeout=60)
    assert airace(repo, "build").returncode == 0, "the lock died with the killed build"


def test_a_swap_interrupted_between_its_renames_is_undone(tmp_path):
    site = tmp_path / "html"
    (tmp_path / "html.old").mkdir()
    (tmp_path / "html.old" / "index.html").write_text("last good")
    (tmp_path / "html.new").mkdir()
    (tmp_path / "html.new" / "index.html").write_text("half")
    assert swap.recover(site)
    assert (site / "index.html").read_text() == "last good"
    assert not (tmp_path / "html.old").exists() and not (tmp_path / "html.new").exists()


def test_replace_folder_never_leaves_the_target_missing(tmp_path):
    target, fresh = tmp_path / "clean", tmp_path / "clean.new"
    target.mkdir()
    (target / "a.csv").write_text("old")
    fresh.mkdir()
    (fresh / "a.csv").write_text("new")
    swap.replace_folder(fresh, target)
    assert (target / "a.csv").read_text() == "new" and not fresh.exists()
