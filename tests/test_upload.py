"""upload against a udata API on 127.0.0.1: the exact requests sent, every fault, and the key
never shown."""

import hashlib
import json
import time

import pytest
import requests

from pipeline import upload
from pipeline.package import swap
from pipeline.upload import udata
from udata_server import DATASET, KEY, UDATA_EXTENSIONS


@pytest.fixture
def setup(built, portal, tmp_path, monkeypatch):
    config = tmp_path / "datagouv.toml"
    config.write_text(
        f'# Where upload goes.\nportal = "{portal.url}"\ndataset = "{DATASET}"\nprivate = false\n\n[resources]\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("DATAGOUV_API_KEY", KEY)
    return {"config": config, "datapackage": built["datapackage"], "published": built["published"]}


def sendable_files(setup):
    """The files upload sends on udata's default extension list: each file of the package but
    the tables' JSON copies, .md as .txt, neither .parquet nor .html; each table's Table Schema,
    the zip and the descriptor. By their names in datagouv.toml."""
    return [name for name, sent in portal_names(setup).items() if sent.rsplit(".", 1)[-1] in UDATA_EXTENSIONS]


def portal_names(setup):
    """{name in datagouv.toml: name of the file sent} for every file upload considers."""
    descriptor = json.loads(setup["datapackage"].read_text(encoding="utf-8"))
    tables = {r["name"] for r in descriptor["resources"] if r.get("format") == "csv"}
    names = {}
    for entry in descriptor["resources"] + descriptor["files"]:
        if entry["name"].removesuffix("-json") in tables and entry["name"] not in tables:
            continue
        sent = entry["path"].rsplit("/", 1)[-1]
        names[entry["path"]] = sent.removesuffix(".md") + ".txt" if sent.endswith(".md") else sent
    names.update({f"{table}.schema.json": f"{table}.schema.json" for table in sorted(tables)})
    names[f"{descriptor['name']}.zip"] = f"{descriptor['name']}.zip"
    names["datapackage.json"] = "datapackage.json"
    return names


def expected_put(rid):
    return ("PUT", f"/api/1/datasets/{DATASET}/resources/{rid}/")


def upload_cli(run_cli, setup, *flags):
    result = run_cli("upload", "--config", setup["config"], "--datapackage", setup["datapackage"], *flags)
    assert KEY not in result.output
    assert KEY not in setup["config"].read_text(encoding="utf-8")
    return result


def test_dry_run_sends_no_write_and_shows_the_plan(run_cli, setup, portal):
    result = upload_cli(run_cli, setup)
    assert result.exit_code == 0, result.output
    assert portal.writes() == []
    lines = result.output.splitlines()
    assert "upload: data/published/plans.csv: create" in lines
    assert "upload: data/published/plans.parquet: skip: the portal does not accept .parquet files" in lines
    assert not any("plans.json" in line for line in lines)  # the tabular API serves each CSV as JSON
    assert lines[-3] == "upload: resources: reordered, data first"
    assert lines[-2] == (
        f"upload: dataset {DATASET}: metadata: description, description_short, extras, frequency, license, tags, "
        "temporal_coverage, title"
    )
    sendable = sendable_files(setup)
    skipped = len(portal_names(setup)) - len(sendable)
    assert lines[-1] == (
        f"upload: dry run on {portal.url}: {len(sendable)} to send, 0 unchanged, {skipped} skipped; "
        "nothing sent (add --apply to send)"
    )


def test_first_upload_creates_each_file_then_sends_its_title_then_the_order_and_the_dataset_metadata(
    run_cli, setup, portal
):
    result = upload_cli(run_cli, setup, "--apply")
    assert result.exit_code == 0, result.output
    sendable = sendable_files(setup)
    expected = []
    for number, _ in enumerate(sendable, start=1):
        rid = f"00000000-0000-4000-8000-{number:012d}"
        expected += [
            ("POST", f"/api/1/datasets/{DATASET}/upload/"),
            ("PUT", f"/api/1/datasets/{DATASET}/resources/{rid}/"),
        ]
    assert portal.writes() == expected + [
        ("PUT", f"/api/1/datasets/{DATASET}/resources/"),
        ("PUT", f"/api/1/datasets/{DATASET}/"),
    ]
    assert all(has_key for method, _, _, has_key in portal.requests if method != "GET")
    recorded = upload.load_config(setup["config"]).resources
    assert sorted(recorded) == sorted(sendable) and len(set(recorded.values())) == len(sendable)
    resources = {r["id"]: r for r in portal.datasets[DATASET]["resources"]}
    plans = resources[recorded["data/published/plans.csv"]]
    assert plans["title"] == "Plans d'action / Action plans"  # not the file name the upload set
    dataset = portal.datasets[DATASET]
    assert (dataset["license"], dataset["frequency"], dataset["private"]) == ({"id": "lov2"}, "irregular", False)
    assert dataset["temporal_coverage"] == {"start": "2015-01-01", "end": "2017-12-31"}
    skipped = len(portal_names(setup)) - len(sendable)
    assert (
        result.output.splitlines()[-1] == f"upload: {portal.url}: sent {len(sendable)}, unchanged 0, skipped {skipped}"
    )


def test_unchanged_rerun_sends_nothing(run_cli, setup, portal):
    upload_cli(run_cli, setup, "--apply")
    portal.requests.clear()
    result = upload_cli(run_cli, setup, "--apply")
    assert result.exit_code == 0, result.output
    assert portal.writes() == []
    assert "sent 0," in result.output.splitlines()[-1]


def test_changed_file_replaces_its_resource_and_sends_the_title_again(run_cli, setup, portal):
    upload_cli(run_cli, setup, "--apply")
    rid = upload.load_config(setup["config"]).resources["data/published/plan.json"]
    changelog = setup["published"] / "plan.json"
    changelog.write_text('{"plan_id": "AP_TST01", "changed": true}\n', encoding="utf-8")
    descriptor = json.loads(setup["datapackage"].read_text(encoding="utf-8"))  # as publish would say it
    for resource in descriptor["resources"]:
        if resource["path"].endswith("/plan.json"):
            resource["bytes"] = changelog.stat().st_size
            resource["hash"] = f"sha256:{hashlib.sha256(changelog.read_bytes()).hexdigest()}"
    setup["datapackage"].write_text(json.dumps(descriptor), encoding="utf-8")
    portal.requests.clear()
    result = upload_cli(run_cli, setup, "--apply")
    assert result.exit_code == 0, result.output
    ids = upload.load_config(setup["config"]).resources
    described = ids["datapackage.json"]  # its hash changed too, and the zip that holds them
    zipped = ids[f"{descriptor['name']}.zip"]
    assert portal.writes() == [
        ("POST", f"/api/1/datasets/{DATASET}/resources/{rid}/upload/"),
        ("PUT", f"/api/1/datasets/{DATASET}/resources/{rid}/"),
        ("POST", f"/api/1/datasets/{DATASET}/resources/{zipped}/upload/"),
        ("PUT", f"/api/1/datasets/{DATASET}/resources/{zipped}/"),
        ("POST", f"/api/1/datasets/{DATASET}/resources/{described}/upload/"),
        ("PUT", f"/api/1/datasets/{DATASET}/resources/{described}/"),
    ]
    sent = next(body for method, path, body, _ in portal.requests if (method, path) == expected_put(rid))
    assert sent["title"] == "Le plan en un document imbriqué / The plan as one nested document"
    resource = next(r for r in portal.datasets[DATASET]["resources"] if r["id"] == rid)
    assert resource["title"] == "Le plan en un document imbriqué / The plan as one nested document"
    assert len(portal.datasets[DATASET]["resources"]) == len(sendable_files(setup))


@pytest.mark.parametrize(
    "key, status, meaning",
    [
        ("wrong-key", 401, "the portal refused the API key"),
        ("key-of-someone-else", 403, "the API key may not edit this dataset"),
    ],
)
def test_wrong_key_says_so_without_the_key(run_cli, setup, portal, monkeypatch, key, status, meaning):
    monkeypatch.setenv("DATAGOUV_API_KEY", key)
    result = run_cli("upload", "--config", setup["config"], "--datapackage", setup["datapackage"], "--apply")
    assert result.exit_code == 1
    assert f"HTTP {status}: {meaning}" in result.output and key not in result.output
    assert portal.datasets[DATASET]["resources"] == []


def test_unknown_dataset_is_a_404_before_anything_is_sent(run_cli, setup, portal):
    setup["config"].write_text(setup["config"].read_text().replace(DATASET, "000000000000000000000000"))
    result = upload_cli(run_cli, setup, "--apply")
    assert result.exit_code == 1
    assert result.output == (
        "Error: dataset 000000000000000000000000: HTTP 404: not found on the portal "
        "(check the dataset and resource ids in the configuration)\n"
    )
    assert portal.writes() == []


@pytest.mark.parametrize(
    "status, meaning", [(413, "the file is too large for the portal"), (415, "the portal refused this type of file")]
)
def test_refused_file_stops_says_what_was_sent_and_the_next_run_finishes(run_cli, setup, portal, status, meaning):
    # the third upload is refused
    original = portal.route
    calls = []

    def route(method, path, payload, upload_):
        if method == "POST" and path.endswith("/upload/"):
            calls.append(path)
            if len(calls) == 3:
                return status, {"message": "refused"}
        return original(method, path, payload, upload_)

    portal.route = route
    first = upload_cli(run_cli, setup, "--apply")
    assert first.exit_code == 1
    assert f"HTTP {status}: {meaning}; stopped at commitments.schema.json: sent 2 file(s), not sent" in first.output
    portal.route = original
    second = upload_cli(run_cli, setup, "--apply")
    assert second.exit_code == 0, second.output
    sendable = sendable_files(setup)
    assert len(portal.datasets[DATASET]["resources"]) == len(sendable)  # no duplicate


def test_read_only_portal_stops_at_once_with_nothing_half_done(run_cli, setup, portal):
    portal.faults.append(("POST", r"/upload/$", 423))
    result = upload_cli(run_cli, setup, "--apply")
    assert result.exit_code == 1
    assert "HTTP 423: the portal is in read-only mode; stopped, nothing more was sent" in result.output
    assert "stopped: read-only portal at plans.schema.json: sent 0 file(s)" in result.output
    assert portal.datasets[DATASET]["resources"] == [] and upload.load_config(setup["config"]).resources == {}


def test_server_errors_are_retried_with_backoff(setup, portal):
    portal.faults += [("PUT", r"/resources/", 502), ("PUT", r"/resources/", 500)]
    config = upload.load_config(setup["config"])
    client = udata.Client(portal.url, KEY, backoff=0.01)
    said = []
    sent = upload.apply(
        client, config, setup["datapackage"], upload.steps(client, config, setup["datapackage"]), said.append
    )
    assert sent == len(said) - 2 and said[0] == "plans.schema.json: created"  # then the order, the metadata


def test_a_busy_portal_is_asked_again_after_its_retry_after(setup, portal, monkeypatch):
    portal.faults.append(("PUT", r"/resources/", "busy"))
    waits = []
    monkeypatch.setattr(udata.retrying.time, "sleep", waits.append)
    config = upload.load_config(setup["config"])
    client = udata.Client(portal.url, KEY, backoff=0.01)
    plan = upload.steps(client, config, setup["datapackage"])
    upload.apply(client, config, setup["datapackage"], plan, lambda _: None)
    assert waits == [3.0]  # the server's Retry-After, not the 0.01 s backoff
    assert portal.faults == [] and len(portal.datasets[DATASET]["resources"]) == len(sendable_files(setup))


def test_create_that_timed_out_is_not_retried_and_the_next_run_adopts_it(setup, portal):
    portal.faults.append(("POST", r"/upload/$", "slow"))
    config = upload.load_config(setup["config"])
    client = udata.Client(portal.url, KEY, timeout=0.5, upload_timeout=0.5, backoff=0.01)
    with pytest.raises(udata.UdataError, match=r"^plans.schema.json: timed out \(not retried"):
        upload.apply(
            client, config, setup["datapackage"], upload.steps(client, config, setup["datapackage"]), lambda _: None
        )
    time.sleep(2)  # the portal finishes the upload after the client gave up
    plan = upload.steps(client, config, setup["datapackage"])
    assert plan.steps[0].action == "adopt" and plan.steps[0].resource_id == "00000000-0000-4000-8000-000000000001"
    upload.apply(client, config, setup["datapackage"], plan, lambda _: None)
    sendable = sendable_files(setup)
    assert len(portal.datasets[DATASET]["resources"]) == len(sendable)


def test_no_key_in_the_environment_is_a_clear_error(run_cli, setup, portal, monkeypatch):
    monkeypatch.delenv("DATAGOUV_API_KEY")
    result = run_cli("upload", "--config", setup["config"], "--datapackage", setup["datapackage"], "--apply")
    assert result.exit_code == 1
    assert "DATAGOUV_API_KEY is not set" in result.output


def test_a_package_whose_files_do_not_match_it_is_refused_before_anything_is_sent(run_cli, setup, portal):
    themes = setup["published"] / "themes.csv"
    themes.write_bytes(themes.read_bytes().replace(b"Climate", b"Climat"))
    result = run_cli("upload", "--config", setup["config"], "--datapackage", setup["datapackage"], "--apply")
    assert (result.exit_code, result.output) == (
        1,
        "Error: datapackage.json: its files do not match it (a publication cut short?); nothing was sent: "
        "run `make publish` first\n",
    )
    assert portal.writes() == []


def test_upload_first_undoes_a_swap_a_killed_publish_left_half_done(run_cli, setup, portal):
    published = setup["published"]
    published.rename(swap.backup_of(published))  # killed between the swap's two renames
    result = upload_cli(run_cli, setup)
    assert result.exit_code == 0, result.output
    assert published.is_dir() and not swap.backup_of(published).exists()


# Against udata's behaviour (tests/udata_server.py cites the source of each)


def test_a_private_dataset_is_read_with_the_key(run_cli, setup, portal):
    portal.datasets[DATASET]["private"] = True
    setup["config"].write_text(setup["config"].read_text(encoding="utf-8").replace("private = false", "private = true"))
    assert upload_cli(run_cli, setup, "--apply").exit_code == 0
    again = upload_cli(run_cli, setup)
    assert again.exit_code == 0, again.output
    assert all(has_key for _, _, _, has_key in portal.requests)
    assert portal.datasets[DATASET]["private"] is True


def test_a_dataset_edit_keeps_the_fields_upload_does_not_manage(run_cli, setup, portal):
    portal.datasets[DATASET].update(
        {"acronym": "PGO", "spatial": {"zones": ["country:fr"]}, "extras": {"someone:else": "kept"}}
    )
    assert upload_cli(run_cli, setup, "--apply").exit_code == 0
    dataset = portal.datasets[DATASET]
    assert (dataset["acronym"], dataset["spatial"]["zones"]) == ("PGO", ["country:fr"])  # Testland is no country
    assert dataset["extras"]["someone:else"] == "kept" and dataset["extras"]["action-plan-data:version"]
    assert dataset["tags"] and dataset["temporal_coverage"] == {"start": "2015-01-01", "end": "2017-12-31"}


def test_a_field_the_portal_refuses_is_named(run_cli, setup, portal):
    text = setup["config"].read_text(encoding="utf-8")
    setup["config"].write_text(text.replace("private = false", 'private = false\ncontact_point = "not-a-contact"'))
    result = upload_cli(run_cli, setup, "--apply")
    assert result.exit_code == 1
    assert (
        f"dataset {DATASET}: HTTP 400: Validation error: contact_points: Wrong contact point id or contact point "
        "ownership mismatch" in result.output
    )


def test_a_lost_resource_id_is_matched_by_title_and_format_never_across_formats(run_cli, setup, portal):
    assert upload_cli(run_cli, setup, "--apply").exit_code == 0
    ids = upload.load_config(setup["config"]).resources
    text = setup["config"].read_text(encoding="utf-8")
    setup["config"].write_text(text[: text.index("[resources]")] + "[resources]\n", encoding="utf-8")  # not committed
    plans = setup["published"] / "plans.csv"
    plans.write_bytes(plans.read_bytes().replace(b"Testland", b"Testlande"))
    descriptor = json.loads(setup["datapackage"].read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        if resource["path"].endswith("/plans.csv"):
            resource["bytes"], resource["hash"] = (
                plans.stat().st_size,
                f"sha256:{hashlib.sha256(plans.read_bytes()).hexdigest()}",
            )
    setup["datapackage"].write_text(json.dumps(descriptor), encoding="utf-8")
    # a JSON resource of the same title, first on the portal (an upload of an older release sent JSON copies)
    resources = portal.datasets[DATASET]["resources"]
    csv_resource = next(r for r in resources if r["id"] == ids["data/published/plans.csv"])
    resources.insert(0, {**csv_resource, "id": "json-of-the-same-title", "format": "json"})
    portal.requests.clear()
    assert upload_cli(run_cli, setup, "--apply").exit_code == 0
    uploads = [path for method, path in portal.writes() if path.endswith("/upload/")]
    assert f"/api/1/datasets/{DATASET}/resources/{ids['data/published/plans.csv']}/upload/" in uploads
    assert not any("json-of-the-same-title" in path for path in uploads)
    assert upload.load_config(setup["config"]).resources == ids


def test_a_page_that_is_not_json_is_one_line(run_cli, setup, portal):
    portal.faults.append(("GET", "/extensions/", "html"))
    result = upload_cli(run_cli, setup)
    assert result.exit_code == 1
    assert result.output == (
        f"Error: allowed extensions: HTTP 200 from {portal.url}/api/1/datasets/extensions/ is not JSON (text/html): "
        "not the udata API, or a page in front of it\n"
    )


def test_a_redirect_is_not_followed_with_the_key(run_cli, setup, portal):
    portal.faults.append(("GET", f"/datasets/{DATASET}/$", "redirect"))
    result = upload_cli(run_cli, setup)
    assert result.exit_code == 1
    assert result.output == (
        f"Error: dataset {DATASET}: HTTP 302: redirected to https://elsewhere.invalid/api/1/; not followed\n"
    )


def test_a_portal_in_clear_is_refused_before_any_request(run_cli, setup):
    text = setup["config"].read_text(encoding="utf-8")
    setup["config"].write_text(text.replace('portal = "http://127.0.0.1', 'portal = "http://data.example.org:1#'))
    result = upload_cli(run_cli, setup)
    assert result.exit_code == 1
    assert "the portal must be https: the API key would travel in clear" in result.output


def test_a_reuser_with_only_the_portal_validates_the_package_by_its_url(run_cli, setup, portal):
    from frictionless import Package

    assert upload_cli(run_cli, setup, "--apply").exit_code == 0
    ids = upload.load_config(setup["config"]).resources
    url = f"{portal.url}/api/1/datasets/r/{ids['datapackage.json']}"
    package = Package(url)
    others = {entry["path"] for entry in package.custom["files"]}  # the workbook, the JSON Schema
    assert {r.path for r in package.resources} | others == {
        f"{portal.url}/api/1/datasets/r/{rid}"
        for name, rid in ids.items()
        # the zip holds the package, is not of it; each table's schema is inlined in it
        if name != "datapackage.json" and not name.endswith(".zip") and "/" in name
    }
    report = package.validate()
    assert report.valid, report.flatten(["resourceName", "rowNumber", "message"])
    again = upload_cli(run_cli, setup).output.splitlines()[-1]
    assert again.startswith(f"upload: dry run on {portal.url}: 0 to send, ")  # the descriptor sent is stable


def test_the_whole_package_is_sent_as_a_zip_that_validates_once_unzipped(run_cli, setup, portal, tmp_path):
    import zipfile

    from frictionless import Package

    assert upload_cli(run_cli, setup, "--apply").exit_code == 0
    descriptor = json.loads(setup["datapackage"].read_text(encoding="utf-8"))
    rid = upload.load_config(setup["config"]).resources[f"{descriptor['name']}.zip"]
    response = requests.get(f"{portal.url}/api/1/datasets/r/{rid}", timeout=10)  # the permalink redirects
    archive = tmp_path / "downloaded.zip"
    archive.write_bytes(response.content)
    with zipfile.ZipFile(archive) as opened:
        opened.extractall(tmp_path / "unzipped")
    unzipped = tmp_path / "unzipped" / descriptor["name"]
    assert sorted(p.name for p in unzipped.iterdir()) == sorted(p.name for p in setup["published"].iterdir())
    report = Package(str(unzipped / "datapackage.json")).validate()
    assert report.valid, report.flatten(["resourceName", "rowNumber", "message"])
    again = upload_cli(run_cli, setup).output.splitlines()[-1]
    assert again.startswith(f"upload: dry run on {portal.url}: 0 to send, ")  # the same files, the same zip


@pytest.mark.parametrize(
    ("coverage", "sent"),
    [
        ({"start": "2015", "end": "2017"}, {"start": "2015-01-01", "end": "2017-12-31"}),
        ({"start": "2016-07", "end": "2016-02"}, {"start": "2016-07-01", "end": "2016-02-29"}),
        ({"start": "2014-10-01", "end": "2016-06-30"}, {"start": "2014-10-01", "end": "2016-06-30"}),
    ],
    ids=["years", "months-leap-year", "days"],
)
def test_a_coverage_in_years_or_months_reaches_udata_as_whole_days(coverage, sent):
    from pipeline.upload import metadata

    assert metadata.full_dates(coverage) == sent
