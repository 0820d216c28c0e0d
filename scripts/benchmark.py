"""Measure the build on this machine and print the figures (seconds, bytes, memory).

Runs in a fresh copy of the repository so the working tree's own build is not disturbed:
  1. clean full build (no executed chapters, no Sphinx state)
  2. rebuild with nothing changed
  3. rebuild after one chapter notebook changed (one of four)
then reports peak memory of any process in the builds, the largest HTML page, the size of
_static, and what a map page transfers to a browser (if Chromium is installed).

Targets (not a test): no-change rebuild under 15% of the clean build; one changed notebook under 40%.
Usage: make benchmark   (or .venv/bin/python scripts/benchmark.py)
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COPIED = ("airace", "data", "maps", "notebooks", "book", "_config.yml", "_toc.yml", "package.json")


def fresh_copy() -> Path:
    target = Path(tempfile.mkdtemp(prefix="airace-bench-")) / "repo"
    target.mkdir()
    for part in COPIED:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, target / part, ignore=shutil.ignore_patterns("chapters", "vendor", "geo", "tables", "charts"))
        else:
            shutil.copyfile(source, target / part)
    os.symlink(ROOT / "node_modules", target / "node_modules")
    return target


def timed_build(repo: Path) -> float:
    env = {**os.environ, "PYTHONPATH": str(repo)}
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "airace", "build"], cwd=repo, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"build failed in the benchmark copy:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
    return seconds


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def map_page_transfer(site: Path, page: str) -> int | None:
    """Bytes a browser downloads to show one chapter page with its maps, everything served locally."""
    chromium = shutil.which("chromium")
    if not chromium:
        return None
    import functools
    import http.server
    import threading
    from playwright.sync_api import sync_playwright

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    total = 0
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu",
                                    "--disable-background-networking", "--disable-component-update", "--no-first-run"])
        page_ = browser.new_page()
        sizes = []
        page_.on("response", lambda r: sizes.append(len(r.body())) if r.ok else None)
        page_.goto(f"http://127.0.0.1:{server.server_address[1]}/{page}", wait_until="networkidle")
        total = sum(sizes)
        browser.close()
    server.shutdown()
    return total


def main() -> None:
    repo = fresh_copy()
    clean = timed_build(repo)
    unchanged = timed_build(repo)
    notebook = repo / "notebooks" / "capital.md"
    notebook.write_text(notebook.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    one_changed = timed_build(repo)
    # ru_maxrss of children is the largest resident set of any finished child process, in KiB on Linux.
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    site = repo / "_build" / "html"
    pages = sorted(site.rglob("*.html"), key=lambda p: p.stat().st_size)
    largest = pages[-1]
    transfer = map_page_transfer(site, "book/chapters/policy_race.html")
    rows = [
        ("clean full build", f"{clean:.1f} s"),
        ("rebuild, nothing changed", f"{unchanged:.1f} s ({unchanged / clean:.0%} of clean; target < 15%)"),
        ("rebuild, 1 of 4 chapter notebooks changed", f"{one_changed:.1f} s ({one_changed / clean:.0%} of clean; target < 40%)"),
        ("peak memory of any build process", f"{peak_kib / 1024:.0f} MiB"),
        ("largest HTML page", f"{largest.stat().st_size:,} bytes ({largest.relative_to(site)})"),
        ("_static", f"{folder_bytes(site / '_static'):,} bytes"),
        ("province geometry file", f"{(site / '_static' / 'geo' / 'provinces.topo.json').stat().st_size:,} bytes"),
        ("map page transfer (policy_race.html, all requests)", f"{transfer:,} bytes" if transfer else "chromium not installed"),
        ("machine", f"{os.cpu_count()} cores"),
    ]
    width = max(len(r[0]) for r in rows)
    for label, value in rows:
        print(f"{label:<{width}}  {value}")
    shutil.rmtree(repo.parent, ignore_errors=True)


if __name__ == "__main__":
    main()
