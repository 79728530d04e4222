"""The same field reads back with the same type from CSV, JSON and Parquet, in pandas and in
DuckDB, each called without options as a reuser would call it.

Three cases no schema type can settle, because the reader guesses from the values and the
values alone do not say; each is asserted exactly, so a change shows, and the data dictionary
tells reusers the one option that settles it:
- a date in pandas, which has no date type: text from CSV and JSON, a date object from Parquet;
- a column with no value in this release: pandas reads nothing as float64, DuckDB's JSON
  reader as the NULL type;
- a text column whose values are all `yes` or `no`: DuckDB's CSV reader guesses BOOLEAN.
"""

import json

import duckdb
import pandas as pd
import pytest

from conftest import REPO
from pipeline import paths
from pipeline.package import descriptors

PUBLISHED = REPO / paths.PUBLISHED_DIR
FORMATS = ("csv", "json", "parquet")
DUCKDB = {"string": "VARCHAR", "integer": "BIGINT", "boolean": "BOOLEAN", "date": "DATE"}
PANDAS = {"string": "str", "integer": "int64", "boolean": "bool"}


def duckdb_types(name: str) -> dict[str, dict[str, str]]:
    types = {}
    for fmt in FORMATS:
        relation = duckdb.sql(f"select * from '{PUBLISHED / f'{name}.{fmt}'}'")
        types[fmt] = dict(zip(relation.columns, map(str, relation.types), strict=True))
    return types


def pandas_types(name: str) -> dict[str, dict[str, str]]:
    read = {"csv": pd.read_csv, "json": pd.read_json, "parquet": pd.read_parquet}
    return {fmt: read[fmt](PUBLISHED / f"{name}.{fmt}").dtypes.astype(str).to_dict() for fmt in FORMATS}


def values(name: str) -> dict[str, set]:
    """Each field's values, None among them where a row has none."""
    rows = json.loads((PUBLISHED / f"{name}.json").read_text(encoding="utf-8"))
    return {f["name"]: {row[f["name"]] for row in rows} for f in descriptors.schema(name)["fields"]}


def expected(tool: str, field: dict, found: set) -> dict[str, str]:
    """The type each format reads back as, for a field of the schema and its values."""
    kind, present = field["type"], found - {None}
    if not present:
        if tool == "pandas":
            return {"csv": "float64", "json": "float64", "parquet": PANDAS[kind]}
        return {"csv": DUCKDB[kind], "json": '"NULL"', "parquet": DUCKDB[kind]}
    if tool == "pandas":
        if kind == "date":
            return {"csv": "str", "json": "str", "parquet": "object"}
        if kind == "integer" and None in found:  # numpy integers have no missing value, in any format
            return dict.fromkeys(FORMATS, "float64")
        return dict.fromkeys(FORMATS, PANDAS[kind])
    if kind == "string" and present <= {"yes", "no"}:
        return {"csv": "BOOLEAN", "json": "VARCHAR", "parquet": "VARCHAR"}
    return dict.fromkeys(FORMATS, DUCKDB[kind])


@pytest.mark.parametrize("name", descriptors.PUBLISHED)
def test_every_field_reads_back_with_its_schemas_type_in_every_format_and_both_tools(name):
    fields, present = descriptors.schema(name)["fields"], values(name)
    read = {"duckdb": duckdb_types(name), "pandas": pandas_types(name)}
    if not any(v - {None} for v in present.values()):  # an empty table: no reader has a value to guess from
        assert (PUBLISHED / f"{name}.json").read_text(encoding="utf-8") == "[]\n"
        return
    for tool, types in read.items():
        for field in fields:
            got = {fmt: types[fmt][field["name"]] for fmt in FORMATS}
            assert got == expected(tool, field, present[field["name"]]), (tool, name, field["name"])


def test_the_cases_that_vary_are_real_in_this_release_and_the_dictionary_settles_each():
    """So that the cases above are not rules about nothing, and reusers are told."""
    fields = {
        (name, f["name"]): (f, values(name)[f["name"]])
        for name in descriptors.PUBLISHED
        for f in descriptors.schema(name)["fields"]
    }
    assert any(f["type"] == "date" and v - {None} for f, v in fields.values())
    assert any(v == {None} for f, v in fields.values())
    assert any(f["type"] == "string" and v - {None} and v - {None} <= {"yes", "no"} for f, v in fields.values())
    assert any(f["type"] == "integer" and None in v and v - {None} for f, v in fields.values())
    text = (PUBLISHED / "README.md").read_text(encoding="utf-8")
    for option in ("parse_dates=", "dtype=", "types=", "read_parquet"):
        assert option in text.split("## Types", 1)[1].split("\n## ", 1)[0], option


def test_commitment_numbers_sort_as_numbers_in_every_format():
    for fmt in FORMATS:
        numbers = [
            row[0]
            for row in duckdb.sql(
                f"select number from '{PUBLISHED / f'commitments.{fmt}'}' where number is not null order by 1"
            ).fetchall()
        ]
        # the first plan's 1 to 26, and the two numbers the second plan's pages state, 14 and 21
        assert numbers == sorted([*range(1, 27), 14, 21]), fmt
