"""Helpers the tests share: one home, so no test module imports another.

- the article texts beside the repository (seed_texts);
- a scratch copy of the repository with the current build state (scratch_repo), edited files
  (edited), the command line run in a copy (run_airace, run_data_step) and folder digests;
- what an executed notebook glues and draws, as a reader sees it (glued, chart_specs), and the
  check that no chart shows a raw code (raw_identifiers).
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

from airace import datasets, paths
from airace.site import browser as reader
from airace.story import labels

SEEDS = paths.ROOT.parent / "shared" / "seeds"


def seed_texts() -> dict[str, str]:
    """The five article texts by source id, if ../shared/seeds is beside the repository."""
    texts = {}
    with paths.SOURCES.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["kind"] == "article":
                path = paths.ROOT / row["file"]
                if path.exists():
                    texts[row["source_id"]] = path.read_text(encoding="utf-8")
    return texts


COPIED = ("airace", "data", "maps", "notebooks", "book", "_config.yml", "_toc.yml", "package.json",
          "package-lock.json", "requirements.txt")
def digest(folder: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            h.update(str(path.relative_to(folder)).encode())
            h.update(path.read_bytes())
    return h.hexdigest()


def scratch_repo(target: Path) -> Path:
    """A copy of the repository at `target` with the current executed chapters, stamps, Sphinx
    state and pre-drawn figures (node_modules linked, not copied): its first build has nothing to
    re-execute."""
    target.mkdir()
    for part in COPIED:
        source = paths.ROOT / part
        (shutil.copytree if source.is_dir() else shutil.copyfile)(source, target / part)
    os.symlink(paths.NODE_MODULES, target / "node_modules")
    for part in ("stamps", "work", "html"):
        shutil.copytree(paths.BUILD / part, target / "_build" / part, symlinks=True)
    # The pre-drawn figures, kept by content key (airace/site/predraw.py): a copy's build draws
    # again only the pages whose charts it changed.
    if (paths.BUILD / "predraw").exists():
        shutil.copytree(paths.BUILD / "predraw", target / "_build" / "predraw")
    return target


@contextlib.contextmanager
def edited(path: Path, change):
    """Change a file for the length of a block, then put it back as it was."""
    original = path.read_text(encoding="utf-8")
    path.write_text(change(original), encoding="utf-8")
    try:
        yield
    finally:
        path.write_text(original, encoding="utf-8")


def run_airace(repo: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(repo)}
    return subprocess.run([sys.executable, "-m", "airace", *args], cwd=repo, env=env,
                          capture_output=True, text=True, timeout=900)


def stale_pages(repo: Path) -> dict[str, str]:
    """What `python -m airace stale` in a copy says each page would be re-executed for."""
    result = run_airace(repo, "stale")
    assert result.returncode == 0, result.stdout + result.stderr
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    assert lines[-1].endswith("pages would be re-executed")
    return dict(line.split(": ", 1) for line in lines[:-1] if ": " in line and not line.startswith("  "))


def readers(repo: Path, file: str) -> set[str]:
    """Pages whose last run recorded reading `file`, from their stamps."""
    from airace.chapters import CHAPTERS
    stamps = repo / "_build" / "stamps"
    return {c.name for c in CHAPTERS if file in json.loads((stamps / f"{c.name}.json").read_text())["reads"]}


def tree_digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


# Runs `python -m airace data` once per variant of the raw files, in one interpreter of the copy's
# own package: the data step's command line, its error line and its no-loss guarantee, tested for
# dozens of broken inputs without paying an interpreter start and the imports for each.
_DRIVER = """
import contextlib, hashlib, io, json, sys, traceback
from pathlib import Path
from airace.__main__ import main

repo, variants = Path(sys.argv[1]), json.loads(sys.stdin.read())
clean = repo / "data" / "clean"

def digest():
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(clean.iterdir())}

results = {}
for name, files in variants.items():
    originals = {path: (repo / path).read_bytes() for path in files}
    for path, source in files.items():
        (repo / path).write_bytes(Path(source).read_bytes())
    before, err = digest(), io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        try:
            code = main(["data"])
        except BaseException:
            code = "exception"
            traceback.print_exc()
    results[name] = {"returncode": code, "stderr": err.getvalue(), "clean_unchanged": digest() == before}
    for path, data in originals.items():
        (repo / path).write_bytes(data)
print(json.dumps(results))
"""


def data_step_variants(repo: Path, variants: dict[str, dict[str, Path]]) -> dict[str, dict]:
    """For each variant (name -> {path in the repository: file to put there}), the data step's
    exit code, its error output and whether data/clean stayed as it was; the files are restored
    after each."""
    payload = json.dumps({name: {path: str(source) for path, source in files.items()} for name, files in variants.items()})
    env = {**os.environ, "PYTHONPATH": str(repo)}
    result = subprocess.run([sys.executable, "-c", _DRIVER, str(repo)], input=payload, cwd=repo, env=env,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def run_data_step(repo: Path) -> subprocess.CompletedProcess:
    """`python -m airace data` in a copy of the repository, importing the copy's package."""
    env = {**os.environ, "PYTHONPATH": str(repo)}
    return subprocess.run([sys.executable, "-m", "airace", "data"], cwd=repo, env=env,
                          capture_output=True, text=True, timeout=120)


SNAKE = re.compile(r"\b[a-z0-9]+(?:_[a-z0-9]+)+\b")


