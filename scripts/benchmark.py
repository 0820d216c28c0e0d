"""Measure the build on this machine and print the figures (seconds, bytes, memory).

Runs in a fresh copy of the repository so the working tree's own build is not disturbed:
  1. clean full build (no executed chapters, no Sphinx state)
  2. rebuild with nothing changed
  3. rebuild after one chapter notebook changed (one of four)
  4. rebuild after a one-row edit of each of three tables (a value on one province's row of the
     voucher table, the facts ledger and a complete province table), naming the pages that re-ran
     and the time of the chapters step (papermill, with the run ahead) and of the book step (Jupyter
     Book and the PDF)
then reports peak memory of any process in the builds, the largest HTML page, the size of
_static, and what each kind of page (text, chapter, profile) transfers to a browser on a cold
visit, against its budget (if Chromium is installed), and how soon a phone on a throttled network
shows each chapter's charts (first paint, first and every chart visible, bytes before the first
chart, layout shift).

Targets (not a test): no-change rebuild under 15% of the clean build; one changed notebook under 40%;
a one-row data edit under 15%.

Usage: make benchmark   (or .venv/bin/python scripts/benchmark.py)
       .venv/bin/python scripts/benchmark.py --pages   (page weights of the built site only)
       .venv/bin/python scripts/benchmark.py --first-paint   (charts at first paint, built site only)
"""

from __future__ import annotations

import csv
import io
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


def timed_build(repo: Path) -> tuple[float, list[str], dict[str, float]]:
    """Seconds the build took, the pages it re-executed (from its '> NAME: queued' lines) and the
    seconds of its chapters and book steps (from its '... done in' lines)."""
    env = {**os.environ, "PYTHONPATH": str(repo)}
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "airace", "build"], cwd=repo, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"build failed in the benchmark copy:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
    ran = [line.strip()[2:].split(":")[0] for line in result.stdout.splitlines() if line.strip().startswith("> ")]
    steps = {}
    for line in result.stdout.splitlines():
        for step in ("chapters", "book"):
            if line.strip().startswith(f"{step} done in "):
                steps[step] = float(line.strip().split(" in ")[1].rstrip("s"))
    return seconds, ran, steps


def pages_named(ran: list[str]) -> str:
    """Every page by name (a profile by its code), so the list can be checked against what it shows."""
    return ", ".join(sorted(ran)) or "none"


def change_row(path: Path, match: dict, new: dict) -> None:
    """Change cells of the one row of a CSV whose cells equal `match`, as an author would."""
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    hits = [r for r in rows if all(r[k] == v for k, v in match.items())]
    if len(hits) != 1:
        sys.exit(f"{path}: {len(hits)} rows match {match}")
    hits[0].update(new)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def edit_ledger(repo: Path) -> str:
    """Shenzhen's count of AI firms, 2600 -> 2700, in its value, its number as written and its quote."""
    path = repo / "data" / "raw" / "facts.csv"
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    row = next(r for r in rows if r["region_as_written"] == "深圳" and r["indicator"] == "ai_firms")
    change_row(path, {"fact_id": row["fact_id"]}, {"value": "2700", "value_as_written": row["value_as_written"].replace("2600", "2700"),
                                                   "quote": row["quote"].replace("2600", "2700")})
    return f"facts ledger, {row['fact_id']}: Shenzhen's AI firms 2600 -> 2700"


def edit_vouchers(repo: Path) -> str:
    change_row(repo / "data" / "raw" / "supplementary" / "ai_vouchers.csv",
               {"city": "深圳", "voucher_type": "训力券 (training compute)"},
               {"annual_or_total_amount_value": "7", "amount_text": "每年最高7亿元",
                "quote": "每年发放最高7亿元“训力券”,降低人工智能模型研发和训练成本"})
    return "voucher table: Shenzhen's training-compute voucher pool 5 -> 7 (100 million CNY a year)"


def edit_complete_table(repo: Path) -> str:
    """Hainan's 2024 GDP, up by 10 (100 million CNY): no rank moves, but every profile's rank
    chart prints every province's value, so every page that shows it must re-run."""
    complete = repo / "data" / "raw" / "complete" / "gdp_2024_province.csv"
    rows = list(csv.DictReader(io.StringIO(complete.read_text(encoding="utf-8"))))
    old = next(r["value"] for r in rows if r["province_code"] == "460000" and r["indicator"] == "gdp")
    new = f"{float(old) + 10:.1f}"
    change_row(complete, {"province_code": "460000", "indicator": "gdp"}, {"value": new})
    change_row(repo / "data" / "raw" / "supplementary" / "gdp_2024_province.csv", {"gb_code": "460000", "indicator": "gdp"},
               {"value": new})
    return f"complete province table (gdp_2024_province.csv): Hainan's GDP {old} -> {new}"


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
    clean, _, clean_steps = timed_build(repo)
    unchanged, _, _ = timed_build(repo)
    notebook = repo / "notebooks" / "capital.md"
    notebook.write_text(notebook.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    one_changed, _, _ = timed_build(repo)
    row_rows = []
    for edit in (edit_vouchers, edit_ledger, edit_complete_table):
        what = edit(repo)
        seconds, ran, steps = timed_build(repo)
        row_rows += [(f"rebuild, one row: {what}", f"{seconds:.1f} s ({seconds / clean:.0%} of clean; target < 15%)"),
                     ("  pages re-executed", f"{len(ran)}: {pages_named(ran)}"),
                     ("  chapters step (run ahead + papermill) / book step (Jupyter Book + PDF)",
                      f"{steps.get('chapters', 0):.1f} s / {steps.get('book', 0):.1f} s")]
    # ru_maxrss of children is the largest resident set of any finished child process, in KiB on Linux.
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    site = repo / "_build" / "html"
    pages = sorted(site.rglob("*.html"), key=lambda p: p.stat().st_size)
    largest = pages[-1]
    rows = [
        ("clean full build", f"{clean:.1f} s"),
        ("  chapters step / book step", f"{clean_steps.get('chapters', 0):.1f} s / {clean_steps.get('book', 0):.1f} s"),
        ("rebuild, nothing changed", f"{unchanged:.1f} s ({unchanged / clean:.0%} of clean; target < 15%)"),
        ("rebuild, 1 of 4 chapter notebooks changed", f"{one_changed:.1f} s ({one_changed / clean:.0%} of clean; target < 40%)"),
        *row_rows,
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
