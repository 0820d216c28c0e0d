"""The build runner: clean data, execute chapter notebooks, build the book, publish atomically.

Steps, each of which stops the build with a named error and leaves the published site alone:
1. clean and validate data/raw into data/clean (airace.cleaning; writes only if all is valid);
2. copy what the site serves itself into book/_static (Vega libraries, geometry, clean CSVs);
3. execute every chapter and profile whose inputs changed, in parallel, with papermill, into book/;
4. build the book with Jupyter Book in _build/work, execution off, warnings as errors;
5. swap the new HTML into _build/html.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from airace import paths, reads, swap
from airace.chapters import CHAPTERS, Chapter, by_name, parameter_problem, toc_yaml
from airace.data import cleaning
from airace.errors import DataError
from airace.fingerprints import digest
from airace.site import archive, book_pdf, content, notebooks, predraw, processes

# The three Vega libraries the site serves from its own _static (pinned in package-lock.json).
VENDOR_FILES = {
    "vega.min.js": "vega/build/vega.min.js",
    "vega-lite.min.js": "vega-lite/build/vega-lite.min.js",
    "vega-embed.min.js": "vega-embed/build/vega-embed.min.js",
}


class BuildError(RuntimeError):
    """A build step failed; the message says which and why."""


@dataclass
class Outcome:
    chapter: str
    status: str          # "executed", "skipped" or "failed"
    seconds: float = 0.0
    message: str = ""


def log(message: str) -> None:
    print(message, flush=True)


# Rebuild keys, in two steps (README, "Updating data").
# 1. What the page's last run depended on: the files it read (recorded by the loaders,
#    airace/reads.py), its notebook, the package code, the pinned dependencies, the book's
#    configuration and its parameters. The stamp keeps each input's digest; `why_stale` names the
#    ones that changed. A change to anything but data re-executes the page.
# 2. When only data it read changed, what the page shows decides: its cells are run ahead, in
#    process (airace/site/content.py), and the page is re-executed only when the digest of their
#    outputs differs from its executed copy's, kept in the stamp as "shows".

def key_inputs(chapter: Chapter, recorded: list[str]) -> list[Path]:
    # Every chart's citation carries the site's address, from the book's configuration.
    return [chapter.notebook, *(paths.ROOT / r for r in recorded), *paths.package_files(), *paths.DEPENDENCY_PINS,
            paths.CONFIG]


def input_digests(files: list[Path]) -> dict[str, str]:
    return {str(f.relative_to(paths.ROOT)): digest([f]) for f in files}


def stamp_path(chapter: Chapter) -> Path:
    return paths.STAMPS / f"{chapter.name}.json"


def reads_manifest(chapter: Chapter) -> Path:
    """Where the kernel running `chapter` appends each file it reads (airace/reads.py)."""
    return paths.STAMPS / f".{chapter.name}.reads.partial"


def read_stamp(chapter: Chapter) -> dict | None:
    try:
        return json.loads(stamp_path(chapter).read_text())
    except (OSError, ValueError):
        return None


def why_stale(chapter: Chapter, parameters: dict) -> list[str]:
    """The inputs that changed since the page's last run, or the parameters, or that it never ran.
    An empty list means the executed copy is current. (Step 1 only: when the list holds nothing
    but data files, `pages_to_execute` asks whether what the page shows changed.)"""
    stamp = stamp_path(chapter)
    if not chapter.executed.exists():
        return ["never executed"]
    if not stamp.exists():
        return ["no record of its last run"]
    try:
        last = json.loads(stamp.read_text())
        recorded, before = list(last["reads"]), dict(last["inputs"])
    except (ValueError, KeyError, TypeError):
        return ["its stamp is from an older build (no record of what it read)"]
    reasons = []
    if last.get("parameters") != parameters:
        reasons.append("parameters")
    now = input_digests(key_inputs(chapter, recorded))
    reasons += [name for name in now if before.get(name) != now[name]]
    reasons += [f"{name} (no longer an input)" for name in before if name not in now]
    return reasons


def only_data_changed(chapter: Chapter, reasons: list[str]) -> bool:
    """Whether every changed input is a data file the page read (not its notebook, parameters,
    code, pins or configuration), and its stamp says what the page showed to compare with."""
    stamp = read_stamp(chapter) or {}
    return bool(reasons) and bool(stamp.get("shows")) and set(reasons) <= set(stamp.get("reads", []))


def pages_to_execute(jobs: dict[str, dict]) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """({page: why it must be re-executed}, {page: files read, for the pages whose data changed but
    not what they show}). The second kind keeps its executed copy; its stamp is renewed."""
    execute, ahead = {}, {}
    for name, parameters in jobs.items():
        chapter = by_name(name)
        why = why_stale(chapter, parameters)
        if why and only_data_changed(chapter, why):
            ahead[name] = why
        elif why:
            execute[name] = why
    unchanged = {}
    if ahead:
        started = time.perf_counter()
        computed = content.compute_pages({name: jobs[name] for name in ahead}, workers=os.cpu_count() or 1)
        for name, changed in ahead.items():
            shows, recorded, failure = computed[name]
            files = ", ".join(changed)
            if shows is None:
                execute[name] = [f"{files} changed, and its cells could not be run ahead ({failure})"]
            elif shows != read_stamp(by_name(name))["shows"]:
                execute[name] = [f"what it shows from {files} changed"]
            else:
                # The run ahead draws no image: what image rendering reads (the geometry) stays
                # an input from the last real run.
                unchanged[name] = sorted(set(read_stamp(by_name(name))["reads"]) | set(recorded))
        log(f"  ran {len(ahead)} page(s) ahead whose data changed in {time.perf_counter() - started:.1f}s: "
            f"{len(ahead) - len(unchanged)} show something new")
    return execute, unchanged


def recorded_reads(chapter: Chapter) -> list[str]:
    """The files the page's last run read (relative to the repository), from its stamp."""
    try:
        return list(json.loads(stamp_path(chapter).read_text())["reads"])
    except (OSError, ValueError, KeyError, TypeError):
        return []


