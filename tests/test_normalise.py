import csv

import duckdb
import pytest

from conftest import BASE_PLAN, IRM_FOR_BASE, OGP_LAYER_FOR_BASE, SELF_ASSESSMENT_FOR_BASE
from pipeline import extract, normalise
from pipeline.documents import plan_html
from pipeline.normalise import AuditError
from pipeline.paths import SQL_DIR
from pipeline.publish import table_files


@pytest.fixture
def extracted(tmp_path):
    out = tmp_path / "extracted"
    extract.run(BASE_PLAN, out, [IRM_FOR_BASE], [SELF_ASSESSMENT_FOR_BASE], ogp_layer_dir=OGP_LAYER_FOR_BASE)
    return out


def append_row(path, row: dict) -> None:
    with path.open(newline="", encoding="utf-8") as handle:
        fields = next(csv.reader(handle))
    with path.open("a", newline="", encoding="utf-8") as handle:
        csv.DictWriter(handle, fieldnames=fields, lineterminator="\n").writerow(row)


def build(extracted):
    con = duckdb.connect()
    normalise.build(con, extracted)
    return con


# General


def test_normalise_rebuilds_the_database_from_empty(extracted, tmp_path):
    db = tmp_path / "pipeline.duckdb"
    first = normalise.run(extracted, db)
    assert normalise.run(extracted, db) == first
    assert first == {
        "plans": 1,
        "themes": 3,
        "commitments": 3,
        "commitment_parts": 4,  # commitment 1 in two parts, and the whole of 2 and 3
        "commitment_titles": 1,
        "institutions": 3,
        "commitment_institutions": 6,
        "ogp_commitments": 4,
        "commitment_links": 0,
        "milestones": 17,
        "commitment_sections": 14,
        "reports": 3,
        "report_sources": 3,
        "assessments": 5,
        "disagreements": 1,
        "self_assessments": 3,
        "commitments_overview": 3,
    }


def test_normalise_gives_spellings_of_one_institution_one_id(extracted):
    rows = build(extracted).execute("select institution_id, name from core.institutions order by 1").fetchall()
    assert rows == [
        ("meteo-france", "Météo France"),
        ("ministere-economie-industrie-numerique", "Ministry of the Economy, Industry and the Digital Sector"),
        ("ministere-interieur", "Ministry of the Interior"),
    ]


def test_normalise_derives_due_precision(extracted):
    rows = (
        build(extracted)
        .execute(
            "select milestone_id, due, due_precision from core.milestones "
            "where language = 'fr' and due is not null order by milestone_id"
        )
        .fetchall()
    )
    assert rows == [("AP_TST01-1-M1.1-fr", "2015-06", "month"), ("AP_TST01-1-M1.2-fr", "2016", "year")]


def test_normalise_nests_milestones_and_reads_follow_up_ids(extracted):
    rows = (
        build(extracted)
        .execute(
            "select milestone_id, parent_milestone_id, follow_up_ids, languages_agree "
            "from core.milestones where language = 'en' and commitment_id = 'AP_TST01-1' "
            "order by milestone_id"
        )
        .fetchall()
    )
    assert rows == [
        ("AP_TST01-1-M1-en", None, "11", True),
        ("AP_TST01-1-M1.1-en", "AP_TST01-1-M1-en", None, True),
        ("AP_TST01-1-M1.2-en", "AP_TST01-1-M1-en", None, True),
        ("AP_TST01-1-M2-en", None, "12", True),
        ("AP_TST01-1-M3-en", None, "13", True),
    ]


def test_normalise_names_an_institution_in_both_languages(extracted):
    row = (
        build(extracted)
        .execute("select name, name_fr from core.institutions where institution_id = 'meteo-france'")
        .fetchone()
    )
    assert row == ("Météo France", "Météo-France")


def test_normalise_flattens_a_commitment_for_spreadsheets(extracted):
    row = (
        build(extracted)
        .execute(
            "select theme_en, theme_fr, sub_theme_folder, lead_institutions, supporting_institutions, ogp_ids, "
            "milestone_count from core.commitments_overview where number = 1"
        )
        .fetchone()
    )
    assert row == (
        "Accountability",
        "Rendre des comptes",
        "accountability/spending",
        "Ministry of the Interior | Ministry of the Economy, Industry and the Digital Sector",
        None,
        "TS0001 | TS0002",
        3,  # top-level items of its roadmaps: 2 in part 1, 1 in part 2
    )


# Audits: each is fed one bad row and must return it


def test_audit_finds_an_ogp_id_under_two_commitments(extracted):
    append_row(
        extracted / "action_plan__ogp_links.csv",
        {
            "number": "2",
            "ogp_id": "TS0001",
            "mapping": "stated",
            "source_file": "ogp-layer/ogp_commitments.csv",
            "source_line": "9",
        },
    )
    with pytest.raises(
        AuditError,
        match=r"audit ogp_id_maps_to_one_commitment found 1 row\(s\): ogp_id=TS0001, "
        r"listed_at=ogp-layer/ogp_commitments.csv:2, ogp-layer/ogp_commitments.csv:9",
    ):
        build(extracted)


def test_audit_finds_a_gap_in_commitment_numbers(extracted):
    append_row(
        extracted / "action_plan__commitments.csv",
        {
            "number": "5",
            "plan_id": "AP_TST01",
            "theme_path": "climate",
            "title_en": "Five",
            "source_file": "climate/commitment-5.md",
            "source_line": "1",
        },
    )
    with pytest.raises(
        AuditError,
        match=r"commitment_numbers_have_no_gap found 1 row\(s\): plan_id=AP_TST01, missing_commitment_number=4$",
    ):
        build(extracted)


