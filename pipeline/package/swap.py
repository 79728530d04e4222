"""Replace the publication (a folder of resources and the descriptor beside it) all at once.

The new publication is written and validated in a draft folder first, its own
datapackage.json inside. On Linux the draft and published folders are exchanged in one step
(renameat2 with RENAME_EXCHANGE): a reader of the folder sees the whole old package or the
whole new one, never a missing or mixed one. Then the root descriptor, a copy of the folder's
own with paths from the root, is replaced. If a run dies between the two, every reader
(`heal`: publish, refresh, upload, validate) first rewrites the root descriptor from the
folder's. Where the exchange is missing (another system, or a file system that refuses it),
the swap is two renames through a backup, and `recover` restores whichever publication is
whole: the new one if its hashes match either descriptor, else the previous one.
"""

from __future__ import annotations

import ctypes
import errno
import json
import os
import shutil
from pathlib import Path

from pipeline import atomic, digest
from pipeline.package import descriptors


def backup_of(published_dir: Path) -> Path:
    return atomic.previous_of(published_dir)


def draft_of(datapackage_path: Path) -> Path:
    """The folder where the new publication is written and validated before the swap."""
    return atomic.partial_of(datapackage_path.with_suffix(""))


AT_FDCWD, RENAME_EXCHANGE = -100, 2  # linux/fcntl.h, linux/fs.h
# what renameat2 answers where the exchange cannot be done: the fallback is taken
UNSUPPORTED = {errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EXDEV}


def _at(instant: str) -> None:
    """A test hook: the crash tests pause here, at each instant of the swap, and kill the run."""


def exchange(first: Path, second: Path) -> bool:
    """Swap two folders in one step; False where the system cannot (the caller falls back)."""
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:
        return False
    done = renameat2(AT_FDCWD, os.fsencode(first), AT_FDCWD, os.fsencode(second), RENAME_EXCHANGE)
    if done == 0:
        return True
    code = ctypes.get_errno()
    if code in UNSUPPORTED:
        return False
    raise OSError(code, os.strerror(code), str(second))


def swap(draft_dir: Path, draft_descriptor: Path, published_dir: Path, datapackage_path: Path) -> None:
    published_dir.parent.mkdir(parents=True, exist_ok=True)
    if published_dir.exists() and exchange(draft_dir, published_dir):
        _at("exchanged")  # the folder is new, the root descriptor still the old one: heal rewrites it
        os.replace(draft_descriptor, datapackage_path)
        _at("described")
        shutil.rmtree(draft_dir, ignore_errors=True)  # the previous publication, now in the draft's place
        return
    backup = backup_of(published_dir)
    if published_dir.exists():
        os.rename(published_dir, backup)
        _at("set-aside")
    os.rename(draft_dir, published_dir)
    _at("renamed")
    os.replace(draft_descriptor, datapackage_path)
    shutil.rmtree(backup, ignore_errors=True)


def published_dir_of(datapackage_path: Path) -> Path | None:
    """The folder of the files a descriptor lists (its resources' common folder), if it lists any."""
    descriptor = descriptors.read_descriptor(datapackage_path) or {}
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
        return describe(published_dir, datapackage_path)
    whole = published_dir.exists() and (
        matches(published_dir, datapackage_path) or matches(published_dir, published_dir / "datapackage.json")
    )
    if whole:  # the new folder is in place: only the root descriptor may be left to write
        describe(published_dir, datapackage_path)
        shutil.rmtree(backup)
        return "completed an interrupted publication"
    if published_dir.exists():
        shutil.rmtree(published_dir)
    os.rename(backup, published_dir)
    return "restored the previous publication after an interrupted run"


def describe(published_dir: Path, datapackage_path: Path) -> str | None:
    """After an exchange the folder's own descriptor is whole; a root descriptor that does not
    match the folder is rewritten from it (it is the same with paths from the root)."""
    inner = descriptors.read_descriptor(published_dir / "datapackage.json")
    if inner is None:
        return None
    root = descriptors.relocated(inner, os.path.relpath(published_dir, datapackage_path.parent))
    # the usual case costs no file read: the root is the folder's descriptor, relocated
    if descriptors.read_descriptor(datapackage_path) == root or not matches(
        published_dir, published_dir / "datapackage.json"
    ):
        return None
    atomic.write_text(datapackage_path, json.dumps(root, indent=2, ensure_ascii=False) + "\n")
    return "completed an interrupted publication"


def matches(published_dir: Path, datapackage_path: Path) -> bool:
    """True when every file the descriptor lists is in `published_dir` with its hash."""
    descriptor = descriptors.read_descriptor(datapackage_path)
    if descriptor is None:
        return False
    for resource in descriptors.every_file(descriptor):
        if "hash" not in resource:
            continue
        path = published_dir / Path(resource["path"]).name
        if not path.is_file() or f"sha256:{digest.sha256(path)}" != resource.get("hash"):
            return False
    return True
