"""The data dictionary's examples run in a clean venv holding only what the dictionary tells a
reuser to install, on a copy of the published folder outside the repository."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import venv
from pathlib import Path

import pytest

from conftest import REPO
from pipeline import paths
from pipeline.publish import dictionary

WHEELS = REPO / "build" / "wheels"  # the lock's wheels, downloaded by the Makefile before any test


@pytest.fixture(scope="module")
def reuser_python(tmp_path_factory) -> Path:
    assert WHEELS.is_dir(), "build/wheels is missing: run the tests with `make test`, which downloads the lock"
    env_dir = tmp_path_factory.mktemp("reuser") / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run(
        [
            python,
            "-m",
            "pip",
            "install",
            "-qq",
            "--no-index",
            "--find-links",
            str(WHEELS),
            *shlex.split(dictionary.REUSER_INSTALL),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    return python


def examples() -> list[tuple[str, str]]:
    text = (REPO / paths.PUBLISHED_DIR / "README.md").read_text(encoding="utf-8")
    return re.findall(r"### (\w+)\n\n```python\n(.*?)```", text, flags=re.S)


def test_the_dictionary_names_the_install(tmp_path):
    text = (REPO / paths.PUBLISHED_DIR / "README.md").read_text(encoding="utf-8")
    assert f"`pip install {dictionary.REUSER_INSTALL}`" in text


def test_the_reuser_venv_holds_only_the_named_install(reuser_python):
    listed = subprocess.run(
        [reuser_python, "-m", "pip", "list", "--format=freeze"], capture_output=True, text=True, check=True
    ).stdout
    names = {line.split("==")[0].lower() for line in listed.splitlines()}
    assert "action-plan-data" not in names and "openpyxl" not in names and "pytest" not in names
    assert {"pandas", "duckdb", "frictionless"} <= names


@pytest.mark.parametrize("tool, code", examples(), ids=[tool for tool, _ in examples()])
def test_every_example_runs_in_the_reuser_venv_on_a_downloaded_copy(reuser_python, tool, code, tmp_path):
    copy = tmp_path / "downloaded"
    shutil.copytree(REPO / paths.PUBLISHED_DIR, copy)
    done = subprocess.run([reuser_python, "-c", code], cwd=copy, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip()
    if tool == "frictionless":
        assert done.stdout.splitlines()[0] == "True"
