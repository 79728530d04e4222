"""Every DuckDB connection of the pipeline, with the same settings.

Why: left alone, DuckDB takes up to 80 % of the machine's memory for its sorts, joins and
in-memory tables; a package of a million IRM rows then peaked at 3.4 GB. With a memory limit
it spills what does not fit to a temporary folder, so memory stays bounded whatever the size
of the plan. The limit is PIPELINE_MEMORY_LIMIT (a DuckDB size such as 1GB, the default).
Rows keep the order they were read or inserted in: the checks number rows by it.
"""

from __future__ import annotations

import errno
import json
import os
import re
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import duckdb

MEMORY_LIMIT = "1GB"
# The dialect of every CSV the pipeline writes and reads back (RFC 4180: a header, commas, a
# double quote doubled inside a quoted cell), as the options of DuckDB's read_csv.
CSV_DIALECT = "header = true, delim = ',', quote = '\"', escape = '\"'"
# ... and, where the query gives every column and its type, without DuckDB's sniffer guessing
# them again from the first rows: a fifth of the time of reading a file of a few hundred rows
CSV_COLUMNS_GIVEN = CSV_DIALECT + ", auto_detect = false"
# The scratch work (the checks, the versions' comparison, the copies') is one-off queries: two
# of DuckDB's optimizers spend more planning a check, one expression per rule of every field,
# than running it: without them the real package's checks took 0.45 s where they took 0.64 s,
# and a million IRM rows' the same 42 s (measured side by side). Neither has anything to do in
# the others' queries (full and positional joins, counts), whose filters cannot move.
SCRATCH_DISABLED_OPTIMIZERS = "filter_pushdown,in_clause"
T = TypeVar("T")


# the in-memory databases that shared() opens, one per process and settings
_shared: dict[tuple, duckdb.DuckDBPyConnection] = {}
_opening = threading.Lock()


def connect(path: Path | None = None) -> duckdb.DuckDBPyConnection:
    """A connection to the database file `path`, or to a new in-memory database of its own (as
    publish needs to attach the pipeline's database: an attachment is the whole database's)."""
    con = duckdb.connect(str(path) if path is not None else ":memory:")
    _configure(con, _settings())
    con.execute("set enable_progress_bar = false")  # the commands say what they do, a line per step
    return con


def shared() -> duckdb.DuckDBPyConnection:
    """A new connection to the process's in-memory database, for work in temporary tables (each
    connection's own, dropped when it is closed). Why: opening a DuckDB database costs about
    15 to 20 ms of processor time, more than most of the queries run on it; a run opened seven,
    where it now opens three. Its memory limit is shared by every connection to it."""
    # a child process forked from this one opens its own: a database is not carried over a fork
    settings = (os.getpid(), *_settings())
    with _opening:
        if settings not in _shared:
            root = duckdb.connect(":memory:")
            _configure(root, settings[1:])
            root.execute("set disabled_optimizers = ?", [SCRATCH_DISABLED_OPTIMIZERS])
            _shared[settings] = root
        con = _shared[settings].cursor()
    con.execute("set enable_progress_bar = false")
    return con


def _settings() -> tuple[str, str]:
    return os.environ.get("PIPELINE_MEMORY_LIMIT", MEMORY_LIMIT), str(
        Path(tempfile.gettempdir()) / "action-plan-data-duckdb"
    )


def _configure(con: duckdb.DuckDBPyConnection, settings: tuple[str, str]) -> None:
    con.execute("set memory_limit = ?", [settings[0]])
    con.execute("set temp_directory = ?", [settings[1]])
    con.execute("set preserve_insertion_order = true")


def reading_csv(run: Callable[[bool], T]) -> T:
    """`run(parallel)`, where `parallel` says which CSV reader its queries should ask for:
    DuckDB's parallel reader first, then the single-threaded one if the parallel one refuses
    the file (it does for some files whose quoted cells hold line breaks)."""
    try:
        return run(True)
    except duckdb.NotImplementedException:
        return run(False)


def refused_by_system(error: duckdb.Error) -> OSError | None:
    """The OSError behind a DuckDB IO error (disk full, read-only file system...), naming its
    file, so that it is reported as the system's refusal and not as a query's failure; None
    for any other error. DuckDB gives it as JSON with the errno, or as a sentence."""
    text = str(error)
    found = re.search(r'"errno"\s*:\s*"?(\d+)', text)
    code = int(found.group(1)) if found else None
    if code is None:
        code = next((c for c in (errno.ENOSPC, errno.EROFS, errno.EACCES) if os.strerror(c) in text), None)
    if code is None:
        return None
    named = re.search(r'file \\?"([^"\\]+)\\?"', text)
    try:
        detail = json.loads(text[text.index("{") :]).get("exception_message", "")
        named = re.search(r'file "([^"]+)"', detail) or named
    except ValueError:
        pass
    return OSError(code, os.strerror(code), named.group(1) if named else None)