def write_stamp(chapter: Chapter, parameters: dict, recorded: list[str], seconds: float, shows: str = "") -> None:
    paths.STAMPS.mkdir(parents=True, exist_ok=True)
    files = key_inputs(chapter, recorded)
    text = json.dumps({"parameters": parameters, "reads": recorded, "inputs": input_digests(files),
                       "shows": shows, "seconds": round(seconds, 2)}, indent=1, sort_keys=True)
    partial = stamp_path(chapter).with_suffix(".json.partial")
    partial.write_text(text)
    os.replace(partial, stamp_path(chapter))


def renew_stamp(chapter: Chapter, parameters: dict, recorded: list[str]) -> None:
    """The data a page read changed but not what it shows: its executed copy stands for the
    current inputs."""
    last = read_stamp(chapter)
    write_stamp(chapter, parameters, recorded, last.get("seconds", 0.0), last["shows"])


# ---------------------------------------------------------------------------------------------
# Executing notebooks

def _with(parameters: dict, chapter: Chapter) -> str:
    """For pages that share a notebook, the parameters that tell them apart."""
    return f" with {json.dumps(parameters, sort_keys=True)}" if chapter.source else ""


def execute_chapter(name: str, parameters: dict) -> Outcome:
    """Run one chapter notebook with papermill. Runs in a worker process.

    The executed copy is written beside its final place and moved there only on success, so a
    failing notebook never replaces the last good executed chapter."""
    from papermill.exceptions import PapermillExecutionError


    chapter = by_name(name)
    chapter.executed.parent.mkdir(parents=True, exist_ok=True)
    partial = chapter.executed.with_name(f".{chapter.name}.partial.ipynb")
    charts_now = paths.STATIC_CHARTS / chapter.name
    charts_new = paths.STATIC_CHARTS / f".{chapter.name}.partial"
    shutil.rmtree(charts_new, ignore_errors=True)
    manifest = reads_manifest(chapter)
    manifest.parent.mkdir(parents=True, exist_ok=True)
    manifest.unlink(missing_ok=True)
    # Inherited by the kernel papermill starts: where its charts go, and where it records its reads.
    os.environ[paths.CHART_FOLDER_VARIABLE] = str(charts_new)
    os.environ[reads.MANIFEST_VARIABLE] = str(manifest)
    started = time.perf_counter()
    try:
        notebooks.execute(
            chapter.notebook, partial, chapter.run_parameters(parameters),
            progress_bar=False, log_output=False, report_mode=False,
            # The kernel's start-up notice about local TCP transport is noise in build logs.
            extra_arguments=["--IPKernelApp.log_level=ERROR"],
        )
    except PapermillExecutionError as error:
        shutil.rmtree(charts_new, ignore_errors=True)
        manifest.unlink(missing_ok=True)
        paths.FAILED.mkdir(parents=True, exist_ok=True)
        kept = paths.FAILED / f"{chapter.name}.ipynb"
        shutil.move(partial, kept)
        first_line = error.source.strip().splitlines()[0] if error.source.strip() else ""
        return Outcome(name, "failed", time.perf_counter() - started,
                       f"{chapter.notebook.relative_to(paths.ROOT)}{_with(parameters, chapter)}, cell {error.cell_index} "
                       f"(`{first_line}`): {error.ename}: {error.evalue}\n"
                       f"    executed copy kept at {kept.relative_to(paths.ROOT)}")
    except Exception as error:  # kernel death, missing notebook, bad parameters
        partial.unlink(missing_ok=True)
        shutil.rmtree(charts_new, ignore_errors=True)
        manifest.unlink(missing_ok=True)
        return Outcome(name, "failed", time.perf_counter() - started,
                       f"{chapter.notebook.relative_to(paths.ROOT)}: {type(error).__name__}: {error}")
    finish_executed(partial, chapter)
    # What this run shows, for the next build to compare a data change against (content.py).
    shows = content.executed_digest(partial, charts_new)
    os.replace(partial, chapter.executed)
    # Swap in this run's charts whole: charts a chapter no longer draws do not linger on the site.
    shutil.rmtree(charts_now, ignore_errors=True)
    if charts_new.exists():
        os.rename(charts_new, charts_now)
    seconds = time.perf_counter() - started
    write_stamp(chapter, parameters, reads.read_manifest(manifest), seconds, shows)
    manifest.unlink(missing_ok=True)
    return Outcome(name, "executed", seconds)


