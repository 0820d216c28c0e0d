"""Chapter notebooks are MyST Markdown text files (jupytext), so a prose change diffs as prose.
Papermill executes the notebook object jupytext reads; no .ipynb copy is kept in notebooks/."""

from __future__ import annotations

from pathlib import Path


def read(path: Path):
    """The notebook at `path` (MyST Markdown) as an nbformat NotebookNode, ready for papermill."""
    import jupytext
    notebook = jupytext.read(path, fmt="md:myst")
    # papermill looks the kernel up in the metadata; jupytext keeps the header's kernelspec.
    notebook.metadata.setdefault("kernelspec", {"name": "python3", "display_name": "Python 3", "language": "python"})
    notebook.metadata.pop("jupytext", None)
    return notebook


def execute(path: Path, output: Path, parameters: dict, **options):
    """Execute the text notebook at `path` with papermill into `output` (an .ipynb)."""
    import papermill
    return papermill.execute_notebook(read(path), str(output), parameters=parameters,
                                      cwd=str(path.parent), kernel_name="python3", **options)
