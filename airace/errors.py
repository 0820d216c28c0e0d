"""The one error type for bad input: it always names the file, row, column and value."""

from __future__ import annotations

from pathlib import Path

from airace import paths


class DataError(ValueError):
    def __init__(self, file, row: int | None, column: str | None, value, problem: str):
        self.file, self.row, self.column, self.value, self.problem = file, row, column, value, problem
        where = [str(_relative(file))]
        if row is not None:
            where.append(f"row {row}")
        if column:
            where.append(f"column {column!r}")
        shown = "" if value is None else f", value {str(value)[:120]!r}"
        super().__init__(f"{', '.join(where)}{shown}: {problem}")


def _relative(file) -> Path | str:
    try:
        return Path(file).resolve().relative_to(paths.ROOT)
    except (ValueError, TypeError):
        return file
