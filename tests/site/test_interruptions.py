"""A build killed at any step loses nothing: the last good data/clean and _build/html stay in
place, whatever a killed run left half-made is never published, no process it started outlives
it, a full disk is one line that leaves no half-written folder, and a second build started in
the same tree while one runs refuses with a clear message."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
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


# ---------------------------------------------------------------------------------------------
# No orphan: a build stopped or killed takes every process it started with it

def kernels_or_sphinx(build: psutil.Process, what: str) -> list[psutil.Process]:
    """The build's descendants of the kind `what` (a notebook kernel, or Jupyter Book)."""
    found = []
    for process in build.children(recursive=True):
        with contextlib.suppress(psutil.Error):
            if what in " ".join(process.cmdline()):
                found.append(process)
    return found


def still_running(processes: list[psutil.Process]) -> list[psutil.Process]:
    alive = []
    for process in processes:
        with contextlib.suppress(psutil.NoSuchProcess):
            if process.is_running() and process.status() != psutil.STATUS_ZOMBIE:
                alive.append(process)
    return alive


# (what is running when the build is signalled, the signal). SIGKILL is the worst case: the build
# runs no code of its own, so its children must die on their own (PR_SET_PDEATHSIG).
STOPS = [("ipykernel_launcher", signal.SIGKILL), ("ipykernel_launcher", signal.SIGTERM),
         ("jb build", signal.SIGKILL), ("jb build", signal.SIGINT)]


@pytest.mark.parametrize("what, signum", STOPS, ids=[f"{w.split()[0]}-{s.name}" for w, s in STOPS])
def test_a_stopped_build_leaves_no_process_behind(repo, what, signum):
    changed = "notebooks/data.md" if what == "ipykernel_launcher" else "book/method.md"
    # A change no earlier run has seen, so the build has that step to do.
    with edited(repo / changed, lambda text: text + f"\n<!-- {what} {signum.name} {time.time()} -->\n"):
        process = start_build(repo)
        build = psutil.Process(process.pid)
        try:
            deadline = time.monotonic() + 300
            while not kernels_or_sphinx(build, what):
                assert process.poll() is None and time.monotonic() < deadline, f"the build never ran {what}"
                time.sleep(0.2)
            time.sleep(1.0)  # well into the work
            started = build.children(recursive=True)
            assert started
            # Only the build itself is signalled, as a `kill` or the terminal would (the terminal's
            # Ctrl-C reaches the build's process group, but not a kernel in a session of its own).
            os.kill(process.pid, signum)
            process.wait(timeout=30)
            deadline = time.monotonic() + 5
            while still_running(started) and time.monotonic() < deadline:
                time.sleep(0.1)
            left = still_running(started)
            assert not left, [" ".join(p.cmdline())[:120] for p in left]
            output = process.stdout.read()
            if signum != signal.SIGKILL:
                assert process.returncode == 130, output
                assert f"error: stopped by {signum.name}" in output and "Traceback" not in output, output
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
        result = airace(repo, "build")  # the next build starts clean and completes
        assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]


# ---------------------------------------------------------------------------------------------
# A full disk while publishing: one line, no half-copied site left, the last good site in place

def test_a_full_disk_while_publishing_is_one_line_and_keeps_the_last_good_site(tmp_path, monkeypatch):
    import errno
    import shutil

    from airace import paths
    from airace.site import build
    monkeypatch.setattr(paths, "ROOT", tmp_path)
    monkeypatch.setattr(paths, "SITE", tmp_path / "_build" / "html")
    monkeypatch.setattr(paths, "SITE_NEW", tmp_path / "_build" / "html.new")
    built = tmp_path / "_build" / "work" / "_build" / "html"
    for name in ("index.html", "a.html", "b.html", "c.html"):
        (built / "book").mkdir(parents=True, exist_ok=True)
        (built / "book" / name).write_text("new")
    paths.SITE.mkdir(parents=True)
    (paths.SITE / "index.html").write_text("last good")
    copied, copyfile = [], shutil.copyfile

    def copy_until_full(source, target, *args, **kwargs):
        if len(copied) == 2:
            raise OSError(errno.ENOSPC, "No space left on device", str(target))
        copied.append(target)
        return copyfile(source, target, *args, **kwargs)

    monkeypatch.setattr(shutil, "copyfile", copy_until_full)  # what copytree's copy2 copies each file with
    with pytest.raises(swap.NoSpace) as stopped:
        build.publish(built)
    assert str(stopped.value).startswith("no space left on device writing _build/html.new/book/"), stopped.value
    assert "\n" not in str(stopped.value)
    assert not paths.SITE_NEW.exists(), "a half-copied _build/html.new was left"
    assert [p.name for p in paths.SITE.iterdir()] == ["index.html"]
    assert (paths.SITE / "index.html").read_text() == "last good"