def test_audit_finds_an_institution_named_twice_in_one_role(extracted):
    append_row(
        extracted / "action_plan__institutions.csv",
        {
            "number": "3",
            "plan_id": "AP_TST01",
            "part": "1",
            "role": "lead",
            "position": "2",
            "name": "METEO-France",
            "source_file": "climate/commitment-3.md",
            "source_line": "6",
        },
    )
    with pytest.raises(AuditError, match="institution_listed_twice_in_a_role found 1 row"):
        build(extracted)


def test_every_sql_file_is_a_registered_model_audit_or_macro():
    files = {str(path.relative_to(SQL_DIR).with_suffix("")) for path in SQL_DIR.rglob("*.sql")}
    figures = {f"figures/{name}" for name in plan_html.QUERIES}
    assert files == set(normalise.MODELS) | set(normalise.AUDITS) | set(table_files.MACROS) | figures


# Evaluations


def test_normalise_gives_one_assessment_row_per_ogp_id_report_and_source(extracted):
    rows = (
        build(extracted)
        .execute(
            "select ogp_id, commitment_id, report, report_year, source, specificity, potential_impact, completion,"
            " did_it_open_government, starred from core.assessments order by ogp_id, report, source"
        )
        .fetchall()
    )
    export = "irm-for-the-test-plan.csv"
    assert rows == [
        ("TS0001", "AP_TST01-1", "irm-end-of-term", 2018, export, None, None, "complete", "major", "yes"),
        (
            "TS0001",
            "AP_TST01-1",
            "irm-progress-report",
            2017,
            export,
            "high",
            "transformative",
            "substantial",
            None,
            "not_shown",  # a blank cell: the source shows no value
        ),
        (
            "TS0002",
            "AP_TST01-1",
            "irm-end-of-term",
            None,
            "https://example.org/TS0002",
            None,
            None,
            "NR",
            "marginal",
            "no",
        ),
        ("TS0004", "AP_TST01-3", "irm-end-of-term", None, "https://example.org/TS0004", None, None, "ND", "ND", "yes"),
        ("TS0004", "AP_TST01-3", "irm-end-of-term", None, "https://example.org/eot", None, None, "ND", "ND", "no"),
    ]


def test_normalise_shows_latest_ratings_and_disagreements_in_the_overview(extracted):
    rows = (
        build(extracted)
        .execute(
            "select number, potential_impact, completion_end_of_term, did_it_open_government, starred_end_of_term"
            " from core.commitments_overview order by number"
        )
        .fetchall()
    )
    assert rows == [
        (
            1,
            "TS0001: transformative",
            "TS0001: complete | TS0002: NR",  # the same codes as assessments, missing ones included
            "TS0001: major | TS0002: marginal",
            "TS0001: yes | TS0002: no",
        ),
        (2, None, None, None, None),
        (3, None, "TS0004: ND", "TS0004: ND", "TS0004: no | TS0004: yes"),
    ]


def test_normalise_publishes_self_assessments_at_the_level_they_are_known(extracted):
    rows = (
        build(extracted)
        .execute(
            "select self_assessment_id, level, commitment_id, status, commitment_count "
            "from core.self_assessments order by 1"
        )
        .fetchall()
    )
    assert rows == [
        ("AP_TST01-self-assessment-end-of-term-3-complete", "commitment", "AP_TST01-3", "complete", 1),
        ("AP_TST01-self-assessment-mid-term-plan-partial", "plan", None, "partial", 1),
        ("AP_TST01-self-assessment-mid-term-plan-substantial", "plan", None, "substantial", 2),
    ]


def test_audit_finds_an_irm_row_of_the_plan_that_no_commitment_lists(extracted):
    append_row(
        extracted / "irm__commitments.csv",
        {
            "row_key": "TS0099",
            "ogp_id": "TS0099",
            "plan_id": "AP_TST01",
            "source": "x",
            "source_file": "irm/x.csv",
            "source_line": "7",
        },
    )
    with pytest.raises(
        AuditError, match=r"irm_row_maps_to_a_commitment found 1 row\(s\): at=irm/x.csv:7, row_key=TS0099"
    ):
        build(extracted)


def test_audit_finds_a_self_assessment_of_a_commitment_the_plan_lacks(extracted):
    append_row(
        extracted / "self_assessment__statuses.csv",
        {
            "plan_id": "AP_TST01",
            "report": "self-assessment-mid-term",
            "report_year": "2016",
            "commitment_number": "9",
            "status": "partial",
            "commitment_count": "1",
            "source": "x",
            "source_file": "self-assessment/x.csv",
            "source_line": "5",
        },
    )
    with pytest.raises(
        AuditError, match=r"self_assessment_commitment_exists found 1 row\(s\): at=self-assessment/x.csv:5"
    ):
        build(extracted)


def test_audit_finds_a_commitment_without_a_theme_in_a_plan_with_themes(extracted):
    con = build(extracted)
    con.execute("update core.commitments set theme_id = null where number = '2'")
    with pytest.raises(
        AuditError,
        match=r"commitment_has_a_theme found 1 row\(s\): commitment_id=AP_TST01-2, "
        r"at=fr/rendre-des-comptes/engagement-2.md:3",
    ):
        normalise.audit(con)


def test_audit_finds_an_assessment_without_a_source(extracted):
    con = build(extracted)
    con.execute("update core.self_assessments set source = '' where status = 'partial'")
    with pytest.raises(
        AuditError,
        match=r"assessment_names_its_source found 1 row\(s\): "
        r"item=AP_TST01-self-assessment-mid-term-plan-partial",
    ):
        normalise.audit(con)
