"""Command line: `python -m airace build | run NAME -p key value | data | stale | toc | serve`.
Commands that write (build, run, data, stale) hold the tree's build lock: one at a time."""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import sys

from airace import paths
from airace.chapters import CHAPTERS
from airace.errors import DataError
from airace.site import build


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

    try:
        with contextlib.ExitStack() as stack:
            if args.command in ("build", "run", "data", "stale"):
                stack.enter_context(build.build_lock())
            return _dispatch(args)
    except (build.BuildError, DataError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1


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
