"""Measure the build on this machine and print the figures (seconds, bytes, memory).

Runs in a fresh copy of the repository so the working tree's own build is not disturbed:
  1. clean full build (no executed chapters, no Sphinx state)
  2. rebuild with nothing changed
  3. rebuild after one chapter notebook changed (one of four)
  4. rebuild after one data file changed (a note in the voucher table), naming the pages that re-ran
then reports peak memory of any process in the builds, the largest HTML page, the size of
_static, and what each kind of page (text, chapter, profile) transfers to a browser on a cold
visit, against its budget (if Chromium is installed).

Targets (not a test): no-change rebuild under 15% of the clean build; one changed notebook under 40%.
and how soon a phone on a throttled network shows each chapter's charts (first paint, first and
every chart visible, bytes before the first chart, layout shift).

Usage: make benchmark   (or .venv/bin/python scripts/benchmark.py)
       .venv/bin/python scripts/benchmark.py --pages   (page weights of the built site only)
       .venv/bin/python scripts/benchmark.py --first-paint   (charts at first paint, built site only)
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
COPIED = ("airace", "data", "maps", "notebooks", "book", "_config.yml", "_toc.yml", "package.json",
          "package-lock.json", "requirements.txt")


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


def timed_build(repo: Path) -> tuple[float, list[str]]:
    """Seconds the build took, and the pages it re-executed (from its '> NAME: queued' lines)."""
    env = {**os.environ, "PYTHONPATH": str(repo)}
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "airace", "build"], cwd=repo, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"build failed in the benchmark copy:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
    ran = [line.strip()[2:].split(":")[0] for line in result.stdout.splitlines() if line.strip().startswith("> ")]
    return seconds, ran


def pages_named(ran: list[str]) -> str:
    profiles = [name for name in ran if name.isdigit()]
    named = [name for name in ran if not name.isdigit()] + ([f"{len(profiles)} province profiles"] if profiles else [])
    return ", ".join(named) or "none"


def edit_one_data_file(repo: Path) -> str:
    """Change the first row's flag in the voucher table, as an author correcting a caveat would."""
    table = repo / "data" / "raw" / "supplementary" / "ai_vouchers.csv"
    lines = table.read_text(encoding="utf-8").split("\n")
    lines[1] = lines[1] + " (checked)" if not lines[1].endswith('"') else lines[1][:-1] + ' (checked)"'
    table.write_text("\n".join(lines), encoding="utf-8")
    return str(table.relative_to(repo))


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def page_weights(site: Path) -> list[tuple[str, str]]:
    """Bytes each page transfers on a cold visit in Chromium (everything it loads, as the browser
    counts it) by a reader who reads and does not touch a chart (the Vega libraries are not
    loaded), summarised per kind of page against its budget (airace/site/browser.py)."""
    from playwright.sync_api import sync_playwright

    from airace.site import browser as reader
    if not reader.CHROMIUM:
        return [("page weight", "chromium not installed")]
    rows = []
    for compress, how in ((True, "gzip, as the host serves it"), (False, "uncompressed")):
        weights: dict[str, list[tuple[int, str]]] = {}
        with reader.serve(site, compress=compress) as url, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=reader.CHROMIUM, args=reader.FLAGS)
            for page_path in reader.pages(site):
                context = browser.new_context()
                page = context.new_page()
                page.goto(f"{url}/{page_path}", wait_until="load")
                reader.wait_for_figures(page)
                total = sum(e["bytes"] for e in page.evaluate(reader.TRANSFERRED))
                context.close()
                weights.setdefault(reader.page_kind(page_path, site), []).append((total, page_path))
            browser.close()
        for kind, sizes in sorted(weights.items()):
            sizes.sort()
            limit = reader.BUDGETS["text" if kind == "text" else "charts"]
            rows.append((f"cold transfer ({how}), {kind} ({len(sizes)} pages)",
                         f"median {sizes[len(sizes) // 2][0] / 1e3:,.0f} KB, largest {sizes[-1][0] / 1e3:,.0f} KB "
                         f"({sizes[-1][1]})" + (f"; budget {limit / 1e3:,.0f} KB" if compress else "")))
    return rows


