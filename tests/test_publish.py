import csv
import json
import os

import duckdb
import pytest
from frictionless import Package

from pipeline import publish
from pipeline.package import descriptors, swap
from pipeline.publish import ValidationError


def snapshot(paths) -> dict:
    """Every published byte: the resources and the descriptor."""
    files = {path.name: path.read_bytes() for path in sorted(paths["published"].iterdir())}
    return {**files, "datapackage.json": paths["datapackage"].read_bytes()}


def rows(path):
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


# General


def test_publish_writes_a_valid_package(built):
    report = Package(str(built["datapackage"])).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "message"])


def test_publish_writes_every_resource_as_csv_and_json(built):
    names = {path.name for path in built["published"].iterdir()}
    tables = {f"{name}.{fmt}" for name in descriptors.PUBLISHED for fmt in ("csv", "json", "parquet")}
    assert names == tables | {
        "CHANGELOG.md",
        "README.md",
        "plan.json",
        "plan.schema.json",
        "plan.xlsx",
        "plan.html",
        *(f"chart-{name}.svg" for name in ("themes", "institutions", "ratings", "self-assessment", "milestones")),
        "datapackage.json",
    }


def test_publish_writes_columns_in_schema_order(built):
    for name in descriptors.PUBLISHED:
        with (built["published"] / f"{name}.csv").open(encoding="utf-8") as handle:
            assert handle.readline().rstrip("\n").split(",") == descriptors.field_names(name)


def test_publish_sorts_rows_by_primary_key_with_numbers_as_numbers(built, tmp_path):
    ids = [row["milestone_id"] for row in rows(built["published"] / "milestones.csv") if row["language"] == "en"]
    assert ids[:5] == [f"AP_TST01-1-M{n}-en" for n in ("1", "1.1", "1.2", "2", "3")]
    numbers = [row["number"] for row in rows(built["published"] / "commitments.csv")]
    assert numbers == ["1", "2", "3"]


def test_publish_writes_json_with_the_csv_rows_typed(built):
    records = json.loads((built["published"] / "milestones.json").read_text(encoding="utf-8"))
    assert records[2] == {
        "milestone_id": "AP_TST01-1-M1.1-en",
        "item_id": "AP_TST01-1-M1.1",
        "language": "en",
        "commitment_id": "AP_TST01-1",
        "plan_id": "AP_TST01",
        "part": 1,
        "parent_milestone_id": "AP_TST01-1-M1-en",
        "depth": 1,
        "position": 1,
        "text": "June 2015: publish the 2014 budgets",
        "follow_up_ids": None,
        "follow_up_urls": None,
        "due": "2015-06",
        "due_precision": "month",
        "due_as_written": "June 2015",
        "due_kind": "deadline",
        "due_read_from": "text",
        "languages_agree": True,
        "source_file": "en/accountability/spending/commitment-1.md",
        "source_line": 20,
    }


def test_publish_uses_utf8_and_lf_line_ends(built):
    for path in built["published"].iterdir():
        if path.suffix not in (".csv", ".json", ".md"):
            continue  # Parquet and xlsx are binary formats
        data = path.read_bytes()
        data.decode("utf-8")
        assert b"\r" not in data


def test_publish_twice_changes_no_byte(built):
    before = snapshot(built)
    publish.run(built["db"], built["published"], built["datapackage"])
    assert snapshot(built) == before


def test_publish_inlines_each_schema_with_titles_in_two_languages(built):
    descriptor = json.loads(built["datapackage"].read_text(encoding="utf-8"))
    assert descriptor["licenses"][0]["name"] == "etalab-2.0"
    for resource in descriptor["resources"]:
        assert resource["path"].startswith("data/published/")
        assert " / " in resource["title"]
        for field in resource.get("schema", {"fields": []})["fields"]:
            assert " / " in field["title"] and " / " in field["description"], field["name"]


# Failures leave the previous publication as it was


def test_publish_that_fails_validation_leaves_previous_publication_untouched(built):
    before = snapshot(built)
    with duckdb.connect(str(built["db"])) as con:
        con.execute("update core.milestones set due = 'soon' where position = 1")
    with pytest.raises(
        ValidationError, match=r"^datapackage.json: package is not valid, nothing was published: milestones: .*soon"
    ):
        publish.run(built["db"], built["published"], built["datapackage"])
    assert snapshot(built) == before
    assert not swap.draft_of(built["datapackage"]).exists()


