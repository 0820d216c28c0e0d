"""Reading raw files strictly: the CSV reader every data step uses, and the parsing of numbers and
dates in them. Each problem is one DataError naming file, row, column and value."""

from __future__ import annotations

import calendar
import csv
import io
import math
import re
from datetime import date
from pathlib import Path

import pandas as pd
from frictionless import Detector, Resource, Schema

from airace.data import schemas
from airace.errors import DataError


def read_raw_csv(path: Path, required: tuple[str, ...]) -> pd.DataFrame:
    """Read a raw CSV as text. Each problem is one DataError naming file, row, column and value.
    Rows are numbered as in a spreadsheet: the header is row 1."""
    if not path.exists():
        raise DataError(path, None, None, None, "file not found")
    data = path.read_bytes()
    if not data.strip():
        raise DataError(path, None, None, None, "file is empty: expected a header row and data")
    if data.startswith(b"\xef\xbb\xbf"):
        raise DataError(path, 1, None, None,
                        "file starts with a UTF-8 byte-order mark (BOM): save it as UTF-8 without BOM")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        row = data[: error.start].count(b"\n") + 1
        bad = data[error.start: error.start + 4]
        header = data.split(b"\n", 1)[0].decode("utf-8", "replace").split(",")
        line_start = data.rfind(b"\n", 0, error.start) + 1
        # The field the bad byte sits in: commas before it on its line (quoted commas aside).
        field = data[line_start: error.start].count(b",")
        column = header[field].strip() if row > 1 and field < len(header) else None
        hint = ""
        try:
            data.decode("gb18030")
            hint = " (it decodes as GBK/GB18030: re-save it as UTF-8)"
        except UnicodeDecodeError:
            pass
        raise DataError(path, row, column, bad.hex(" "), f"not valid UTF-8{hint}") from None
    check_structure(path, text)
    frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise DataError(path, 1, missing[0], None,
                        f"required column missing (header has: {', '.join(frame.columns)})")
    frame.insert(0, "_row", range(2, len(frame) + 2))
    return frame


def with_optional(frame: pd.DataFrame, columns: tuple[str, ...]) -> pd.DataFrame:
    """Optional columns read as empty where a file does not have them."""
    for column in columns:
        if column not in frame.columns:
            frame[column] = ""
    return frame


def check_structure(path: Path, text: str) -> None:
    """What pandas would silently repair: a repeated header (it renames the second 'value.1' and
    the author's corrected column is ignored), a semicolon-separated file, a row with more or fewer
    fields than the header (an unquoted comma), and a quote left open, which swallows the rows after
    it into one field. Rows are numbered by the line they start on."""
    reader = csv.reader(io.StringIO(text), strict=True)
    try:
        header = next(reader)
        if len(header) == 1 and ";" in header[0]:
            raise DataError(path, 1, None, header[0][:60], "fields are separated by semicolons: save the file with commas")
        seen = set()
        for name in header:
            if name in seen:
                raise DataError(path, 1, name, None, "duplicate column header: each column appears once")
            seen.add(name)
        start = reader.line_num + 1
        for fields in reader:
            broken = [i for i, f in enumerate(fields) if "\n" in f or "\r" in f]
            if broken:
                raise DataError(path, start, _column(header, broken[0]), fields[broken[0]][:60],
                                "a field runs over a line break: a quote left open swallows the rows after it")
            if fields and len(fields) != len(header):
                raise DataError(path, start, None, ",".join(fields)[:60],
                                f"{len(fields)} fields where the header has {len(header)}: "
                                f"an unquoted comma, or a missing one")
            start = reader.line_num + 1
    except csv.Error as error:
        row = start if "start" in locals() else 1
        lines = text.split("\n")  # as csv counts lines (splitlines also breaks at \x0b, \u2028...)
        opened = _open_field(lines[row - 1]) if row <= len(lines) else None
        column, value = (None, None) if opened is None or row == 1 else (_column(header, opened[0]), opened[1][:60])
        raise DataError(path, row, column, value, f"malformed CSV ({error}): a quote left open?") from None


def _column(header: list[str], index: int) -> str | None:
    return header[index] if index < len(header) else None


