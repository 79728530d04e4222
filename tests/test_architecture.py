"""The README's map of the tree is true: every file and folder it names exists, and every
folder of the package is on it."""

import re

from conftest import REPO


def mapped() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    block = re.search(r"## Architecture\n\n```\n(.*?)```", text, flags=re.S).group(1)
    names, parent = [], ""
    for line in block.splitlines():
        name = line.split()[0]
        if line.startswith("  "):
            names.append(parent + name)
        else:
            parent = name if name == "pipeline/" else ""
            names.append(name)
    return names


def test_every_file_and_folder_the_readme_maps_exists():
    for name in mapped():
        path = REPO / name
        assert path.is_dir() if name.endswith("/") else path.is_file(), name


def test_every_folder_of_the_package_is_on_the_map():
    folders = {
        f"pipeline/{path.name}/"
        for path in (REPO / "pipeline").iterdir()
        if path.is_dir() and path.name != "__pycache__"
    }
    assert folders <= set(mapped())


def test_no_module_is_over_300_lines_and_the_command_line_under_200():
    sizes = {
        path.relative_to(REPO).as_posix(): len(path.read_text(encoding="utf-8").splitlines())
        for path in (REPO / "pipeline").rglob("*.py")
    }
    assert {name: n for name, n in sizes.items() if n > 300} == {}
    assert sizes["pipeline/cli.py"] < 200
