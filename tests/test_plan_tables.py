"""A plan authored as tables (extract/plan_tables.py): published through every stage, its
answers read back from the published files against the authored files themselves; each bad
file one line naming the file, the line and the rule, with nothing published."""

import csv
import json
import shutil

import pytest
from click.testing import CliRunner

from conftest import BASE_PLAN, EVALUATION_ARGS, FIXTURES, IRM_FOR_BASE, SELF_ASSESSMENT_FOR_BASE
from pipeline.cli import cli

GOOD = FIXTURES / "plan-tables" / "good"
NONE = FIXTURES / "plan-tables" / "no-evaluations"


def rows(path):
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def run(run_cli, tables, out, *extra):
    return run_cli(
        "run",
        "--plan-tables",
        tables,
        *("--irm", NONE / "irm-export.csv", "--self-assessment", NONE / "self-assessment.csv"),
        *("--extracted-dir", out / "x", "--db", out / "db.duckdb"),
        *("--published-dir", out / "data" / "published", "--datapackage", out / "datapackage.json"),
        *extra,
    )


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """The good plan published once for the tests that only read it."""
    root = tmp_path_factory.mktemp("authored")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(root)
        result = run(lambda *args: CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False), GOOD, root)
    assert result.exit_code == 0, result.output
    return root / "data" / "published"


def test_a_plan_authored_as_tables_answers_a_reusers_questions_as_its_tables_say(published):
    authored = rows(GOOD / "commitments.csv")
    commitments = rows(published / "commitments.csv")
    keys = ("commitment_id", "number", "number_inferred", "title_en", "title_fr")
    assert [tuple(c[k] for k in keys) for c in commitments] == [tuple(a[k] for k in keys) for a in authored]
    assert [c["title_en_source"] for c in commitments] == [a["source"] for a in authored]
    plan = rows(published / "plans.csv")
    assert [(p["plan_id"], p["commitment_count"], p["commitments_stated"], p["publication_date"]) for p in plan] == [
        ("AP_TST02", str(len(authored)), "3", rows(GOOD / "plans.csv")[0]["publication_date"])
    ]
    # who leads what, joined as the package declares, against the authored institutions
    names = {i["institution_id"]: i["name"] for i in rows(published / "institutions.csv")}
    leads = sorted(
        (r["commitment_id"], names[r["institution_id"]])
        for r in rows(published / "commitment_institutions.csv")
        if r["role"] == "lead"
    )
    assert leads == sorted(
        (r["commitment_id"], r["name"]) for r in rows(GOOD / "commitment_institutions.csv") if r["role"] == "lead"
    )
    assert len(names) == 2  # the Ministry of Finance leads both, under one id
    ogp = {(r["ogp_id"], r["commitment_id"], r["plan_id"]) for r in rows(published / "ogp_commitments.csv")}
    assert ogp == {(r["ogp_id"], r["commitment_id"], "AP_TST02") for r in rows(GOOD / "ogp_commitments.csv")}


def test_ratings_as_pages_display_them_are_published_under_their_report_and_a_page_saying_nothing_adds_none(
    published,
):
    assessed = {
        (a["ogp_id"], a["report"]): (a["verifiable"], a["relevant"], a["ambition"], a["report_basis"], a["plan_id"])
        for a in rows(published / "assessments.csv")
    }
    # the transitional results row says only not_shown and ND: nothing, so no row
    assert assessed == {
        ("TS0031", "irm-design-report"): ("yes", "yes", "high", "inferred", "AP_TST02"),
        ("TS0032", "irm-design-report"): ("no", "not_shown", "low", "inferred", "AP_TST02"),
    }
    reports = rows(published / "reports.csv")
    assert [(r["plan_id"], r["report"], r["published"]) for r in reports] == [("AP_TST02", "irm-design-report", "2019")]


def test_the_package_of_such_a_plan_is_valid(published, run_cli):
    descriptor = published.parent.parent / "datapackage.json"
    assert json.loads(descriptor.read_text(encoding="utf-8"))["name"]
    result = run_cli("validate", "--datapackage", descriptor)
    assert result.exit_code == 0, result.output


