"""The rows of a staged package judged against their Table Schemas, by frictionless, and each
JSON copy compared with its CSV.

frictionless reads every CSV table (types, constraints, primary and foreign keys) in one
package validation. BENCHMARKS.md measured its cost beside the SQL checks this module once
held: about 0.4 s more on the real package, and 10,000 IRM commitments (about all of OGP)
still end to end within twice `frictionless validate` alone, so the library does this job.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from pipeline import database

MAX_PROBLEMS = 1000  # enough to show what is wrong without holding millions


def check_package(descriptor: dict, folder: Path) -> list[str]:
    """Every problem frictionless finds in the rows of the descriptor's CSV tables, one line each,
    as `<table>: <frictionless's message>`."""
    from frictionless import Package  # imported when a package is judged, not by every command

    tables = {**descriptor, "resources": [r for r in descriptor["resources"] if r.get("type") == "table"]}
    report = Package(tables, basepath=str(folder)).validate(limit_errors=MAX_PROBLEMS)
    return [
        " ".join(f"{task.name}: {error.message}".split())  # a hostile cell's line break stays out of the line
        for task in report.tasks
        for error in task.errors
    ]


def same_rows(csv_path: Path, json_path: Path, fields: list[str], con: duckdb.DuckDBPyConnection | None = None) -> int:
    """How many rows of the JSON copy differ from the CSV's at the same position (a missing or
    extra row counts as different): 0 when the two files hold the same table."""
    columns = {field: "VARCHAR" for field in fields}
    differs = " or ".join(f"c.{_quoted(f)} is distinct from j.{_quoted(f)}" for f in fields)
    with database.connect() if con is None else con.cursor() as cursor:

        def count(parallel: bool) -> int:
            return cursor.execute(
                f"select count(*) from read_csv(?, {database.CSV_DIALECT}, columns = ?, "
                f"parallel = {str(parallel).lower()}) c positional join read_json(?, format = 'array', columns = ?) j "
                f"where {differs}",
                [str(csv_path), columns, str(json_path), columns],
            ).fetchone()[0]

        return database.reading_csv(count)


def _quoted(name: str) -> str:
    """A column name as an SQL identifier."""
    return '"' + name.replace('"', '""') + '"'
