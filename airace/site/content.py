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

The run ahead itself is airace/site/ahead.py, in a helper process of its own.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

from airace import paths
from airace.site import processes

# ---------------------------------------------------------------------------------------------
# One digest from the outputs, however they were produced

def digest(cells: list[dict], charts: dict[str, bytes]) -> str:
    h = hashlib.sha256()
    h.update(json.dumps(cells, sort_keys=True, ensure_ascii=False, default=str).encode())
    for name in sorted(charts):
        h.update(b"\0" + name.encode() + b"\0" + hashlib.sha256(charts[name]).digest())
    return h.hexdigest()


def chart_files(folder: Path) -> dict[str, bytes]:
    """The chart files a run wrote, PNGs left out: the first pass draws none, and a PNG is drawn
    from the spec that the page's HTML carries (so it is covered by the digest)."""
    if not folder.is_dir():
        return {}
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.suffix != ".png"}


def cell_outputs(displays: list[dict], stdout: str, stderr: str) -> dict:
    return {"displays": displays, "stdout": stdout, "stderr": stderr}


def executed_digest(notebook: Path, chart_folder: Path) -> str:
    """The digest of what an executed copy shows: its code cells' outputs and its chart files."""
    import nbformat  # only the build needs it, not every command
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
        cells.append(cell_outputs(displays, streams["stdout"], streams["stderr"]))
    return digest(cells, chart_files(chart_folder))


# ---------------------------------------------------------------------------------------------
# Running pages ahead (airace/site/ahead.py), from the build

def compute_pages(jobs: dict[str, dict], workers: int) -> dict[str, tuple[str | None, list[str], str]]:
    """{name: (digest or None, files read, why not computed)} for every page of `jobs`.

    The work happens in a new helper process, so nothing computed before (in this process, or in
    an earlier build of the same process) can stand in for the data as it is now."""
    if not jobs:
        return {}
    parent = os.getpid()
    result = subprocess.run([sys.executable, "-m", "airace.site.ahead"], input=json.dumps({"jobs": jobs, "workers": workers}),
                            capture_output=True, text=True, cwd=paths.ROOT,
                            preexec_fn=lambda: processes.die_with_parent(parent))  # dies with the build
    if result.returncode != 0:
        # Nothing could be run ahead: every page is executed, as before this step existed.
        why = (result.stderr.strip().splitlines() or ["the helper process failed"])[-1]
        return {name: (None, [], why) for name in jobs}
    answers = json.loads(result.stdout.strip().splitlines()[-1])
    return {name: (found, recorded, why) for name, found, recorded, why in answers}
