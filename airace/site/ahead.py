"""The run ahead: what each page would show, computed without a kernel (airace/site/content.py
says how the build uses it).

`python -m airace.site.ahead` reads {"jobs": {page: parameters}, "workers": n} on stdin and writes,
as its last line, [page, digest or null, files read, why not computed] for each page. It is a new
process for every build, so nothing computed before can stand in for the data as it is now. It
imports what the notebooks import and computes once what many pages share (`warm_up`); then each
page runs in a process forked from it, a new one per page, so nothing one page computes or caches
can leak into another's result, as with one kernel per page.
"""

from __future__ import annotations

import copy
import json
import os
import sys
import tempfile
from pathlib import Path

import papermill
from IPython.core.interactiveshell import InteractiveShell
from IPython.utils.capture import capture_output
from traitlets.config import Config

# What the notebooks import, imported here once, before the pages are forked.
import airace.story.capital  # noqa: F401
import airace.story.catalogue  # noqa: F401
import airace.story.compute  # noqa: F401
import airace.story.data_supply  # noqa: F401
import airace.story.page  # noqa: F401
import airace.story.promises  # noqa: F401
import myst_nb  # noqa: F401
from airace import paths, reads
from airace.chapters import by_name
from airace.regions import mainland_provinces
from airace.site import content, notebooks, processes
from airace.story import geometry, policy_race, provinces, tracker  # noqa: F401


class NotComputed(RuntimeError):
    """The page's cells could not be run here (an error in a cell): the build executes it, and
    papermill reports the error with its cell."""


_READ: dict = {}   # notebook path -> its text notebook, read once per helper process


def _notebook_cells(chapter, parameters: dict) -> list[str]:
    """The code cells papermill would run, its injected parameters cell included (papermill
    prepares the notebook without running it)."""
    if chapter.notebook not in _READ:
        _READ[chapter.notebook] = notebooks.read(chapter.notebook)
    nb = papermill.execute_notebook(copy.deepcopy(_READ[chapter.notebook]), None, chapter.run_parameters(parameters),
                                    prepare_only=True, kernel_name="python3", progress_bar=False)
    return [cell.source for cell in nb.cells if cell.cell_type == "code"]


def _shell():
    """IPython's shell, as a kernel has it, with no history file."""
    config = Config()
    config.HistoryManager.enabled = False
    return InteractiveShell.instance(config=config)


def _json_ready(value):
    """Display data as a notebook file holds it (JSON), so both digests see the same values."""
    return json.loads(json.dumps(value, default=str))


def compute(name: str, parameters: dict) -> tuple[str, list[str]]:
    """Run page `name`'s code cells in this process as its kernel would, without drawing images;
    return the digest of what it shows and the files it read. Runs in a fresh forked process."""
    chapter = by_name(name)
    with tempfile.TemporaryDirectory(prefix=f"airace-{name}-") as scratch:
        charts, manifest = Path(scratch) / "charts", Path(scratch) / "reads"
        os.environ[paths.CHART_FOLDER_VARIABLE] = str(charts)
        os.environ[paths.NO_IMAGES_VARIABLE] = "1"
        os.environ[reads.MANIFEST_VARIABLE] = str(manifest)
        reads.watch()
        sources = _notebook_cells(chapter, parameters)
        os.chdir(chapter.notebook.parent)   # papermill runs the kernel in the notebook's folder
        shell = _shell()
        cells = []
        for index, source in enumerate(sources):
            with capture_output() as captured:
                result = shell.run_cell(source, store_history=False, silent=False)
            if not result.success:
                raise NotComputed(f"cell {index}: {result.error_in_exec or result.error_before_exec!r}")
            displays = [{"data": _json_ready(o.data), "metadata": _json_ready(o.metadata or {})} for o in captured.outputs]
            cells.append(content.cell_outputs(displays, captured.stdout, captured.stderr))
        return content.digest(cells, content.chart_files(charts)), reads.read_manifest(manifest)


def _compute_or_none(job: tuple[str, dict]) -> tuple[str, str | None, list[str], str]:
    name, parameters = job
    try:
        found, recorded = compute(name, parameters)
        return name, found, recorded, ""
    except Exception as error:  # noqa: BLE001 - any failure means: execute it, papermill will say why
        return name, None, [], f"{type(error).__name__}: {error}"


def _start_page_process(parent: int) -> None:
    processes.start_worker(parent)
    reads.reset()   # what the warm-up recorded is not this page's: remembered calls record again


def warm_up(jobs: dict[str, dict]) -> None:
    """Compute once what many pages compute alike (the rank of every province on every measure,
    the promise tracker, the map's neighbours), so each forked page process starts with it.
    These functions are `reads.remembered`: a page that uses a result still records the files it
    came from, and the result is what the page would compute itself from the same files."""
    mainland_provinces()
    if any("province" in parameters for parameters in jobs.values()):
        provinces.ranks()
        geometry.neighbours_by_code()
        for as_of in sorted({p["as_of"] for p in jobs.values() if "province" in p and "as_of" in p}):
            tracker.tracker(as_of)


def _run_forked(name: str, parameters: dict, answer: Path, parent: int) -> None:
    """In the forked process: run the page, write its answer, exit without Python's clean-up."""
    code = 1
    try:
        _start_page_process(parent)
        answer.write_text(json.dumps(_compute_or_none((name, parameters))))
        code = 0
    finally:
        os._exit(code)


def _serve(request: dict) -> list:
    """In a fresh helper process: import, warm up, then run each page in a process forked from
    this one (a new process per page, `workers` at a time; forked from the main thread, which
    holds no lock, rather than from a pool's thread)."""
    jobs, workers = request["jobs"], max(1, int(request["workers"]))
    warm_up(jobs)
    # Read each notebook once and start the shell here: every forked page gets them as new.
    for name in jobs:
        chapter = by_name(name)
        if chapter.notebook not in _READ:
            _READ[chapter.notebook] = notebooks.read(chapter.notebook)
    _shell()
    waiting, running, answers = list(jobs.items()), {}, []
    with tempfile.TemporaryDirectory(prefix="airace-ahead-") as folder:
        while waiting or running:
            while waiting and len(running) < workers:
                name, parameters = waiting.pop(0)
                answer = Path(folder) / f"{name}.json"
                pid = os.fork()
                if pid == 0:
                    _run_forked(name, parameters, answer, os.getppid())
                running[pid] = (name, answer)
            pid, _ = os.wait()
            if pid in running:
                name, answer = running.pop(pid)
                answers.append(json.loads(answer.read_text()) if answer.exists()
                               else [name, None, [], "its process ended without an answer"])
    return answers


if __name__ == "__main__":
    answers = _serve(json.loads(sys.stdin.read()))
    sys.stdout.write("\n" + json.dumps(answers) + "\n")
