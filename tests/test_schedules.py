"""The schedules in deploy/: the cron wrapper run for real against a git repository and a
loopback source, and the workflow and systemd files read as their tools read them."""

import configparser
import os
import shutil
import subprocess
import sys

import pytest
import yaml

from conftest import BASE_PLAN, IRM_FOR_BASE, OGP_LAYER_FOR_BASE, REPO, SELF_ASSESSMENT_FOR_BASE
from scripted_server import Reply

IRM = IRM_FOR_BASE.read_bytes()


def git(repo, *args):
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True).stdout


@pytest.fixture
def repo(tmp_path, scripted):
    """A project under git whose IRM export is a URL on 127.0.0.1; its other sources are paths."""
    scripted.script["/irm.csv"] = [Reply(200, IRM, {"ETag": '"a"'})]
    root = tmp_path / "project"
    shutil.copytree(BASE_PLAN, root / "data" / "raw" / "action-plan")
    shutil.copytree(OGP_LAYER_FOR_BASE, root / "data" / "raw" / "ogp-layer")
    shutil.copy(SELF_ASSESSMENT_FOR_BASE, root / "data" / "raw" / "self.csv")
    shutil.copytree(REPO / "deploy", root / "deploy")
    (root / ".gitignore").write_text("build/\n", encoding="utf-8")
    (root / "sources.toml").write_text(
        f"""
[[source]]
name = "plan"
kind = "action-plan"
location = "data/raw/action-plan"

[[source]]
name = "layer"
kind = "ogp-layer"
location = "data/raw/ogp-layer"

[[source]]
name = "irm"
kind = "irm-export"
location = "{scripted.url}/irm.csv"
snapshot = "data/raw/irm/export.csv"

[[source]]
name = "self"
kind = "self-assessment"
location = "data/raw/self.csv"
""",
        encoding="utf-8",
    )
    git(root, "init", "-q")
    git(root, "config", "user.email", "test@example.org")
    git(root, "config", "user.name", "test")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "start")
    return root


def scheduled(repo):
    env = {k: v for k, v in os.environ.items() if k != "DATAGOUV_API_KEY"}
    env.update(
        ACTION_PLAN_DATA_PROJECT=str(repo),
        ACTION_PLAN_DATA_CLI=f"{sys.executable} -m pipeline",
        REFRESH_WAIT="5",
        PYTHONPATH=str(REPO),
    )
    return subprocess.run(
        ["bash", str(repo / "deploy" / "refresh.sh")], capture_output=True, text=True, env=env, timeout=300
    )


def test_the_cron_wrapper_commits_a_new_version_and_nothing_when_nothing_changed(repo, scripted):
    first = scheduled(repo)
    assert first.returncode == 0, first.stdout + first.stderr
    assert first.stdout.splitlines()[-1] == "refresh.sh: version 1.0.0 committed"
    assert git(repo, "log", "--format=%s") == "Refresh: version 1.0.0\nstart\n"
    assert git(repo, "status", "--porcelain") == ""  # the manifest, the snapshot, the package: all committed

    again = scheduled(repo)
    assert again.returncode == 0, again.stdout + again.stderr
    assert "refresh: unchanged" in again.stdout
    assert git(repo, "log", "--format=%s") == "Refresh: version 1.0.0\nstart\n"

    scripted.script["/irm.csv"] = [Reply(200, IRM.replace(b"Complete,Major", b"Substantial,Major"), {"ETag": '"b"'})]
    changed = scheduled(repo)
    assert changed.returncode == 0, changed.stdout + changed.stderr
    assert git(repo, "log", "--format=%s").splitlines()[0] == "Refresh: version 1.0.1"
    assert (repo / "data" / "archive" / "1.0.0" / "datapackage.json").is_file()
    assert git(repo, "status", "--porcelain") == ""


def test_the_cron_wrapper_passes_a_failure_on(repo, scripted):
    scripted.script["/irm.csv"] = [Reply(404, b"gone")]
    failed = scheduled(repo)
    assert failed.returncode == 1
    assert failed.stderr.splitlines()[-1] == f"Error: {scripted.url}/irm.csv: HTTP 404, not retried"
    assert git(repo, "log", "--format=%s") == "start\n"


def test_the_workflow_runs_the_wrapper_with_the_key_from_a_secret_and_pushes():
    workflow = yaml.safe_load((REPO / "deploy" / "github-refresh.yml").read_text(encoding="utf-8"))
    assert workflow[True]["schedule"] and "workflow_dispatch" in workflow[True]  # YAML 1.1 reads "on" as true
    assert workflow["permissions"] == {"contents": "write"}
    steps = workflow["jobs"]["refresh"]["steps"]
    [refresh] = [step for step in steps if step.get("run") == "bash deploy/refresh.sh"]
    assert refresh["env"] == {"DATAGOUV_API_KEY": "${{ secrets.DATAGOUV_API_KEY }}", "REFRESH_PUSH": "1"}
    assert steps.index(refresh) > next(i for i, step in enumerate(steps) if step.get("run") == "make install")
    assert any(step.get("if") == "always()" and "last-refresh.json" in step["run"] for step in steps)


def test_the_systemd_units_run_the_wrapper_daily():
    service, timer = configparser.ConfigParser(strict=False), configparser.ConfigParser(strict=False)
    service.read(REPO / "deploy" / "action-plan-data-refresh.service")
    timer.read(REPO / "deploy" / "action-plan-data-refresh.timer")
    assert service["Service"]["Type"] == "oneshot"
    assert service["Service"]["ExecStart"].endswith("/deploy/refresh.sh")
    assert timer["Timer"]["OnCalendar"] == "*-*-* 06:00:00" and timer["Install"]["WantedBy"] == "timers.target"
