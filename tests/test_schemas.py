"""The Table Schemas are the one place a published column is defined: check them against the code."""

import duckdb
import pytest

from conftest import BASE_PLAN, IRM_FOR_BASE, OGP_LAYER_FOR_BASE, SELF_ASSESSMENT_FOR_BASE
from pipeline import extract, normalise
from pipeline.publish import package
from pipeline.extract.irm_vocabularies import INDICATORS, codes_of


def test_every_rated_indicator_has_its_vocabulary_as_the_schema_enum():
    fields = {field["name"]: field for field in package.schema("assessments")["fields"]}
    for name in {indicator.name for indicator in INDICATORS}:
        assert fields[name]["constraints"]["enum"] == codes_of(name), name
        for code in ("ND", "NR", "NA"):
            assert code in fields[name]["description"]


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    out = tmp_path_factory.mktemp("extracted")
    extract.run(BASE_PLAN, out, [IRM_FOR_BASE], [SELF_ASSESSMENT_FOR_BASE],
                ogp_layer_dir=OGP_LAYER_FOR_BASE)
    connection = duckdb.connect()
    normalise.build(connection, out)
    return connection


@pytest.mark.parametrize("name", package.RESOURCES)
def test_every_core_table_has_its_schema_columns(con, name):
    columns = [row[0] for row in con.execute(f"describe core.{name}").fetchall()]
    assert set(package.field_names(name)) <= set(columns)


@pytest.mark.parametrize("name", package.RESOURCES)
def test_every_schema_has_a_primary_key_and_bilingual_titles(name):
    schema = package.schema(name)
    assert schema["primaryKey"]
    assert " / " in schema["title"] and " / " in schema["description"]
