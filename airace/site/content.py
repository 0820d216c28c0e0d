"""What a page shows, as one digest: how the build judges a data change.

A page's executed copy is made from its notebook, its parameters, the package code, the pinned
dependencies, the book's configuration and the data files it reads. A change to any of the first
five re-executes the page outright (airace/site/build.py). A change to data alone re-executes it
only when what it shows changes: the build runs the page's code cells here first, in a fresh
process forked from one that has imported the package (no kernel, no chart images), and digests
everything the cells output: every glued sentence, every displayed HTML or Markdown output (charts
come as HTML carrying their Vega-Lite spec and data inline), whatever the cells print, and the
chart CSV files they write. The same digest is taken of the executed copy after every papermill run
and kept in the page's stamp. Equal digests mean papermill would write the same outputs again; a
chart's PNG is drawn from its spec (in the digest) by the pinned renderer (in the key).

Each page runs in its own process, forked from a fresh helper that imported the package and
computed what many pages share (`warm_up`), so nothing one page computes or caches can leak into
another's result, as with one kernel per page.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

from airace import paths

# What the forked processes import before any page runs: what every notebook imports, so a page's
# run costs its own computing only.
PRELOAD = ["airace.site.content", "airace.story.page", "airace.story.provinces", "airace.story.compute",
           "airace.story.policy_race", "airace.story.data_supply", "airace.story.capital",
           "airace.story.promises", "airace.story.tracker", "airace.story.catalogue", "myst_nb",
           "IPython.core.interactiveshell", "papermill", "jupytext", "airace.site.notebooks"]


class NotComputed(RuntimeError):
    """The page's cells could not be run here (an error in a cell): the build executes it, and
    papermill reports the error with its cell."""


# ---------------------------------------------------------------------------------------------
# One digest from the outputs, however they were produced

def _digest(cells: list[dict], charts: dict[str, bytes]) -> str:
    h = hashlib.sha256()
    h.update(json.dumps(cells, sort_keys=True, ensure_ascii=False, default=str).encode())
    for name in sorted(charts):
        h.update(b"\0" + name.encode() + b"\0" + hashlib.sha256(charts[name]).digest())
    return h.hexdigest()


def _chart_files(folder: Path) -> dict[str, bytes]:
    """The chart files a run wrote, PNGs left out: the first pass draws none, and a PNG is drawn
    from the spec that the page's HTML carries (so it is covered by the digest)."""
    if not folder.is_dir():
        return {}
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.suffix != ".png"}


def _cell(displays: list[dict], stdout: str, stderr: str) -> dict:
    return {"displays": displays, "stdout": stdout, "stderr": stderr}


def executed_digest(notebook: Path, chart_folder: Path) -> str:
    """The digest of what an executed copy shows: its code cells' outputs and its chart files."""
    import nbformat
    nb = nbformat.read(notebook, as_version=4)
    cells = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        displays, streams = [], {"stdout": "", "stderr": ""}
        for output in cell.get("outputs", []):
            if output.output_type in ("display_data", "execute_result"):
                displays.append({"data": dict(output.get("data", {})), "metadata": dict(output.get("metadata", {}))})
            elif output.output_type == "stream":
                streams[output.name] = streams.get(output.name, "") + output.text
            else:  # an error output: such a copy is never kept, let alone skipped
                displays.append({"other": output.output_type})
        cells.append(_cell(displays, streams["stdout"], streams["stderr"]))
    return _digest(cells, _chart_files(chart_folder))


# ---------------------------------------------------------------------------------------------
# The first pass: the page's cells run in this process

_READ: dict = {}   # notebook path -> its text notebook, read once per helper process