def test_publish_with_a_broken_foreign_key_publishes_nothing(built):
    before = snapshot(built)
    with duckdb.connect(str(built["db"])) as con:
        con.execute("update core.commitment_institutions set institution_id = 'nobody' where position = 1")
    with pytest.raises(ValidationError, match="commitment_institutions"):
        publish.run(built["db"], built["published"], built["datapackage"])
    assert snapshot(built) == before


def test_publish_killed_before_the_descriptor_was_replaced_restores_the_previous_one(built):
    before = snapshot(built)
    # the state a run killed between the folder rename and the descriptor replace leaves behind
    os.rename(built["published"], swap.backup_of(built["published"]))
    built["published"].mkdir()
    (built["published"] / "plans.csv").write_text("half,written\n", encoding="utf-8")
    assert (
        swap.recover(built["published"], built["datapackage"])
        == "restored the previous publication after an interrupted run"
    )
    assert snapshot(built) == before


def test_publish_killed_after_the_descriptor_was_replaced_keeps_the_new_one(built):
    before = snapshot(built)
    backup = swap.backup_of(built["published"])
    backup.mkdir()
    (backup / "plans.csv").write_text("old\n", encoding="utf-8")
    assert swap.recover(built["published"], built["datapackage"]) == "completed an interrupted publication"
    assert not backup.exists()
    assert snapshot(built) == before


def test_publish_recovers_before_writing(built):
    before = snapshot(built)
    os.rename(built["published"], swap.backup_of(built["published"]))
    publish.run(built["db"], built["published"], built["datapackage"])
    assert not swap.backup_of(built["published"]).exists()
    assert snapshot(built) == before


def test_publish_leaves_out_the_workbook_and_plan_json_of_a_package_too_big_for_them(built, monkeypatch):
    monkeypatch.setattr(descriptors, "DOCUMENT_CELLS", 100)  # the test plan has a few thousand cells
    publish.run(built["db"], built["published"], built["datapackage"])
    names = {path.name for path in built["published"].iterdir()}
    assert not names & {"plan.xlsx", "plan.json", "plan.schema.json"}
    assert "commitments.csv" in names and "commitments.parquet" in names
    descriptor = json.loads(built["datapackage"].read_text(encoding="utf-8"))
    assert not [r for r in descriptor["resources"] if r["path"].rsplit("/", 1)[-1].startswith("plan.")]
    readme = (built["published"] / "README.md").read_text(encoding="utf-8")
    assert "are not published; the tables carry all the data" in readme and "stores every text cell" not in readme
    assert Package(str(built["datapackage"])).validate().valid


def test_plan_json_schema_compiles_for_the_fast_validator(built):
    """A JSON Schema fastjsonschema cannot compile would send every publish to the slow validator."""
    import fastjsonschema

    schema = json.loads((built["published"] / "plan.schema.json").read_text(encoding="utf-8"))
    fastjsonschema.compile(schema)


def test_once_datagouv_toml_names_the_dataset_its_page_is_the_homepage_and_the_citations_url(
    built, run_cli, monkeypatch
):
    project = built["datapackage"].parent
    monkeypatch.chdir(project)  # the project folder, restored after the test
    (project / "datagouv.toml").write_text(
        'portal = "https://www.data.gouv.fr"\ndataset = "plan-d-action-ogp"\nprivate = false\n\n[resources]\n',
        encoding="utf-8",
    )
    before = json.loads(built["datapackage"].read_text(encoding="utf-8"))["homepage"]
    result = run_cli(
        "publish", "--db", built["db"], "--published-dir", built["published"],
        "--datapackage", built["datapackage"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    page = "https://www.data.gouv.fr/datasets/plan-d-action-ogp/"
    assert json.loads(built["datapackage"].read_text(encoding="utf-8"))["homepage"] == page != before
    assert f'url: "{page}"' in (project / "CITATION.cff").read_text(encoding="utf-8")
    dictionary = (built["published"] / "README.md").read_text(encoding="utf-8")
    assert f"- **Page d'accueil / Homepage** : {page} (la page du jeu de données sur le portail" in dictionary
    assert page in dictionary.split("## Citer / How to cite")[1].split("##")[0]
