"""Write beside, then rename: a reader sees the old file or folder or the new one, never half
of one. Every writer of the project names its copies the same way, beside the target:
`.<name>.partial` while it is written, `.<name>.previous` for an old folder set aside while a
new one takes its place (a folder takes two renames; see each writer's recovery)."""

from __future__ import annotations

import os
from pathlib import Path


def partial_of(path: Path) -> Path:
    return path.with_name(f".{path.name}.partial")


def previous_of(path: Path) -> Path:
    return path.with_name(f".{path.name}.previous")


def write_bytes(path: Path, data: bytes) -> None:
    """`path` holds `data`, or what it held before: never a part of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = partial_of(path)
    try:
        partial.write_bytes(data)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def write_text(path: Path, text: str) -> None:
    write_bytes(path, text.encode("utf-8"))