def _notebook_cells(chapter, parameters: dict) -> list[str]:
    """The code cells papermill would run, its injected parameters cell included (papermill
    prepares the notebook without running it)."""
    import copy

    import papermill

    from airace.site import notebooks
    if chapter.notebook not in _READ:
        _READ[chapter.notebook] = notebooks.read(chapter.notebook)
    nb = papermill.execute_notebook(copy.deepcopy(_READ[chapter.notebook]), None, chapter.run_parameters(parameters),
                                    prepare_only=True, kernel_name="python3", progress_bar=False)
    return [cell.source for cell in nb.cells if cell.cell_type == "code"]


def _shell():
    """IPython's shell, as a kernel has it, with no history file."""
    from IPython.core.interactiveshell import InteractiveShell
    from traitlets.config import Config
    config = Config()
    config.HistoryManager.enabled = False
    return InteractiveShell.instance(config=config)


def _json_ready(value):
    """Display data as a notebook file holds it (JSON), so both digests see the same values."""
    return json.loads(json.dumps(value, default=str))


def compute(name: str, parameters: dict) -> tuple[str, list[str]]:
    """Run page `name`'s code cells in this process as its kernel would, without drawing images;
    return the digest of what it shows and the files it read. Runs in a fresh forked process."""
    from IPython.utils.capture import capture_output

    from airace import reads
    from airace.chapters import by_name

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
            cells.append(_cell(displays, captured.stdout, captured.stderr))
        return _digest(cells, _chart_files(charts)), reads.read_manifest(manifest)


def _compute_or_none(job: tuple[str, dict]) -> tuple[str, str | None, list[str], str]:
    name, parameters = job
    try:
        found, recorded = compute(name, parameters)
        return name, found, recorded, ""
    except Exception as error:  # noqa: BLE001 - any failure means: execute it, papermill will say why
        return name, None, [], f"{type(error).__name__}: {error}"


def _start_page_process(parent: int) -> None:
    from airace import reads
    from airace.site import processes
    processes.start_worker(parent)
    reads.reset()   # what the warm-up recorded is not this page's: remembered calls record again


def warm_up(jobs: dict[str, dict]) -> None:
    """Compute once what many pages compute alike (the rank of every province on every measure,
    the promise tracker, the map's neighbours), so each forked page process starts with it.
    These functions are `reads.remembered`: a page that uses a result still records the files it
    came from, and the result is what the page would compute itself from the same files."""
    from airace.regions import mainland_provinces
    from airace.story import geometry, provinces, tracker
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
    for module in PRELOAD:
        __import__(module)
    warm_up(jobs)
    # Read each notebook once and start the shell here: every forked page gets them as new.
    from airace.chapters import by_name
    for name in jobs:
        chapter = by_name(name)
        if chapter.notebook not in _READ:
            from airace.site import notebooks
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


def compute_pages(jobs: dict[str, dict], workers: int) -> dict[str, tuple[str | None, list[str], str]]:
    """{name: (digest or None, files read, why not computed)} for every page of `jobs`.

    The work happens in a new helper process, so nothing computed before (in this process, or in
    an earlier build of the same process) can stand in for the data as it is now."""
    import subprocess
    import sys

    from airace.site import processes
    if not jobs:
        return {}
    parent = os.getpid()
    result = subprocess.run([sys.executable, "-m", "airace.site.content"], input=json.dumps({"jobs": jobs, "workers": workers}),
                            capture_output=True, text=True, cwd=paths.ROOT,
                            preexec_fn=lambda: processes.die_with_parent(parent))  # dies with the build
    if result.returncode != 0:
        # Nothing could be run ahead: every page is executed, as before this step existed.
        why = (result.stderr.strip().splitlines() or ["the helper process failed"])[-1]
        return {name: (None, [], why) for name in jobs}
    answers = json.loads(result.stdout.strip().splitlines()[-1])
    return {name: (found, recorded, why) for name, found, recorded, why in answers}


if __name__ == "__main__":
    import sys
    answers = _serve(json.loads(sys.stdin.read()))
    sys.stdout.write("\n" + json.dumps(answers) + "\n")
