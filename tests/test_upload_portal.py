"""The real package on the udata stand-in, as a person who opens the dataset page or a reuser
who browses it meets it: the data first, a dictionary to read, every quality point, each CSV's
Table Schema, each file of its type, the version, tags as udata slugs them, and one apply that
converges. tests/udata_server.py cites the udata code of each behaviour."""

import json
import shutil
import string
from pathlib import Path

import pytest
import requests
from hypothesis import given, settings
from hypothesis import strategies as st
from slugify import slugify

from pipeline import upload
from pipeline.errors import InputError
from pipeline.upload import metadata
from udata_server import DATASET, KEY

ROOT = Path(__file__).parents[1]
# udata/core/dataset/constants.py:206: a resource in none of these formats is open
CLOSED_FORMATS = ("pdf", "doc", "docx", "word", "xls", "excel", "xlsx")


@pytest.fixture
def real(portal, tmp_path, monkeypatch):
    """A copy of the repository's published package and a datagouv.toml naming the stand-in."""
    shutil.copytree(ROOT / "data" / "published", tmp_path / "data" / "published")
    shutil.copy(ROOT / "datapackage.json", tmp_path / "datapackage.json")
    config = tmp_path / "datagouv.toml"
    config.write_text(
        f'portal = "{portal.url}"\ndataset = "{DATASET}"\nprivate = false\n'
        'tags = ["Gouvernement ouvert", "Open government", "PGO", "OGP", "Données ouvertes", "Plan d\'action"]\n'
        "\n[resources]\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("DATAGOUV_API_KEY", KEY)
    return {"config": config, "datapackage": tmp_path / "datapackage.json", "published": tmp_path / "data/published"}


def apply(real) -> list[str]:
    settings_, client = upload.connect(real["config"])
    said = []
    upload.apply(
        client, settings_, real["datapackage"], upload.steps(client, settings_, real["datapackage"]), said.append
    )
    return said


def dry_run(real) -> list[str]:
    settings_, client = upload.connect(real["config"])
    return upload.dry_run(settings_, upload.steps(client, settings_, real["datapackage"]))


def by_name(real, portal) -> dict[str, dict]:
    ids = upload.load_config(real["config"]).resources
    resources = {r["id"]: r for r in portal.datasets[DATASET]["resources"]}
    return {name: resources[rid] for name, rid in ids.items() if rid in resources}


def descriptor(real) -> dict:
    return json.loads(real["datapackage"].read_text(encoding="utf-8"))


def test_the_portal_lists_the_overview_and_the_tables_first_then_the_documents_then_the_charts(real, portal):
    apply(real)
    names = {r["id"]: n for n, r in by_name(real, portal).items()}
    shown = [names[r["id"]] for r in portal.datasets[DATASET]["resources"]]
    tables = [r["path"] for r in descriptor(real)["resources"] if r.get("format") == "csv"]
    overview = "data/published/commitments_overview.csv"
    assert shown[: len(tables)] == [overview] + [t for t in tables if t != overview]
    assert shown[len(tables) : len(tables) + 3] == [
        "data/published/plan.json",
        "data/published/plan.xlsx",
        "ogp-action-plans-france-2015-2020.zip",
    ]
    assert shown[len(tables) + 3 : len(tables) + 5] == ["data/published/README.md", "datapackage.json"]
    assert all(name.endswith(".svg") for name in shown[-5:])


def test_each_file_has_the_type_of_what_it_is(real, portal):
    apply(real)
    types = {name: r["type"] for name, r in by_name(real, portal).items()}
    assert types.pop("data/published/changes.csv") == "update"
    for name, kind in types.items():
        if name.endswith((".svg", ".html")):
            assert kind == "other", name
        elif name.endswith((".schema.json", ".md")) or name == "datapackage.json":
            assert kind == "documentation", name
        else:
            assert kind == "main", name
    assert not any(
        name.endswith(".json")
        and "/published/" in name
        and name != "data/published/plan.json"
        and not name.endswith(".schema.json")
        for name in types
    )  # no per-table JSON copy


def test_every_csv_names_its_table_schema_by_a_stable_link_that_serves_it(real, portal):
    apply(real)
    resources = by_name(real, portal)
    for table in (r for r in descriptor(real)["resources"] if r.get("format") == "csv"):
        url = resources[table["path"]]["schema"]["url"]
        assert url == f"{portal.url}/api/1/datasets/r/{resources[table['name'] + '.schema.json']['id']}"
        served = requests.get(url, timeout=10).json()  # the permalink redirects to the file
        assert {k: v for k, v in served.items() if k != "$schema"} == table["schema"]
        assert served["$schema"] == "https://datapackage.org/profiles/2.0/tableschema.json"


def test_each_table_description_is_its_part_of_the_dictionary(real, portal):
    apply(real)
    resources = by_name(real, portal)
    dictionary = (real["published"] / "README.md").read_text(encoding="utf-8")
    for table in (r for r in descriptor(real)["resources"] if r.get("format") == "csv"):
        text = resources[table["path"]]["description"]
        assert f"Clé primaire / Primary key : `{', '.join(table['schema']['primaryKey'])}`" in text
        for field in table["schema"]["fields"]:
            row = next(line for line in text.splitlines() if line.startswith(f"| `{field['name']}` |"))
            assert row in dictionary  # the same row as the README's
            for code in field.get("constraints", {}).get("enum", []):
                assert f"`{code}`" in row


def test_the_dictionary_goes_up_as_text_and_the_dataset_page_says_what_it_holds(real, portal):
    apply(real)
    resources = by_name(real, portal)
    readme = resources["data/published/README.md"]
    assert readme["title"].endswith("(Markdown, .txt)") and readme["url"].endswith("/readme.txt")
    assert requests.get(readme["url"], timeout=10).content == (real["published"] / "README.md").read_bytes()
    dataset = portal.datasets[DATASET]
    package = descriptor(real)
    released = package["created"][:10]
    assert f"**Version {package['version']}**, {released}" in dataset["description"]
    assert dataset["extras"] == {"action-plan-data:version": package["version"], "action-plan-data:released": released}
    assert f"[README.txt]({portal.url}/api/1/datasets/r/{readme['id']})" in dataset["description"]
    for table in (r for r in package["resources"] if r.get("format") == "csv"):
        csv_id = resources[table["path"]]["id"]
        assert f"({portal.url}/api/1/datasets/r/{csv_id})" in dataset["description"]
    assert f"Data package `{package['name']}`. {portal.url}/datasets/{DATASET}/" in dataset["description"]
    assert dataset["title"] == package["title"]
    assert 0 < len(dataset["description_short"]) <= 200


def test_the_dataset_meets_every_quality_criterion_udata_computes(real, portal):
    apply(real)
    dataset = portal.datasets[DATASET]
    # udata/core/dataset/models.py:923-964 (compute_quality) and :892-921 (quality)
    quality = {
        "license": bool(dataset["license"]),
        "temporal_coverage": bool(dataset["temporal_coverage"]),
        "spatial": bool(dataset["spatial"] and (dataset["spatial"]["zones"] or dataset["spatial"]["geom"])),
        "update_frequency": dataset["frequency"] not in (None, "unknown"),  # has_frequency, :833-834
        # 'irregular' has no delta (constants.py:71): always fulfilled in time, :913-916
        "update_fulfilled_in_time": dataset["frequency"] == "irregular",
        "dataset_description_quality": len(dataset["description"]) > 100,  # settings.py:648
        "has_open_format": not all(str(r.get("format")).lower() in CLOSED_FORMATS for r in dataset["resources"]),
        "all_resources_available": all(r["filetype"] == "file" for r in dataset["resources"]),  # only remote checked
        "resources_documentation": any(r["type"] == "documentation" or r["description"] for r in dataset["resources"]),
    }
    assert quality == dict.fromkeys(quality, True)
    assert dataset["spatial"]["zones"] == ["country:fr"] and dataset["spatial"]["granularity"] == "country"


def test_a_contact_point_is_sent_only_when_configured(real, portal):
    apply(real)
    assert portal.datasets[DATASET]["contact_points"] == []  # none invented
    text = real["config"].read_text(encoding="utf-8")
    real["config"].write_text(text.replace('contact_point = ""', 'contact_point = "6500000000000000000000c1"'))
    apply(real)
    assert [c["id"] for c in portal.datasets[DATASET]["contact_points"]] == ["6500000000000000000000c1"]
    assert dry_run(real)[-2] == f"dataset {DATASET}: metadata: unchanged"


def test_tags_are_slugged_as_udata_slugs_them_so_a_second_run_sends_none(real, portal):
    apply(real)
    assert sorted(portal.datasets[DATASET]["tags"]) == [
        "donnees-ouvertes",
        "gouvernement-ouvert",
        "ogp",
        "open-government",
        "pgo",
        "plan-daction",
    ]
    portal.requests.clear()
    assert apply(real) == [] and portal.writes() == []


# Latin letters with their accents, digits, spaces, quotes and punctuation: what a tag is written in
LATIN = string.ascii_letters + string.digits + " -_.'’&/()" + "àâäçéèêëîïôöùûüÿñœæßøłÀÂÇÉÈÊÎÔÙÛŒÆ"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=LATIN, min_size=1, max_size=40))
def test_a_tag_in_latin_letters_is_slugged_as_awesome_slugify_slugs_it(keyword):
    assert metadata.slug(keyword) == slugify(keyword.lower())


