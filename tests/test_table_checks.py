"""The SQL checks against frictionless, the judge: the same errors on a corpus of invalid files.

Each case edits one file of a tiny valid package (tests/fixtures/tables/valid, the real
schemas) by replacing a text, or edits a schema; both validators then read the same files.
"""

import json
import shutil

import pytest
from frictionless import Package

from conftest import FIXTURES
from pipeline import table_checks
from pipeline.package import descriptors
from pipeline.table_checks import UnsupportedSchema

VALID = FIXTURES / "tables" / "valid"
NAMES = ("plans", "themes", "commitments", "ogp_commitments", "milestones", "changes")
STRUCTURAL = table_checks.STRUCTURAL

# (case, resource, text, replacement); the first occurrence is replaced
CASES = [
    ("integer-is-a-word", "milestones", ",0,1,Publish the budget", ",zero,1,Publish the budget"),
    ("integer-with-a-decimal-point", "themes", "sub-theme,1,", "sub-theme,1.0,"),
    ("integer-signed-and-spaced-is-valid", "themes", "sub-theme,1,", "sub-theme, +1 ,"),
    ("integer-with-underscores-is-valid", "themes", "sub-theme,1,", "sub-theme,1_0,"),
    ("integer-below-its-minimum", "plans", "2015-07-16,2,", "2015-07-16,-1,"),
    ("type-error-hides-the-constraints", "plans", "2015-07-16,2,", "2015-07-16,x,"),
    ("required-cell-empty", "commitments", "Open the accounts", ""),
    ("required-cell-quoted-empty", "commitments", "Open the accounts", '""'),
    ("value-outside-the-enum", "ogp_commitments", "stated", "guessed"),
    ("pattern-not-matched", "plans", ",TST,", ",tst,"),
    ("pattern-matched-before-a-final-line-break-is-valid", "milestones", "2016-06,", '"2016-06\n",'),
    ("pattern-matched-only-in-part", "milestones", "2016-06,", "in 2016-06,"),
    ("date-that-does-not-exist", "plans", "2015-07-16", "2015-02-30"),
    ("date-with-one-digit-month-is-valid", "plans", "2015-07-16", "2015-7-16"),
    ("date-with-a-time", "plans", "2015-07-16", "2015-07-16T00:00"),
    ("date-of-year-zero", "changes", "2016-03-01", "0000-03-01"),
    ("primary-key-repeated", "milestones", "AP_TST01-1-M1-fr,", "AP_TST01-1-M1-en,"),
    ("primary-key-empty", "milestones", "AP_TST01-2-M1-en,", ","),
    (
        "primary-key-of-several-fields-repeated",
        "changes",
        "1.0.1,1,2016-02-01,",
        "1.1.0,1,2016-02-01,",
    ),
    ("foreign-key-not-found", "milestones", "AP_TST01-1-M1,en,AP_TST01-1,", "AP_TST01-1-M1,en,AP_TST01-9,"),
    (
        "foreign-key-to-its-own-resource-not-found",
        "themes",
        "AP_TST01,AP_TST01/accountability,",
        "AP_TST01,AP_TST01/nowhere,",
    ),
    ("optional-foreign-key-not-found", "milestones", ",AP_TST01-1-M1-en,1,1,Explain", ",AP_TST01-1-M9-en,1,1,Explain"),
    ("row-of-empty-cells", "milestones", "\nAP_TST01-2-M1", "\n,,,,,,,,,,,,,,,,,,,\nAP_TST01-2-M1"),
    (
        "boolean-that-is-a-word",
        "milestones",
        ",false,en/accountability/commitment-2.md",
        ",no,en/accountability/commitment-2.md",
    ),
    ("boolean-spelt-as-a-number-is-valid", "milestones", ",false,en/", ",0,en/"),
    ("empty-line-between-rows", "milestones", "\nAP_TST01-2-M1", "\n\nAP_TST01-2-M1"),
    (
        "empty-line-inside-a-quoted-cell-is-valid",
        "commitments",
        '"Ouvrir le budget, enfin"',
        '"Ouvrir le budget,\n\nenfin"',
    ),
    ("byte-order-mark-before-the-header-is-valid", "plans", "plan_id,", "\ufeffplan_id,"),
    ("header-label-renamed", "commitments", "title_en,", "title_english,"),
    ("header-label-missing", "ogp_commitments", ",mapping_source\n", "\n"),
    ("header-label-extra", "ogp_commitments", ",mapping_source\n", ",mapping_source,extra\n"),
    ("row-with-an-extra-cell", "ogp_commitments", "TS0001\n", "TS0001,extra\n"),
    ("row-with-a-missing-cell", "ogp_commitments", ",stated,https://example.org/TS0002", ",https://example.org/TS0002"),
    (
        "several-errors-in-one-row",
        "milestones",
        "AP_TST01-2-M1,en,AP_TST01-2,AP_TST01,1,,0,",
        "AP_TST01-2-M1,en,AP_TST01-7,AP_TST01,0,,x,",
    ),
]
# (case, resource, field, constraints added): rules no published schema uses yet
SCHEMA_CASES = [
    ("text-longer-than-its-maximum-length", "plans", "title_en", {"maxLength": 5}),
    ("text-shorter-than-its-minimum-length", "plans", "title_fr", {"minLength": 50}),
    ("integer-above-its-maximum", "plans", "end_year", {"maximum": 2016}),
    ("date-before-its-minimum", "plans", "publication_date", {"minimum": "2016-01-01"}),
    ("integer-outside-its-enum", "plans", "start_year", {"enum": [2014, 2016]}),
]


