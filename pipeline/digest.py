"""A file's SHA-256, read in chunks: the published descriptor's hashes and the sources'
manifest both use it, and none is held in memory (reading whole files was a third of a
million-row publish's peak)."""

from __future__ import annotations

import hashlib
from pathlib import Path


def sha256(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()
