"""A package for a member without a Markdown plan, built from IRM data alone."""

import csv
import json

import pytest
from frictionless import Package

from conftest import FIXTURES, SHARED
from pipeline.errors import InputError
from pipeline.extract import irm, irm_plan
from pipeline.extract.irm_plan import PlanSelection

EXPORT_2016 = SHARED / "ogp" / "Vizzuality-ogp" / "explorer" / "data" / "latest_data" / "ogpirm_live_data.csv"
TESTLAND_2016 = FIXTURES / "irm" / "good" / "irm-2016-header-offset.csv"


def build(run_cli, tmp_path, irm_file, member, plan_number, plan_id):
    out = tmp_path / "out"
    result = run_cli(
        "run",
        "--from-irm",
        "--member",
        member,
        "--plan-number",
        plan_number,
        "--plan-id",
        plan_id,
        "--irm",
        irm_file,
        "--extracted-dir",
        tmp_path / "x",
        "--db",
        tmp_path / "db.duckdb",
        "--published-dir",
        out / "data" / "published",
        "--datapackage",
        out / "datapackage.json",
    )
    return result, out


def read(path):
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_irm_only_plan_builds_a_valid_package_from_the_2016_format(run_cli, tmp_path):
    result, out = build(run_cli, tmp_path, TESTLAND_2016, "Testland", "1", "AP_TST01")
    assert result.exit_code == 0, result.output
    report = Package(str(out / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "message"])
    overview = read(out / "data" / "published" / "commitments_overview.csv")
    assert [
        (r["commitment_id"], r["title_en"], r["completion_end_of_term"], r["did_it_open_government"]) for r in overview
    ] == [
        ("AP_TST01-1.1", "1.1. Open the books", "complete", "none"),
        ("AP_TST01-1.10", "1.10. Share the models", "", ""),
    ]
    # a plan numbered 1.1, 1.10: the number is each one's place in the plan, the label stays in the id
    assert [(r["commitment_id"], r["number"]) for r in overview] == [("AP_TST01-1.1", "1"), ("AP_TST01-1.10", "2")]
    descriptor = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["name"] == "ogp-action-plan-testland-ap-tst01"
    assert descriptor["sources"] == [{"title": "irm-2016-header-offset.csv"}]


def test_irm_only_plan_needs_member_plan_number_and_plan_id(run_cli, tmp_path):
    result = run_cli(
        "extract", "--from-irm", "--member", "Testland", "--irm", TESTLAND_2016, "--extracted-dir", tmp_path
    )
    assert result.exit_code == 2
    assert "--from-irm needs --plan-number, --plan-id" in result.output


def test_irm_only_plan_says_when_no_row_is_of_the_plan():
    rows, _ = irm.extract(TESTLAND_2016.read_bytes(), TESTLAND_2016.name)
    with pytest.raises(InputError, match=r"^--irm: no IRM row for the plan: member 'Nowhere', plan 1 \(AP_NOW01\)$"):
        list(irm_plan.stream(rows["irm_commitments"], PlanSelection("Nowhere", "1", "AP_NOW01")))


def test_irm_only_plan_refuses_two_rows_with_one_number():
    rows, _ = irm.extract(TESTLAND_2016.read_bytes(), TESTLAND_2016.name)
    twice = rows["irm_commitments"] + [{**rows["irm_commitments"][0], "source_line": "9"}]
    with pytest.raises(
        InputError, match=r"^irm-2016-header-offset.csv:9: duplicate commitment number: 1.1 is also on line 3$"
    ):
        list(irm_plan.stream(twice, PlanSelection("Testland", "1", "AP_TST01")))


@pytest.mark.skipif(not EXPORT_2016.exists(), reason="../shared/ogp is not beside this clone")
def test_finland_first_plan_builds_from_the_real_2016_export(run_cli, tmp_path):
    result, out = build(run_cli, tmp_path, EXPORT_2016, "Finland", "1", "AP_FIN01")
    assert result.exit_code == 0, result.output
    assert Package(str(out / "datapackage.json")).validate().valid
    commitments = read(out / "data" / "published" / "commitments.csv")
    assert len(commitments) == 18
    assert commitments[0]["commitment_id"] == "AP_FIN01-1.1"
    assert [int(c["number"]) for c in commitments] == list(range(1, 19))
    end_of_term = [r for r in read(out / "data" / "published" / "assessments.csv") if r["report"] == "irm-end-of-term"]
    assert {r["commitment_id"] for r in end_of_term} == {r["commitment_id"] for r in commitments}
