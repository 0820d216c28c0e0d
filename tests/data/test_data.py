"""The data step: validation errors name file, row, column and value; bad input loses nothing;
the same raw input gives byte-identical clean output; the datapackage describes every table."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
from support import data_step_variants, run_data_step, tree_digest

from airace import paths, regions
from airace.data import cleaning
from airace.errors import DataError

BROKEN = Path(__file__).parent / "broken"
CASES = list(csv.DictReader((BROKEN / "cases.csv").open(encoding="utf-8")))


@pytest.fixture(scope="module")
def broken_runs(tmp_path_factory):
    """The data step run on every broken input of the corpus, each in place of its raw file."""
    repo = tmp_path_factory.mktemp("broken") / "repo"
    for part in ("airace", "data", "maps"):
        shutil.copytree(paths.ROOT / part, repo / part)
    return data_step_variants(repo, {c["case"]: {f"data/raw/{c['replaces']}": BROKEN / c["case"]} for c in CASES})


@pytest.mark.parametrize("case", CASES, ids=[c["case"] for c in CASES])
def test_broken_input_is_named_and_loses_nothing(case, broken_runs):
    result = broken_runs[case["case"]]
    assert result["returncode"] not in (0, "exception"), result["stderr"]
    assert "Traceback" not in result["stderr"]
    message = result["stderr"].strip().splitlines()[-1]
    assert message.startswith("error: "), result["stderr"]
    assert f"data/raw/{case['replaces']}" in message
    if case["row"]:
        assert f"row {case['row']}," in message or message.split(": ", 1)[1].startswith(
            f"data/raw/{case['replaces']}, row {case['row']}")
    if case["column"]:
        assert f"column '{case['column']}'" in message
    if case["value"]:
        assert repr(case["value"]) in message
    assert case["problem"] in message
    assert result["clean_unchanged"], "data/clean changed after a failed run"


def test_a_valid_copy_cleans_successfully(repo_copy):
    """The harness itself: the untouched copy passes, so the failures above are the breakage."""
    result = run_data_step(repo_copy)
    assert result.returncode == 0, result.stderr


def test_a_table_finds_its_source_record_by_file_not_by_id(repo_copy):
    """A table's source record is the one whose `file` names it: renaming the record's id neither
    stops the data step with a traceback nor leaves the table uncited in datapackage.json."""
    sources = repo_copy / "data" / "raw" / "sources.csv"
    text = sources.read_text(encoding="utf-8")
    assert text.count("\ntable_ai_funds,") == 1
    sources.write_text(text.replace("\ntable_ai_funds,", "\nfunds_compiled,"), encoding="utf-8")
    result = run_data_step(repo_copy)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    package = json.loads((repo_copy / "data" / "clean" / "datapackage.json").read_text(encoding="utf-8"))
    funds = next(r for r in package["resources"] if r["name"] == "funds")
    assert [s["title"] for s in funds["sources"]] == ["Research desk compilation from public web pages "
                                                      "(row-level publisher and URL in the table)"]


# The data step with its table writer failing for want of space at the third table: a disk that
# fills while data/clean.new is being written.
_FULL_DISK = """
import errno, sys
from airace.data import cleaning
written = []
def write_csv(frame, path, _write=cleaning.write_csv):
    if len(written) == 2:
        raise OSError(errno.ENOSPC, "No space left on device", str(path))
    written.append(path)
    _write(frame, path)
