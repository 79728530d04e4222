"""The committed data/published and datapackage.json are what `run` produces from data/raw."""

import csv
import hashlib
import json
import re
import shutil

import pytest
from frictionless import Package

from conftest import REPO, SHARED
from pipeline import paths

SEED_CASE_STUDY = SHARED / "seeds" / "000_0369fc630001dafe.txt"
JOINUP = 'Joinup case study "How France worked with civil society to create its Action Plan" (29/05/2016)'


def read(path):
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def first_plan(rows):
    """The rows of the 2015-2017 plan, the one read from its own repository."""
    return [row for row in rows if row["plan_id"] == "AP_FRA01"]


def test_committed_publication_is_what_the_pipeline_produces(tmp_path, run_cli):
    """Publishing data/raw again over the committed publication changes no byte (no new version)."""
    out = tmp_path / "repo"
    shutil.copytree((REPO / paths.PUBLISHED_DIR), out / "data" / "published")
    shutil.copy((REPO / paths.DATAPACKAGE_PATH), out / "datapackage.json")
    result = run_cli(
        "run",
        "--extracted-dir",
        tmp_path / "extracted",
        "--db",
        tmp_path / "pipeline.duckdb",
        "--published-dir",
        out / "data" / "published",
        "--datapackage",
        out / "datapackage.json",
    )
    assert result.exit_code == 0, result.output
    produced = {p.name: p.read_bytes() for p in (out / "data" / "published").iterdir()}
    committed = {p.name: p.read_bytes() for p in (REPO / paths.PUBLISHED_DIR).iterdir()}
    assert produced == committed
    assert (out / "datapackage.json").read_bytes() == (REPO / paths.DATAPACKAGE_PATH).read_bytes()


def test_committed_package_is_valid():
    report = Package(str(REPO / paths.DATAPACKAGE_PATH)).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "message"])


def test_published_folder_copied_anywhere_is_a_valid_package_of_its_own(tmp_path):
    """As a reuser who downloads or unzips data/published alone."""
    copy = tmp_path / "downloaded"
    shutil.copytree(REPO / paths.PUBLISHED_DIR, copy)
    report = Package(str(copy / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "message"])
    assert len(report.tasks) == len(
        json.loads((REPO / paths.DATAPACKAGE_PATH).read_text(encoding="utf-8"))["resources"]
    )


def test_both_descriptors_describe_the_same_files():
    root = json.loads((REPO / paths.DATAPACKAGE_PATH).read_text(encoding="utf-8"))
    inner = json.loads((REPO / paths.PUBLISHED_DIR / "datapackage.json").read_text(encoding="utf-8"))
    for listed in ("resources", "files"):
        assert [r["path"] for r in root[listed]] == [f"data/published/{r['path']}" for r in inner[listed]]
    assert {**root, "resources": None, "files": None} == {**inner, "resources": None, "files": None}


def test_committed_plan_has_26_commitments_numbered_1_to_26():
    commitments = first_plan(read(REPO / paths.PUBLISHED_DIR / "commitments.csv"))
    assert [int(row["number"]) for row in commitments] == list(range(1, 27))


def seed_themes() -> list[tuple[str, list[str]]]:
    """The case study's list: five themes, each with its commitments' English titles, in order."""
    themes, lines = [], SEED_CASE_STUDY.read_text(encoding="utf-8").splitlines()
    for line in lines[lines.index(next(text for text in lines if text.strip() == "• Be accountable")) :]:
        if line.startswith("  • "):
            themes.append((line.strip("• ").strip(), []))
        elif line.startswith("    • "):
            themes[-1][1].append(line.strip().lstrip("• ").rstrip("."))
        elif line.strip() and not line.startswith(" "):
            break
    return themes


@pytest.mark.skipif(not SEED_CASE_STUDY.exists(), reason="../shared/seeds is not beside this clone")
def test_committed_commitments_have_the_themes_of_the_case_study_and_its_titles_as_alternates():
    themes = seed_themes()
    assert [len(titles) for _, titles in themes] == [9, 5, 4, 5, 3]
    expected = [(theme_number, title) for theme_number, (_, titles) in enumerate(themes, 1) for title in titles]
    positions = {row["theme_id"]: int(row["position"]) for row in read((REPO / paths.PUBLISHED_DIR) / "themes.csv")}
    alternates = {
        (row["commitment_id"], row["title"])
        for row in read(REPO / paths.PUBLISHED_DIR / "commitment_titles.csv")
        if row["language"] == "en" and row["source"] == JOINUP
    }
    for row in first_plan(read(REPO / paths.PUBLISHED_DIR / "commitments.csv")):
        theme_number, seed_title = expected[int(row["number"]) - 1]
        assert positions[row["theme_id"]] == theme_number, row["commitment_id"]
        if seed_title != row["title_en"]:  # a reuser who knows the case study's title still finds it
            assert (row["commitment_id"], seed_title) in alternates or row["number"] in ("12", "23"), row["number"]


@pytest.mark.skipif(not (SHARED / "ogp").exists(), reason="../shared/ogp is not beside this clone")
def test_committed_alternate_titles_from_irm_data_are_the_real_exports():
    export = SHARED / "ogp" / "g0v-ogp-commitments" / "open_parliament_0703.csv"
    with export.open(encoding="utf-8", newline="") as handle:
        titles = {row["Commitment Unique Identifier"]: row["Commitment Title"] for row in csv.DictReader(handle)}
    ogp = {row["ogp_id"]: row["commitment_id"] for row in read((REPO / paths.PUBLISHED_DIR) / "ogp_commitments.csv")}
    cited = [
        row for row in read(REPO / paths.PUBLISHED_DIR / "commitment_titles.csv") if "IRM data, row" in row["source"]
    ]
    assert len(cited) == 2
    for row in cited:
        ogp_id = re.search(r"row (FR\d{4})", row["source"]).group(1)
        assert ogp[ogp_id] == row["commitment_id"]
        assert row["title"] == titles[ogp_id]