def _open_field(line: str) -> tuple[int, str] | None:
    """The field of a line whose quote the line leaves open: its index and its text from the
    quote on; None if every quote on the line is closed."""
    field, quoted, began = 0, False, 0
    for at, char in enumerate(line):
        if char == '"':
            quoted = not quoted  # a doubled quote inside a field closes and reopens: no net change
        elif char == "," and not quoted:
            field, began = field + 1, at + 1
    return (field, line[began:]) if quoted else None


def check_schema(path: Path, name: str) -> None:
    """The raw table against its Frictionless schema (schemas.RAW_SCHEMAS); the first failure is
    one DataError naming row, column and value, worded for the author (schemas.RAW_PROBLEMS)."""
    resource = Resource(path=path.name, basepath=str(path.parent), format="csv", encoding="utf-8",
                        schema=Schema.from_descriptor(schemas.RAW_SCHEMAS[name]),
                        detector=Detector(schema_sync=True))  # columns found by name; others ignored
    report = resource.validate()
    for task in report.tasks:
        for error in task.errors:
            field = getattr(error, "field_name", None)
            found = re.search(r'constraint "(\w+)"', error.note or "")
            rule = found.group(1) if found else error.type.removesuffix("-error")
            problem = (schemas.RAW_PROBLEMS.get((field, rule, name)) or schemas.RAW_PROBLEMS.get((field, rule))
                       or f"fails its schema: {error.note or error.title}")
            raise DataError(path, getattr(error, "row_number", None), field, getattr(error, "cell", None), problem)
    check_ascii_numbers(path, name)


NON_ASCII_NUMBER = ("a number must be written with ASCII digits 0-9: full-width or other non-ASCII "
                    "characters are not read")


def check_ascii_numbers(path: Path, name: str) -> None:
    """Frictionless and Python's float() both read full-width digits (１２３) as numbers, and the
    published tables would then carry them: a number column must hold ASCII only."""
    numeric = [f["name"] for f in schemas.RAW_SCHEMAS[name]["fields"] if f.get("type") in ("number", "integer")]
    with path.open(encoding="utf-8", newline="") as f:
        for number, row in enumerate(csv.DictReader(f), start=2):
            for column in numeric:
                value = row.get(column) or ""
                if not value.isascii():
                    raise DataError(path, number, column, value, NON_ASCII_NUMBER)


def as_number(path: Path, row: int, column: str, text: str) -> float:
    if not text.isascii():
        raise DataError(path, row, column, text, NON_ASCII_NUMBER)
    try:
        number = float(text)
    except ValueError:
        raise DataError(path, row, column, text, "not a number") from None
    if not math.isfinite(number):
        raise DataError(path, row, column, text, "not a finite number")
    return number


def stated_by(path: Path, row: int, column: str, text: str) -> str:
    """The last day a year, month or day can stand for; fails on impossible dates."""
    if not schemas.STATED.match(text):
        raise DataError(path, row, column, text, "expected a date written YYYY, YYYY-MM or YYYY-MM-DD")
    parts = [int(p) for p in text.split("-")]
    try:
        if len(parts) == 1:
            day = date(parts[0], 12, 31)
        elif len(parts) == 2:
            day = date(parts[0], parts[1], calendar.monthrange(parts[0], parts[1])[1])
        else:
            day = date(*parts)
    except (ValueError, calendar.IllegalMonthError):
        raise DataError(path, row, column, text, "impossible date") from None
    return day.isoformat()


def format_number(number: float) -> str:
    return str(int(number)) if number == int(number) and abs(number) < 1e17 else f"{number:.15g}"


def check_not_after_publication(path: Path, row: int, column: str, stated: str, published: str, source_id: str) -> None:
    """A source cannot state something after it was published: `stated` (a date, month or year)
    must not fall after the source's `published` date, compared at the coarser of the two
    precisions ('2025-03-03' fits a source published '2025-03'). A source with no date is not checked."""
    if not re.fullmatch(r"\d{4}(-\d{2}){0,2}", published or ""):
        return
    width = min(len(stated), len(published))
    if stated[:width] > published[:width]:
        raise DataError(path, row, column, stated,
                        f"is after the publication date of its source {source_id} ({published}) in data/raw/sources.csv")


def check_period(path: Path, row: int, period: str) -> None:
    """Every date of a period (a date, a span A/B, 'annual' or 'not_stated') exists."""
    for part in period.split("/"):
        if part not in ("annual", "not_stated"):
            stated_by(path, row, "period", part)
