"""requirements.lock pins what pyproject.toml asks for, and every distribution the code imports."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from conftest import REPO


def pins() -> dict[str, str]:
    text = (REPO / "requirements.lock").read_text(encoding="utf-8")
    return {
        canonicalize_name(name): version for name, version in re.findall(r"^([A-Za-z0-9_.-]+)==(\S+) \\$", text, re.M)
    }


def test_every_pin_has_a_hash():
    hashes: dict[str, int] = {}
    current = None
    for line in (REPO / "requirements.lock").read_text(encoding="utf-8").splitlines():
        pin = re.match(r"([A-Za-z0-9_.-]+)==", line)
        if pin:
            current = pin.group(1)
            hashes[current] = 0
        elif current and line.strip().startswith("--hash=sha256:"):
            hashes[current] += 1
    assert len(hashes) == len(pins()) > 0
    assert [name for name, count in hashes.items() if count == 0] == []


def test_the_lock_satisfies_every_range_of_pyproject():
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    wanted = [
        *project["project"]["dependencies"],
        *project["project"]["optional-dependencies"]["test"],
        *project["build-system"]["requires"],
    ]
    locked = pins()
    for line in wanted:
        requirement = Requirement(line)
        name = canonicalize_name(requirement.name)
        assert name in locked, f"{name} is not in the lock"
        assert requirement.specifier.contains(locked[name], prereleases=True), f"{name}=={locked[name]} breaks {line}"


def imported_modules() -> set[str]:
    found = set()
    for folder in ("pipeline", "tests", "bench"):
        for path in (REPO / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    found |= {alias.name.split(".")[0] for alias in node.names}
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    found.add(node.module.split(".")[0])
    local = {"pipeline", "conftest", "scripted_server", "udata_server"} | {
        p.stem for p in (REPO / "bench").glob("*.py")
    }
    return found - set(sys.stdlib_module_names) - local


def test_every_imported_distribution_is_locked():
    providers = packages_distributions()
    locked = pins()
    for module in sorted(imported_modules()):
        assert module in providers, f"{module} is imported but no installed distribution provides it"
        assert any(canonicalize_name(dist) in locked for dist in providers[module]), f"{module}: not in the lock"