# What papermill and nbclient record of a run that differs from run to run (clock times and
# durations) or from reading to reading (jupytext gives new cells random ids): dropped or made from
# the notebook itself, so an unchanged page executes to the same bytes (a forced rebuild of
# unchanged inputs publishes the same site).
RUN_TIMING = ("start_time", "end_time", "duration")


def finish_executed(notebook: Path, chapter: Chapter) -> None:
    """The executed copy as published: papermill's injected-parameters cell gets the same toggle
    as every other code cell, and nothing in it depends on when or how often it ran."""
    import nbformat
    nb = nbformat.read(notebook, as_version=4)
    run = nb.metadata.get("papermill", {})
    for key in RUN_TIMING:
        run.pop(key, None)
    # papermill records its input whole when given a notebook object (as airace/site/notebooks.py
    # does), with the random cell ids; the file it came from says the same, and stays the same.
    run["input_path"] = str(chapter.notebook.relative_to(paths.ROOT))
    run["output_path"] = str(chapter.executed.relative_to(paths.ROOT))
    for index, cell in enumerate(nb.cells):
        tags = cell.metadata.setdefault("tags", [])
        if "injected-parameters" in tags and "hide-input" not in tags:
            tags.append("hide-input")
        for key in RUN_TIMING:
            cell.metadata.get("papermill", {}).pop(key, None)
        cell.metadata.pop("execution", None)  # nbclient's timestamps of each message
        # An id from the cell's place and text: the same cell keeps its id, an edited one changes it.
        cell.id = hashlib.sha256(f"{index}\n{cell.source}".encode()).hexdigest()[:12]
    nbformat.write(nb, notebook)


