"""One refresh at a time: a lock file holding the owner's process id.

A second refresh finds the file and its owner alive, and stops at once. A lock whose owner
is gone (a run killed by SIGKILL or a reboot) is stale: it is taken over, and said so.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from pipeline.errors import PipelineError


class Busy(PipelineError):
    """Another refresh holds the lock."""


@contextlib.contextmanager
def held(path: Path, notes: list[str] | None = None):
    path.parent.mkdir(parents=True, exist_ok=True)
    for _ in range(2):
        try:
            descriptor = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
            break
        except FileExistsError:
            owner = _owner(path)
            if owner is not None and _alive(owner):
                raise Busy(f"{path.name}: another refresh is running (process {owner}); not starting") from None
            path.unlink(missing_ok=True)
            if notes is not None:
                notes.append(f"took over a stale lock left by process {owner}")
    else:
        raise Busy(f"{path.name}: could not take the lock")
    with os.fdopen(descriptor, "w") as handle:
        handle.write(f"{os.getpid()}\n")
    try:
        yield
    finally:
        path.unlink(missing_ok=True)


def _owner(path: Path) -> int | None:
    try:
        text = path.read_text().strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
