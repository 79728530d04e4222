"""The data dictionary's examples run in a clean venv holding only what the dictionary tells a
reuser to install, on a copy of the published folder outside the repository."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from conftest import REPO
from pipeline import paths
from pipeline.documents import dictionary

UV = REPO / "build" / "uv" / "bin" / "uv"  # bootstrapped by the Makefile before any test
UV_CACHE = REPO / "build" / "uv-cache"  # where the Makefile's install left the lock's wheels


def closure(requested: list[str]) -> set[str]:
    """The distributions a plain install of `requested` brings, read from the metadata of the
    test environment (which holds exactly the lock), markers and extras evaluated."""
    wanted = [Requirement(line) for line in requested]
    found: set[str] = set()
    while wanted:
        requirement = wanted.pop()
        name = canonicalize_name(requirement.name)
        extras = requirement.extras or {""}
        if name in found and not requirement.extras:
            continue
        found.add(name)
        for line in metadata.requires(name) or []:
            needed = Requirement(line)
            if needed.marker is None or any(needed.marker.evaluate({"extra": extra}) for extra in extras):
                wanted.append(needed)
    return found


def lock_subset(names: set[str]) -> str:
    """The lock's entries (pin and hashes) for `names`, in the lock's own words."""
    blocks = re.split(r"\n(?=[A-Za-z0-9])", (REPO / "requirements.lock").read_text(encoding="utf-8"))
    return "\n".join(
        b for b in blocks if (m := re.match(r"([A-Za-z0-9_.-]+)==", b)) and canonicalize_name(m[1]) in names
    )


@pytest.fixture(scope="module")
def reuser_python(tmp_path_factory) -> Path:
    assert UV.is_file(), "build/uv is missing: run the tests with `make test`, which installs the lock"
    root = tmp_path_factory.mktemp("reuser")
    env = {**os.environ, "UV_CACHE_DIR": str(UV_CACHE), "UV_PYTHON_DOWNLOADS": "never"}
    subprocess.run([UV, "venv", "-q", "--seed", "--python", sys.executable, root / "venv"], check=True, env=env)
    python = root / "venv" / "bin" / "python"
    requirements = root / "requirements.txt"
    requirements.write_text(lock_subset(closure(shlex.split(dictionary.REUSER_INSTALL))) + "\n", encoding="utf-8")
    # The lock's own files, by hash, from the cache the Makefile's install filled; then pip's
    # check that the closure missed no dependency.
    for args in (["install", "-q", "--offline", "--no-deps", "--require-hashes", "-r", requirements], ["check", "-q"]):
        subprocess.run([UV, "pip", *args, "--python", python], check=True, capture_output=True, text=True, env=env)
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