def execute_chapters(jobs: dict[str, dict], force: bool = False) -> list[Outcome]:
    """Execute chapters {name: parameters} in parallel, one worker per core, skipping current ones."""
    outcomes, todo = [], {}
    if force:
        reasons, unchanged = {name: ["--force"] for name in jobs}, {}
    else:
        reasons, unchanged = pages_to_execute(jobs)
    for name, parameters in jobs.items():
        if name in reasons:
            todo[name] = parameters
            continue
        outcomes.append(Outcome(name, "skipped"))
        if name in unchanged:
            renew_stamp(by_name(name), parameters, unchanged[name])
            log(f"  = {name}: its data changed, not what it shows; kept the executed copy")
        else:
            log(f"  = {name}: unchanged, kept the executed copy")
    if not todo:
        return outcomes
    workers = max(1, min(os.cpu_count() or 1, len(todo)))
    log(f"  executing {len(todo)} of {len(jobs)} chapters on {workers} worker(s)")
    # Each worker dies with the build and takes its kernel along (airace/site/processes.py).
    with ProcessPoolExecutor(max_workers=workers, initializer=processes.start_worker,
                             initargs=(os.getpid(),)) as pool:
        futures = {}
        for name, parameters in todo.items():
            futures[pool.submit(execute_chapter, name, parameters)] = name
            changed = ", ".join(reasons[name][:3]) + (f" and {len(reasons[name]) - 3} more" if len(reasons[name]) > 3 else "")
            log(f"  > {name}: queued with {json.dumps(parameters, sort_keys=True)} ({changed})")
        for done, future in enumerate(as_completed(futures), start=1):
            outcome = future.result()
            outcomes.append(outcome)
            mark = "ok" if outcome.status == "executed" else "FAILED"
            log(f"  [{done}/{len(todo)}] {outcome.chapter}: {mark} in {outcome.seconds:.1f}s")
    return outcomes


def raise_for_failures(outcomes: list[Outcome]) -> None:
    failed = [o for o in outcomes if o.status == "failed"]
    if failed:
        details = "\n".join(f"  chapter {o.chapter}: {o.message}" for o in failed)
        raise BuildError(f"{len(failed)} chapter(s) failed; the published site was left as it was.\n{details}")


# ---------------------------------------------------------------------------------------------
# Static files and the book

def copy_if_changed(source: Path, target: Path) -> None:
    if target.exists() and target.read_bytes() == source.read_bytes():
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)


def prepare_static() -> None:
    """Put into book/_static what the site serves itself: no page may reach a CDN."""
    for name, relative in VENDOR_FILES.items():
        source = paths.NODE_MODULES / relative
        if not source.exists():
            raise BuildError(f"{source} is missing: run `npm ci` (make book does) to install the Vega libraries")
        copy_if_changed(source, paths.STATIC_VENDOR / name)
    copy_if_changed(paths.PROVINCE_TOPOLOGY, paths.STATIC_MAPS / paths.PROVINCE_TOPOLOGY.name)
    for table in sorted(paths.DATA_CLEAN.glob("*")):
        if table.suffix in {".csv", ".json"}:
            copy_if_changed(table, paths.STATIC_DATA / table.name)
    archive.write()


def write_toc() -> None:
    text = toc_yaml()
    if not paths.TOC.exists() or paths.TOC.read_text(encoding="utf-8") != text:
        paths.TOC.write_text(text, encoding="utf-8")


BOOK_STAMP = "book.json"


def book_fingerprint() -> str:
    """Everything Jupyter Book reads: config, table of contents, pages, executed chapters, static files
    and the package code its extension runs."""
    pages = sorted(p for p in paths.BOOK.rglob("*") if p.is_file() and not p.name.endswith(".partial.ipynb")
                   and "__pycache__" not in p.parts)
    # Sphinx runs package code too (airace/site/sphinx_share.py): dates, citations, previews, footer.
    return digest([paths.CONFIG, paths.TOC, *pages, *paths.package_files()])


