"""One writer at a time: an exclusive lock on a file, held by the kernel (flock).

Every command that writes data/raw, build/ or the publication holds it while it runs. The
kernel releases it when its process ends, however it ends (a kill, a crash, a reboot): there
is no stale lock to detect or take over, and no window in which two processes both believe
they hold it. The file itself stays (removing it would let a waiting process lock a file
that another has just replaced); it holds the last holder's process id, for the message.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from pathlib import Path

from pipeline.errors import PipelineError

POLL = 0.05  # seconds between two tries while waiting


class Busy(PipelineError):
    """Another command holds the lock."""


@contextlib.contextmanager
def held(path: Path, wait: float = 0.0):
    """Hold the lock at `path` for the block; wait up to `wait` seconds for it, else raise Busy."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_CREAT | os.O_RDWR, 0o644)
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    owner = os.pread(descriptor, 32, 0).decode("ascii", "replace").strip()
                    by = f" (process {owner})" if owner.isdigit() else ""
                    waited = f" after {wait:g} s" if wait else ""
                    raise Busy(f"{path.name}: another command is writing{by}; not starting{waited}") from None
                time.sleep(POLL)
        os.ftruncate(descriptor, 0)
        os.pwrite(descriptor, f"{os.getpid()}\n".encode("ascii"), 0)
        yield
    finally:
        os.close(descriptor)  # closing the file releases the lock
