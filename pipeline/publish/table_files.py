"""The published tables as files, written by DuckDB: CSV, JSON and Parquet.

Each table is written in its schema's column order, sorted by primary key with the digit
runs of a key compared as numbers (AP_FRA01-2 before AP_FRA01-10, sql/macros/natural_key.sql),
UTF-8 with LF line ends; an empty cell in the CSV is a null. DuckDB writes the files straight
from the database: no row passes through Python, so a table of millions of rows costs
seconds and little memory.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from pipeline import database, digest
from pipeline.errors import PipelineError
from pipeline.package import descriptors, tables
from pipeline.paths import SQL_DIR

MACROS = ("macros/natural_key", "macros/institution_key")  # every macro sql/ defines; normalise loads them too
TYPES = {"string": "VARCHAR", "integer": "BIGINT", "number": "DOUBLE", "boolean": "BOOLEAN", "date": "DATE"}


def connect(db_path: Path | None = None) -> duckdb.DuckDBPyConnection:
    """An in-memory database with the macros loaded, and the pipeline's database attached
    read-only as `db` when given (so publish never writes to it)."""
    con = database.connect()
    if db_path is not None:
        con.execute("attach ? as db (read_only)", [str(db_path)])
    _macros(con)
    return con


def cursor(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """Another connection to `con`'s database, for another thread: it shares the attached
    database; the macros, temporary (one connection's), are loaded again."""
    other = con.cursor()
    _macros(other)
    return other


def _macros(con: duckdb.DuckDBPyConnection) -> None:
    for macro in MACROS:
        con.execute((SQL_DIR / f"{macro}.sql").read_text(encoding="utf-8"))


def ordered(name: str, relation: str) -> str:
    """The rows of `relation` as the resource `name` publishes them: its schema's columns,
    typed as the schema says, sorted by primary key (after the order tables.ROW_ORDER gives)."""
    schema = descriptors.schema(name)
    columns = ", ".join(f'cast("{f["name"]}" as {TYPES[f["type"]]}) as "{f["name"]}"' for f in schema["fields"])
    order = ", ".join(
        f'natural_key(cast("{key}" as varchar))' for key in (*tables.ROW_ORDER.get(name, ()), *schema["primaryKey"])
    )
    return f"select {columns} from {relation} order by {order}"


def write(con: duckdb.DuckDBPyConnection, folder: Path, name: str, relation: str) -> dict:
    """<name>.csv, .json and .parquet in `folder`; returns the rows written and each file's
    integrity, by format. The rows are sorted once, into the CSV; the JSON and Parquet copies
    are read from it with the schema's types, in its order."""
    target = {fmt: literal(folder / f"{name}.{fmt}") for fmt in ("csv", "json", "parquet")}
    try:
        con.execute(
            f"copy ({ordered(name, relation)}) to {target['csv']} (format csv, header true, delimiter ',', quote '\"')"
        )
    except duckdb.Error as error:
        raise database.refused_by_system(error) or PipelineError(
            f"{relation}: does not match the schema of {name}: {error}"
        ) from None
    columns = "{" + ", ".join(f"'{f['name']}': '{TYPES[f['type']]}'" for f in descriptors.schema(name)["fields"]) + "}"
    try:
        rows = database.reading_csv(lambda parallel: _copies(con, target, columns, parallel))
    except duckdb.Error as error:
        raise database.refused_by_system(error) or error from None
    if rows == 0:  # DuckDB writes an empty array over three lines, with a tab: readers expect []
        (folder / f"{name}.json").write_text("[]\n", encoding="utf-8")
    return {"rows": rows, **{fmt: integrity(folder / f"{name}.{fmt}") for fmt in ("csv", "json", "parquet")}}


def _copies(con: duckdb.DuckDBPyConnection, target: dict[str, str], columns: str, parallel: bool) -> int:
    """The JSON and Parquet copies of the CSV just written, read with the schema's types; returns
    the rows copied (COPY says how many it wrote: the CSV is not read a third time to count)."""
    written = (
        f"select * from read_csv({target['csv']}, {database.CSV_COLUMNS_GIVEN}, columns = {columns}, "
        f"parallel = {str(parallel).lower()})"
    )
    (rows,) = con.execute(f"copy ({written}) to {target['json']} (format json, array true)").fetchone()
    con.execute(f"copy ({written}) to {target['parquet']} (format parquet)")
    return rows


def write_all(con: duckdb.DuckDBPyConnection, folder: Path, each=None) -> tuple[dict, dict[str, int]]:
    """Every core table's files, on `con` (a cursor of its own when run beside other work),
    which is closed after; `each(name, files)`, if given, hears each table as soon as its files
    are written. Returns the (files, counts) entries that `record` makes."""
    files, counts = {}, {}
    with con:
        for name in descriptors.RESOURCES:
            record(con, folder, name, f"db.core.{name}", files, counts)
            if each is not None:
                each(name, files)
    return files, counts


def record(con: duckdb.DuckDBPyConnection, folder: Path, name: str, relation: str, files: dict, counts: dict) -> None:
    """One table as CSV, JSON and Parquet, recording its rows and each file's integrity."""
    written = write(con, folder, name, relation)
    counts[name] = written["rows"]
    files[(name, "csv")] = {**written["csv"], "rows": written["rows"]}
    files[(name, "json")] = written["json"]
    files[(name, "parquet")] = written["parquet"]


def core_rows(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """The rows of every core table, counted in the database before any file is written."""
    union = " union all ".join(
        f"select {i} as i, count(*) as n from db.core.{name}" for i, name in enumerate(descriptors.RESOURCES)
    )
    found = dict(con.execute(f"select i, n from ({union})").fetchall())
    return {name: found[i] for i, name in enumerate(descriptors.RESOURCES)}


def cells(counts: dict[str, int]) -> int:
    """The cells of the tables counted in `counts`."""
    return sum(rows * len(descriptors.field_names(name)) for name, rows in counts.items())


def literal(path: Path) -> str:
    """A path as an SQL string literal (COPY takes no parameter for its target)."""
    return "'" + str(path).replace("'", "''") + "'"


def integrity(path: Path) -> dict:
    return {"bytes": path.stat().st_size, "hash": f"sha256:{digest.sha256(path)}"}