def site_is_current(fingerprint_now: str) -> bool:
    stamp = paths.STAMPS / BOOK_STAMP
    return (paths.SITE / "index.html").exists() and stamp.exists() and \
        json.loads(stamp.read_text())["fingerprint"] == fingerprint_now


def build_book(force: bool = False) -> None:
    """Jupyter Book into _build/work (kept for incremental builds), then swap into _build/html.
    Skipped when nothing Jupyter Book reads has changed since the site was last published."""
    fingerprint_now = book_fingerprint()
    if not force and site_is_current(fingerprint_now):
        log("  = book: unchanged since the last publish, site kept")
        return
    jb = Path(sys.executable).with_name("jb")
    command = [str(jb), "build", str(paths.ROOT), "--path-output", str(paths.WORK),
               "-W", "-n", "--keep-going", "--builder", "html"]
    log("  building HTML with Jupyter Book (execution off, warnings are errors)")
    started = time.perf_counter()
    build_pid = os.getpid()
    result = subprocess.run(command, capture_output=True, text=True,
                            preexec_fn=lambda: processes.die_with_parent(build_pid))  # Sphinx dies with the build
    if result.returncode != 0:
        tail = "\n".join((result.stdout + result.stderr).strip().splitlines()[-30:])
        raise BuildError(f"Jupyter Book failed; the published site was left as it was.\n{tail}")
    log(f"  HTML built in {time.perf_counter() - started:.1f}s")
    # Every chart pre-drawn, shown at first paint before (and without) the Vega libraries; and the
    # whole book as one PDF, printed from these pages and published with them. Each has a Chromium
    # of its own, at the same time: the drawings go into the pages only once both are done, and
    # the print leaves them out (they do not print).
    try:
        with ThreadPoolExecutor(max_workers=2) as pool:
            drawing = pool.submit(predraw.draw_changed, paths.WORK_HTML)
            printing = pool.submit(book_pdf.write_book_pdf, paths.WORK_HTML, log)
            drawings = drawing.result()
            printing.result()
        predraw.fill_pages(paths.WORK_HTML, drawings, log=log)
    except (predraw.PredrawError, book_pdf.PrintError) as error:
        raise BuildError(f"{error}; the published site was left as it was") from None
    publish(paths.WORK_HTML)
    paths.STAMPS.mkdir(parents=True, exist_ok=True)
    (paths.STAMPS / BOOK_STAMP).write_text(json.dumps({"fingerprint": fingerprint_now}))


def publish(built: Path) -> None:
    """Replace _build/html with a complete copy of `built` in one atomic exchange (airace/swap.py):
    at every moment there is a whole site, the old one or the new one."""
    shutil.rmtree(paths.SITE_NEW, ignore_errors=True)
    with swap.writing(paths.SITE_NEW):  # a full disk: one line, and no half-copied _build/html.new left
        shutil.copytree(built, paths.SITE_NEW)
    swap.replace_folder(paths.SITE_NEW, paths.SITE)
    log(f"  published {paths.SITE.relative_to(paths.ROOT)}")


# ---------------------------------------------------------------------------------------------
# One build at a time, and nothing left over from a killed one

@contextlib.contextmanager
def build_lock():
    """Hold _build/build.lock for the length of a command. A second build in the same tree stops
    at once with a message naming the first; the lock dies with its process, so a killed build
    never leaves the tree locked."""
    import fcntl
    paths.BUILD.mkdir(parents=True, exist_ok=True)
    with open(paths.BUILD_LOCK, "a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise BuildError(f"another build is running in this tree ({holder}); wait for it to finish "
                             f"and run this one again (lock: {paths.BUILD_LOCK.relative_to(paths.ROOT)})") from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}, started {time.strftime('%Y-%m-%d %H:%M:%S')}")
        handle.flush()
        try:
            yield
        finally:
            handle.truncate(0)


