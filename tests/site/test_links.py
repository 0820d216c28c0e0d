"""Every internal link and #anchor of the built site resolves, checked offline by LinkChecker."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from airace import paths

CONFIG = Path(__file__).with_name("linkchecker.ini")


@pytest.fixture()
def readable_copy(site):
    """LinkChecker drops root privileges to `nobody` before reading files, so it checks a copy of
    the site in a folder anyone may read, wherever the repository itself was cloned."""
    folder = Path(tempfile.mkdtemp(prefix="airace-linkcheck-"))
    copy = folder / "html"
    shutil.copytree(site, copy)
    for path in [folder, *folder.rglob("*")]:
        os.chmod(path, 0o755 if path.is_dir() else 0o644)
    yield copy
    shutil.rmtree(folder, ignore_errors=True)


def linkcheck(index: Path) -> subprocess.CompletedProcess:
    command = [str(Path(sys.executable).with_name("linkchecker")), "--config", str(CONFIG), "--no-status", str(index)]
    return subprocess.run(command, capture_output=True, text=True, timeout=600)


def test_internal_links_and_anchors_resolve(readable_copy):
    result = linkcheck(readable_copy / "index.html")
    assert result.returncode == 0, result.stdout[-3000:]
    assert "0 errors found" in result.stdout
    assert " 0 warnings found" in result.stdout


def test_the_checker_catches_a_broken_anchor_and_a_missing_page(readable_copy):
    intro = readable_copy / "book" / "intro.html"
    intro.write_text(intro.read_text(encoding="utf-8").replace(
        "</article>", '<a href="method.html#no-such-anchor">a</a><a href="no-such-page.html">b</a></article>'),
        encoding="utf-8")
    result = linkcheck(readable_copy / "index.html")
    assert result.returncode != 0
    assert "no-such-anchor" in result.stdout and "no-such-page.html" in result.stdout


def test_data_downloads_are_linked_and_present(site):
    page = (site / "book" / "chapters" / "data.html").read_text(encoding="utf-8")
    for table in paths.DATA_CLEAN.glob("*.csv"):
        assert f"_static/tables/{table.name}" in page, table.name
        assert (site / "_static" / "tables" / table.name).read_bytes() == table.read_bytes()


RELATIVE_URL = re.compile(r'(?:src|href|srcset|data-predrawn)="(\.\./[^"#?]*)')


def climbs_above(page: str, url: str) -> bool:
    """Whether a relative address climbs above the site's root from `page`: it then works only
    when the site is served at a domain's root, not at its published address (a folder)."""
    depth = page.count("/")
    return url.split("/").count("..") > depth


def test_no_relative_address_climbs_above_the_site(site):
    """The site is published under a folder (html.baseurl); a browser clamps '../' at a domain's
    root, so a link that climbs one level too far works on 127.0.0.1 and breaks when published."""
    problems = []
    for page in sorted(site.rglob("*.html")):
        relative = str(page.relative_to(site))
        if relative.startswith(("_static", "_sources")):
            continue
        for url in set(RELATIVE_URL.findall(page.read_text(encoding="utf-8"))):
            if climbs_above(relative, url):
                problems.append(f"{relative}: {url}")
    assert not problems, problems[:10]


def test_climbing_check_can_fail():
    assert climbs_above("book/intro.html", "../../_static/charts/intro/x.png")
    assert not climbs_above("book/intro.html", "../_static/charts/intro/x.png")
    assert not climbs_above("book/chapters/compute.html", "../../_static/x.css")
