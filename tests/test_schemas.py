"""The Table Schemas are the one place a published column is defined: check them against the code."""

import duckdb
import pytest

from conftest import BASE_PLAN, IRM_FOR_BASE, OGP_LAYER_FOR_BASE, SELF_ASSESSMENT_FOR_BASE, codes_of
from pipeline import extract, normalise
from pipeline.extract.irm_vocabularies import INDICATORS
from pipeline.package import descriptors


def test_every_rated_indicator_has_its_vocabulary_as_the_schema_enum():
    fields = {field["name"]: field for field in descriptors.schema("assessments")["fields"]}
    for name in {indicator.name for indicator in INDICATORS}:
        assert fields[name]["constraints"]["enum"] == codes_of(name), name
        for code in ("ND", "NR", "NA", "not_shown"):
            assert code in fields[name]["description"]


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    out = tmp_path_factory.mktemp("extracted")
    extract.run(BASE_PLAN, out, [IRM_FOR_BASE], [SELF_ASSESSMENT_FOR_BASE], ogp_layer_dir=OGP_LAYER_FOR_BASE)
    connection = duckdb.connect()
    normalise.build(connection, out)
    return connection


@pytest.mark.parametrize("name", descriptors.RESOURCES)
def test_every_core_table_has_its_schema_columns(con, name):
    columns = [row[0] for row in con.execute(f"describe core.{name}").fetchall()]
    assert set(descriptors.field_names(name)) <= set(columns)


@pytest.mark.parametrize("name", descriptors.RESOURCES)
def test_every_schema_has_a_primary_key_and_bilingual_titles(name):
    schema = descriptors.schema(name)
    assert schema["primaryKey"]
    assert " / " in schema["title"] and " / " in schema["description"]


def test_every_core_sql_file_is_a_registered_table_and_every_table_has_its_schema():
    from pipeline.package import tables
    from pipeline.paths import SCHEMAS_DIR, SQL_DIR

    core = {path.stem for path in (SQL_DIR / "core").glob("*.sql")}
    schemas = {path.name.removesuffix(".schema.json") for path in SCHEMAS_DIR.glob("*.schema.json")}
    assert core == set(tables.TABLES)
    assert schemas == {*tables.TABLES, tables.CHANGES}


def test_assessments_pivots_one_column_per_indicator_of_the_vocabularies(con):
    columns = [row[0] for row in con.execute("describe core.assessments").fetchall()]
    indicators = list(dict.fromkeys(indicator.name for indicator in INDICATORS))
    assert sorted(c for c in columns if c in indicators) == sorted(indicators)
    schema = [f["name"] for f in descriptors.schema("assessments")["fields"]]
    assert set(columns) == set(schema)  # nothing more: the long model's columns are all grouped or pivoted


def test_years_and_counts_have_the_plausibility_ranges_the_extractors_enforce():
    from pipeline.extract import irm, self_assessment

    def bounds(name, field):
        [found] = [f for f in descriptors.schema(name)["fields"] if f["name"] == field]
        return found["constraints"]["minimum"], found["constraints"]["maximum"]

    for name, field in [("assessments", "report_year"), ("self_assessments", "report_year")]:
        assert bounds(name, field) == irm.YEARS
    for field in ("start_year", "end_year"):
        assert bounds("plans", field) == irm.YEARS
    assert bounds("plans", "publication_date") == (f"{irm.YEARS[0]}-01-01", f"{irm.YEARS[1]}-12-31")
    assert bounds("self_assessments", "commitment_count") == (0, self_assessment.MAX_COUNT)
    # counted from the plan's rows, not read from a cell: no bound but zero (make bench publishes a million)
    [counted] = [f for f in descriptors.schema("plans")["fields"] if f["name"] == "commitment_count"]
    assert counted["constraints"] == {"required": True, "minimum": 0}