@pytest.mark.parametrize("keyword", ["Открытое правительство", "開かれた政府", "حكومة"])
def test_a_tag_in_other_letters_is_refused_in_one_line(keyword):
    with pytest.raises(InputError, match="datagouv.toml: a tag must be written in Latin letters"):
        metadata.slug(keyword)


def test_one_apply_after_a_resource_was_deleted_on_the_portal_leaves_no_dead_link(real, portal):
    apply(real)
    gone = upload.load_config(real["config"]).resources["data/published/commitments.csv"]
    response = requests.delete(
        f"{portal.url}/api/1/datasets/{DATASET}/resources/{gone}/", headers={"X-API-KEY": KEY}, timeout=10
    )
    assert response.status_code == 204
    said = apply(real)
    assert (
        "data/published/commitments.csv: created" in said
        and "datapackage.json: replaced (title and description sent again)" in said
    )
    resources = by_name(real, portal)
    shown = requests.get(f"{portal.url}/api/1/datasets/r/{resources['datapackage.json']['id']}", timeout=10).json()
    assert shown["homepage"] == f"{portal.url}/datasets/{DATASET}/"
    links = [entry["path"] for entry in shown["resources"] + shown["files"]]
    assert links and all(requests.get(link, timeout=10).status_code == 200 for link in links)
    assert gone not in json.dumps(shown) and gone not in portal.datasets[DATASET]["description"]
    assert dry_run(real)[-1].startswith(f"dry run on {portal.url}: 0 to send, ")


