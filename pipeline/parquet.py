"""Parquet copies of the published tables, for analysts (pandas, R arrow, DuckDB, Spark).

Written by DuckDB from the same rows as the CSV, in the same order, with column types taken
from the Table Schema, so a round trip gives back the CSV's rows and types.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

TYPES = {"string": "VARCHAR", "integer": "BIGINT", "number": "DOUBLE", "boolean": "BOOLEAN", "date": "DATE"}


def write(path: Path, schema: dict, rows: list[tuple]) -> None:
    columns = ", ".join(f'"{f["name"]}" {TYPES[f["type"]]}' for f in schema["fields"])
    with duckdb.connect() as con:
        con.execute(f"create table t ({columns})")
        if rows:
            marks = ", ".join("?" for _ in schema["fields"])
            con.executemany(f"insert into t values ({marks})", rows)
        con.execute(f"copy t to '{path}' (format parquet)")
