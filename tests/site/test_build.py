"""The build runner, end to end, in a copy of the repository: it skips what has not changed, names
a failing chapter and cell, and never touches the published site when something fails."""

from __future__ import annotations

import re

import pytest
from support import digest, edited, scratch_repo
from support import run_airace as airace

from airace import paths
from airace.chapters import Chapter
from airace.site import build

# book/ includes the executed chapters and profiles, so the copy starts from the current site.


@pytest.fixture(scope="module")
def repo(tmp_path_factory, site):
    """A working copy with the current executed chapters, stamps and Sphinx state, so that the
    first build in it has nothing to re-execute."""
    return scratch_repo(tmp_path_factory.mktemp("build") / "repo")


def test_an_unchanged_build_executes_nothing(repo):
    result = airace(repo, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    from airace.chapters import CHAPTERS
    assert result.stdout.count("unchanged, kept the executed copy") == len(CHAPTERS)
    assert "executing" not in result.stdout
    assert (repo / "_build" / "html" / "book" / "chapters" / "capital.html").exists()


def test_a_failing_chapter_is_named_and_the_site_survives(repo):
    site_before = digest(repo / "_build" / "html")
    executed_before = (repo / "book" / "chapters" / "capital.ipynb").read_bytes()
    def add_failing_cell(text):
        return text + "\n```{code-cell}\n:tags: [hide-input]\n\nraise RuntimeError('deliberate failure')\n```\n"

    with edited(repo / "notebooks" / "capital.md", add_failing_cell):
        result = airace(repo, "build")
    assert result.returncode == 1
    assert "chapter capital: notebooks/capital.md, cell" in result.stderr
    assert "RuntimeError: deliberate failure" in result.stderr
    assert "[1/1] capital: FAILED" in result.stdout, "progress names the failing chapter"
    assert digest(repo / "_build" / "html") == site_before
    assert (repo / "book" / "chapters" / "capital.ipynb").read_bytes() == executed_before
    assert (repo / "_build" / "failed" / "capital.ipynb").exists(), "the failed run is kept for debugging"


def test_bad_data_stops_the_build_before_anything_is_replaced(repo):
    site_before = digest(repo / "_build" / "html")
    clean_before = digest(repo / "data" / "clean")
    unknown_place = lambda text: text.replace("CNW-001,cnweekly_2025_03,深圳,", "CNW-001,cnweekly_2025_03,火星,", 1)
    with edited(repo / "data" / "raw" / "facts.csv", unknown_place):
        result = airace(repo, "build")
    assert result.returncode == 1
    assert "data/raw/facts.csv, row 2, column 'region_as_written', value '火星'" in result.stderr
    assert digest(repo / "_build" / "html") == site_before
    assert digest(repo / "data" / "clean") == clean_before


@pytest.mark.parametrize("file, change, expected", [
    ("_config.yml", lambda text: text.replace("title:", "title: [unclosed", 1), "_config.yml, row "),
    ("maps/provinces.topo.json", lambda text: text[: len(text) // 2], "maps/provinces.topo.json, row 1: not valid JSON"),
])
def test_a_broken_config_or_geometry_is_named_in_one_line(repo, file, change, expected):
    site_before = digest(repo / "_build" / "html")
    with edited(repo / file, change):
        result = airace(repo, "build")
    assert result.returncode == 1
    assert result.stderr.startswith(f"error: {expected}") and "Traceback" not in result.stderr, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert digest(repo / "_build" / "html") == site_before


def test_run_one_chapter_with_parameters(repo):
    result = airace(repo, "run", "policy_race", "-p", "highlight", "510000", "-p", "as_of", "2025-02-28")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "executing 1 of 1 chapters" in result.stdout
    page = (repo / "_build" / "html" / "book" / "chapters" / "policy_race.html").read_text(encoding="utf-8")
    text = re.sub(r"<[^>]+>", "", page)  # Chinese is wrapped in <span lang="zh-Hans">
    assert "Sichuan (四川省)" in text and "2025-02-28" in text
    # The next full build sees that the parameters differ from the list and restores the defaults.
    result = airace(repo, "build")
    assert result.returncode == 0
    assert "> policy_race: queued" in result.stdout


def test_run_rejects_an_unknown_parameter(repo):
    result = airace(repo, "run", "policy_race", "-p", "colour", "red")
    assert result.returncode == 1
    assert "has no parameter(s) colour" in result.stderr and "as_of, highlight" in result.stderr


def test_rebuild_key_follows_notebook_parameters_recorded_reads_code_and_pins(tmp_path, monkeypatch):
    for sub in ("notebooks", "data", "airace", "book"):
        (tmp_path / sub).mkdir()
    (tmp_path / "notebooks" / "demo.md").write_text("# Demo\n")
    (tmp_path / "data" / "read.csv").write_text("a\n1\n")
    (tmp_path / "data" / "unread.csv").write_text("a\n1\n")
    (tmp_path / "airace" / "module.py").write_text("x = 1\n")
    (tmp_path / "airace" / "story").mkdir()
    (tmp_path / "airace" / "story" / "layer.py").write_text("y = 1\n")
    (tmp_path / "requirements.txt").write_text("altair==6.3.0\n")
    (tmp_path / "package-lock.json").write_text("{}\n")
    (tmp_path / "_config.yml").write_text("html: {baseurl: a}\n")
    for name, value in (("ROOT", tmp_path), ("NOTEBOOKS", tmp_path / "notebooks"), ("PACKAGE", tmp_path / "airace"),
                        ("BOOK", tmp_path / "book"), ("STAMPS", tmp_path / "_build" / "stamps"),
                        ("CONFIG", tmp_path / "_config.yml"),
                        ("DEPENDENCY_PINS", (tmp_path / "requirements.txt", tmp_path / "package-lock.json"))):
        monkeypatch.setattr(paths, name, value)
    chapter = Chapter("demo", "Demo", {"as_of": "2025-12-31"})
    assert build.why_stale(chapter, chapter.parameters) == ["never executed"]
    chapter.executed.parent.mkdir(parents=True)
    chapter.executed.write_text("{}")
    build.write_stamp(chapter, chapter.parameters, ["data/read.csv"], 1.0)
    assert build.why_stale(chapter, chapter.parameters) == []
    assert build.why_stale(chapter, {"as_of": "2025-01-31"}) == ["parameters"]
    (tmp_path / "data" / "unread.csv").write_text("a\n2\n")
    assert build.why_stale(chapter, chapter.parameters) == [], "a file the page did not read is not its input"
    for path, text in (("notebooks/demo.md", "# Demo!\n"), ("data/read.csv", "a\n2\n"), ("airace/module.py", "x = 2\n"),
                       ("airace/story/layer.py", "y = 2\n"),
                       ("requirements.txt", "altair==6.4.0\n"), ("package-lock.json", '{"vega": 1}\n'),
                       # charts cite the site's address (the data's date comes from a recorded read)
                       ("_config.yml", "html: {baseurl: x}\n")):
        (tmp_path / path).write_text(text)
        assert build.why_stale(chapter, chapter.parameters) == [path]
        build.write_stamp(chapter, chapter.parameters, ["data/read.csv"], 1.0)
    (tmp_path / "data" / "read.csv").unlink()
    assert build.why_stale(chapter, chapter.parameters) == ["data/read.csv"], "a deleted input counts as changed"


def test_a_chapter_that_stops_drawing_a_chart_loses_its_files(repo):
    folder = repo / "book" / "_static" / "charts" / "data_supply"
    (folder / "stale_chart.png").write_bytes(b"old")
    touch = lambda text: text.replace("# Data supply:", "# Data supply:", 1) + " "
    with edited(repo / "notebooks" / "data_supply.md", touch):
        result = airace(repo, "run", "data_supply")
    assert result.returncode == 0, result.stderr
    assert not (folder / "stale_chart.png").exists()
    assert (folder / "voucher_sizes.png").exists() and not list(folder.parent.glob(".*partial"))


# Executes one page with the runner's own function, as a build's worker would, in the copy.
_EXECUTE = """
import sys
from airace.chapters import by_name
from airace.site import build
outcome = build.execute_chapter(sys.argv[1], dict(by_name(sys.argv[1]).parameters))
assert outcome.status == "executed", outcome.message
"""


@pytest.mark.parametrize("page", ["data", "510000"])
def test_an_unchanged_page_executes_to_the_same_bytes(repo, page):
    """A forced rebuild of unchanged inputs publishes the same site. The executed notebooks were
    the only files that differed (clock times, durations, random cell ids, papermill's record of
    its input): each page, executed twice, must give the same notebook and the same charts. (The
    whole site, built twice with --force, is compared by scripts/check_reproducible.py.)"""
    import os
    import subprocess
    import sys
    chapter = next(c for c in build.CHAPTERS if c.name == page)
    executed = repo / chapter.executed.relative_to(paths.ROOT)
    charts = repo / "book" / "_static" / "charts" / page
    runs = []
    for _ in range(2):
        result = subprocess.run([sys.executable, "-c", _EXECUTE, page], cwd=repo, capture_output=True, text=True,
                                env={**os.environ, "PYTHONPATH": str(repo)}, timeout=300)
        assert result.returncode == 0, result.stderr[-2000:]
        runs.append((executed.read_bytes(), digest(charts) if charts.exists() else None))
    assert runs[0][0] == runs[1][0], "the executed notebook differs between two runs"
    assert runs[0][1] == runs[1][1], "the charts differ between two runs"
