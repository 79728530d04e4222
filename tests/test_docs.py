"""The README and the pages of docs/ tell the truth: the README is short, with the map near the
top, and links every page; every link, path, make target and command they name exists; the
quick start shows what `run` prints."""

import re
import shutil

import pytest

from conftest import REPO
from pipeline.cli import cli

PAGES = sorted((REPO / "docs").glob("*.md"))
TEXTS = [REPO / "README.md", *PAGES]


def read(path) -> str:
    return path.read_text(encoding="utf-8")


def test_the_readme_is_read_in_five_minutes_with_the_map_near_the_top():
    lines = read(REPO / "README.md").splitlines()
    assert len(lines) <= 150
    assert lines.index("## Architecture") < 80


def test_the_readme_links_every_page_of_docs():
    readme = read(REPO / "README.md")
    assert PAGES and all(f"](docs/{page.name})" in readme for page in PAGES)


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.relative_to(REPO).as_posix())
def test_every_relative_link_leads_to_a_file(path):
    for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", read(path)):
        if not re.match(r"[a-z]+:", target):
            assert (path.parent / target).exists(), f"{path.name}: {target}"


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.relative_to(REPO).as_posix())
def test_every_path_of_the_code_it_names_exists(path):
    for name in re.findall(r"`((?:pipeline|tests|bench|deploy|scripts)/[\w./-]*)`", read(path)):
        if "<" not in name and "*" not in name:
            assert (REPO / name).exists(), f"{path.name}: {name}"


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.relative_to(REPO).as_posix())
def test_every_make_target_and_command_it_names_exists(path):
    targets = set(re.findall(r"^([a-z-]+):", read(REPO / "Makefile"), flags=re.M))
    text = read(path)
    for target in re.findall(r"`make ([a-z-]+)", text):
        assert target in targets, f"{path.name}: make {target}"
    for command in re.findall(r"(?:`|\$ )action-plan-data ([a-z][a-z-]+)\b", text):
        assert command in cli.commands, f"{path.name}: {command}"


def test_the_quick_start_shows_what_run_prints(tmp_path, run_cli, monkeypatch):
    readme = read(REPO / "README.md")
    block = readme[readme.index("```console\n$ make publish") :]
    shown = [
        line
        for line in block[: block.index("\n```")].splitlines()
        if line.startswith(("extract:", "normalise:", "publish:"))
    ]
    for name in ("data", "sources.toml"):
        (shutil.copytree if name == "data" else shutil.copy)(REPO / name, tmp_path / name)
    shutil.copy(REPO / "datapackage.json", tmp_path / "datapackage.json")
    monkeypatch.chdir(tmp_path)
    result = run_cli("run")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == shown
