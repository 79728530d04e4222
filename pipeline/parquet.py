"""Parquet copies of the published tables, for analysts (pandas, R arrow, DuckDB, Spark).

DuckDB converts the CSV just written, reading it with the column types of the Table Schema,
so the Parquet file holds exactly the CSV's rows, in the same order, with typed columns.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

TYPES = {"string": "VARCHAR", "integer": "BIGINT", "number": "DOUBLE", "boolean": "BOOLEAN", "date": "DATE"}


def write(path: Path, schema: dict, csv_path: Path) -> None:
    columns = {f["name"]: TYPES[f["type"]] for f in schema["fields"]}
    with duckdb.connect() as con:
        con.execute("set preserve_insertion_order = true")
        source = con.read_csv(str(csv_path), header=True, columns=columns, quotechar='"', escapechar='"')
        source.write_parquet(str(path))
