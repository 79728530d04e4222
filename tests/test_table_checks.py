"""The rows of a package judged by frictionless (publish/table_checks.py), on a tiny valid
package (tests/fixtures/tables/valid, the real schemas) with one text replaced per case; and
the JSON copy compared with its CSV."""

import json
import shutil

import pytest

from conftest import FIXTURES
from pipeline.package import descriptors
from pipeline.publish import table_checks

VALID = FIXTURES / "tables" / "valid"
NAMES = ("plans", "themes", "commitments", "commitment_parts", "ogp_commitments", "milestones", "changes")


def package(tmp_path, edit=None) -> dict:
    """The fixture's tables as a descriptor in `tmp_path`, `edit` = (table, text, replacement) applied."""
    for name in NAMES:
        shutil.copy(VALID / f"{name}.csv", tmp_path / f"{name}.csv")
    if edit:
        table, text, replacement = edit
        content = (tmp_path / f"{table}.csv").read_text(encoding="utf-8")
        assert text in content, "the case's text is not in the fixture"
        (tmp_path / f"{table}.csv").write_text(content.replace(text, replacement, 1), encoding="utf-8", newline="")
    resources = [
        {"name": n, "type": "table", "path": f"{n}.csv", "format": "csv", "schema": descriptors.schema(n)}
        for n in NAMES
    ]
    return {"name": "fixture", "resources": resources}


def test_the_valid_fixture_has_no_problem(tmp_path):
    assert table_checks.check_package(package(tmp_path), tmp_path) == []


# (case, table, text, replacement, the rule frictionless names)
CASES = [
    ("integer-is-a-word", "milestones", ",0,1,Publish the budget", ",zero,1,Publish the budget", "type"),
    ("value-outside-the-enum", "ogp_commitments", "stated", "guessed", "constraint"),
    ("primary-key-repeated", "milestones", "AP_TST01-1-M1-fr,", "AP_TST01-1-M1-en,", "primary key"),
    (
        "foreign-key-not-found",
        "milestones",
        "AP_TST01-1-M1,en,AP_TST01-1,",
        "AP_TST01-1-M1,en,AP_TST01-9,",
        "foreign key",
    ),
    ("header-label-renamed", "commitments", "title_en,", "title_english,", "label"),
]


@pytest.mark.parametrize("case, table, text, replacement, rule", CASES, ids=[c[0] for c in CASES])
def test_a_broken_row_is_one_line_naming_its_table_and_rule(case, table, text, replacement, rule, tmp_path):
    problems = table_checks.check_package(package(tmp_path, (table, text, replacement)), tmp_path)
    assert problems and all(p.startswith(f"{table}: ") and "\n" not in p for p in problems)
    assert any(rule in p.lower() for p in problems), problems


def test_a_hostile_cell_with_line_breaks_stays_on_one_line(tmp_path):
    edit = ("plans", ",TST,", ',"T\nS\r\nT\u2028",')  # a pattern the cell no longer matches
    problems = table_checks.check_package(package(tmp_path, edit), tmp_path)
    assert problems and all(p.startswith("plans: ") and len(p.splitlines()) == 1 for p in problems)


def test_a_json_copy_holding_other_rows_than_its_csv_is_found(tmp_path):
    fields = descriptors.field_names("ogp_commitments")
    values = [
        ["TS0001", "AP_TST01-1", 1, "whole", "Open the Budget", "stated", "https://example.org/TS0001"],
        ["TS0002", "AP_TST01-2", 1, "whole", "Open the Accounts", "stated", "https://example.org/TS0002"],
    ]
    rows = [dict(zip(fields, row, strict=True)) for row in values]
    same, changed, short = tmp_path / "same.json", tmp_path / "changed.json", tmp_path / "short.json"
    same.write_text(json.dumps(rows))
    changed.write_text(json.dumps([rows[0], {**rows[1], "mapping_basis": "topic-match"}]))
    short.write_text(json.dumps(rows[:1]))
    csv_path = VALID / "ogp_commitments.csv"
    assert table_checks.same_rows(csv_path, same, fields) == 0
    assert table_checks.same_rows(csv_path, changed, fields) == 1
    assert table_checks.same_rows(csv_path, short, fields) == 1