def shown(markdown: str) -> str:
    """The characters a reader sees: glued text escapes every ASCII punctuation mark (prose.as_markdown)."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown)


def glued(notebook) -> dict[str, str]:
    """The text each glue key carries in an executed notebook, as the reader sees it."""
    values = {}
    for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
        for output in cell.get("outputs", []):
            record = output.get("metadata", {}).get("scrapbook", {})
            if record.get("name"):
                data = output["data"]
                prefix = record.get("mime_prefix", "")
                values[record["name"]] = shown("".join(data.get(prefix + "text/markdown", data.get(prefix + "text/plain", ""))))
    return values


def html_figures(notebook) -> list[str]:
    out = []
    for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
        for output in cell.get("outputs", []):
            html = "".join(output.get("data", {}).get("text/html", ""))
            if "airace-figure" in html:
                out.append(html)
    return out


def vocabulary_codes() -> set[str]:
    """Every code of the data's vocabularies whose words differ from the code."""
    facts = datasets.load_table("facts")
    events = datasets.load_table("policy_events")
    return (labels.codes() | set(facts.indicator) | set(facts.kind)
            | set(facts.qualifier) | set(events.instrument))


def shown_to_readers(spec: dict) -> list[str]:
    """The strings a chart shows: titles, axis and legend titles, descriptions, scale domains that
    become legend entries, and the values of every nominal or ordinal field it encodes."""
    shown, fields, rows = [], set(), []

    def walk(node, key=None):
        if isinstance(node, dict):
            if isinstance(node.get("field"), str) and node.get("type") in ("nominal", "ordinal"):
                fields.add(node["field"])
            if isinstance(node.get("values"), list):
                rows.extend(v for v in node["values"] if isinstance(v, dict))
            for k, v in node.items():
                if k in ("title", "subtitle", "text", "description") and isinstance(v, (str, list)):
                    shown.extend([v] if isinstance(v, str) else [x for x in v if isinstance(x, str)])
                if k == "domain" and isinstance(v, list):
                    shown.extend(x for x in v if isinstance(x, str))
                if k == "datasets" and isinstance(v, dict):
                    for table in v.values():
                        rows.extend(r for r in table if isinstance(r, dict))
                walk(v, k)
        elif isinstance(node, list):
            for v in node:
                walk(v, key)

    walk(spec)
    shown += [str(row[f]) for row in rows for f in fields if f in row and isinstance(row[f], str)]
    return shown


def raw_identifiers(spec: dict, codes: set[str]) -> set[str]:
    found = set()
    for text in shown_to_readers(spec):
        if text in codes:
            found.add(text)
        found |= {token for token in SNAKE.findall(text) if token in codes}
    return found


def chart_specs(notebook) -> list[dict]:
    specs = []
    for figure in html_figures(notebook):
        text = re.search(r'<script type="application/json" class="airace-spec"[^>]*>(.*?)</script>', figure,
                         flags=re.S).group(1)
        spec = json.loads(text.replace("<\\/", "</"))
        specs.append(spec)
    return specs


# ---------------------------------------------------------------------------------------------
# The built site in Chromium

PAGES = reader.pages()
# A redirect (index.html) holds no content of its own: the page it leads to is tested instead.
CHART_PAGES = [p for p in PAGES if reader.draws_charts(p) and not reader.redirect_target(p)]
STORY = [p for p in CHART_PAGES if reader.page_kind(p) == "chapter"]
# Pages seen in dark mode and at the second phone width: the front page, every chapter, the
# province index and one profile (all profiles share one notebook and one layout).
SAMPLE = sorted({"book/intro.html", *STORY, "book/provinces/provinces.html", "book/provinces/440000.html"}
                & set(PAGES))


def visit(chromium, url, *, width: int = 1280, scheme: str = "light", touch: bool | None = None, html_edit=None):
    """Open a page in a fresh context (cold cache) with every off-machine request blocked; return
    the context, the page and what went wrong. Below 800 pixels the page is on a touch screen
    unless `touch` says otherwise. `html_edit(text) -> text` rewrites the page's HTML before the
    browser reads it: a page broken on purpose, to show that a check can fail."""
    context = chromium.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme,
                                   has_touch=width < 800 if touch is None else touch)
    page = context.new_page()
    problems = {"console": [], "blocked": [], "failed": []}

    def guard(route):
        host = urlparse(route.request.url).hostname
        if html_edit and route.request.url == url:
            response = route.fetch()
            route.fulfill(response=response, body=html_edit(response.text()))
        elif route.request.url.startswith(("data:", "blob:")) or host == "127.0.0.1":
            route.continue_()
        else:
            problems["blocked"].append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    page.on("console", lambda m: problems["console"].append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems["console"].append(str(e)))
    page.on("requestfailed", lambda r: problems["failed"].append(r.url))
    page.goto(url, wait_until="load")
    return context, page, problems


def redirect_target(page_path: str) -> str | None:
    """index.html only redirects (meta refresh) to the first page: the test follows it."""
    return reader.redirect_target(page_path)


def serious(violations):
    return [v for v in violations if v["impact"] in ("serious", "critical")]


# Words a table shows broken across two lines ("G / u / a / n / g / d / o / n / g", "Ra / nk"): each
# run of Latin letters and digits in a table cell is measured with a Range; a run whose boxes lie
# on more than one line was broken. Hyphens and spaces are places a line may break.
BROKEN_WORDS = """() => {
  const broken = [];
  for (const cell of document.querySelectorAll('article table td, article table th')) {
    if (!cell.getClientRects().length) continue;
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    let node;
    while ((node = walker.nextNode())) {
      const words = /[A-Za-z0-9][A-Za-z0-9.,%'’]*[A-Za-z0-9%]/g;
      let m;
      while ((m = words.exec(node.data))) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const lines = new Set(Array.from(range.getClientRects()).filter(b => b.width > 0).map(b => Math.round(b.top)));
        if (lines.size > 1) broken.push(m[0]);
      }
    }
  }
  return broken;
}"""
