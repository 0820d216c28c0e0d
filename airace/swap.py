"""Replacing a published folder (the site, the clean tables) so that it always exists, whole.

The new folder is built beside the old one and exchanged with it in one atomic step (Linux
renameat2 RENAME_EXCHANGE). Where that call is missing, two renames are used, and a folder left
missing by a kill between them is restored from its predecessor by `recover` at the next start.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
from pathlib import Path

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
