"""Shared fixtures: the built site served on 127.0.0.1, one Chromium for every browser test, and a
copy of the raw data to break. Helpers that are not fixtures live in support.py."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from airace import paths
from airace.site import browser

# `make test` builds first and sets this: a missing site is then a failure, not a skip.
REQUIRE_SITE = "AIRACE_REQUIRE_SITE"


@pytest.fixture(scope="session")
def site() -> Path:
    index = paths.SITE / "index.html"
    if not index.exists():
        message = f"{paths.SITE} has no built site: run `make test` (it builds first) or `make book`"
        if os.environ.get(REQUIRE_SITE):
            pytest.fail(message)
        pytest.skip(message)
    return paths.SITE


@pytest.fixture(scope="session")
def site_url(site):
    """The built site on 127.0.0.1, text gzip-compressed as the host serves it (airace/site/browser.py)."""
    with browser.serve(site) as url:
        yield url


@pytest.fixture(scope="session")
def chromium():
    """One headless Chromium for every browser test of a session (each test opens its own context)."""
    if not browser.CHROMIUM:
        pytest.fail("chromium is not installed: `make test` installs Debian's chromium package")
    from playwright.sync_api import (
        sync_playwright,  # heavy, and only browser tests need it
    )
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=browser.CHROMIUM, args=browser.FLAGS)
        yield instance
        instance.close()


@pytest.fixture()
def repo_copy(tmp_path) -> Path:
    """A copy of the parts of the repository the data step reads, to break safely."""
    target = tmp_path / "repo"
    for part in ("airace", "data", "maps"):
        shutil.copytree(paths.ROOT / part, target / part)
    return target