@pytest.mark.skipif(not (SHARED / "ogp").exists(), reason="../shared/ogp is not beside this clone")
def test_committed_assessments_of_fr0001_fr0015_fr0026_are_the_real_exports():
    from pipeline.extract import irm

    export = SHARED / "ogp" / "g0v-ogp-commitments" / "open_parliament_0703.csv"
    rows, _ = irm.extract(export.read_bytes(), export.name)
    expected = {
        (r["row_key"], r["report"], r["indicator"]): r["code"]
        for r in rows["irm_ratings"]
        if r["row_key"] in ("FR0001", "FR0015", "FR0026")
    }
    published = [
        row for row in read((REPO / paths.PUBLISHED_DIR) / "assessments.csv") if "IRM data, row" in row["source"]
    ]
    got = {
        (row["ogp_id"], row["report"], indicator): row[indicator]
        for row in published
        for (_, report, indicator) in expected
        if report == row["report"] and row[indicator]
    }
    assert {row["ogp_id"] for row in published} == {"FR0001", "FR0015", "FR0026"}
    assert got == expected


V2_PROFILE = REPO / "tests" / "fixtures" / "profiles" / "datapackage-2.0.json"


@pytest.mark.parametrize("where", [paths.DATAPACKAGE_PATH, paths.PUBLISHED_DIR / "datapackage.json"])
def test_descriptor_passes_the_official_data_package_v2_schema(where):
    import jsonschema

    descriptor = json.loads((REPO / where).read_text(encoding="utf-8"))
    profile = json.loads(V2_PROFILE.read_text(encoding="utf-8"))
    assert descriptor["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"
    errors = [
        f"{list(e.absolute_path)}: {e.message}" for e in jsonschema.Draft7Validator(profile).iter_errors(descriptor)
    ]
    assert errors == []


def test_every_file_is_described_with_its_format_type_size_and_hash():
    descriptor = json.loads((REPO / paths.PUBLISHED_DIR / "datapackage.json").read_text(encoding="utf-8"))
    listed = descriptor["resources"] + descriptor["files"]
    on_disk = {p.name for p in (REPO / paths.PUBLISHED_DIR).iterdir()} - {"datapackage.json"}
    assert {entry["path"] for entry in listed} == on_disk
    for entry in listed:
        assert {"name", "path", "format", "mediatype", "bytes", "hash"} <= entry.keys(), entry["name"]
        data = (REPO / paths.PUBLISHED_DIR / entry["path"]).read_bytes()
        assert (entry["bytes"], entry["hash"]) == (len(data), f"sha256:{hashlib.sha256(data).hexdigest()}")
        if entry["format"] in ("csv", "json", "md"):
            assert entry["encoding"] == "utf-8", entry["name"]
    # what frictionless cannot check as a file (it would read these as tables) is listed apart
    assert {e["format"] for e in descriptor["files"]} == {"parquet", "xlsx", "json", "html"}
    assert all(e.get("type") in (None, "table") for e in descriptor["resources"])


def test_package_has_an_id_a_homepage_contributors_with_roles_and_titled_sources():
    descriptor = json.loads((REPO / paths.PUBLISHED_DIR / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["id"].startswith("urn:uuid:")
    assert descriptor["homepage"] == "https://github.com/etalab/plan-ogp-2015-2017"
    assert descriptor["created"] and all(c["roles"] for c in descriptor["contributors"])
    assert all(source.get("title") for source in descriptor["sources"])
    # the first plan's start to the second's end, at the precision the sources give
    assert descriptor["temporal_coverage"] == {"start": "2015", "end": "2020"}


CFF_SCHEMA = REPO / "tests" / "fixtures" / "profiles" / "citation-file-format-1.2.0.json"


def test_citation_cff_is_valid_and_agrees_with_the_package_and_the_dictionary():
    import jsonschema
    import yaml

    cff = yaml.safe_load((REPO / "CITATION.cff").read_text(encoding="utf-8"))
    errors = [e.message for e in jsonschema.Draft7Validator(json.loads(CFF_SCHEMA.read_text())).iter_errors(cff)]
    assert errors == []
    descriptor = json.loads((REPO / paths.DATAPACKAGE_PATH).read_text(encoding="utf-8"))
    assert [a["name"] for a in cff["authors"]] == [c["title"] for c in descriptor["contributors"]]
    assert (cff["title"], cff["version"], cff["license"]) == (
        descriptor["title"],
        descriptor["version"],
        descriptor["licenses"][0]["name"],
    )
    changelog = (REPO / paths.PUBLISHED_DIR / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"## {descriptor['version']} ({cff['date-released']})\n" in changelog
    dictionary = (REPO / paths.PUBLISHED_DIR / "README.md").read_text(encoding="utf-8")
    cited = dictionary.split("## Citer / How to cite\n\n> ", 1)[1].split("\n", 1)[0]
    author, year = descriptor["contributors"][0]["title"], cff["date-released"][:4]
    assert cited.startswith(f"{author} ({year}). ") and f"version {cff['version']} [data set]" in cited
    assert cited.endswith(cff["url"])
