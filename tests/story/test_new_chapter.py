"""The README's "Adding a chapter" works as written: its module, notebook and chapter-list line,
put into a copy of the repository, make a chapter the build runner executes, whose glue and
charts come out under the chapter's one name."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys

import pytest
from support import chart_specs, glued, raw_identifiers, vocabulary_codes

from airace import datasets, paths
from airace.chapters import DEFAULTS
from airace.publication import readable_date


def readme_block(after: str, fence: str, language: str) -> str:
    """The fenced block that follows the first mention of `after` from README's chapter section on."""
    readme = paths.ROOT.joinpath("README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Adding a chapter"):]
    match = re.search(re.escape(after) + r".*?\n" + fence + language + r"\n(.*?)\n" + fence + r"\n", section, flags=re.S)
    assert match, f"README's 'Adding a chapter' no longer shows {after}"
    return match.group(1) + "\n"


@pytest.fixture(scope="module")
def repo(tmp_path_factory):
    """A copy of the parts of the repository a chapter run needs, with the README's chapter added."""
    target = tmp_path_factory.mktemp("new_chapter") / "repo"
    for part in ("airace", "data", "maps", "notebooks"):
        shutil.copytree(paths.ROOT / part, target / part)
    shutil.copyfile(paths.CONFIG, target / paths.CONFIG.name)  # charts cite the site's address from it
    (target / "book").mkdir()
    (target / "airace" / "story" / "ledger.py").write_text(readme_block("`airace/story/ledger.py`", "```", "python"),
                                                          encoding="utf-8")
    (target / "notebooks" / "ledger.md").write_text(readme_block("`notebooks/ledger.md`", "````", "md"), encoding="utf-8")
    line = readme_block("its line in `STORY`", "```", "python").rstrip("\n")
    chapters = target / "airace" / "chapters.py"
    text = chapters.read_text(encoding="utf-8")
    end_of_story = re.search(r"^STORY: tuple\[Chapter, \.\.\.\] = \(\n.*?\n\)\n", text, flags=re.S | re.M)
    assert end_of_story, "airace/chapters.py no longer has a STORY list to add a chapter to"
    insert_at = end_of_story.end() - 2
    chapters.write_text(text[:insert_at] + "\n" + line + text[insert_at:], encoding="utf-8")
    return target


def run(repo, code: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(repo)}
    env.pop(paths.CHART_FOLDER_VARIABLE, None)
    return subprocess.run([sys.executable, "-c", code], cwd=repo, env=env, capture_output=True, text=True, timeout=600)


def test_the_readme_chapter_runs_and_glues_its_findings(repo):
    result = run(repo, "from airace import chapters\nfrom airace.site import build\n"
                       "chapter = chapters.by_name('ledger')\n"
                       "assert 'book/chapters/ledger' in chapters.toc_yaml()\n"
                       "build.raise_for_failures(build.execute_chapters({'ledger': dict(chapter.parameters)}, force=True))\n")
    assert result.returncode == 0, result.stdout + result.stderr
    executed = repo / "book" / "chapters" / "ledger.ipynb"
    values = glued(executed)
    facts = datasets.load_facts(as_of=DEFAULTS["as_of"])
    assert values["as_of"] == readable_date(DEFAULTS["as_of"]) and values["highlight_name"] == "Guangdong"
    assert values["key_findings"] == (f"- The ledger holds {len(facts)} facts from "
                                      f"{facts.source_id.nunique()} sources.")
    assert values["n_kinds"] == str(facts.kind.nunique())
    # The chart is filed under the chapter's name, with its data and image, and shows words, not codes.
    charts = repo / "book" / "_static" / "charts" / "ledger"
    assert (charts / "kinds.csv").exists() and (charts / "kinds.png").exists()
    specs = chart_specs(executed)
    assert len(specs) == 1 and not raw_identifiers(specs[0], vocabulary_codes())
    notebook = json.loads(executed.read_text(encoding="utf-8"))
    injected = [c for c in notebook["cells"] if "injected-parameters" in c["metadata"].get("tags", [])]
    assert "chapter = \"ledger\"" in "".join(injected[0]["source"])
