import functools
import re

import duckdb
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import database
from pipeline.publish import table_files


def natural(value: str) -> tuple:
    """The order the natural_key macro must give, written plainly in Python."""
    return tuple((0, int(part)) if part.isdigit() else (1, part) for part in re.split(r"(\d+)", value) if part)


@functools.cache
def _con():
    return table_files.connect()  # one connection for every example: a new one per example costs more than the order


def sql_order(values: list[str]) -> list[str]:
    query = "select v from unnest(?::varchar[]) as t(v) order by natural_key(v), v"
    return [v for (v,) in _con().execute(query, [values]).fetchall()]


def test_natural_key_orders_digit_runs_as_numbers():
    assert sql_order(["AP_FRA01-10", "AP_FRA01-2", "AP_FRA01-1", "AP_FRA01-1.10", "AP_FRA01-1.9"]) == [
        "AP_FRA01-1",
        "AP_FRA01-1.9",
        "AP_FRA01-1.10",
        "AP_FRA01-2",
        "AP_FRA01-10",
    ]


def test_natural_key_compares_runs_longer_than_any_integer_type():
    huge = "9" * 45
    assert sql_order([f"x{huge}", "x10", f"x1{huge}"]) == ["x10", f"x{huge}", f"x1{huge}"]


def test_natural_key_puts_an_empty_or_null_key_first():
    with table_files.connect() as con:
        order = con.execute("select v from (values ('a'), (null), ('1')) t(v) order by natural_key(v)").fetchall()
    assert order == [(None,), ("1",), ("a",)]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="0123ab-._é", max_size=8), min_size=1, max_size=12))
def test_natural_key_agrees_with_the_python_order(values):
    # ties under the natural order (01 and 1) are broken by the text itself in both
    assert sql_order(values) == sorted(values, key=lambda v: (natural(v), v.encode()))


def test_a_csv_the_parallel_reader_refuses_is_read_by_the_single_threaded_one():
    asked = []

    def run(parallel: bool) -> str:
        asked.append(parallel)
        if parallel:  # what DuckDB raises for some files whose quoted cells hold line breaks
            raise duckdb.NotImplementedException("The Parallel CSV Reader currently does not support a full read")
        return "read"

    assert database.reading_csv(run) == "read" and asked == [True, False]


def test_an_empty_tables_json_copy_is_an_empty_array(built):
    """The first publication's changes: no rows."""
    assert (built["published"] / "changes.json").read_text(encoding="utf-8") == "[]\n"
