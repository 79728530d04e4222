"""A plain, non-editable install of the package runs the pipeline on a project folder."""

from __future__ import annotations

import os
import shutil
import subprocess
import sysconfig
import venv
from pathlib import Path

import pytest

from conftest import REPO


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A fresh venv holding a wheel-style install of this checkout (not editable). Its
    dependencies are the test environment's, reached through a .pth line, so nothing is
    downloaded; the package itself is only in the new venv."""
    root = tmp_path_factory.mktemp("install")
    source = root / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(REPO / name, source / name)
    shutil.copytree(REPO / "pipeline", source / "pipeline", ignore=shutil.ignore_patterns("__pycache__"))
    env_dir = root / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    purelib = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    Path(purelib, "test-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    # The build uses the locked setuptools of the test environment, ahead of the venv's own.
    subprocess.run(
        [python, "-m", "pip", "install", "-qq", "--no-deps", "--no-build-isolation", "--no-index", str(source)],
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": sysconfig.get_paths()["purelib"]},
    )
    return env_dir / "bin"


def project_folder(into: Path) -> Path:
    into.mkdir()
    shutil.copy(REPO / "sources.toml", into / "sources.toml")
    shutil.copytree(REPO / "data" / "raw", into / "data" / "raw")
    return into


def command(bin_dir: Path, *args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k != "ACTION_PLAN_DATA_PROJECT"}
    return subprocess.run(
        [bin_dir / "action-plan-data", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**clean, **env},
        timeout=300,
    )


def test_the_installed_package_is_not_the_checkout(installed):
    where = subprocess.run(
        [installed / "python", "-c", "import pipeline; print(pipeline.__file__)"],
        capture_output=True,
        text=True,
        check=True,
        cwd=installed,
    ).stdout
    assert where.startswith(str(installed.parent)) and "site-packages" in where


def test_run_publishes_into_the_working_directory(installed, tmp_path):
    project = project_folder(tmp_path / "project")
    done = command(installed, "run", cwd=project)
    assert done.returncode == 0, done.stderr
    assert "publish: wrote data/published and datapackage.json" in done.stdout
    assert (project / "datapackage.json").is_file()
    assert (project / "data" / "published" / "commitments.csv").read_bytes() == (
        REPO / "data" / "published" / "commitments.csv"
    ).read_bytes()


def test_run_publishes_into_the_folder_named_by_the_environment(installed, tmp_path):
    project = project_folder(tmp_path / "project")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    done = command(installed, "run", cwd=elsewhere, ACTION_PLAN_DATA_PROJECT=str(project))
    assert done.returncode == 0, done.stderr
    assert (project / "datapackage.json").is_file()
    assert not any(elsewhere.iterdir())


def test_help_shows_project_paths_not_the_install(installed, tmp_path):
    shown = command(installed, "run", "--help", cwd=tmp_path).stdout
    assert "site-packages" not in shown
    assert "data/published" in shown


def test_a_folder_without_sources_is_one_line_error(installed, tmp_path):
    done = command(installed, "run", cwd=tmp_path)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert "sources.toml" in done.stderr