# The pages measured on a phone's throttled profile: the front page, every chapter with charts and
# one province page (the one the chapters highlight).
FIRST_PAINT_PAGES = ("book/intro.html", "book/chapters/policy_race.html", "book/chapters/compute.html",
                     "book/chapters/data_supply.html", "book/chapters/capital.html",
                     "book/chapters/promises.html", "book/provinces/440000.html")


def first_paint(site: Path) -> list[tuple[str, str]]:
    """Each page's charts on a mid-range phone (airace/site/first_paint.py): when they show, the
    bytes before the first, and how much the layout moves; median of three cold visits each."""
    from playwright.sync_api import sync_playwright

    from airace.site import browser as reader
    from airace.site import first_paint as measure
    if not reader.CHROMIUM:
        return [("first paint", "chromium not installed")]
    rows = [("first paint on a phone", "Slow 4G (150 ms, 1.6 Mbit/s down), CPU slowed 4x, cold cache, "
                                      "median of 3 visits, text gzip-compressed as the host serves it")]
    with reader.serve(site, compress=True) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=reader.CHROMIUM, args=reader.FLAGS)
        for page in FIRST_PAINT_PAGES:
            if not (site / page).exists():
                continue
            visits = sorted((measure.measure(browser, f"{url}/{page}") for _ in range(3)),
                            key=lambda m: float("inf") if m["firstChart"] is None else m["firstChart"])
            rows.append(measure.row(page, visits[1]))
        browser.close()
    return rows


def print_rows(rows: list[tuple[str, str]]) -> None:
    width = max(len(r[0]) for r in rows)
    for label, value in rows:
        print(f"{label:<{width}}  {value}", flush=True)


def main() -> None:
    if "--pages" in sys.argv:
        # Page weights of the site already built in _build/html, without the three builds.
        print_rows(page_weights(ROOT / "_build" / "html"))
        return
    if "--first-paint" in sys.argv:
        # Charts at first paint on the site already built in _build/html.
        print_rows(first_paint(ROOT / "_build" / "html"))
        return
    repo = fresh_copy()
    clean, _ = timed_build(repo)
    unchanged, _ = timed_build(repo)
    notebook = repo / "notebooks" / "capital.md"
    notebook.write_text(notebook.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    one_changed, _ = timed_build(repo)
    data_file = edit_one_data_file(repo)
    data_changed, data_ran = timed_build(repo)
    # ru_maxrss of children is the largest resident set of any finished child process, in KiB on Linux.
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    site = repo / "_build" / "html"
    pages = sorted(site.rglob("*.html"), key=lambda p: p.stat().st_size)
    largest = pages[-1]
    rows = [
        ("clean full build", f"{clean:.1f} s"),
        ("rebuild, nothing changed", f"{unchanged:.1f} s ({unchanged / clean:.0%} of clean; target < 15%)"),
        ("rebuild, 1 of 4 chapter notebooks changed", f"{one_changed:.1f} s ({one_changed / clean:.0%} of clean; target < 40%)"),
        (f"rebuild, {data_file} changed", f"{data_changed:.1f} s ({data_changed / clean:.0%} of clean)"),
        ("  pages re-executed", f"{len(data_ran)}: {pages_named(data_ran)}"),
        ("peak memory of any build process", f"{peak_kib / 1024:.0f} MiB"),
        ("largest HTML page", f"{largest.stat().st_size:,} bytes ({largest.relative_to(site)})"),
        ("_static", f"{folder_bytes(site / '_static'):,} bytes"),
        ("province geometry file", f"{(site / '_static' / 'geo' / 'provinces.topo.json').stat().st_size:,} bytes"),
        *page_weights(site),
        *first_paint(site),
        ("machine", f"{os.cpu_count()} cores"),
    ]
    print_rows(rows)
    shutil.rmtree(repo.parent, ignore_errors=True)


if __name__ == "__main__":
    main()
