"""Replacing a published folder (the site, the clean tables) so that it always exists, whole.

The new folder is built beside the old one and exchanged with it in one atomic step (Linux
renameat2 RENAME_EXCHANGE). Where that call is missing, two renames are used, and a folder left
missing by a kill between them is restored from its predecessor by `recover` at the next start.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import os
import re
import shutil
from pathlib import Path

from airace import paths

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _exchange(a: Path, b: Path) -> bool:
    """Swap two existing paths atomically; False if the system cannot."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    return renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0


def previous(target: Path) -> Path:
    return target.with_name(target.name + ".old")


def replace_folder(fresh: Path, target: Path) -> None:
    """Put the complete folder `fresh` in the place of `target`; the old one is deleted after."""
    stale = previous(target)
    shutil.rmtree(stale, ignore_errors=True)
    if target.exists() and _exchange(fresh, target):
        shutil.rmtree(fresh)  # it now holds the old folder
        return
    if target.exists():
        os.rename(target, stale)
    os.rename(fresh, target)
    shutil.rmtree(stale, ignore_errors=True)


def recover(target: Path) -> bool:
    """After a kill: bring back the last good folder if the swap left none; drop leftovers."""
    stale = previous(target)
    restored = False
    if not target.exists() and stale.exists():
        os.rename(stale, target)
        restored = True
    shutil.rmtree(stale, ignore_errors=True)
    shutil.rmtree(target.with_name(target.name + ".new"), ignore_errors=True)
    return restored


# A full disk, or a full quota: the build cannot go on, and says so in one line.
DISK_FULL = (errno.ENOSPC, errno.EDQUOT)


class NoSpace(OSError):
    """The disk filled while a new folder was being written; the folder has been removed."""

    def __init__(self, where: str):
        self.where = where
        super().__init__(errno.ENOSPC, f"no space left on device writing {where}")

    def __str__(self) -> str:
        return self.strerror


def full_disk_at(error: BaseException) -> str | None:
    """Where a write failed for want of space (the file, relative to the repository), or None if
    `error` is not that. shutil.copytree gathers its failures into one shutil.Error of
    (source, destination, message) triples, with no errno of its own."""
    if isinstance(error, shutil.Error) and error.args and isinstance(error.args[0], list):
        for entry in error.args[0]:
            codes = {int(c) for c in re.findall(r"\[Errno (\d+)\]", str(entry[-1]))}
            if codes & set(DISK_FULL):
                return _shown(entry[1] if len(entry) > 1 else "")
        return None
    if isinstance(error, OSError) and error.errno in DISK_FULL:
        return _shown(error.filename or "")
    return None


def _shown(file) -> str:
    try:
        return str(Path(file).resolve().relative_to(paths.ROOT))
    except (ValueError, TypeError, OSError):
        return str(file) or "an unnamed file"


@contextlib.contextmanager
def writing(folder: Path):
    """Around the writing of `folder`, a new folder made beside the one it will replace: if the
    disk fills, remove it (the old folder stays in place) and raise NoSpace naming the file."""
    try:
        yield
    except OSError as error:
        where = full_disk_at(error)
        if where is None:
            raise
        shutil.rmtree(folder, ignore_errors=True)
        raise NoSpace(where or str(folder)) from None
