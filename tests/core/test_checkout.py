"""A checkout whose .venv was copied from another one must not build from the other's package
(and so from its data, into its site) while saying it built this one: the command line stops
first, in one line naming the package it would use and how to fix it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from airace import paths


@pytest.fixture()
def copy(tmp_path) -> Path:
    """A second checkout (package and configuration: all the check looks at) whose environment
    is this test's interpreter, whose editable install points at the checkout under test."""
    target = tmp_path / "copy"
    shutil.copytree(paths.PACKAGE, target / "airace", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copyfile(paths.CONFIG, target / "_config.yml")
    shutil.copytree(paths.DATA_RAW, target / "data" / "raw")  # the chapter list reads the regions on import
    return target


def airace(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "airace", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=120)


@pytest.mark.parametrize("command", ["build", "data"])
def test_a_command_started_inside_another_checkout_stops(copy, command):
    """From a folder inside the copy, `python -m airace` imports the original's package."""
    result = airace(copy / "data", command)
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr, result.stderr
    assert result.stderr.startswith(f"error: this checkout is {copy}, but `python -m airace` imports the package "
                                    f"of {paths.ROOT}")
    assert f"make deps` in {copy}" in result.stderr


def test_a_borrowed_environment_stops_the_build_at_the_copys_root(copy):
    """From the copy's root this process imports the copy's package, but the notebooks' kernels and
    Jupyter Book would import the original's (the environment's editable install)."""
    result = airace(copy, "build")
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr, result.stderr
    assert f"the notebooks and Jupyter Book would import the package of {paths.ROOT}" in result.stderr
    assert f"make deps` in {copy}" in result.stderr
    assert not (copy / "_build").exists(), "nothing was built or locked"


def test_the_checkout_under_test_is_its_own():
    result = airace(paths.ROOT, "stale", "--help")
    assert result.returncode == 0
    from airace.__main__ import borrowed_package  # the command line, imported only by this test
    assert borrowed_package() is None
