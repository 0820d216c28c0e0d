"""Two forced builds of unchanged inputs must publish byte-identical sites.

    .venv/bin/python scripts/check_reproducible.py

Builds this tree twice with `python -m airace build --force` (every page re-executed, the book
rebuilt), keeping a copy of _build/html after the first, and lists the files that differ. Exits 1
if any does. Two full builds take minutes, so this is a script (also run by `make reproducible`)
rather than a test; tests/site/test_build.py checks the part that used to differ, the executed
notebooks, page by page.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "_build" / "html"


def build() -> None:
    result = subprocess.run([sys.executable, "-m", "airace", "build", "--force"], cwd=ROOT)
    if result.returncode != 0:
        sys.exit(f"the build failed (exit {result.returncode})")


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def main() -> int:
    build()
    with tempfile.TemporaryDirectory() as scratch:
        first = Path(scratch) / "html"
        shutil.copytree(SITE, first, symlinks=True)
        build()
        before, after = files(first), files(SITE)
    differ = sorted(name for name in before.keys() | after.keys() if before.get(name) != after.get(name))
    for name in differ:
        print(f"differs: {name}")
    print(f"{len(differ)} of {len(after)} published files differ between two forced builds of unchanged inputs")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
