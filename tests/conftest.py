"""Shared fixtures: the built site served on 127.0.0.1, and a copy of the raw data to break."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from airace import paths

SEEDS = paths.ROOT.parent / "shared" / "seeds"


@pytest.fixture(scope="session")
def site() -> Path:
    index = paths.SITE / "index.html"
    if not index.exists():
        pytest.fail(f"{paths.SITE} has no built site: run `make test` (it builds first) or `make book`")
    return paths.SITE


@pytest.fixture(scope="session")
def site_url(site):
    """The built site on 127.0.0.1, text gzip-compressed as the host serves it (airace/browser.py)."""
    from airace.browser import serve
    with serve(site) as url:
        yield url


@pytest.fixture()
def repo_copy(tmp_path) -> Path:
    """A copy of the parts of the repository the data step reads, to break safely."""
    target = tmp_path / "repo"
    for part in ("airace", "data", "maps"):
        shutil.copytree(paths.ROOT / part, target / part)
    return target


def seed_texts() -> dict[str, str]:
    """The five article texts by source id, if ../shared/seeds is beside the repository."""
    import csv
    texts = {}
    with paths.SOURCES.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["kind"] == "article":
                path = paths.ROOT / row["file"]
                if path.exists():
                    texts[row["source_id"]] = path.read_text(encoding="utf-8")
    return texts