# (case, file, text, replacement, the one line expected)
BAD = [
    (
        "number-that-is-a-word",
        "commitments.csv",
        "AP_TST02-1,1,",
        "AP_TST02-1,one,",
        "commitments.csv:2: type error: number 'one' breaks type integer",
    ),
    (
        "number-in-other-digits",
        "commitments.csv",
        "AP_TST02-1,1,",
        "AP_TST02-1,\u0661,",
        "commitments.csv:2: a whole number in the digits 0 to 9: number '\u0661'",
    ),
    (
        "role-outside-its-codes",
        "commitment_institutions.csv",
        "AP_TST02-TS0032,lead",
        "AP_TST02-TS0032,leader",
        "commitment_institutions.csv:4: constraint error: role 'leader' breaks enum ['lead', 'supporting']",
    ),
    (
        "institution-of-a-commitment-not-in-the-plan",
        "commitment_institutions.csv",
        "AP_TST02-TS0032,lead",
        "AP_TST02-3,lead",
        "commitment_institutions.csv:4: foreign key: commitment_id 'AP_TST02-3' not found in commitments",
    ),
    (
        "id-given-twice",
        "commitments.csv",
        "AP_TST02-TS0032,,",
        "AP_TST02-1,,",
        "commitments.csv:3: primary key: the same as in row 2",
    ),
    (
        "id-that-is-not-the-stated-number",
        "commitments.csv",
        "AP_TST02-TS0032,,2",
        "AP_TST02-TS0032,2,2",
        "commitments.csv:3: a commitment id is the plan's id, a hyphen and the stated number, else its OGP id: "
        "'AP_TST02-TS0032': expected AP_TST02-2",
    ),
    (
        "number-made-up-in-an-id",
        "commitments.csv",
        "AP_TST02-1,1,",
        "AP_TST02-1,,",
        "commitments.csv:2: a commitment id is the plan's id, a hyphen and the stated number, else its OGP id: "
        "'AP_TST02-1': expected AP_TST02-<its OGP id>, as no number is stated",
    ),
    (
        "report-outside-its-codes",
        "assessments.csv",
        "irm-design-report",
        "design-report",
        "assessments.csv:2: constraint error: report 'design-report' breaks enum ['irm-progress-report', "
        "'irm-end-of-term', 'irm-design-report', 'irm-transitional-results-report']",
    ),
    (
        "rating-of-an-id-the-plan-does-not-list",
        "assessments.csv",
        "TS0031,irm",
        "TS0039,irm",
        "assessments.csv:2: foreign key: ogp_id 'TS0039' not found in ogp_commitments",
    ),
    (
        "source-that-is-not-an-address",
        "ogp_commitments.csv",
        "https://example.org/ogp/TS0032",
        "OGP's page",
        'ogp_commitments.csv:3: constraint error: source "OGP\'s page" breaks pattern https?://\\S+',
    ),
    (
        "ogp-id-misspelt",
        "ogp_commitments.csv",
        "TS0032",
        "TS-32",
        "ogp_commitments.csv:3: constraint error: ogp_id 'TS-32' breaks pattern [A-Z]{2,3}\\d{4}",
    ),
]


@pytest.mark.parametrize("case, file, text, replacement, line", BAD, ids=[b[0] for b in BAD])
def test_a_bad_authored_file_is_one_line_and_publishes_nothing(case, file, text, replacement, line, run_cli, tmp_path):
    tables = tmp_path / "tables"
    shutil.copytree(GOOD, tables)
    content = (tables / file).read_text(encoding="utf-8")
    assert text in content
    (tables / file).write_text(content.replace(text, replacement, 1), encoding="utf-8")
    result = run(run_cli, tables, tmp_path)
    assert result.exit_code == 1
    assert result.output == f"Error: tables/{line}\n"
    assert not (tmp_path / "datapackage.json").exists()


