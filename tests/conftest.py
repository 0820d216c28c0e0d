"""Shared fixtures: the built site served on 127.0.0.1, and a copy of the raw data to break."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
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


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def site_url(site):
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


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
