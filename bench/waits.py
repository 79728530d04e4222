"""What people wait for, measured from fresh clones of the committed tree (make bench, unless
BENCH_WAITS=0): a newcomer's set-up, `make install` (uv installing the hashed lock) beside pip
installing the same lock into a new venv, both with no cache; and a contributor's `make test`
(every core) beside the same suite on one core. Both reach the package registry."""

from __future__ import annotations

import os
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


def fresh_clone(work: Path, name: str) -> Path:
    clone = work / name
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
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


def test_suite(work: Path) -> tuple[float, float]:
    """(seconds of `make test` on a fresh clone, seconds of the same suite on one core)."""
    clone = fresh_clone(work, "tests")
    wall(["make", "install"], clone)
    every_core = wall(["make", "test"], clone)
    one_core = wall([str(clone / ".venv" / "bin" / "python"), "-m", "pytest", "-q", "-p", "no:xdist"], clone)
    return every_core, one_core
