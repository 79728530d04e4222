"""What people wait for, measured from fresh clones of the committed tree (make bench, unless
BENCH_WAITS=0): a newcomer's set-up, `make install` (uv installing the hashed lock) beside pip
installing the same lock into a new venv, both with no cache; and a contributor's `make test`
(every core) beside the same suite on one core, and beside the `make test` of the tree the
issue measured. Both reach the package registry."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def wall(args: list[str], cwd: Path, env: dict | None = None) -> float:
    start = time.perf_counter()
    done = subprocess.run(args, cwd=cwd, env={**os.environ, **(env or {})}, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"bench: {' '.join(args)} failed: {(done.stdout + done.stderr)[-800:]}")
    return time.perf_counter() - start


# The tree the performance issue measured: 487 tests, whose make test (one core, no xdist then)
# took 5 min 14 s. Its make test, on a fresh clone beside this tree's, is the issue's "today".
ISSUE_TREE = "6c55ac9"


def fresh_clone(work: Path, name: str, commit: str | None = None) -> Path:
    clone = work / name
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
    if commit:
        subprocess.run(["git", "-C", str(clone), "checkout", "-q", commit], check=True)
    # the tests read ../shared beside the clone, as CI has it
    if not (work / "shared").exists() and (ROOT.parent / "shared").exists():
        (work / "shared").symlink_to(ROOT.parent / "shared")
    return clone


def setup(work: Path) -> tuple[float, float]:
    """(seconds of `make install` on a fresh clone, seconds of pip installing the same lock)."""
    clone = fresh_clone(work, "setup")
    uv = wall(["make", "install"], clone, {"UV_NO_CACHE": "1"})
    wall(["python3", "-m", "venv", str(work / "pip-venv")], work)
    pip = wall(
        [
            str(work / "pip-venv" / "bin" / "pip"),
            "install",
            "-q",
            "--no-cache-dir",
            "--disable-pip-version-check",
            "--require-hashes",
            "--no-deps",
            "-r",
            str(clone / "requirements.lock"),
        ],
        work,
    )
    return uv, pip


def test_suite(work: Path) -> tuple[float, float, float]:
    """(seconds of `make test` on a fresh clone, of the same suite on one core, and of
    `make test` on a fresh clone of the tree the issue measured)."""
    clone = fresh_clone(work, "tests")
    wall(["make", "install"], clone)
    every_core = wall(["make", "test"], clone)
    # the same suite from the same start: make test's environment (Python keeps its bytecode),
    # and none of the bytecode make test left, so that neither run finds what the other compiled
    for cache in list(clone.rglob("__pycache__")):
        shutil.rmtree(cache)
    one_core = wall(
        [str(clone / ".venv" / "bin" / "python"), "-m", "pytest", "-q", "-p", "no:xdist"],
        clone,
        {"PYTHONDONTWRITEBYTECODE": ""},
    )
    then = fresh_clone(work, "tests-then", ISSUE_TREE)
    wall(["make", "install"], then)
    return every_core, one_core, wall(["make", "test"], then)
