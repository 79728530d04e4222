"""The floor: DuckDB's bare read and write of a CSV, all text, nothing checked.

DuckDB's parallel reader refuses some files whose quoted cells hold line breaks; the floor is
then its single-threaded reader, the fastest read DuckDB can make of that file."""

import sys

import duckdb

source, target = sys.argv[1], sys.argv[2]
try:
    duckdb.sql(f"copy (select * from read_csv('{source}', all_varchar = true)) to '{target}'")
except duckdb.NotImplementedException:
    duckdb.sql(f"copy (select * from read_csv('{source}', all_varchar = true, parallel = false)) to '{target}'")
