"""One writer at a time: the kernel's lock, raced by many processes, and taken by every
command that writes."""

import subprocess
import sys
import time

import pytest

from conftest import REPO, holding
from pipeline import cli as cli_module

RACER = """
import os, sys, time
from pathlib import Path
from pipeline import lock
lock_path, inside, rounds = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
overlaps = 0
for _ in range(rounds):
    try:
        with lock.held(lock_path, wait=20):
            # a holder finds no other holder's mark, leaves its own, and takes it back
            try:
                fd = os.open(inside, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
            except FileExistsError:
                overlaps += 1
                continue
            os.close(fd)
            time.sleep(0.001)
            os.unlink(inside)
    except lock.Busy:
        pass
print(overlaps)
"""


def test_dozens_of_processes_never_hold_the_lock_together(tmp_path):
    lock_path, inside = tmp_path / "pipeline.lock", tmp_path / "inside"
    racers = [
        subprocess.Popen(
            [sys.executable, "-c", RACER, str(lock_path), str(inside), "15"],
            stdout=subprocess.PIPE,
            text=True,
            cwd=REPO,
        )
        for _ in range(32)
    ]
    deadline = time.monotonic() + 120
    outputs = []
    for racer in racers:
        out, _ = racer.communicate(timeout=max(1, deadline - time.monotonic()))
        outputs.append(out.strip())
    assert outputs == ["0"] * 32


@pytest.mark.parametrize("command", sorted(cli_module.WRITERS))
def test_every_command_that_writes_waits_for_the_lock_then_exits_4(command, tmp_path):
    lock_path = tmp_path / "pipeline.lock"
    other = holding(lock_path)
    try:
        started = time.monotonic()
        done = subprocess.run(
            [sys.executable, "-m", "pipeline", "--lock", str(lock_path), "--wait", "0.3", command],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            timeout=60,
        )
        waited = time.monotonic() - started
    finally:
        other.kill()
        other.wait()
    assert done.returncode == 4, done.stderr
    assert (
        done.stderr
        == f"Error: pipeline.lock: another command is writing (process {other.pid}); not starting after 0.3 s\n"
    )
    assert waited >= 0.3