def test_a_title_with_line_breaks_and_tabs_is_published_on_one_line(run_cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    tables = tmp_path / "tables"
    shutil.copytree(GOOD, tables)
    content = (tables / "commitments.csv").read_text(encoding="utf-8")
    (tables / "commitments.csv").write_text(
        content.replace("Open the budget", '"Open\tthe\r\n budget\u00a0 "'), encoding="utf-8"
    )
    assert run(run_cli, tables, tmp_path).exit_code == 0
    assert rows(tmp_path / "data" / "published" / "commitments.csv")[0]["title_en"] == "Open the budget"


def test_files_saved_by_a_spreadsheet_with_a_byte_order_mark_are_read(run_cli, tmp_path, published):
    tables = tmp_path / "tables"
    shutil.copytree(GOOD, tables)
    for path in tables.glob("*.csv"):
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert run(run_cli, tables, tmp_path).exit_code == 0
    for name in ("plans", "commitments", "assessments"):
        read = rows(tmp_path / "data" / "published" / f"{name}.csv")
        assert [{**row, "source_file": ""} for row in read] == [
            {**row, "source_file": ""} for row in rows(published / f"{name}.csv")
        ]
        assert {row["source_file"] for row in read} <= {"", f"tables/{name}.csv"}


def test_a_number_and_a_date_are_published_as_their_type_writes_them(run_cli, tmp_path):
    # as frictionless reads them: a signed, spaced whole number; a month and a day of one digit
    tables = tmp_path / "tables"
    shutil.copytree(GOOD, tables)
    content = (tables / "plans.csv").read_text(encoding="utf-8")
    (tables / "plans.csv").write_text(content.replace(",2018-04-30,3,", ',2018-4-30," +3 ",'), encoding="utf-8")
    assert run(run_cli, tables, tmp_path).exit_code == 0
    plan = rows(tmp_path / "data" / "published" / "plans.csv")[0]
    assert (plan["publication_date"], plan["commitments_stated"]) == ("2018-04-30", "3")


def test_a_file_that_is_not_utf8_is_named_with_its_line(run_cli, tmp_path):
    tables = tmp_path / "tables"
    shutil.copytree(GOOD, tables)
    content = (tables / "commitment_institutions.csv").read_bytes()
    (tables / "commitment_institutions.csv").write_bytes(
        content.replace("Ministère".encode(), "Minist\xe8re".encode("latin-1"), 1)
    )
    result = run(run_cli, tables, tmp_path)
    assert result.exit_code == 1 and result.output.startswith("Error: tables/commitment_institutions.csv:2")


def test_a_missing_commitments_file_is_named(run_cli, tmp_path):
    tables = tmp_path / "tables"
    shutil.copytree(GOOD, tables)
    (tables / "commitments.csv").unlink()
    result = run(run_cli, tables, tmp_path)
    assert result.output == "Error: tables/commitments.csv: missing file of a plan authored as tables: required\n"


def test_two_plans_in_one_folder_are_refused(run_cli, tmp_path):
    tables = tmp_path / "tables"
    shutil.copytree(GOOD, tables)
    with (tables / "plans.csv").open("a", encoding="utf-8") as handle:
        handle.write("AP_TST03,Testland,TST,Third,,2020,2022,,,https://example.org/plans/3\n")
    result = run(run_cli, tables, tmp_path)
    assert result.output == "Error: tables/plans.csv: a plan authored as tables is one plan: 2 rows\n"


def test_tables_and_a_plan_built_from_irm_data_together_are_a_usage_error(run_cli, tmp_path):
    irm_plan = ("--from-irm", "--member", "Testland", "--plan-number", "1", "--plan-id", "AP_TST01")
    result = run(run_cli, GOOD, tmp_path, *irm_plan)
    assert result.exit_code == 2 and "--plan-tables is a plan of its own" in result.output


def test_evaluations_of_another_plan_add_nothing_to_this_one(run_cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run_cli(
        "run",
        *("--plan-tables", GOOD, "--irm", IRM_FOR_BASE, "--self-assessment", SELF_ASSESSMENT_FOR_BASE),
        *("--extracted-dir", tmp_path / "x", "--db", tmp_path / "db.duckdb"),
        *("--published-dir", tmp_path / "data" / "published", "--datapackage", tmp_path / "datapackage.json"),
    )
    assert result.exit_code == 0, result.output
    for table in ("assessments", "self_assessments", "ogp_commitments"):
        ids = {
            r.get("plan_id") or r.get("commitment_id", "")[:8]
            for r in rows(tmp_path / "data" / "published" / f"{table}.csv")
        }
        assert ids <= {"AP_TST02"}, table


def test_a_configured_plan_tables_source_is_the_plan_and_a_hand_edit_republishes_it(run_cli, tmp_path, monkeypatch):
    shutil.copytree(GOOD, tmp_path / "tables")
    (tmp_path / "sources.toml").write_text(
        f"""
[[source]]
name = "tables"
kind = "plan-tables"
location = "tables"

[[source]]
name = "irm"
kind = "irm-export"
location = "{NONE / "irm-export.csv"}"

[[source]]
name = "self"
kind = "self-assessment"
location = "{NONE / "self-assessment.csv"}"
""",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    assert run_cli("refresh").exit_code == 3  # nothing published yet: every source is new
    published = tmp_path / "data" / "published"
    assert [c["title_en"] for c in rows(published / "commitments.csv")] == ["Open the budget", "Publish the contracts"]
    commitments = tmp_path / "tables" / "commitments.csv"
    commitments.write_text(commitments.read_text(encoding="utf-8").replace("Open the budget", "Open the budgets"))
    edited = run_cli("refresh")
    assert edited.exit_code == 3 and "refresh: tables: changed since the last publication" in edited.output
    assert rows(published / "commitments.csv")[0]["title_en"] == "Open the budgets"
    assert run_cli("refresh").output.splitlines()[-1] == "refresh: unchanged"


def two_plans(run_cli, tmp_path, links: str, leads: str = ""):
    """The base Markdown plan (AP_TST01) and the authored one (AP_TST02) in one package."""
    tables = tmp_path / "tables"
    shutil.copytree(GOOD, tables)
    (tables / "commitment_links.csv").write_text(
        "commitment_id,linked_commitment_id,relation,basis,words,source\n" + links, encoding="utf-8"
    )
    with (tables / "commitment_institutions.csv").open("a", encoding="utf-8") as handle:
        handle.write(leads)
    return run_cli(
        "run",
        *("--action-plan", BASE_PLAN, "--plan-tables", tables, *EVALUATION_ARGS),
        *("--extracted-dir", tmp_path / "x", "--db", tmp_path / "db.duckdb"),
        *("--published-dir", tmp_path / "data" / "published", "--datapackage", tmp_path / "datapackage.json"),
    )


def test_two_plans_make_one_package_with_their_links_and_one_id_per_institution(run_cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    link = "AP_TST02-1,AP_TST01-1,extends,stated,Extending commitment 1 of the first plan,https://example.org/2/1\n"
    leads = (
        "AP_TST02-1,lead,2,Ministry of the Interior,,https://example.org/plans/2018-2020/1\n"
        "AP_TST02-TS0032,lead,2,Ministry of the Interior and Overseas,,https://example.org/ogp/TS0032\n"
    )
    result = two_plans(run_cli, tmp_path, link, leads)
    assert result.exit_code == 0, result.output
    published = tmp_path / "data" / "published"
    assert [p["plan_id"] for p in rows(published / "plans.csv")] == ["AP_TST01", "AP_TST02"]
    assert [
        (r["commitment_id"], r["linked_commitment_id"], r["words"]) for r in rows(published / "commitment_links.csv")
    ] == [("AP_TST02-1", "AP_TST01-1", "Extending commitment 1 of the first plan")]
    by_plan: dict[str, set[str]] = {}
    for r in rows(published / "commitment_institutions.csv"):
        if r["role"] == "lead":
            by_plan.setdefault(r["institution_id"], set()).add(r["plan_id"])
    # the English name of the first plan's ministry is that ministry; a new name is an institution of its own
    assert by_plan["ministere-interieur"] == {"AP_TST01", "AP_TST02"}
    assert by_plan["ministry-interior-overseas"] == {"AP_TST02"}
    names = {i["institution_id"]: i["name_fr"] for i in rows(published / "institutions.csv")}
    assert names["ministere-interieur"] == "Ministère de l'Intérieur"  # named as its first plan names it
    descriptor = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["name"] == "ogp-action-plans-testland-2015-2020"
    assert "2018-2020 (AP_TST02): 2 of its 3 commitments" in descriptor["description"]


def test_a_link_to_a_commitment_no_plan_holds_is_one_line_and_publishes_nothing(run_cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    link = "AP_TST02-1,AP_TST01-9,extends,stated,Extending commitment 9,https://example.org/2/1\n"
    result = two_plans(run_cli, tmp_path, link)
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == (
        "Error: audit link_reaches_a_commitment found 1 row(s): at=tables/commitment_links.csv:2, "
        "commitment_id=AP_TST02-1, linked_commitment_id=AP_TST01-9"
    )
    assert not (tmp_path / "datapackage.json").exists()


THEMED = FIXTURES / "plan-tables" / "themed"


def test_a_plan_with_themes_publishes_each_commitment_under_its_theme_and_sub_theme(run_cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run(run_cli, THEMED, tmp_path)
    assert result.exit_code == 0, result.output
    published = tmp_path / "data" / "published"
    themes = {t["theme_id"]: (t["level"], t["parent_theme_id"], t["title_fr"]) for t in rows(published / "themes.csv")}
    assert themes == {
        "AP_TST02/budget": ("theme", "", "Budget"),
        "AP_TST02/budget/open-data": ("sub-theme", "AP_TST02/budget", "Données ouvertes"),
        "AP_TST02/contracts": ("theme", "", ""),
    }
    placed = {c["commitment_id"]: (c["theme_id"], c["sub_theme_id"]) for c in rows(published / "commitments.csv")}
    assert placed == {
        "AP_TST02-1": ("AP_TST02/budget", "AP_TST02/budget/open-data"),
        "AP_TST02-TS0032": ("AP_TST02/contracts", ""),
    }


@pytest.mark.parametrize(
    "text, replacement, line",
    [
        ("AP_TST02/contracts", "AP_TST03/contracts", 4),  # another plan's id
        ("AP_TST02/budget/open-data", "AP_TST02/open-data", 3),
    ],
    ids=["theme-of-another-plan", "sub-theme-id-not-under-its-theme"],
)
def test_a_theme_id_that_is_not_made_of_its_parents_is_one_line(run_cli, tmp_path, text, replacement, line):
    tables = tmp_path / "tables"
    shutil.copytree(THEMED, tables)
    for file in ("themes.csv", "commitments.csv"):  # the theme and the commitments it holds
        content = (tables / file).read_text(encoding="utf-8")
        (tables / file).write_text(content.replace(text, replacement), encoding="utf-8")
    result = run(run_cli, tables, tmp_path)
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: tables/themes.csv:{line}: a theme id is its parent's id")