cleaning.write_csv = write_csv
from airace.__main__ import main
sys.exit(main(["data", *sys.argv[1:]]))
"""


def test_a_full_disk_in_the_data_step_is_one_line_and_loses_nothing(repo_copy):
    import os
    import subprocess
    import sys
    clean = repo_copy / "data" / "clean"
    before = tree_digest(clean)
    result = subprocess.run([sys.executable, "-c", _FULL_DISK], cwd=repo_copy, capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": str(repo_copy)}, timeout=120)
    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith("error: no space left on device writing data/clean.new/"), result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr, result.stderr
    assert not (repo_copy / "data" / "clean.new").exists(), "a half-written data/clean.new was left"
    assert tree_digest(clean) == before


def test_clean_output_is_deterministic_and_committed(tmp_path):
    first = cleaning.run(tmp_path / "first")
    second = cleaning.run(tmp_path / "second")
    assert tree_digest(first) == tree_digest(second)
    # The committed data/clean is exactly what the raw files give: nobody edited it by hand.
    assert tree_digest(first) == tree_digest(paths.DATA_CLEAN)


def test_datapackage_validates_with_frictionless():
    from frictionless import Package
    package = Package(str(paths.DATAPACKAGE))
    report = package.validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]
    names = {r.name for r in package.resources}
    assert names == {p.stem for p in paths.DATA_CLEAN.glob("*.csv")}
    for resource in package.resources:
        assert resource.title and resource.schema.fields
        assert resource.sources or resource.name == "sources", resource.name


def test_every_raw_file_has_a_source_record():
    registry = list(csv.DictReader(paths.SOURCES.open(encoding="utf-8")))
    recorded = {f.strip() for r in registry for f in r["file"].split(";")}
    for path in sorted([*paths.SUPPLEMENTARY.glob("*.csv"), *paths.COMPLETE.glob("*.csv")]):
        assert str(path.relative_to(paths.ROOT)) in recorded, f"{path} has no record in data/raw/sources.csv"
    for record in registry:
        for field in ("source_id", "kind", "producer", "published", "licence"):
            assert record[field].strip(), f"source {record['source_id']} lacks {field}"
        if record["kind"] == "table":
            assert record["file"].startswith("data/raw/"), record["source_id"]


def test_every_fact_is_sourced_and_resolved():
    facts = list(csv.DictReader((paths.DATA_CLEAN / "facts.csv").open(encoding="utf-8")))
    known_regions = {r["code"] for r in csv.DictReader(paths.REGIONS.open(encoding="utf-8"))}
    articles = {r["source_id"] for r in csv.DictReader(paths.SOURCES.open(encoding="utf-8")) if r["kind"] == "article"}
    assert len(facts) > 100
    assert {f["source_id"] for f in facts} == articles, "every article contributes facts"
    for fact in facts:
        assert fact["region_code"] in known_regions
        assert fact["value_as_written"] in fact["quote"]
    # Targets and their statement dates are both kept: a target's period ends after it was stated.
    targets = [f for f in facts if f["kind"] == "target" and f["period"] not in ("annual", "not_stated")]
    assert targets and all(f["period"].split("/")[-1][:4] >= f["stated"][:4] for f in targets)


def test_region_spellings_resolve_to_one_code():
    assert regions.resolve("广东", "t", 1, "c") == "440000"
    assert regions.resolve("廣東", "t", 1, "c") == "440000"
    assert regions.resolve("深圳市", "t", 1, "c") == regions.resolve("深圳", "t", 1, "c") == "440300"
    assert regions.resolve("成都 (天府)", "t", 1, "c") == "510100"
    # Beijing E-Town is an economic zone administered by Beijing, not Daxing District.
    assert regions.resolve("北京亦莊", "t", 1, "c") == "110000"
    with pytest.raises(DataError) as error:
        regions.resolve("火星市", "data/raw/x.csv", 7, "city")
    assert "row 7" in str(error.value) and "'city'" in str(error.value) and "'火星市'" in str(error.value)


def test_crosswalk_covers_all_provincial_divisions():
    table = list(csv.DictReader(paths.REGIONS.open(encoding="utf-8")))
    provinces = [r for r in table if r["level"] == "province"]
    assert len(provinces) == 34
    assert {"710000", "810000", "820000"} <= {r["code"] for r in provinces}
    for row in table:
        assert row["name_zh"] and row["name_zh_hant"] and row["name_en"], row["code"]
        if row["level"] in ("city", "district"):
            assert row["parent_code"], row["code"]
    for city in ("深圳", "东莞", "杭州", "成都", "青岛", "厦门", "合肥", "中卫", "绵阳", "天津市河北区"):
        regions.resolve(city, "t", None, "c")


def test_supplementary_coverage_is_stated_not_filled():
    """Gaps stay gaps: the R&D table covers fewer than 31 provinces and no row was invented."""
    rd = list(csv.DictReader((paths.DATA_CLEAN / "rd_expenditure.csv").open(encoding="utf-8")))
    provinces_2023 = {r["region_code"] for r in rd if r["period"] == "2023" and r["indicator"] == "rd_intensity"
                      and r["region_code"] != "100000"}
    assert 0 < len(provinces_2023) < 31
    for row in rd:
        assert row["value"] or row["value_text"], row
        assert row["source_url"] and row["quote"], row


def test_schema_check_names_the_bad_cell_before_anything_is_replaced(tmp_path):
    fresh = cleaning.run(tmp_path / "clean")
    table = fresh / "facts.csv"
    table.write_text(table.read_text(encoding="utf-8").replace(",percent,", ",bushels,", 1), encoding="utf-8")
    with pytest.raises(DataError) as error:
        cleaning.check_against_schemas(fresh, paths.DATA_CLEAN)
    message = str(error.value)
    assert "data/clean/facts.csv" in message and "column 'unit'" in message and "'bushels'" in message