def closure(name: str) -> list[str]:
    """The resource and every resource its foreign keys reach: what frictionless reads."""
    found, todo = [], [name]
    while todo:
        current = todo.pop()
        if current not in found:
            found.append(current)
            todo += [
                fk["reference"]["resource"] or current for fk in descriptors.schema(current).get("foreignKeys", [])
            ]
    return found


def corpus(tmp_path, resource: str, edit=None, schema_edit=None) -> tuple[dict, list[str]]:
    names = closure(resource)
    schemas = {name: descriptors.schema(name) for name in names}
    for name in names:
        shutil.copy(VALID / f"{name}.csv", tmp_path / f"{name}.csv")
    if edit:
        text = (tmp_path / f"{resource}.csv").read_text(encoding="utf-8")
        assert edit[0] in text, "the case's text is not in the fixture"
        (tmp_path / f"{resource}.csv").write_text(text.replace(*edit, 1), encoding="utf-8", newline="")
    if schema_edit:
        field, constraints = schema_edit
        next(f for f in schemas[resource]["fields"] if f["name"] == field).setdefault("constraints", {}).update(
            constraints
        )
    return schemas, names


def frictionless_errors(tmp_path, schemas, names) -> set:
    resources = [
        {
            "name": name,
            "type": "table",
            "path": f"{name}.csv",
            "format": "csv",
            "encoding": "utf-8",
            "schema": {k: v for k, v in schemas[name].items() if k not in ("title", "description")},
        }
        for name in names
    ]
    (tmp_path / "datapackage.json").write_text(json.dumps({"name": "corpus", "resources": resources}))
    report = Package(str(tmp_path / "datapackage.json")).validate()
    return {
        (task.name, error.to_dict().get("rowNumber"), error.to_dict().get("fieldName") or None, error.type)
        for task in report.tasks
        for error in task.errors
    }


def sql_errors(tmp_path, schemas, names, workers: int = 2) -> set:
    # two threads, as extract and publish check: each table on either, its keys on the second in
    tables = {name: (schemas[name], tmp_path / f"{name}.csv") for name in names}
    problems = table_checks.check_package(tables, workers=workers)
    return {(p.resource, p.row, p.field, p.type) for p in problems}


def assert_same(expected: set, found: set) -> None:
    if any(kind in STRUCTURAL for *_, kind in found):
        # a file that is not a table of the header's width: both refuse it; the SQL checks
        # stop at the first such row, where frictionless goes on to check its cells
        assert found and {(r, row, kind) for r, row, _, kind in found if kind in STRUCTURAL} <= {
            (r, row, kind) for r, row, _, kind in expected
        }
    else:
        assert found == expected


def test_the_valid_fixture_is_valid_for_both(tmp_path):
    schemas, names = corpus(tmp_path, "milestones")
    schemas["changes"], names = descriptors.schema("changes"), [*names, "changes"]
    shutil.copy(VALID / "changes.csv", tmp_path / "changes.csv")
    assert frictionless_errors(tmp_path, schemas, names) == set() == sql_errors(tmp_path, schemas, names)


@pytest.mark.parametrize("case, resource, text, replacement", CASES, ids=[case[0] for case in CASES])
def test_sql_checks_report_what_frictionless_reports(case, resource, text, replacement, tmp_path):
    schemas, names = corpus(tmp_path, resource, edit=(text, replacement))
    expected = frictionless_errors(tmp_path, schemas, names)
    assert (expected == set()) == case.endswith("-is-valid"), expected
    assert_same(expected, sql_errors(tmp_path, schemas, names))


