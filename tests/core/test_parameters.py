"""A bad chapter parameter is refused before any notebook runs, in one line naming the chapter,
the parameter and the value (never as a failure inside a chapter's cell)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from airace import paths
from airace.chapters import parameter_problem


@pytest.mark.parametrize("value", ["2025-02-30", "2025-13-01", "2025-3-1", "yesterday", "20250301"])
def test_an_impossible_or_malformed_date_is_refused(value):
    problem = parameter_problem("promises", "as_of", value)
    assert problem is not None and "promises" in problem and "as_of" in problem and repr(value) in problem


@pytest.mark.parametrize("key, value", [("as_of", "2025-02-28"), ("as_of", "2024-02-29"), ("highlight", "440000"),
                                        ("province", "650000"), ("chapter", "anything")])
def test_a_good_value_passes(key, value):
    assert parameter_problem("promises", key, value) is None


@pytest.mark.parametrize("key, value", [("highlight", "440300"), ("highlight", "999999"), ("province", "<b>")])
def test_a_place_must_be_a_province(key, value):
    problem = parameter_problem("promises", key, value)
    assert problem is not None and key in problem and repr(value) in problem


def test_the_runner_stops_with_one_line_before_running_anything():
    stamp = paths.STAMPS / "promises.json"   # written by every run of the chapter (airace/site/build.py)
    before = stamp.stat().st_mtime if stamp.exists() else None
    result = subprocess.run([sys.executable, "-m", "airace", "run", "promises", "-p", "as_of", "2025-02-30"],
                            cwd=paths.ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines == ["error: chapter promises: parameter as_of must be a date that exists, written YYYY-MM-DD; "
                     "got '2025-02-30'"]
    assert (stamp.stat().st_mtime if stamp.exists() else None) == before
