"""refresh end to end, against real HTTP servers on 127.0.0.1."""

import datetime as dt
import json
import shutil

import pytest

from conftest import BASE_PLAN, IRM_FOR_BASE, OGP_LAYER_FOR_BASE, REPO, SELF_ASSESSMENT_FOR_BASE, holding
from pipeline import flows as refresh
from scripted_server import Reply

IRM = IRM_FOR_BASE.read_bytes()


@pytest.fixture
def project(tmp_path, serve, scripted):
    """A project whose plan and IRM export are URLs, served on 127.0.0.1."""
    scripted.script["/irm.csv"] = [Reply(200, IRM, {"ETag": '"a"'})]
    config = tmp_path / "sources.toml"
    config.write_text(
        f"""
[[source]]
name = "plan"
kind = "action-plan"
location = "{serve(BASE_PLAN)}"
snapshot = "data/raw/action-plan"

[[source]]
name = "irm"
kind = "irm-export"
location = "{scripted.url}/irm.csv"
snapshot = "data/raw/irm/export.csv"

[[source]]
name = "layer"
kind = "ogp-layer"
location = "{OGP_LAYER_FOR_BASE}"

[[source]]
name = "self"
kind = "self-assessment"
location = "{SELF_ASSESSMENT_FOR_BASE}"
""",
        encoding="utf-8",
    )
    return tmp_path


def refresh_cli(run_cli, root):
    return run_cli(
        "--lock",
        root / "build" / "pipeline.lock",
        "refresh",
        "--sources",
        root / "sources.toml",
        "--manifest",
        root / "data" / "raw" / "manifest.json",
        "--extracted-dir",
        root / "build" / "extracted",
        "--db",
        root / "build" / "pipeline.duckdb",
        "--published-dir",
        root / "data" / "published",
        "--datapackage",
        root / "datapackage.json",
    )


def published(root) -> dict:
    files = {p.name: p.read_bytes() for p in sorted((root / "data" / "published").iterdir())}
    return {**files, "datapackage.json": (root / "datapackage.json").read_bytes()}


def raw(root) -> dict:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted((root / "data" / "raw").rglob("*"))
        if p.is_file()
    }


def test_refresh_publishes_then_leaves_every_byte_when_nothing_changed(project, run_cli):
    first = refresh_cli(run_cli, project)
    assert first.exit_code == refresh.REPUBLISHED, first.output
    assert first.output.splitlines()[-1] == "refresh: republished version 1.0.0 (was None)"
    before_published, before_raw = published(project), raw(project)
    for _ in range(2):
        again = refresh_cli(run_cli, project)
        assert again.exit_code == refresh.UNCHANGED, again.output
        assert again.output.splitlines() == [
            "refresh: plan: unchanged (same 9 pages)",
            "refresh: irm: unchanged (same sha256)",
            "refresh: unchanged",
        ]
    assert published(project) == before_published
    assert raw(project) == before_raw


def test_refresh_of_a_changed_source_makes_a_version_a_changelog_entry_and_change_rows(project, run_cli, scripted):
    assert refresh_cli(run_cli, project).exit_code == refresh.REPUBLISHED
    scripted.script["/irm.csv"] = [Reply(200, IRM.replace(b"Complete,Major", b"Substantial,Major"), {"ETag": '"b"'})]
    result = refresh_cli(run_cli, project)
    assert result.exit_code == refresh.REPUBLISHED, result.output
    assert "refresh: irm: changed" in result.output
    assert result.output.splitlines()[0].startswith("refresh: plan: unchanged")
    assert result.output.splitlines()[-1] == "refresh: republished version 1.0.1 (was 1.0.0)"
    changes = (project / "data" / "published" / "changes.csv").read_text(encoding="utf-8").splitlines()
    today = dt.datetime.now(dt.UTC).date().isoformat()
    assert [line for line in changes if ",assessments," in line] == [
        f"1.0.1,1,{today},assessments,TS0001|irm-end-of-term|export.csv|2,changed,completion,complete,substantial"
    ]
    assert (
        (project / "data" / "published" / "CHANGELOG.md")
        .read_text(encoding="utf-8")
        .startswith("# Changelog\n\n## 1.0.1 (")
    )
    assert (project / "data" / "archive" / "1.0.0" / "datapackage.json").exists()


def test_refresh_that_fails_to_fetch_changes_nothing_and_exits_1(project, run_cli, scripted):
    assert refresh_cli(run_cli, project).exit_code == refresh.REPUBLISHED
    before_published, before_raw = published(project), raw(project)
    scripted.script["/irm.csv"] = [Reply(404, b"gone")]
    result = refresh_cli(run_cli, project)
    assert result.exit_code == refresh.FAILED
    assert result.output == f"Error: {scripted.url}/irm.csv: HTTP 404, not retried\n"
    assert published(project) == before_published and raw(project) == before_raw


