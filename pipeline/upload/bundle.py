"""The whole package as one zip, for the portal: the published folder, which is a package of
its own, under one folder named for the package. The same files give the same bytes (fixed
order, times and modes), so an unchanged package is never sent again."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

TITLE = "Le paquet complet (zip) / The whole package (zip)"
STAMP = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip can hold: no file time leaks in


def name(descriptor: dict) -> str:
    return f"{descriptor['name']}.zip"


def zipped(published_dir: Path, descriptor: dict) -> bytes:
    """The bytes of the zip: every file of `published_dir`, its own datapackage.json included."""
    folder = descriptor["name"]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(p for p in published_dir.iterdir() if p.is_file() and not p.name.startswith(".")):
            entry = zipfile.ZipInfo(f"{folder}/{path.name}", STAMP)
            entry.external_attr = 0o644 << 16
            entry.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(entry, path.read_bytes())
    return buffer.getvalue()