def check_site_inputs() -> None:
    """The two files every build reads whole, checked first so a broken one is named with its
    line rather than failing the book step with a traceback: the book's configuration and the
    province geometry (a truncated copy is the usual accident)."""
    import yaml
    try:
        yaml.safe_load(paths.CONFIG.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise DataError(paths.CONFIG, mark.line + 1 if mark else None, None, None,
                        f"not valid YAML: {getattr(error, 'problem', None) or error}") from None
    try:
        topology = json.loads(paths.PROVINCE_TOPOLOGY.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise DataError(paths.PROVINCE_TOPOLOGY, error.lineno, None, None,
                        f"not valid JSON ({error.msg}, column {error.colno}): a truncated copy? `make maps` remakes it") from None
    if "provinces" not in topology.get("objects", {}):
        raise DataError(paths.PROVINCE_TOPOLOGY, None, "objects", ", ".join(topology.get("objects", {})),
                        "the geometry has no 'provinces' object")


def clean_leftovers() -> None:
    """What a killed build leaves behind is never used or published: half-executed notebooks,
    half-written chart folders and stamps, and a site or table folder caught mid-swap."""
    for target in (paths.SITE, paths.DATA_CLEAN):
        if swap.recover(target):
            log(f"  restored the last good {target.relative_to(paths.ROOT)} after an interrupted swap")
    for leftover in [*paths.BOOK.rglob(".*.partial.ipynb"), *paths.STATIC_CHARTS.glob(".*.partial"),
                     *paths.STAMPS.glob(".*.partial"), *paths.STAMPS.glob("*.partial")]:
        if leftover.is_dir():
            shutil.rmtree(leftover, ignore_errors=True)
        else:
            leftover.unlink(missing_ok=True)


# ---------------------------------------------------------------------------------------------
# Commands

def clean_data(force: bool = True) -> None:
    cleaning.run(force=force)


def build(force: bool = False) -> None:
    started = time.perf_counter()
    clean_leftovers()
    check_site_inputs()
    log("1/4 data: cleaning and validating data/raw")
    clean_data(force=force)
    log("2/4 static: Vega libraries, geometry and data into book/_static")
    prepare_static()
    write_toc()
    log("3/4 chapters")
    step = time.perf_counter()
    outcomes = execute_chapters({c.name: dict(c.parameters) for c in CHAPTERS}, force=force)
    raise_for_failures(outcomes)
    log(f"  chapters done in {time.perf_counter() - step:.1f}s")
    log("4/4 book")
    step = time.perf_counter()
    build_book(force=force)
    log(f"  book done in {time.perf_counter() - step:.1f}s")
    log(f"done in {time.perf_counter() - started:.1f}s")


def stale() -> dict[str, list[str]]:
    """After the data step: each page that the next build would re-execute, with why (pages whose
    data changed are run ahead, as the build does, to see whether what they show changed)."""
    clean_data(force=False)
    execute, _ = pages_to_execute({c.name: dict(c.parameters) for c in CHAPTERS})
    return {c.name: execute[c.name] for c in CHAPTERS if c.name in execute}


def run_one(name: str, overrides: dict) -> None:
    """Re-execute one chapter with its parameters changed by `overrides`, then rebuild the book."""
    chapter = by_name(name)
    unknown = sorted(set(overrides) - set(chapter.parameters))
    if unknown:
        raise BuildError(f"chapter {name} has no parameter(s) {', '.join(unknown)}; "
                         f"it takes: {', '.join(sorted(chapter.parameters))}")
    parameters = {**chapter.parameters, **overrides}
    problems = [p for key, value in overrides.items() if (p := parameter_problem(name, key, value))]
    if problems:
        raise BuildError("; ".join(problems))
    clean_leftovers()
    check_site_inputs()
    clean_data()
    prepare_static()
    write_toc()
    raise_for_failures(execute_chapters({name: parameters}, force=True))
    build_book()
