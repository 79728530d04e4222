"""Replace the publication (a folder of resources and the descriptor beside it) all at once.

The new publication is written and validated in a draft folder first. The swap is two
renames and one replace; if a run dies between them, `recover` (called at the start of every
publish) finds the backup and restores whichever publication is whole: the new one if the
descriptor's hashes match the folder, else the previous one.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

from pipeline import atomic
from pipeline.publish import package


def backup_of(published_dir: Path) -> Path:
    return atomic.previous_of(published_dir)


def draft_of(datapackage_path: Path) -> Path:
    """The folder where the new publication is written and validated before the swap."""
    return atomic.partial_of(datapackage_path.with_suffix(""))


def swap(draft_dir: Path, draft_descriptor: Path, published_dir: Path, datapackage_path: Path) -> None:
    backup = backup_of(published_dir)
    if published_dir.exists():
        os.rename(published_dir, backup)
    published_dir.parent.mkdir(parents=True, exist_ok=True)
    os.rename(draft_dir, published_dir)
    os.replace(draft_descriptor, datapackage_path)
    shutil.rmtree(backup, ignore_errors=True)


def published_dir_of(datapackage_path: Path) -> Path | None:
    """The folder of the files a descriptor lists (its resources' common folder), if it lists any."""
    descriptor = package.read_descriptor(datapackage_path) or {}
    folders = {Path(r["path"]).parent for r in descriptor.get("resources", []) if "path" in r}
    return datapackage_path.parent / folders.pop() if len(folders) == 1 else None


def heal(datapackage_path: Path) -> str | None:
    """What every reader of a publication does first: finish or undo a swap a killed run left
    half-done, found beside the descriptor's folder (recover says which)."""
    published_dir = published_dir_of(datapackage_path)
    if published_dir is None:
        return None
    return recover(published_dir, datapackage_path)


def recover(published_dir: Path, datapackage_path: Path) -> str | None:
    """Finish or undo a swap that a killed run left half-done; says which, or None if none was."""
    backup = backup_of(published_dir)
    if not backup.exists():
        return None
    if published_dir.exists() and matches(published_dir, datapackage_path):
        shutil.rmtree(backup)
        return "completed an interrupted publication"
    if published_dir.exists():
        shutil.rmtree(published_dir)
    os.rename(backup, published_dir)
    return "restored the previous publication after an interrupted run"


def matches(published_dir: Path, datapackage_path: Path) -> bool:
    """True when every file the descriptor lists is in `published_dir` with its hash."""
    descriptor = package.read_descriptor(datapackage_path)
    if descriptor is None:
        return False
    for resource in package.every_file(descriptor):
        if "hash" not in resource:
            continue
        path = published_dir / Path(resource["path"]).name
        if not path.is_file() or f"sha256:{sha256(path)}" != resource.get("hash"):
            return False
    return True


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
