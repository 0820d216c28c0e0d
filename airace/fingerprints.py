"""Content fingerprints: what decides that a step can be skipped."""

from __future__ import annotations

import hashlib
from pathlib import Path

from airace import paths


def digest(files, extra: bytes = b"") -> str:
    """SHA-256 over each file's path (relative to the repository) and bytes, in the order given;
    a missing file counts as a distinct value, so deleting an input also changes the digest."""
    h = hashlib.sha256(extra)
    for path in files:
        path = Path(path)
        h.update(str(path.relative_to(paths.ROOT)).encode())
        h.update(path.read_bytes() if path.exists() else b"<missing>")
    return h.hexdigest()
