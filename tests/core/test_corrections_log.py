"""The corrections log's rows are checked like data: a bad row stops the build with one line naming
file, row, column and value (airace/corrections.py)."""

from __future__ import annotations

import pytest

from airace import corrections
from airace.errors import DataError

GOOD = '2026-12-05,book/chapters/compute,"14 schemes","15 schemes","The count left out Beijing E-Town."\n'


def write(tmp_path, *rows, header="date,page,wrong,right,what"):
    path = tmp_path / "corrections.csv"
    path.write_text(header + "\n" + "".join(rows), encoding="utf-8")
    return path


def test_a_good_row_is_read(tmp_path):
    [row] = corrections.corrections(write(tmp_path, GOOD))
    assert (row.date, row.page, row.wrong, row.right) == ("2026-12-05", "book/chapters/compute", "14 schemes", "15 schemes")


@pytest.mark.parametrize("row,column,value", [
    (GOOD.replace("2026-12-05", "5 Dec 2026"), "date", "5 Dec 2026"),
    (GOOD.replace("book/chapters/compute", "book/chapters/nowhere"), "page", "book/chapters/nowhere"),
    (GOOD.replace('"14 schemes"', '""'), "wrong", ""),
])
def test_a_bad_row_names_its_row_column_and_value(tmp_path, row, column, value):
    with pytest.raises(DataError) as error:
        corrections.corrections(write(tmp_path, GOOD, row))
    assert (error.value.row, error.value.column, error.value.value) == (3, column, value)


def test_a_wrong_header_is_refused(tmp_path):
    with pytest.raises(DataError, match="header"):
        corrections.corrections(write(tmp_path, GOOD, header="date,page,what"))


def test_the_books_log_reads():
    assert all(c.date >= "2026-11-23" for c in corrections.corrections())
