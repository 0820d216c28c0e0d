"""Command line: `python -m airace build | run NAME -p key value | data | stale | toc | serve`.
Commands that write (build, run, data, stale) hold the tree's build lock: one at a time."""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import subprocess
import sys
from pathlib import Path

from airace import paths, swap
from airace.chapters import CHAPTERS
from airace.errors import DataError
from airace.site import build, processes


def serve(port: int) -> None:
    if not paths.SITE.exists():
        sys.exit(f"{paths.SITE} does not exist yet: run `make book` first")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(paths.SITE))
    with http.server.ThreadingHTTPServer(("127.0.0.1", port), handler) as server:
        print(f"serving {paths.SITE} at http://127.0.0.1:{port}/ (Ctrl-C to stop)", flush=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass


@functools.lru_cache(maxsize=None)
def package_of_new_processes() -> Path | None:
    """The checkout whose package a kernel or Jupyter Book would import: the same interpreter and
    environment, started outside any checkout so that no current folder is on its path."""
    probe = subprocess.run([sys.executable, "-c", "import airace; print(airace.__file__)"], cwd="/",
                           capture_output=True, text=True)
    return Path(probe.stdout.strip()).resolve().parents[1] if probe.returncode == 0 else None


def borrowed_package() -> str | None:
    """Why this command would build from another checkout, or None.

    A .venv copied from another checkout keeps that checkout's editable install: the notebook
    kernels and Jupyter Book, started as new processes, would import the other checkout's package
    and so read its data and write its site, while this process (which imports the package from
    the current folder) reports success. Both the package here and the one a new process gets must
    be this checkout's."""
    here = paths.checkout_of(Path.cwd())
    if here is not None and here != paths.ROOT:
        return f"this checkout is {here}, but `python -m airace` imports the package of {paths.ROOT}"
    found = package_of_new_processes()
    if found != paths.ROOT:
        return (f"this checkout is {paths.ROOT}, but the notebooks and Jupyter Book would import "
                f"{f'the package of {found}' if found else 'no airace package'} from {sys.prefix}")
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m airace", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    full = commands.add_parser("build", help="clean data, execute changed chapters, build and publish the site")
    full.add_argument("--force", action="store_true", help="re-execute every chapter, changed or not")
    one = commands.add_parser("run", help="re-execute one chapter with parameters, then rebuild the site")
    one.add_argument("name", choices=[c.name for c in CHAPTERS])
    one.add_argument("-p", "--parameter", nargs=2, action="append", default=[], metavar=("KEY", "VALUE"),
                     help="override a parameter, e.g. -p highlight 510000 -p as_of 2025-03-31")
    commands.add_parser("data", help="clean and validate data/raw into data/clean")
    commands.add_parser("stale", help="clean the data, then list the pages the next build would re-execute, and why")
    commands.add_parser("toc", help="write _toc.yml from airace/chapters.py")
    web = commands.add_parser("serve", help="preview the built site on 127.0.0.1")
    web.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)

    if args.command in ("build", "run", "data", "stale"):
        problem = borrowed_package()
        if problem:
            print(f"error: {problem} (a .venv copied from another checkout?): run `rm -rf .venv && make deps` "
                  f"in {paths.checkout_of(Path.cwd()) or paths.ROOT}", file=sys.stderr)
            return 1
    try:
        with contextlib.ExitStack() as stack:
            if args.command in ("build", "run", "data", "stale"):
                stack.enter_context(build.build_lock())
                stack.enter_context(processes.ending_children_on_signals())
            return _dispatch(args)
    except (build.BuildError, DataError, swap.NoSpace) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        where = swap.full_disk_at(error)  # a full disk anywhere else: the stamps, book/, a chart
        if where is None:
            raise
        print(f"error: no space left on device writing {where}", file=sys.stderr)
        return 1
    except KeyboardInterrupt as stopped:
        if args.command == "serve":
            return 0
        print(f"error: stopped by {stopped or 'SIGINT'}; its worker processes were ended, and the next build "
              f"removes what this one left half-made", file=sys.stderr)
        return 130


def _dispatch(args) -> int:
    if args.command == "build":
        build.build(force=args.force)
    elif args.command == "run":
        build.run_one(args.name, dict(args.parameter))
    elif args.command == "data":
        build.clean_data()
    elif args.command == "stale":
        pages = build.stale()
        for name, why in pages.items():
            print(f"{name}: {', '.join(why)}")
        print(f"{len(pages)} of {len(CHAPTERS)} pages would be re-executed")
    elif args.command == "toc":
        build.write_toc()
    elif args.command == "serve":
        serve(args.port)
    return 0


if __name__ == "__main__":
    sys.exit(main())
