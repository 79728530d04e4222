from pathlib import Path

import pytest

from conftest import BASE_PLAN, PLAN_FIXTURES, overlay
from pipeline.errors import InputError
from pipeline.extract import action_plan
from pipeline.location import SourceRoot

BAD_CASES = sorted(path for path in (PLAN_FIXTURES / "bad").iterdir() if path.is_dir())
GOOD_CASES = sorted(path for path in (PLAN_FIXTURES / "good").iterdir() if path.is_dir())


def extract(root) -> dict:
    return action_plan.extract(SourceRoot(str(root)))


# General


def test_extract_action_plan_reads_every_linked_commitment_once():
    rows = extract(BASE_PLAN)
    assert sorted(int(row["number"]) for row in rows["commitments"]) == [1, 2, 3]


def test_extract_action_plan_reads_plan_from_front_matter():
    assert extract(BASE_PLAN)["plan"] == [{
        "plan_id": "AP_TST01", "member": "Testland", "member_code": "TST", "title_en": "A tiny plan",
        "title_fr": "Un tout petit plan", "start_year": "2015", "end_year": "2017", "published": "2015-07-16",
        "source_file": "README.md", "source_line": "2",
    }]


def test_extract_action_plan_takes_themes_and_sub_themes_from_folders():
    themes = {row["theme_path"]: (row["parent_path"], row["position"], row["title_en"]) for row in extract(BASE_PLAN)["themes"]}
    assert themes == {
        "accountability": ("", "1", "Accountability"),
        "climate": ("", "2", "Climate"),
        "accountability/spending": ("accountability", "1", ""),
    }


def test_extract_action_plan_keeps_file_and_line_of_each_row():
    rows = extract(BASE_PLAN)
    first = next(row for row in rows["commitments"] if row["number"] == "1")
    assert (first["source_file"], first["source_line"]) == ("accountability/spending/commitment-1.md", "1")
    milestones = [(m["text"], m["source_line"]) for m in rows["milestones"]]
    assert milestones == [("Publish the budgets", "25"), ("Publish the decisions", "26"), ("Train the clerks", "27")]


def test_extract_action_plan_reads_milestone_timing():
    rows = extract(BASE_PLAN)["milestones"]
    assert [(m["ogp_id"], m["due"], m["timing_as_written"]) for m in rows] == [
        ("TS0001", "2015-06", "June 2015"), ("TS0002", "2016", "end of 2016"), ("", "", "from 2015"),
    ]


def test_extract_action_plan_reads_institutions_with_role_and_source():
    rows = extract(BASE_PLAN)["institutions"]
    assert [(r["number"], r["role"], r["position"], r["name"], r["source"]) for r in rows] == [
        ("1", "lead", "1", "Ministry of the Interior", "https://example.org/TS0001"),
        ("1", "lead", "2", "Ministry of the Economy, Industry and the Digital Sector", "https://example.org/TS0001"),
        ("2", "lead", "1", "Ministry of the Economy, Industry and the Digital sector", ""),
        ("3", "lead", "1", "Météo France", ""),
        ("3", "supporting", "1", "Ministry of the Interior", ""),
    ]


def test_extract_action_plan_reads_the_same_rows_over_http(serve):
    assert extract(serve(BASE_PLAN)) == extract(BASE_PLAN)


# Malformed input: one fixture per case, with the one-line error it must give


@pytest.mark.parametrize("case", BAD_CASES, ids=[case.name for case in BAD_CASES])
def test_extract_action_plan_rejects_malformed_input(case, tmp_path):
    root = overlay(case, tmp_path / "plan")
    with pytest.raises(InputError) as error:
        extract(root)
    assert str(error.value) == (case / "expected-error.txt").read_text(encoding="utf-8").strip()


@pytest.mark.parametrize("case", GOOD_CASES, ids=[case.name for case in GOOD_CASES])
def test_extract_action_plan_reads_variants_as_the_base(case, tmp_path):
    """A BOM, CRLF line ends or no-break spaces change nothing in the rows."""
    assert extract(overlay(case, tmp_path / "plan")) == extract(BASE_PLAN)


def test_extract_action_plan_reports_missing_file_over_http(serve, tmp_path):
    root = overlay(PLAN_FIXTURES / "bad" / "link-to-missing-file", tmp_path / "plan")
    with pytest.raises(InputError, match=r"^README.md:10: link to a missing file: accountability/commitment-9.md$"):
        extract(serve(root))


def test_extract_action_plan_refuses_a_symlink_out_of_the_root(plan_copy, tmp_path):
    outside = tmp_path / "outside.md"
    outside.write_text("# Commitment 2: Secret\n", encoding="utf-8")
    page = plan_copy / "accountability" / "commitment-2.md"
    page.unlink()
    page.symlink_to(outside)
    with pytest.raises(InputError, match="link leaves the source root"):
        extract(plan_copy)


def test_extract_action_plan_refuses_a_page_over_the_size_cap(plan_copy):
    page = plan_copy / "accountability" / "spending" / "commitment-1.md"
    with page.open("a", encoding="utf-8") as handle:
        handle.write("Context. " * 120_000)  # about 1 MB, over the cap
    with pytest.raises(InputError, match="^accountability/spending/commitment-1.md: file over the size cap: more than 1000000 bytes$"):
        extract(plan_copy)


def test_every_bad_case_names_its_expected_error():
    assert BAD_CASES and all((case / "expected-error.txt").is_file() for case in BAD_CASES)


def test_fixture_names_say_their_case():
    assert {case.name for case in GOOD_CASES} == {"utf8-bom", "crlf-line-ends", "nbsp-in-title"}
    assert Path(BASE_PLAN / "README.md").is_file()
