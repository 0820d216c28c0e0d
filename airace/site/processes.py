"""The build's worker processes die with it.

A build starts workers (a process pool running papermill, each worker a notebook kernel, which
draws charts with vl-convert in-process) and Jupyter Book (Sphinx). Kernels run in sessions of
their own (jupyter_client starts them so), so neither a Ctrl-C in the terminal nor the death of
the build reaches them by itself; left running, they keep writing into book/ and _static/ while
the next build starts. So:

- the build turns SIGTERM and SIGINT into KeyboardInterrupt after ending every process below it
  (`ending_children_on_signals`);
- each child asks the kernel for SIGTERM when the build dies, however it dies, SIGKILL included
  (Linux PR_SET_PDEATHSIG, `die_with_parent`); a pool worker's SIGTERM ends its own kernel first
  (`start_worker`).
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import signal

import psutil

_PR_SET_PDEATHSIG = 1
GRACE_SECONDS = 3.0  # for a child to end on SIGTERM before it is killed


def die_with_parent(parent: int | None = None) -> None:
    """Ask Linux to send this process SIGTERM when its parent ends. Where prctl is missing (not
    Linux) this does nothing: SIGTERM and SIGINT to the build still end its children."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    except (OSError, AttributeError):
        return
    # The parent may have died before the request was made: then no signal will come.
    if parent is not None and os.getppid() != parent:
        os.kill(os.getpid(), signal.SIGTERM)


def end_descendants(grace: float = GRACE_SECONDS) -> None:
    """SIGTERM to every process below this one, SIGKILL to those still there after `grace` s."""
    try:
        children = psutil.Process().children(recursive=True)
    except psutil.Error:
        return
    for child in children:
        with contextlib.suppress(psutil.Error):
            child.terminate()
    _, alive = psutil.wait_procs(children, timeout=grace)
    for child in alive:
        with contextlib.suppress(psutil.Error):
            child.kill()
    psutil.wait_procs(alive, timeout=grace)


def _end_worker(signum, frame) -> None:
    # The build is gone or stopping: end this worker's kernel, then the worker, at once (a normal
    # exit would wait for the notebook it is running).
    end_descendants(grace=1.0)
    os._exit(128 + signum)


def start_worker(parent: int) -> None:
    """Initializer of every pool worker: die with the build, and take the kernel along."""
    signal.signal(signal.SIGTERM, _end_worker)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # a Ctrl-C is the build's to handle, via SIGTERM
    die_with_parent(parent)


@contextlib.contextmanager
def ending_children_on_signals():
    """For the length of a command: on SIGTERM or SIGINT, end every child process first, then
    raise KeyboardInterrupt in the build (which the command line reports in one line)."""

    def stop(signum, frame):
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        end_descendants()
        raise KeyboardInterrupt(signal.Signals(signum).name)

    previous = {s: signal.signal(s, stop) for s in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
