"""Past versions: the publication about to be replaced, copied to archive/<version>/ beside
data/published, so that every version stays retrievable (a portal deletes a replaced file)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from pipeline import atomic


def keep(published_dir: Path, datapackage_path: Path, version: str) -> None:
    """Copy the publication about to be replaced to <archive>/<version>/, so past versions stay
    retrievable (a portal deletes a replaced file). Written whole, then renamed into place."""
    target = published_dir.parent / "archive" / version
    if target.exists():
        return
    partial = atomic.partial_of(target)
    shutil.rmtree(partial, ignore_errors=True)
    try:
        (partial / published_dir.name).mkdir(parents=True)
        for path in sorted(published_dir.iterdir()):  # a flat folder
            shutil.copy2(path, partial / published_dir.name / path.name)
        shutil.copy2(datapackage_path, partial / datapackage_path.name)
        os.rename(partial, target)
    except OSError as error:  # a full disk or a read-only archive: said, and nothing left behind
        raise OSError(error.errno, f"{error.strerror} while archiving version {version}", str(target)) from None
    finally:
        shutil.rmtree(partial, ignore_errors=True)
