"""A published CSV loaded into DuckDB for its checks: every cell as text, each row with its
number as frictionless counts it (the header is row 1, an empty line is a blank row), and
the structural problems (header, ragged rows) that stop the check of the file."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import duckdb

from pipeline import database

STRUCTURAL = {"missing-label", "extra-label", "extra-cell", "missing-cell", "source-error"}


@dataclass(frozen=True)
class Problem:
    resource: str
    row: int | None  # as frictionless counts: the header is row 1
    field: str | None
    type: str  # frictionless's error type
    note: str = ""

    def order(self) -> tuple:
        """Where the problem sorts: by table, then row, field, type and note."""
        return (self.resource, self.row or 0, self.field or "", self.type, self.note)

    def __str__(self) -> str:
        where = ", ".join(
            part for part in (self.row and f"row {self.row}", self.field and f"field {self.field}") if part
        )
        return f"{self.resource}: {self.type}{f' ({where})' if where else ''}{f': {self.note}' if self.note else ''}"


def quoted(name: str) -> str:
    """A table or column name as an SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


def load(con, name: str, schema: dict, path: Path) -> list[Problem]:
    """The CSV's cells as text into a table named for the resource, with each row's number;
    the header and structural problems that stop the check of the file."""
    fields = [f["name"] for f in schema["fields"]]
    with path.open(encoding="utf-8-sig", newline="") as handle:  # a byte order mark is no label, as for DuckDB
        header = next(csv.reader(handle), [])
    problems = [
        Problem(name, None, field, "incorrect-label", f"{label!r} where {field!r} is expected")
        for label, field in zip(header, fields, strict=False)
        if label != field
    ]
    if len(header) < len(fields):
        return problems + [Problem(name, None, field, "missing-label") for field in fields[len(header) :]]
    if len(header) > len(fields):
        return problems + [Problem(name, None, None, "extra-label", repr(label)) for label in header[len(fields) :]]
    columns = {f"c{i}": "VARCHAR" for i in range(len(fields))}
    try:
        database.reading_csv(
            lambda parallel: con.execute(
                f"create or replace table {quoted(name + ':cells')} as select * "
                f"from read_csv(?, {database.CSV_COLUMNS_GIVEN}, columns = ?, strict_mode = true, "
                f"null_padding = false, parallel = {str(parallel).lower()})",
                [str(path), columns],
            )
        )
    except duckdb.Error:
        return problems + _ragged(name, path, len(fields))
    numbers = _row_numbers(path)
    select_cells = ", ".join(f"c{i} as {quoted(field)}" for i, field in enumerate(fields))
    if numbers is None:  # no blank line: the n-th row read is the file's row n + 1
        con.execute(
            f"create table {quoted(name)} as select rowid + 2 as _row, {select_cells} from {quoted(name + ':cells')}"
        )
    else:
        con.execute(f"create table {quoted(name + ':rows')} (_row bigint)")
        if numbers["rows"]:
            con.execute(f"insert into {quoted(name + ':rows')} select unnest(?)", [numbers["rows"]])
        con.execute(
            f"create table {quoted(name)} as select r._row, {select_cells} from {quoted(name + ':cells')} c "
            f"positional join {quoted(name + ':rows')} r"
        )
        problems += [Problem(name, row, None, "blank-row") for row in numbers["blank"]]
        problems += [
            Problem(name, row, None, "primary-key", "all the cells of the key are empty")
            for row in numbers["blank"]
            if schema.get("primaryKey")
        ]
    return problems


def _row_numbers(path: Path) -> dict[str, list[int]] | None:
    """None when the file has no empty line. Otherwise the row number of each row DuckDB reads
    (it skips empty lines, frictionless counts them as blank rows) and of each empty line,
    found by reading the file once with the csv module: the slow way, for files that need it."""
    if not _has_empty_line(path):
        return None
    rows, blank = [], []
    with path.open(encoding="utf-8", newline="") as handle:
        for number, cells in enumerate(csv.reader(handle), start=1):
            if number > 1:
                (rows if cells else blank).append(number)
    return {"rows": rows, "blank": blank}


def _has_empty_line(path: Path, chunk: int = 1 << 24) -> bool:
    """Whether the file holds an empty line, read a chunk at a time. Not a memory map: the pages
    of a mapped file count in the process's resident memory as they are scanned, the size of
    the largest table (560 MB at a million IRM rows) over DuckDB's own gigabyte."""
    tail = b""
    with path.open("rb") as handle:
        while block := handle.read(chunk):
            data = tail + block
            if b"\n\n" in data or b"\n\r\n" in data:
                return True
            tail = data[-2:]  # an empty line across two chunks
    return False


def _ragged(name: str, path: Path, width: int) -> list[Problem]:
    """The first row with more or fewer cells than the header, found by the csv module."""
    with path.open(encoding="utf-8", newline="") as handle:
        try:
            for number, cells in enumerate(csv.reader(handle), start=1):
                if cells and len(cells) != width:
                    kind = "extra-cell" if len(cells) > width else "missing-cell"
                    return [Problem(name, number, None, kind, f"{len(cells)} cells for {width} fields")]
        except csv.Error as error:
            return [Problem(name, None, None, "source-error", str(error))]
    return [Problem(name, None, None, "source-error", "DuckDB could not read the file as CSV")]
