"""What reusers download besides CSV and JSON: the data dictionary, plan.json and its JSON
Schema, Parquet, the workbook; and the dictionary's examples, run against the real package."""

import csv
import datetime as dt
import json
import os
import re

import duckdb
import openpyxl
import pytest

from conftest import REPO
from pipeline import paths
from pipeline.publish import package, workbook
from pipeline.publish import plan_document as nested

PUBLISHED = REPO / paths.PUBLISHED_DIR


def descriptor():
    return json.loads((REPO / paths.DATAPACKAGE_PATH).read_text(encoding="utf-8"))


def tables():
    return [r for r in descriptor()["resources"] if r.get("format") == "csv"]


def test_dictionary_documents_every_field_and_every_code():
    text = (PUBLISHED / "README.md").read_text(encoding="utf-8")
    for resource in tables():
        section = text.split(f"\n## {resource['name']}\n", 1)[1].split("\n## ", 1)[0]
        for field in resource["schema"]["fields"]:
            row = next((line for line in section.splitlines() if line.startswith(f"| `{field['name']}` |")), None)
            assert row, f"{resource['name']}.{field['name']} is not documented"
            assert field["description"].split(" / ")[0].replace("|", "\\|") in row
            for code in field.get("constraints", {}).get("enum", []):
                assert f"`{code}`" in row, f"{resource['name']}.{field['name']}: code {code}"


def test_dictionary_says_how_resources_join_and_where_data_comes_from():
    text = (PUBLISHED / "README.md").read_text(encoding="utf-8")
    assert "- `assessments.ogp_id` → `ogp_commitments.ogp_id`" in text
    assert all((source.get("path") or source["title"]) in text for source in descriptor()["sources"])
    assert f"version {descriptor()['version']}" in text


def test_plan_json_matches_its_json_schema():
    document = json.loads((PUBLISHED / "plan.json").read_text(encoding="utf-8"))
    schema = json.loads((PUBLISHED / "plan.schema.json").read_text(encoding="utf-8"))
    assert nested.validate(document, schema) == []
    assert sum(len(theme["commitments"]) for theme in document["themes"]) == 26
    first = document["themes"][0]["commitments"][0]
    assert [o["ogp_id"] for o in first["ogp_commitments"]] == ["FR0001", "FR0002"]
    assert {a["report"] for a in first["assessments"]} == {"irm-progress-report", "irm-end-of-term"}


def test_plan_json_schema_rejects_a_broken_document():
    document = json.loads((PUBLISHED / "plan.json").read_text(encoding="utf-8"))
    schema = json.loads((PUBLISHED / "plan.schema.json").read_text(encoding="utf-8"))
    commitment = document["themes"][0]["commitments"][0]
    del commitment["title_en"]
    commitment["assessments"][0]["completion"] = "mostly"
    errors = nested.validate(document, schema)
    assert any("'title_en' is a required property" in e for e in errors)
    assert any("'mostly' is not one of" in e for e in errors)


@pytest.mark.parametrize("name", package.PUBLISHED)
def test_parquet_round_trip_gives_the_csv_rows_and_types(name):
    schema = package.schema(name)
    types = {f["name"]: f["type"] for f in schema["fields"]}
    with (PUBLISHED / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        expected = [tuple(_typed(value, types[key]) for key, value in row.items()) for row in csv.DictReader(handle)]
    relation = duckdb.sql(f"select * from '{PUBLISHED / f'{name}.parquet'}'")
    assert relation.columns == [f["name"] for f in schema["fields"]]
    assert relation.fetchall() == expected


def _typed(value, kind):
    if value == "":
        return None
    return {"integer": int, "date": dt.date.fromisoformat, "boolean": {"true": True, "false": False}.get}.get(
        kind, str
    )(value)


def test_workbook_opens_on_the_overview_with_one_sheet_per_table():
    book = openpyxl.load_workbook(PUBLISHED / "plan.xlsx")
    assert book.sheetnames == ["commitments_overview"] + [n for n in package.PUBLISHED if n != "commitments_overview"]
    plans = book["plans"]
    assert isinstance(plans["H2"].value, dt.datetime) and plans["H2"].number_format == "yyyy-mm-dd"
    assert book["commitments"]["F2"].value.startswith("Permettre à tous")  # accents as written


def test_workbook_keeps_text_that_looks_like_a_formula_as_text(tmp_path):
    fields = [{"name": "text", "type": "string"}, {"name": "n", "type": "integer"}]
    risky = ["=1+1", "+33 1 23", "-minus", "@SUM(A1)", '=HYPERLINK("http://x")']
    workbook.write(tmp_path / "x.xlsx", [("x", fields, [(value, 1) for value in risky])])
    sheet = openpyxl.load_workbook(tmp_path / "x.xlsx")["x"]
    cells = [sheet.cell(row=i, column=1) for i in range(2, 2 + len(risky))]
    assert [(c.value, c.data_type) for c in cells] == [(value, "s") for value in risky]
    assert sheet["B2"].value == 1


def test_workbook_is_byte_identical_for_the_same_data(tmp_path):
    sheets = [("x", [{"name": "d", "type": "date"}], [(dt.date(2015, 7, 16),)])]
    workbook.write(tmp_path / "a.xlsx", sheets)
    workbook.write(tmp_path / "b.xlsx", sheets)
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()


def examples():
    text = (PUBLISHED / "README.md").read_text(encoding="utf-8")
    return re.findall(r"### (\w+)\n\n```python\n(.*?)```", text, flags=re.S)


def test_dictionary_has_examples_for_pandas_duckdb_and_frictionless():
    assert [tool for tool, _ in examples()] == ["pandas", "duckdb", "frictionless"]


@pytest.mark.parametrize("tool, code", examples(), ids=[tool for tool, _ in examples()])
def test_dictionary_example_runs_against_the_real_package(tool, code, capsys):
    here = os.getcwd()
    os.chdir(REPO / paths.PUBLISHED_DIR)
    try:
        exec(compile(code, f"README.md ({tool})", "exec"), {})
    finally:
        os.chdir(here)
    assert capsys.readouterr().out.strip()