def test_refresh_exits_4_at_once_while_another_command_writes(project, run_cli):
    other = holding(project / "build" / "pipeline.lock")
    try:
        result = refresh_cli(run_cli, project)
    finally:
        other.kill()
        other.wait()
    assert result.exit_code == refresh.BUSY
    assert result.output == f"Error: pipeline.lock: another command is writing (process {other.pid}); not starting\n"
    assert not (project / "data" / "published").exists()


def test_a_lock_held_by_a_killed_process_is_free_at_once(project, run_cli):
    other = holding(project / "build" / "pipeline.lock")
    other.kill()  # SIGKILL: no chance to clean up; the kernel releases the lock
    other.wait()
    result = refresh_cli(run_cli, project)
    assert result.exit_code == refresh.REPUBLISHED, result.output
    assert (project / "build" / "pipeline.lock").exists()  # the file stays; only the lock ended


def test_committed_configuration_fetches_the_plan_from_its_upstream_into_its_snapshot():
    text = (REPO / "sources.toml").read_text(encoding="utf-8")
    assert 'location = "https://raw.githubusercontent.com/etalab/plan-ogp-2015-2017/master/"' in text
    assert 'snapshot = "data/raw/action-plan"' in text


def test_committed_snapshot_refreshed_from_an_unchanged_upstream_is_unchanged(run_cli, serve, tmp_path):
    """The committed configuration, with its upstream served on 127.0.0.1 as the snapshot has it:
    the snapshot is whole (every page the extractor reads), so nothing changes or is republished."""
    project = tmp_path / "project"
    shutil.copytree(REPO / "data", project / "data", ignore=shutil.ignore_patterns("archive"))
    shutil.copy(REPO / "datapackage.json", project / "datapackage.json")
    upstream = serve(REPO / "data" / "raw" / "action-plan")
    config = (REPO / "sources.toml").read_text(encoding="utf-8")
    (project / "sources.toml").write_text(
        config.replace("https://raw.githubusercontent.com/etalab/plan-ogp-2015-2017/master/", upstream),
        encoding="utf-8",
    )
    before = published(project)
    result = refresh_cli(run_cli, project)
    assert (result.exit_code, result.output) == (
        refresh.UNCHANGED,
        "refresh: action-plan: unchanged (same 55 pages)\nrefresh: unchanged\n",
    )
    assert published(project) == before


def test_a_hand_edit_of_a_path_source_republishes_once(project, run_cli, tmp_path):
    """A source read where it is (not fetched) is looked at too: its bytes against the last publication's."""
    layer = tmp_path / "layer"
    shutil.copytree(OGP_LAYER_FOR_BASE, layer)
    config = project / "sources.toml"
    config.write_text(config.read_text(encoding="utf-8").replace(str(OGP_LAYER_FOR_BASE), str(layer)), encoding="utf-8")
    assert refresh_cli(run_cli, project).exit_code == refresh.REPUBLISHED
    titles = layer / "titles.csv"
    titles.write_text(titles.read_text(encoding="utf-8").replace("Open local budgets", "Open the local budgets"))
    edited = refresh_cli(run_cli, project)
    assert edited.exit_code == refresh.REPUBLISHED, edited.output
    assert "refresh: layer: changed since the last publication" in edited.output.splitlines()
    assert refresh_cli(run_cli, project).output.splitlines()[-1] == "refresh: unchanged"


def test_a_snapshot_deleted_while_its_etag_is_in_the_manifest_is_fetched_again(project, run_cli, scripted):
    assert refresh_cli(run_cli, project).exit_code == refresh.REPUBLISHED
    (project / "data" / "raw" / "irm" / "export.csv").unlink()
    scripted.script["/irm.csv"] = [Reply(200, IRM, {"ETag": '"a"'})]
    result = refresh_cli(run_cli, project)
    assert result.exit_code == refresh.UNCHANGED, result.output  # the same bytes came back: nothing to publish
    assert f"refresh: irm: changed ({len(IRM)} bytes)" in result.output.splitlines()
    assert (project / "data" / "raw" / "irm" / "export.csv").read_bytes() == IRM
    assert not scripted.requests[-1][1].get("If-None-Match")


def test_every_refresh_says_how_it_ended_in_a_file_a_scheduler_can_read(project, run_cli, scripted):
    outcome = project / "build" / "last-refresh.json"
    assert refresh_cli(run_cli, project).exit_code == refresh.REPUBLISHED
    said = json.loads(outcome.read_text(encoding="utf-8"))
    assert (said["exit_code"], said["version_before"], said["version_after"], said["error"]) == (3, None, "1.0.0", None)
    assert said["changed"] == ["plan", "irm", "layer", "self"]
    assert refresh_cli(run_cli, project).exit_code == refresh.UNCHANGED
    assert json.loads(outcome.read_text(encoding="utf-8"))["changed"] == []
    scripted.script["/irm.csv"] = [Reply(404, b"gone")]
    assert refresh_cli(run_cli, project).exit_code == refresh.FAILED
    said = json.loads(outcome.read_text(encoding="utf-8"))
    assert (said["exit_code"], said["error"]) == (1, f"{scripted.url}/irm.csv: HTTP 404, not retried")
