"""Replacing a source's snapshot in data/raw, whole or not at all.

A file is written beside its snapshot, then renamed over it (one atomic step). A folder
takes two renames (the old one aside, the new one in); a run killed between them leaves the
old folder aside, and `recover` puts it back before anything reads data/raw again.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from pipeline import atomic


def replace_file(path: Path, data: bytes) -> None:
    atomic.write_bytes(path, data)


def replace_folder(path: Path, pages: dict[str, bytes]) -> None:
    fresh, old = atomic.partial_of(path), atomic.previous_of(path)
    shutil.rmtree(fresh, ignore_errors=True)
    for rel, data in pages.items():
        (fresh / rel).parent.mkdir(parents=True, exist_ok=True)
        (fresh / rel).write_bytes(data)
    shutil.rmtree(old, ignore_errors=True)
    if path.exists():
        os.rename(path, old)
    os.rename(fresh, path)
    shutil.rmtree(old, ignore_errors=True)


def recover(found) -> list[str]:
    """Put back the snapshot folders a killed run left aside; returns the sources restored."""
    restored = []
    for source in found:
        if source.is_remote and not source.path.exists() and atomic.previous_of(source.path).is_dir():
            os.rename(atomic.previous_of(source.path), source.path)
            restored.append(source.name)
    return restored