def test_the_upload_page_shows_the_real_output_of_the_upload_commands(portal, tmp_path, run_cli, monkeypatch):
    """docs/upload.md's example, run: this repository's package and datagouv.toml, the
    stand-in's address for the portal's; each line the README shows comes, in order, where
    its `...` lets other lines pass."""
    readme = (ROOT / "docs" / "upload.md").read_text(encoding="utf-8")
    block = readme[readme.index("```console\n$ action-plan-data upload") + len("```console\n") :]
    shown = block[: block.index("```")].splitlines()
    shutil.copytree(ROOT / "data" / "published", tmp_path / "data" / "published")
    shutil.copy(ROOT / "datapackage.json", tmp_path / "datapackage.json")
    config = (ROOT / "datagouv.toml").read_text(encoding="utf-8")
    config = config.replace('portal = "https://demo.data.gouv.fr"', f'portal = "{portal.url}"')
    (tmp_path / "datagouv.toml").write_text(config.replace('dataset = ""', f'dataset = "{DATASET}"'))
    monkeypatch.setenv("DATAGOUV_API_KEY", KEY)
    monkeypatch.chdir(tmp_path)
    real = []
    for command in (line for line in shown if line.startswith("$ ")):
        real.append(command)
        result = run_cli(*command.split()[2:])
        assert result.exit_code == 0, result.output
        real += result.output.replace(portal.url, "http://127.0.0.1:8000").splitlines()
    position, gap = 0, False
    for line in shown:
        if line == "...":
            gap = True
            continue
        found = real.index(line, position)  # a ValueError names the line the README has wrong
        assert gap or found == position, f"the README skips lines before: {line}"
        position, gap = found + 1, False
