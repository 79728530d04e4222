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


def imports() -> dict[str, set[str]]:
    """{module: the modules of the package it imports}, read from the code."""
    import ast

    paths = {
        ".".join(path.relative_to(REPO).with_suffix("").parts).removesuffix(".__init__"): path
        for path in (REPO / "pipeline").rglob("*.py")
    }
    found = {}
    for module, path in paths.items():
        names = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("pipeline"):
                # `from pipeline.publish import versioning` reads the module versioning, not the folder's face
                for alias in node.names:
                    names.add(f"{node.module}.{alias.name}" if f"{node.module}.{alias.name}" in paths else node.module)
            elif isinstance(node, ast.Import):
                names |= {alias.name for alias in node.names if alias.name.startswith("pipeline")}
        found[module] = {name for name in names if name in paths and name != module}
    return found


def room(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 2 else "(root)"


def test_no_folder_holds_more_than_30_percent_of_the_code():
    sizes = {}
    for path in (REPO / "pipeline").rglob("*.py"):
        key = path.relative_to(REPO / "pipeline").parts[0] if path.parent != REPO / "pipeline" else "(root)"
        sizes[key] = sizes.get(key, 0) + len(path.read_text(encoding="utf-8").splitlines())
    total = sum(sizes.values())
    assert {key: f"{n / total:.0%}" for key, n in sizes.items() if n > 0.3 * total} == {}


def test_no_module_imports_itself_back_through_others():
    graph = imports()
    done, stack = set(), []

    def visit(module):
        if module in stack:
            raise AssertionError(" -> ".join(stack[stack.index(module) :] + [module]))
        if module in done:
            return
        stack.append(module)
        for target in graph[module]:
            visit(target)
        stack.pop()
        done.add(module)

    for module in graph:
        visit(module)


# Which rooms a room may read: the package's model and the documents read no stage; no stage
# reads a later one; fetch reads no extractor.
MAY_READ = {
    "package": {"(root)", "package"},
    "documents": {"(root)", "package", "documents"},
    "sources": {"(root)", "sources"},
    "extract": {"(root)", "extract", "sources"},
    "publish": {"(root)", "package", "documents", "publish"},
    "upload": {"(root)", "package", "documents", "upload"},
}


def test_every_room_reads_only_the_rooms_below_it():
    wrong = [
        (module, target)
        for module, targets in imports().items()
        for target in targets
        if room(module) in MAY_READ and room(target) not in MAY_READ[room(module)] and target != "pipeline"
    ]
    assert wrong == []
