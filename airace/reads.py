"""What a running page read: the record its rebuild key is made from.

Every loader in the package calls `record(path)`. When the build runner executes a page it names a
manifest file in the environment variable below; the kernel inherits it, and each recorded path is
appended to that file as it is read. A file opened directly (a notebook calling pandas itself) is
caught too: an audit hook records every file opened for reading under data/ and maps/. The runner
stores the list in the page's stamp, and the page is re-executed when any of those files changes.
"""

from __future__ import annotations

import functools
import os
import sys
from pathlib import Path

from airace import paths

# Set by the build runner per page; unset (nothing recorded) in an interactive session.
MANIFEST_VARIABLE = "AIRACE_READS_MANIFEST"
# Files under these folders are inputs; everything else a kernel opens (libraries, the package
# itself, which the key covers whole) is not recorded.
WATCHED = (paths.ROOT / "data", paths.MAPS)

_recorded: set[str] = set()
_hooked = False
# The reads of the `remembered` calls under way, innermost last.
_collecting: list[set[str]] = []


def _relative(path) -> str | None:
    try:
        full = Path(os.path.abspath(path))
    except (TypeError, ValueError):
        return None
    if not any(full == w or w in full.parents for w in WATCHED):
        return None
    return str(full.relative_to(paths.ROOT))


def record(path) -> None:
    """Note that the current page read `path` (a file under data/ or maps/)."""
    relative = _relative(path)
    if relative is None:
        return
    for collected in _collecting:
        collected.add(relative)
    if relative in _recorded:
        return
    _recorded.add(relative)
    manifest = os.environ.get(MANIFEST_VARIABLE)
    if manifest:
        # One line per file, appended: a page that fails half-way still leaves an honest partial list.
        with open(manifest, "a", encoding="utf-8") as f:
            f.write(relative + "\n")


def remembered(function):
    """functools.lru_cache for a function that reads data: computed once per process, and every
    call, cached or not, records the files the first call read. A page then names its inputs even
    when the result was computed before it started (the build computes shared results once before
    running pages ahead, airace/site/content.py), and nested cached calls pass their reads up."""
    results: dict[tuple, tuple[object, tuple[str, ...]]] = {}

    @functools.wraps(function)
    def wrapper(*args):
        if args not in results:
            collected: set[str] = set()
            _collecting.append(collected)
            try:
                value = function(*args)
            finally:
                _collecting.pop()
            results[args] = (value, tuple(sorted(collected)))
        value, files = results[args]
        for relative in files:
            record(paths.ROOT / relative)
        return value

    wrapper.cache_clear = results.clear
    return wrapper


def reset() -> None:
    """Forget what this process has recorded (a process forked to run one page starts afresh)."""
    _recorded.clear()


_WRITING = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND


def _audit(event: str, args: tuple) -> None:
    if event != "open" or not args or not isinstance(args[0], (str, bytes, os.PathLike)):
        return
    mode = args[1] if len(args) > 1 else None
    flags = args[2] if len(args) > 2 and isinstance(args[2], int) else 0
    writing = any(c in mode for c in "wax+") if isinstance(mode, str) else bool(flags & _WRITING)
    if not writing:
        path = os.fsdecode(args[0])
        if path.endswith((".csv", ".json")):
            record(path)


def watch() -> None:
    """Install the audit hook once per process (only where a manifest is being written)."""
    global _hooked
    if not _hooked and os.environ.get(MANIFEST_VARIABLE):
        sys.addaudithook(_audit)
        _hooked = True


def read_manifest(manifest: Path) -> list[str]:
    """The files a finished run recorded, sorted, each once."""
    if not manifest.exists():
        return []
    return sorted({line.strip() for line in manifest.read_text(encoding="utf-8").splitlines() if line.strip()})


watch()