@pytest.mark.parametrize("case, resource, field, constraints", SCHEMA_CASES, ids=[case[0] for case in SCHEMA_CASES])
def test_sql_checks_report_what_frictionless_reports_for_rules_not_yet_published(
    case, resource, field, constraints, tmp_path
):
    schemas, names = corpus(tmp_path, resource, schema_edit=(field, constraints))
    expected = frictionless_errors(tmp_path, schemas, names)
    assert expected
    assert_same(expected, sql_errors(tmp_path, schemas, names))


@pytest.mark.parametrize("case", ["foreign-key-not-found", "optional-foreign-key-not-found", "primary-key-repeated"])
def test_tables_checked_by_two_threads_give_what_one_thread_gives(case, tmp_path):
    # whichever thread loads the second of a key's two tables checks the key, once; repeated,
    # as the threads meet in another order each time
    _, resource, text, replacement = next(c for c in CASES if c[0] == case)
    schemas, names = corpus(tmp_path, resource, edit=(text, replacement))
    one = table_checks.check_package({name: (schemas[name], tmp_path / f"{name}.csv") for name in names})
    assert one
    for _ in range(10):
        two = table_checks.check_package({n: (schemas[n], tmp_path / f"{n}.csv") for n in names}, workers=2)
        assert two == one


def test_checks_leave_no_table_in_the_database_they_share(tmp_path):
    from pipeline import database

    (tmp_path / "things.csv").write_text("id\n1\n2\n", encoding="utf-8")
    with table_checks.Checks() as checks:
        assert checks.add("things", {"fields": [{"name": "id", "type": "integer"}]}, tmp_path / "things.csv") == []
        with database.shared() as con:
            kept = con.execute("select schema_name from duckdb_tables() where table_name = 'things'").fetchall()
    assert len(kept) == 1  # where the checks kept it
    with database.shared() as con:
        left = con.execute("select count(*) from duckdb_tables() where schema_name = ?", kept[0]).fetchone()
        schemas = con.execute("select count(*) from duckdb_schemas() where schema_name = ?", kept[0]).fetchone()
    assert left == schemas == (0,)


def test_a_field_not_required_may_be_empty_for_both(tmp_path):
    # required: false is no rule (a plan authored as tables lets an OGP id name no commitment)
    schemas, names = corpus(tmp_path, "commitments", edit=("Open the accounts", ""))
    next(f for f in schemas["commitments"]["fields"] if f["name"] == "title_en")["constraints"]["required"] = False
    assert frictionless_errors(tmp_path, schemas, names) == set() == sql_errors(tmp_path, schemas, names)


def test_a_rule_the_checks_do_not_compile_is_refused_not_skipped(tmp_path):
    schemas, names = corpus(tmp_path, "plans", schema_edit=("title_en", {"unique": True}))
    with pytest.raises(UnsupportedSchema, match="plans.title_en: constraint unique on string is not checked"):
        table_checks.check_package({name: (schemas[name], tmp_path / f"{name}.csv") for name in names})


def test_a_json_copy_holding_other_rows_than_its_csv_is_found(tmp_path):
    fields = descriptors.field_names("ogp_commitments")
    rows = [
        dict(
            zip(
                fields,
                [
                    "TS0001",
                    "AP_TST01-1",
                    "AP_TST01",
                    1,
                    "whole",
                    "Open the Budget",
                    "stated",
                    "https://example.org/TS0001",
                ],
                strict=True,
            )
        ),
        dict(
            zip(
                fields,
                [
                    "TS0002",
                    "AP_TST01-2",
                    "AP_TST01",
                    1,
                    "whole",
                    "Open the Accounts",
                    "stated",
                    "https://example.org/TS0002",
                ],
                strict=True,
            )
        ),
    ]
    same, changed, short = tmp_path / "same.json", tmp_path / "changed.json", tmp_path / "short.json"
    same.write_text(json.dumps(rows))
    changed.write_text(json.dumps([rows[0], {**rows[1], "mapping_basis": "topic-match"}]))
    short.write_text(json.dumps(rows[:1]))
    csv_path = VALID / "ogp_commitments.csv"
    assert table_checks.same_rows(csv_path, same, fields) == 0
    assert table_checks.same_rows(csv_path, changed, fields) == 1
    assert table_checks.same_rows(csv_path, short, fields) == 1


def test_an_empty_line_is_found_wherever_it_falls_between_the_chunks_read(tmp_path):
    from pipeline.table_loading import _has_empty_line

    path = tmp_path / "table.csv"
    for empty in (b"\n\n", b"\n\r\n"):
        for offset in range(8):
            path.write_bytes(b"a" * offset + b"x,y" + empty + b"1,2\r\n")
            assert _has_empty_line(path, chunk=4), (empty, offset)
    path.write_bytes(b'x,y\r\n"1\r\n2",3\n4,5\r\n' * 3)
    assert not _has_empty_line(path, chunk=4)
